import type { Kysely, Selectable } from 'kysely';
import type { RatingKind } from '../../schemas/rating.ts';
import { WidgetConfigSchema } from '../../schemas/project.ts';
import type { AdminToken, FeedbackRecord, Project, Store, TokenScope } from '../store.ts';
import type { AdminTokensTable, Database, FeedbackTable, ProjectsTable } from './tables.ts';

/** Inserts one row unless its (project, id) exists; true if inserted. Resolves once durable. */
export type FeedbackRowWriter = (row: FeedbackTable) => Promise<boolean>;

export interface KyselyStoreOptions {
  /**
   * The ingest hot path, supplied per backend because the fastest durable batched insert is
   * driver-specific (SQLite: sqlite/feedback-writer.ts).
   */
  insertFeedbackRow: FeedbackRowWriter;
}

/** The Store on any Kysely dialect whose SQL matches ../migrations (SQLite today). */
export function createKyselyStore(db: Kysely<Database>, { insertFeedbackRow }: KyselyStoreOptions): Store {
  return {
    async createProject(project, now) {
      await db
        .insertInto('projects')
        .values({
          id: project.id,
          key: project.key,
          name: project.name,
          allowed_origins: JSON.stringify(project.allowedOrigins),
          widget_config: JSON.stringify(project.widgetConfig),
          enabled: project.enabled ? 1 : 0,
          created_at: now,
        })
        .execute();
      return { ...project, createdAt: now };
    },

    async getProjectByKey(key) {
      const row = await db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toProject(row) : null;
    },

    async listProjects() {
      const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').orderBy('key').execute();
      return rows.map(toProject);
    },

    async setWidgetConfig(key, config) {
      const result = await db.updateTable('projects').set({ widget_config: JSON.stringify(config) }).where('key', '=', key).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setProjectEnabled(key, enabled) {
      const result = await db.updateTable('projects').set({ enabled: enabled ? 1 : 0 }).where('key', '=', key).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async insertFeedback(record) {
      return { inserted: await insertFeedbackRow(toFeedbackRow(record)) };
    },

    async listFeedback(projectId, { limit, after }) {
      let query = db.selectFrom('feedback').selectAll().where('project_id', '=', projectId);
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(toFeedbackRecord);
      const last = items[items.length - 1];
      return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },

    async createAdminToken(token) {
      await db
        .insertInto('admin_tokens')
        .values({
          id: token.id,
          secret_hash: token.secretHash,
          scope: token.scope,
          label: token.label,
          created_at: token.createdAt,
          revoked_at: token.revokedAt,
        })
        .execute();
    },

    async getAdminToken(id) {
      const row = await db.selectFrom('admin_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAdminToken(row) : null;
    },

    async countAdminTokens() {
      const row = await db
        .selectFrom('admin_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async revokeAdminToken(id, now) {
      const result = await db
        .updateTable('admin_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    close: () => db.destroy(),
  };
}

function toProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    // Parsed so that defaults added in later releases reach projects stored before them.
    widgetConfig: WidgetConfigSchema.parse(JSON.parse(row.widget_config)),
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
  };
}

function toFeedbackRow(record: FeedbackRecord): FeedbackTable {
  return {
    project_id: record.projectId,
    id: record.id,
    created_at: record.createdAt,
    rating_kind: record.rating?.kind ?? null,
    rating_value: record.rating?.value ?? null,
    comment: record.comment,
    category: record.category,
    email: record.email,
    page_url: record.page.url,
    page_referrer: record.page.referrer,
    page_title: record.page.title,
    locale: record.context.locale,
    viewport_width: record.context.viewport.width,
    viewport_height: record.context.viewport.height,
    user_agent: record.context.userAgent,
    metadata: record.metadata ? JSON.stringify(record.metadata) : null,
  };
}

function toFeedbackRecord(row: Selectable<FeedbackTable>): FeedbackRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    createdAt: Number(row.created_at),
    rating:
      row.rating_kind !== null && row.rating_value !== null
        ? { kind: row.rating_kind as RatingKind, value: row.rating_value }
        : null,
    comment: row.comment,
    category: row.category,
    email: row.email,
    page: { url: row.page_url, referrer: row.page_referrer, title: row.page_title },
    context: {
      locale: row.locale,
      viewport: { width: row.viewport_width, height: row.viewport_height },
      userAgent: row.user_agent,
    },
    metadata: row.metadata ? (JSON.parse(row.metadata) as FeedbackRecord['metadata']) : null,
  };
}

function toAdminToken(row: Selectable<AdminTokensTable>): AdminToken {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    scope: row.scope as TokenScope,
    label: row.label,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

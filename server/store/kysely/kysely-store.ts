import {
  PostgresAdapter,
  sql,
  type CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import { createKyselyForwardingStore } from './forwarding-store.ts';
import { globMatches } from '../../../contract/glob.ts';
import { pageGlobPrefilter } from './page-glob.ts';
import type { RatingKind } from '../../../contract/rating-kinds.ts';
import { DEFAULT_ANTI_SPAM, DEFAULT_DIGEST_SCHEDULE, DigestScheduleSchema, WidgetConfigSchema } from '../../schemas/project.ts';
import type { FeedbackStatus } from '../../schemas/feedback-item.ts';
import type { AdminToken, FeedbackFilter, FeedbackRecord, NewFeedback, OperationsStore, Project, Store, TokenScope } from '../store.ts';
import {
  FEEDBACK_COLUMNS,
  type AdminTokensTable,
  type Database,
  type FeedbackTable,
  type NewFeedbackRow,
  type ProjectsTable,
} from './tables.ts';

const DELETE_SLICE = 1000;
/** The most rows a listing reads at once while the page glob's matcher refuses rows. */
const MAX_READ_BATCH = 1000;

/** Inserts one row unless its (project, id) exists; true if inserted. Resolves once durable. */
export type FeedbackRowWriter = (row: NewFeedbackRow) => Promise<boolean>;

/** What differs between the databases the Kysely store runs on (SQLite, D1, Postgres). */
export interface KyselyBackend {
  /**
   * The ingest hot path, supplied per backend because the fastest durable batched insert is
   * driver-specific (SQLite: sqlite/feedback-writer.ts).
   */
  insertFeedbackRow: FeedbackRowWriter;
  /** Indexes up to `limit` items the search index has not reached; returns how many (0 where indexing is immediate). */
  indexComments: (limit: number) => number | Promise<number>;
  /** The listing's condition for "the comment and follow-up answer contain these words" (FTS5 or Postgres text search). */
  commentSearch: (text: string) => Expression<SqlBool>;
  /**
   * Runs the queries as one all-or-nothing unit; answers each one's count of changed rows. Per backend because D1 has no interactive
   * transactions (a `batch()` instead) and the SQLite writer must not interleave with one.
   */
  atomically: (queries: CompiledQuery[]) => Promise<number[]>;
  /** Row locks let concurrent claimers skip each other's rows (Postgres: FOR UPDATE SKIP LOCKED); SQLite writers are serial anyway. */
  lockClaimedRows: boolean;
  /**
   * Where the applied migrations are recorded: Heed's own runners (SQLite, Postgres) write
   * `schema_migrations.version`; on D1, `wrangler d1 migrations apply` writes `d1_migrations.name`.
   */
  migrationsTable?: 'schema_migrations' | 'd1_migrations';
  /** The database's size in bytes; by default asked of SQLite (page count × page size) or Postgres (pg_database_size). */
  databaseBytes?: () => Promise<number | null>;
  /**
   * Throws when the database is gone although the connection still answers: an open SQLite file
   * that was deleted or replaced keeps taking writes that no restart will see (readiness asks it first).
   */
  assertReachable?: () => void;
}

/** Feedback columns a read returns (not the generated ones the database keeps for rollups and search). */
const FEEDBACK_READ_COLUMNS = [...FEEDBACK_COLUMNS, 'status', 'tags'] as const;

/** Comments indexed per step: each step is one synchronous transaction, so a long backlog yields between steps. */
const INDEX_STEP = 2000;

/** The Store on any Kysely dialect whose schema matches ../migrations (SQLite, D1) or ../postgres/migrations. */
export function createKyselyStore(db: Kysely<Database>, backend: KyselyBackend): Store {
  const { insertFeedbackRow, indexComments, commentSearch, atomically } = backend;
  /** A search sees every comment and follow-up answer stored before it. */
  async function catchUpSearch(filter: FeedbackFilter): Promise<void> {
    if (filter.search === undefined) return;
    while ((await indexComments(INDEX_STEP)) === INDEX_STEP) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  return {
    ...createKyselyForwardingStore(db, { lockClaimedRows: backend.lockClaimedRows }),

    async indexComments(limit) {
      return indexComments(limit);
    },

    async createProject(project, now) {
      const antiSpam = project.antiSpam ?? DEFAULT_ANTI_SPAM;
      const digest = project.digest ?? DEFAULT_DIGEST_SCHEDULE;
      await db
        .insertInto('projects')
        .values({
          id: project.id,
          key: project.key,
          name: project.name,
          allowed_origins: JSON.stringify(project.allowedOrigins),
          widget_config: JSON.stringify(project.widgetConfig),
          enabled: project.enabled ? 1 : 0,
          retention_days: project.retentionDays ?? null,
          min_submit_seconds: antiSpam.minSeconds,
          turnstile: antiSpam.turnstile ? 1 : 0,
          digest: JSON.stringify(digest),
          created_at: now,
        })
        .execute();
      return { ...project, retentionDays: project.retentionDays ?? null, antiSpam, digest, createdAt: now };
    },

    async getProjectByKey(key, now = Date.now()) {
      const row =
        (await db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst()) ??
        (await db
          .selectFrom('project_keys')
          .innerJoin('projects', 'projects.id', 'project_keys.project_id')
          .selectAll('projects')
          .where('project_keys.key', '=', key)
          .where('project_keys.valid_until', '>', now)
          .executeTakeFirst());
      return row ? toProject(row) : null;
    },

    async serverKey(name) {
      const row = await db.selectFrom('server_keys').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
      return new Uint8Array(row.secret);
    },

    async getProject(id) {
      const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toProject(row) : null;
    },

    async listProjects() {
      const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').orderBy('key').execute();
      return rows.map(toProject);
    },

    async updateProject(key, changes) {
      const set = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.allowedOrigins ? { allowed_origins: JSON.stringify(changes.allowedOrigins) } : {}),
        ...(changes.widgetConfig ? { widget_config: JSON.stringify(changes.widgetConfig) } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
        ...(changes.retentionDays !== undefined ? { retention_days: changes.retentionDays } : {}),
        ...(changes.antiSpam ? { min_submit_seconds: changes.antiSpam.minSeconds, turnstile: changes.antiSpam.turnstile ? 1 : 0 } : {}),
        ...(changes.digest ? { digest: JSON.stringify(changes.digest) } : {}),
      };
      if (Object.keys(set).length > 0) await db.updateTable('projects').set(set).where('key', '=', key).execute();
      const row = await db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toProject(row) : null;
    },

    async rotateProjectKey(key, newKey, oldKeyValidUntil) {
      // Two statements that hold together (the old key kept, the new one set) or not at all.
      await atomically([
        db
          .insertInto('project_keys')
          .columns(['key', 'project_id', 'valid_until'])
          .expression((eb) =>
            eb
              .selectFrom('projects')
              .select((p) => ['key', 'id', p.val(oldKeyValidUntil).as('valid_until')])
              .where('key', '=', key),
          )
          .compile(),
        db.updateTable('projects').set({ key: newKey }).where('key', '=', key).compile(),
      ]);
      const row = await db.selectFrom('projects').selectAll().where('key', '=', newKey).executeTakeFirst();
      return row ? toProject(row) : null;
    },

    async insertFeedback(record) {
      return { inserted: await insertFeedbackRow(toFeedbackRow(record)) };
    },

    async listFeedback(projectId, { limit, after, order = 'newest', filter = {} }) {
      await catchUpSearch(filter);
      const direction = order === 'newest' ? 'desc' : 'asc';
      const beyond = order === 'newest' ? '<' : '>';
      const matches = (row: { page_url: string }) => filter.page === undefined || globMatches(filter.page, row.page_url);
      const rows = [];
      // SQL narrows the page glob and the matcher decides: read on past rows it refuses until the page is
      // full, in growing batches (a glob SQL cannot narrow may leave the matcher most of the project).
      for (let from = after, batch = limit + 1; ; batch = Math.min(batch * 2, MAX_READ_BATCH)) {
        let query = db
          .selectFrom('feedback')
          .select(FEEDBACK_READ_COLUMNS)
          .where('project_id', '=', projectId)
          .where((eb) => eb.and(filterConditions(eb, filter, commentSearch)));
        if (from) {
          const { createdAt, id } = from;
          query = query.where((eb) =>
            eb.or([eb('created_at', beyond, createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', beyond, id)])]),
          );
        }
        const read = await query.orderBy('created_at', direction).orderBy('id', direction).limit(batch).execute();
        rows.push(...read.filter(matches));
        const lastRead = read[read.length - 1];
        if (rows.length > limit || read.length < batch || !lastRead) break;
        from = { createdAt: Number(lastRead.created_at), id: lastRead.id };
      }
      const items = rows.slice(0, limit).map(toFeedbackRecord);
      const last = items[items.length - 1];
      return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },

    async getFeedback(projectId, id) {
      const row = await db
        .selectFrom('feedback')
        .select(FEEDBACK_READ_COLUMNS)
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toFeedbackRecord(row) : null;
    },

    async updateFeedback(projectId, id, changes) {
      const set = {
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.tags ? { tags: changes.tags.length ? JSON.stringify(changes.tags) : null } : {}),
      };
      if (Object.keys(set).length > 0) {
        await db.updateTable('feedback').set(set).where('project_id', '=', projectId).where('id', '=', id).execute();
      }
      return this.getFeedback(projectId, id);
    },

    // Deletes count the rows they return: D1's change counts include the rows its triggers changed.
    async deleteFeedback(projectId, id) {
      const rows = await db.deleteFrom('feedback').where('project_id', '=', projectId).where('id', '=', id).returning('id').execute();
      return rows.length > 0;
    },

    async deleteFeedbackWhere(projectId, filter) {
      await catchUpSearch(filter);
      let deleted = 0;
      // In slices: one huge delete would hold the write lock (and stall ingest) for seconds.
      for (;;) {
        const slice = db
          .selectFrom('feedback')
          .select('id')
          .where('project_id', '=', projectId)
          .where((eb) => eb.and(filterConditions(eb, filter, commentSearch)))
          .limit(DELETE_SLICE);
        const rows = await db.deleteFrom('feedback').where('project_id', '=', projectId).where('id', 'in', slice).returning('id').execute();
        deleted += rows.length;
        if (rows.length < DELETE_SLICE) return deleted;
      }
    },

    async dailyRatingCounts(projectId, fromDay, toDay) {
      const rows = await db
        .selectFrom('feedback_daily')
        .select(['day', 'rating_kind', 'rating_value', 'count', 'with_comment'])
        .where('project_id', '=', projectId)
        .where('day', '>=', fromDay)
        .where('day', '<', toDay)
        .execute();
      return rows.map((row) => ({
        day: Number(row.day),
        ratingKind: row.rating_kind ? (row.rating_kind as RatingKind) : null,
        ratingValue: row.rating_kind ? Number(row.rating_value) : null,
        count: Number(row.count),
        withComment: Number(row.with_comment),
      }));
    },

    async pageRanking(projectId, fromDay, toDay, { limit, minRated }) {
      const pages = db
        .selectFrom('feedback_daily_pages')
        .select((eb) => [
          'page',
          eb.fn.sum<number>('count').as('count'),
          eb.fn.sum<number>('rated').as('rated'),
          eb.fn.sum<number>('score_sum').as('score_sum'),
        ])
        .where('project_id', '=', projectId)
        .where('day', '>=', fromDay)
        .where('day', '<', toDay)
        .groupBy('page');
      const ranked = (direction: 'asc' | 'desc') =>
        pages
          .having((eb) => eb.fn.sum('rated'), '>=', minRated)
          .orderBy(sql`sum(score_sum) * 1.0 / sum(rated)`, direction)
          .orderBy('page')
          .limit(limit)
          .execute();
      const [mostFeedback, best, worst] = await Promise.all([
        pages
          .orderBy(sql`sum(count)`, 'desc')
          .orderBy('page')
          .limit(limit)
          .execute(),
        ranked('desc'),
        ranked('asc'),
      ]);
      const toPageStats = (row: { page: string; count: number; rated: number; score_sum: number }) => ({
        page: row.page,
        count: Number(row.count),
        rated: Number(row.rated),
        // Rounded: the rollup's running sums carry floating-point dust from deletes.
        averageScore: Number(row.rated) > 0 ? Math.round((Number(row.score_sum) / Number(row.rated)) * 1000) / 1000 : null,
      });
      return { mostFeedback: mostFeedback.map(toPageStats), best: best.map(toPageStats), worst: worst.map(toPageStats) };
    },

    async countRequest(key, windowStart) {
      const row = await db
        .insertInto('request_counts')
        .values({ key, window_start: windowStart, count: 1 })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet((eb) => ({
            count: sql<number>`case when request_counts.window_start = excluded.window_start then request_counts.count + 1 else 1 end`,
            window_start: eb.ref('excluded.window_start'),
          })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async forgetRequestCounts(before) {
      await db.deleteFrom('request_counts').where('window_start', '<', before).execute();
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

    async listAdminTokens() {
      const rows = await db.selectFrom('admin_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toAdminToken);
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

    ...createOperationsStore(db, backend),

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
    retentionDays: row.retention_days === null ? null : Number(row.retention_days),
    antiSpam: { minSeconds: Number(row.min_submit_seconds), turnstile: row.turnstile === 1 },
    digest: DigestScheduleSchema.parse(JSON.parse(row.digest)),
    createdAt: Number(row.created_at),
  };
}

/** The listing's filter as SQL conditions (none: every item). */
function filterConditions(
  eb: ExpressionBuilder<Database, 'feedback'>,
  filter: FeedbackFilter,
  commentSearch: KyselyBackend['commentSearch'],
) {
  const conditions = [];
  if (filter.from !== undefined) conditions.push(eb('created_at', '>=', filter.from));
  if (filter.to !== undefined) conditions.push(eb('created_at', '<', filter.to));
  if (filter.ratingKind) conditions.push(eb('rating_kind', '=', filter.ratingKind));
  if (filter.ratingMin !== undefined) conditions.push(eb('rating_value', '>=', filter.ratingMin));
  if (filter.ratingMax !== undefined) conditions.push(eb('rating_value', '<=', filter.ratingMax));
  if (filter.category !== undefined) conditions.push(eb('category', '=', filter.category));
  if (filter.email !== undefined) conditions.push(eb(eb.fn('lower', ['email']), '=', filter.email.toLowerCase()));
  // Only narrows: listFeedback lets globMatches decide.
  if (filter.page !== undefined) conditions.push(pageGlobPrefilter(filter.page));
  if (filter.hasComment !== undefined) conditions.push(eb('comment', filter.hasComment ? 'is not' : 'is', null));
  if (filter.hasEmail !== undefined) conditions.push(eb('email', filter.hasEmail ? 'is not' : 'is', null));
  if (filter.status) conditions.push(eb('status', '=', filter.status));
  // Tags are stored as a JSON array of quoted strings: an element matches as `"tag"` (portable SQL, no JSON functions).
  // The tag as its JSON string, quotes included, is in the array text; replace() rather than LIKE,
  // which D1 refuses past 50 bytes of pattern (a 40-character tag of underscores escapes to 84).
  if (filter.tag !== undefined) conditions.push(sql<boolean>`replace(tags, ${JSON.stringify(filter.tag)}, '') <> tags`);
  if (filter.search !== undefined) conditions.push(commentSearch(filter.search));
  return conditions;
}

function toFeedbackRow(record: NewFeedback): NewFeedbackRow {
  return {
    project_id: record.projectId,
    id: record.id,
    created_at: record.createdAt,
    rating_kind: record.rating?.kind ?? null,
    rating_value: record.rating?.value ?? null,
    comment: record.comment,
    follow_up_question: record.followUp?.question ?? null,
    follow_up_answer: record.followUp?.answer ?? null,
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

function toFeedbackRecord(row: Pick<Selectable<FeedbackTable>, (typeof FEEDBACK_READ_COLUMNS)[number]>): FeedbackRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    createdAt: Number(row.created_at),
    rating:
      row.rating_kind !== null && row.rating_value !== null
        ? { kind: row.rating_kind as RatingKind, value: Number(row.rating_value) }
        : null,
    comment: row.comment,
    followUp:
      row.follow_up_question !== null && row.follow_up_answer !== null
        ? { question: row.follow_up_question, answer: row.follow_up_answer }
        : null,
    category: row.category,
    email: row.email,
    page: { url: row.page_url, referrer: row.page_referrer, title: row.page_title },
    context: {
      locale: row.locale,
      viewport: { width: row.viewport_width, height: row.viewport_height },
      userAgent: row.user_agent,
    },
    metadata: row.metadata ? (JSON.parse(row.metadata) as FeedbackRecord['metadata']) : null,
    status: row.status as FeedbackStatus,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
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

/** Readiness and metrics queries; `outbox_due (status, next_attempt_at)` serves both outbox counts. */
function createOperationsStore(db: Kysely<Database>, backend: KyselyBackend): OperationsStore {
  const migrations =
    backend.migrationsTable === 'd1_migrations'
      ? sql<{ name: string }>`SELECT name FROM d1_migrations`
      : sql<{ name: string }>`SELECT version AS name FROM schema_migrations`;
  // Postgres (a server or PGlite) has its own size function; SQLite's table-valued pragmas need no privileges.
  const sizeQuery =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql<{ bytes: number | string }>`SELECT pg_database_size(current_database()) AS bytes`
      : sql<{ bytes: number | string }>`SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()`;
  const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
  return {
    async appliedMigrations() {
      backend.assertReachable?.();
      try {
        const { rows } = await migrations.execute(db);
        return rows.map((row) => row.name).sort();
      } catch (error) {
        // A database nothing has migrated yet answers, without the table: none applied.
        if (isMissingTable(error)) return [];
        throw error;
      }
    },
    async outboxFigures(now) {
      const [backlog, dead] = await Promise.all([
        count(
          db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'pending')
            .where('next_attempt_at', '<=', now)
            .executeTakeFirstOrThrow(),
        ),
        count(
          db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'dead')
            .executeTakeFirstOrThrow(),
        ),
      ]);
      return { backlog, dead };
    },
    async databaseBytes() {
      if (backend.databaseBytes) return backend.databaseBytes();
      const row = (await sizeQuery.execute(db)).rows[0];
      return row ? Number(row.bytes) : null;
    },
  };
}

/** SQLite's and D1's "no such table", Postgres's undefined_table (42P01). */
function isMissingTable(error: unknown): boolean {
  const { message = '', code } = (error ?? {}) as { message?: string; code?: string };
  return code === '42P01' || /no such table/i.test(message);
}

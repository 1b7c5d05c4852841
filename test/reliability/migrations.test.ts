import SqliteDatabase from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAdminToken } from '../../server/auth/tokens.ts';
import type { Destination, OutboxMessage } from '../../server/store/forwarding.ts';
import { DEFAULT_DIGEST_SCHEDULE, WidgetConfigSchema } from '../../server/schemas/project.ts';
import { postgresMigrationFiles } from '../../server/store/postgres/apply-migrations.ts';
import { openPostgresStore } from '../../server/store/postgres/open-postgres-store.ts';
import { createSqliteStore, openSqliteDatabase } from '../../server/store/sqlite/open-sqlite-store.ts';
import type { AdminToken, DailyRatingCount, FeedbackRecord, PageStats, Project, Store } from '../../server/store/store.ts';
import { killNodeServer, spawnNodeServer, startNodeServer, type RunningServer } from '../helpers/node-server.ts';
import { submitLikeTheWidget } from '../helpers/retrying-submit.ts';
import { describeOnPostgresServer } from '../helpers/postgres-stores.ts';
import { addProject, feedbackBody } from '../helpers/test-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MIGRATIONS_DIR = join(ROOT, 'server', 'store', 'migrations');
/** The files the runner applies, in its order (same filter as open-sqlite-store). */
const MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
  .sort();
/** There are no release tags: each earlier schema version stands for a release that stopped there. */
const EARLIER_VERSIONS = MIGRATIONS.slice(0, -1);

const DAY = 86_400_000;
const T0 = 1_750_000_000_000;
const TOKEN_ID = '0123456789abcdef';
const TOKEN_SECRET = 'Secret-of-an-older-release_'.padEnd(43, 'x');
const ADMIN_TOKEN = `heed_${TOKEN_ID}_${TOKEN_SECRET}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One file as open-sqlite-store's runner applies it: the file and its schema_migrations row in one IMMEDIATE transaction. */
function applyAsReleased(db: SqliteDatabase.Database, file: string, appliedAt: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  db.transaction(() => {
    db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(file, appliedAt);
  }).immediate();
}

function insertRow(db: SqliteDatabase.Database, table: string, row: Record<string, unknown>): void {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
}

/** The schema as SQLite keeps it (without rootpages), to compare an upgraded file with a new one. */
function schemaOf(db: SqliteDatabase.Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}

/** The schema a file has with exactly the first `count` migrations applied. */
function schemaAfter(count: number): unknown[] {
  const db = new SqliteDatabase(':memory:');
  for (const file of MIGRATIONS.slice(0, count)) applyAsReleased(db, file, 0);
  const schema = schemaOf(db);
  db.close();
  return schema;
}

/** Every row of every table (virtual ones by rowid, not FTS5's internal shadow tables), as sorted JSON per table. */
function dumpTables(db: SqliteDatabase.Database): Map<string, { columns: string[]; rows: string[] }> {
  const tables = db
    .prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; type: string }[];
  const dump = new Map<string, { columns: string[]; rows: string[] }>();
  for (const { name, type } of tables) {
    const columns = (db.prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden <> 1').pluck().all(name) as string[]).concat(
      type === 'virtual' ? ['rowid'] : [],
    );
    dump.set(name, { columns, rows: selectRows(db, name, columns) });
  }
  return dump;
}

function selectRows(db: SqliteDatabase.Database, table: string, columns: string[]): string[] {
  const rows = db
    .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
    .raw()
    .all() as unknown[][];
  return rows.map((row) => JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))).sort();
}

/** A fixed-seed generator, so a failure replays with the same data. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const COMMENTS = [
  'Crème brûlée page in Zürich shows the wrong price',
  '結帳流程很快，謝謝！',
  'الدفع كان سهلاً جداً',
  'Emoji 👍🏽🧑‍💻 and a flag 🏳️‍🌈',
  `It's "fine"; DROP TABLE feedback; --`,
  'Line one\nline two\twith a tab',
  'Combining e\u0301 and z̷̢͉a̸l̴g̵o',
  `Long: ${'lorem ipsum '.repeat(300)}`,
];
const SEARCHED = { words: 'creme zurich', comment: COMMENTS[0]! };

/** What the current Store must answer for the rows an older release wrote. */
interface Expected {
  projects: Project[];
  feedback: FeedbackRecord[];
  tokens: AdminToken[];
  destinations: Destination[];
  messages: OutboxMessage[];
  digests: { projectId: string; from: number; to: number }[];
  formTicketKey: string | null;
}

interface OldDatabase {
  version: string;
  path: string;
  expected: Expected;
}

/**
 * Builds one database per earlier schema version: migrations applied one by one as the runner does,
 * and after each, rows written with plain SQL valid for that schema (so the file at version k holds
 * rows of every release up to k). A copy is kept after each version.
 */
function buildOldDatabases(dir: string): OldDatabase[] {
  const rand = mulberry32(2025);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));
  const seedPath = join(dir, 'seed.db');
  const db = new SqliteDatabase(seedPath);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const expected: Expected = { projects: [], feedback: [], tokens: [], destinations: [], messages: [], digests: [], formTicketKey: null };
  const databases: OldDatabase[] = [];
  let serial = 0;

  for (const [index, version] of EARLIER_VERSIONS.entries()) {
    applyAsReleased(db, version, T0 - (EARLIER_VERSIONS.length - index) * 7 * DAY);
    // Whether this release's schema has the file's changes (a renamed file fails here rather than skip its rows).
    const has = (file: string) => {
      expect(MIGRATIONS).toContain(file);
      return MIGRATIONS.indexOf(file) <= index;
    };

    const addOldProject = (project: Project, rawConfig: unknown) => {
      insertRow(db, 'projects', {
        id: project.id,
        key: project.key,
        name: project.name,
        allowed_origins: JSON.stringify(project.allowedOrigins),
        widget_config: JSON.stringify(rawConfig),
        enabled: project.enabled ? 1 : 0,
        created_at: project.createdAt,
        ...(has('0003_admin.sql') ? { retention_days: project.retentionDays } : {}),
        ...(has('0006_anti_spam.sql')
          ? { min_submit_seconds: project.antiSpam.minSeconds, turnstile: project.antiSpam.turnstile ? 1 : 0 }
          : {}),
        ...(has('0008_digests.sql') ? { digest: JSON.stringify(project.digest) } : {}),
      });
      expected.projects.push(project);
    };
    const project = (key: string, name: string, rawConfig: Record<string, unknown>, extra: Partial<Project> = {}): Project => ({
      id: `prj_${key}`,
      key,
      name,
      allowedOrigins: ['https://shop.example', 'https://bücher.example'],
      widgetConfig: WidgetConfigSchema.parse(rawConfig),
      enabled: true,
      retentionDays: null,
      antiSpam: { minSeconds: 0, turnstile: false },
      digest: DEFAULT_DIGEST_SCHEDULE,
      createdAt: T0 - 200 * DAY + index,
      ...extra,
    });

    if (index === 0) {
      const shopConfig = { ratingKind: 'stars', texts: { title: 'Wie war’s? 🤔' } };
      addOldProject(project('pk_shop', 'Shop «Ünïcode»', shopConfig), shopConfig);
      addOldProject(project('pk_docs', 'Docs', { ratingKind: 'nps' }, { enabled: false }), { ratingKind: 'nps' });
      const tokens: AdminToken[] = [
        { id: TOKEN_ID, secretHash: '', scope: 'admin', label: 'first start', createdAt: T0 - 200 * DAY, revokedAt: null },
        {
          id: 'fedcba9876543210',
          secretHash: 'ab'.repeat(32),
          scope: 'read',
          label: 'CI 🤖',
          createdAt: T0 - 150 * DAY,
          revokedAt: T0 - 100 * DAY,
        },
      ];
      for (const token of tokens) {
        if (token.id === TOKEN_ID) token.secretHash = sha256HexSync(TOKEN_SECRET);
        insertRow(db, 'admin_tokens', {
          id: token.id,
          secret_hash: token.secretHash,
          scope: token.scope,
          label: token.label,
          created_at: token.createdAt,
          revoked_at: token.revokedAt,
        });
      }
      expected.tokens.push(...tokens);
    }
    if (version === '0003_admin.sql') {
      // A key rotation as that release did it: the old key stays valid for a while.
      db.prepare("UPDATE projects SET key = 'pk_shop_2' WHERE id = 'prj_pk_shop'").run();
      insertRow(db, 'project_keys', { key: 'pk_shop', project_id: 'prj_pk_shop', valid_until: T0 + 3650 * DAY });
      expected.projects.find((p) => p.id === 'prj_pk_shop')!.key = 'pk_shop_2';
      addOldProject(project('pk_kept', 'Kept', {}, { retentionDays: 3650 }), {});
    }
    if (version === '0006_anti_spam.sql') {
      addOldProject(project('pk_guarded', 'Guarded', { ratingKind: 'thumbs' }, { antiSpam: { minSeconds: 3, turnstile: true } }), {
        ratingKind: 'thumbs',
      });
    }
    if (version === '0007_forwarding.sql') {
      const destinations: Destination[] = [
        {
          id: 'dst_hook',
          projectId: 'prj_pk_shop',
          kind: 'webhook',
          name: 'CRM ✉️',
          target: 'https://hooks.example/heed',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          events: ['feedback.created', 'digest'],
          filter: {},
          enabled: true,
          disabledReason: null,
          createdAt: T0 - 60 * DAY,
        },
        {
          id: 'dst_slack',
          projectId: 'prj_pk_docs',
          kind: 'slack',
          name: 'Docs channel',
          target: 'https://hooks.slack.com/services/T/B/x',
          secret: null,
          events: ['feedback.created'],
          filter: { ratingAtMost: 6, hasComment: true },
          enabled: false,
          disabledReason: 'The receiver answered 410 Gone.',
          createdAt: T0 - 50 * DAY,
        },
      ];
      for (const d of destinations) {
        insertRow(db, 'destinations', {
          id: d.id,
          project_id: d.projectId,
          kind: d.kind,
          name: d.name,
          target: d.target,
          secret: d.secret,
          events: JSON.stringify(d.events),
          filter: JSON.stringify(d.filter),
          enabled: d.enabled ? 1 : 0,
          disabled_reason: d.disabledReason,
          created_at: d.createdAt,
        });
      }
      expected.destinations.push(...destinations);
      const message = (id: string, status: OutboxMessage['status'], extra: Partial<OutboxMessage>): OutboxMessage => ({
        id,
        destinationId: 'dst_hook',
        projectId: 'prj_pk_shop',
        event: 'feedback.created',
        feedbackId: expected.feedback.find((f) => f.projectId === 'prj_pk_shop')!.id,
        status,
        attempts: 1,
        nextAttemptAt: T0 - 10 * DAY,
        lastStatus: null,
        lastError: null,
        createdAt: T0 - 10 * DAY,
        deliveredAt: null,
        period: null,
        ...extra,
      });
      const messages = [
        message('msg_delivered', 'delivered', { lastStatus: 204, deliveredAt: T0 - 10 * DAY + 300 }),
        message('msg_dead', 'dead', { attempts: 8, lastStatus: 500, lastError: 'Réponse 500: « serveur indisponible » 🔥' }),
        message('msg_pending', 'pending', { attempts: 2, lastStatus: 503, lastError: 'timeout' }),
      ];
      for (const m of messages) {
        insertRow(db, 'outbox', {
          id: m.id,
          destination_id: m.destinationId,
          project_id: m.projectId,
          event: m.event,
          feedback_id: m.feedbackId,
          status: m.status,
          attempts: m.attempts,
          next_attempt_at: m.nextAttemptAt,
          last_status: m.lastStatus,
          last_error: m.lastError,
          created_at: m.createdAt,
          delivered_at: m.deliveredAt,
        });
      }
      expected.messages.push(...messages);
    }
    if (version === '0008_digests.sql') {
      const weekly = { frequency: 'weekly', hour: 7, weekday: 5, timeZone: 'Europe/Berlin' } as const;
      addOldProject(project('pk_weekly', 'Weekly', {}, { digest: weekly }), {});
      // Its trigger queues the digest message for dst_hook, as that release's scheduler did.
      const period = { projectId: 'prj_pk_shop', from: T0 - 2 * DAY, to: T0 - DAY };
      insertRow(db, 'digests', { project_id: period.projectId, period_from: period.from, period_to: period.to, created_at: period.to });
      expected.digests.push(period);
    }

    // Feedback of this release, over every project; fields the schema has not got yet stay at the defaults the Store answers.
    const projectIds = expected.projects.map((p) => p.id);
    db.transaction(() => {
      for (let i = 0; i < 60; i++) {
        const kind = pick(['stars', 'emoji', 'csat', 'nps', 'thumbs', null] as const);
        const tags = has('0003_admin.sql') ? pick([[], ['billing'], ['ux', 'déjà vu']]) : [];
        const item: FeedbackRecord = {
          id: `${Math.floor(rand() * 0xffffffff)
            .toString(16)
            .padStart(8, '0')}-old-${String(++serial).padStart(4, '0')}`,
          projectId: pick(projectIds),
          createdAt: T0 - between(0, 90 * DAY),
          rating:
            kind === null ? null : { kind, value: kind === 'nps' ? between(0, 10) : kind === 'thumbs' ? between(0, 1) : between(1, 5) },
          comment: rand() < 0.8 ? `${pick(COMMENTS)} (#${serial})` : null,
          // Columns of 0010, which no earlier release had.
          followUp: null,
          category: has('0002_feedback_category.sql') ? pick(['Bug', 'Idée ✨', null]) : null,
          email: pick([null, 'José.Pérez@example.com', 'ops+heed@example.org']),
          page: {
            url: `https://shop.example/${pick(['', 'checkout', 'pricing', 'docs/ünïcode'])}${rand() < 0.5 ? `?utm=${serial}` : ''}`,
            referrer: pick([null, 'https://search.example/?q=heed']),
            title: pick([null, 'Checkout – Shop', '価格']),
          },
          context: {
            locale: pick(['en-US', 'de-CH', 'ja-JP', 'ar-EG']),
            viewport: { width: between(320, 2560), height: between(480, 1440) },
            userAgent: pick([null, 'Mozilla/5.0 (X11; Linux x86_64)']),
          },
          metadata: pick([null, { plan: 'pro', seats: 12, beta: true, ключ: 'значение 🚀' }]),
          status: has('0003_admin.sql') ? pick(['new', 'read', 'resolved'] as const) : 'new',
          tags,
        };
        insertRow(db, 'feedback', {
          project_id: item.projectId,
          id: item.id,
          created_at: item.createdAt,
          rating_kind: item.rating?.kind ?? null,
          rating_value: item.rating?.value ?? null,
          comment: item.comment,
          email: item.email,
          page_url: item.page.url,
          page_referrer: item.page.referrer,
          page_title: item.page.title,
          locale: item.context.locale,
          viewport_width: item.context.viewport.width,
          viewport_height: item.context.viewport.height,
          user_agent: item.context.userAgent,
          metadata: item.metadata ? JSON.stringify(item.metadata) : null,
          ...(has('0002_feedback_category.sql') ? { category: item.category } : {}),
          // Untagged items of that release may hold NULL or [].
          ...(has('0003_admin.sql') ? { status: item.status, tags: tags.length > 0 || rand() < 0.5 ? JSON.stringify(tags) : null } : {}),
        });
        expected.feedback.push(item);
      }
    })();
    if (has('0005_comment_search.sql')) {
      // That release's indexer had caught up with part of the queue: some old comments are indexed, some still queued.
      db.transaction(() => {
        db.exec(
          'INSERT INTO comment_search_ids (project_id, feedback_id) SELECT project_id, feedback_id FROM comment_search_pending LIMIT 40',
        );
        db.exec(
          'DELETE FROM comment_search_pending WHERE (project_id, feedback_id) IN (SELECT project_id, feedback_id FROM comment_search_ids)',
        );
        db.exec(
          'INSERT INTO comment_search (rowid, comment) SELECT i.seq, f.comment FROM comment_search_ids i JOIN feedback f ON f.project_id = i.project_id AND f.id = i.feedback_id WHERE i.seq NOT IN (SELECT rowid FROM comment_search)',
        );
      })();
    }
    if (has('0006_anti_spam.sql')) {
      expected.formTicketKey = (db.prepare("SELECT secret FROM server_keys WHERE name = 'form_ticket'").pluck().get() as Buffer).toString(
        'hex',
      );
    }

    db.pragma('wal_checkpoint(TRUNCATE)');
    const path = join(dir, `${version}.db`);
    copyFileSync(seedPath, path);
    databases.push({ version, path, expected: structuredClone(expected) });
  }
  db.close();
  return databases;
}

/** As sha256Hex in server/auth/tokens.ts, synchronously: the seeding is plain synchronous SQL. */
const sha256HexSync = (text: string) => createHash('sha256').update(text).digest('hex');

/** The rollups' figures, from the items themselves. */
function dailyCountsOf(items: FeedbackRecord[]): DailyRatingCount[] {
  const counts = new Map<string, DailyRatingCount>();
  for (const item of items) {
    const day = Math.floor(item.createdAt / DAY);
    const key = `${day}|${item.rating?.kind}|${item.rating?.value}`;
    const row = counts.get(key) ?? {
      day,
      ratingKind: item.rating?.kind ?? null,
      ratingValue: item.rating?.value ?? null,
      count: 0,
      withComment: 0,
    };
    row.count += 1;
    row.withComment += item.comment === null ? 0 : 1;
    counts.set(key, row);
  }
  return sortedCounts([...counts.values()]);
}

const sortedCounts = (rows: DailyRatingCount[]) =>
  [...rows].sort((a, b) => a.day - b.day || `${a.ratingKind}${a.ratingValue}`.localeCompare(`${b.ratingKind}${b.ratingValue}`));

function pagesOf(items: FeedbackRecord[]): PageStats[] {
  const scaled = (r: FeedbackRecord['rating']) =>
    r === null ? null : r.kind === 'nps' ? r.value / 10 : r.kind === 'thumbs' ? r.value : (r.value - 1) / 4;
  const pages = new Map<string, { count: number; rated: number; sum: number }>();
  for (const item of items) {
    const page = item.page.url.split('?')[0]!;
    const stats = pages.get(page) ?? { count: 0, rated: 0, sum: 0 };
    const score = scaled(item.rating);
    pages.set(page, { count: stats.count + 1, rated: stats.rated + (score === null ? 0 : 1), sum: stats.sum + (score ?? 0) });
  }
  return [...pages]
    .map(([page, s]) => ({
      page,
      count: s.count,
      rated: s.rated,
      averageScore: s.rated > 0 ? Math.round((s.sum / s.rated) * 1000) / 1000 : null,
    }))
    .sort((a, b) => a.page.localeCompare(b.page));
}

async function allFeedback(store: Store, projectId: string): Promise<FeedbackRecord[]> {
  const items: FeedbackRecord[] = [];
  let after: { createdAt: number; id: string } | undefined;
  do {
    const page = await store.listFeedback(projectId, { limit: 100, order: 'oldest', ...(after ? { after } : {}) });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}

const byTimeAndId = (a: FeedbackRecord, b: FeedbackRecord) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('upgrading an SQLite database written by an earlier release', () => {
  let dir = '';
  let oldDatabases: OldDatabase[] = [];
  let freshSchema: unknown[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-upgrade-'));
    oldDatabases = buildOldDatabases(dir);
    const fresh = openSqliteDatabase(':memory:');
    freshSchema = schemaOf(fresh);
    fresh.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(EARLIER_VERSIONS)(
    'keeps every row of a database at %s, and searches, counts and forwards its old rows like new ones',
    async (version) => {
      const old = oldDatabases.find((d) => d.version === version)!;
      const { expected } = old;
      const path = join(dir, `upgrade-${version}.db`);
      copyFileSync(old.path, path);
      const before = new SqliteDatabase(path, { readonly: true });
      const oldTables = dumpTables(before);
      before.close();

      // The Node server's path: openSqliteStore is openSqliteDatabase (migrations) + createSqliteStore.
      const sqlite = openSqliteDatabase(path);
      const store = createSqliteStore(sqlite);
      try {
        expect(sqlite.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS);
        // Every row of every table that existed is there unchanged, no more, no less (schema_migrations gains the new versions).
        for (const [table, { columns, rows }] of oldTables) {
          const now = selectRows(sqlite, table, columns);
          expect(table === 'schema_migrations' ? now.slice(0, rows.length) : now, table).toEqual(rows);
        }
        expect(schemaOf(sqlite)).toEqual(freshSchema);

        // Through the Store, as the API and the dashboard read them.
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        expect((await store.listProjects()).sort(byId)).toEqual([...expected.projects].sort(byId));
        expect(expected.feedback.length).toBeGreaterThanOrEqual(60);
        for (const project of expected.projects) {
          expect(await allFeedback(store, project.id)).toEqual(
            expected.feedback.filter((f) => f.projectId === project.id).sort(byTimeAndId),
          );
        }
        expect(await store.listAdminTokens()).toEqual(expected.tokens);
        expect(await verifyAdminToken(store, ADMIN_TOKEN, 'admin')).not.toBeNull();
        if (expected.projects.some((p) => p.key === 'pk_shop_2'))
          expect((await store.getProjectByKey('pk_shop', T0))?.id).toBe('prj_pk_shop');
        if (expected.formTicketKey) expect(Buffer.from(await store.serverKey('form_ticket')).toString('hex')).toBe(expected.formTicketKey);
        for (const project of expected.projects) {
          expect(await store.listDestinations(project.id)).toEqual(expected.destinations.filter((d) => d.projectId === project.id));
        }
        for (const message of expected.messages) expect(await store.listMessages(message.destinationId, 1000)).toContainEqual(message);
        // Deliveries resume: a message still pending before the upgrade is due now.
        const pending = expected.messages.filter((m) => m.status === 'pending').map((m) => m.id);
        expect((await store.claimDueMessages(T0, 60_000, 100)).map((m) => m.id)).toEqual(expect.arrayContaining(pending));
        // A period sent before the upgrade is not sent again.
        for (const period of expected.digests) expect(await store.recordDigestPeriod(period.projectId, period, T0)).toBe(false);

        // Stats and search over the old rows.
        const shop = 'prj_pk_shop';
        const shopItems = () => expected.feedback.filter((f) => f.projectId === shop);
        const dailyCounts = async () => sortedCounts(await store.dailyRatingCounts(shop, 0, 100_000));
        expect(await dailyCounts()).toEqual(dailyCountsOf(shopItems()));
        const ranking = await store.pageRanking(shop, 0, 100_000, { limit: 100, minRated: 1 });
        const mostFeedback = [...ranking.mostFeedback].sort((a, b) => a.page.localeCompare(b.page));
        const pages = pagesOf(shopItems());
        expect(mostFeedback.map(({ averageScore: _, ...counts }) => counts)).toEqual(pages.map(({ averageScore: _, ...counts }) => counts));
        // Within rounding: the rollups sum the scores in another order.
        mostFeedback.forEach((page, i) => expect(page.averageScore ?? -1).toBeCloseTo(pages[i]!.averageScore ?? -1, 2));
        const searched = async () =>
          (await store.listFeedback(shop, { limit: 100, filter: { search: SEARCHED.words } })).items.map((i) => i.id).sort();
        const matching = () =>
          shopItems()
            .filter((f) => f.comment?.startsWith(SEARCHED.comment))
            .map((f) => f.id)
            .sort();
        expect(matching().length).toBeGreaterThan(1);
        expect(await searched()).toEqual(matching());

        // Triggers act on old rows as on new: a new item is counted, searchable and forwarded; deleting old ones (one
        // found by the search, one with messages in the outbox) removes them from the rollups, the search and the outbox.
        const fresh: FeedbackRecord = {
          ...shopItems()[0]!,
          id: 'after-upgrade',
          createdAt: T0,
          comment: `${SEARCHED.comment} after the upgrade`,
          status: 'new',
          tags: [],
        };
        expect(await store.insertFeedback(fresh)).toEqual({ inserted: true });
        const messagesAbout = (feedbackId: string) =>
          sqlite.prepare('SELECT count(*) FROM outbox WHERE feedback_id = ?').pluck().get(feedbackId) as number;
        expect(messagesAbout(fresh.id)).toBe(expected.destinations.some((d) => d.projectId === shop && d.enabled) ? 1 : 0);
        expected.feedback.push(fresh);
        // A follow-up answer (0010) on the upgraded file: kept, and searchable with no comment beside it.
        const answered: FeedbackRecord = {
          ...fresh,
          id: 'answered-after-upgrade',
          comment: null,
          followUp: { question: 'What went wrong?', answer: 'Die Überweisung wurde abgelehnt' },
        };
        expect(await store.insertFeedback(answered)).toEqual({ inserted: true });
        expected.feedback.push(answered);
        const found = async (words: string) =>
          (await store.listFeedback(shop, { limit: 100, filter: { search: words } })).items.map((i) => i.id);
        expect(await found('uberweisung ABGELEHNT')).toEqual([answered.id]);
        expect(await store.getFeedback(shop, answered.id)).toEqual(answered);
        const withMessages = expected.messages.map((m) => m.feedbackId!);
        expect(withMessages.every((id) => messagesAbout(id) > 0)).toBe(true);
        for (const id of new Set([matching()[0]!, ...withMessages])) {
          expect(await store.deleteFeedback(shop, id)).toBe(true);
          expected.feedback = expected.feedback.filter((f) => f.id !== id);
          expect(messagesAbout(id)).toBe(0);
        }
        expect(await dailyCounts()).toEqual(dailyCountsOf(shopItems()));
        expect(await searched()).toEqual(matching());
        expect(matching()).toContain(fresh.id);
        expect(await store.deleteFeedback(shop, answered.id)).toBe(true);
        expect(await found('abgelehnt')).toEqual([]);

        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      } finally {
        await store.close();
      }
    },
  );
});

const runningOrStarting = (server: RunningServer) =>
  server.child.exitCode === null && server.child.signalCode === null && !server.output.includes('listening');

/** Whether another connection holds SQLite's write lock, as the runner does for each migration (BEGIN IMMEDIATE). */
function writeLockHeld(probe: SqliteDatabase.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // Plain BUSY is another writer; BUSY_RECOVERY and the like are a connection opening, not a migration.
    if (code.startsWith('SQLITE_BUSY')) return code === 'SQLITE_BUSY';
    throw error;
  }
}

/** How many files schema_migrations records (null while the server's connection is recovering the WAL). */
function committedCount(probe: SqliteDatabase.Database): number | null {
  try {
    return probe.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return null;
    throw error;
  }
}

/**
 * What a killed server left, read from a copy of the file and its WAL (not the -shm, so the copy
 * recovers from the files alone), leaving the files the next start opens as the kill left them.
 */
function committedState(path: string, copy: string) {
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  const db = new SqliteDatabase(copy);
  try {
    return {
      versions: db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as string[],
      schema: schemaOf(db),
      feedbackRows: db.prepare('SELECT count(*) FROM feedback').pluck().get() as number,
      integrity: db.pragma('integrity_check', { simple: true }),
    };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}

/** The release before the rollup (0004) and search (0005) backfills: the migrations that read every row. */
const BIG_FROM = '0003_admin.sql';
const BIG_ROWS = 120_000;
const BIG_PROJECT = { id: 'prj_big', key: 'pk_big' };

/** Many rows of that release, in one transaction of one prepared statement. */
function buildBigOldDatabase(path: string): void {
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  MIGRATIONS.slice(0, MIGRATIONS.indexOf(BIG_FROM) + 1).forEach((file, i) => applyAsReleased(db, file, T0 - DAY + i));
  db.pragma('synchronous = OFF');
  insertRow(db, 'projects', {
    ...BIG_PROJECT,
    name: 'Big',
    allowed_origins: '["https://shop.example"]',
    widget_config: '{}',
    enabled: 1,
    created_at: T0 - 400 * DAY,
  });
  insertRow(db, 'admin_tokens', {
    id: TOKEN_ID,
    secret_hash: sha256HexSync(TOKEN_SECRET),
    scope: 'admin',
    label: null,
    created_at: T0 - 400 * DAY,
  });
  const insert =
    db.prepare(`INSERT INTO feedback (project_id, id, created_at, rating_kind, rating_value, comment, category, email, page_url,
    page_referrer, page_title, locale, viewport_width, viewport_height, user_agent, metadata, status, tags) VALUES (?, ?, ?, 'stars', ?, ?, ?, ?, ?, NULL, ?, 'de-CH', 1280, 800, NULL, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < BIG_ROWS; i++) {
      insert.run(
        BIG_PROJECT.id,
        `big-${String(i).padStart(6, '0')}`,
        T0 - 365 * DAY + i * 250_000,
        1 + (i % 5),
        i % 3 === 0 ? null : `${COMMENTS[i % 7]} (${i})`,
        i % 4 === 0 ? 'Bug' : null,
        i % 10 === 0 ? `kunde${i}@example.ch` : null,
        `https://shop.example/p/${i % 500}?ref=${i}`,
        'Produkt «Ü»',
        i % 2 === 0 ? '{"plan":"pro"}' : null,
        i % 6 === 0 ? 'resolved' : 'new',
        i % 8 === 0 ? '["billing"]' : null,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('an SQLite migration interrupted by SIGKILL', () => {
  let dir = '';
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'heed-migration-kill-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the last committed version whole, and the next start completes the migration, keeps every row and serves', async ({
    annotate,
  }) => {
    const original = join(dir, 'original.db');
    buildBigOldDatabase(original);
    const work = join(dir, 'heed.db');
    const copyOriginal = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(work + suffix, { force: true });
      copyFileSync(original, work);
    };
    copyOriginal();
    // How long the pending migrations take here, to spread the kills over them.
    const timing = join(dir, 'timing.db');
    copyFileSync(original, timing);
    const started = performance.now();
    openSqliteDatabase(timing).close();
    const migrationMs = performance.now() - started;

    // Each kill comes a random delay after the runner has committed `after` more files (0: once it holds the write
    // lock, so most likely inside 0004; 1: inside 0005 or between files), the delay spread over the migration's time.
    const plan = [
      { after: 0, upToMs: migrationMs },
      { after: 1, upToMs: migrationMs / 4 },
    ];
    const kills: { after: number; delayMs: number; inTransaction: boolean; committed: number; midMigration: boolean }[] = [];
    let resets = 0;
    while ((kills.filter((k) => k.midMigration).length < 2 || kills.length < plan.length) && kills.length < 5) {
      const { after, upToMs } = plan[kills.length % plan.length]!;
      const server = spawnNodeServer({ HEED_DB: work });
      try {
        const probe = new SqliteDatabase(work, { fileMustExist: true, timeout: 0 });
        const committedBefore = committedCount(probe)!;
        let migrating = false;
        while (!migrating && runningOrStarting(server)) {
          migrating = after === 0 ? writeLockHeld(probe) : (committedCount(probe) ?? 0) >= committedBefore + after;
          if (!migrating) await sleep(1);
        }
        const delayMs = Math.round(Math.random() * upToMs);
        await sleep(delayMs);
        const inTransaction = migrating && writeLockHeld(probe);
        // Closed before the kill: the last connection to close would checkpoint the WAL for the restart.
        probe.close();
        await killNodeServer(server);
        expect(server.child.signalCode, server.output).toBe('SIGKILL');

        const state = committedState(work, join(dir, 'state.db'));
        expect(state.integrity).toBe('ok');
        // Whole versions only: the schema is exactly that of the versions recorded, every row still there.
        expect(state.versions).toEqual(MIGRATIONS.slice(0, state.versions.length));
        expect(state.schema).toEqual(schemaAfter(state.versions.length));
        expect(state.feedbackRows).toBe(BIG_ROWS);
        const complete = state.versions.length === MIGRATIONS.length;
        kills.push({ after, delayMs, inTransaction, committed: state.versions.length, midMigration: migrating && !complete });
        // Killed after it had finished: nothing left to interrupt on this file, start again from the old one.
        if (complete) {
          copyOriginal();
          resets += 1;
        }
      } finally {
        await killNodeServer(server);
      }
    }
    const mid = kills.filter((k) => k.midMigration);
    await annotate(
      `${kills.length} kills, ${mid.length} mid-migration (${kills.filter((k) => k.inTransaction).length} inside a migration's transaction), ` +
        `${resets} after it had finished; migrations took ${Math.round(migrationMs)} ms in-process; ` +
        kills
          .map(
            (k) =>
              `${k.after} committed +${k.delayMs} ms → last ${MIGRATIONS[k.committed - 1]}${k.inTransaction ? ' (in a transaction)' : ''}`,
          )
          .join(', '),
    );
    expect(mid.length).toBeGreaterThan(0);

    // A normal start completes the migration and serves the old rows and new ones.
    const server = await startNodeServer({ HEED_DB: work });
    try {
      const headers = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      const list = await fetch(`${server.origin}/v1/projects/${BIG_PROJECT.key}/feedback?limit=2`, { headers });
      expect(list.status).toBe(200);
      const newest = ((await list.json()) as { items: { id: string; comment: string | null; category: string | null; status: string }[] })
        .items;
      const last = BIG_ROWS - 1;
      expect(newest[0]).toMatchObject({
        id: `big-${last}`,
        comment: `${COMMENTS[last % 7]} (${last})`,
        category: last % 4 === 0 ? 'Bug' : null,
        status: 'new',
      });
      const item = feedbackBody({ project: BIG_PROJECT.key });
      // As the widget sends it: a start on a busy machine may first answer 503 with Retry-After.
      expect((await submitLikeTheWidget(() => server.origin, item, Date.now() + 30_000)).status).toBe(201);
    } finally {
      await killNodeServer(server);
    }

    const db = new SqliteDatabase(work);
    try {
      db.prepare('ATTACH ? AS old').run(original);
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS);
      for (const table of ['feedback', 'projects', 'admin_tokens', 'schema_migrations']) {
        const columns = (db.pragma(`old.table_info(${table})`) as { name: string }[]).map((c) => c.name).join(', ');
        const lost = db
          .prepare(`SELECT count(*) FROM (SELECT ${columns} FROM old.${table} EXCEPT SELECT ${columns} FROM main.${table})`)
          .pluck()
          .get();
        expect(lost, table).toBe(0);
      }
      expect(db.prepare('SELECT count(*) FROM feedback').pluck().get()).toBe(BIG_ROWS + 1);
      // The rollup backfill counted every old row once, and the trigger the new one.
      expect(db.prepare('SELECT sum(count) FROM feedback_daily').pluck().get()).toBe(BIG_ROWS + 1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.exec('DETACH old');
      expect(schemaOf(db)).toEqual(schemaAfter(MIGRATIONS.length));
    } finally {
      db.close();
    }
  }, 120_000);
});

// What a kill can interrupt here is a new installation's first migration: every file in one
// transaction (0001_schema.sql and the ones after it).
describeOnPostgresServer('a PostgreSQL migration interrupted by SIGKILL', (url) => {
  it('leaves the schema empty or complete, and the next start completes it and serves', async ({ annotate }) => {
    const schema = `heed_test_${crypto.randomUUID().replaceAll('-', '')}`;
    // The server's connections carry this name, to watch them in pg_stat_activity.
    const appName = `heed-migrate-${schema.slice(-12)}`;
    const schemaUrl = new URL(url);
    schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
    const env = { DATABASE_URL: schemaUrl.href, PGAPPNAME: appName };
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const tables = async () =>
      Number((await admin.query('SELECT count(*) FROM information_schema.tables WHERE table_schema = $1', [schema])).rows[0].count);
    /** The statement the server's open transaction is running or has last run, if it has one open. */
    const serverTransaction = async (): Promise<string | null> => {
      const { rows } = await admin.query('SELECT query FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL', [
        appName,
      ]);
      const query = (rows as { query: string }[])[0]?.query;
      return query === undefined ? null : `"${query.replace(/\s+/g, ' ').slice(0, 40)}…"`;
    };
    const serverConnections = async () =>
      Number((await admin.query('SELECT count(*) FROM pg_stat_activity WHERE application_name = $1', [appName])).rows[0].count);
    await admin.query(`CREATE SCHEMA ${schema}`);
    let store: Store | undefined;
    let server: RunningServer | undefined;
    try {
      const kills: { delayMs: number; during: string | null; tables: number }[] = [];
      const midMigration = () => kills.filter((k) => k.during !== null && k.tables === 0);
      while (midMigration().length < 2 && kills.length < 5) {
        const starting = spawnNodeServer(env);
        try {
          // The migration is one transaction of a few tens of ms: kill at a random moment after it has begun.
          let migrating = false;
          while (!migrating && runningOrStarting(starting)) migrating = (await serverTransaction()) !== null;
          const delayMs = Math.round(Math.random() * 40);
          await sleep(delayMs);
          const during = migrating ? await serverTransaction() : null;
          await killNodeServer(starting);
          // Postgres rolls back once it sees the connection gone.
          while ((await serverConnections()) > 0) await sleep(5);
          kills.push({ delayMs, during, tables: await tables() });
          if (kills.at(-1)!.tables > 0) {
            await admin.query(`DROP SCHEMA ${schema} CASCADE`);
            await admin.query(`CREATE SCHEMA ${schema}`);
          }
        } finally {
          await killNodeServer(starting);
        }
      }

      const started = await startNodeServer(env);
      server = started;
      const complete = await tables();
      await annotate(
        `${kills.length} kills, ${midMigration().length} inside the migration's transaction; ` +
          kills.map((k) => `+${k.delayMs} ms${k.during ? ` during ${k.during}` : ''} → ${k.tables} of ${complete} tables`).join(', '),
      );
      expect(midMigration().length).toBeGreaterThan(0);
      // All or nothing: a kill never leaves part of the schema.
      for (const kill of kills) expect([0, complete]).toContain(kill.tables);
      expect((await admin.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).rows).toEqual(
        postgresMigrationFiles().map((version) => ({ version })),
      );

      store = await openPostgresStore(schemaUrl.href);
      const project = await addProject(store, { key: 'pk_pg' });
      const item = feedbackBody({ project: 'pk_pg' });
      // As the widget sends it: a start on a busy machine may first answer 503 with Retry-After.
      expect((await submitLikeTheWidget(() => started.origin, item, Date.now() + 30_000)).status).toBe(201);
      expect((await store.listFeedback(project.id, { limit: 5 })).items.map((i) => i.id)).toEqual([item.id]);
    } finally {
      await killNodeServer(server);
      await store?.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }, 120_000);
});

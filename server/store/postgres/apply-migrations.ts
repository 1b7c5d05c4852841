import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Held while migrating, so instances starting together apply each file once (any fixed number). */
const MIGRATION_LOCK = 7_226_353;

/** One connection inside a transaction: `exec` runs a file of several statements, `query` one with parameters. */
export interface MigrationSession {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<unknown>;
}

/**
 * Applies each migrations/NNNN_name.sql not yet recorded. The caller runs this in one
 * transaction: every file applies, or none does, and the advisory lock makes a second instance
 * wait and then find them applied.
 */
export async function applyPostgresMigrations(session: MigrationSession): Promise<string[]> {
  await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  await session.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
  const done = new Set(
    ((await session.query('SELECT version FROM schema_migrations')).rows as { version: string }[]).map((row) => row.version),
  );
  const applied: string[] = [];
  for (const file of postgresMigrationFiles()) {
    if (done.has(file)) continue;
    await session.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
    await session.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [file, Date.now()]);
    applied.push(file);
  }
  return applied;
}

/** Every migration file this version ships, in the order they apply. */
export function postgresMigrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort();
}

/**
 * The migrations applyPostgresMigrations would apply, without writing anything (a dry run): all of
 * them when the schema on the search path has no schema_migrations table yet.
 */
export async function pendingPostgresMigrations(session: Pick<MigrationSession, 'query'>): Promise<string[]> {
  const [table] = (await session.query("SELECT to_regclass('schema_migrations') AS name")).rows as { name: string | null }[];
  const done = new Set(
    table?.name
      ? ((await session.query('SELECT version FROM schema_migrations')).rows as { version: string }[]).map((row) => row.version)
      : [],
  );
  return postgresMigrationFiles().filter((file) => !done.has(file));
}

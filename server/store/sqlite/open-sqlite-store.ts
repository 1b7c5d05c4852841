import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore } from '../kysely/kysely-store.ts';
import type { Database } from '../kysely/tables.ts';
import type { Store } from '../store.ts';
import { createSqliteFeedbackWriter } from './feedback-writer.ts';
import { withStatementCache } from './statement-cache.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** The Store on an SQLite file (or `:memory:`). */
export function openSqliteStore(path: string): Store {
  const sqlite = openSqliteDatabase(path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return createKyselyStore(db, { insertFeedbackRow: createSqliteFeedbackWriter(sqlite) });
}

/**
 * Opens (creating if needed) an SQLite file and brings its schema up to date.
 * WAL with synchronous=FULL: a commit has reached the disk before a write resolves.
 */
export function openSqliteDatabase(path: string): SqliteDatabase.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  applyMigrations(sqlite);
  return sqlite;
}

/** Applies each migrations/NNNN_name.sql not yet recorded, each in its own transaction (all or nothing). */
export function applyMigrations(sqlite: SqliteDatabase.Database): string[] {
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    sqlite
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all() as string[],
  );
  const pending = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .filter((file) => !applied.has(file));
  for (const file of pending) {
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(sql);
      sqlite.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(file, Date.now());
    })();
  }
  return pending;
}

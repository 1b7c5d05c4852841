import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { fts5CommentSearch, fts5IndexStep } from '../kysely/fts5-search.ts';
import { createKyselyStore } from '../kysely/kysely-store.ts';
import type { Database } from '../kysely/tables.ts';
import type { Store } from '../store.ts';
import { createSqliteFeedbackWriter } from './feedback-writer.ts';
import { withStatementCache } from './statement-cache.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** The Store on an SQLite file (or `:memory:`). */
export function openSqliteStore(path: string): Store {
  return createSqliteStore(openSqliteDatabase(path));
}

/** The Store on an open, migrated SQLite database (see openSqliteDatabase). */
export function createSqliteStore(sqlite: SqliteDatabase.Database): Store {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // Synchronous, so it cannot interleave with the ingest writer's transaction on this connection.
  const runAll = sqlite.transaction((queries: readonly CompiledQuery[]) =>
    queries.map((query) => sqlite.prepare(query.sql).run(...(query.parameters as unknown[])).changes),
  );
  const atomically = async (queries: CompiledQuery[]) => runAll(queries);
  return createKyselyStore(db, {
    insertFeedbackRow: createSqliteFeedbackWriter(sqlite),
    indexComments: async (limit) => (await atomically(fts5IndexStep(db, limit)))[0] ?? 0,
    commentSearch: fts5CommentSearch,
    atomically,
    lockClaimedRows: false,
  });
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
  // Deleted rows are overwritten, not left in free pages: erasing a person's feedback erases it from the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  applyMigrations(sqlite);
  return sqlite;
}

/**
 * Applies each migrations/NNNN_name.sql not yet recorded, each in its own transaction (all or
 * nothing). IMMEDIATE takes the write lock before the check, so a server and a CLI starting
 * together cannot both apply the same file.
 */
export function applyMigrations(sqlite: SqliteDatabase.Database): string[] {
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const isApplied = sqlite.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = sqlite.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    sqlite
      .transaction(() => {
        if (isApplied.get(file)) return;
        sqlite.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
        record.run(file, Date.now());
        applied.push(file);
      })
      .immediate();
  }
  return applied;
}

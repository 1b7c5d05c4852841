import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
    ...(sqlite.memory ? {} : { assertReachable: sameFileCheck(sqlite.name) }),
  });
}

/** Throws once the file at `path` is no longer the one opened (removed, or another put in its place). */
function sameFileCheck(path: string): () => void {
  const opened = statSync(path);
  return () => {
    const now = statSync(path, { throwIfNoEntry: false });
    if (!now || now.ino !== opened.ino || now.dev !== opened.dev)
      throw new Error(`The database file ${path} was removed or replaced while open.`);
  };
}

/**
 * Opens (creating if needed) an SQLite file, readable by its owner only, and brings its schema up
 * to date. WAL with synchronous=FULL: a commit has reached the disk before a write resolves.
 * `warn` hears of files this had to make private.
 */
export function openSqliteDatabase(path: string, warn: (message: string) => void = console.warn): SqliteDatabase.Database {
  const sqlite = openSqliteConnection(path, warn);
  applyMigrations(sqlite);
  return sqlite;
}

/**
 * openSqliteDatabase without the migrations: for callers that report what they apply (the server's
 * start-up log, `heed migrate`) and call applyMigrations themselves.
 */
export function openSqliteConnection(path: string, warn: (message: string) => void = console.warn): SqliteDatabase.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    restrictToOwner(path, warn);
  }
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not left in free pages: erasing a person's feedback erases it from the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/**
 * Makes an SQLite database's files readable and writable by their owner only. The database
 * (created empty here if missing, which SQLite takes as a new database) is made 0600 before SQLite
 * opens it; SQLite creates its -wal, -shm and -journal files with the database file's mode. Files
 * left open to others (by an older version, or under a loose umask) are tightened, and `warn`
 * hears which, or which could not be (another user's file). Not on Windows, where modes do not
 * say who may read a file.
 */
export function restrictToOwner(path: string, warn: (message: string) => void = console.warn): void {
  if (process.platform === 'win32') return;
  closeSync(openSync(path, 'a', 0o600)); // creates it if missing; never truncates
  const why = 'the database holds signing secrets, destination URLs and email addresses';
  for (const file of ['', '-wal', '-shm', '-journal'].map((suffix) => path + suffix)) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat || (stat.mode & 0o077) === 0) continue;
    try {
      chmodSync(file, 0o600);
      warn(`Made ${file} readable by its owner only (mode 0600 instead of 0${(stat.mode & 0o777).toString(8)}): ${why}.`);
    } catch (error) {
      warn(
        `${file} is readable by others (mode 0${(stat.mode & 0o777).toString(8)}) and could not be changed (${String(error)}): make it 0600, ${why}.`,
      );
    }
  }
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
  const applied: string[] = [];
  for (const file of sqliteMigrationFiles()) {
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

/** Every migration file this version ships, in the order they apply. */
export function sqliteMigrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort();
}

/**
 * The migrations applyMigrations would apply, without writing anything (a dry run, so it works on
 * a read-only connection): all of them when the database has no schema_migrations table yet.
 */
export function pendingMigrations(sqlite: SqliteDatabase.Database): string[] {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
  const done = new Set(hasTable ? (sqlite.prepare('SELECT version FROM schema_migrations').pluck().all() as string[]) : []);
  return sqliteMigrationFiles().filter((file) => !done.has(file));
}

/** An open SQLite connection, named so callers outside the store need not import the driver. */
export type SqliteConnection = SqliteDatabase.Database;

/**
 * A connection to an SQLite file that must already exist, with no pragma and no migration: for
 * reading a file as it is (checking a backup, copying out of or into a database).
 */
export function openExistingSqliteFile(path: string, { readonly = false }: { readonly?: boolean } = {}): SqliteConnection {
  return new SqliteDatabase(path, { readonly, fileMustExist: true });
}

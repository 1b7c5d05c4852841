import { existsSync, rmSync, statSync } from 'node:fs';
import { openExistingSqliteFile, sqliteMigrationFiles, type SqliteConnection } from '../store/sqlite/open-sqlite-store.ts';
import { FailedError } from './command.ts';
import { createProgress } from './progress.ts';

export interface HeedDatabaseSummary {
  migrations: number;
  projects: number;
  feedback: number;
}

/**
 * Checks that `path` is a sound Heed database, without writing to it: SQLite's integrity check,
 * the tables a Heed database has, and no migration this version does not know (a file from a
 * newer Heed would be half understood). Throws a FailedError saying which check failed.
 */
export function checkHeedDatabase(path: string): HeedDatabaseSummary {
  // Reading a WAL-mode file makes -wal and -shm beside it; those this check made are removed after.
  const made = ['-wal', '-shm'].map((suffix) => path + suffix).filter((file) => !existsSync(file));
  try {
    return inspect(path);
  } finally {
    if (made.every((file) => !existsSync(file) || file.endsWith('-shm') || statSync(file).size === 0)) {
      for (const file of made) rmSync(file, { force: true });
    }
  }
}

function inspect(path: string): HeedDatabaseSummary {
  let sqlite: SqliteConnection;
  try {
    sqlite = openExistingSqliteFile(path, { readonly: true });
  } catch (error) {
    throw new FailedError(`Cannot open ${path}: ${messageOf(error)}`);
  }
  try {
    let check: unknown;
    try {
      check = sqlite.pragma('integrity_check', { simple: true });
    } catch (error) {
      // A file that is not SQLite at all fails here (SQLITE_NOTADB), as does a truncated one.
      throw new FailedError(`${path} failed its integrity check: ${messageOf(error)}`);
    }
    if (check !== 'ok') throw new FailedError(`${path} failed its integrity check: ${String(check)}`);
    const tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = ['schema_migrations', 'projects', 'feedback'].filter((table) => !tables.has(table));
    if (missing.length) throw new FailedError(`${path} is not a Heed database (no ${missing.join(', ')} table).`);
    const applied = sqlite.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as string[];
    const known = new Set(sqliteMigrationFiles());
    const unknown = applied.filter((version) => !known.has(version));
    if (unknown.length) {
      throw new FailedError(`${path} was written by a newer Heed (migration ${unknown.join(', ')}): restore it with that version.`);
    }
    return {
      migrations: applied.length,
      projects: sqlite.prepare('SELECT count(*) FROM projects').pluck().get() as number,
      feedback: sqlite.prepare('SELECT count(*) FROM feedback').pluck().get() as number,
    };
  } finally {
    sqlite.close();
  }
}

/**
 * Whether another process (a running server) has the database open. In WAL mode every open
 * connection holds a shared lock on the database file; a connection in EXCLUSIVE locking mode
 * needs an exclusive lock for its first read, and without a busy timeout it fails at once when
 * any other connection is open. (A rollback-journal database shows only while it is in use.)
 */
export function isOpenElsewhere(path: string): boolean {
  const probe = openExistingSqliteFile(path);
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * SQLite's online backup of `source` into the file `destination`, with progress on stderr. Into
 * an existing database it is one write transaction on that database (its -wal in WAL mode), so
 * connections open on it see the old pages or the new ones, never a mix.
 */
export async function copyDatabase(source: SqliteConnection, destination: string, verb: string): Promise<{ totalPages: number }> {
  const progress = createProgress();
  // 1024 pages (4 MiB) per step: the event loop turns between steps, and progress moves visibly.
  const result = await source.backup(destination, {
    progress({ totalPages, remainingPages }) {
      const done = totalPages - remainingPages;
      progress.update(`${verb}: ${done} of ${totalPages} pages (${Math.floor((100 * done) / Math.max(totalPages, 1))}%)…`);
      return 1024;
    },
  });
  progress.done(`${verb}: ${result.totalPages} of ${result.totalPages} pages (100%).`);
  return result;
}

/** `1 project`, `2 projects`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

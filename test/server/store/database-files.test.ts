import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, openSqliteDatabase } from '../../../server/store/sqlite/open-sqlite-store.ts';
import { addProject, newFeedback } from '../../helpers/test-app.ts';

const modeOf = (file: string) => `0${(statSync(file).mode & 0o777).toString(8)}`;

describe.skipIf(process.platform === 'win32')('the SQLite database’s files', () => {
  let dir: string;
  let umask: number;
  // A common umask, under which files are created 0644 (readable by every local user) unless made otherwise.
  beforeEach(() => {
    umask = process.umask(0o022);
    dir = mkdtempSync(join(tmpdir(), 'heed-modes-'));
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, its WAL and its shared-memory file readable by their owner only (0600)', async () => {
    const path = join(dir, 'data', 'heed.db');
    const sqlite = openSqliteDatabase(path);
    const store = createSqliteStore(sqlite);
    const project = await addProject(store);
    for (let i = 0; i < 20; i += 1)
      await store.insertFeedback(newFeedback(project.id, { email: `visitor${i}@example.com`, comment: 'secret-ish' }));
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(existsSync(`${path}-shm`)).toBe(true);
    expect([path, `${path}-wal`, `${path}-shm`].map(modeOf)).toEqual(['0600', '0600', '0600']);
    await store.close();
  });

  it('tightens a database, WAL and shared-memory file an older version left 0644, and says so in the log', () => {
    const path = join(dir, 'heed.db');
    // As an older version left them: a live database (the WAL and SHM exist while it is open), all 0644.
    const old = new SqliteDatabase(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);

    const warnings: string[] = [];
    const sqlite = openSqliteDatabase(path, (message) => warnings.push(message));
    expect([path, `${path}-wal`, `${path}-shm`].map(modeOf)).toEqual(['0600', '0600', '0600']);
    expect(warnings).toEqual(
      [path, `${path}-wal`, `${path}-shm`].map(
        (file) =>
          `Made ${file} readable by its owner only (mode 0600 instead of 0644): the database holds signing secrets, destination URLs and email addresses.`,
      ),
    );
    expect(sqlite.prepare('SELECT x FROM t').pluck().get()).toBe(1); // the data is untouched

    const again: string[] = [];
    openSqliteDatabase(path, (message) => again.push(message)).close();
    expect(again).toEqual([]);
    sqlite.close();
    old.close();
  });
});

import { execFile } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { addProject, createTempSqliteStore, newFeedback } from '../helpers/test-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('npm run heed -- backup <file>', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  afterEach(() => temp.cleanup());

  it('copies the database while it is being written to, and the copy passes its integrity check', async () => {
    temp = createTempSqliteStore();
    const project = await addProject(temp.store);
    const insert = (i: number) =>
      temp.store.insertFeedback(
        newFeedback(project.id, {
          createdAt: 1_700_000_000_000 + i,
          rating: { kind: 'stars', value: 1 + (i % 5) },
          comment: `Comment ${i}`,
        }),
      );
    for (let i = 0; i < 500; i += 1) await insert(i);

    // The server keeps writing (bounded: 5 s at most) while the CLI copies.
    let writing = true;
    let written = 500;
    const writer = (async () => {
      const stopAt = Date.now() + 5000;
      while (writing && Date.now() < stopAt) await insert(written++);
    })();
    const file = join(temp.path, '..', 'copy.db');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'backup', file], {
      cwd: ROOT,
      env: { ...process.env, HEED_DB: temp.path },
    });
    writing = false;
    await writer;

    expect(stdout).toMatch(/integrity ok/);
    const copy = new SqliteDatabase(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const copied = copy.prepare('SELECT count(*) FROM feedback').pluck().get() as number;
    // A snapshot: everything stored before the backup began, and no half-written item.
    expect(copied).toBeGreaterThanOrEqual(500);
    expect(copied).toBeLessThanOrEqual(written);
    expect(copy.prepare('SELECT sum(count) FROM feedback_daily').pluck().get()).toBe(copied);
    copy.close();
  }, 30_000);

  it.skipIf(process.platform === 'win32')(
    'writes the copy readable by its owner only (0600), also over a file that was 0644',
    async () => {
      temp = createTempSqliteStore();
      await addProject(temp.store);
      const fresh = join(temp.path, '..', 'fresh.db');
      const reused = join(temp.path, '..', 'reused.db');
      writeFileSync(reused, '', { mode: 0o644 });
      const umask = process.umask(0o022); // inherited by the CLI: without care its files would be 0644
      try {
        await Promise.all(
          [fresh, reused].map((file) =>
            run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'backup', file], {
              cwd: ROOT,
              env: { ...process.env, HEED_DB: temp.path },
            }),
          ),
        );
      } finally {
        process.umask(umask);
      }
      expect([fresh, reused].map((file) => (statSync(file).mode & 0o777).toString(8))).toEqual(['600', '600']);
    },
    30_000,
  );
});

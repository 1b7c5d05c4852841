import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, openSqliteDatabase } from '../../../server/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { addProject, feedbackBody, newFeedback } from '../../helpers/test-app.ts';
import { cleanEnv, HEED_BIN, heed, requireBuiltBinary, ROOT, tempDir } from './run-heed.ts';

/** Opens the file as the server would, runs `use`, closes. */
async function withStoreAt<T>(path: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = createSqliteStore(openSqliteDatabase(path));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('heed backup', () => {
  let dir: string;
  beforeAll(() => {
    requireBuiltBinary();
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the database while it is being written to, shows progress on stderr, and the copy passes its integrity check', async () => {
    const db = join(dir, 'busy.db');
    const store = createSqliteStore(openSqliteDatabase(db));
    const project = await addProject(store);
    const insert = (i: number) =>
      store.insertFeedback(
        newFeedback(project.id, {
          createdAt: 1_700_000_000_000 + i,
          rating: { kind: 'stars', value: 1 + (i % 5) },
          comment: `Comment ${i}`,
        }),
      );
    for (let i = 0; i < 500; i += 1) await insert(i);

    // A server keeps writing (bounded: 5 s at most) while the CLI copies.
    let writing = true;
    let written = 500;
    const writer = (async () => {
      const stopAt = Date.now() + 5000;
      while (writing && Date.now() < stopAt) await insert(written++);
    })();
    const copyPath = join(dir, 'busy-copy.db');
    const result = await heed(['backup', copyPath], { HEED_DB: db });
    writing = false;
    await writer;
    await store.close();

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .*busy\.db to .*busy-copy\.db: \d+ pages, 1 project, \d+ feedback items, integrity ok\.\n$/);
    expect(result.stderr).toMatch(/^Backing up: 0 of (\d+) pages \(0%\)…\n[\s\S]*Backing up: (\d+) of \2 pages \(100%\)\.\n$/);
    const copy = new SqliteDatabase(copyPath, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const copied = copy.prepare('SELECT count(*) FROM feedback').pluck().get() as number;
    // A snapshot: everything stored before the backup began, and no half-written item.
    expect(copied).toBeGreaterThanOrEqual(500);
    expect(copied).toBeLessThanOrEqual(written);
    expect(copy.prepare('SELECT sum(count) FROM feedback_daily').pluck().get()).toBe(copied);
    copy.close();
    // One self-contained file: no -wal or -shm to carry along.
    expect(readdirSync(dir).filter((file) => file.startsWith('busy-copy'))).toEqual(['busy-copy.db']);
  }, 60_000);

  it.skipIf(process.platform === 'win32')(
    'writes the copy readable by its owner only (0600), also over a file that was 0644',
    async () => {
      const db = join(dir, 'modes.db');
      await withStoreAt(db, (store) => addProject(store));
      const fresh = join(dir, 'fresh.db');
      const reused = join(dir, 'reused.db');
      writeFileSync(reused, '', { mode: 0o644 });
      const umask = process.umask(0o022); // inherited by the CLI: without care its files would be 0644
      try {
        const results = await Promise.all([fresh, reused].map((file) => heed(['backup', file], { HEED_DB: db })));
        expect(results.map((r) => r.code)).toEqual([0, 0]);
      } finally {
        process.umask(umask);
      }
      expect([fresh, reused].map(mode)).toEqual(['600', '600']);
    },
    60_000,
  );

  it('fails with exit 1 when there is no database to back up, creating nothing', async () => {
    const result = await heed(['backup', join(dir, 'nothing-copy.db')], { HEED_DB: join(dir, 'absent.db') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^heed backup: No database at .*absent\.db/);
    expect(existsSync(join(dir, 'absent.db'))).toBe(false);
    expect(existsSync(join(dir, 'nothing-copy.db'))).toBe(false);
  });
});

describe('heed restore, with `heed serve` running on the database', () => {
  let dir: string;
  let live: string;
  let snapshot: string;
  let token: string;
  let server: { child: ChildProcess; origin: string; output: string };

  const listFeedback = async (key: string) => {
    const res = await fetch(`${server.origin}/v1/projects/${key}/feedback?limit=100`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { items: { comment: string | null }[] } };
  };

  beforeAll(async () => {
    requireBuiltBinary();
    dir = tempDir();
    live = join(dir, 'live.db');
    snapshot = join(dir, 'snapshot.db');
    // The data at backup time: project pk_shop with three comments, and an admin token made by the CLI.
    await withStoreAt(live, async (store) => {
      const project = await addProject(store);
      for (const [i, comment] of ['one', 'two', 'three'].entries()) {
        await store.insertFeedback(newFeedback(project.id, { id: crypto.randomUUID(), comment, createdAt: 1_700_000_000_000 + i }));
      }
    });
    const created = await heed(['token', 'create', '--scope', 'read'], { HEED_DB: live });
    token = created.stdout.trim();
    expect((await heed(['backup', snapshot], { HEED_DB: live })).code).toBe(0);
    // Then life goes on: two more comments after the backup.
    await withStoreAt(live, async (store) => {
      const project = (await store.getProjectByKey('pk_shop'))!;
      for (const [i, comment] of ['four', 'five'].entries()) {
        await store.insertFeedback(newFeedback(project.id, { id: crypto.randomUUID(), comment, createdAt: 1_700_000_000_100 + i }));
      }
    });
    server = await startServe(live);
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the database HEED_DB names', () => {
    expect(server.output).toMatch(/Heed is listening on http:\/\/\S+ \(database: .*live\.db\)/);
  });

  it('refuses a corrupt or foreign backup before touching the database (exit 1)', async () => {
    const before = sha256(live);
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(snapshot).subarray(0, 8192));
    const notSqlite = join(dir, 'notes.db');
    writeFileSync(notSqlite, 'this is not a database, just some notes\n'.repeat(200));
    const foreign = join(dir, 'foreign.db');
    const other = new SqliteDatabase(foreign);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();

    for (const [file, why] of [
      [truncated, /failed its integrity check/],
      [notSqlite, /failed its integrity check: file is not a database/],
      [foreign, /is not a Heed database \(no schema_migrations, projects, feedback table\)/],
    ] as const) {
      const result = await heed(['restore', file, '--force'], { HEED_DB: live });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(why);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(sha256(live)).toBe(before);
    expect(readdirSync(dir).filter((file) => file.includes('restore-'))).toEqual([]);
    expect((await listFeedback('pk_shop')).body.items).toHaveLength(5);
  }, 60_000);

  it('refuses to replace the database without --force, saying a running server has it open (exit 1)', async () => {
    const result = await heed(['restore', snapshot], { HEED_DB: live });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/live\.db exists and a running server has it open: add --force to replace it/);
    expect((await listFeedback('pk_shop')).body.items).toHaveLength(5);
  }, 30_000);

  it('with --force replaces the data under the running server, which then answers with the restored data', async () => {
    expect((await listFeedback('pk_shop')).body.items.map((item) => item.comment)).toEqual(['five', 'four', 'three', 'two', 'one']);
    const result = await heed(['restore', snapshot, '--force'], { HEED_DB: live });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Restored .*snapshot\.db into .*live\.db: 1 project, 3 feedback items\.\n$/);
    expect(result.stderr).toMatch(/Restoring: (\d+) of \1 pages \(100%\)/);

    const after = await listFeedback('pk_shop');
    expect(after.status).toBe(200);
    expect(after.body.items.map((item) => item.comment)).toEqual(['three', 'two', 'one']);
    // The server goes on taking feedback into the restored database.
    const posted = await fetch(`${server.origin}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' },
      body: JSON.stringify(feedbackBody({ comment: 'after the restore' })),
    });
    expect(posted.status).toBe(201);
    expect((await listFeedback('pk_shop')).body.items.map((item) => item.comment)).toContain('after the restore');
    expect(mode(live)).toBe('600');
    const check = new SqliteDatabase(live, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect(readdirSync(dir).filter((file) => file.includes('restore-'))).toEqual([]);
  }, 60_000);

  it('restores into a place with no database yet without --force, the file readable by its owner only', async () => {
    const fresh = join(dir, 'new', 'heed.db');
    const result = await heed(['restore', snapshot], { HEED_DB: fresh });
    expect(result.code, result.stderr).toBe(0);
    expect(mode(fresh)).toBe('600');
    expect((await heed(['project', 'list'], { HEED_DB: fresh })).stdout).toMatch(/^pk_shop\tenabled\tShop\t/);
  }, 60_000);
});

/** `heed serve` on `db` on a free port, resolved once it listens. */
function startServe(db: string): Promise<{ child: ChildProcess; origin: string; output: string }> {
  const child = spawn(process.execPath, [HEED_BIN, 'serve'], {
    cwd: ROOT,
    env: cleanEnv({ HEED_DB: db, PORT: '0', HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, origin: '', output: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`heed serve did not listen within 30 s:\n${server.output}`)), 30_000);
    const onData = (data: Buffer) => {
      server.output += data.toString();
      const listening = /Heed is listening on (http:\/\/\S+)/.exec(server.output);
      if (listening && /admin token/i.test(server.output)) {
        clearTimeout(timer);
        server.origin = listening[1]!.replace('localhost', '127.0.0.1');
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`heed serve exited with ${code}:\n${server.output}`)));
  });
}

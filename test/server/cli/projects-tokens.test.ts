import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heed, requireBuiltBinary, ROOT, tempDir } from './run-heed.ts';

const MIGRATIONS = readdirSync(join(ROOT, 'server', 'store', 'migrations'))
  .filter((file) => file.endsWith('.sql'))
  .sort();

describe('heed project, token and migrate on an SQLite file', () => {
  let dir: string;
  let env: { HEED_DB: string };
  beforeAll(() => {
    requireBuiltBinary();
    dir = tempDir();
    env = { HEED_DB: join(dir, 'data', 'heed.db') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every migration as pending on a fresh file with migrate --dry-run, and creates nothing', async () => {
    const result = await heed(['migrate', '--dry-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Pending on ${env.HEED_DB} (${MIGRATIONS.length}):\n${MIGRATIONS.map((f) => `  ${f}`).join('\n')}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('applies them with migrate, and then --dry-run finds the database up to date', async () => {
    const applied = await heed(['migrate'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe(`Applied on ${env.HEED_DB} (${MIGRATIONS.length}):\n${MIGRATIONS.map((f) => `  ${f}`).join('\n')}\n`);
    for (const args of [['migrate', '--dry-run'], ['migrate']]) {
      expect((await heed(args, env)).stdout).toBe(`${env.HEED_DB} is up to date: no migration pending.\n`);
    }
  });

  it('lists only the migrations a database lacks', async () => {
    const db = new SqliteDatabase(env.HEED_DB);
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(MIGRATIONS.at(-1));
    db.close();
    expect((await heed(['migrate', '--dry-run'], env)).stdout).toBe(`Pending on ${env.HEED_DB} (1):\n  ${MIGRATIONS.at(-1)}\n`);
    // Put back, without running it again (its tables exist).
    const again = new SqliteDatabase(env.HEED_DB);
    again.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(MIGRATIONS.at(-1));
    again.close();
  });

  it('creates, lists and configures a project', async () => {
    const created = await heed(['project', 'create', '--name', 'Shop', '--origin', 'https://shop.example', '--rating', 'nps'], {
      ...env,
      HEED_PUBLIC_URL: 'https://feedback.example',
    });
    expect(created.code, created.stderr).toBe(0);
    const key = /with key (pk_\S+)/.exec(created.stdout)![1]!;
    expect(created.stdout).toContain(`<script src="https://feedback.example/widget.js" data-project="${key}" async></script>`);

    expect((await heed(['project', 'list'], env)).stdout).toBe(`${key}\tenabled\tShop\thttps://shop.example\n`);

    const configured = await heed(['project', 'configure', key, '{"ratingKind":"thumbs"}'], env);
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout).toMatch(/"ratingKind": "thumbs"/);

    const missing = await heed(['project', 'configure', 'pk_nobody', '{}'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'heed project configure: No project has the key pk_nobody.\n' });
    const badJson = await heed(['project', 'configure', key, '{ratingKind:'], env);
    expect(badJson.code).toBe(2);
    const badConfig = await heed(['project', 'configure', key, '{"ratingKind":"hearts"}'], env);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/^heed project configure: ratingKind: /);
    expect((await heed(['project', 'create'], env)).stderr).toMatch(/--name is required/);
  }, 60_000);

  it('creates a token that only it prints, lists it without its secret, and revokes it once', async () => {
    const created = await heed(['token', 'create', '--scope', 'read', '--label', 'weekly export'], env);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const [, id, secret] = /^heed_([0-9a-f]{16})_(\S{43})$/.exec(token)!;

    const listed = await heed(['token', 'list'], env);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\tread\\tactive\\t\\d{4}-\\d\\d-\\d\\dT[^\\t]+\\tweekly export$`, 'm'));
    expect(listed.stdout).not.toContain(secret!);

    expect(await heed(['token', 'revoke', token], env)).toMatchObject({ code: 0, stdout: `Revoked ${id!}.\n` });
    expect((await heed(['token', 'list'], env)).stdout).toMatch(new RegExp(`^${id}\\tread\\trevoked \\d{4}-`, 'm'));
    expect(await heed(['token', 'revoke', id!], env)).toMatchObject({
      code: 1,
      stderr: `heed token revoke: No live token has the id ${id!}.\n`,
    });
    expect((await heed(['token', 'revoke', 'nonsense'], env)).code).toBe(2);
  }, 60_000);

  it('prints a new token’s row as SQL for D1 with --sql, the token on stderr, and stores nothing', async () => {
    const before = (await heed(['token', 'list'], env)).stdout;
    const result = await heed(['token', 'create', '--sql'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^INSERT INTO admin_tokens \(/);
    expect(result.stderr.trim()).toMatch(/^heed_[0-9a-f]{16}_\S{43}$/);
    expect((await heed(['token', 'list'], env)).stdout).toBe(before);
  }, 30_000);
});

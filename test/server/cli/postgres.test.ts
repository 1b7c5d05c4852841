import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgresServer } from '../../helpers/postgres-stores.ts';
import { heed, requireBuiltBinary, ROOT } from './run-heed.ts';

const MIGRATIONS = readdirSync(join(ROOT, 'server', 'store', 'postgres', 'migrations'))
  .filter((file) => file.endsWith('.sql'))
  .sort();

describeOnPostgresServer('heed migrate and backup on PostgreSQL (DATABASE_URL)', (url) => {
  // A schema of its own, dropped after, so other tests on the server never see these tables.
  const schema = `heed_cli_${crypto.randomUUID().replaceAll('-', '')}`;
  let env: { DATABASE_URL: string };

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    requireBuiltBinary();
    await admin(`CREATE SCHEMA ${schema}`);
    const schemaUrl = new URL(url);
    schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
    env = { DATABASE_URL: schemaUrl.href };
  });
  afterAll(() => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));

  it('lists every migration as pending on an empty schema, writing nothing', async () => {
    const result = await heed(['migrate', '--dry-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Pending on PostgreSQL at 127\.0\.0\.1:5432\/\S+ \(\d+\):\n/);
    expect(result.stdout.match(/^ {2}\d{4}_\S+\.sql$/gm)).toEqual(MIGRATIONS.map((file) => `  ${file}`));
    expect(result.stdout).not.toContain('heed:heed@'); // never the password
    const tables = await admin(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = '${schema}'`);
    expect(tables.rows[0].n).toBe(0);
  }, 30_000);

  it('applies them with migrate, then finds the schema up to date', async () => {
    const applied = await heed(['migrate'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout.match(/^ {2}\d{4}_\S+\.sql$/gm)).toEqual(MIGRATIONS.map((file) => `  ${file}`));
    expect((await heed(['migrate', '--dry-run'], env)).stdout).toMatch(/is up to date: no migration pending\.\n$/);
    expect((await heed(['token', 'create'], env)).stdout).toMatch(/^heed_/);
  }, 60_000);

  it('sends backup and restore to pg_dump and pg_restore, with exit 2', async () => {
    for (const args of [
      ['backup', 'copy.db'],
      ['restore', 'copy.db'],
    ]) {
      const result = await heed(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/pg_dump --format=custom[\s\S]*pg_restore /);
    }
  }, 30_000);
});

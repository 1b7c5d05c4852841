import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createKyselyStore } from '../../server/store/kysely/kysely-store.ts';
import type { Database } from '../../server/store/kysely/tables.ts';
import { applyPostgresMigrations } from '../../server/store/postgres/apply-migrations.ts';
import { openPostgresStore } from '../../server/store/postgres/open-postgres-store.ts';
import { postgresBackend } from '../../server/store/postgres/postgres-backend.ts';
import type { StoreFixture } from './store-contract.ts';

/** The real PostgreSQL server of `.ci/run` (or a developer's), when one is configured. */
const POSTGRES_TEST_URL = process.env.HEED_TEST_POSTGRES_URL;

/**
 * Tests that need a real PostgreSQL server (HEED_TEST_POSTGRES_URL). Without one they do not run
 * on a developer's machine; in CI, which installs a server (.ci/run), they fail instead.
 */
export function describeOnPostgresServer(name: string, body: (url: string) => void): void {
  if (POSTGRES_TEST_URL) {
    describe(name, () => body(POSTGRES_TEST_URL));
    return;
  }
  describe(name, () => {
    it.runIf(process.env.CI)('has a PostgreSQL server in CI, through HEED_TEST_POSTGRES_URL', () => {
      expect(POSTGRES_TEST_URL, 'HEED_TEST_POSTGRES_URL is not set').toBeDefined();
    });
  });
}

let sharedPglite: Promise<PGlite> | undefined;

/**
 * The Postgres store on PGlite (Postgres compiled to WebAssembly, in memory): no server needed.
 * One PGlite per test file (starting one takes over a second), each fixture in a schema of its
 * own; PGlite has one session, and tests in a file run one at a time.
 */
export async function openPgliteFixture(): Promise<StoreFixture> {
  sharedPglite ??= PGlite.create();
  const pglite = await sharedPglite;
  const schema = uniqueSchemaName();
  await pglite.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  await pglite.transaction((tx) =>
    applyPostgresMigrations({ query: (text, params) => tx.query(text, params), exec: (text) => tx.exec(text) }),
  );
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // Not store.close(): that would close the PGlite the next fixture uses.
  return {
    store: createKyselyStore(db, postgresBackend(db)),
    cleanup: async () => void (await pglite.exec(`DROP SCHEMA ${schema} CASCADE`)),
  };
}

const uniqueSchemaName = () => `heed_test_${crypto.randomUUID().replaceAll('-', '')}`;

/**
 * The Postgres store on a real server, in a schema of its own (dropped by `cleanup`), so tests
 * share one server without seeing each other's rows.
 */
export async function openPostgresSchemaFixture(
  url: string,
  options?: { maxConnections?: number },
): Promise<StoreFixture & { url: string }> {
  const schema = uniqueSchemaName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openPostgresStore(schemaUrl.href, options);
  return {
    store,
    url: schemaUrl.href,
    cleanup: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyStore } from '../kysely/kysely-store.ts';
import type { Database } from '../kysely/tables.ts';
import type { Store } from '../store.ts';
import { applyPostgresMigrations, pendingPostgresMigrations } from './apply-migrations.ts';
import { postgresBackend } from './postgres-backend.ts';

const INT8 = 20;

/** The Store on a PostgreSQL server (`postgres://…`), its schema brought up to date first. */
export async function openPostgresStore(url: string, options: { maxConnections?: number } = {}): Promise<Store> {
  return (await openPostgresStoreWithMigrations(url, options)).store;
}

/** openPostgresStore, also saying which migrations it applied (for the start-up log and `heed migrate`). */
export async function openPostgresStoreWithMigrations(
  url: string,
  { maxConnections = 10 } = {},
): Promise<{ store: Store; migrationsApplied: string[] }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // BIGINT columns hold epoch milliseconds, well inside a double's exact range.
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  });
  // An idle connection that drops (a restart, a failover) is reported here; unheard, pg's error would end the
  // process. The pool replaces the connection, and a query meanwhile fails and is answered as usual.
  pool.on('error', (error) => console.error(`PostgreSQL: an idle connection failed (${error.message}); the pool opens another.`));
  let migrationsApplied: string[];
  try {
    migrationsApplied = await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { store: createKyselyStore(db, postgresBackend(db)), migrationsApplied };
}

/** The migrations openPostgresStore would apply on this database, read on one connection that writes nothing. */
export async function listPendingPostgresMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await pendingPostgresMigrations({ query: (text, params) => client.query(text, params) });
  } finally {
    await client.end();
  }
}

async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const applied = await applyPostgresMigrations({
      query: (text, params) => client.query(text, params),
      exec: (text) => client.query(text),
    });
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

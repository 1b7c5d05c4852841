import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyStore } from '../kysely/kysely-store.ts';
import type { Database } from '../kysely/tables.ts';
import type { Store } from '../store.ts';
import { applyPostgresMigrations } from './apply-migrations.ts';
import { postgresBackend } from './postgres-backend.ts';

const INT8 = 20;

/** The Store on a PostgreSQL server (`postgres://…`), its schema brought up to date first. */
export async function openPostgresStore(url: string, { maxConnections = 10 } = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // BIGINT columns hold epoch milliseconds, well inside a double's exact range.
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore(db, postgresBackend(db));
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await applyPostgresMigrations({ query: (text, params) => client.query(text, params), exec: (text) => client.query(text) });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

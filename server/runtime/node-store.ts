import { postgresMigrationFiles } from '../store/postgres/apply-migrations.ts';
import { applyMigrations, createSqliteStore, openSqliteConnection, sqliteMigrationFiles } from '../store/sqlite/open-sqlite-store.ts';
import type { Store } from '../store/store.ts';
import type { NodeConfig } from './node-config.ts';

export interface NodeStore {
  store: Store;
  /** Several instances may share it (Postgres): rate limits must then be counted in the database. */
  shared: boolean;
  /** Where the data is, for the start-up message (without a password). */
  description: string;
  /** The migration files this opening applied, in order (empty when the schema was up to date), for the start-up log. */
  migrationsApplied: string[];
  /** Every migration this build ships for the database: /readyz wants them all applied. */
  migrationsShipped: string[];
}

/** Postgres when DATABASE_URL is set, else the SQLite file HEED_DB; either brought up to date first. */
export async function openNodeStore(config: Pick<NodeConfig, 'DATABASE_URL' | 'HEED_DB'>): Promise<NodeStore> {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    // pg is loaded only for Postgres: SQLite users (and every CLI run on SQLite) skip its load time.
    const { openPostgresStoreWithMigrations } = await import('../store/postgres/open-postgres-store.ts');
    const { store, migrationsApplied } = await openPostgresStoreWithMigrations(config.DATABASE_URL);
    return {
      store,
      shared: true,
      description: `PostgreSQL at ${url.host}${url.pathname}`,
      migrationsApplied,
      migrationsShipped: postgresMigrationFiles(),
    };
  }
  const sqlite = openSqliteConnection(config.HEED_DB);
  let migrationsApplied: string[];
  try {
    migrationsApplied = applyMigrations(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return {
    store: createSqliteStore(sqlite),
    shared: false,
    description: config.HEED_DB,
    migrationsApplied,
    migrationsShipped: sqliteMigrationFiles(),
  };
}

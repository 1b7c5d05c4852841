import { openPostgresStore } from '../store/postgres/open-postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import type { Store } from '../store/store.ts';
import type { NodeConfig } from './node-config.ts';

export interface NodeStore {
  store: Store;
  /** Several instances may share it (Postgres): rate limits must then be counted in the database. */
  shared: boolean;
  /** Where the data is, for the start-up message (without a password). */
  description: string;
}

/** Postgres when DATABASE_URL is set, else the SQLite file HEED_DB. */
export async function openNodeStore(config: Pick<NodeConfig, 'DATABASE_URL' | 'HEED_DB'>): Promise<NodeStore> {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    return { store: await openPostgresStore(config.DATABASE_URL), shared: true, description: `PostgreSQL at ${url.host}${url.pathname}` };
  }
  return { store: openSqliteStore(config.HEED_DB), shared: false, description: config.HEED_DB };
}

import { createSqliteStore, openSqliteDatabase } from '../store/sqlite/open-sqlite-store.ts';
import { rowsAsSql } from '../store/sqlite/rows-as-sql.ts';
import type { Store } from '../store/store.ts';

/**
 * `--sql`: runs a create command against a scratch in-memory database and prints the rows it made
 * as SQL on stdout, for a database this command cannot reach (Cloudflare D1: `wrangler d1
 * execute --file`). What the command says (a token, shown once) goes to stderr meanwhile.
 */
export async function printAsSql(tables: readonly string[], create: (store: Store) => Promise<number>): Promise<number> {
  const sqlite = openSqliteDatabase(':memory:');
  const store = createSqliteStore(sqlite);
  const log = console.log;
  console.log = console.error;
  try {
    const code = await create(store);
    if (code === 0) process.stdout.write(`${rowsAsSql(sqlite, tables)}\n`);
    return code;
  } finally {
    console.log = log;
    await store.close();
  }
}

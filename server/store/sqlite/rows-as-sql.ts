import type SqliteDatabase from 'better-sqlite3';

/** A value as an SQLite literal. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * Every row of `tables` as INSERT statements, to apply the rows made here to another database of
 * the same schema (a D1 database: `wrangler d1 execute --file`). Generated columns are left out.
 */
export function rowsAsSql(sqlite: SqliteDatabase.Database, tables: readonly string[]): string {
  const statements: string[] = [];
  for (const table of tables) {
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0`).all(table) as { name: string }[]).map(
      (c) => c.name,
    );
    for (const row of sqlite
      .prepare(`SELECT ${columns.join(', ')} FROM ${table}`)
      .raw()
      .all() as unknown[][]) {
      statements.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${row.map(literal).join(', ')});`);
    }
  }
  return statements.join('\n');
}

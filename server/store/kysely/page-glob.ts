import { sql, type Expression, type SqlBool } from 'kysely';

/** Middle parts checked in SQL: enough to leave few rows to the matcher, few bound parameters (D1 allows 100 per query). */
const MIDDLE_PARTS = 8;

/**
 * What SQL can tell of a page glob (contract/glob.ts) on every backend alike: the URL starts with
 * the part before the first `*`, ends with the part after the last, and contains the longest parts
 * between. Every matching URL passes; the listing then lets globMatches decide, so no backend's
 * LIKE or GLOB gives the glob another meaning (SQLite's LIKE ignores ASCII case, D1 refuses
 * patterns over 50 bytes). Plain substr/length/replace: the same in SQLite, D1 and Postgres, no
 * wildcards to escape, and no backtracking (a URL position is compared at most once per character of the glob).
 */
export function pageGlobPrefilter(glob: string): Expression<SqlBool> {
  const parts = glob.split('*');
  if (parts.length === 1) return sql<SqlBool>`page_url = ${glob}`;
  // Lengths in characters (code points), as the databases count them.
  const length = (text: string) => [...text].length;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const conditions = [sql`length(page_url) >= ${length(first) + length(last)}`];
  if (first) conditions.push(sql`substr(page_url, 1, ${length(first)}) = ${first}`);
  // The length condition keeps this start at 1 or later (below 1, SQLite counts from the end, Postgres from the start).
  if (last) conditions.push(sql`substr(page_url, length(page_url) - ${length(last) - 1}) = ${last}`);
  const middle = [...new Set(parts.slice(1, -1).filter(Boolean))].sort((a, b) => b.length - a.length).slice(0, MIDDLE_PARTS);
  for (const part of middle) conditions.push(sql`replace(page_url, ${part}, '') <> page_url`);
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

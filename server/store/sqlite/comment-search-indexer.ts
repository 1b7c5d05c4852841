import type SqliteDatabase from 'better-sqlite3';

/**
 * Indexes up to `limit` comments the search index has not reached yet (migration 0005), in one
 * synchronous transaction so it cannot interleave with the ingest writer's; returns how many.
 */
export function createCommentSearchIndexer(sqlite: SqliteDatabase.Database): (limit: number) => number {
  const pending = sqlite.prepare(`
    SELECT s.seq, f.comment FROM comment_search_ids s
    JOIN feedback f ON f.project_id = s.project_id AND f.id = s.feedback_id
    WHERE s.seq > (SELECT indexed_up_to FROM comment_search_progress)
    ORDER BY s.seq LIMIT ?`);
  const index = sqlite.prepare('INSERT INTO comment_search (rowid, comment) VALUES (?, ?)');
  const advance = sqlite.prepare('UPDATE comment_search_progress SET indexed_up_to = ?');
  return sqlite.transaction((limit: number) => {
    const rows = pending.all(limit) as { seq: number; comment: string }[];
    for (const row of rows) index.run(row.seq, row.comment);
    if (rows.length > 0) advance.run(rows[rows.length - 1]!.seq);
    return rows.length;
  });
}

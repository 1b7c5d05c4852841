import type SqliteDatabase from 'better-sqlite3';

/**
 * Indexes up to `limit` queued comments (migration 0005), in one synchronous transaction so it
 * cannot interleave with the ingest writer's; returns how many.
 */
export function createCommentSearchIndexer(sqlite: SqliteDatabase.Database): (limit: number) => number {
  const pending = sqlite.prepare(`
    SELECT p.project_id, p.feedback_id, f.comment FROM comment_search_pending p
    JOIN feedback f ON f.project_id = p.project_id AND f.id = p.feedback_id
    LIMIT ?`);
  const assign = sqlite.prepare('INSERT INTO comment_search_ids (project_id, feedback_id) VALUES (?, ?)');
  const index = sqlite.prepare('INSERT INTO comment_search (rowid, comment) VALUES (?, ?)');
  const dequeue = sqlite.prepare('DELETE FROM comment_search_pending WHERE project_id = ? AND feedback_id = ?');
  return sqlite.transaction((limit: number) => {
    const rows = pending.all(limit) as { project_id: string; feedback_id: string; comment: string }[];
    for (const row of rows) {
      const { lastInsertRowid } = assign.run(row.project_id, row.feedback_id);
      index.run(lastInsertRowid, row.comment);
      dequeue.run(row.project_id, row.feedback_id);
    }
    return rows.length;
  });
}

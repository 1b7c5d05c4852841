import { sql, type CompiledQuery, type Expression, type Kysely, type SqlBool } from 'kysely';
import { toMatchExpression } from '../comment-search.ts';
import type { Database } from './tables.ts';

/**
 * The search condition on the FTS5 index of migration 0005, reached through its stable ids (see
 * there). Each index row is one item's comment and follow-up answer (0010): the words may be in either. SQLite and D1.
 */
export function fts5CommentSearch(text: string): Expression<SqlBool> {
  return sql<SqlBool>`(project_id, id) in (select project_id, feedback_id from comment_search_ids where seq in (select rowid from comment_search where comment_search match ${toMatchExpression(text)}))`;
}

/**
 * One indexing step over up to `limit` queued items (comment and follow-up answer, one line each), as statements to run together (a
 * transaction, or a batch on D1, which has no interactive ones); the first one's row count is how
 * many were indexed. Set-based so it runs on D1 too, and each statement reads only the new rows:
 * every item indexed before has both its id and its index row, so the new ids are exactly
 * those above the index's highest rowid.
 */
export function fts5IndexStep(db: Kysely<Database>, limit: number): CompiledQuery[] {
  const indexedUpTo = sql`coalesce((select rowid from comment_search order by rowid desc limit 1), 0)`;
  return [
    sql`insert into comment_search_ids (project_id, feedback_id) select project_id, feedback_id from comment_search_pending limit ${limit}`.compile(
      db,
    ),
    sql`delete from comment_search_pending where (project_id, feedback_id) in (select project_id, feedback_id from comment_search_ids where seq > ${indexedUpTo})`.compile(
      db,
    ),
    sql`insert into comment_search (rowid, comment)
      select i.seq, coalesce(f.comment, '') || char(10) || coalesce(f.follow_up_answer, '') from comment_search_ids i join feedback f on f.project_id = i.project_id and f.id = i.feedback_id
      where i.seq > ${indexedUpTo}`.compile(db),
  ];
}

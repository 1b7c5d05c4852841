import { sql, type Kysely, type SqlBool } from 'kysely';
import { searchWords } from '../comment-search.ts';
import { createGroupCommit } from '../group-commit.ts';
import type { KyselyBackend } from '../kysely/kysely-store.ts';
import type { Database, NewFeedbackRow } from '../kysely/tables.ts';

/** What the Kysely store needs to run on Postgres (a server through `pg`, or PGlite). */
export function postgresBackend(db: Kysely<Database>): KyselyBackend {
  return {
    insertFeedbackRow: createPostgresFeedbackWriter(db),
    // The text-search index is kept by Postgres on every insert: nothing to catch up on.
    indexComments: () => 0,
    commentSearch: (text) => {
      // Every word, each as a prefix; words hold only letters, digits and marks, so nothing in them is tsquery syntax.
      const query = searchWords(text)
        .map((word) => `${word}:*`)
        .join(' & ');
      // The index's expression (migrations/0010_follow_up.sql), exactly: the comment and the follow-up answer as one text.
      return sql<SqlBool>`to_tsvector('simple', heed_fold(coalesce(comment, '') || ' ' || coalesce(follow_up_answer, ''))) @@ to_tsquery('simple', heed_fold(${query}))`;
    },
    atomically: (queries) =>
      db.transaction().execute(async (trx) => {
        const counts: number[] = [];
        for (const query of queries) counts.push(Number((await trx.executeQuery(query)).numAffectedRows ?? 0));
        return counts;
      }),
    lockClaimedRows: true,
  };
}

/**
 * Group commit as on SQLite, one multi-row INSERT per group (one round trip and one commit). Rows
 * go in rollup-key order so concurrent groups from several instances lock rollup rows in the
 * same order; should two still deadlock, Postgres fails one and group commit retries its rows
 * one by one.
 */
function createPostgresFeedbackWriter(db: Kysely<Database>) {
  return createGroupCommit(async (rows: NewFeedbackRow[]) => {
    const ordered = [...rows].sort(
      (a, b) =>
        a.project_id.localeCompare(b.project_id) || a.created_at - b.created_at || (a.rating_kind ?? '').localeCompare(b.rating_kind ?? ''),
    );
    const inserted = await db
      .insertInto('feedback')
      .values(ordered)
      .onConflict((conflict) => conflict.columns(['project_id', 'id']).doNothing())
      .returning(['project_id', 'id'])
      .execute();
    const fresh = new Set(inserted.map((row) => `${row.project_id}\n${row.id}`));
    // A replay within the group: the first of its copies was inserted, the others were not.
    return rows.map((row) => fresh.delete(`${row.project_id}\n${row.id}`));
  });
}

import type { D1Database } from '@cloudflare/workers-types';
import { Kysely, type CompiledQuery } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { fts5CommentSearch, fts5IndexStep } from '../kysely/fts5-search.ts';
import { createKyselyStore } from '../kysely/kysely-store.ts';
import type { Database } from '../kysely/tables.ts';
import type { Store } from '../store.ts';

/**
 * The Store on Cloudflare D1, whose schema `wrangler d1 migrations apply` keeps (the same
 * ../migrations as SQLite). D1 has no interactive transactions: what must hold together runs as
 * one `batch()`, and an insert's rollups, search queue and outbox messages come from triggers in
 * its own statement.
 */
export function openD1Store(d1: D1Database): Store {
  const db = new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) });
  const atomically = async (queries: CompiledQuery[]) => {
    const results = await d1.batch(queries.map((query) => d1.prepare(query.sql).bind(...query.parameters)));
    return results.map((result) => result.meta.changes);
  };
  return createKyselyStore(db, {
    // One statement per item: a Worker handles one request at a time, so there is no group to commit together.
    // Counted by RETURNING: D1's change count includes the rows the insert's triggers wrote.
    insertFeedbackRow: async (row) => {
      const inserted = await db
        .insertInto('feedback')
        .values(row)
        .onConflict((conflict) => conflict.columns(['project_id', 'id']).doNothing())
        .returning('id')
        .execute();
      return inserted.length > 0;
    },
    indexComments: async (limit) => (await atomically(fts5IndexStep(db, limit)))[0] ?? 0,
    commentSearch: fts5CommentSearch,
    atomically,
    lockClaimedRows: false,
    // wrangler records what `d1 migrations apply` ran in its own table.
    migrationsTable: 'd1_migrations',
    // D1 has no size pragma to ask; every result's meta carries the database's size.
    databaseBytes: async () => (await d1.prepare('SELECT 1').run()).meta.size_after ?? null,
  });
}

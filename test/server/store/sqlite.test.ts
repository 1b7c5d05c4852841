import SqliteDatabase from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase, openSqliteStore, sqliteMigrationFiles } from '../../../server/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { describeStoreContract } from '../../helpers/store-contract.ts';
import { addProject, createTempSqliteStore, newFeedback } from '../../helpers/test-app.ts';

describeStoreContract('SQLite file', async () => createTempSqliteStore(), {
  indexesCommentsLater: true,
  shippedMigrations: sqliteMigrationFiles(),
});
describeStoreContract(
  'SQLite in memory',
  async () => {
    const store = openSqliteStore(':memory:');
    return { store, cleanup: () => store.close() };
  },
  { indexesCommentsLater: true, shippedMigrations: sqliteMigrationFiles() },
);

/** One stored item with only a comment, as a client would leave it. */
function insertComment(store: Store, projectId: string, comment: string) {
  return store.insertFeedback(newFeedback(projectId, { createdAt: 1, comment }));
}

describe('SQLite file settings', () => {
  it('runs in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const temp = createTempSqliteStore();
    const db = openSqliteDatabase(temp.path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    await temp.cleanup();
  });

  it('keeps data across a reopen and applies each migration once', async () => {
    const temp = createTempSqliteStore();
    const project = await addProject(temp.store);
    await insertComment(temp.store, project.id, 'kept');
    await temp.store.close();

    const reopened = openSqliteStore(temp.path);
    const page = await reopened.listFeedback(project.id, { limit: 5 });
    expect(page.items.map((i) => i.comment)).toEqual(['kept']);
    await reopened.close();

    const db = new SqliteDatabase(temp.path);
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all();
    // Each file in server/store/migrations once, in order (the folder has ten since 0010_follow_up.sql).
    expect(versions).toEqual(sqliteMigrationFiles());
    expect(versions.length).toBeGreaterThanOrEqual(10);
    db.close();
    await temp.cleanup();
  });

  it('leaves no trace of an erased follow-up question or answer in the file, search index included', async () => {
    const temp = createTempSqliteStore();
    const project = await addProject(temp.store);
    const followUp = { question: 'Qwertzquestion asked?', answer: 'Zanzibarquux went wrong' };
    await temp.store.insertFeedback(newFeedback(project.id, { rating: { kind: 'stars', value: 1 }, email: 'zed@example.com', followUp }));
    await insertComment(temp.store, project.id, 'Ordinary words');
    expect(await temp.store.indexComments(100)).toBe(2); // in the search index before it is erased
    expect(await temp.store.deleteFeedbackWhere(project.id, { email: 'zed@example.com' })).toBe(1);
    await temp.store.close();
    const db = new SqliteDatabase(temp.path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = readFileSync(temp.path);
    for (const trace of ['Qwertzquestion', 'Zanzibarquux', 'zanzibarquux']) expect(file.includes(trace), trace).toBe(false);
    expect(file.includes('Ordinary words')).toBe(true);
    await temp.cleanup();
  });

  it('makes comments stored before the search migration searchable when it is applied', async () => {
    const temp = createTempSqliteStore();
    const project = await addProject(temp.store);
    await insertComment(temp.store, project.id, 'Older comment about invoices');
    await temp.store.close();
    // Back to the schema of the release before 0005, with the comment already stored.
    const db = new SqliteDatabase(temp.path);
    db.exec(`DROP TRIGGER comment_search_queue; DROP TRIGGER comment_search_forget;
      DROP TABLE comment_search; DROP TABLE comment_search_ids; DROP TABLE comment_search_pending;
      DELETE FROM schema_migrations WHERE version = '0005_comment_search.sql';`);
    db.close();

    const upgraded = openSqliteStore(temp.path);
    const page = await upgraded.listFeedback(project.id, { limit: 5, filter: { search: 'invoice' } });
    expect(page.items.map((i) => i.comment)).toEqual(['Older comment about invoices']);
    await upgraded.close();
    await temp.cleanup();
  });
});

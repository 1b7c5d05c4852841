import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { postgresMigrationFiles } from '../../../server/store/postgres/apply-migrations.ts';
import { openPostgresStoreWithMigrations } from '../../../server/store/postgres/open-postgres-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { describeOnPostgresServer, openPgliteFixture, openPostgresSchemaFixture } from '../../helpers/postgres-stores.ts';
import { describeStoreContract } from '../../helpers/store-contract.ts';

describeStoreContract('PostgreSQL (PGlite, embedded)', openPgliteFixture, {
  indexesCommentsLater: false,
  shippedMigrations: postgresMigrationFiles(),
});

describeOnPostgresServer('a PostgreSQL server', (url) => {
  describeStoreContract('PostgreSQL server', () => openPostgresSchemaFixture(url), {
    indexesCommentsLater: false,
    shippedMigrations: postgresMigrationFiles(),
  });
});

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', '..', 'server', 'store', 'postgres', 'migrations');

describeOnPostgresServer('upgrading a PostgreSQL database written by an earlier release', (url) => {
  it('keeps the rows of a 0001_schema.sql database, without a follow-up, and searches them and new answers alike', async () => {
    const schema = `heed_test_${crypto.randomUUID().replaceAll('-', '')}`;
    const schemaUrl = new URL(url);
    schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    let store: Store | undefined;
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      // That release's schema and rows, as its runner left them.
      const old = new pg.Client({ connectionString: schemaUrl.href });
      await old.connect();
      await old.query(readFileSync(join(MIGRATIONS_DIR, '0001_schema.sql'), 'utf8'));
      await old.query(`CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL);
        INSERT INTO schema_migrations VALUES ('0001_schema.sql', 1);
        INSERT INTO projects (id, key, name, allowed_origins, widget_config, created_at)
          VALUES ('prj', 'pk_shop', 'Shop', '["https://shop.example"]', '{}', 1);
        INSERT INTO feedback (project_id, id, created_at, rating_kind, rating_value, comment, page_url, locale, viewport_width, viewport_height)
          VALUES ('prj', 'old-1', 10, 'stars', 2, 'Die Überweisung hing', 'https://shop.example/', 'de', 1, 1),
                 ('prj', 'old-2', 20, 'stars', 5, NULL, 'https://shop.example/', 'de', 1, 1);`);
      await old.end();

      // The server's path: openPostgresStore applies what is missing.
      const opened = await openPostgresStoreWithMigrations(schemaUrl.href, { maxConnections: 2 });
      store = opened.store;
      expect(opened.migrationsApplied).toEqual(postgresMigrationFiles().slice(1));
      expect((await store.getFeedback('prj', 'old-1'))?.followUp).toBeNull();
      await store.insertFeedback({
        ...(await store.getFeedback('prj', 'old-2'))!,
        id: 'new-1',
        createdAt: 30,
        followUp: { question: 'What went wrong?', answer: 'Überweisung abgelehnt' },
      });
      const found = async (search: string) =>
        (await store!.listFeedback('prj', { limit: 10, order: 'oldest', filter: { search } })).items.map((i) => i.id);
      expect(await found('uberweisung')).toEqual(['old-1', 'new-1']);
      expect(await found('abgelehnt')).toEqual(['new-1']);
    } finally {
      await store?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});

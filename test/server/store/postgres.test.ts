import { postgresMigrationFiles } from '../../../server/store/postgres/apply-migrations.ts';
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

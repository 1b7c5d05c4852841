import { describeOnPostgresServer, openPgliteFixture, openPostgresSchemaFixture } from '../../helpers/postgres-stores.ts';
import { describeStoreContract } from '../../helpers/store-contract.ts';

describeStoreContract('PostgreSQL (PGlite, embedded)', openPgliteFixture, { indexesCommentsLater: false });

describeOnPostgresServer('a PostgreSQL server', (url) => {
  describeStoreContract('PostgreSQL server', () => openPostgresSchemaFixture(url), { indexesCommentsLater: false });
});

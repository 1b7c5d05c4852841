import { describe, expect, it } from 'vitest';
import { openPgliteFixture, openPostgresSchemaFixture, POSTGRES_TEST_URL } from '../helpers/postgres-stores.ts';
import { describeStoreContract } from '../helpers/store-contract.ts';

describeStoreContract('PostgreSQL (PGlite, embedded)', openPgliteFixture, { indexesCommentsLater: false });

if (POSTGRES_TEST_URL) {
  const url = POSTGRES_TEST_URL;
  describeStoreContract('PostgreSQL server', () => openPostgresSchemaFixture(url), { indexesCommentsLater: false });
} else {
  describe('PostgreSQL server', () => {
    // CI installs a server (.ci/run); there the real-server suite must run, never quietly not.
    it.runIf(process.env.CI)('is configured in CI through HEED_TEST_POSTGRES_URL', () => {
      expect(POSTGRES_TEST_URL, 'HEED_TEST_POSTGRES_URL is not set').toBeDefined();
    });
  });
}

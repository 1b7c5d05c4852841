import { beforeAll } from 'vitest';
import { SHIPPED_SQLITE_MIGRATIONS } from '../../../server/store/d1/shipped-migrations.ts';
import { describeStoreContract } from '../../helpers/store-contract.ts';
import { migratedState, openD1Fixture } from '../../helpers/workers-runtime.ts';

// Wrangler migrates the template database once, here rather than inside the first test's hook.
beforeAll(() => migratedState(), 120_000);

describeStoreContract('D1 (workerd, migrated by wrangler)', openD1Fixture, {
  indexesCommentsLater: true,
  shippedMigrations: SHIPPED_SQLITE_MIGRATIONS,
});

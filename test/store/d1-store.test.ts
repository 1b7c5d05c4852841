import { describeStoreContract } from '../helpers/store-contract.ts';
import { openD1Fixture } from '../helpers/workers-runtime.ts';

describeStoreContract('D1 (workerd, migrated by wrangler)', openD1Fixture, { indexesCommentsLater: true });

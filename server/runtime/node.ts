// `npm run serve` during development (tsx); in production `heed serve` starts the same server.
import { readNodeConfig } from './node-config.ts';
import { startNodeServer } from './node-server.ts';

await startNodeServer(readNodeConfig());

import { defineCommand, EXIT } from '../command.ts';
import { readConfig } from '../environment.ts';

export const serve = defineCommand({
  name: 'serve',
  summary: 'Start the server: the API, the widget, the dashboard at /admin and the background jobs.',
  usage: '',
  options: {},
  optionHelp: {},
  details: [
    'Settings come from the environment (PORT, HOST, HEED_DB or DATABASE_URL, HEED_PUBLIC_URL, …;',
    'docs/deploy-node.md lists them all). Pending migrations are applied before it listens, and the log',
    'says which. SIGINT or SIGTERM stops it after the requests under way.',
  ].join('\n'),
  examples: ['PORT=8080 HEED_DB=/var/lib/heed/heed.db heed serve'],
  async run() {
    // Read here, not inside startNodeServer, so a bad variable is a one-line usage error (exit 2).
    const config = readConfig();
    // Loaded on demand: the whole app takes a second or two to load, which every other command would pay.
    const { startNodeServer } = await import('../../runtime/node-server.ts');
    await startNodeServer(config);
    return EXIT.ok; // the server keeps the process alive until a signal
  },
});

import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { DEMO_PROJECT_KEY, embedSnippet, prepareFirstStart } from '../bootstrap.ts';
import { createJobs } from '../jobs/jobs.ts';
import { createStoreRateLimiter } from '../abuse/rate-limiter.ts';
import { loadAssetDirectories } from './node-assets.ts';
import { appConfigFromEnv, summariserFromEnv } from './env-config.ts';
import type { NodeConfig } from './node-config.ts';
import { nodeClientAddress } from './node-client-address.ts';
import { openNodeStore } from './node-store.ts';
import { nodeHmac } from './node-hmac.ts';
import { createEventLoopBusyProbe } from './node-busy.ts';
import { answerClientErrorsInApiShape } from './node-client-errors.ts';
import { createNodeMailer } from './node-mail.ts';
import { createNodePost } from './node-post.ts';
import { startJobs } from './node-jobs.ts';
import { packageRoot } from './package-root.ts';
import { createDeliveryWorker } from '../notify/delivery-worker.ts';

/** What `heed serve` and `npm run serve` start: the app on an HTTP server, with its background jobs. */
export async function startNodeServer(config: NodeConfig): Promise<void> {
  const root = packageRoot();
  const widgetDir = join(root, 'dist', 'public');
  if (!existsSync(join(widgetDir, 'widget.js'))) {
    console.warn('The widget is not built (dist/public/widget.js is missing): run `npm run build`.');
  }
  const { store, shared, description } = await openNodeStore(config);
  const firstStart = await prepareFirstStart(store, { demo: config.HEED_DEMO, now: Date.now() });
  const assets = loadAssetDirectories([
    { dir: widgetDir, urlPrefix: '/' },
    { dir: join(root, 'dist', 'admin'), urlPrefix: '/admin' },
    ...(config.HEED_DEMO ? [{ dir: join(root, 'dist', 'demo'), urlPrefix: '/' }] : []),
  ]);
  const publicOrigin = config.HEED_PUBLIC_URL ? new URL(config.HEED_PUBLIC_URL).origin : undefined;
  const post = createNodePost({ allowPrivate: config.HEED_ALLOW_PRIVATE_DESTINATIONS });
  const mailer = config.HEED_SMTP_URL ? createNodeMailer({ url: config.HEED_SMTP_URL, from: config.HEED_SMTP_FROM }) : undefined;
  const deliveries = createDeliveryWorker({
    store,
    post,
    sendEmail: mailer,
    now: Date.now,
    publicUrl: config.HEED_PUBLIC_URL,
    summarise: summariserFromEnv(config),
  });
  const app = createApp({
    store,
    assets,
    hmac: nodeHmac,
    deliveries,
    // Several instances on one Postgres database share their counts; one process keeps them in memory.
    ...(shared ? { rateLimiter: createStoreRateLimiter(store, Date.now) } : {}),
    config: { ...appConfigFromEnv(config), maxIngestInFlight: config.HEED_MAX_IN_FLIGHT },
    busy: createEventLoopBusyProbe(config.HEED_MAX_EVENT_LOOP_DELAY_MS),
    clientAddress: nodeClientAddress(config.HEED_TRUST_PROXY),
  });

  // Slow senders: a request's head and body must arrive in time, or it is answered 408 and closed.
  const serverOptions = {
    requestTimeout: config.HEED_REQUEST_TIMEOUT_MS,
    headersTimeout: config.HEED_HEADERS_TIMEOUT_MS,
    // Node looks for overdue requests every 30 s by default, which would let a 30 s timeout run to 60.
    connectionsCheckingInterval: 1000,
  };
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions }, (info) => {
    const origin = publicOrigin ?? `http://localhost:${info.port}`;
    const lines = [`Heed is listening on ${origin} (database: ${description})`, `Dashboard: ${origin}/admin`];
    if (config.HEED_DEMO) {
      lines.push(`Demo site: ${origin}/`, '', 'Embed snippet for the demo project:', `  ${embedSnippet(origin, DEMO_PROJECT_KEY)}`);
    }
    if (firstStart.adminToken) {
      lines.push('', 'Admin token (shown once; it is stored only as a hash):', `  ${firstStart.adminToken}`);
      lines.push(`Try: curl -H "Authorization: Bearer ${firstStart.adminToken}" ${origin}/v1/projects/${DEMO_PROJECT_KEY}/feedback`);
    } else {
      lines.push('', 'Create another admin token with: heed token create --scope admin');
    }
    console.log(lines.join('\n'));
  });
  // serve() without a `createServer` option makes an http.Server; its declared type also allows http2's.
  const httpServer = server as HttpServer;
  // Memory grows with open connections, not with load: bounding them bounds it under any flood.
  httpServer.maxConnections = config.HEED_MAX_CONNECTIONS;
  answerClientErrorsInApiShape(httpServer);

  // Background work (delivery, digests, search indexing, retention, rate-limit cleanup) on this process's timers.
  const stopJobs = startJobs(createJobs({ store, deliveries }));

  function shutdown(): void {
    stopJobs();
    server.close(() => {
      mailer?.close();
      void Promise.all([store.close(), post.close()]).then(() => process.exit(0));
    });
  }
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

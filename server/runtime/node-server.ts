import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { DEMO_PROJECT_KEY, embedSnippet, prepareFirstStart } from '../bootstrap.ts';
import { createJobs } from '../jobs/jobs.ts';
import { observeJobs } from '../jobs/observed-jobs.ts';
import { createStoreRateLimiter } from '../abuse/rate-limiter.ts';
import { noopMetrics } from '../observability/metrics.ts';
import { loadAssetDirectories } from './node-assets.ts';
import { appConfigFromEnv, summariserFromEnv } from './env-config.ts';
import type { NodeConfig } from './node-config.ts';
import { nodeClientAddress } from './node-client-address.ts';
import { createNodeLog } from './node-log.ts';
import { createNodeMetrics } from './node-metrics.ts';
import { openNodeStore } from './node-store.ts';
import { nodeHmac } from './node-hmac.ts';
import { createEventLoopBusyProbe } from './node-busy.ts';
import { answerClientErrorsInApiShape } from './node-client-errors.ts';
import { createNodeMailer } from './node-mail.ts';
import { createNodePost } from './node-post.ts';
import { startJobs } from './node-jobs.ts';
import { packageRoot, packageVersion } from './package-root.ts';
import { createDeliveryWorker } from '../notify/delivery-worker.ts';

export interface NodeServerHandle {
  /** Where it listens: the public URL's origin if set, else http://localhost:<port>. */
  origin: string;
  port: number;
  /**
   * What SIGTERM and SIGINT do: stop accepting connections, let requests under way (and so their
   * group commit) and job runs finish within HEED_SHUTDOWN_TIMEOUT, then close the database.
   */
  shutdown(reason?: string): Promise<void>;
}

/** What `heed serve` and `npm run serve` start: the app on an HTTP server, with its background jobs. */
export async function startNodeServer(config: NodeConfig): Promise<NodeServerHandle> {
  const root = packageRoot();
  const { log, say } = createNodeLog({ level: config.HEED_LOG_LEVEL, format: config.HEED_LOG_FORMAT });
  log.info({ version: packageVersion(), node: process.version, pid: process.pid }, 'starting');

  const widgetDir = join(root, 'dist', 'public');
  if (!existsSync(join(widgetDir, 'widget.js'))) {
    log.warn({}, 'The widget is not built (dist/public/widget.js is missing): run `npm run build`.');
  }
  const { store, shared, description, migrationsApplied, migrationsShipped } = await openNodeStore(config);
  log.info({ database: description }, 'database opened');
  if (migrationsApplied.length > 0) log.info({ migrations: migrationsApplied }, 'migrations applied');
  else log.info({}, 'database schema is current: no migration to apply');

  const firstStart = await prepareFirstStart(store, { demo: config.HEED_DEMO, now: Date.now() });
  if (firstStart.demoProjectCreated) log.info({ project: DEMO_PROJECT_KEY }, 'demo project created');
  const assets = loadAssetDirectories([
    { dir: widgetDir, urlPrefix: '/' },
    { dir: join(root, 'dist', 'admin'), urlPrefix: '/admin' },
    ...(config.HEED_DEMO ? [{ dir: join(root, 'dist', 'demo'), urlPrefix: '/' }] : []),
  ]);
  const publicOrigin = config.HEED_PUBLIC_URL ? new URL(config.HEED_PUBLIC_URL).origin : undefined;
  // prom-client only when /metrics is served: without a token nobody could read what it counts.
  const metrics = config.HEED_METRICS_TOKEN ? createNodeMetrics() : noopMetrics;
  const post = createNodePost({ allowPrivate: config.HEED_ALLOW_PRIVATE_DESTINATIONS });
  const mailer = config.HEED_SMTP_URL ? createNodeMailer({ url: config.HEED_SMTP_URL, from: config.HEED_SMTP_FROM }) : undefined;
  const deliveries = createDeliveryWorker({
    store,
    post,
    sendEmail: mailer,
    now: Date.now,
    publicUrl: config.HEED_PUBLIC_URL,
    summarise: summariserFromEnv(config),
    onAttempt: (channel, outcome) => metrics.deliveryAttempt(channel, outcome),
  });
  let draining = false;
  const app = createApp({
    store,
    assets,
    hmac: nodeHmac,
    deliveries,
    log,
    metrics,
    shippedMigrations: migrationsShipped,
    draining: () => draining,
    // Several instances on one Postgres database share their counts; one process keeps them in memory.
    ...(shared ? { rateLimiter: createStoreRateLimiter(store, Date.now) } : {}),
    config: {
      ...appConfigFromEnv(config),
      maxIngestInFlight: config.HEED_MAX_IN_FLIGHT,
      ...(config.HEED_METRICS_TOKEN ? { metricsToken: config.HEED_METRICS_TOKEN } : {}),
    },
    busy: createEventLoopBusyProbe(config.HEED_MAX_EVENT_LOOP_DELAY_MS),
    clientAddress: nodeClientAddress(config.HEED_TRUST_PROXY),
  });
  // While shutting down, every answer closes its connection: a keep-alive client then opens a new
  // one, which the closed listener refuses, instead of sending more on this one.
  const fetch = async (request: Request, env: Parameters<typeof app.fetch>[1]) => {
    const response = await app.fetch(request, env);
    if (draining) response.headers.set('Connection', 'close');
    return response;
  };

  // Slow senders: a request's head and body must arrive in time, or it is answered 408 and closed.
  const serverOptions = {
    requestTimeout: config.HEED_REQUEST_TIMEOUT_MS,
    headersTimeout: config.HEED_HEADERS_TIMEOUT_MS,
    // Node looks for overdue requests every 30 s by default, which would let a 30 s timeout run to 60.
    connectionsCheckingInterval: 1000,
  };
  let httpServer: HttpServer | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    // serve() without a `createServer` option makes an http.Server; its declared type also allows http2's.
    httpServer = serve({ fetch, port: config.PORT, hostname: config.HOST, serverOptions }, (info) => resolve(info.port)) as HttpServer;
    httpServer.once('error', reject);
  });
  const server = httpServer!;
  // Memory grows with open connections, not with load: bounding them bounds it under any flood.
  server.maxConnections = config.HEED_MAX_CONNECTIONS;
  answerClientErrorsInApiShape(server);

  const origin = publicOrigin ?? `http://localhost:${port}`;
  log.info({ origin, host: config.HOST, port, database: description, metrics: metrics !== noopMetrics }, 'listening');
  say(banner(origin, description, config.HEED_DEMO, firstStart.adminToken));
  // The token itself is only in the banner (for the person starting the server), never in a log line.
  if (firstStart.adminToken) log.info({}, 'first start: an admin token was created; it is shown once in the start-up message');

  // Background work (delivery, digests, search indexing, retention, rate-limit cleanup) on this process's timers.
  const jobs = observeJobs(
    createJobs({
      store,
      deliveries,
      log: (message, details) => log.info({ details }, message),
      onDigestsQueued: (count) => {
        metrics.digestsQueued(count);
        if (count > 0) log.info({ count }, 'digests queued');
      },
    }),
    { log, metrics },
  );
  const stopJobs = startJobs(jobs.jobs, { logError: (message, error) => log.error({ err: error }, message) });

  let stopping: Promise<void> | undefined;
  async function shutdown(reason = 'shutdown'): Promise<void> {
    const timeoutMs = config.HEED_SHUTDOWN_TIMEOUT * 1000;
    const started = Date.now();
    log.info({ reason, timeoutMs }, 'shutting down: no new connections; finishing requests and jobs under way');
    draining = true;
    stopJobs();
    jobs.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() ends idle keep-alive connections once; ones idle later (an answer just sent) are swept too.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all([closed, jobs.idle()]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (!finished) {
      log.warn({ timeoutMs }, 'shutdown timeout: closing the connections still open');
      server.closeAllConnections();
    }
    mailer?.close();
    await Promise.all([store.close(), post.close()]);
    log.info({ durationMs: Date.now() - started, inTime: finished }, 'stopped: the database is closed');
    log.flush();
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        log.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return {
    origin,
    port,
    shutdown: (reason) => (stopping ??= shutdown(reason)),
  };
}

/** For the person starting the server: where it is, and on a first start the admin token (shown this once). */
function banner(origin: string, database: string, demo: boolean, adminToken: string | null): string {
  const lines = [`Heed is listening on ${origin} (database: ${database})`, `Dashboard: ${origin}/admin`];
  if (demo) {
    lines.push(`Demo site: ${origin}/`, '', 'Embed snippet for the demo project:', `  ${embedSnippet(origin, DEMO_PROJECT_KEY)}`);
  }
  if (adminToken) {
    lines.push('', 'Admin token (shown once; it is stored only as a hash):', `  ${adminToken}`);
    lines.push(`Try: curl -H "Authorization: Bearer ${adminToken}" ${origin}/v1/projects/${DEMO_PROJECT_KEY}/feedback`);
  } else {
    lines.push('', 'Create another admin token with: heed token create --scope admin');
  }
  return lines.join('\n');
}

import type { Context } from 'hono';
import { requestId } from 'hono/request-id';
import { createClientHasher, sharedDaySalt } from './abuse/client-id.ts';
import { createFormTickets, webCryptoHmac, type Hmac } from './abuse/form-ticket.ts';
import { createMemoryRateLimiter, type RateLimiter } from './abuse/rate-limiter.ts';
import type { TurnstileSettings } from './abuse/turnstile.ts';
import type { AssetSource } from './assets.ts';
import { createDeliveryWorker, type DeliveryWorker } from './notify/delivery-worker.ts';
import { fetchPost } from './notify/fetch-post.ts';
import { shedLoad } from './middleware/load-shedding.ts';
import { observeRequests } from './middleware/observe-requests.ts';
import { silentLogger, type Logger } from './observability/logger.ts';
import { noopMetrics, type MetricsRecorder } from './observability/metrics.ts';
import { healthRoutes, type ReadinessLimits } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { adminDestinationRoutes } from './routes/admin-destinations.ts';
import { ApiError, errorAnswer } from './errors.ts';
import { createProjectLookup } from './projects/project-lookup.ts';
import { adminFeedbackRoutes } from './routes/admin-feedback.ts';
import { adminProjectRoutes } from './routes/admin-projects.ts';
import { adminStatsRoutes } from './routes/admin-stats.ts';
import { adminTokenRoutes } from './routes/admin-tokens.ts';
import { createApiRouter } from './routes/api-router.ts';
import { assetRoutes } from './routes/assets.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { widgetConfigRoutes } from './routes/widget-config.ts';
import { widgetPreviewRoutes } from './routes/widget-preview.ts';
import type { Store } from './store/store.ts';

export interface AppConfig {
  /** Largest accepted feedback body, counted as it streams. */
  bodyLimitBytes: number;
  /** How long a project (and its enabled flag) is cached on the ingest path. */
  projectCacheTtlMs: number;
  /** Origin of the public URL (`https://feedback.example.com`), if a proxy stands in front. */
  publicOrigin?: string;
  /**
   * Feedback submissions a minute (bursts up to the same number), per client network address and
   * per project; per form ticket an hour; and a client's first submissions each hour, which never
   * draw from the project's budget (so a flood from a few addresses cannot hold real visitors back).
   */
  rateLimits: { perClientPerMinute: number; perProjectPerMinute: number; perTicketPerHour: number; unmeteredPerClientPerHour: number };
  /** An IPv6 client is counted by its network of this many bits (a subscriber's /64), an IPv4 one by its address. */
  clientIpv6PrefixLength: number;
  /** Cloudflare Turnstile keys, for projects that turn it on. */
  turnstile?: TurnstileSettings;
  /**
   * Gzip static files here. Off on Workers, where the runtime compresses a body itself (a body
   * the app had compressed would be compressed twice).
   */
  compressAssets: boolean;
  /** Submissions handled at once; more are refused with 503 and Retry-After (load shedding). */
  maxIngestInFlight: number;
  /** GET /readyz fails past these (HEED_READY_MAX_OUTBOX_BACKLOG, HEED_READY_MAX_DEAD_LETTERS; `off`: Infinity). */
  readiness: ReadinessLimits;
  /** The bearer token of GET /metrics (HEED_METRICS_TOKEN); without one the route is not served. */
  metricsToken?: string;
}

/** What a runtime or test sets; the rest (each rate limit too) keeps its default. */
export type AppSettings = Partial<Omit<AppConfig, 'rateLimits'>> & { rateLimits?: Partial<AppConfig['rateLimits']> };

export const DEFAULT_APP_CONFIG: AppConfig = {
  bodyLimitBytes: 32 * 1024,
  projectCacheTtlMs: 30_000,
  // A person sends a handful; a busy site's visitors together, thousands an hour.
  rateLimits: { perClientPerMinute: 30, perProjectPerMinute: 1200, perTicketPerHour: 10, unmeteredPerClientPerHour: 5 },
  clientIpv6PrefixLength: 64,
  compressAssets: true,
  maxIngestInFlight: 256,
  // Healthy delivery keeps the due backlog near 0; a thousand due means it is stuck or far behind.
  // Dead letters stay until replayed or their destination is deleted: a thousand is an outage to look at.
  readiness: { maxOutboxBacklog: 1000, maxDeadLetters: 1000 },
};

export interface AppDeps {
  store: Store;
  config?: AppSettings;
  /** Built widget and demo files; without them only the API is served. */
  assets?: AssetSource;
  now?: () => number;
  /** Request lines, errors and events; silent by default (tests, benchmarks). */
  log?: Logger;
  /** Where a 500's cause goes instead of `log` (tests collect them); by default `log`, or console.error without a logger. */
  logError?: (error: unknown) => void;
  /** Counts requests, refusals and deliveries; GET /metrics serves them when it has `exposition` and the config a token. */
  metrics?: MetricsRecorder;
  /** The migrations this build ships, for GET /readyz (Node lists its folder; Workers compile the list in). */
  shippedMigrations?: readonly string[];
  /** True once the process is shutting down: GET /readyz then answers 503, so balancers stop sending first. */
  draining?: () => boolean;
  /** The client's network address, as the runtime knows it (only ever hashed); without it clients are not limited one by one. */
  clientAddress?: (c: Context) => string | undefined;
  /** Shared between instances where the runtime has a shared store; in memory by default. */
  rateLimiter?: RateLimiter;
  /** The runtime's fastest HMAC-SHA-256 (signing form tickets); Web Crypto by default. */
  hmac?: Hmac;
  /** Sends forwarding messages; the runtime's delivery job drains it on a schedule. By default one over `fetch`. */
  deliveries?: DeliveryWorker;
  /**
   * Keeps work going after the answer is sent (Workers: `c.executionCtx.waitUntil`). Given it, a new
   * item's notifications go out at once; without it, at the delivery job's next run (every second on Node).
   */
  defer?: (c: Context, work: Promise<unknown>) => void;
  /** Whether the runtime is saturated (Node: event-loop delay); ingest then sheds load. */
  busy?: () => boolean;
}

/** The whole HTTP API as a runtime-independent Hono app; runtime entries only add a server around `app.fetch`. */
export function createApp({
  store,
  config,
  assets,
  now = Date.now,
  log,
  logError,
  metrics = noopMetrics,
  shippedMigrations,
  draining,
  clientAddress,
  rateLimiter = createMemoryRateLimiter(now),
  hmac = webCryptoHmac(),
  deliveries,
  busy,
  defer,
}: AppDeps) {
  const settings = {
    ...DEFAULT_APP_CONFIG,
    ...config,
    rateLimits: { ...DEFAULT_APP_CONFIG.rateLimits, ...config?.rateLimits },
    readiness: { ...DEFAULT_APP_CONFIG.readiness, ...config?.readiness },
  };
  const logger = log ?? silentLogger;
  /** A fault nobody threw on purpose: its stack goes to the log with the request's id (the answer carries the id only). */
  const reportError = (error: unknown, requestId?: string) => {
    if (logError) logError(error);
    else if (log) log.error({ ...(requestId ? { requestId } : {}), err: error }, 'unexpected error');
    else console.error(error);
  };
  const findProject = createProjectLookup(store, settings.projectCacheTtlMs, now);
  const app = createApiRouter();
  const worker =
    deliveries ??
    createDeliveryWorker({
      store,
      post: fetchPost,
      now,
      publicUrl: settings.publicOrigin,
      onAttempt: (kind, outcome) => metrics.deliveryAttempt(kind, outcome),
    });
  const spam = { tickets: createFormTickets(() => store.serverKey('form_ticket'), now, hmac), turnstile: settings.turnstile };

  const answerError = (c: Context, error: unknown) => {
    const id = c.get('requestId') as string | undefined;
    const { body, status, headers } = errorAnswer(error, (fault) => reportError(fault, id), id);
    return c.json(body, status, headers);
  };
  app.onError((error, c) => answerError(c, error));
  app.notFound((c) => answerError(c, new ApiError('not_found', `Nothing is served at ${c.req.path}.`)));

  // First, for every request: its id (a caller's X-Request-Id of letters, digits, `-`, `_` and `=` is
  // kept, so a proxy's id follows the request; else a UUID), echoed in X-Request-Id; then its log line.
  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));
  app.use('*', observeRequests({ log: logger, metrics }));
  app.route(
    '/',
    healthRoutes({ store, now, log: logger, limits: settings.readiness, shippedMigrations, ...(draining ? { draining } : {}) }),
  );
  const { exposition } = metrics;
  if (settings.metricsToken && exposition) {
    app.route(
      '/',
      metricsRoutes({
        token: settings.metricsToken,
        metrics: { exposition: (figures) => exposition.call(metrics, figures) },
        store,
        now,
        log: logger,
      }),
    );
  }

  app.route(
    '/v1',
    feedbackRoutes({
      store,
      findProject,
      now,
      bodyLimitBytes: settings.bodyLimitBytes,
      publicOrigin: settings.publicOrigin,
      limits: {
        ...settings.rateLimits,
        limiter: rateLimiter,
        clientId:
          clientAddress &&
          createClientId(
            clientAddress,
            createClientHasher(
              now,
              rateLimiter.shared ? sharedDaySalt(() => store.serverKey('form_ticket'), hmac) : undefined,
              settings.clientIpv6PrefixLength,
            ),
          ),
      },
      spam,
      shed: shedLoad({ maxInFlight: settings.maxIngestInFlight, ...(busy ? { busy } : {}) }),
      onAccepted: defer
        ? (c) =>
            defer(
              c,
              worker.runOnce().catch((error: unknown) => reportError(error, c.get('requestId'))),
            )
        : undefined,
    }),
  );
  app.route('/v1', widgetConfigRoutes({ findProject, ...spam }));
  // Each admin route checks its token, then limits its body (adminRoute): nothing is read first.
  // `route` returns the same app typed with what it gained: the admin routes are chained so that
  // `App` (and the typed client) carries their paths, inputs and answers.
  const api = app
    .route('/v1', adminProjectRoutes({ store, now, turnstileConfigured: settings.turnstile !== undefined }))
    .route('/v1', adminFeedbackRoutes({ store, now, publicOrigin: settings.publicOrigin }))
    .route('/v1', adminStatsRoutes({ store, now }))
    .route('/v1', adminTokenRoutes({ store, now }))
    .route('/v1', adminDestinationRoutes({ store, now, worker }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An admin token (`heed token create --scope read|write|admin`); scopes rank read < write < admin.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Heed API', version: '1', description: 'Feedback ingest for the widget, and the admin API for site owners.' },
  });
  app.route('/', widgetPreviewRoutes({ bodyLimitBytes: settings.bodyLimitBytes }));
  if (assets) app.route('/', assetRoutes({ assets, compress: settings.compressAssets }));

  return api;
}

export type App = ReturnType<typeof createApp>;

/** The client's hashed address for a request, or undefined when the runtime cannot tell it. */
function createClientId(address: (c: Context) => string | undefined, hash: (address: string) => Promise<string>) {
  return async (c: Context) => {
    const found = address(c);
    return found ? hash(found) : undefined;
  };
}

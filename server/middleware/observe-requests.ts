import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Context } from 'hono';
import { ApiError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { MetricsRecorder } from '../observability/metrics.ts';

/** Methods named in logs and labels as they are; anything else is `OTHER`, so a client cannot grow the label set. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Asked every few seconds by orchestrators and scrapers: their lines are debug, or they would drown the rest. */
const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);
export const INGEST_ROUTE = '/v1/feedback';

/**
 * One log line and one metrics sample per request, once it is answered: the request id (set by
 * hono/request-id before this), the method, the matched route pattern (`/v1/projects/:key`, never
 * the path, which holds keys and ids, nor the query), the status and the duration until the
 * handler returned (a streamed export goes on after). Bodies, headers and addresses are never read.
 */
export function observeRequests({
  log,
  metrics,
  clock = () => performance.now(),
}: {
  log: Logger;
  metrics: MetricsRecorder;
  clock?: () => number;
}) {
  return createMiddleware(async function observeRequests(c, next) {
    const started = clock();
    await next();
    const seconds = (clock() - started) / 1000;
    const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const route = routeOf(c);
    const status = c.res.status;
    // A fault nobody threw on purpose was answered 500 internal_error (server/errors.ts).
    const code = c.error instanceof ApiError ? c.error.code : c.error && status === 500 ? 'internal_error' : undefined;

    metrics.request({ method, route, status, seconds });
    if (method === 'POST' && route === INGEST_ROUTE) metrics.ingest(seconds, status);
    if (code === 'overloaded') metrics.refused('shed');
    else if (code === 'rate_limited' || code === 'ticket_exhausted') metrics.refused('rate_limited');

    const fields = {
      requestId: c.get('requestId'),
      method,
      route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(code ? { code } : {}),
    };
    const level = PROBE_ROUTES.has(route) ? 'debug' : status >= 500 ? 'warn' : 'info';
    log[level](fields, 'request');
  });
}

/** The pattern of the handler that answered; the static files' catch-all is `static`, and a request nothing took (404) `unmatched`. */
function routeOf(c: Context): string {
  const path = routePath(c);
  if (path !== '' && path !== '*' && path !== '/*') return path;
  return c.res.status === 404 ? 'unmatched' : 'static';
}

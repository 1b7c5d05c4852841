import { Hono } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ApiError } from '../errors.ts';
import { bearerToken } from '../middleware/admin-auth.ts';
import type { Logger } from '../observability/logger.ts';
import type { MetricsRecorder, StoreFigures } from '../observability/metrics.ts';
import type { OperationsStore } from '../store/store.ts';

export interface MetricsRouteDeps {
  /** The bearer token scrapers present (HEED_METRICS_TOKEN); the route exists only with one. */
  token: string;
  metrics: Required<Pick<MetricsRecorder, 'exposition'>>;
  store: OperationsStore;
  now: () => number;
  log: Logger;
}

/**
 * GET /metrics: the Prometheus text exposition, behind its own bearer token (not an admin token:
 * a scraper's credential should open nothing else). The store's figures (outbox, size) are read
 * at each scrape, as every instance on one database sees the same; a database that does not
 * answer leaves them out rather than failing the scrape.
 */
export function metricsRoutes({ token, metrics, store, now, log }: MetricsRouteDeps) {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const presented = bearerToken(c.req.header('authorization') ?? '');
    // Hashed, then compared in constant time: the comparison tells nothing about the token's prefix.
    if (!presented || !(await timingSafeEqual(presented, token))) {
      c.header('WWW-Authenticate', 'Bearer realm="heed-metrics"');
      throw new ApiError('unauthorized', 'A valid metrics token (HEED_METRICS_TOKEN) is required.');
    }
    let figures: StoreFigures | null = null;
    try {
      const [outbox, databaseBytes] = await Promise.all([store.outboxFigures(now()), store.databaseBytes()]);
      figures = { outbox, databaseBytes };
    } catch (error) {
      log.warn({ requestId: c.get('requestId'), err: error }, 'metrics: the store figures could not be read');
    }
    const { contentType, body } = await metrics.exposition(figures);
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}

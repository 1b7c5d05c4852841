import type { Store } from '../store/store.ts';

/**
 * Rate limits per key. Written here rather than taken from hono-rate-limiter because the project
 * key is in the request body (a middleware counts before the body is read) and limits must follow
 * the app's clock (`now`), which tests set.
 */
export interface RateLimiter {
  /** Counts one request for `key`; when over the limit, how long until the next is allowed. */
  take(key: string, perMinute: number): RateDecision | Promise<RateDecision>;
  /** Its counts are seen by other instances (so client ids must be computed alike on each). */
  readonly shared: boolean;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

const MINUTE_MS = 60_000;

/**
 * Shared by every instance on one database (several Node boxes on Postgres, Workers isolates on
 * D1): a fixed one-minute window per key, counted in the database in one statement. Cheaper than
 * a token bucket there (no read-modify-write), at the price of up to twice the rate across a
 * window's edge.
 */
export function createStoreRateLimiter(store: Pick<Store, 'countRequest'>, now: () => number): RateLimiter {
  return {
    shared: true,
    async take(key, perMinute) {
      const t = now();
      const windowStart = t - (t % MINUTE_MS);
      const count = await store.countRequest(key, windowStart);
      return count <= perMinute ? { ok: true } : { ok: false, retryAfterMs: windowStart + MINUTE_MS - t };
    },
  };
}

/**
 * Token buckets in this process's memory, one per key: `perMinute` requests a minute on average,
 * bursts up to the same number. For one process (the single-box SQLite server).
 */
/** Past this many buckets, full (idle) ones are dropped, so a flood of keys cannot grow memory without bound. */
const MAX_BUCKETS = 50_000;

export function createMemoryRateLimiter(now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, perMinute: number, t: number) =>
    Math.min(perMinute, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000);

  return {
    shared: false,
    take(key, perMinute) {
      const t = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? refill(bucket, perMinute, t) : perMinute;
      if (tokens < 1) return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * 60_000) / perMinute) };
      if (!bucket && buckets.size >= MAX_BUCKETS) {
        for (const [k, b] of buckets) if (refill(b, perMinute, t) >= perMinute) buckets.delete(k);
        // Still full of busy keys: start over rather than grow (a limit briefly forgotten beats memory without bound).
        if (buckets.size >= MAX_BUCKETS) buckets.clear();
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      return { ok: true };
    },
  };
}

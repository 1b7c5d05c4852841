import type { RequestCountStore } from '../store/store.ts';

/**
 * Rate limits per key. Written here rather than taken from hono-rate-limiter because the project
 * key is in the request body (a middleware counts before the body is read) and limits must follow
 * the app's clock (`now`), which tests set.
 */
export interface RateLimiter {
  /**
   * Counts one request for `key`, allowed `limit` times per `windowMs` (a minute unless said; one
   * key always uses one window); when over, how long until the next is allowed. An infinite limit
   * counts nothing.
   */
  take(key: string, limit: number, windowMs?: number): RateDecision | Promise<RateDecision>;
  /** Its counts are seen by other instances (so client ids must be computed alike on each). */
  readonly shared: boolean;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
const UNLIMITED: RateDecision = { ok: true };

/**
 * Shared by every instance on one database (several Node boxes on Postgres, Workers isolates on
 * D1): a fixed window per key, counted in the database in one statement. Cheaper than a token
 * bucket there (no read-modify-write), at the price of up to twice the rate across a window's edge.
 */
export function createStoreRateLimiter(store: RequestCountStore, now: () => number): RateLimiter {
  return {
    shared: true,
    async take(key, limit, windowMs = MINUTE_MS) {
      if (limit === Infinity) return UNLIMITED;
      const t = now();
      const windowStart = t - (t % windowMs);
      const count = await store.countRequest(key, windowStart);
      return count <= limit ? { ok: true } : { ok: false, retryAfterMs: windowStart + windowMs - t };
    },
  };
}

/** Past this many buckets, full (idle) ones are dropped, so a flood of keys cannot grow memory without bound. */
const MAX_BUCKETS = 50_000;

interface Bucket {
  tokens: number;
  at: number;
  limit: number;
  windowMs: number;
}

/**
 * Token buckets in this process's memory, one per key: `limit` requests per window on average,
 * bursts up to the same number. For one process (the single-box SQLite server).
 */
export function createMemoryRateLimiter(now: () => number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refill = (bucket: Bucket, t: number) => Math.min(bucket.limit, bucket.tokens + ((t - bucket.at) * bucket.limit) / bucket.windowMs);

  return {
    shared: false,
    take(key, limit, windowMs = MINUTE_MS) {
      if (limit === Infinity) return UNLIMITED;
      const t = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? refill(bucket, t) : limit;
      if (tokens < 1) return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * windowMs) / limit) };
      if (!bucket && buckets.size >= MAX_BUCKETS) {
        for (const [k, b] of buckets) if (refill(b, t) >= b.limit) buckets.delete(k);
        // Still full of busy keys: start over rather than grow (a limit briefly forgotten beats memory without bound).
        if (buckets.size >= MAX_BUCKETS) buckets.clear();
      }
      buckets.set(key, { tokens: tokens - 1, at: t, limit, windowMs });
      return { ok: true };
    },
  };
}

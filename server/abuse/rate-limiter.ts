/**
 * Token buckets, one per key: `perMinute` requests a minute on average, bursts up to the same
 * number. Written here rather than taken from hono-rate-limiter because the project key is in the
 * request body (a middleware counts before the body is read) and limits must follow the app's
 * clock (`now`), which tests and later shared stores set. In memory: one process, one set of
 * buckets (a shared store for several instances comes with the runtimes issue).
 */
export interface RateLimiter {
  /** Takes one token for `key`; when none is left, how long until one is. */
  take(key: string, perMinute: number): { ok: true } | { ok: false; retryAfterMs: number };
}

/** Past this many buckets, full (idle) ones are dropped, so a flood of keys cannot grow memory without bound. */
const MAX_BUCKETS = 50_000;

export function createMemoryRateLimiter(now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, perMinute: number, t: number) =>
    Math.min(perMinute, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000);

  return {
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

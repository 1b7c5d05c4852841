import type { DeliveryResult } from './send.ts';

export type Verdict = 'delivered' | 'retry' | 'rejected';

/**
 * What to do after an attempt: a 4xx other than 408/425/429 can never succeed (bad input, unknown
 * project, origin refused); network errors, 5xx and those three are worth another try.
 */
export function judge(result: DeliveryResult): Verdict {
  if (result.ok) return 'delivered';
  const status = result.status;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429) return 'rejected';
  return 'retry';
}

const BASE_MS = 1000;
const CAP_MS = 5 * 60_000;

/**
 * Delay before attempt number `attempts + 1`: exponential from 1 s to 5 min, jittered ×0.5–1.5
 * so many visitors' retries do not arrive together, and never sooner than the server's Retry-After.
 */
export function retryDelay(attempts: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** attempts) * (0.5 + random());
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** How one submission ended, and what it took. */
export interface SubmitOutcome {
  status: number;
  attempts: number;
  /** Answers that said "later" (425, 429, 503 with Retry-After). */
  refused: number;
  /** 5xx answers without Retry-After: the server failed rather than said "later". */
  serverErrors: number;
  /** Connection refused or reset, timeouts (ours, or a 408: the server gave up on the request): the server was down, went down or was swamped. */
  networkErrors: number;
  /** Of those, attempts unanswered within 15 s or answered 408 (the rest were refused or reset connections). */
  timeouts: number;
  /** From the first send to the final answer. */
  ms: number;
}

import { Agent, request } from 'undici';
import { retryDelay } from '../../widget/delivery/retry.ts';

const RETRY_LATER = new Set([425, 429, 503]);
/** Up to 2,048 connections, as many browsers behind a proxy: more visitors than that wait their turn here. */
const visitors = new Agent({ connections: 2048 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits before a retry: attempts made so far, and the server's Retry-After (ms) if it sent one. */
export type RetryDelay = (attempts: number, retryAfterMs: number | undefined) => number;

/**
 * Sooner than the widget (50 ms doubling to 2 s, jittered, never sooner than Retry-After): for tests
 * where when a retry comes is beside the point and the widget's waits would only stretch the run.
 */
export const eagerRetryDelay: RetryDelay = (attempts, retryAfterMs) =>
  Math.max(retryAfterMs ?? 0, Math.min(2000, 50 * 2 ** attempts) * (0.5 + Math.random()));

/**
 * Sends one submission as the widget does: the same body (and id) on every retry, by default after
 * the widget's own delays (exponential from 1 s, jittered, never sooner than Retry-After), until a
 * 2xx or a 4xx that can never succeed. Gives up with an error at `stopAt` (epoch ms), so a load loop ends.
 */
export async function submitLikeTheWidget(
  origin: () => string,
  body: object,
  stopAt: number,
  delay: RetryDelay = retryDelay,
): Promise<SubmitOutcome> {
  const started = Date.now();
  const outcome = { attempts: 0, refused: 0, serverErrors: 0, networkErrors: 0, timeouts: 0 };
  const json = JSON.stringify(body);
  while (Date.now() < stopAt) {
    outcome.attempts += 1;
    let retryAfterMs: number | undefined;
    try {
      // undici's request rather than fetch: a load generator should cost less than the server it loads.
      const res = await request(`${origin()}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
        dispatcher: visitors,
        signal: AbortSignal.timeout(Math.max(1, Math.min(15_000, stopAt - Date.now()))),
      });
      await res.body.dump();
      const retryAfter = Number(res.headers['retry-after']);
      // The widget's own verdict (retry.ts): a 408 (the server gave up waiting for the request, as
      // under overload) is tried again, as a timeout is.
      if (res.statusCode === 408) {
        outcome.networkErrors += 1;
        outcome.timeouts += 1;
      } else if (res.statusCode < 500 && !RETRY_LATER.has(res.statusCode))
        return { ...outcome, status: res.statusCode, ms: Date.now() - started };
      else if (RETRY_LATER.has(res.statusCode) && retryAfter > 0) {
        outcome.refused += 1;
        retryAfterMs = retryAfter * 1000;
      } else outcome.serverErrors += 1;
    } catch (error) {
      outcome.networkErrors += 1;
      if ((error as Error).name === 'TimeoutError') outcome.timeouts += 1;
    }
    await sleep(delay(outcome.attempts - 1, retryAfterMs));
  }
  throw new Error(`gave up on ${(body as { id?: string }).id} after ${outcome.attempts} attempts`);
}

import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors.ts';

export interface LoadSheddingOptions {
  /** Requests allowed inside the handler at once (waiting on the database included). */
  maxInFlight: number;
  /** Whether the runtime is saturated right now (Node: event-loop delay); never, by default. */
  busy?: () => boolean;
  random?: () => number;
}

/**
 * Answers 503 with Retry-After, before the body is read, when more requests are inside than
 * `maxInFlight` or the runtime says it is saturated: past its sustainable rate a server that
 * queues everything only grows its memory and latency, while clients that retry later (the
 * widget does) get through once the load drops. Retry-After is spread over 1–5 s so that the
 * refused do not all come back in the same second.
 */
export function shedLoad({ maxInFlight, busy = () => false, random = Math.random }: LoadSheddingOptions) {
  let inFlight = 0;
  return createMiddleware(async function shedLoad(_c, next) {
    if (inFlight >= maxInFlight || busy()) {
      const seconds = 1 + Math.floor(random() * 5);
      throw new ApiError('overloaded', `The server is busy; try again in ${seconds} s.`, { headers: { 'Retry-After': String(seconds) } });
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  });
}

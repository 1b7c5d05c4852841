import type { ErrorBody } from '../../contract/errors.ts';
import { parseRetryAfter } from '../../contract/retry-after.ts';
import type { FeedbackPayload } from '../../contract/submission.ts';

/**
 * `fields` lists the paths the server found invalid (`email`, `page.url`), if any;
 * `retryAfterMs` is the server's Retry-After, if it sent one.
 */
export type DeliveryResult =
  /** `queued`: safely stored in the browser, not yet confirmed by the server. */
  | { ok: true; queued?: boolean }
  | { ok: false; status?: number; message: string; fields: string[]; retryAfterMs?: number; ticket?: string | null };

/**
 * Posts feedback as text/plain JSON: a "simple" request, so no CORS preflight, and it still
 * goes out with `keepalive` if the visitor leaves right after pressing send.
 */
export async function sendFeedback(endpoint: string, payload: FeedbackPayload): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(payload),
      keepalive: true,
      credentials: 'omit',
      // A hung connection must not hold the outbox (and its cross-tab lock) forever.
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return { ok: false, message: 'Could not reach the feedback server.', fields: [] };
  }
  let message = `The feedback server answered with an error (${response.status}).`;
  let fields: string[] = [];
  try {
    const body = (await response.json()) as Partial<ErrorBody> & { id?: string };
    // Only the server's answer naming this submission means it is stored: a captive portal's
    // login page comes with a 200 too, and is retried like an error.
    if (response.ok && body.id === payload.id) return { ok: true };
    if (body.error?.message) message = body.error.message;
    fields = (body.error?.issues ?? []).map((issue) => String(issue.path));
  } catch {
    // Not our JSON (a proxy's error page, a portal's login page): keep the status-based message.
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  return {
    ok: false,
    status: response.status,
    message,
    fields,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    // A fresh form ticket, when the submission had none the server could accept (queued offline, say).
    ticket: response.headers.get('heed-form-ticket'),
  };
}

/**
 * Every error the API answers with: its code, the HTTP status it comes with and when. The server
 * throws only these (server/errors.ts's ApiError takes a code from here and its status from here),
 * the widget and the dashboard read error bodies as `ErrorBody`, and /openapi.json lists the codes
 * in its `ErrorBody` schema. Codes never change meaning: clients branch on them.
 */
export const ERRORS = {
  // 400: the request itself is wrong; sending it again cannot help.
  invalid_payload: { status: 400, when: 'A field breaks its rule (body, query or path); `issues` names each.' },
  invalid_json: { status: 400, when: 'The body is not JSON.' },
  incomplete_body: { status: 400, when: 'The body ended before all of it arrived (the client went away mid-body).' },
  invalid_content_length: { status: 400, when: '`Content-Length` is not a number.' },
  invalid_cursor: { status: 400, when: 'The cursor is not one this API returned.' },
  page_origin_mismatch: { status: 400, when: 'A browser sent feedback about a page on another origin; `issues` names `page.url`.' },
  email_not_configured: { status: 400, when: 'An email destination, on a server with no mail transport.' },
  malformed_request: { status: 400, when: 'Not valid HTTP/1.1 (refused by the Node server before the app).' },
  http_error: { status: 400, when: 'Another refusal by the HTTP layer, answered with its own status.' },
  unauthorized: { status: 401, when: 'No valid admin token with the route’s scope (or a higher one).' },
  origin_not_allowed: { status: 403, when: 'The request’s `Origin` is not one the project allows.' },
  turnstile_required: { status: 403, when: 'The project asks for Turnstile and the submission carries no token.' },
  turnstile_failed: { status: 403, when: 'The Turnstile token is wrong, expired, or was used by another submission.' },
  not_found: { status: 404, when: 'Nothing is served at this path.' },
  project_not_found: { status: 404, when: 'No project has this key (on the widget’s routes: no enabled one).' },
  feedback_not_found: { status: 404, when: 'The project has no feedback with this id.' },
  token_not_found: { status: 404, when: 'No live token has this id.' },
  destination_not_found: { status: 404, when: 'The project has no destination with this id.' },
  message_not_found: { status: 404, when: 'The destination has no delivered or dead message with this id.' },
  method_not_allowed: { status: 405, when: 'The path does not take this method.' },
  request_timeout: { status: 408, when: 'The request did not arrive in time (Node server).' },
  payload_too_large: { status: 413, when: 'The body is over the route’s limit, counted as it streams.' },
  unsupported_media_type: { status: 415, when: 'The body is not sent as JSON.' },
  // 408, 425, 429 and 5xx: worth sending again (the widget's outbox does), after `Retry-After` where given.
  ticket_required: { status: 425, when: 'No valid form ticket; a fresh one is in `Heed-Form-Ticket`. `Retry-After`.' },
  too_soon: { status: 425, when: 'Sent sooner than the project’s `minSeconds` after the form was served. `Retry-After`.' },
  rate_limited: { status: 429, when: 'Over a rate limit (per client or per project). `Retry-After`.' },
  ticket_exhausted: { status: 429, when: 'The form ticket has carried its submissions for now. `Retry-After`.' },
  headers_too_large: { status: 431, when: 'The request head is over 16 KiB (Node server).' },
  internal_error: { status: 500, when: 'A server fault (logged); nothing was changed.' },
  overloaded: { status: 503, when: 'The server is past what it can take (load shedding). `Retry-After`.' },
  turnstile_unavailable: { status: 503, when: 'Turnstile could not be asked. `Retry-After`.' },
  turnstile_not_configured: {
    status: 503,
    // 400 where an admin turns Turnstile on: a request to fix, not a wait.
    also: 400,
    when: 'The project asks for Turnstile but the server has no Turnstile keys (`Retry-After`); 400 from the admin API turning it on.',
  },
} as const satisfies Record<string, { status: number; also?: number; when: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The statuses a code may come with: its own, and the catalogue's `also` where it has one. */
export type ErrorStatus<C extends ErrorCode> = (typeof ERRORS)[C] extends { status: infer S; also: infer A }
  ? S | A
  : (typeof ERRORS)[C]['status'];

/** One field-level problem: `path` is dotted (`rating.value`), empty for the whole body. */
export interface ErrorIssue {
  path: string;
  message: string;
}

/** Every error answer's body. */
export interface ErrorBody {
  /** `requestId`: the answer's X-Request-Id, to find its log line (docs/operations.md). */
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId?: string };
}

import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { $ZodError } from 'zod/v4/core';
import { ERRORS, type ErrorBody, type ErrorCode, type ErrorIssue, type ErrorStatus } from '../contract/errors.ts';

interface ApiErrorOptions<C extends ErrorCode> {
  issues?: ErrorIssue[] | undefined;
  /** Sent with the error (`Retry-After` on 429). */
  headers?: Record<string, string>;
  /** Only where the catalogue lists another status for the code (`also`). */
  status?: ErrorStatus<C>;
}

/**
 * Every error the API answers with has this shape; routes throw it, `app.onError` renders it. Its
 * code is one of contract/errors.ts's, and its status the one the catalogue gives that code.
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends HTTPException {
  readonly issues: ErrorIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: C,
    message: string,
    { issues, headers = {}, status = ERRORS[code].status as ErrorStatus<C> }: ApiErrorOptions<C> = {},
  ) {
    super(status as ContentfulStatusCode, { message });
    this.issues = issues;
    this.headers = headers;
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

/** Hono's own refusals (its validators, body limits) by status, so they get machine-readable codes too. */
const HTTP_ERROR_CODES: Partial<Record<number, ErrorCode>> = {
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

interface ErrorAnswer {
  body: ErrorBody;
  status: ContentfulStatusCode;
  headers: Record<string, string>;
}

const answerOf = (error: ApiError): ErrorAnswer => ({ body: error.body(), status: error.status, headers: error.headers });

/**
 * Any error a request ended with, as the API answers it: an ApiError as thrown, Hono's refusals
 * with a code, the rest a 500 (logged); with the request's id when there is one.
 */
export function errorAnswer(error: unknown, logError: (error: unknown) => void, requestId?: string): ErrorAnswer {
  const answer = answerWithoutId(error, logError);
  if (requestId !== undefined) answer.body = { error: { ...answer.body.error, requestId } };
  return answer;
}

function answerWithoutId(error: unknown, logError: (error: unknown) => void): ErrorAnswer {
  if (error instanceof ApiError) return answerOf(error);
  if (!(error instanceof HTTPException)) {
    logError(error);
    return answerOf(new ApiError('internal_error', 'Something went wrong on the server.'));
  }
  // Hono's JSON validator's words for a body that is not JSON: answered as readJsonBody answers it.
  if (error.message === 'Malformed JSON in request body') return answerOf(new ApiError('invalid_json', 'The body is not valid JSON.'));
  // With Hono's status: the code's, or any for http_error.
  const code = HTTP_ERROR_CODES[error.status] ?? 'http_error';
  return { body: { error: { code, message: error.message || 'Request failed.' } }, status: error.status, headers: {} };
}

export function issuesFromZod(error: $ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function invalidInput(error: $ZodError, what = 'request'): ApiError {
  return new ApiError('invalid_payload', `The ${what} is not valid; see issues for each field.`, { issues: issuesFromZod(error) });
}

/** The body stopped before its end (the client went away, or broke its framing): nothing to judge, and no fault of the server. */
export function incompleteBody(): ApiError {
  return new ApiError('incomplete_body', 'The body ended before all of it arrived.');
}

/** No project has this key; the widget's routes know enabled projects only, and say so. */
export function projectNotFound(enabledOnly = false): ApiError {
  return new ApiError('project_not_found', enabledOnly ? 'No enabled project has this key.' : 'No project has this key.');
}

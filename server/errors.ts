import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { $ZodError } from 'zod/v4/core';

/** One field-level problem: `path` is dotted (`rating.value`), empty for the whole body. */
export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: ErrorIssue[] };
}

/** Every error the API answers with has this shape; routes throw it, `app.onError` renders it. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Sent with the error (`Retry-After` on 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export function issuesFromZod(error: $ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function invalidInput(error: $ZodError, what = 'request'): ApiError {
  return new ApiError(400, 'invalid_payload', `The ${what} is not valid; see issues for each field.`, issuesFromZod(error));
}

/** The body stopped before its end (the client went away, or broke its framing): nothing to judge, and no fault of the server. */
export function incompleteBody(): ApiError {
  return new ApiError(400, 'incomplete_body', 'The body ended before all of it arrived.');
}

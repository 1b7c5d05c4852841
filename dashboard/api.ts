import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { ClientResponse } from 'hono/client';
import type { ErrorBody, ErrorIssue } from '../contract/errors.ts';
import type { Client } from '../server/client.ts';

export const ApiContext = createContext<{ client: Client; signOut: () => void } | null>(null);

/** The signed-in session: the typed client and sign-out. */
export function useApi() {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a signed-in session');
  return api;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Per field, as the server named them (`allowedOrigins.0`). */
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }
}

/** What to tell the person about a failed action: the server's message and each field's problem. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  return [error.message, ...error.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))].join(' ');
}

/** The body type of a typed client's successful answers. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : S extends 204 ? undefined : never) : never;

/** The answer's JSON when it is a success, else an ApiProblem with the server's message. */
export async function answer<R extends ClientResponse<unknown, number, string>>(response: R): Promise<SuccessBody<R>> {
  if (response.status === 204) return undefined as SuccessBody<R>;
  if (response.ok) return (await response.json()) as SuccessBody<R>;
  let message = `The server answered ${response.status}.`;
  let issues: ErrorIssue[] = [];
  try {
    const body = (await response.json()) as Partial<ErrorBody> | null;
    if (body?.error?.message) message = body.error.message;
    issues = body?.error?.issues ?? [];
  } catch {
    // Not JSON (a proxy's error page): keep the status.
  }
  throw new ApiProblem(response.status, message, issues);
}

export type Resource<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/**
 * Loads with `load` whenever `deps` change; `reload` loads again. A 401 (token revoked) signs out.
 * An answer that arrives after a newer load started is dropped.
 */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): [Resource<T>, () => void] {
  const { signOut } = useApi();
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setResource({ state: 'loading' });
    load().then(
      (data) => current && setResource({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblem && error.status === 401) return signOut();
        setResource({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [resource, useCallback(() => setRound((n) => n + 1), [])];
}

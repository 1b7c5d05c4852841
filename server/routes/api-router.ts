import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import { ERRORS, type ErrorCode } from '../../contract/errors.ts';
import { invalidInput, projectNotFound } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { ErrorBodySchema } from '../schemas/error.ts';
import type { TokenStore, Project, ProjectStore, TokenScope } from '../store/store.ts';

/** A router whose routes also describe themselves in /openapi.json; bad input gets the API's error shape. */
export function createApiRouter() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBodySchema } } });

/** A route's error answers for its `responses`: the codes it may answer with, by their catalogue status. */
export function errorResponses(...codes: ErrorCode[]): Record<string, ReturnType<typeof errorResponse>> {
  const byStatus: Record<string, string[]> = {};
  for (const code of codes) (byStatus[ERRORS[code].status] ??= []).push(`\`${code}\`: ${ERRORS[code].when}`);
  return Object.fromEntries(Object.entries(byStatus).map(([status, lines]) => [status, errorResponse(lines.join(' '))]));
}

/** The project an admin route names; admins reach disabled projects too, so this bypasses the ingest cache. */
export async function findAdminProject(store: ProjectStore, key: string, now: number): Promise<Project> {
  const project = await store.getProjectByKey(key, now);
  if (!project) throw projectNotFound();
  return project;
}

/** A JSON response for a route's `responses`. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A JSON request body for a route's `request`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

/** The admin API's body limit (project settings, destinations): far above any real body. */
const limitAdminBody = limitBody(256 * 1024);

/**
 * An admin route: a bearer token with at least `scope` (read < write < admin) is checked before
 * anything else, and the route documents that scope, its error answers and its own responses.
 * The body limit comes after the token check: a chunked body is counted by reading it, and a
 * caller without a token must be refused before any of its body is read (else it can hold a
 * connection by sending a body slowly).
 */
export function adminRoute<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(store: TokenStore, scope: TokenScope, route: R) {
  return createRoute({
    ...route,
    security: [{ bearer: [scope] }],
    middleware: [adminAuth(store, scope), limitAdminBody] as const,
    responses: {
      400: errorResponse('The request is not valid; `issues` names each field.'),
      401: errorResponse(`No valid admin token with the "${scope}" scope (or a higher one).`),
      404: errorResponse('No such project (or item).'),
      ...route.responses,
    },
  });
}

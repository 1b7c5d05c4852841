import { z } from 'zod';
import { issueAdminToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import { IssuedTokenSchema, NewTokenSchema, TokenIdParamSchema, TokenSchema } from '../schemas/admin-token.ts';
import type { AdminToken, TokenStore } from '../store/store.ts';
import { adminRoute, createApiRouter, jsonBody, jsonResponse } from './api-router.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toApiToken({ id, scope, label, createdAt, revokedAt }: AdminToken): z.infer<typeof TokenSchema> {
  return { id, scope, label, createdAt: iso(createdAt)!, revokedAt: iso(revokedAt) };
}

/** Admin tokens: all with the `admin` scope; a token's secret is in the creating answer only. */
export function adminTokenRoutes({ store, now }: { store: TokenStore; now: () => number }) {
  const tags = ['Tokens'];

  return createApiRouter()
    .openapi(
      adminRoute(store, 'admin', {
        method: 'get',
        path: '/tokens',
        tags,
        summary: 'List admin tokens',
        responses: { 200: jsonResponse(z.object({ items: z.array(TokenSchema) }), 'Every token, revoked ones included, without secrets.') },
      }),
      async (c) => c.json({ items: (await store.listAdminTokens()).map(toApiToken) }, 200),
    )
    .openapi(
      adminRoute(store, 'admin', {
        method: 'post',
        path: '/tokens',
        tags,
        summary: 'Create an admin token',
        request: { body: jsonBody(NewTokenSchema) },
        responses: { 201: jsonResponse(IssuedTokenSchema, 'The token, shown this once; only its hash is stored.') },
      }),
      async (c) => {
        const { scope, label } = c.req.valid('json');
        const { token, id } = await issueAdminToken(store, { scope, now: now(), ...(label ? { label } : {}) });
        return c.json({ ...toApiToken((await store.getAdminToken(id))!), token }, 201);
      },
    )
    .openapi(
      adminRoute(store, 'admin', {
        method: 'delete',
        path: '/tokens/{id}',
        tags,
        summary: 'Revoke an admin token',
        request: { params: TokenIdParamSchema },
        responses: { 204: { description: 'Revoked: the token is refused from now on.' } },
      }),
      async (c) => {
        if (!(await store.revokeAdminToken(c.req.valid('param').id, now()))) {
          throw new ApiError('token_not_found', 'No live token has this id.');
        }
        return c.body(null, 204);
      },
    );
}

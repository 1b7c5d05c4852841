import { createMiddleware } from 'hono/factory';
import { verifyAdminToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import type { Store, TokenScope } from '../store/store.ts';

/**
 * Bearer-token check for admin routes. Hono's bearerAuth answers a malformed header with 400;
 * we answer every failure with the same 401 so a caller learns nothing about why.
 */
export function adminAuth(store: Store, scope: TokenScope) {
  return createMiddleware(async function adminAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const token = presented ? await verifyAdminToken(store, presented, scope) : null;
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="heed"');
      throw new ApiError(401, 'unauthorized', `A valid admin token with the "${scope}" scope is required.`);
    }
    await next();
  });
}

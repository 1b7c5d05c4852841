import { createMiddleware } from 'hono/factory';
import { verifyAdminToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import type { TokenStore, TokenScope } from '../store/store.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The scope of the token an admin route let the request in with (routes show less to lower scopes). */
    adminScope: TokenScope;
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header, or '' for any other header. The scheme
 * is case-insensitive and one or more spaces may follow it (RFC 9110 §11.4: `auth-scheme 1*SP`).
 */
export function bearerToken(header: string): string {
  // A fixed pattern with disjoint parts (` +` then `\S+`): linear on any header.
  return /^bearer +(\S+)$/i.exec(header)?.[1] ?? '';
}

/**
 * Bearer-token check for admin routes. Hono's bearerAuth answers a malformed header with 400;
 * we answer every failure with the same 401 so a caller learns nothing about why.
 */
export function adminAuth(store: TokenStore, scope: TokenScope) {
  return createMiddleware(async function adminAuth(c, next) {
    const presented = bearerToken(c.req.header('authorization') ?? '');
    const token = presented ? await verifyAdminToken(store, presented, scope) : null;
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="heed"');
      // The body, if any, is left unread: close rather than wait for it (a GET's body is not even
      // drained by the Node adapter, so a slow one would hold the connection until the timeout).
      c.header('Connection', 'close');
      throw new ApiError('unauthorized', `A valid admin token with the "${scope}" scope is required.`);
    }
    c.set('adminScope', token.scope);
    await next();
  });
}

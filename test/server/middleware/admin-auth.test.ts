import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../../server/auth/tokens.ts';
import type { TokenScope } from '../../../server/store/store.ts';
import { createTestApp } from '../../helpers/test-app.ts';

/** Routes anyone may call: the widget's. Every other route under /v1 must demand a token. */
const PUBLIC = ['POST /v1/feedback', 'OPTIONS /v1/feedback', 'GET /v1/projects/:key/config'];
const SCOPES: TokenScope[] = ['read', 'write', 'admin'];

describe('every admin route, found by walking the router', async () => {
  const t = await createTestApp();
  const tokens = Object.fromEntries(
    await Promise.all(SCOPES.map(async (scope) => [scope, (await issueAdminToken(t.store, { scope, now: 1 })).token] as const)),
  ) as Record<TokenScope, string>;
  const doc = (await (await t.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { security?: { bearer?: string[] }[] }>>;
  };
  const routes = [
    ...new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path}`)),
  ].filter((route) => !PUBLIC.includes(route));
  afterAll(() => t.cleanup());

  beforeAll(() => {
    // Guards the walk itself: it must see the admin API, not an empty list.
    expect(routes.length).toBeGreaterThanOrEqual(10);
  });

  const request = (route: string, token?: string) => {
    const [method, path] = route.split(' ') as [string, string];
    const url = path.replace(':key', 'pk_shop').replace(':id', '0123456789abcdef');
    return t.app.request(url, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
    });
  };

  it.each(routes)('%s documents the scope it needs', (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const operation = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    expect(SCOPES).toContain(operation?.security?.[0]?.bearer?.[0]);
  });

  it.each(routes)('%s answers 401 without a token, and with a token below its scope', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const scope = doc.paths[path.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase()]!.security![0]!.bearer![0] as TokenScope;
    expect((await request(route)).status).toBe(401);
    for (const lower of SCOPES.slice(0, SCOPES.indexOf(scope))) expect((await request(route, tokens[lower])).status).toBe(401);
    expect((await request(route, tokens[scope])).status).not.toBe(401);
  });
});

describe('the Authorization header', async () => {
  const t = await createTestApp();
  const { token } = await issueAdminToken(t.store, { scope: 'read', now: 1 });
  afterAll(() => t.cleanup());
  const status = async (authorization: string) =>
    (await t.app.request('/v1/projects', { headers: { Authorization: authorization } })).status;

  // RFC 9110 §11.1: the scheme is case-insensitive; §11.4: one or more spaces follow it.
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('accepts the scheme written %s', async (scheme) => {
    expect(await status(`${scheme} ${token}`)).toBe(200);
  });

  it('accepts several spaces between the scheme and the token', async () => {
    expect(await status(`Bearer    ${token}`)).toBe(200);
  });

  it.each([
    ['no scheme', () => token],
    ['another scheme', () => `Basic ${token}`],
    ['no space after the scheme', () => `Bearer${token}`],
    ['a tab instead of a space', () => `Bearer\t${token}`],
    ['the scheme alone', () => 'Bearer'],
    ['two tokens', () => `Bearer ${token} ${token}`],
    ['a token with a character changed', () => `bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
  ])('answers %s with the same 401 as no header', async (_, header) => {
    const res = await t.app.request('/v1/projects', { headers: { Authorization: header() } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="heed"');
    expect(await res.json()).toEqual({
      error: { code: 'unauthorized', message: 'A valid admin token with the "read" scope is required.', requestId: expect.any(String) },
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { issueAdminToken, sha256Hex } from '../../server/auth/tokens.ts';
import { createTestApp, feedbackBody } from '../helpers/test-app.ts';

describe('GET /v1/projects/:key/feedback (admin)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const body = feedbackBody(overrides);
    const res = await t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return body;
  };
  const list = (query = '', token: string | null = t.adminToken) =>
    t.app.request(`/v1/projects/pk_shop/feedback${query}`, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });

  it('lists feedback newest first in the submitted shape', async () => {
    const first = await submit({ comment: 'first' });
    t.advanceClock(1000);
    const second = await submit({ comment: 'second', email: 'ada@example.com', category: 'Bug' });
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(body.items.map((i) => i.id)).toEqual([second.id, first.id]);
    expect(body.items[0]).toEqual({
      id: second.id,
      createdAt: new Date(1_700_000_001_000).toISOString(),
      rating: { kind: 'stars', value: 4 },
      comment: 'second',
      category: 'Bug',
      email: 'ada@example.com',
      page: { url: 'https://shop.example/checkout', referrer: null, title: 'Checkout' },
      context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, userAgent: 'test' },
      metadata: null,
    });
    expect(body.nextCursor).toBeNull();
  });

  it('pages through every item with nextCursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      ids.unshift((await submit()).id as string);
      t.advanceClock(10);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(ids);
  });

  it.each([
    ['no Authorization header', null],
    ['a malformed header', 'Basic abc'],
    ['an unknown token', 'heed_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['garbage', 'nonsense'],
  ])('answers 401 with one uniform body for %s', async (_name, token) => {
    const res =
      token === 'Basic abc'
        ? await t.app.request('/v1/projects/pk_shop/feedback', { headers: { Authorization: token } })
        : await list('', token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toEqual({
      error: { code: 'unauthorized', message: 'A valid admin token with the "read" scope is required.' },
    });
  });

  it('refuses a token whose secret is wrong, and a revoked token, with the same answer', async () => {
    const unauthorized = { error: { code: 'unauthorized', message: 'A valid admin token with the "read" scope is required.' } };
    const wrongSecret = await list('', t.adminToken.slice(0, -4) + 'AAAA');
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual(unauthorized);
    const { token, id } = await issueAdminToken(t.store, { scope: 'read', now: 1 });
    expect((await list('', token)).status).toBe(200);
    await t.store.revokeAdminToken(id, 2);
    const revoked = await list('', token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual(unauthorized);
  });

  it('stores only a hash of each token: the secret is nowhere in the database files', async () => {
    const secret = t.adminToken.split('_').slice(2).join('_');
    const files = ['', '-wal'].map((s) => (existsSync(t.dbPath + s) ? readFileSync(t.dbPath + s).toString('latin1') : '')).join('');
    expect(files).toContain(await sha256Hex(secret));
    expect(files).not.toContain(secret);
  });

  it('answers 404 for an unknown project', async () => {
    const res = await t.app.request('/v1/projects/pk_nope/feedback', { headers: { Authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(404);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=abc', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
  ])('rejects %s with 400 naming the field', async (query, path) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toContain(path);
  });
});

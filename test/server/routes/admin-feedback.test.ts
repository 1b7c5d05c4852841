import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { issueAdminToken, sha256Hex } from '../../../server/auth/tokens.ts';
import { createTestApp } from '../../helpers/test-app.ts';

describe('GET /v1/projects/:key/feedback (admin)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const submit = (overrides: Record<string, unknown> = {}) => t.submit(overrides);
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
      followUp: null,
      category: 'Bug',
      email: 'ada@example.com',
      page: { url: 'https://shop.example/checkout', referrer: null, title: 'Checkout', verified: true },
      context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, userAgent: 'test' },
      metadata: null,
      status: 'new',
      tags: [],
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
      error: { code: 'unauthorized', message: 'A valid admin token with the "read" scope is required.', requestId: expect.any(String) },
    });
  });

  it('refuses a token whose secret is wrong, and a revoked token, with the same answer', async () => {
    const unauthorized = {
      error: { code: 'unauthorized', message: 'A valid admin token with the "read" scope is required.', requestId: expect.any(String) },
    };
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

  it.each([
    ['?order=sideways', 'order'],
    ['?from=yesterday', 'from'],
    ['?from=2026-11-02&to=2026-11-01', 'to'],
    ['?ratingMin=4&ratingMax=2', 'ratingMax'],
    ['?hasComment=yes', 'hasComment'],
    ['?status=done', 'status'],
    ['?tag=%3Cscript%3E', 'tag'],
    ['?q=%22%22%20*', 'q'],
    ['?colour=red', ''],
  ])('rejects the filter %s with 400 naming the field', async (query, path) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_payload');
    expect(body.error.issues.map((i) => i.path)).toContain(path);
  });

  it('narrows the listing with filters that combine, oldest first on request', async () => {
    const bug = await submit({ rating: { kind: 'stars', value: 1 }, category: 'Bug', page: { url: 'https://shop.example/docs/setup' } });
    t.advanceClock(86_400_000);
    const quiet = await submit({ rating: { kind: 'stars', value: 5 }, comment: undefined, email: 'ada@example.com' });
    t.advanceClock(86_400_000);
    const idea = await submit({
      rating: undefined,
      comment: 'Dark mode?',
      category: 'Idea',
      page: { url: 'https://shop.example/docs/api' },
    });
    const ids = async (query: string) => ((await (await list(query)).json()) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('?order=oldest')).toEqual([bug.id, quiet.id, idea.id]);
    expect(await ids('?page=https://shop.example/docs/*')).toEqual([idea.id, bug.id]);
    expect(await ids('?page=https://shop.example/docs/*&category=Bug')).toEqual([bug.id]);
    expect(await ids('?ratingKind=stars&ratingMax=2')).toEqual([bug.id]);
    expect(await ids('?hasComment=false')).toEqual([quiet.id]);
    expect(await ids('?hasEmail=true')).toEqual([quiet.id]);
    const day2 = new Date(1_700_000_000_000 + 86_400_000).toISOString();
    expect(await ids(`?from=${day2}`)).toEqual([idea.id, quiet.id]);
    expect(await ids(`?to=${day2}`)).toEqual([bug.id]);
    expect(await ids('?q=dark')).toEqual([idea.id]);
    expect(await ids('?q=MODE&category=Idea')).toEqual([idea.id]);
    expect(await ids('?q=mode&category=Bug')).toEqual([]);
  });

  it('answers each item’s follow-up (null without one), reads it with the item, and finds it by words of its answer', async () => {
    const followUp = { question: 'What went wrong?', answer: 'The coupon field <b>vanished</b>' };
    const answered = await submit({ rating: { kind: 'stars', value: 1 }, comment: 'Checkout broke', followUp });
    t.advanceClock(1000);
    const plain = await submit({ comment: 'Checkout was fine' });
    const items = ((await (await list('?order=oldest')).json()) as { items: { id: string; followUp: unknown }[] }).items;
    expect(items.map((i) => [i.id, i.followUp])).toEqual([
      [answered.id, followUp],
      [plain.id, null],
    ]);
    const one = await t.app.request(`/v1/projects/pk_shop/feedback/${answered.id}`, {
      headers: { Authorization: `Bearer ${t.adminToken}` },
    });
    expect(await one.json()).toMatchObject({ id: answered.id, comment: 'Checkout broke', followUp });
    const ids = async (query: string) => ((await (await list(query)).json()) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('?q=coupon')).toEqual([answered.id]);
    expect(await ids('?q=checkout+vanish')).toEqual([answered.id]);
    expect(await ids('?q=checkout')).toEqual([plain.id, answered.id]);
    // The question is the project's text, asked of everyone in the band: not searched.
    expect(await ids('?q=wrong')).toEqual([]);
  });

  const patch = (id: string, body: unknown, token = t.adminToken) =>
    t.app.request(`/v1/projects/pk_shop/feedback/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('reads one item, marks it resolved and tags it; the listing filters by both', async () => {
    const item = await submit({ comment: 'Invoice is wrong' });
    const other = await submit();
    const one = await t.app.request(`/v1/projects/pk_shop/feedback/${item.id}`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: item.id, comment: 'Invoice is wrong', status: 'new', tags: [] });
    const res = await patch(item.id as string, { status: 'resolved', tags: ['billing', 'billing', 'v2'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: item.id, status: 'resolved', tags: ['billing', 'v2'] });
    const ids = async (query: string) => ((await (await list(query)).json()) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('?status=resolved')).toEqual([item.id]);
    expect(await ids('?status=new')).toEqual([other.id]);
    expect(await ids('?tag=billing')).toEqual([item.id]);
  });

  it('needs a write token to change an item, and refuses bad changes without touching it', async () => {
    const item = await submit();
    const { token: reader } = await issueAdminToken(t.store, { scope: 'read', now: 1 });
    expect((await patch(item.id as string, { status: 'read' }, reader)).status).toBe(401);
    for (const bad of [{}, { status: 'done' }, { tags: ['<b>'] }, { tags: 'billing' }, { status: 'read', colour: 'red' }]) {
      const res = await patch(item.id as string, bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload');
    }
    const notJson = await t.app.request(`/v1/projects/pk_shop/feedback/${item.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: '{"status":',
    });
    expect(notJson.status).toBe(400);
    expect(await t.store.getFeedback(t.project.id, item.id as string)).toMatchObject({ status: 'new', tags: [] });
    expect((await patch('no-such-id', { status: 'read' })).status).toBe(404);
  });
});

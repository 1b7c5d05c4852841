import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.ts';

describe('admin tokens through the API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const call = (method: string, path: string, body?: unknown, token = t.adminToken) =>
    t.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('creates a scoped token shown once, which then works for its scope and no higher', async () => {
    const res = await call('POST', '/v1/tokens', { scope: 'read', label: 'dashboard' });
    expect(res.status).toBe(201);
    const issued = (await res.json()) as { token: string; id: string; scope: string; label: string };
    expect(issued).toMatchObject({ scope: 'read', label: 'dashboard', revokedAt: null });
    expect(issued.token).toMatch(new RegExp(`^heed_${issued.id}_`));
    expect((await call('GET', '/v1/projects/pk_shop/feedback', undefined, issued.token)).status).toBe(200);
    expect((await call('GET', '/v1/tokens', undefined, issued.token)).status).toBe(401);
    const listed = (await (await call('GET', '/v1/tokens')).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.find((item) => item.id === issued.id)).toEqual({
      id: issued.id,
      scope: 'read',
      label: 'dashboard',
      createdAt: new Date(1_700_000_000_000).toISOString(),
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(issued.token.split('_')[2]);
  });

  it('revokes a token: refused from then on, listed as revoked', async () => {
    const issued = (await (await call('POST', '/v1/tokens', { scope: 'write' })).json()) as { token: string; id: string };
    expect((await call('DELETE', `/v1/tokens/${issued.id}`)).status).toBe(204);
    expect((await call('GET', '/v1/projects/pk_shop/feedback', undefined, issued.token)).status).toBe(401);
    expect((await call('DELETE', `/v1/tokens/${issued.id}`)).status).toBe(404);
    const listed = (await (await call('GET', '/v1/tokens')).json()) as { items: { id: string; revokedAt: string | null }[] };
    expect(listed.items.find((item) => item.id === issued.id)?.revokedAt).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it.each([
    [{ scope: 'root' }, 'scope'],
    [{}, 'scope'],
    [{ scope: 'read', label: '' }, 'label'],
    [{ scope: 'read', secret: 'mine' }, ''],
  ])('refuses %j with 400 naming the field and creates nothing', async (body, field) => {
    const before = (await (await call('GET', '/v1/tokens')).json()) as { items: unknown[] };
    const res = await call('POST', '/v1/tokens', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toContain(field);
    expect(((await (await call('GET', '/v1/tokens')).json()) as { items: unknown[] }).items).toHaveLength(before.items.length);
  });

  it('refuses a malformed token id with 400', async () => {
    expect((await call('DELETE', '/v1/tokens/xyz')).status).toBe(400);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, createTestClient, expectStatus } from '../../helpers/test-app.ts';

describe('admin tokens through the API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const listTokens = async () => {
    const res = await t.client.v1.tokens.$get();
    expectStatus(res, 200);
    return res.json();
  };
  const listFeedback = (token: string) =>
    createTestClient(t.app, token).v1.projects[':key'].feedback.$get({ param: { key: 'pk_shop' }, query: {} });

  it('creates a scoped token shown once, which then works for its scope and no higher', async () => {
    const res = await t.client.v1.tokens.$post({ json: { scope: 'read', label: 'dashboard' } });
    expectStatus(res, 201);
    const issued = await res.json();
    expect(issued).toMatchObject({ scope: 'read', label: 'dashboard', revokedAt: null });
    expect(issued.token).toMatch(new RegExp(`^heed_${issued.id}_`));
    expect((await listFeedback(issued.token)).status).toBe(200);
    expect((await createTestClient(t.app, issued.token).v1.tokens.$get()).status).toBe(401);
    const listed = await listTokens();
    expect(listed.items.find((item) => item.id === issued.id)).toEqual({
      id: issued.id,
      scope: 'read',
      label: 'dashboard',
      createdAt: new Date(1_700_000_000_000).toISOString(),
      revokedAt: null,
    });
    // The secret is base64url and may itself contain '_', so cut at the known prefix, not at '_'.
    const secret = issued.token.slice(`heed_${issued.id}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('revokes a token: refused from then on, listed as revoked', async () => {
    const created = await t.client.v1.tokens.$post({ json: { scope: 'write' } });
    expectStatus(created, 201);
    const issued = await created.json();
    const revoke = () => t.client.v1.tokens[':id'].$delete({ param: { id: issued.id } });
    expect((await revoke()).status).toBe(204);
    expect((await listFeedback(issued.token)).status).toBe(401);
    expect((await revoke()).status).toBe(404);
    const listed = await listTokens();
    expect(listed.items.find((item) => item.id === issued.id)?.revokedAt).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it.each([
    [{ scope: 'root' }, 'scope'],
    [{}, 'scope'],
    [{ scope: 'read', label: '' }, 'label'],
    [{ scope: 'read', secret: 'mine' }, ''],
  ])('refuses %j with 400 naming the field and creates nothing', async (body, field) => {
    const before = await listTokens();
    // Bodies the client's types would refuse, so sent as they are.
    const res = await t.app.request('/v1/tokens', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toContain(field);
    expect((await listTokens()).items).toHaveLength(before.items.length);
  });

  it('refuses a malformed token id with 400', async () => {
    expect((await t.client.v1.tokens[':id'].$delete({ param: { id: 'xyz' } })).status).toBe(400);
  });
});

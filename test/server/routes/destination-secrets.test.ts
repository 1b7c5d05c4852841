import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../../server/auth/tokens.ts';
import type { TokenScope } from '../../../server/store/store.ts';
import { createTestApp } from '../../helpers/test-app.ts';

describe('secrets in destinations', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tokens: Record<TokenScope, string>;
  beforeEach(async () => {
    t = await createTestApp();
    tokens = {
      read: (await issueAdminToken(t.store, { scope: 'read', now: 1_700_000_000_000 })).token,
      write: (await issueAdminToken(t.store, { scope: 'write', now: 1_700_000_000_000 })).token,
      admin: t.adminToken,
    };
  });
  afterEach(() => t.cleanup());

  const request = (scope: TokenScope, method: string, path: string, body?: unknown) => {
    t.advanceClock(1000); // one destination a second: a list is in the order they were added
    return t.app.request(`/v1/projects/pk_shop/destinations${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[scope]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const listUrls = async (scope: TokenScope) => {
    const res = await request(scope, 'GET', '');
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, urls: (JSON.parse(text) as { items: { name: string; url?: string }[] }).items.map(({ name, url }) => [name, url]) };
  };

  /** A row as one saved before URLs with credentials were refused: the case the review found. */
  const addStoredWebhook = (target: string) =>
    t.store.createDestination(
      {
        id: 'dst_stored',
        projectId: t.project.id,
        kind: 'webhook',
        name: 'CRM',
        target,
        secret: 'whsec_c3RvcmVk',
        events: ['feedback.created'],
        filter: {},
      },
      1_699_999_999_000,
    );

  it.each(['read', 'write'] as const)(
    'shows a %s-scope token only the scheme and host of each destination URL: no user, password, path or query',
    async (scope) => {
      await addStoredWebhook('https://user:s3cret@hooks.example.com/in?token=abc123');
      expect(
        (await request('admin', 'POST', '', { kind: 'slack', name: 'Team', url: 'https://hooks.slack.com/services/T1/B2/slack-token' }))
          .status,
      ).toBe(201);
      expect(
        (await request('admin', 'POST', '', { kind: 'webhook', name: 'Port', url: 'http://hooks.example.com:8443/deep/path?key=k3y#frag' }))
          .status,
      ).toBe(201);

      const { text, urls } = await listUrls(scope);
      expect(urls).toEqual([
        ['CRM', 'https://hooks.example.com/…'],
        ['Team', 'https://hooks.slack.com/…'],
        ['Port', 'http://hooks.example.com:8443/…'],
      ]);
      for (const secret of ['s3cret', 'user', 'abc123', 'token', '/in', 'slack-token', 'services', 'k3y', 'deep', 'whsec_'])
        expect(text).not.toContain(secret);
    },
  );

  it('shows an admin token, which can change them, the URLs it gave (Slack and Discord without their token)', async () => {
    expect(
      (await request('admin', 'POST', '', { kind: 'webhook', name: 'CRM', url: 'https://hooks.example.com/in?token=abc123' })).status,
    ).toBe(201);
    expect(
      (await request('admin', 'POST', '', { kind: 'slack', name: 'Team', url: 'https://hooks.slack.com/services/T1/B2/slack-token' }))
        .status,
    ).toBe(201);
    expect((await listUrls('admin')).urls).toEqual([
      ['CRM', 'https://hooks.example.com/in?token=abc123'],
      ['Team', 'https://hooks.slack.com/services/T1/B2/…'],
    ]);
  });

  it('returns a webhook’s signing secret in the creating answer only: never in a list, a change, a test or the history', async () => {
    const created = await request('admin', 'POST', '', { kind: 'webhook', name: 'CRM', url: 'http://127.0.0.1:9/hook' });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const answers = [
      await request('admin', 'GET', ''),
      await request('read', 'GET', ''),
      await request('admin', 'PATCH', `/${id}`, { name: 'CRM (EU)' }),
      await request('admin', 'POST', `/${id}/test`),
      await request('read', 'GET', `/${id}/messages`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('whsec_'.length));
      expect(text).not.toContain('"secret"');
    }
  });

  it.each([
    ['POST', '', { kind: 'webhook', name: 'CRM', url: 'https://user:s3cret@hooks.example.com/in' }],
    ['POST', '', { kind: 'slack', name: 'Team', url: 'https://:s3cret@hooks.slack.com/services/T1/B2/x' }],
    ['PATCH', '/dst_stored', { url: 'https://user@hooks.example.com/in' }],
  ])('refuses %s with a user name or password in the URL (fetch would not send it) with 400 on `url`', async (method, path, body) => {
    await addStoredWebhook('https://hooks.example.com/in');
    const res = await request('admin', method, path, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(answer.error.code).toBe('invalid_payload');
    expect(answer.error.issues).toEqual([{ path: 'url', message: expect.stringContaining('user name or password') }]);
    expect(JSON.stringify(answer)).not.toContain('s3cret');
  });
});

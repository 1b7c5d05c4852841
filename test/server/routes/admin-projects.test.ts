import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, expectStatus, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

describe('projects through the admin API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const listProjects = async () => {
    const res = await t.client.v1.projects.$get();
    expectStatus(res, 200);
    return res.json();
  };
  const submit = (key: string, origin = 'https://blog.example', extra: Record<string, unknown> = {}) =>
    t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify(feedbackBody({ project: key, ...extra })),
    });

  it('creates a project that accepts feedback from its origins at once, and lists it', async () => {
    t.advanceClock(1000); // listed oldest first: after the test app's own project
    const res = await t.client.v1.projects.$post({
      json: { name: 'Blog', allowedOrigins: ['https://blog.example'], ratingKind: 'thumbs', retentionDays: 90 },
    });
    expectStatus(res, 201);
    const created = await res.json();
    expect(created).toMatchObject({ name: 'Blog', allowedOrigins: ['https://blog.example'], enabled: true, retentionDays: 90 });
    expect(created.key).toMatch(/^pk_[A-Za-z0-9_-]{16}$/);
    expect(created).toMatchObject({ widgetConfig: { ratingKind: 'thumbs' }, antiSpam: { minSeconds: 2, turnstile: false } });
    // As the widget does: the form's ticket from the config, a person's few seconds, then the submission.
    const { ticket } = (await (await t.app.request(`/v1/projects/${created.key}/config`)).json()) as { ticket: string };
    t.advanceClock(2000);
    expect(
      (await submit(created.key, 'https://blog.example', { ticket, page: { url: 'https://blog.example/post', title: 'Post' } })).status,
    ).toBe(201);
    const list = await listProjects();
    expect(list.items.map((p) => p.key)).toEqual(['pk_shop', created.key]);
    const read = await t.client.v1.projects[':key'].$get({ param: { key: created.key } });
    expectStatus(read, 200);
    expect(await read.json()).toEqual(created);
  });

  it('changes name, origins, widget config and retention, leaving the rest', async () => {
    const res = await t.client.v1.projects[':key'].$patch({
      param: { key: 'pk_shop' },
      json: {
        name: 'Shop EU',
        allowedOrigins: [SITE_ORIGIN, 'https://eu.shop.example'],
        widgetConfig: { ratingKind: 'nps', categories: ['Bug'] },
        retentionDays: 30,
      },
    });
    expectStatus(res, 200);
    const changed = await res.json();
    expect(changed).toMatchObject({ key: 'pk_shop', name: 'Shop EU', enabled: true, retentionDays: 30 });
    expect(changed.widgetConfig).toMatchObject({ ratingKind: 'nps', categories: ['Bug'], email: 'optional' });
    const config = await (await t.app.request('/v1/projects/pk_shop/config')).json();
    expect(config).toMatchObject({ ratingKind: 'nps', categories: ['Bug'] });
  });

  it('disables a project: ingest refuses it once the cache expires (within a minute)', async () => {
    expect((await submit('pk_shop', SITE_ORIGIN)).status).toBe(201);
    expect((await t.client.v1.projects[':key'].$patch({ param: { key: 'pk_shop' }, json: { enabled: false } })).status).toBe(200);
    t.advanceClock(30_001);
    const refused = await submit('pk_shop', SITE_ORIGIN);
    expect(refused.status).toBe(404);
    expect((await t.client.v1.projects[':key'].$get({ param: { key: 'pk_shop' } })).status).toBe(200); // admins still see it
  });

  it('rotates the key: the old one keeps working for the grace period, then is refused', async () => {
    const res = await t.client.v1.projects[':key']['rotate-key'].$post({ param: { key: 'pk_shop' }, json: { graceSeconds: 3600 } });
    expectStatus(res, 200);
    const rotated = await res.json();
    expect(rotated.key).not.toBe('pk_shop');
    expect(rotated.previousKeyValidUntil).toBe(new Date(1_700_000_000_000 + 3_600_000).toISOString());
    expect((await submit(rotated.key, SITE_ORIGIN)).status).toBe(201);
    expect((await submit('pk_shop', SITE_ORIGIN)).status).toBe(201);
    t.advanceClock(3_600_000 + 30_001);
    expect((await submit('pk_shop', SITE_ORIGIN)).status).toBe(404);
    expect((await submit(rotated.key, SITE_ORIGIN)).status).toBe(201);
    const items = await t.client.v1.projects[':key'].feedback.$get({ param: { key: rotated.key }, query: {} });
    expectStatus(items, 200);
    expect((await items.json()).items).toHaveLength(3);
  });

  it.each([
    ['POST', '/v1/projects', {}, 'name'],
    ['POST', '/v1/projects', { name: 'x', allowedOrigins: ['https://a.example/path'] }, 'allowedOrigins.0'],
    // Not URLs at all: the origin check must not throw on them (it answered 500).
    ['POST', '/v1/projects', { name: 'x', allowedOrigins: ['shop.example'] }, 'allowedOrigins.0'],
    ['PATCH', '/v1/projects/pk_shop', { allowedOrigins: [SITE_ORIGIN, 'https://shop\uFFFD.example'] }, 'allowedOrigins.1'],
    ['POST', '/v1/projects', { name: 'x', ratingKind: 'hearts' }, 'ratingKind'],
    ['POST', '/v1/projects', { name: 'x', retentionDays: 0 }, 'retentionDays'],
    ['PATCH', '/v1/projects/pk_shop', {}, ''],
    ['PATCH', '/v1/projects/pk_shop', { enabled: 'no' }, 'enabled'],
    ['PATCH', '/v1/projects/pk_shop', { widgetConfig: { theme: { accent: 'red' } } }, 'widgetConfig.theme.accent'],
    ['PATCH', '/v1/projects/pk_shop', { key: 'pk_mine' }, ''],
    // A follow-up's threshold off the scale: asked never, or after every rating.
    [
      'PATCH',
      '/v1/projects/pk_shop',
      { widgetConfig: { ratingKind: 'stars', followUp: { low: { atMost: 0, question: 'What went wrong?' } } } },
      'widgetConfig.followUp.low.atMost',
    ],
    [
      'PATCH',
      '/v1/projects/pk_shop',
      { widgetConfig: { ratingKind: 'nps', followUp: { high: { atLeast: 11, question: 'What do you love?' } } } },
      'widgetConfig.followUp.high.atLeast',
    ],
    ['POST', '/v1/projects/pk_shop/rotate-key', { graceSeconds: -1 }, 'graceSeconds'],
    ['PATCH', '/v1/projects/pk_shop', { antiSpam: { minSeconds: 61, turnstile: false } }, 'antiSpam.minSeconds'],
  ])('refuses %s %s %j with 400 naming the field, and changes nothing', async (method, path, body, field) => {
    const before = await listProjects();
    // Bodies the client's types would refuse, so sent as they are.
    const res = await t.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string; issues: { path: string }[] } }).error;
    expect(error.code).toBe('invalid_payload');
    expect(error.message).toBeTruthy();
    expect(error.issues.map((i) => i.path)).toContain(field);
    expect(await listProjects()).toEqual(before);
  });

  it('turns spam checks up or down, and refuses Turnstile while the server has no Turnstile keys', async () => {
    const res = await t.app.request('/v1/projects/pk_shop', {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ antiSpam: { minSeconds: 5 } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ antiSpam: { minSeconds: 5, turnstile: false } });
    const before = await listProjects();
    for (const [method, path, body] of [
      ['PATCH', '/v1/projects/pk_shop', { antiSpam: { turnstile: true } }],
      ['POST', '/v1/projects', { name: 'Guarded', antiSpam: { turnstile: true } }],
    ] as const) {
      const refused = await t.app.request(path, {
        method,
        headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(refused.status).toBe(400);
      const { error } = (await refused.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(error.code).toBe('turnstile_not_configured');
      expect(error.issues.map((i) => i.path)).toEqual(['antiSpam.turnstile']);
    }
    expect(await listProjects()).toEqual(before);
  });

  it('answers 404 for an unknown project, and 400 invalid_json for a broken body', async () => {
    expect((await t.client.v1.projects[':key'].$patch({ param: { key: 'pk_nope' }, json: { enabled: false } })).status).toBe(404);
    expect((await t.client.v1.projects[':key']['rotate-key'].$post({ param: { key: 'pk_nope' }, json: {} })).status).toBe(404);
    const broken = await t.app.request('/v1/projects', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      error: { code: 'invalid_json', message: 'The body is not valid JSON.', requestId: expect.any(String) },
    });
  });

  it('refuses an admin body over 256 KiB with 413, and changes nothing', async () => {
    const before = await listProjects();
    const huge = JSON.stringify({ name: 'Renamed', widgetConfig: { texts: { title: 'x'.repeat(300 * 1024) } } });
    for (const withLength of [true, false]) {
      const res = await t.app.request(`/v1/projects/${t.project.key}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
        // A stream has no Content-Length: the limit then counts as it reads.
        body: withLength ? huge : new Blob([huge]).stream(),
        ...(withLength ? {} : { duplex: 'half' }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('payload_too_large');
    }
    expect(await listProjects()).toEqual(before);
  });
});

import { expect } from 'vitest';
import { createApp } from '../../server/app.ts';
import { issueAdminToken } from '../../server/auth/tokens.ts';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import type { Store } from '../../server/store/store.ts';

const NOW = 1_700_000_000_000;

/** Every C0 control but TAB, LF and CR, then DEL and the C1 controls: what text people write loses. */
export const DROPPED_CONTROLS =
  Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i))
    .filter((c) => !'\t\n\r'.includes(c))
    .join('') + Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)).join('');

/**
 * The control-character rule through the app on `store`: a visitor's comment, title, category,
 * user agent and metadata with NUL and other controls are stored without them (CR and CRLF as LF,
 * a lone surrogate as U+FFFD); a URL, a key, an id or a filter with one is refused with 400 naming
 * the field; a site owner's names get the same cleaning. Nothing answers 500 or logs an error, and
 * the rows stored before are intact.
 */
export async function expectControlCharacterRule(store: Store): Promise<void> {
  const errors: unknown[] = [];
  await store.createProject(
    {
      id: crypto.randomUUID(),
      key: 'ctl',
      name: 'Controls',
      allowedOrigins: ['https://a.example'],
      widgetConfig: WidgetConfigSchema.parse({}),
      enabled: true,
      antiSpam: { minSeconds: 0, turnstile: false },
    },
    NOW,
  );
  let clock = NOW;
  const app = createApp({ store, now: () => clock, logError: (error) => errors.push(error) });
  const admin = { Authorization: `Bearer ${(await issueAdminToken(store, { scope: 'admin', now: NOW })).token}` };
  const json = { 'Content-Type': 'application/json' };
  const submit = (overrides: Record<string, unknown>) =>
    app.request('/v1/feedback', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        project: 'ctl',
        id: crypto.randomUUID(),
        rating: { kind: 'stars', value: 2 },
        page: { url: 'https://a.example/checkout', title: 'Checkout' },
        context: { locale: 'en', viewport: { width: 1, height: 1 } },
        ...overrides,
      }),
    });
  const refusal = async (res: Response) => ({
    status: res.status,
    body: (await res.json()) as { error: { code: string; issues?: { path: string }[] } },
  });

  const earlier = await submit({ comment: 'Stored before' });
  expect(earlier.status).toBe(201);
  clock += 1000;

  const accepted = await submit({
    comment: `Line one\r\nline two\rline three\u0000 ends${DROPPED_CONTROLS} here\twith a tab \ud800 and 😀`,
    category: 'Bug\u0000',
    email: 'ada@example.com',
    page: { url: 'https://a.example/checkout', title: 'Check\u0000out\u0007' },
    context: { locale: 'en', viewport: { width: 1, height: 1 }, userAgent: 'UA\u0000/1' },
    metadata: { plan: 'pro\u0000' },
  });
  expect(accepted.status).toBe(201);
  const { id } = (await accepted.json()) as { id: string };
  const stored = await store.getFeedback((await store.getProjectByKey('ctl'))!.id, id);
  expect(stored).toMatchObject({
    comment: 'Line one\nline two\nline three ends here\twith a tab \ufffd and 😀',
    category: 'Bug',
    page: { title: 'Checkout' },
    context: { userAgent: 'UA/1' },
    metadata: { plan: 'pro' },
  });

  // What cannot be cleaned without naming something else is refused, with the field's path.
  for (const [overrides, path] of [
    [{ page: { url: 'https://a.example/a\u0000b' } }, 'page.url'],
    [{ page: { url: 'https://a.example/', referrer: 'https://b.example/\u0001' } }, 'page.referrer'],
    [{ comment: '\u0000\u0001', rating: undefined }, 'rating'],
  ] as const) {
    expect(await refusal(await submit(overrides)), path).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload', issues: [{ path }] } },
    });
  }
  const filtered = await app.request('/v1/projects/ctl/feedback?category=Bug%00', { headers: admin });
  expect(await refusal(filtered)).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_payload', issues: [{ path: 'category' }] } },
  });
  expect((await app.request('/v1/projects/ctl%00', { headers: admin })).status).toBe(400);
  const cursor = Buffer.from(JSON.stringify({ createdAt: NOW, id: '\u0000' })).toString('base64url');
  expect((await app.request(`/v1/projects/ctl/feedback?cursor=${cursor}`, { headers: admin })).status).toBe(400);
  // The public config answers a key nobody can have as unknown.
  expect(await refusal(await app.request('/v1/projects/ctl%00/config'))).toMatchObject({
    status: 404,
    body: { error: { code: 'project_not_found' } },
  });

  const renamed = await app.request('/v1/projects/ctl', {
    method: 'PATCH',
    headers: { ...admin, ...json },
    body: JSON.stringify({ name: 'Shop\u0000\r\n2' }),
  });
  expect(renamed.status).toBe(200);
  expect((await store.getProjectByKey('ctl'))?.name).toBe('Shop\n2');
  const destination = (body: Record<string, unknown>) =>
    app.request('/v1/projects/ctl/destinations', {
      method: 'POST',
      headers: { ...admin, ...json },
      body: JSON.stringify({ kind: 'webhook', url: 'https://hooks.example.com/in', ...body }),
    });
  expect((await destination({ name: 'Ops\u0000 team', filter: { category: 'Bug\u0000' } })).status).toBe(201);
  expect(await refusal(await destination({ name: 'Ops', filter: { page: 'https://a.example/\u0000*' } }))).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_payload', issues: [{ path: 'filter.page' }] } },
  });
  expect((await store.listDestinations((await store.getProjectByKey('ctl'))!.id)).map((d) => [d.name, d.filter])).toEqual([
    ['Ops team', { category: 'Bug' }],
  ]);

  const listed = await store.listFeedback((await store.getProjectByKey('ctl'))!.id, { limit: 10, order: 'oldest' });
  expect(listed.items.map((item) => item.comment)).toEqual(['Stored before', stored!.comment]);
  expect(errors).toEqual([]);
}

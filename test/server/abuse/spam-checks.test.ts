import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addProject, createTestApp, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

/**
 * A stand-in for Turnstile's siteverify on loopback, with its documented rules: one secret, a
 * token is good once, or again with the same idempotency key.
 */
function startFakeTurnstile() {
  const used = new Map<string, string>();
  const seen: Record<string, string>[] = [];
  let down = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (down) return void res.writeHead(500).end();
      const form = Object.fromEntries(new URLSearchParams(body));
      seen.push(form);
      const { secret, response: token = '', idempotency_key: key = '' } = form;
      let success = secret === 'test-secret' && token.startsWith('good-');
      if (success && used.has(token) && used.get(token) !== key) success = false;
      if (success) used.set(token, key);
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ success, 'error-codes': success ? [] : ['invalid-input-response'] }));
    });
  });
  return {
    seen,
    setDown: (value: boolean) => (down = value),
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('spam checks on POST /v1/feedback', () => {
  const turnstile = startFakeTurnstile();
  beforeAll(() => turnstile.listen());
  afterAll(() => turnstile.close());

  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    turnstile.setDown(false);
    t = await createTestApp({ config: { turnstile: { siteKey: 'test-site-key', secretKey: 'test-secret', verifyUrl: turnstile.url() } } });
    await addProject(t.store, { id: crypto.randomUUID(), key: 'pk_guarded', antiSpam: { minSeconds: 2, turnstile: false } });
    await addProject(t.store, { id: crypto.randomUUID(), key: 'pk_turnstile', antiSpam: { minSeconds: 0, turnstile: true } });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const config = async (key: string) =>
    (await (await t.app.request(`/v1/projects/${key}/config`)).json()) as { ticket?: string; turnstileSiteKey?: string };
  const post = (body: Record<string, unknown>) =>
    t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: SITE_ORIGIN },
      body: JSON.stringify(body),
    });
  const stored = async (key: string) => {
    const project = await t.store.getProjectByKey(key);
    return (await t.store.listFeedback(project!.id, { limit: 100 })).items.map((i) => i.id);
  };
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const body = feedbackBody({ honeypot: 'https://cheap-pills.example' });
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: body.id });
    expect(await stored('pk_shop')).toEqual([]);
  });

  it('stores a submission sent at least minSeconds after its form was served', async () => {
    const { ticket } = await config('pk_guarded');
    expect(ticket).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    t.advanceClock(2000);
    const body = feedbackBody({ project: 'pk_guarded', ticket });
    expect((await post(body)).status).toBe(201);
    expect(await stored('pk_guarded')).toEqual([body.id]);
  });

  it('holds back a submission faster than a person with 425 and the wait, then takes it', async () => {
    const { ticket } = await config('pk_guarded');
    t.advanceClock(500);
    const body = feedbackBody({ project: 'pk_guarded', ticket });
    const early = await post(body);
    expect(early.status).toBe(425);
    expect(early.headers.get('retry-after')).toBe('2');
    expect(await errorOf(early)).toBe('too_soon');
    expect(await stored('pk_guarded')).toEqual([]);
    t.advanceClock(1500);
    expect((await post(body)).status).toBe(201);
    expect(await stored('pk_guarded')).toEqual([body.id]);
  });

  it('hands a submission without a valid ticket a fresh one to retry with (the widget’s offline path)', async () => {
    const body = feedbackBody({ project: 'pk_guarded' });
    const first = await post(body);
    expect(first.status).toBe(425);
    expect(await errorOf(first)).toBe('ticket_required');
    expect(first.headers.get('access-control-expose-headers')).toContain('Heed-Form-Ticket');
    const ticket = first.headers.get('heed-form-ticket');
    expect(ticket).toBeTruthy();
    t.advanceClock(2000);
    expect((await post({ ...body, ticket })).status).toBe(201);
  });

  it.each([
    ['forged', async () => `${(1_700_000_000_000 - 60_000).toString(36)}.${'A'.repeat(43)}`],
    ['another project’s', async () => (await config('pk_shop_other')).ticket],
    ['garbled', async () => 'not a ticket'],
  ])('refuses a %s ticket and stores nothing', async (_name, makeTicket) => {
    await addProject(t.store, { id: crypto.randomUUID(), key: 'pk_shop_other', antiSpam: { minSeconds: 1, turnstile: false } });
    const ticket = await makeTicket();
    t.advanceClock(60_000);
    const res = await post(feedbackBody({ project: 'pk_guarded', ticket }));
    expect(res.status).toBe(425);
    expect(await errorOf(res)).toBe('ticket_required');
    expect(await stored('pk_guarded')).toEqual([]);
  });

  it('refuses a ticket older than the widget keeps feedback (8 days)', async () => {
    const { ticket } = await config('pk_guarded');
    t.advanceClock(8 * 86_400_000 + 1);
    expect(await errorOf(await post(feedbackBody({ project: 'pk_guarded', ticket })))).toBe('ticket_required');
  });

  it('serves the Turnstile site key only to projects that ask for it', async () => {
    expect((await config('pk_turnstile')).turnstileSiteKey).toBe('test-site-key');
    expect(await config('pk_guarded')).not.toHaveProperty('turnstileSiteKey');
  });

  it('stores a submission whose Turnstile token passes, and its retry with the same spent token', async () => {
    const body = feedbackBody({ project: 'pk_turnstile', turnstileToken: 'good-1' });
    expect((await post(body)).status).toBe(201);
    // The response was lost, say: the widget sends the same submission again.
    expect((await post(body)).status).toBe(200);
    expect(await stored('pk_turnstile')).toEqual([body.id]);
    expect(turnstile.seen.at(-1)).toMatchObject({ secret: 'test-secret', response: 'good-1', idempotency_key: body.id });
    expect(Object.keys(turnstile.seen.at(-1)!)).not.toContain('remoteip');
    // The same token on another submission is refused.
    const reuse = await post(feedbackBody({ project: 'pk_turnstile', turnstileToken: 'good-1' }));
    expect(reuse.status).toBe(403);
    expect(await errorOf(reuse)).toBe('turnstile_failed');
  });

  it.each([
    [undefined, 403, 'turnstile_required'],
    ['bad-token', 403, 'turnstile_failed'],
  ])('refuses Turnstile token %s with %i %s', async (token, status, code) => {
    const res = await post(feedbackBody({ project: 'pk_turnstile', ...(token ? { turnstileToken: token } : {}) }));
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toBe(code);
    expect(await stored('pk_turnstile')).toEqual([]);
  });

  it('answers 503 with Retry-After while Turnstile cannot be asked, so the widget tries again', async () => {
    turnstile.setDown(true);
    const body = feedbackBody({ project: 'pk_turnstile', turnstileToken: 'good-2' });
    const res = await post(body);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    turnstile.setDown(false);
    expect((await post(body)).status).toBe(201);
  });
});

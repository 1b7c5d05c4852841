import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleDigests } from '../../../server/digest/scheduler.ts';
import { MAX_ATTEMPTS } from '../../../server/notify/delivery-worker.ts';
import { createTestApp } from '../../helpers/test-app.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback standing in for Slack, Discord and webhook consumers; answers as scripted. */
function startReceiver() {
  const received: Received[] = [];
  let answers: { status: number; headers?: Record<string, string> }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  return {
    received,
    answer: (...next: { status: number; headers?: Record<string, string> }[]) => (answers = next),
    reset: () => {
      received.length = 0;
      answers = [];
    },
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('forwarding feedback to destinations', () => {
  const receiver = startReceiver();
  beforeAll(() => receiver.listen());
  afterAll(() => receiver.close());

  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    receiver.reset();
    t = await createTestApp();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.cleanup();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    t.app.request(`/v1/projects/pk_shop${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const addDestination = async (body: Record<string, unknown>) => {
    const res = await admin('POST', '/destinations', body);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; secret?: string; url: string; enabled: boolean };
  };
  const submit = (overrides: Record<string, unknown> = {}) => t.submit(overrides);
  const history = async (id: string) =>
    (
      (await (await admin('GET', `/destinations/${id}/messages`)).json()) as {
        items: { id: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; event: string }[];
      }
    ).items;

  it('sends a webhook signed per Standard Webhooks, verifiable with its secret, and refuses a tampered one', async () => {
    const destination = await addDestination({ kind: 'webhook', name: 'CRM', url: receiver.url('/hooks/heed') });
    expect(destination.secret).toMatch(/^whsec_/);
    const listed = (await (await admin('GET', '/destinations')).json()) as { items: Record<string, unknown>[] };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty('secret');

    const item = await submit({ comment: 'Checkout broke', rating: { kind: 'stars', value: 1 } });
    expect(await t.deliveries.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const { headers, body, path } = receiver.received[0]!;
    expect(path).toBe('/hooks/heed');
    // The verifier checks the signing time against the real clock: set it to the test's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const verifier = new Webhook(destination.secret!);
    const payload = verifier.verify(body, headers as Record<string, string>) as {
      type: string;
      data: { feedback: { id: string; comment: string } };
    };
    expect(payload.type).toBe('feedback.created');
    expect(payload.data.feedback).toMatchObject({ id: item.id, comment: 'Checkout broke' });
    expect(() => verifier.verify(body.replace('Checkout broke', 'All fine'), headers as Record<string, string>)).toThrow();
    expect(await history(destination.id)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1, lastStatus: 200, event: 'feedback.created' }),
    ]);
    expect(await t.deliveries.runOnce()).toBe(0); // sent once
  });

  it('sends Slack Block Kit and Discord embeds where no comment can ping anyone', async () => {
    await addDestination({ kind: 'slack', name: 'Team', url: receiver.url('/services/T1/B1/secret-token') });
    await addDestination({ kind: 'discord', name: 'Community', url: receiver.url('/api/webhooks/1/secret-token') });
    await submit({ comment: '<!channel> @everyone look <@U123>' });
    expect(await t.deliveries.runOnce()).toBe(2);
    const slack = JSON.parse(receiver.received.find((r) => r.path.startsWith('/services'))!.body) as { text: string; blocks: unknown[] };
    const discord = JSON.parse(receiver.received.find((r) => r.path.startsWith('/api'))!.body) as {
      allowed_mentions: unknown;
      embeds: unknown[];
    };
    expect(slack.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(slack)).not.toContain('<!channel>');
    expect(JSON.stringify(slack)).toContain('&lt;!channel&gt;');
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(discord.embeds).toHaveLength(1);
    // Their URLs carry a token: the API shows them without it.
    const listed = (await (await admin('GET', '/destinations')).json()) as { items: { url: string }[] };
    expect(listed.items.map((d) => d.url).join(' ')).not.toContain('secret-token');
  });

  it('forwards a submission’s follow-up question and answer to Slack, Discord and webhooks, escaped for each chat', async () => {
    await addDestination({ kind: 'slack', name: 'Team', url: receiver.url('/services/T1/B1/secret-token') });
    await addDestination({ kind: 'discord', name: 'Community', url: receiver.url('/api/webhooks/1/secret-token') });
    await addDestination({ kind: 'webhook', name: 'CRM', url: receiver.url('/hooks/heed') });
    const followUp = { question: 'What went wrong?', answer: '<!channel> @everyone the pay button is greyed out' };
    await submit({ rating: { kind: 'stars', value: 1 }, comment: 'Checkout broke', followUp });
    expect(await t.deliveries.runOnce()).toBe(3);
    const bodyAt = (prefix: string) => receiver.received.find((r) => r.path.startsWith(prefix))!.body;
    const slack = JSON.parse(bodyAt('/services')) as { blocks: { text?: { text: string } }[] };
    expect(slack.blocks.map((b) => b.text?.text)).toContain(
      '*What went wrong?*\n> &lt;!channel&gt; @everyone the pay button is greyed out',
    );
    const discord = JSON.parse(bodyAt('/api')) as { embeds: { description: string }[] };
    expect(discord.embeds[0]!.description).toBe(
      'Checkout broke\n\n**What went wrong?**\n> <!channel\\> @\u200beveryone the pay button is greyed out',
    );
    const webhook = JSON.parse(bodyAt('/hooks')) as { data: { feedback: { followUp: unknown } } };
    expect(webhook.data.feedback.followUp).toEqual(followUp);
  });

  it('retries a receiver that fails five times, then it gets the message exactly once more, with the same event id', async () => {
    const destination = await addDestination({ kind: 'webhook', name: 'Flaky', url: receiver.url('/flaky') });
    receiver.answer({ status: 500 }, { status: 502 }, { status: 503 }, { status: 500 }, { status: 504 });
    await submit();
    for (let i = 0; i < 12; i += 1) {
      await t.deliveries.runOnce();
      t.advanceClock(3_600_000);
    }
    expect(receiver.received).toHaveLength(6);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(await history(destination.id)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 6, lastStatus: 200 })]);
  });

  it('waits as long as Retry-After says before trying again', async () => {
    await addDestination({ kind: 'slack', name: 'Busy', url: receiver.url('/busy') });
    receiver.answer({ status: 429, headers: { 'Retry-After': '7200' } });
    await submit();
    await t.deliveries.runOnce();
    t.advanceClock(3_600_000);
    expect(await t.deliveries.runOnce()).toBe(0);
    t.advanceClock(3_600_000);
    expect(await t.deliveries.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(2);
  });

  it('sends a batch side by side: a receiver that holds its answer does not hold up the others', async () => {
    // Each request is answered only once both have arrived: sent one after another, the first
    // would wait out its 10 s timeout.
    const waiting: (() => void)[] = [];
    const holding = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        waiting.push(() => res.writeHead(204).end());
        if (waiting.length === 2) waiting.forEach((answer) => answer());
      });
    });
    await new Promise<void>((resolve) => holding.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(holding.address() as AddressInfo).port}`;
      await addDestination({ kind: 'webhook', name: 'One', url: `${url}/one` });
      await addDestination({ kind: 'webhook', name: 'Two', url: `${url}/two` });
      await submit();
      const started = Date.now();
      expect(await t.deliveries.runOnce()).toBe(2);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await new Promise((resolve) => holding.close(resolve));
    }
  });

  it('turns a destination off when its receiver answers 410 Gone, and queues nothing more for it', async () => {
    const destination = await addDestination({ kind: 'discord', name: 'Old channel', url: receiver.url('/gone') });
    receiver.answer({ status: 410 });
    await submit();
    await t.deliveries.runOnce();
    const [shown] = ((await (await admin('GET', '/destinations')).json()) as { items: { enabled: boolean; disabledReason: string }[] })
      .items;
    expect(shown).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
    expect(await history(destination.id)).toEqual([expect.objectContaining({ status: 'dead', lastStatus: 410 })]);
    await submit();
    expect(await t.deliveries.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    await addDestination({ kind: 'webhook', name: 'Moved', url: receiver.url('/old') });
    receiver.answer({ status: 302, headers: { Location: receiver.url('/new') } });
    await submit();
    await t.deliveries.runOnce();
    expect(receiver.received.map((r) => r.path)).toEqual(['/old']);
  });

  it('leaves a message dead after its last attempt, over a day later, and an admin can replay it', async () => {
    const destination = await addDestination({ kind: 'webhook', name: 'Down', url: receiver.url('/down') });
    receiver.answer(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 500 })));
    const started = Date.now();
    await submit();
    let elapsed = 0;
    while (receiver.received.length < MAX_ATTEMPTS && Date.now() - started < 10_000) {
      await t.deliveries.runOnce();
      t.advanceClock(600_000);
      elapsed += 600_000;
    }
    const [message] = await history(destination.id);
    expect(message).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastStatus: 500 });
    expect(elapsed).toBeGreaterThan(24 * 3_600_000);
    t.advanceClock(86_400_000);
    expect(await t.deliveries.runOnce()).toBe(0);

    const replay = await admin('POST', `/destinations/${destination.id}/messages/${message!.id}/replay`);
    expect(replay.status).toBe(200);
    await t.deliveries.runOnce();
    expect(await history(destination.id)).toEqual([expect.objectContaining({ id: message!.id, status: 'delivered', attempts: 1 })]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([message!.id]));
    expect((await admin('POST', `/destinations/${destination.id}/messages/msg_nope/replay`)).status).toBe(404);
  });

  it('sends instant notifications only for feedback its filter matches', async () => {
    const destination = await addDestination({
      kind: 'slack',
      name: 'Detractors',
      url: receiver.url('/low'),
      filter: { ratingAtMost: 2, hasComment: true },
    });
    await submit({ rating: { kind: 'stars', value: 5 } });
    const low = await submit({ rating: { kind: 'stars', value: 1 }, comment: 'Bad' });
    await t.deliveries.runOnce();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toContain('Bad');
    expect((await history(destination.id)).map((m) => m.status).sort()).toEqual(['delivered', 'filtered']);
    expect(low.id).toBeTruthy();
  });

  it('sends a test notification on request and records how it went', async () => {
    const working = await addDestination({ kind: 'slack', name: 'Team', url: receiver.url('/ok') });
    const res = await admin('POST', `/destinations/${working.id}/test`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ event: 'test', status: 'delivered', lastStatus: 200 });
    expect(receiver.received[0]!.body).toContain('test notification');

    const broken = await addDestination({ kind: 'webhook', name: 'Broken', url: receiver.url('/broken') });
    receiver.answer({ status: 404 });
    expect(await (await admin('POST', `/destinations/${broken.id}/test`)).json()).toMatchObject({
      status: 'dead',
      lastStatus: 404,
      lastError: 'HTTP 404',
    });
    expect(await history(broken.id)).toEqual([expect.objectContaining({ event: 'test', status: 'dead' })]);
  });

  it('sends the daily digest once the period has ended, signed like every webhook, and only once', async () => {
    const destination = await addDestination({ kind: 'webhook', name: 'BI', url: receiver.url('/digest'), events: ['digest'] });
    await submit({ rating: { kind: 'stars', value: 2 }, comment: 'Checkout is slow' });
    await submit({ rating: { kind: 'stars', value: 4 }, comment: 'Checkout is fine' });
    expect(await scheduleDigests(t.store, 1_700_000_000_000)).toBe(1); // the period that ended before it existed: nothing to send
    t.advanceClock(12 * 3_600_000); // …but after 09:00 UTC the next morning
    const now = 1_700_000_000_000 + 12 * 3_600_000;
    expect(await scheduleDigests(t.store, now)).toBe(1);
    expect(await scheduleDigests(t.store, now)).toBe(0);
    expect(await t.deliveries.runOnce()).toBe(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const { data } = new Webhook(destination.secret!).verify(
      receiver.received[0]!.body,
      receiver.received[0]!.headers as Record<string, string>,
    ) as {
      data: { count: number; period: { from: string; to: string }; ratings: { kind: string; average: number }[] };
    };
    expect(data).toMatchObject({
      count: 2,
      period: { from: '2023-11-14T09:00:00.000Z', to: '2023-11-15T09:00:00.000Z' },
      ratings: [{ kind: 'stars', average: 3 }],
    });
    expect(await history(destination.id)).toEqual([expect.objectContaining({ event: 'digest', status: 'delivered' })]);
  });

  it.each([
    [{ kind: 'pager', name: 'x', url: 'https://hooks.example/' }, 'kind'],
    [{ kind: 'slack', name: 'x', url: 'ftp://hooks.example/' }, 'url'],
    [{ kind: 'slack', name: 'x', url: 'https://hooks.example/', events: [] }, 'events'],
    [{ kind: 'slack', name: 'x', url: 'https://hooks.example/', filter: { ratingAtMost: 'low' } }, 'filter.ratingAtMost'],
    [{ kind: 'slack', name: '', url: 'https://hooks.example/' }, 'name'],
  ])('refuses a destination %j with 400 naming %s, and stores nothing', async (body, field) => {
    const res = await admin('POST', '/destinations', body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid_payload');
    expect(error.issues.map((i) => i.path)).toContain(field);
    expect(((await (await admin('GET', '/destinations')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('changes, turns off and removes a destination; 404 for one that is not there', async () => {
    const destination = await addDestination({ kind: 'slack', name: 'Team', url: receiver.url('/a') });
    const changed = await admin('PATCH', `/destinations/${destination.id}`, { name: 'Support', enabled: false });
    expect(await changed.json()).toMatchObject({ name: 'Support', enabled: false });
    await submit();
    expect(await t.deliveries.runOnce()).toBe(0);
    expect((await admin('DELETE', `/destinations/${destination.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/destinations/${destination.id}`)).status).toBe(404);
    expect((await admin('GET', `/destinations/dst_nope/messages`)).status).toBe(404);
  });
});

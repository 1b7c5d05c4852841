import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { issueAdminToken } from '../../../server/auth/tokens.ts';
import { defaultChannels } from '../../../server/channels/registry.ts';
import { scheduleDigests } from '../../../server/digest/scheduler.ts';
import { createDeliveryWorker } from '../../../server/notify/delivery-worker.ts';
import { fetchPost } from '../../../server/notify/fetch-post.ts';
import { addProject, createTempSqliteStore, feedbackBody } from '../../helpers/test-app.ts';
import { ntfy } from './fixture-channel.ts';

const START = 1_700_000_000_000;

/** A receiver on loopback standing in for the ntfy-like server: records each request, answers 200. */
function startReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The real app and delivery worker over a temp store, sending by the shipped channels and `channels`. */
async function createAppWith(channels: typeof defaultChannels) {
  const temp = createTempSqliteStore();
  let clock = START;
  const now = () => clock;
  await addProject(temp.store);
  const deliveries = createDeliveryWorker({ store: temp.store, post: fetchPost, now, random: () => 0.5, channels });
  const app = createApp({ store: temp.store, now, logError: () => {}, deliveries });
  const token = (await issueAdminToken(temp.store, { scope: 'admin', now: clock })).token;
  const admin = (method: string, path: string, body?: unknown) =>
    app.request(`/v1/projects/pk_shop${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { app, store: temp.store, deliveries, admin, advanceClock: (ms: number) => (clock += ms), cleanup: temp.cleanup };
}

describe('a channel kind added in one file (test/server/channels/fixture-channel.ts)', () => {
  const receiver = startReceiver();
  beforeAll(() => receiver.listen());
  afterAll(() => receiver.close());

  let t: Awaited<ReturnType<typeof createAppWith>>;
  beforeEach(async () => {
    receiver.received.length = 0;
    t = await createAppWith([...defaultChannels, ntfy]);
  });
  afterEach(() => t.cleanup());

  /** A phone subscribed to a topic on the receiver, for items and digests. */
  const phone = () => ({ kind: 'ntfy', name: 'Phone', url: receiver.url('/heed'), events: ['feedback.created', 'digest'] });
  const issuesOf = async (res: Response) => {
    expect(res.status).toBe(400);
    return ((await res.json()) as { error: { issues: { path: string; message: string }[] } }).error.issues;
  };

  it('is a destination kind of the admin API, held to its own target rules', async () => {
    const created = await t.admin('POST', '/destinations', phone());
    expect(created.status).toBe(201);
    const { id, ...shown } = (await created.json()) as { id: string; kind: string };
    expect(shown).toMatchObject({ kind: 'ntfy', name: 'Phone', url: receiver.url('/heed'), enabled: true });
    const listed = (await (await t.admin('GET', '/destinations')).json()) as { items: unknown[] };
    expect(listed.items).toEqual([expect.objectContaining({ id, kind: 'ntfy' })]);

    const ftp = await t.admin('POST', '/destinations', { ...phone(), url: 'ftp://ntfy.example/heed' });
    expect(await issuesOf(ftp)).toEqual([{ path: 'url', message: 'Must be an absolute http(s) URL.' }]);
    // Its own rule, on adding and on changing: the URL names a topic.
    const topic = { path: 'url', message: 'Must name a topic: https://ntfy.example/<topic>.' };
    expect(await issuesOf(await t.admin('POST', '/destinations', { ...phone(), url: 'https://ntfy.example/' }))).toEqual([topic]);
    expect(await issuesOf(await t.admin('PATCH', `/destinations/${id}`, { url: 'https://ntfy.example/' }))).toEqual([topic]);
    const to = await t.admin('PATCH', `/destinations/${id}`, { to: 'ops@shop.example' });
    expect(await issuesOf(to)).toEqual([{ path: 'to', message: 'Not a field of this kind.' }]);
    const { url: _url, ...addressed } = { ...phone(), to: 'ops@shop.example' };
    expect(await issuesOf(await t.admin('POST', '/destinations', addressed))).toContainEqual(expect.objectContaining({ path: 'url' }));

    const changed = await t.admin('PATCH', `/destinations/${id}`, { url: receiver.url('/other') });
    expect(await changed.json()).toMatchObject({ kind: 'ntfy', url: receiver.url('/other') });
  });

  it('sends an item, a test and a digest to a real receiver, as the fixture renders them', async () => {
    const { id } = (await (await t.admin('POST', '/destinations', phone())).json()) as { id: string };
    const body = JSON.stringify(feedbackBody({ comment: 'The search finds nothing' }));
    const submitted = await t.app.request('/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(submitted.status).toBe(201);
    expect(await t.deliveries.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [item] = receiver.received;
    expect(item).toMatchObject({ path: '/heed', body: 'Shop: The search finds nothing', headers: { 'x-heed-event': 'feedback.created' } });

    const test = await t.admin('POST', `/destinations/${id}/test`);
    expect(await test.json()).toMatchObject({ event: 'test', status: 'delivered', lastStatus: 200 });
    expect(receiver.received[1]).toMatchObject({ body: 'Shop: Heed can reach this topic', headers: { 'x-heed-event': 'test' } });

    // The daily digest, once its period has ended (09:00 UTC the next morning).
    expect(await scheduleDigests(t.store, START)).toBe(1);
    t.advanceClock(12 * 3_600_000);
    expect(await scheduleDigests(t.store, START + 12 * 3_600_000)).toBe(1);
    expect(await t.deliveries.runOnce()).toBe(1);
    expect(receiver.received[2]).toMatchObject({ body: 'Shop: 1 responses in the daily digest', headers: { 'x-heed-event': 'digest' } });

    const history = await (await t.admin('GET', `/destinations/${id}/messages`)).json();
    expect((history as { items: { event: string; status: string }[] }).items.map(({ event, status }) => [event, status]).sort()).toEqual([
      ['digest', 'delivered'],
      ['feedback.created', 'delivered'],
      ['test', 'delivered'],
    ]);
  });

  it('is unknown to a server that does not register it', async () => {
    const shipped = await createAppWith(defaultChannels);
    const res = await shipped.admin('POST', '/destinations', { kind: 'ntfy', name: 'Phone', url: receiver.url('/heed') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string; message: string }[] } }).error.issues).toEqual([
      { path: 'kind', message: 'kind is slack, discord, webhook or email.' },
    ]);
    await shipped.cleanup();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFormTickets, webCryptoHmac } from '../../../server/abuse/form-ticket.ts';
import { createStoreRateLimiter } from '../../../server/abuse/rate-limiter.ts';
import { createApp, type App, type AppDeps } from '../../../server/app.ts';
import { nodeHmac } from '../../../server/runtime/node-hmac.ts';
import { createOutbox, type OutboxEntry } from '../../../widget/delivery/outbox.ts';
import { buildPayload } from '../../../widget/delivery/payload.ts';
import { sendFeedback } from '../../../widget/delivery/send.ts';
import { createUuid } from '../../../widget/uuid.ts';
import { addProject, createTestApp, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

describe('form tickets', () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  let clock = 1_700_000_000_000;
  const now = () => clock;

  it('are the same whichever HMAC the runtime brings, so instances on one database agree', async () => {
    const onNode = createFormTickets(async () => key, now, nodeHmac);
    const onWebCrypto = createFormTickets(async () => key, now, webCryptoHmac());
    const ticket = await onNode.issue('project-1');
    expect(await onWebCrypto.issue('project-1')).toBe(ticket);
    clock += 5000;
    expect(await onWebCrypto.age(ticket, 'project-1')).toBe(5000);
    expect(await onNode.age(ticket, 'project-1')).toBe(5000);
  });

  it('refuse a changed signature, time or project, a respelled time, and another database’s key', async () => {
    const tickets = createFormTickets(async () => key, now, nodeHmac);
    const ticket = await tickets.issue('project-1');
    const [time, mac] = ticket.split('.') as [string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(await tickets.age(`${time}.${flipped}`, 'project-1')).toBeNull();
    expect(await tickets.age(`${(parseInt(time, 36) - 60_000).toString(36)}.${mac}`, 'project-1')).toBeNull();
    expect(await tickets.age(ticket, 'project-2')).toBeNull();
    expect(await tickets.age(`0${ticket}`, 'project-1')).toBeNull(); // the same time respelled would be counted apart
    const elsewhere = createFormTickets(async () => crypto.getRandomValues(new Uint8Array(32)), now, nodeHmac);
    expect(await elsewhere.age(ticket, 'project-1')).toBeNull();
  });
});

// Finding 4 of issue 17: one ticket from the public config carried 33 submissions in a row (only
// the per-client limit stopped it), for 8 days.
describe('one form ticket on POST /v1/feedback', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    await t?.cleanup();
    t = undefined;
  });

  let clock = 1_700_000_000_000;
  const open = async (deps: Partial<AppDeps> = {}) => {
    clock = 1_700_000_000_000;
    t = await createTestApp({ now: () => clock, clientAddress: (c) => c.req.header('x-test-address'), ...deps });
    await addProject(t.store, { id: crypto.randomUUID(), key: 'pk_guarded', antiSpam: { minSeconds: 2, turnstile: false } });
    return t;
  };
  const ticketFor = async (app: App) => ((await (await app.request('/v1/projects/pk_guarded/config')).json()) as { ticket: string }).ticket;
  const post = (app: App, body: Record<string, unknown>, address = '198.51.100.7') =>
    app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: SITE_ORIGIN, 'x-test-address': address },
      body: JSON.stringify(body),
    });
  const storedIds = async () => {
    const project = await t!.store.getProjectByKey('pk_guarded');
    return (await t!.store.listFeedback(project!.id, { limit: 100 })).items.map((item) => item.id).sort();
  };
  const codeOf = async (res: Response) =>
    `${res.status} ${res.ok ? '' : ((await res.json()) as { error: { code: string } }).error.code}`.trim();

  it('refuses the 11th distinct submission on one ticket within an hour with 429 ticket_exhausted and Retry-After, from any address', async () => {
    const { app } = await open();
    const ticket = await ticketFor(app);
    clock += 2000;
    // The script spreads its ticket over 33 addresses, so no per-client limit is reached.
    const bodies = Array.from({ length: 33 }, () => feedbackBody({ project: 'pk_guarded', ticket }));
    const answers = [];
    for (const [i, body] of bodies.entries()) answers.push(await codeOf(await post(app, body, `203.0.113.${i}`)));
    expect(answers).toEqual([...Array(10).fill('201'), ...Array(23).fill('429 ticket_exhausted')]);
    expect(await storedIds()).toEqual(
      bodies
        .slice(0, 10)
        .map((b) => b.id)
        .sort(),
    );

    const refused = await post(app, bodies[10]!);
    expect(refused.headers.get('retry-after')).toBe('360'); // one more every 6 minutes
    expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(refused.headers.get('heed-form-ticket')).toBeNull(); // no fresh ticket to carry on with
    expect(await refused.json()).toEqual({
      error: {
        code: 'ticket_exhausted',
        message: 'Too many submissions with this form ticket; try again in 360 s.',
        requestId: expect.any(String),
      },
    });
    clock += 360_000;
    expect((await post(app, bodies[10]!)).status).toBe(201);
    expect((await post(app, bodies[11]!)).status).toBe(429);
  });

  it('answers a replay of a submission the ticket carried with 200, even once the ticket is spent', async () => {
    const { app } = await open();
    const ticket = await ticketFor(app);
    clock += 2000;
    const bodies = Array.from({ length: 10 }, () => feedbackBody({ project: 'pk_guarded', ticket }));
    for (const body of bodies) expect((await post(app, body)).status).toBe(201);
    expect(await codeOf(await post(app, feedbackBody({ project: 'pk_guarded', ticket })))).toBe('429 ticket_exhausted');
    const replay = await post(app, bodies[3]!);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ id: bodies[3]!.id });
    expect(await storedIds()).toHaveLength(10);
  });

  it('counts a ticket once across instances that share the database', async () => {
    const { store } = await open();
    const limiter = createStoreRateLimiter(store, () => clock);
    const instances = [1, 2].map(() => createApp({ store, now: () => clock, rateLimiter: limiter, logError: () => {} }));
    const ticket = await ticketFor(instances[0]!);
    clock += 2000;
    const answers = [];
    for (let i = 0; i < 12; i += 1)
      answers.push(await codeOf(await post(instances[i % 2]!, feedbackBody({ project: 'pk_guarded', ticket }), `203.0.113.${i}`)));
    expect(answers).toEqual([...Array(10).fill('201'), '429 ticket_exhausted', '429 ticket_exhausted']);
  });

  it('delivers everything a visitor queued offline, through the widget’s own outbox: a week-old ticket, a spent one and an expired one', async () => {
    const { app } = await open();
    // The widget's timers are driven by hand below; the server's own code sets none on this path.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const oldPageTicket = await ticketFor(app); // a tab left open for days
    clock += 2 * 86_400_000;
    const ticket = await ticketFor(app);
    let online = false;
    const answers: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      if (!online) throw new TypeError('Failed to fetch');
      const res = await app.request(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), Origin: SITE_ORIGIN, 'x-test-address': '198.51.100.7' },
      });
      answers.push(await codeOf(res.clone()));
      return res;
    });
    const rejected: string[] = [];
    const storage = memoryStorage();
    const waiting = () => Array.from({ length: storage.length }, (_, i) => JSON.parse(storage.getItem(storage.key(i)!)!) as OutboxEntry);
    const outbox = createOutbox({
      storage,
      send: sendFeedback,
      exclusive: (task) => task().then(() => true),
      now: () => clock,
      random: () => 0.5,
      onRejected: (id) => rejected.push(id),
    });
    const page = {
      url: 'https://shop.example/checkout',
      referrer: '',
      title: 'Checkout',
      languages: ['en'],
      width: 1280,
      height: 800,
      userAgent: 'test',
    };
    const ids: string[] = [];
    // Offline: twelve thoughts on one page over an afternoon (more than a ticket carries in an
    // hour), and one more from the old tab.
    for (let i = 0; i <= 12; i += 1) {
      clock += 10 * 60_000;
      const payload = buildPayload(
        'pk_guarded',
        createUuid(clock),
        { comment: `thought ${i}`, ticket: i === 12 ? oldPageTicket : ticket },
        page,
      );
      expect(outbox.add('http://heed.test', payload)).toBe(true);
      ids.push(payload.id);
      await outbox.flush();
    }
    expect(answers).toEqual([]);

    // Back online six days later: the ticket is a week old, the old tab's over 8 days.
    clock += 6 * 86_400_000;
    online = true;
    const started = clock;
    for (let round = 0; round < 40 && waiting().length > 0; round += 1) {
      clock = Math.max(clock, Math.min(...waiting().map((entry) => entry.nextAttemptAt)));
      await outbox.flush();
    }
    expect(await storedIds()).toEqual([...ids].sort());
    expect(rejected).toEqual([]);
    // Held back, never refused for good: the spent ticket's two waited for it to free up, the
    // expired one came back with a fresh ticket.
    expect(answers.filter((a) => a !== '201').sort()).toEqual([
      '425 ticket_required',
      '429 ticket_exhausted',
      '429 ticket_exhausted',
      '429 ticket_exhausted',
    ]);
    expect(clock - started).toBeLessThan(20 * 60_000);
  });
});

/** localStorage's interface over a Map, for the widget's outbox outside a browser. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

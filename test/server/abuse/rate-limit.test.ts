import { readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientHasher, sharedDaySalt } from '../../../server/abuse/client-id.ts';
import { webCryptoHmac } from '../../../server/abuse/form-ticket.ts';
import { createStoreRateLimiter } from '../../../server/abuse/rate-limiter.ts';
import { createApp } from '../../../server/app.ts';
import { addProject, createTestApp, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

describe('rate limits on POST /v1/feedback', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(async () => {
    await t?.cleanup();
  });

  // No unmetered share unless said: these tests are about the budgets themselves.
  const open = (perClientPerMinute: number, perProjectPerMinute: number, unmeteredPerClientPerHour = 0) =>
    createTestApp({
      config: { rateLimits: { perClientPerMinute, perProjectPerMinute, unmeteredPerClientPerHour } },
      clientAddress: (c) => c.req.header('x-test-address'),
    });
  const submit = (app: NonNullable<typeof t>['app'], address: string, project = 'pk_shop') =>
    app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN, 'x-test-address': address },
      body: JSON.stringify(feedbackBody({ project })),
    });
  const stored = async (projectId: string) => (await t!.store.listFeedback(projectId, { limit: 100 })).items.length;

  it('counts a client and a project once across instances that share the database', async () => {
    t = await open(3, 1000);
    // A second app over the same store, as another Node instance on the same Postgres would be.
    const limiter = createStoreRateLimiter(t.store, () => 1_700_000_000_000);
    const instances = [t.app, t.app].map(() =>
      createApp({
        store: t!.store,
        now: () => 1_700_000_000_000,
        rateLimiter: limiter,
        config: { rateLimits: { perClientPerMinute: 3, perProjectPerMinute: 4, unmeteredPerClientPerHour: 0 } },
        clientAddress: (c) => c.req.header('x-test-address'),
      }),
    );
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await submit(instances[i % 2]!, '198.51.100.1')).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // The project's limit (4) is shared too: one more from another client, then none.
    expect((await submit(instances[0]!, '198.51.100.2')).status).toBe(201);
    expect((await submit(instances[1]!, '198.51.100.3')).status).toBe(429);
  });

  it('answers a client over its limit with 429 and Retry-After, readable by the widget, and stores nothing', async () => {
    t = await open(3, 1000);
    for (let i = 0; i < 3; i += 1) expect((await submit(t.app, '198.51.100.1')).status).toBe(201);
    const refused = await submit(t.app, '198.51.100.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After, Heed-Form-Ticket');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many submissions from this client; try again in 20 s.', requestId: expect.any(String) },
    });
    expect(await stored(t.project.id)).toBe(3);
    expect((await submit(t.app, '198.51.100.2')).status).toBe(201); // another visitor is not held back
    t.advanceClock(20_000);
    expect((await submit(t.app, '198.51.100.1')).status).toBe(201);
  });

  it('keeps projects apart: one flooded project does not stop another', async () => {
    t = await open(1000, 5);
    const other = await addProject(t.store, { key: 'pk_blog' });
    for (let i = 0; i < 5; i += 1) expect((await submit(t.app, `203.0.113.${i}`)).status).toBe(201);
    const refused = await submit(t.app, '203.0.113.99');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('for this project');
    expect((await submit(t.app, '203.0.113.99', 'pk_blog')).status).toBe(201);
    expect(await stored(t.project.id)).toBe(5);
    expect(await stored(other.id)).toBe(1);
  });

  // Finding 4 of issue 17: about 40 addresses, each within its own limit, used up the project's
  // budget, and every real visitor got 429 until the flood stopped.
  it('does not let a flood from 40 addresses hold back a visitor who sends a few: only what a client sends past its first 5 an hour draws from the project', async () => {
    t = await open(30, 40, 5);
    const refused: string[] = [];
    for (let a = 0; a < 40; a += 1) {
      for (let i = 0; i < 10; i += 1) {
        const res = await submit(t.app, `203.0.113.${a}`);
        if (res.status !== 201)
          refused.push(`${res.status} ${((await res.json()) as { error: { message: string } }).error.message.split(';')[0]}`);
      }
    }
    // A visitor on another address is still stored at once, and again for a second thought.
    expect((await submit(t.app, '198.51.100.20')).status).toBe(201);
    expect((await submit(t.app, '198.51.100.20')).status).toBe(201);
    // Each flooding address got its own 5, the project's budget took 40 more, the rest was refused.
    expect(refused).toEqual(Array(40 * 10 - 40 * 5 - 40).fill('429 Too many submissions for this project'));
    expect(t.sqlite.prepare('SELECT count(*) FROM feedback').pluck().get()).toBe(40 * 5 + 40 + 2);
  });

  it('keeps no raw address anywhere: not in any table, not in the database files', async () => {
    t = await open(1000, 1000);
    const address = '203.0.113.77';
    for (let i = 0; i < 3; i += 1) expect((await submit(t.app, address)).status).toBe(201);
    const db = new SqliteDatabase(t.dbPath, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(tables).toContain('feedback');
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all();
      expect(JSON.stringify(rows), table).not.toContain(address);
    }
    db.close();
    for (const suffix of ['', '-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(t.dbPath + suffix).toString('latin1');
      } catch {
        // no WAL file at this moment
      }
      expect(bytes).not.toContain(address);
    }
  });
});

describe('client ids for rate limiting', () => {
  it('are stable within a UTC day, change the next day, and do not contain the address', async () => {
    let clock = Date.UTC(2026, 0, 1, 1);
    const hash = createClientHasher(() => clock);
    const first = await hash('192.0.2.1');
    expect(await hash('192.0.2.1')).toBe(first);
    expect(await hash('192.0.2.2')).not.toBe(first);
    expect(first).not.toContain('192');
    clock += 86_400_000;
    expect(await hash('192.0.2.1')).not.toBe(first);
  });

  it('are the same on every instance when the salt comes from the shared key, and still change each day', async () => {
    let clock = Date.UTC(2026, 0, 1, 1);
    const key = crypto.getRandomValues(new Uint8Array(32));
    const [a, b] = [1, 2].map(() =>
      createClientHasher(
        () => clock,
        sharedDaySalt(async () => key, webCryptoHmac()),
      ),
    );
    const today = await a!('192.0.2.1');
    expect(await b!('192.0.2.1')).toBe(today);
    expect(await createClientHasher(() => clock)('192.0.2.1')).not.toBe(today); // a random salt differs
    clock += 86_400_000;
    expect(await b!('192.0.2.1')).not.toBe(today);
  });
});

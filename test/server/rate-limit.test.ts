import { readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientHasher } from '../../server/abuse/client-id.ts';
import { addProject, createTestApp, feedbackBody, SITE_ORIGIN } from '../helpers/test-app.ts';

describe('rate limits on POST /v1/feedback', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(async () => {
    await t?.cleanup();
  });

  const open = (perClientPerMinute: number, perProjectPerMinute: number) =>
    createTestApp({
      config: { rateLimits: { perClientPerMinute, perProjectPerMinute } },
      clientAddress: (c) => c.req.header('x-test-address'),
    });
  const submit = (app: NonNullable<typeof t>['app'], address: string, project = 'pk_shop') =>
    app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN, 'x-test-address': address },
      body: JSON.stringify(feedbackBody({ project })),
    });
  const stored = async (projectId: string) => (await t!.store.listFeedback(projectId, { limit: 100 })).items.length;

  it('answers a client over its limit with 429 and Retry-After, readable by the widget, and stores nothing', async () => {
    t = await open(3, 1000);
    for (let i = 0; i < 3; i += 1) expect((await submit(t.app, '198.51.100.1')).status).toBe(201);
    const refused = await submit(t.app, '198.51.100.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After, Heed-Form-Ticket');
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many submissions from this client; try again in 20 s.' } });
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
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { killNodeServer, startNodeServer, type RunningServer } from '../helpers/node-server.ts';
import { describeOnPostgresServer, openPostgresSchemaFixture } from '../helpers/postgres-stores.ts';
import { eagerRetryDelay, submitLikeTheWidget, type SubmitOutcome } from '../helpers/retrying-submit.ts';
import { addProject, createTempSqliteStore, feedbackBody } from '../helpers/test-app.ts';

const ITEMS = 5000;
const KILLS = 10;
/** Visitors sending at once. */
const CONCURRENCY = 32;
/** The Node server's forwarding batch: a kill can cut at most one batch short. */
const FORWARD_BATCH = 32;
/** Claims left by a killed process are taken again after the outbox's 60 s lease. */
const DELIVERY_DEADLINE_MS = 150_000;

interface Backend {
  store: Store;
  env: Record<string, string>;
  /** SQLite's `PRAGMA integrity_check`; null where the database has none. */
  integrity: () => string | null;
  cleanup: () => Promise<void>;
}

/** The webhook receiver on loopback: every request it got, as (event id, feedback id). */
function startReceiver() {
  const received: { eventId: string; feedbackId: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as { data: { feedback: { id: string } } };
      received.push({ eventId: String(req.headers['webhook-id']), feedbackId: payload.data.feedback.id });
      res.writeHead(204).end();
    });
  });
  return { server, received, listening: new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)) };
}

async function storedIds(store: Store, projectId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = await store.listFeedback(projectId, { limit: 500 }); ;) {
    ids.push(...page.items.map((item) => item.id));
    if (!page.next) return ids;
    page = await store.listFeedback(projectId, { limit: 500, after: page.next });
  }
}

/** `count` distinct whole numbers in [from, to), ascending. */
function randomPoints(count: number, from: number, to: number): number[] {
  const points = new Set<number>();
  while (points.size < count) points.add(from + Math.floor(Math.random() * (to - from)));
  return [...points].sort((a, b) => a - b);
}

/**
 * 5,000 submissions from visitors that retry as the widget does (same id), while the server is
 * killed with SIGKILL at 10 random moments and started again; then every acknowledged item must
 * be stored once and every notification sent.
 */
function crashScenario(openBackend: () => Promise<Backend>) {
  let backend: Backend;
  const receiver = startReceiver();
  let server: RunningServer | undefined;
  let restarting: Promise<void> | null = null;
  let projectId = '';

  beforeAll(async () => {
    await receiver.listening;
    backend = await openBackend();
    const project = await addProject(backend.store, { key: 'pk_crash' });
    projectId = project.id;
    const { port } = receiver.server.address() as AddressInfo;
    await backend.store.createDestination(
      {
        id: 'hook',
        projectId,
        kind: 'webhook',
        name: 'CRM',
        target: `http://127.0.0.1:${port}/hook`,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events: ['feedback.created'],
        filter: {},
      },
      Date.now(),
    );
  }, 60_000);
  afterAll(async () => {
    // A restart under way when a check failed would leave its server running.
    await restarting?.catch(() => undefined);
    await killNodeServer(server);
    await new Promise((resolve) => receiver.server.close(resolve));
    await backend?.cleanup();
  });

  it('stores every acknowledged item exactly once and sends each notification', async () => {
    const env = { ...backend.env, HEED_RATE_LIMIT_CLIENT: '1000000', HEED_RATE_LIMIT_PROJECT: '1000000' };
    const started = Date.now();
    server = await startNodeServer(env);
    let origin = server.origin;
    const items = Array.from({ length: ITEMS }, () => feedbackBody({ project: 'pk_crash' }));
    const killAt = randomPoints(KILLS, Math.floor(ITEMS * 0.05), Math.floor(ITEMS * 0.95));
    const outcomes: SubmitOutcome[] = [];
    const restartsMs: number[] = [];

    const restart = async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
      await killNodeServer(server);
      const down = Date.now();
      server = await startNodeServer(env);
      origin = server.origin;
      restartsMs.push(Date.now() - down);
    };
    let next = 0;
    const visitor = async () => {
      for (let i = next++; i < ITEMS; i = next++) {
        // Retrying sooner than the widget would: its waits after each kill only stretch the run (docs/reliability.md).
        outcomes.push(await submitLikeTheWidget(() => origin, items[i]!, started + 240_000, eagerRetryDelay));
        if (!restarting && restartsMs.length < KILLS && outcomes.length >= killAt[restartsMs.length]!) {
          restarting = restart().finally(() => (restarting = null));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, visitor));
    await restarting;
    const ingestSeconds = (Date.now() - started) / 1000;

    // Acknowledged: 201, or 200 when a retry found the item stored by a request whose answer the kill cut off.
    expect(restartsMs).toHaveLength(KILLS);
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 200)).toEqual([]);
    const ids = await storedIds(backend.store, projectId);
    expect(ids).toHaveLength(ITEMS);
    expect(new Set(ids)).toEqual(new Set(items.map((item) => item.id)));
    expect(backend.integrity() ?? 'ok').toBe('ok');

    const notified = () => new Set(receiver.received.map((r) => r.feedbackId)).size;
    while (notified() < ITEMS && Date.now() - started < DELIVERY_DEADLINE_MS + ingestSeconds * 1000)
      await new Promise((r) => setTimeout(r, 250));
    // Time for a wrong extra send to arrive too.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(notified()).toBe(ITEMS);
    // One outbox message (one event id) per item, never two...
    const eventOf = new Map<string, Set<string>>();
    for (const r of receiver.received) eventOf.set(r.feedbackId, (eventOf.get(r.feedbackId) ?? new Set()).add(r.eventId));
    expect([...eventOf.values()].filter((events) => events.size !== 1)).toEqual([]);
    // ...and a message sent again only when a kill fell between the receiver's answer and its record
    // (receivers drop repeats by webhook-id, as Standard Webhooks asks).
    const resent = receiver.received.length - ITEMS;
    expect(resent).toBeLessThanOrEqual(KILLS * FORWARD_BATCH);

    console.log(
      `crash figures ${JSON.stringify({
        items: ITEMS,
        kills: KILLS,
        ingestSeconds,
        restartMsMedian: restartsMs.sort((a, b) => a - b)[KILLS >> 1],
        storedBeforeAnswerLost: outcomes.filter((o) => o.status === 200).length,
        retriedSubmissions: outcomes.filter((o) => o.attempts > 1).length,
        notificationsResent: resent,
        allNotifiedAfterSeconds: (Date.now() - started) / 1000 - 2,
      })}`,
    );
  }, 420_000);
}

// The two at once: most of each run is waiting out the lease of messages a killed process had claimed.
describe.concurrent('SIGKILL ×10 during 5,000 submissions', () => {
  describe('SQLite', () => {
    crashScenario(async () => {
      const db = createTempSqliteStore();
      return {
        store: db.store,
        env: { HEED_DB: db.path },
        integrity: () => String(db.sqlite.pragma('integrity_check', { simple: true })),
        cleanup: db.cleanup,
      };
    });
  });
  describeOnPostgresServer('PostgreSQL', (url) => {
    crashScenario(async () => {
      const fixture = await openPostgresSchemaFixture(url);
      return { store: fixture.store, env: { DATABASE_URL: fixture.url }, integrity: () => null, cleanup: fixture.cleanup };
    });
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_APP_CONFIG } from '../../../server/app.ts';
import { killNodeServer, startNodeServer, type RunningServer } from '../../helpers/node-server.ts';
import { describeOnPostgresServer, openPostgresSchemaFixture } from '../../helpers/postgres-stores.ts';
import type { StoreFixture } from '../../helpers/store-contract.ts';
import { addProject, feedbackBody } from '../../helpers/test-app.ts';

const DAY = 86_400_000;
const PROJECT_LIMIT = 50;

describeOnPostgresServer('two Node instances on one PostgreSQL database', (url) => {
  const received: { id: string; type: string; feedbackId?: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as { type: string; data: { feedback?: { id: string } } };
      received.push({ id: String(req.headers['webhook-id']), type: payload.type, feedbackId: payload.data.feedback?.id });
      res.writeHead(204).end();
    });
  });
  let fixture: StoreFixture & { url: string };
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    fixture = await openPostgresSchemaFixture(url);
    // Before the instances start: each runs the digest scheduler as it starts, so both try to record the same period.
    const project = await addProject(fixture.store, { key: 'pk_both' });
    const { port } = receiver.address() as AddressInfo;
    // Created days ago, so the period that has just ended (yesterday's) includes it.
    await fixture.store.createDestination(
      {
        id: 'hook',
        projectId: project.id,
        kind: 'webhook',
        name: 'CRM',
        target: `http://127.0.0.1:${port}/hook`,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events: ['feedback.created', 'digest'],
        filter: {},
      },
      Date.now() - 3 * DAY,
    );
    const env = { DATABASE_URL: fixture.url, HEED_RATE_LIMIT_PROJECT: String(PROJECT_LIMIT), HEED_RATE_LIMIT_CLIENT: '10000' };
    // One after the other: the first creates the first admin token, the second finds it.
    servers.push(await startNodeServer(env));
    servers.push(await startNodeServer(env));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map(killNodeServer));
    await new Promise((resolve) => receiver.close(resolve));
    await fixture?.cleanup();
  });

  const post = (server: RunningServer, body: unknown) =>
    fetch(`${server.origin}/v1/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('both ingest, each notification is delivered once, and one digest goes out for the period', async () => {
    const { store } = fixture;
    const project = (await store.getProjectByKey('pk_both'))!;
    const items = Array.from({ length: 40 }, () => feedbackBody({ project: 'pk_both' }));
    const statuses = await Promise.all(items.map((item, i) => post(servers[i % 2]!, item).then((res) => res.status)));
    expect(statuses).toEqual(items.map(() => 201));
    expect((await store.listFeedback(project.id, { limit: 100 })).items).toHaveLength(40);

    const deadline = Date.now() + 30_000;
    const instant = () => received.filter((r) => r.type === 'feedback.created');
    while ((instant().length < 40 || !received.some((r) => r.type === 'digest')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Time for a wrong second send (by the other instance) to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(
      instant()
        .map((r) => r.feedbackId)
        .sort(),
    ).toEqual(items.map((item) => item.id).sort());
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    expect(received.filter((r) => r.type === 'digest')).toHaveLength(1);
  }, 60_000);

  it('shares the per-project rate limit between the instances', async () => {
    await addProject(fixture.store, { id: crypto.randomUUID(), key: 'pk_limited' });
    await addProject(fixture.store, { id: crypto.randomUUID(), key: 'pk_spare' });
    // All requests inside one one-minute window.
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 100));
    // A client's first submissions each hour do not draw from a project's budget: spent elsewhere first.
    for (let i = 0; i < DEFAULT_APP_CONFIG.rateLimits.unmeteredPerClientPerHour; i += 1)
      await post(servers[i % 2]!, feedbackBody({ project: 'pk_spare' }));
    const statuses = await Promise.all(
      Array.from({ length: PROJECT_LIMIT + 20 }, (_, i) =>
        post(servers[i % 2]!, feedbackBody({ project: 'pk_limited' })).then((res) => res.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(PROJECT_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  }, 90_000);
});

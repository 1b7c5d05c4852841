import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { createJobs } from '../../../server/jobs/jobs.ts';
import { observeJobs } from '../../../server/jobs/observed-jobs.ts';
import { createDeliveryWorker } from '../../../server/notify/delivery-worker.ts';
import { fetchPost } from '../../../server/notify/fetch-post.ts';
import { silentLogger } from '../../../server/observability/logger.ts';
import { createNodeMetrics } from '../../../server/runtime/node-metrics.ts';
import type { Project } from '../../../server/store/store.ts';
import { addProject, addWebhookDestination, createTempSqliteStore, feedbackBody } from '../../helpers/test-app.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const NOW = 1_700_000_000_000;

/** One sample's value from the text exposition; undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  let project: Project;
  let receiver: Server;
  let receiverUrl: string;
  let answerWith = 204;

  beforeEach(async () => {
    temp = createTempSqliteStore();
    project = await addProject(temp.store);
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answerWith).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await temp.cleanup();
  });

  function build({ token = TOKEN as string | null, busy = (): boolean => false } = {}) {
    const metrics = createNodeMetrics();
    const deliveries = createDeliveryWorker({
      store: temp.store,
      post: fetchPost,
      now: () => NOW,
      random: () => 0.5,
      onAttempt: (channel, outcome) => metrics.deliveryAttempt(channel, outcome),
    });
    const app = createApp({
      store: temp.store,
      now: () => NOW,
      logError: () => {},
      metrics,
      deliveries,
      busy,
      clientAddress: () => '203.0.113.9',
      config: { ...(token ? { metricsToken: token } : {}), rateLimits: { perClientPerMinute: 3 } },
    });
    const scrape = async () => {
      const res = await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    const submit = (overrides: Record<string, unknown> = {}) =>
      app.request('/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(feedbackBody(overrides)),
      });
    return { app, metrics, deliveries, scrape, submit };
  }

  it('is not served without HEED_METRICS_TOKEN', async () => {
    const { app } = build({ token: null });
    const res = await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
  });

  it('answers 401 in the API error shape without the token, with another token, or with an admin-style header', async () => {
    const { app } = build();
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await app.request('/metrics', { headers: authorization ? { Authorization: authorization } : {} });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="heed-metrics"');
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    }
  });

  it('counts requests by method, route pattern and status, never by path', async () => {
    const { app, scrape, submit } = build();
    expect((await submit()).status).toBe(201);
    expect((await app.request(`/v1/projects/${project.key}/feedback`)).status).toBe(401);
    expect((await app.request('/no/such/page?email=someone@example.com')).status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'heed_http_requests_total{method="POST",route="/v1/feedback",status="201"}')).toBe(1);
    expect(sample(text, 'heed_http_requests_total{method="GET",route="/v1/projects/:key/feedback",status="401"}')).toBe(1);
    expect(sample(text, 'heed_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain(project.key);
    expect(text).not.toContain('someone@example.com');
    expect(text).not.toContain('/no/such/page');
  });

  it('keeps an ingest latency histogram by status', async () => {
    const { scrape, submit } = build();
    for (let i = 0; i < 3; i += 1) expect((await submit()).status).toBe(201);
    const text = await scrape();
    expect(sample(text, 'heed_ingest_duration_seconds_count{status="201"}')).toBe(3);
    expect(sample(text, 'heed_ingest_duration_seconds_bucket{le="+Inf",status="201"}')).toBe(3);
    expect(sample(text, 'heed_ingest_duration_seconds_sum{status="201"}')).toBeGreaterThan(0);
  });

  it('counts shed and rate-limited submissions apart', async () => {
    let busy = false;
    const { scrape, submit } = build({ busy: () => busy });
    let text = await scrape();
    expect(sample(text, 'heed_ingest_refusals_total{reason="shed"}')).toBe(0);
    expect(sample(text, 'heed_ingest_refusals_total{reason="rate_limited"}')).toBe(0);
    busy = true;
    expect((await submit()).status).toBe(503);
    expect((await submit()).status).toBe(503);
    busy = false;
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await submit()).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    text = await scrape();
    expect(sample(text, 'heed_ingest_refusals_total{reason="shed"}')).toBe(2);
    expect(sample(text, 'heed_ingest_refusals_total{reason="rate_limited"}')).toBe(2);
  });

  it('reports the outbox backlog, dead letters, delivery attempts by channel and outcome, and the database size', async () => {
    const { scrape, submit, deliveries } = build();
    await addWebhookDestination(temp.store, project.id, { target: receiverUrl }, NOW);
    for (let i = 0; i < 3; i += 1) expect((await submit()).status).toBe(201);
    let text = await scrape();
    expect(sample(text, 'heed_outbox_backlog')).toBe(3);
    expect(sample(text, 'heed_outbox_dead_letters')).toBe(0);
    expect(sample(text, 'heed_database_up')).toBe(1);
    expect(sample(text, 'heed_database_size_bytes')).toBeGreaterThan(4096);

    answerWith = 204;
    expect(await deliveries.runOnce(1)).toBe(1);
    answerWith = 500;
    expect(await deliveries.runOnce(2)).toBe(2);
    text = await scrape();
    expect(sample(text, 'heed_delivery_attempts_total{channel="webhook",outcome="delivered"}')).toBe(1);
    expect(sample(text, 'heed_delivery_attempts_total{channel="webhook",outcome="retry"}')).toBe(2);
    // The two retries wait 30 s: none is due now.
    expect(sample(text, 'heed_outbox_backlog')).toBe(0);

    const dead = await temp.store.claimDueMessages(NOW + 3_600_000, 60_000, 10);
    for (const message of dead)
      await temp.store.recordAttempt(message.id, { status: 'dead', nextAttemptAt: NOW, httpStatus: 500, error: 'HTTP 500' });
    text = await scrape();
    expect(sample(text, 'heed_outbox_dead_letters')).toBe(2);
  });

  it('counts digest runs and the digest periods they queued', async () => {
    const { metrics, deliveries, scrape } = build();
    await addWebhookDestination(temp.store, project.id, { id: 'digest', name: 'Weekly', target: receiverUrl, events: ['digest'] }, NOW);
    const jobs = observeJobs(
      createJobs({ store: temp.store, deliveries, log: () => {}, onDigestsQueued: (n) => metrics.digestsQueued(n) }),
      {
        log: silentLogger,
        metrics,
      },
    ).jobs;
    const digests = jobs.find((job) => job.name === 'digests')!;
    await digests.run({ now: NOW });
    await digests.run({ now: NOW });
    const text = await scrape();
    expect(sample(text, 'heed_job_runs_total{job="digests",outcome="ok"}')).toBe(2);
    // The same period twice: recorded (and queued) once.
    expect(sample(text, 'heed_digests_queued_total')).toBe(1);
  });

  it('still answers when the database is gone, with heed_database_up 0 and no stale store figures', async () => {
    const { scrape, submit } = build();
    expect((await submit()).status).toBe(201);
    expect(sample(await scrape(), 'heed_outbox_backlog')).toBe(0);
    await temp.store.close();
    const text = await scrape();
    expect(sample(text, 'heed_database_up')).toBe(0);
    expect(sample(text, 'heed_outbox_backlog')).toBeUndefined();
    expect(sample(text, 'heed_database_size_bytes')).toBeUndefined();
    expect(sample(text, 'heed_http_requests_total{method="POST",route="/v1/feedback",status="201"}')).toBe(1);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECT_KEY } from '../../../server/bootstrap.ts';
import { feedbackBody, newFeedback } from '../../helpers/test-app.ts';
import { executeOnLocalD1, startWorker, type RunningWorker } from '../../helpers/workers-runtime.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CLIENT_LIMIT = 5;

describe('the Workers build in workerd (D1, static assets, Cron Trigger)', () => {
  const received: { id: string; type: string; feedbackId?: string; count?: number }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as { type: string; data: { feedback?: { id: string }; figures?: { count: number } } };
      received.push({
        id: String(req.headers['webhook-id']),
        type: payload.type,
        feedbackId: payload.data.feedback?.id,
        count: payload.data.figures?.count,
      });
      res.writeHead(204).end();
    });
  });
  let worker: RunningWorker;
  let token: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // The first admin token, as docs/deploy-cloudflare.md makes it: printed as SQL by the CLI, applied with wrangler.
    const sqlFile = join(mkdtempSync(join(tmpdir(), 'heed-token-')), 'token.sql');
    const cli = await run(process.execPath, ['dist/node/server/cli/heed.js', 'token', 'create', '--sql'], { cwd: ROOT });
    writeFileSync(sqlFile, cli.stdout);
    token = cli.stderr.trim();
    worker = await startWorker({ HEED_DEMO: 'true', HEED_RATE_LIMIT_CLIENT: String(CLIENT_LIMIT) }, (state) =>
      executeOnLocalD1(state, sqlFile),
    );
    // The first request prepares the demo project; the tests post as an API client would, without the widget's wait.
    expect((await fetch(`${worker.origin}/`)).status).toBe(200);
    await worker.store.updateProject(DEMO_PROJECT_KEY, { antiSpam: { minSeconds: 0, turnstile: false } });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const submit = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${worker.origin}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${worker.origin}/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
    });

  it('serves the widget to any site, the demo pages and the dashboard', async () => {
    const widget = await fetch(`${worker.origin}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');
    expect(await widget.text()).toContain('data-heed-open');
    const page = await fetch(`${worker.origin}/pricing.html`);
    expect(await page.text()).toContain('<script src="/widget.js" data-project="demo" async></script>');
    expect((await fetch(`${worker.origin}/missing.html`)).status).toBe(404);
    // The dashboard, for any of its paths, under its own policy.
    const dashboard = await fetch(`${worker.origin}/admin/projects/demo/feedback`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await dashboard.text()).toContain('<div id="app"></div>');
  });

  it('stores feedback once, answers a replay with 200, and refuses bad input with its field', async () => {
    const item = feedbackBody({ project: DEMO_PROJECT_KEY, comment: 'Stored at the edge' });
    expect((await submit(item)).status).toBe(201);
    expect((await submit(item)).status).toBe(200);
    const bad = await submit({ ...item, id: 'not-a-uuid', rating: { kind: 'stars', value: 9 } });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid_payload');
    expect(error.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['id', 'rating.value']));
    const list = (await (await admin(`/projects/${DEMO_PROJECT_KEY}/feedback?q=edge`)).json()) as {
      items: { id: string; comment: string }[];
    };
    expect(list.items).toEqual([expect.objectContaining({ id: item.id, comment: 'Stored at the edge' })]);
  });

  it('limits a client across isolates: the counts live in D1', async () => {
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 100));
    const client = { 'CF-Connecting-IP': '203.0.113.9' };
    const statuses = [];
    for (let i = 0; i < CLIENT_LIMIT + 2; i += 1) statuses.push((await submit(feedbackBody({ project: DEMO_PROJECT_KEY }), client)).status);
    expect(statuses).toEqual([...Array(CLIENT_LIMIT).fill(201), 429, 429]);
    // Another client is not held back.
    expect((await submit(feedbackBody({ project: DEMO_PROJECT_KEY }), { 'CF-Connecting-IP': '203.0.113.10' })).status).toBe(201);
  }, 70_000);

  it('notifies a webhook right after a submission, and sends the digest from the Cron Trigger once', async () => {
    const project = await worker.store.getProjectByKey(DEMO_PROJECT_KEY);
    const { port } = receiver.address() as AddressInfo;
    // Created days ago, so yesterday's period includes it.
    await worker.store.createDestination(
      {
        id: 'hook',
        projectId: project!.id,
        kind: 'webhook',
        name: 'CRM',
        target: `http://127.0.0.1:${port}/hook`,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events: ['feedback.created', 'digest'],
        filter: {},
      },
      Date.now() - 3 * DAY,
    );
    const item = feedbackBody({ project: DEMO_PROJECT_KEY });
    expect((await submit(item)).status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (!received.some((r) => r.feedbackId === item.id) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.filter((r) => r.feedbackId === item.id)).toHaveLength(1);

    await worker.runCron();
    await worker.runCron(); // a second run in the same period sends nothing more
    expect(received.filter((r) => r.type === 'digest')).toHaveLength(1);
  }, 30_000);

  it('runs the hourly jobs from the Cron Trigger only in minute 0 of its scheduled time', async () => {
    const project = await worker.store.updateProject(DEMO_PROJECT_KEY, { retentionDays: 1 });
    const old = newFeedback(project!.id, { createdAt: Date.now() - 3 * DAY });
    await worker.store.insertFeedback(old);
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    await worker.runCron(new Date(hour + 7 * 60_000));
    expect(await worker.store.getFeedback(project!.id, old.id)).not.toBeNull();
    await worker.runCron(new Date(hour));
    expect(await worker.store.getFeedback(project!.id, old.id)).toBeNull();
  }, 30_000);
});

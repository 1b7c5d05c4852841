import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../server/auth/tokens.ts';
import { startWorker, type RunningWorker } from '../helpers/workers-runtime.ts';
import { launchChromium } from './helpers/browser.ts';
import { listDemoFeedback, rateThePricingPage, storedPricingRating } from './helpers/demo-visit.ts';

describe('the Workers build, locally in workerd: a visitor rates the demo page', () => {
  let browser: Browser;
  let worker: RunningWorker;

  beforeAll(async () => {
    browser = await launchChromium();
    worker = await startWorker({ HEED_DEMO: 'true' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('stores a 4-star rating with a comment in D1, readable with an admin token', async () => {
    // The demo project's default spam checks stay on: the widget fetches its form ticket and waits them out.
    const { problems, cookies } = await rateThePricingPage(browser, worker.origin);
    const { token } = await issueAdminToken(worker.store, { scope: 'read', now: Date.now() });
    const items = await listDemoFeedback(worker.origin, token);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject(storedPricingRating(worker.origin));
    expect(cookies).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('answers /healthz and /readyz in workerd: D1 migrated by wrangler (d1_migrations) is ready, with a request id', async () => {
    const health = await fetch(`${worker.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await fetch(`${worker.origin}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; applied?: number; shipped?: number }> };
    expect(body.status).toBe('ready');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.migrations).toMatchObject({ ok: true });
    expect(body.checks.migrations!.applied).toBe(body.checks.migrations!.shipped);

    const missing = await fetch(`${worker.origin}/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { requestId: string } }).error.requestId).toBe(missing.headers.get('x-request-id'));
    // Prometheus metrics are the Node server's: each isolate would count alone.
    expect((await fetch(`${worker.origin}/metrics`)).status).toBe(404);
  }, 30_000);
});

describe('the Workers build on a D1 database nothing has migrated', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startWorker({}, async (state) => {
      // An empty database in place of the migrated template.
      const { rmSync } = await import('node:fs');
      rmSync(state, { recursive: true, force: true });
    });
  }, 120_000);
  afterAll(async () => worker?.stop());

  it('stays live and answers /readyz 503 naming the pending migrations', async () => {
    expect((await fetch(`${worker.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${worker.origin}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { failing: string[]; checks: { migrations: { pending: string[] } } };
    expect(body.failing).toEqual(['migrations']);
    expect(body.checks.migrations.pending).toContain('0001_initial.sql');
  }, 30_000);
});

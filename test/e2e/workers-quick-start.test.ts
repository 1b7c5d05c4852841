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
});

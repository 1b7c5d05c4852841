/**
 * The dashboard's inbox on a big project: seeds N rows (default 1,000,000), serves the real app
 * with the built dashboard on loopback, and opens the inbox in headless Chromium R times. For each
 * load it reads, in the page, when the listing's API answer ended (resource timing) and when the
 * first page of items was painted (the frame after they entered the DOM). Target: painted under
 * 300 ms after the API answered. Baseline in the same run: the same answer drawn as a bare
 * <ul> by a few lines of DOM code in the same browser.
 * Run: npm run build && npx tsx bench/dashboard-inbox.ts [--rows 1000000] [--runs 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { issueAdminToken } from '../server/auth/tokens.ts';
import { loadAssetDirectories } from '../server/runtime/node-assets.ts';
import { WidgetConfigSchema } from '../server/schemas/project.ts';
import { openSqliteDatabase, openSqliteStore } from '../server/store/sqlite/open-sqlite-store.ts';
import { launchChromium } from '../test/e2e/helpers/browser.ts';
import { seedFeedback } from './seed-feedback.ts';

const { values: flags } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '15' } } });
const [rows, runs] = [Number(flags.rows), Math.min(100, Number(flags.runs))];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'heed-bench-inbox-'));
const stopAt = Date.now() + 15 * 60_000;
try {
  const path = join(dir, 'heed.db');
  const store = openSqliteStore(path);
  const project = await store.createProject(
    { id: 'bench', key: 'pk_bench', name: 'Bench', allowedOrigins: [], widgetConfig: WidgetConfigSchema.parse({}), enabled: true },
    0,
  );
  const end = Date.now();
  const seedStart = performance.now();
  const sqlite = openSqliteDatabase(path);
  seedFeedback(sqlite, project.id, rows, 365, end);
  sqlite.close();
  console.log(`seeded ${rows.toLocaleString('en')} rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const assets = loadAssetDirectories([
    { dir: join(ROOT, 'dist', 'public'), urlPrefix: '/' },
    { dir: join(ROOT, 'dist', 'admin'), urlPrefix: '/admin' },
  ]);
  const app = createApp({ store, assets });
  const { token } = await issueAdminToken(store, { scope: 'admin', now: end });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await launchChromium();
  const context = await browser.newContext();
  await context.addInitScript((t) => {
    sessionStorage.setItem('heed:admin-token', t);
    // The frame after the first items entered the DOM: when the person sees them.
    new MutationObserver((_, observer) => {
      if (!document.querySelector('.items li')) return;
      observer.disconnect();
      requestAnimationFrame(() => ((window as unknown as { paintedAt: number }).paintedAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  }, token);
  const page = await context.newPage();
  const apiMs: number[] = [];
  const renderMs: number[] = [];
  const baselineMs: number[] = [];
  let items = 0;
  for (let run = 0; run < runs && Date.now() < stopAt; run += 1) {
    await page.goto(`${origin}/admin/projects/pk_bench/feedback`);
    await page.waitForFunction(() => 'paintedAt' in window, undefined, { timeout: 30_000 });
    const timing = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => /\/v1\/projects\/pk_bench\/feedback\?/.test(e.name)) as PerformanceResourceTiming;
      return {
        api: entry.responseEnd - entry.requestStart,
        render: (window as unknown as { paintedAt: number }).paintedAt - entry.responseEnd,
        items: document.querySelectorAll('.items li').length,
      };
    });
    // Baseline: the same answer drawn as a bare list, timed from its arrival to the next frame.
    const baseline = await page.evaluate(async (t) => {
      const response = await fetch('/v1/projects/pk_bench/feedback?limit=50', { headers: { Authorization: `Bearer ${t}` } });
      const body = (await response.json()) as { items: { comment: string | null }[] };
      const start = performance.now();
      const list = document.createElement('ul');
      for (const item of body.items) list.append(Object.assign(document.createElement('li'), { textContent: item.comment ?? '' }));
      document.body.append(list);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - start;
    }, token);
    if (run === 0) continue; // warm-up: first compile and cache fill
    apiMs.push(timing.api);
    renderMs.push(timing.render);
    baselineMs.push(baseline);
    items = timing.items;
  }
  console.log(
    `node ${process.version}  ${new Date().toISOString()}  chromium headless, ${apiMs.length} loads (after one warm-up), first page of ${items} items`,
  );
  console.log(`listing API (request to response end)       median ${median(apiMs).toFixed(1)} ms   max ${max(apiMs).toFixed(1)} ms`);
  console.log(`inbox painted after the API answered        median ${median(renderMs).toFixed(1)} ms   max ${max(renderMs).toFixed(1)} ms`);
  console.log(
    `baseline: bare <ul> of the same answer       median ${median(baselineMs).toFixed(1)} ms   max ${max(baselineMs).toFixed(1)} ms`,
  );
  console.log(
    `inbox / baseline: ${(median(renderMs) / median(baselineMs)).toFixed(1)}   target: painted under 300 ms after the API -> ${max(renderMs) < 300 ? 'met' : 'MISSED'} (max)`,
  );
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

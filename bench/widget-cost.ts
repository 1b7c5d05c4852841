/**
 * What the widget costs a host page before any interaction, against a peer: Sentry's feedback
 * widget (@sentry/browser with feedbackIntegration, bundled here from npm) and a page with no
 * widget, measured in the same run in headless Chromium.
 *
 * Run: npx tsx bench/widget-cost.ts [--runs 10]
 *
 * Per page load (fresh context, cold cache; the three pages alternate): main-thread script and
 * task time from the DevTools Performance domain, long tasks (> 50 ms), cumulative layout shift,
 * and the JavaScript bytes transferred for the widget. Only loopback servers are involved; the
 * Sentry DSN points at a closed loopback port and no event is sent.
 */
import { serve } from '@hono/node-server';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { createApp } from '../server/app.ts';
import { WidgetConfigSchema } from '../server/schemas/project.ts';
import { loadAssetDirectories } from '../server/runtime/node-assets.ts';
import { openSqliteStore } from '../server/store/sqlite/open-sqlite-store.ts';
import { launchChromium } from '../test/e2e/helpers/browser.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Math.max(1, Math.min(50, Number(values.runs) || 10));
const ROOT = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'heed-cost-'));
// The peer's entry file must sit inside the project so its imports resolve from node_modules.
const entryDir = join(ROOT, 'node_modules', '.heed-bench');

/** Sentry's feedback widget as a site would ship it: one minified bundle. */
async function buildSentryBundle(): Promise<Buffer> {
  mkdirSync(entryDir, { recursive: true });
  const entry = join(entryDir, 'sentry-entry.js');
  writeFileSync(
    entry,
    `import { init, feedbackIntegration } from '@sentry/browser';
init({ dsn: 'http://public@127.0.0.1:9/1', defaultIntegrations: false, integrations: [feedbackIntegration({ autoInject: true })] });`,
  );
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'error',
    build: {
      outDir: join(work, 'sentry'),
      minify: true,
      lib: { entry, formats: ['iife'], name: 'SentryBench', fileName: () => 'sentry.js' },
    },
  });
  return readFileSync(join(work, 'sentry', 'sentry.js'));
}

const page = (title: string, script: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body><h1>${title}</h1>${'<p>Some article text that a reader scrolls through.</p>'.repeat(40)}${script}</body></html>`;

interface Sample {
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  cls: number;
  widgetBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const sentry = gzipSync(await buildSentryBundle(), { level: 6 });

  const store = openSqliteStore(join(work, 'heed.db'));
  await store.createProject(
    {
      id: crypto.randomUUID(),
      key: 'pk_cost',
      name: 'Cost',
      allowedOrigins: [],
      widgetConfig: WidgetConfigSchema.parse({}),
      enabled: true,
    },
    Date.now(),
  );
  const heedServer = serve({
    fetch: createApp({ store, assets: loadAssetDirectories([{ dir: join(ROOT, 'dist', 'public'), urlPrefix: '/' }]) }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => heedServer.once('listening', resolve));
  const heedOrigin = `http://127.0.0.1:${(heedServer.address() as AddressInfo).port}`;

  const pages: Record<string, string> = {
    '/none.html': page('No widget', ''),
    '/heed.html': page('Heed', `<script src="${heedOrigin}/widget.js" data-project="pk_cost" async></script>`),
    '/sentry.html': '',
  };
  const site = createServer((req, res) => {
    if (req.url === '/sentry.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Encoding': 'gzip', 'Timing-Allow-Origin': '*' }).end(sentry);
      return;
    }
    const body = pages[req.url ?? ''];
    if (body) res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const port = (site.address() as AddressInfo).port;
  const siteOrigin = `http://localhost:${port}`;
  // Both widgets come from another origin than the page, as a third-party script does.
  pages['/sentry.html'] = page('Sentry feedback', `<script src="http://127.0.0.1:${port}/sentry.js" async></script>`);

  const browser = await launchChromium();
  const samples: Record<string, Sample[]> = { none: [], heed: [], sentry: [] };
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const name of Object.keys(samples)) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        await tab.addInitScript(() => {
          const w = window as unknown as { __long: number; __cls: number };
          w.__long = 0;
          w.__cls = 0;
          new PerformanceObserver((list) => (w.__long += list.getEntries().length)).observe({ type: 'longtask', buffered: true });
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
              if (!entry.hadRecentInput) w.__cls += entry.value;
            }
          }).observe({ type: 'layout-shift', buffered: true });
        });
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Performance.enable');
        await tab.goto(`${siteOrigin}/${name}.html`, { waitUntil: 'load' });
        await tab.waitForTimeout(1500); // the widget draws its launcher after load
        const metrics = Object.fromEntries(
          ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [
            m.name,
            m.value,
          ]),
        );
        const page = await tab.evaluate(() => {
          const w = window as unknown as { __long: number; __cls: number };
          const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
            (e) => e.initiatorType === 'script',
          );
          return { longTasks: w.__long, cls: w.__cls, bytes: scripts.reduce((sum, e) => sum + e.transferSize, 0) };
        });
        if (process.env.HEED_BENCH_DEBUG) console.log(name, JSON.stringify(metrics));
        samples[name]!.push({
          scriptMs: (metrics.ScriptDuration ?? 0) * 1000,
          taskMs: (metrics.TaskDuration ?? 0) * 1000,
          longTasks: page.longTasks,
          cls: page.cls,
          widgetBytes: page.bytes,
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => site.close(resolve));
    await new Promise((resolve) => heedServer.close(resolve));
    await store.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(entryDir, { recursive: true, force: true });
  }

  console.log(`node ${process.version}  ${new Date().toISOString()}  Chromium headless, ${RUNS} loads per page (medians)`);
  console.log('page              script ms  task ms  long tasks  CLS     JS transferred');
  for (const [name, list] of Object.entries(samples)) {
    const row = [
      name.padEnd(16),
      median(list.map((s) => s.scriptMs))
        .toFixed(1)
        .padStart(9),
      median(list.map((s) => s.taskMs))
        .toFixed(1)
        .padStart(8),
      String(Math.max(...list.map((s) => s.longTasks))).padStart(11),
      Math.max(...list.map((s) => s.cls))
        .toFixed(3)
        .padStart(6),
      `${median(list.map((s) => s.widgetBytes))} B`.padStart(15),
    ];
    console.log(row.join('  '));
  }
  const extra = (name: string, key: 'scriptMs' | 'taskMs') =>
    median(samples[name]!.map((s) => s[key])) - median(samples.none!.map((s) => s[key]));
  console.log(
    `script time added over no widget: Heed ${extra('heed', 'scriptMs').toFixed(1)} ms, Sentry ${extra('sentry', 'scriptMs').toFixed(1)} ms ` +
      `(all main-thread tasks, noisier: Heed ${extra('heed', 'taskMs').toFixed(1)} ms, Sentry ${extra('sentry', 'taskMs').toFixed(1)} ms)`,
  );
  console.log('(long tasks and CLS: the worst load; times and bytes: the median)');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

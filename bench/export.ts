/**
 * Export memory on a big project: seeds N rows (default 1,000,000), then streams
 * GET /v1/projects/:key/feedback.csv (and .ndjson) through the app, reading the body chunk by
 * chunk as a client would, while sampling the process's RSS. Baseline in the same run: walking
 * the same rows page by page through the store alone, discarding them.
 * Run: npx tsx bench/export.ts [--rows 1000000]   (or npm run bench:export)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app.ts';
import { issueAdminToken } from '../server/auth/tokens.ts';
import { WidgetConfigSchema } from '../server/schemas/project.ts';
import { openSqliteDatabase, openSqliteStore } from '../server/store/sqlite/open-sqlite-store.ts';
import type { FeedbackPosition } from '../server/store/store.ts';
import { seedFeedback } from './seed-feedback.ts';

const { values: flags } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(flags.rows);
const MB = 1024 * 1024;

/** Runs `task` while sampling RSS every 20 ms; returns its time and the RSS growth over the starting level. */
async function measure(task: () => Promise<number>) {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const began = performance.now();
  const units = await task();
  const ms = performance.now() - began;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, growthMb: (peak - start) / MB, units };
}

const dir = mkdtempSync(join(tmpdir(), 'heed-bench-export-'));
try {
  const path = join(dir, 'heed.db');
  const store = openSqliteStore(path);
  const project = await store.createProject(
    { id: 'bench', key: 'pk_bench', name: 'Bench', allowedOrigins: [], widgetConfig: WidgetConfigSchema.parse({}), enabled: true },
    0,
  );
  const sqlite = openSqliteDatabase(path);
  seedFeedback(sqlite, project.id, rows, 365, Date.UTC(2026, 10, 1));
  sqlite.close();
  const app = createApp({ store });
  const { token } = await issueAdminToken(store, { scope: 'read', now: Date.now() });

  const walk = await measure(async () => {
    let seen = 0;
    let after: FeedbackPosition | undefined;
    for (;;) {
      const page = await store.listFeedback(project.id, { limit: 500, order: 'oldest', ...(after ? { after } : {}) });
      seen += page.items.length;
      if (!page.next) return seen;
      after = page.next;
    }
  });
  const download = (format: string) =>
    measure(async () => {
      const res = await app.request(`/v1/projects/pk_bench/feedback.${format}`, { headers: { Authorization: `Bearer ${token}` } });
      let bytes = 0;
      for await (const chunk of res.body!) bytes += chunk.byteLength;
      return bytes;
    });
  const csv = await download('csv');
  const ndjson = await download('ndjson');

  console.log(`node ${process.version}  ${new Date().toISOString()}  ${rows.toLocaleString('en')} rows`);
  console.log(
    `baseline: store page walk   ${(walk.ms / 1000).toFixed(1)} s   RSS growth ${walk.growthMb.toFixed(1)} MB   (${walk.units.toLocaleString('en')} rows)`,
  );
  for (const [name, run] of [
    ['feedback.csv', csv],
    ['feedback.ndjson', ndjson],
  ] as const) {
    console.log(
      `${name.padEnd(16)} ${(run.ms / 1000).toFixed(1)} s   RSS growth ${run.growthMb.toFixed(1)} MB   ${(run.units / MB).toFixed(0)} MB streamed   time / baseline ${(run.ms / walk.ms).toFixed(2)}`,
    );
  }
  const worst = Math.max(csv.growthMb, ndjson.growthMb);
  console.log(`target: memory growth under 64 MB -> ${worst < 64 ? 'met' : 'MISSED'} (worst ${worst.toFixed(1)} MB)`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

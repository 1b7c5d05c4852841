/**
 * Stats speed on a big project: seeds N rows (default 1,000,000 over a year), then times
 * GET /v1/projects/:key/stats for the last 30 days through the app, against a baseline measured
 * in the same run: the same period's rating counts computed straight from the raw rows.
 * Run: npx tsx bench/stats.ts [--rows 1000000] [--days 365] [--runs 30]   (or npm run bench:stats)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app.ts';
import { issueAdminToken } from '../server/auth/tokens.ts';
import { WidgetConfigSchema } from '../server/schemas/project.ts';
import { openSqliteDatabase, openSqliteStore } from '../server/store/sqlite/open-sqlite-store.ts';
import { seedFeedback } from './seed-feedback.ts';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '365' },
    runs: { type: 'string', default: '30' },
  },
});
const [rows, days, runs] = [Number(flags.rows), Number(flags.days), Math.min(200, Number(flags.runs))];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

const dir = mkdtempSync(join(tmpdir(), 'heed-bench-stats-'));
try {
  const path = join(dir, 'heed.db');
  const store = openSqliteStore(path);
  const project = await store.createProject(
    { id: 'bench', key: 'pk_bench', name: 'Bench', allowedOrigins: [], widgetConfig: WidgetConfigSchema.parse({}), enabled: true },
    0,
  );
  const end = Date.UTC(2026, 10, 1);
  const seedStart = performance.now();
  const sqlite = openSqliteDatabase(path);
  seedFeedback(sqlite, project.id, rows, days, end);
  console.log(`seeded ${rows.toLocaleString('en')} rows over ${days} days in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const app = createApp({ store, now: () => end });
  const { token } = await issueAdminToken(store, { scope: 'read', now: end });
  const url = `/v1/projects/pk_bench/stats?from=2026-10-02&to=2026-11-01`;
  const timeStats = async () => {
    const start = performance.now();
    const res = await app.request(url, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { count: number };
    if (res.status !== 200) throw new Error(`stats answered ${res.status}`);
    return { ms: performance.now() - start, count: body.count };
  };
  // Baseline: the rating counts alone, from the raw rows (what stats would cost without rollups).
  const scan = sqlite.prepare(
    'SELECT rating_kind, rating_value, count(*) AS n, sum(comment IS NOT NULL) AS c FROM feedback WHERE project_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2',
  );
  const timeScan = () => {
    const start = performance.now();
    scan.all(project.id, Date.UTC(2026, 9, 2), end);
    return performance.now() - start;
  };
  await timeStats();
  timeScan();
  const statsMs: number[] = [];
  const scanMs: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i += 1) {
    const run = await timeStats();
    statsMs.push(run.ms);
    count = run.count;
    scanMs.push(timeScan());
  }
  console.log(
    `node ${process.version}  ${new Date().toISOString()}  ${runs} runs each, 30-day period holding ${count.toLocaleString('en')} items`,
  );
  console.log(`GET /stats (rollups, whole answer)   median ${median(statsMs).toFixed(1)} ms   p95 ${p95(statsMs).toFixed(1)} ms`);
  console.log(`baseline: raw-row rating scan only   median ${median(scanMs).toFixed(1)} ms   p95 ${p95(scanMs).toFixed(1)} ms`);
  console.log(
    `stats / baseline: ${(median(statsMs) / median(scanMs)).toFixed(2)}   target: stats under 100 ms -> ${p95(statsMs) < 100 ? 'met' : 'MISSED'} (p95)`,
  );
  sqlite.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

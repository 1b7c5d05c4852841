/**
 * Soak: the real Node server (SQLite file) under steady mixed traffic — submissions, inbox pages,
 * stats and exports of the last minute — for a long while; prints p99 latency in a window near the
 * start and one at the end, the resident memory after a full garbage collection at the start (after
 * a warm-up) and at the end, and their growth.
 *
 * Before the warm-up, PREFILL_SUBMISSIONS submissions go in as fast as the server takes them: the
 * writes fill SQLite's page cache (16 MB in better-sqlite3's build), as a server that has run a
 * while has it filled. Without them the held memory grew by that cache's size over the first
 * 7 minutes and then stayed flat, the JavaScript heap flat throughout (docs/reliability.md).
 *
 *   npm run bench:soak -- --minutes 30     (or --minutes 2 for a short look)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { connectInspector } from '../test/helpers/inspector.ts';
import { coreTicks, cpuMs, pinToCpu, rssMb } from '../test/helpers/process-figures.ts';
import { killNodeServer, startNodeServer } from '../test/helpers/node-server.ts';

type Kind = 'submit' | 'list' | 'stats' | 'export';

/** Requests a second of each kind: mostly visitors, with a site owner's dashboard open. */
const MIX: Record<Kind, number> = { submit: 60, list: 4, stats: 2, export: 1 };

/** The cache stopped growing after about 25,000 submissions; 64 at a time, these take about 10 s. */
const PREFILL_SUBMISSIONS = 40_000;
const PREFILL_CONCURRENCY = 64;

export interface WindowFigures {
  /** Median of the samples taken every second: saw-tooths with the garbage collector. */
  rssMb: number;
  p99Ms: number;
  p99MsByKind: Record<Kind, number>;
  /**
   * The median of the p99s of the window's five slices: a stall of a few seconds (this VM's, or a
   * garbage collection) moves one slice, while a server that slowed down moves them all.
   */
  p99MsTypicalSlice: number;
  requests: number;
  /** The server's CPU time per request: its work, which a slower machine does not inflate much. */
  serverCpuMsPerRequest: number;
  /** Share of the server's core the hypervisor gave to other machines: a slower machine, not a slower server. */
  stealPercent: number;
  /** Share of the server's core other processes used (the load generator has the other core). */
  otherProcessesPercent: number;
}

export interface SoakReport {
  minutes: number;
  warmupSeconds: number;
  start: WindowFigures;
  end: WindowFigures;
  /** RSS right after a full garbage collection: what the server holds, at the start and the end. */
  settledRssMb: { start: number; end: number };
  /** The V8 heap in use at those moments: JavaScript's share of what is held (the rest is native: SQLite, buffers, code). */
  settledHeapMb: { start: number; end: number };
  /** end / start − 1, of the settled RSS and of the windows' p99 */
  rssGrowth: number;
  p99Growth: number;
  /** The same, of the windows' typical slice. */
  p99TypicalGrowth: number;
  /** The same, of the server's CPU time per request. */
  serverCpuGrowth: number;
  /** Answers other than the expected 2xx: should be none. */
  failures: number;
  /** Those answers by status ('network' when none came). */
  failuresByStatus: Record<string, number>;
  /**
   * Answers other than 2xx to requests under way during the forced full collection that measures the
   * start's memory, and in the second after it: the bench's own pause of the server (a shed 503 while
   * the event loop is held), not the server's doing, so reported apart from `failures`.
   */
  failuresDuringForcedCollection: Record<string, number>;
  /** RSS and p99 over the whole run, slice by slice (warm-up included), to see where they settle. */
  trace: ({ fromSecond: number; rssMb: number; p99Ms: number } & Pick<
    WindowFigures,
    'serverCpuMsPerRequest' | 'stealPercent' | 'otherProcessesPercent'
  >)[];
}

/** The core the server is pinned to (the load generator has the other). */
const SERVER_CORE = 0;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export async function runSoak(minutes: number): Promise<SoakReport> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-soak-'));
  const server = await startNodeServer(
    { HEED_DB: join(dir, 'heed.db'), HEED_RATE_LIMIT_CLIENT: '10000000', HEED_RATE_LIMIT_PROJECT: '10000000' },
    ['--inspect=127.0.0.1:0'],
  );
  const inspector = await connectInspector(server.output);
  try {
    const pid = server.child.pid!;
    pinToCpu(pid, SERVER_CORE);
    pinToCpu(process.pid, 1);
    const token = /\b(heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(server.output)![1]!;
    const auth = { authorization: `Bearer ${token}` };
    const created = await request(`${server.origin}/v1/projects`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Soak', antiSpam: { minSeconds: 0, turnstile: false } }),
    });
    const { key } = (await created.body.json()) as { key: string };

    const durationMs = minutes * 60_000;
    // Windows: after a warm-up (the code paths compiled, the caches filled), a quarter of the run,
    // and the last quarter.
    const warmupMs = Math.min(60_000, durationMs / 6);
    const windowMs = durationMs / 4;
    const samples: { at: number; kind: Kind; ms: number }[] = [];
    /** Every second: the server's RSS and CPU time, and its core's ticks. */
    const rss: { at: number; mb: number; cpuMs: number; core: ReturnType<typeof coreTicks> }[] = [];
    const failuresByStatus: Record<string, number> = {};
    const failuresDuringForcedCollection: Record<string, number> = {};
    /** When the forced collection for the start's memory began (the window opens a second after it ends). */
    let collectionFrom = Infinity;
    const failed = (status: string, started: number) => {
      const byStatus = started < startWindowAt && Date.now() > collectionFrom ? failuresDuringForcedCollection : failuresByStatus;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    };
    const settledMemory = async () => {
      await inspector.collectGarbage();
      return { rss: Math.round(rssMb(pid)), heap: Math.round(await inspector.heapUsedMb()) };
    };
    let settledStart: Promise<{ rss: number; heap: number }> | undefined;
    // The start window opens after the forced collection (its pause would count as the start's p99).
    let startWindowAt = Infinity;
    let n = 0;

    const submit = () =>
      request(`${server.origin}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          project: key,
          id: crypto.randomUUID(),
          rating: { kind: 'stars', value: 1 + (n++ % 5) },
          comment: `Soak item ${n}: the checkout page was ${n % 2 ? 'slow' : 'fine'}`,
          page: { url: `https://shop.example/page/${n % 50}`, title: 'Page' },
          context: { locale: 'en-GB', viewport: { width: 1280, height: 800 } },
        }),
      });
    const send = async (kind: Kind) => {
      const started = Date.now();
      const target = {
        submit,
        list: () => request(`${server.origin}/v1/projects/${key}/feedback?limit=50`, { headers: auth }),
        stats: () => request(`${server.origin}/v1/projects/${key}/stats`, { headers: auth }),
        export: () =>
          request(`${server.origin}/v1/projects/${key}/feedback.ndjson?from=${new Date(started - 60_000).toISOString()}`, {
            headers: auth,
          }),
      }[kind];
      try {
        const res = await target();
        await res.body.dump();
        if (res.statusCode >= 300) failed(String(res.statusCode), started);
      } catch {
        failed('network', started);
      }
      samples.push({ at: started, kind, ms: Date.now() - started });
    };

    await Promise.all(
      Array.from({ length: PREFILL_CONCURRENCY }, async () => {
        while (n < PREFILL_SUBMISSIONS) {
          const res = await submit();
          await res.body.dump();
          // Flat out, a stall of the machine can make the server shed for a moment: it says when to
          // come back, and the widget would. (The measured traffic below counts every 503 as a failure.)
          const retryAfter = Number(res.headers['retry-after']);
          if (res.statusCode === 503 && retryAfter > 0) await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
          else if (res.statusCode !== 201) throw new Error(`a prefill submission was answered ${res.statusCode}`);
        }
      }),
    );

    // Open loop by the clock: each kind at its rate, whatever the answers take.
    const began = Date.now();
    const sent: Record<Kind, number> = { submit: 0, list: 0, stats: 0, export: 0 };
    const inFlight = new Set<Promise<void>>();
    const sample = () => rss.push({ at: Date.now(), mb: rssMb(pid), cpuMs: cpuMs(pid), core: coreTicks(SERVER_CORE) });
    sample();
    const sampler = setInterval(sample, 1000);
    while (Date.now() - began < durationMs) {
      const seconds = (Date.now() - began) / 1000;
      if (!settledStart && seconds * 1000 >= warmupMs) {
        collectionFrom = Date.now();
        settledStart = settledMemory().finally(() => (startWindowAt = Date.now() + 1000));
      }
      for (const kind of Object.keys(MIX) as Kind[]) {
        while (sent[kind] < seconds * MIX[kind]) {
          sent[kind] += 1;
          const done = send(kind).finally(() => inFlight.delete(done));
          inFlight.add(done);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    clearInterval(sampler);
    await Promise.all(inFlight);
    const [atStart, atEnd] = [await settledStart!, await settledMemory()];

    const within = <T extends { at: number }>(list: T[], from: number, to: number) => list.filter((s) => s.at >= from && s.at < to);
    const p99Of = (list: typeof samples) =>
      percentile(
        list.map((s) => s.ms).sort((a, b) => a - b),
        99,
      );
    const rssOf = (from: number, to: number) => Math.round(median(within(rss, from, to).map((r) => r.mb)));
    /** The server's CPU time per request, and what else took its core, between the first and last samples in [from, to). */
    const machineOf = (from: number, to: number) => {
      const sampled = within(rss, from, to);
      const [first, last] = [sampled[0]!, sampled.at(-1)!];
      const serverMs = last.cpuMs - first.cpuMs;
      const percentOfCore = (ticks: number) => Number(((100 * ticks) / (last.core.total - first.core.total)).toFixed(1));
      return {
        serverCpuMsPerRequest: Number((serverMs / within(samples, first.at, last.at).length).toFixed(2)),
        stealPercent: percentOfCore(last.core.steal - first.core.steal),
        // Ticks are 10 ms; a negative remainder is rounding.
        otherProcessesPercent: Math.max(0, percentOfCore(last.core.used - first.core.used - serverMs / 10)),
      };
    };
    /** The median of the p99s of five equal slices of [from, to). */
    const typicalSliceP99 = (from: number, to: number) => {
      const width = (to - from) / 5;
      return median(Array.from({ length: 5 }, (_, i) => p99Of(within(samples, from + i * width, from + (i + 1) * width))));
    };
    const figures = (from: number, to: number): WindowFigures => {
      const inWindow = within(samples, from, to);
      return {
        rssMb: rssOf(from, to),
        p99Ms: p99Of(inWindow),
        p99MsTypicalSlice: typicalSliceP99(from, to),
        p99MsByKind: Object.fromEntries(
          (Object.keys(MIX) as Kind[]).map((kind) => [kind, p99Of(inWindow.filter((s) => s.kind === kind))]),
        ) as Record<Kind, number>,
        requests: inWindow.length,
        ...machineOf(from, to),
      };
    };
    const sliceMs = Math.max(10_000, durationMs / 20);
    const trace = Array.from({ length: Math.ceil(durationMs / sliceMs) }, (_, i) => {
      const [from, to] = [began + i * sliceMs, began + (i + 1) * sliceMs];
      return { fromSecond: (i * sliceMs) / 1000, rssMb: rssOf(from, to), p99Ms: p99Of(within(samples, from, to)), ...machineOf(from, to) };
    });
    const start = figures(startWindowAt, startWindowAt + windowMs);
    const end = figures(began + durationMs - windowMs, began + durationMs);
    return {
      minutes,
      warmupSeconds: warmupMs / 1000,
      start,
      end,
      settledRssMb: { start: atStart.rss, end: atEnd.rss },
      settledHeapMb: { start: atStart.heap, end: atEnd.heap },
      rssGrowth: atEnd.rss / atStart.rss - 1,
      p99Growth: end.p99Ms / start.p99Ms - 1,
      p99TypicalGrowth: end.p99MsTypicalSlice / start.p99MsTypicalSlice - 1,
      serverCpuGrowth: end.serverCpuMsPerRequest / start.serverCpuMsPerRequest - 1,
      failures: Object.values(failuresByStatus).reduce((sum, count) => sum + count, 0),
      failuresByStatus,
      failuresDuringForcedCollection,
      trace,
    };
  } finally {
    inspector.close();
    await killNodeServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' } } });
  const report = await runSoak(Number(values.minutes));
  console.log(JSON.stringify(report, null, 2));
  const percent = (growth: number) => `${(growth * 100).toFixed(1)}%`;
  console.log(
    `soak ${report.minutes} min: RSS after a full GC ${report.settledRssMb.start} → ${report.settledRssMb.end} MB (${percent(report.rssGrowth)}; ` +
      `V8 heap ${report.settledHeapMb.start} → ${report.settledHeapMb.end} MB), ` +
      `p99 ${report.start.p99Ms} → ${report.end.p99Ms} ms (${percent(report.p99Growth)}; typical slice ${report.start.p99MsTypicalSlice} → ${report.end.p99MsTypicalSlice} ms, ${percent(report.p99TypicalGrowth)}), ` +
      `server CPU per request ${report.start.serverCpuMsPerRequest} → ${report.end.serverCpuMsPerRequest} ms (${percent(report.serverCpuGrowth)}), ` +
      `on its core steal ${report.start.stealPercent}% → ${report.end.stealPercent}% and other processes ${report.start.otherProcessesPercent}% → ${report.end.otherProcessesPercent}%, ` +
      `failures ${report.failures}`,
  );
}

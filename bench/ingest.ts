/**
 * Ingest throughput: a bare Hono + zod route (a) against the real POST /v1/feedback over SQLite (b)
 * and, with --postgres URL, over PostgreSQL (c; each run in a fresh schema of that database).
 * Run: npx tsx bench/ingest.ts [--duration 10] [--warmup 2] [--rounds 5] [--ids v7|v4] [--series] [--cpu-prof DIR]
 *                              [--postgres postgres://user:pass@127.0.0.1:5432/db]
 *      (or npm run bench:ingest -- --duration 5)
 *
 * Each server runs in its own child process (bench/ingest-server.ts); this process only runs
 * autocannon, so on a 2-core machine the generator and the server do not share a core.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createUuid } from '../widget/uuid.ts';
import { BENCH_PROJECT_KEY, type ChildMessage, type ParentMessage, type ServerMode, type ServerStats } from './ingest-protocol.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = join(ROOT, 'bench', 'ingest-server.ts');
const CONNECTIONS = 50;
const TARGET_RATIO = 0.6;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    // Per-second responses of each measured run: shows whether a rate drifts as the database grows.
    series: { type: 'boolean', default: false },
    // Directory for a V8 CPU profile of each server child (NODE_OPTIONS may not carry --cpu-prof).
    'cpu-prof': { type: 'string' },
    // v7 = what the widget sends (time-ordered); v4 = a random-id API client, for comparison.
    ids: { type: 'string', default: 'v7' },
    // a and b alternate this many times; the verdict uses the median ratio (this VM is noisy).
    rounds: { type: 'string', default: '5' },
    // A PostgreSQL server (loopback) to measure the Postgres store on too.
    postgres: { type: 'string' },
  },
});
if (flags.postgres && !/^postgres:\/\/[^/]*@?(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(flags.postgres)) {
  throw new Error('--postgres must be a postgres:// URL on loopback.');
}
if (flags.ids !== 'v7' && flags.ids !== 'v4') throw new Error('--ids must be v7 or v4.');
const makeId: () => string = flags.ids === 'v4' ? randomUUID : () => createUuid();
const DURATION_S = positiveNumber(flags.duration, '--duration');
const WARMUP_S = positiveNumber(flags.warmup, '--warmup', true);
const ROUNDS = Math.round(positiveNumber(flags.rounds, '--rounds'));

function positiveNumber(raw: string | undefined, name: string, zeroOk = false): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) throw new Error(`${name} must be a positive number of seconds.`);
  return value;
}

// Every request carries a fresh UUID; the rest of the body is fixed, so it is spliced around the id.
// The form ticket is the real server's (its spam check runs on every request, as for the widget's);
// the bare route gets one of the same length.
const bodyParts = (ticket: string) =>
  JSON.stringify({
    project: BENCH_PROJECT_KEY,
    ticket,
    id: '__ID__',
    rating: { kind: 'stars', value: 4 },
    comment: 'Fast checkout, but the coupon field was hard to find.',
    page: { url: 'https://shop.example/checkout', title: 'Checkout' },
    context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, userAgent: 'bench' },
  }).split('__ID__') as [string, string];

/** The project's form ticket from the real server, once it is old enough to be accepted. */
async function readyTicket(port: number): Promise<string> {
  const config = (await (await fetch(`http://127.0.0.1:${port}/v1/projects/${BENCH_PROJECT_KEY}/config`)).json()) as {
    ticket: string;
    minSeconds: number;
  };
  await new Promise((resolve) => setTimeout(resolve, config.minSeconds * 1000));
  return config.ticket;
}

/** What the client saw. Ids are kept only where rows are checked, to spare the generator's core. */
interface Tally {
  keepIds: boolean;
  sent: Set<string>;
  /** Answered 201 with a body echoing the id that was sent. */
  created: Set<string>;
  createdCount: number;
  /** Got any complete response. */
  answered: Set<string>;
  echoMismatches: number;
}

const newTally = (keepIds: boolean): Tally => ({
  keepIds,
  sent: new Set(),
  created: new Set(),
  createdCount: 0,
  answered: new Set(),
  echoMismatches: 0,
});

function feedbackRequests(tally: Tally, [head, tail]: [string, string]): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/v1/feedback',
      setupRequest: (request, context) => {
        const id = makeId();
        (context as { id?: string }).id = id;
        if (tally.keepIds) tally.sent.add(id);
        return { ...request, body: head + id + tail };
      },
      // With pipelining 1 the context still belongs to the request this response answers.
      onResponse: (status, body, context) => {
        const id = (context as { id?: string }).id;
        if (!id) return;
        if (tally.keepIds) tally.answered.add(id);
        if (status !== 201) return;
        if ((JSON.parse(body) as { id?: unknown }).id !== id) return void tally.echoMismatches++;
        tally.createdCount++;
        if (tally.keepIds) tally.created.add(id);
      },
    },
  ];
}

function runLoad(port: number, seconds: number, tally: Tally, body: [string, string], perSecond?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        requests: feedbackRequests(tally, body),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon stops on its own; this only guards against a wedged run.
    const guard = setTimeout(() => instance.stop(), (seconds + 15) * 1000);
    instance.on('done', () => clearTimeout(guard));
    // The typings declare no argument, but autocannon passes { counter, bytes } for the last second.
    if (perSecond) instance.on('tick', (...args: unknown[]) => perSecond.push((args[0] as { counter: number }).counter));
    // ...and one more with 0 as it stops, which is not a second of load.
    if (perSecond) instance.on('done', () => perSecond.at(-1) === 0 && perSecond.pop());
  });
}

// Children and temp databases still around when this process exits, for whatever reason, go with it.
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  live.forEach((child) => child.kill('SIGKILL'));
  tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

interface ServerHandle {
  child: ChildProcess;
  port: number;
  ask(message: ParentMessage, reply: ChildMessage['type']): Promise<ChildMessage>;
  exited: Promise<number | null>;
}

function startServer(mode: ServerMode, args: string[]): Promise<ServerHandle> {
  // Same node binary, tsx as a loader; cwd at the repo root so `--import tsx` resolves.
  const child = fork(SERVER_ENTRY, [mode, ...args], {
    cwd: ROOT,
    execPath: process.execPath,
    execArgv: ['--import', 'tsx', ...(flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${flags['cpu-prof']}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const ask: ServerHandle['ask'] = (message, reply) =>
    new Promise((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== reply) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send(message, (error) => error && reject(error));
    });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildMessage) =>
      m.type === 'ready' ? resolve({ child, port: m.port, ask, exited }) : reject(new Error(`unexpected ${m.type}`)),
    );
    void exited.then((code) => reject(new Error(`${mode} server exited (code ${code}) before listening`)));
  });
}

interface Measurement {
  name: string;
  result: autocannon.Result;
  serverCpu: number;
  serverBusy: number;
  clientCpu: number;
  checks: string[];
  ok: boolean;
}

type Backend = 'sqlite' | 'postgres';

async function measure(name: string, mode: ServerMode, backend: Backend = 'sqlite'): Promise<Measurement> {
  const dir = mode === 'real' && backend === 'sqlite' ? mkdtempSync(join(tmpdir(), 'heed-bench-')) : undefined;
  if (dir) tempDirs.add(dir);
  const schema = mode === 'real' && backend === 'postgres' ? await createSchema() : undefined;
  const dbPath = dir ? join(dir, 'bench.db') : schema?.url;
  let server: ServerHandle | undefined;
  // Hard stop for the whole scenario: kill the child rather than hang.
  const budgetMs = (WARMUP_S + DURATION_S + 60) * 1000;
  let safety: NodeJS.Timeout | undefined;
  try {
    const work = (async () => {
      server = await startServer(mode, dbPath ? [dbPath] : []);
      const body = bodyParts(mode === 'real' ? await readyTicket(server.port) : `${'0'.repeat(11)}.${'A'.repeat(43)}`);
      const warm = newTally(mode === 'real');
      if (WARMUP_S > 0) await runLoad(server.port, WARMUP_S, warm, body);

      const tally = newTally(mode === 'real');
      const before = (await server.ask({ type: 'stats' }, 'stats')) as ServerStats;
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      const perSecond: number[] = [];
      const result = await runLoad(server.port, DURATION_S, tally, body, perSecond);
      const wallMs = performance.now() - started;
      const clientCpu = process.cpuUsage(clientBefore);
      const after = (await server.ask({ type: 'stats' }, 'stats')) as ServerStats;

      const closed = (await server.ask({ type: 'shutdown' }, 'closed')) as ServerStats;
      const code = await server.exited;
      if (code !== 0) throw new Error(`${mode} server exited with code ${code}`);

      const busyActive = after.eluActiveMs - before.eluActiveMs;
      const busyIdle = after.eluIdleMs - before.eluIdleMs;
      const base = {
        name,
        result,
        serverCpu: (after.cpuMicros - before.cpuMicros) / 1000 / wallMs,
        serverBusy: busyActive / (busyActive + busyIdle),
        clientCpu: (clientCpu.user + clientCpu.system) / 1000 / wallMs,
      };
      const both = { sent: new Set([...warm.sent, ...tally.sent]), created: new Set([...warm.created, ...tally.created]) };
      const answered = new Set([...warm.answered, ...tally.answered]);
      const echo = warm.echoMismatches + tally.echoMismatches;
      const checks = [
        ...(flags.series ? [`responses per second: ${perSecond.map((n) => fmt(n)).join(' ')}`] : []),
        `${fmt(tally.createdCount)} measured 201s echoed their own id; ${echo} echo mismatches; ${result.mismatches} body mismatches`,
      ];
      let ok = echo === 0 && result.non2xx === 0 && result.errors === 0;
      if (mode === 'real') {
        const stored = schema ? await schema.storedIds() : storedSqliteIds(dbPath!);
        const verdict = verifyRows(stored, both.sent, both.created, answered, closed.statuses['201'] ?? 0);
        checks.push(...verdict.lines);
        ok &&= verdict.ok;
      }
      return { ...base, checks, ok };
    })();
    const timeout = new Promise<never>((_, reject) => {
      safety = setTimeout(() => {
        server?.child.kill('SIGKILL');
        reject(new Error(`${name}: no result within ${budgetMs / 1000} s; server killed`));
      }, budgetMs);
    });
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(safety);
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    }
    await schema?.drop();
  }
}

/** A fresh schema in the --postgres database, for one measured server. */
async function createSchema() {
  const name = `heed_bench_${randomUUID().replaceAll('-', '')}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: flags.postgres });
    await client.connect();
    try {
      return await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE SCHEMA ${name}`);
  const url = new URL(flags.postgres!);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.href,
    storedIds: async () =>
      (
        await query(
          `SELECT f.id FROM ${name}.feedback f JOIN ${name}.projects p ON p.id = f.project_id WHERE p.key = '${BENCH_PROJECT_KEY}'`,
        )
      ).rows.map((row: { id: string }) => row.id),
    drop: () => query(`DROP SCHEMA ${name} CASCADE`),
  };
}

function storedSqliteIds(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const ids = db
    .prepare('SELECT f.id FROM feedback f JOIN projects p ON p.id = f.project_id WHERE p.key = ?')
    .pluck()
    .all(BENCH_PROJECT_KEY) as string[];
  db.close();
  return ids;
}

/**
 * The database must hold exactly the feedback the server answered 201 for. The client sees fewer
 * 201s than that: autocannon ends a run by closing sockets with up to one request each in flight,
 * and those were stored although their reply was dropped. Each must be a request we sent.
 */
function verifyRows(
  ids: string[],
  sent: Set<string>,
  created: Set<string>,
  answered: Set<string>,
  server201: number,
): { ok: boolean; lines: string[] } {
  const stored = new Set(ids);
  const missing = [...created].filter((id) => !stored.has(id)).length;
  const extra = ids.filter((id) => !created.has(id));
  const unexplained = extra.filter((id) => !sent.has(id) || answered.has(id)).length;
  const rowsMatchServer = ids.length === server201;
  const lines = [
    `db rows ${fmt(ids.length)} ${rowsMatchServer ? '==' : '!='} 201 responses sent by the server ${fmt(server201)} (warm-up + measured): ${rowsMatchServer ? 'OK' : 'FAIL'}`,
    `every 201 the client received is in the db (${fmt(created.size)}, missing ${missing}); ` +
      `${extra.length} more rows = requests in flight when autocannon closed its sockets (unexplained ${unexplained}): ${missing === 0 && unexplained === 0 ? 'OK' : 'FAIL'}`,
  ];
  return { ok: rowsMatchServer && missing === 0 && unexplained === 0, lines };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number) => `${Math.round(x * 100)}%`;

function table(rows: Measurement[]): string {
  // autocannon's latency histogram has 1 ms resolution.
  const head = ['name', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'srv cpu', 'srv busy', 'gen cpu'];
  const body = rows.map((m) => [
    m.name,
    fmt(m.result.requests.average),
    fmt(m.result.latency.p50),
    fmt(m.result.latency.p99),
    fmt(m.result.non2xx),
    fmt(m.result.errors),
    pct(m.serverCpu),
    pct(m.serverBusy),
    pct(m.clientCpu),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [head, ...body]
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  console.log(`node ${process.version}  ${new Date().toISOString()}  ${cpus().length} cpus (${cpus()[0]?.model.trim() ?? '?'})`);
  console.log(
    `autocannon: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_S} s warm-up (not counted) + ${DURATION_S} s measured, loopback; ids ${flags.ids}; db under ${tmpdir()}`,
  );
  const rounds: { a: Measurement; b: Measurement; ratio: number; c?: Measurement; ratioC?: number }[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const a = await measure(`a bare hono+zod #${round}`, 'bare');
    const b = await measure(`b real sqlite   #${round}`, 'real');
    const c = flags.postgres ? await measure(`c real postgres #${round}`, 'real', 'postgres') : undefined;
    rounds.push({
      a,
      b,
      ratio: b.result.requests.average / a.result.requests.average,
      ...(c ? { c, ratioC: c.result.requests.average / a.result.requests.average } : {}),
    });
  }
  const all = rounds.flatMap((r) => [r.a, r.b, ...(r.c ? [r.c] : [])]);
  const medianOf = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const median = medianOf(rounds.map((r) => r.ratio));

  console.log('');
  console.log(table(all));
  console.log('');
  for (const m of all) for (const line of m.checks) console.log(`check ${m.name}: ${line}`);
  const ok = all.every((m) => m.ok);
  console.log(`checks: ${ok ? 'all OK' : 'FAILED (see above)'}`);
  console.log('srv cpu = server process CPU / wall time; srv busy = its event-loop utilisation (includes time blocked in fsync)');
  console.log('');
  console.log(`ratio b/a (req/s) per round: ${rounds.map((r) => `${(r.ratio * 100).toFixed(1)}%`).join(', ')}`);
  console.log(
    `median ratio b/a: ${(median * 100).toFixed(1)}%   target b/a >= ${TARGET_RATIO * 100}%: ${median >= TARGET_RATIO ? 'TARGET MET' : 'TARGET MISSED'}`,
  );
  if (flags.postgres) {
    const ratiosC = rounds.map((r) => r.ratioC!);
    console.log(`ratio c/a (req/s) per round: ${ratiosC.map((r) => `${(r * 100).toFixed(1)}%`).join(', ')}`);
    console.log(`median ratio c/a (postgres): ${(medianOf(ratiosC) * 100).toFixed(1)}%`);
  }
  if (!ok) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * Start-up: the compiled server (`node dist/node/server/cli/heed.js serve`, what production and the
 * container run) against the TypeScript sources through tsx (`node --import tsx server/runtime/node.ts`,
 * `npm run dev`), in one run. Rounds alternate between the two, each on a fresh SQLite file (so
 * each start creates the schema, the demo project and the first admin token, as a first start
 * does). Per start it measures:
 *
 * - spawn to the "Heed is listening on" line (the server is accepting connections then);
 * - spawn to the first 200 from GET /healthz, polled every 5 ms once listening ("n/a" without the route);
 * - resident memory (VmRSS) after IDLE_MS idle.
 *
 *   npm run build && npx tsx bench/startup.ts              (5 rounds each; --rounds 1..20)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rssMb } from '../test/helpers/process-figures.ts';

const ROOT = join(import.meta.dirname, '..');
const COMPILED_CLI = join('dist', 'node', 'server', 'cli', 'heed.js');
const IDLE_MS = 3000;
const LISTEN_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 5000;

interface Variant {
  name: 'compiled' | 'tsx';
  command: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  { name: 'compiled', command: 'node dist/node/server/cli/heed.js serve', args: [COMPILED_CLI, 'serve'] },
  { name: 'tsx', command: 'node --import tsx server/runtime/node.ts', args: ['--import', 'tsx', join('server', 'runtime', 'node.ts')] },
];

interface Start {
  listeningMs: number;
  healthyMs: number | null;
  idleRssMb: number;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** GET /healthz every 5 ms until a 200; null when the route is missing (404) or nothing answers 200 in time. */
async function firstHealthy(origin: string, started: number): Promise<number | null> {
  const deadline = performance.now() + HEALTH_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const status = await fetch(`${origin}/healthz`).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    if (status === 404) return null;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

async function startOnce(variant: Variant): Promise<Start> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HEED_DB: join(dataDir, 'heed.db'), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const listening = await new Promise<{ ms: number; origin: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant.name} did not listen within 30 s:\n${output}`)), LISTEN_TIMEOUT_MS);
      const onData = (data: Buffer) => {
        const at = performance.now();
        output += data.toString();
        const match = /Heed is listening on (http:\/\/[^\s"]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve({ ms: at - started, origin: match[1]!.replace('localhost', '127.0.0.1') });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${variant.name} exited with ${code}:\n${output}`)));
    });
    const healthyMs = await firstHealthy(listening.origin, started);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { listeningMs: listening.ms, healthyMs, idleRssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error('--rounds takes a whole number from 1 to 20');
  if (!existsSync(join(ROOT, COMPILED_CLI))) throw new Error('No compiled server: run `npm run build` first.');

  // Other processes' load moves start-up times more than anything here: printed so a reader can tell.
  const load = () => loadavg()[0]!.toFixed(2);
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs, load ${load()}; ${rounds} starts each, alternating; idle RSS after ${IDLE_MS / 1000} s`,
  );
  const results: Record<Variant['name'], Start[]> = { compiled: [], tsx: [] };
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so neither always starts on a disk cache the other warmed.
    const order = round % 2 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      const start = await startOnce(variant);
      results[variant.name].push(start);
      const healthy = start.healthyMs === null ? 'n/a' : `${start.healthyMs.toFixed(0)} ms`;
      console.log(
        `round ${round} ${variant.name.padEnd(8)} listening ${start.listeningMs.toFixed(0)} ms, /healthz 200 ${healthy}, idle RSS ${start.idleRssMb.toFixed(1)} MB`,
      );
    }
  }

  console.log(`\nmedians (load ${load()} at the end)`);
  const summary = Object.fromEntries(
    VARIANTS.map(({ name, command }) => {
      const starts = results[name];
      const healthy = starts.map((s) => s.healthyMs).filter((ms): ms is number => ms !== null);
      const row = {
        listeningMs: median(starts.map((s) => s.listeningMs)),
        healthyMs: healthy.length === starts.length ? median(healthy) : null,
        idleRssMb: median(starts.map((s) => s.idleRssMb)),
      };
      const healthyText = row.healthyMs === null ? 'n/a' : `${row.healthyMs.toFixed(0)} ms`;
      console.log(
        `  ${name.padEnd(8)} listening ${row.listeningMs.toFixed(0)} ms, /healthz 200 ${healthyText}, idle RSS ${row.idleRssMb.toFixed(1)} MB   (${command})`,
      );
      return [name, row];
    }),
  ) as Record<Variant['name'], { listeningMs: number; healthyMs: number | null; idleRssMb: number }>;
  const { compiled, tsx } = summary;
  console.log(
    `tsx / compiled: start-up to listening ×${(tsx.listeningMs / compiled.listeningMs).toFixed(2)}, idle RSS ×${(tsx.idleRssMb / compiled.idleRssMb).toFixed(2)}` +
      (tsx.healthyMs !== null && compiled.healthyMs !== null
        ? `, to /healthz 200 ×${(tsx.healthyMs / compiled.healthyMs).toFixed(2)}`
        : ''),
  );
}

await main();

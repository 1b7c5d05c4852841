import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { D1Database } from '@cloudflare/workers-types';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { openD1Store } from '../../server/store/d1/open-d1-store.ts';
import type { Store } from '../../server/store/store.ts';
import type { StoreFixture } from './store-contract.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const CONFIG = join(ROOT, 'wrangler.toml');
// Wrangler offline: no banner (and so no update check), no metrics.
const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' };
const run = promisify(execFile);

const work = mkdtempSync(join(tmpdir(), 'heed-workers-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

let bundle: Promise<string> | undefined;
let migrated: Promise<string> | undefined;

/** The Worker exactly as `wrangler deploy` would upload it (bundled by wrangler, from wrangler.toml). */
function buildWorker(): Promise<string> {
  bundle ??= run(WRANGLER, ['deploy', '--dry-run', '--config', CONFIG, '--outdir', join(work, 'bundle')], {
    cwd: ROOT,
    env: WRANGLER_ENV,
  }).then(() => join(work, 'bundle', 'workers.js'));
  return bundle;
}

/**
 * A local D1 state migrated by `wrangler d1 migrations apply` (made once; each fixture gets a copy).
 * Runs wrangler: seconds on a busy machine, so test files call it first from a `beforeAll`.
 */
export function migratedState(): Promise<string> {
  migrated ??= run(WRANGLER, ['d1', 'migrations', 'apply', 'heed', '--local', '--config', CONFIG, '--persist-to', join(work, 'migrated')], {
    cwd: ROOT,
    env: WRANGLER_ENV,
  }).then(() => join(work, 'migrated'));
  return migrated;
}

async function freshState(): Promise<string> {
  const dir = mkdtempSync(join(work, 'state-'));
  cpSync(await migratedState(), dir, { recursive: true });
  return dir;
}

/** The store over a D1 database served by workerd (through Miniflare's binding proxy). */
async function d1Store(mf: Miniflare): Promise<Store> {
  return openD1Store((await mf.getD1Database('DB')) as unknown as D1Database);
}

/** The D1 store on a freshly migrated local database in workerd. */
export async function openD1Fixture(): Promise<StoreFixture> {
  const state = await freshState();
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
    d1Persist: join(state, 'v3', 'd1'),
  });
  return {
    store: await d1Store(mf),
    cleanup: async () => {
      await mf.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

export interface RunningWorker {
  /** Where the Worker listens on loopback. */
  origin: string;
  /** Its D1 database, for setting up and checking from the test. */
  store: Store;
  /** Runs the Cron Trigger once, as Cloudflare would at `at`. */
  runCron(at?: Date): Promise<void>;
  stop(): Promise<void>;
}

/** Runs an SQL file on the local D1 database kept in `state`, as `wrangler d1 execute` does for a deployed one with --remote. */
export async function executeOnLocalD1(state: string, file: string): Promise<void> {
  await run(WRANGLER, ['d1', 'execute', 'heed', '--local', '--config', CONFIG, '--persist-to', state, '--file', file, '--yes'], {
    cwd: ROOT,
    env: WRANGLER_ENV,
  });
}

/**
 * The Workers build running locally in workerd with wrangler.toml's bindings (D1, static assets),
 * `vars` overriding its variables; `prepare` gets the database's state folder before the Worker
 * starts. Miniflare rather than `wrangler dev`, which reaches out to Cloudflare for the request's
 * `cf` object.
 */
export async function startWorker(vars: Record<string, string> = {}, prepare?: (state: string) => Promise<void>): Promise<RunningWorker> {
  const [scriptPath, state] = await Promise.all([buildWorker(), freshState()]);
  await prepare?.(state);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(CONFIG);
  const mf = new Miniflare({
    ...workerOptions,
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    bindings: { ...workerOptions.bindings, ...vars },
    d1Persist: join(state, 'v3', 'd1'),
    host: '127.0.0.1',
    port: 0,
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = await mf.ready;
  return {
    origin: url.origin,
    store: await d1Store(mf),
    async runCron(at = new Date()) {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({ cron: '* * * * *', scheduledTime: at });
      if (result.outcome !== 'ok') throw new Error(`the cron run ended with ${result.outcome}`);
    },
    async stop() {
      await mf.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

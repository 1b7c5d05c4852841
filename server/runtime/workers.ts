import type { D1Database, ExecutionContext, Fetcher, ScheduledController } from '@cloudflare/workers-types';
import { z } from 'zod';
import { createStoreRateLimiter } from '../abuse/rate-limiter.ts';
import { createApp } from '../app.ts';
import { prepareDemoProject } from '../bootstrap.ts';
import { runDueJobs } from '../jobs/cron.ts';
import { createJobs } from '../jobs/jobs.ts';
import { createJsonLineLogger } from '../observability/logger.ts';
import { noopMetrics } from '../observability/metrics.ts';
import { createDeliveryWorker } from '../notify/delivery-worker.ts';
import { fetchPost } from '../notify/fetch-post.ts';
import { openD1Store } from '../store/d1/open-d1-store.ts';
import { SHIPPED_SQLITE_MIGRATIONS } from '../store/d1/shipped-migrations.ts';
import { appConfigFromEnv, parseEnv, SHARED_ENV, summariserFromEnv, withSharedChecks } from './env-config.ts';
import { createWorkersAssets } from './workers-assets.ts';

/** wrangler.toml's bindings, vars and secrets. */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  [variable: string]: unknown;
}

const WorkersConfigSchema = withSharedChecks(z.object(SHARED_ENV));

const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** wrangler.toml's Cron Trigger, `* * * * *`. */
const CRON_EVERY_MS = 60_000;

/** Built once per isolate: the app and the background jobs, over this Worker's bindings. */
function createRuntime(env: Env) {
  const config = parseEnv(WorkersConfigSchema, env);
  // The Node server's line shape, written with console: Workers Logs ([observability] in wrangler.toml) index a JSON line's fields.
  const log = createJsonLineLogger({
    level: config.HEED_LOG_LEVEL,
    write: (line, level) => (level === 'error' ? console.error(line) : level === 'warn' ? console.warn(line) : console.log(line)),
  });
  const store = openD1Store(env.DB);
  const deliveries = createDeliveryWorker({
    store,
    post: fetchPost,
    now: Date.now,
    publicUrl: config.HEED_PUBLIC_URL,
    summarise: summariserFromEnv(config),
  });
  const app = createApp({
    store,
    assets: createWorkersAssets(env.ASSETS, { demo: config.HEED_DEMO }),
    deliveries,
    // Isolates share nothing in memory: the counts live in D1.
    rateLimiter: createStoreRateLimiter(store, Date.now),
    config: { ...appConfigFromEnv(config), compressAssets: false },
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    // A new item's notifications go out after the answer rather than at the next cron run.
    defer: (c, work) => c.executionCtx.waitUntil(work),
    log,
    shippedMigrations: SHIPPED_SQLITE_MIGRATIONS,
    // No /metrics here: each isolate would count alone (Workers' own analytics count requests).
    metrics: noopMetrics,
  });
  // The demo project follows HEED_DEMO, once per isolate, before the first request is answered.
  const ready = prepareDemoProject(store, { demo: config.HEED_DEMO, now: Date.now() });
  // Not wrapped in observeJobs as on Node: there is no shutdown to wait for here, and its AbortController, made in the
  // request that built this runtime, could not be used from the cron's (workerd refuses I/O objects across requests).
  const jobs = createJobs({
    store,
    deliveries,
    log: (message, details) => log.info({ details }, message),
    onDigestsQueued: (count) => (count > 0 ? log.info({ count }, 'digests queued') : undefined),
  });
  return { app, jobs, ready, log };
}

let runtime: ReturnType<typeof createRuntime> | undefined;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    runtime ??= createRuntime(env);
    // The probes answer before the demo project is prepared: on a database not migrated yet that
    // fails, and /readyz should say so (migrations pending) rather than fail with it.
    if (!PROBE_PATHS.has(new URL(request.url).pathname)) {
      try {
        await runtime.ready;
      } catch (error) {
        runtime.log.error({ err: error }, 'start-up failed (is the D1 database migrated? npx wrangler d1 migrations apply heed)');
        // Not cached: the next request tries again (after `wrangler d1 migrations apply`, say).
        runtime = undefined;
        throw error;
      }
    }
    return runtime.app.fetch(request, env, ctx);
  },

  /** The Cron Trigger (every minute, wrangler.toml): the jobs whose period is due at its scheduled time. */
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): void {
    runtime ??= createRuntime(env);
    const { log } = runtime;
    ctx.waitUntil(
      runDueJobs(runtime.jobs, {
        at: controller.scheduledTime,
        cronEveryMs: CRON_EVERY_MS,
        logError: (message, error) => log.error({ err: error }, message),
      }),
    );
  },
};

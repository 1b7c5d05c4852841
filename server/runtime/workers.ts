import type { D1Database, ExecutionContext, Fetcher, ScheduledController } from '@cloudflare/workers-types';
import { z } from 'zod';
import { createStoreRateLimiter } from '../abuse/rate-limiter.ts';
import { createApp } from '../app.ts';
import { prepareDemoProject } from '../bootstrap.ts';
import { scheduleDigests } from '../digest/scheduler.ts';
import { applyRetention } from '../jobs/retention.ts';
import { createDeliveryWorker } from '../notify/delivery-worker.ts';
import { fetchPost } from '../notify/fetch-post.ts';
import { openD1Store } from '../store/d1/open-d1-store.ts';
import { appConfigFromEnv, parseEnv, SHARED_ENV, summariserFromEnv, withSharedChecks } from './env-config.ts';
import { createWorkersAssets } from './workers-assets.ts';

/** wrangler.toml's bindings, vars and secrets. */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  [variable: string]: unknown;
}

const WorkersConfigSchema = withSharedChecks(z.object(SHARED_ENV));

/** How long a cron run keeps sending (Workers allow a scheduled run 15 minutes; a run starts every minute). */
const CRON_SEND_BUDGET_MS = 45_000;

/** Built once per isolate: the app, its store and the delivery worker, over this Worker's bindings. */
function createRuntime(env: Env) {
  const config = parseEnv(WorkersConfigSchema, env);
  const store = openD1Store(env.DB);
  const deliveries = createDeliveryWorker({ store, post: fetchPost, now: Date.now, publicUrl: config.HEED_PUBLIC_URL, summarise: summariserFromEnv(config) });
  const app = createApp({
    store,
    assets: createWorkersAssets(env.ASSETS, { demo: config.HEED_DEMO }),
    deliveries,
    // Isolates share nothing in memory: the counts live in D1.
    rateLimiter: createStoreRateLimiter(store, Date.now),
    config: { ...appConfigFromEnv(config), compressAssets: false },
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
  });
  // The demo project follows HEED_DEMO, once per isolate, before the first request is answered.
  const ready = prepareDemoProject(store, { demo: config.HEED_DEMO, now: Date.now() });
  return { app, store, deliveries, ready };
}

let runtime: ReturnType<typeof createRuntime> | undefined;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    runtime ??= createRuntime(env);
    try {
      await runtime.ready;
    } catch (error) {
      // Not cached: the next request tries again (after `wrangler d1 migrations apply`, say).
      runtime = undefined;
      throw error;
    }
    const response = await runtime.app.fetch(request, env, ctx);
    // A new item's notifications go out now rather than at the next cron run.
    if (request.method === 'POST' && response.status === 201 && new URL(request.url).pathname === '/v1/feedback') {
      ctx.waitUntil(runtime.deliveries.runOnce(20).catch((error: unknown) => console.error('Forwarding failed:', error)));
    }
    return response;
  },

  /** The Cron Trigger (every minute): digests that are due, the outbox, the search index, and hourly retention. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    runtime ??= createRuntime(env);
    const { store, deliveries } = runtime;
    const run = async () => {
      const now = controller.scheduledTime;
      await store.indexComments(2000);
      await scheduleDigests(store, now);
      await deliveries.drain(50, Date.now() + CRON_SEND_BUDGET_MS);
      if (new Date(now).getUTCMinutes() === 0) await applyRetention(store, now);
    };
    ctx.waitUntil(run());
  },
};

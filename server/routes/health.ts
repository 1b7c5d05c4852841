import { Hono } from 'hono';
import type { Logger } from '../observability/logger.ts';
import type { OperationsStore } from '../store/store.ts';

export interface ReadinessLimits {
  /** Pending messages due at once past which the instance is not ready (delivery is stuck or far behind); Infinity: unchecked. */
  maxOutboxBacklog: number;
  /** Dead messages past which it is not ready (notifications are being lost); Infinity: unchecked. */
  maxDeadLetters: number;
}

export interface HealthDeps {
  store: OperationsStore;
  now: () => number;
  log: Logger;
  limits: ReadinessLimits;
  /**
   * The migrations this build ships, which the database must have applied; without the list only
   * reading the table is checked. Given by the runtime: Node lists its folder, Workers compile it in.
   */
  shippedMigrations?: readonly string[] | undefined;
  /** True once the process is shutting down (Node, after SIGTERM): readiness fails first, so balancers stop sending. */
  draining?: () => boolean;
  /** How long the database may take to answer the checks: a database that hangs is as gone as one that refuses. */
  timeoutMs?: number;
}

type Check = { ok: boolean } & Record<string, unknown>;

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * GET /healthz: the process answers (no database call), for liveness probes. GET /readyz: the
 * database answers, its migrations are this build's, and the outbox is not piling up; 503 naming
 * the failing checks otherwise. Outside /openapi.json: they are for operators, not API clients.
 * The public body says which check failed, never why in detail (the log line does).
 */
export function healthRoutes({ store, now, log, limits, shippedMigrations, draining = () => false, timeoutMs = 3000 }: HealthDeps) {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, NO_STORE));

  app.get('/readyz', async (c) => {
    const checks: Record<string, Check> = {};
    if (draining()) checks.shutdown = { ok: false };
    const deadline = Date.now() + timeoutMs;
    try {
      checks.database = { ok: true };
      checks.migrations = migrationCheck(await withTimeout(store.appliedMigrations(), deadline - Date.now()), shippedMigrations);
      // The outbox is read only on this build's schema: on one not migrated yet its tables may be missing.
      if (checks.migrations.ok) {
        const outbox = await withTimeout(store.outboxFigures(now()), deadline - Date.now());
        checks.outboxBacklog = limitCheck(outbox.backlog, limits.maxOutboxBacklog);
        checks.deadLetters = limitCheck(outbox.dead, limits.maxDeadLetters);
      }
    } catch (error) {
      const timedOut = error instanceof ReadinessTimeout;
      for (const name of Object.keys(checks)) if (name !== 'shutdown') delete checks[name];
      checks.database = { ok: false, reason: timedOut ? 'timeout' : 'unreachable' };
      log.warn({ requestId: c.get('requestId'), err: error }, 'readiness: the database did not answer');
    }
    const failing = Object.keys(checks).filter((name) => !checks[name]!.ok);
    return failing.length === 0
      ? c.json({ status: 'ready', checks }, 200, NO_STORE)
      : c.json({ status: 'not_ready', failing, checks }, 503, NO_STORE);
  });

  return app;
}

/** Every shipped migration must be applied. One the build does not know (a newer build migrated) is listed but passes: rolling back keeps serving. */
function migrationCheck(applied: string[], shipped: readonly string[] | undefined): Check {
  if (!shipped) return { ok: true, applied: applied.length };
  const pending = shipped.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !shipped.includes(name));
  return {
    ok: pending.length === 0,
    applied: applied.length,
    shipped: shipped.length,
    ...(pending.length ? { pending } : {}),
    ...(unknown.length ? { unknown } : {}),
  };
}

function limitCheck(value: number, max: number): Check {
  return { ok: value <= max, value, ...(Number.isFinite(max) ? { max } : {}) };
}

class ReadinessTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout(`no answer within ${ms} ms`)), ms);
  });
  // The work's own rejection after a timeout is not a second failure.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => timer !== undefined && clearTimeout(timer));
}

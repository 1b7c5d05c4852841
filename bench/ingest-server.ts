/**
 * Child process for bench/ingest.ts: serves one variant on 127.0.0.1 (port 0) and talks to the
 * parent over IPC, so the server and the load generator run on different cores.
 *
 *   bare         Hono route: JSON parse + FeedbackInputSchema, stores nothing, 201 { id }
 *   real <db>    createApp({ store }) over openSqliteStore(<db>), or openPostgresStore(<db>) when <db>
 *                is a postgres:// URL, with project `bench`
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../server/app.ts';
import { FeedbackInputSchema } from '../server/schemas/feedback.ts';
import { WidgetConfigSchema } from '../server/schemas/project.ts';
import { nodeHmac } from '../server/runtime/node-hmac.ts';
import { openPostgresStore } from '../server/store/postgres/open-postgres-store.ts';
import { openSqliteStore } from '../server/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../server/store/store.ts';
import { BENCH_PROJECT_KEY, type ChildMessage, type ParentMessage, type ServerStats } from './ingest-protocol.ts';

function send(message: ChildMessage, then?: () => void): void {
  process.send!(message, undefined, {}, () => then?.());
}

function bareApp(): Hono {
  const app = new Hono();
  app.post('/v1/feedback', async (c) => {
    const parsed = FeedbackInputSchema.safeParse(await c.req.json());
    if (!parsed.success) return c.json({ error: 'invalid_input' }, 400);
    return c.json({ id: parsed.data.id }, 201);
  });
  return app;
}

async function realApp(database: string): Promise<{ app: { fetch: (request: Request) => Response | Promise<Response> }; store: Store }> {
  const store = database.startsWith('postgres://') ? await openPostgresStore(database) : openSqliteStore(database);
  await store.createProject(
    {
      id: randomUUID(),
      key: BENCH_PROJECT_KEY,
      name: 'Bench',
      allowedOrigins: [],
      widgetConfig: WidgetConfigSchema.parse({}),
      enabled: true,
    },
    Date.now(),
  );
  // Limits off: this measures the write path, and every request comes from one address, one project and one ticket.
  const unlimited = { perClientPerMinute: Infinity, perProjectPerMinute: Infinity, perTicketPerHour: Infinity };
  return { app: createApp({ store, config: { rateLimits: unlimited }, hmac: nodeHmac }), store };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/ingest-server.ts is started by bench/ingest.ts (needs an IPC channel).');
  // The parent is gone (crash, Ctrl-C), maybe before we got here: do not linger holding a port and the database.
  process.on('disconnect', () => process.exit(1));
  if (!process.connected) process.exit(1);
  const [mode, dbPath] = process.argv.slice(2);
  if (mode !== 'bare' && !(mode === 'real' && dbPath)) throw new Error('usage: ingest-server.ts bare | real <db-path | postgres-url>');

  const { app, store } = mode === 'bare' ? { app: bareApp(), store: undefined } : await realApp(dbPath!);

  const statuses: Record<string, number> = {};
  // Counted so shutdown can wait for handlers whose client socket was already closed.
  let inFlight = 0;
  const stats = (): ServerStats => {
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    return { cpuMicros: cpu.user + cpu.system, eluActiveMs: elu.active, eluIdleMs: elu.idle, statuses: { ...statuses } };
  };

  const server = serve(
    {
      fetch: async (request, env) => {
        inFlight++;
        try {
          const response = await app.fetch(request, env);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          return response;
        } finally {
          inFlight--;
        }
      },
      hostname: '127.0.0.1',
      port: 0,
    },
    (info) => send({ type: 'ready', port: info.port }),
  );

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') return send({ type: 'stats', ...stats() });
    if (message.type !== 'shutdown') return;
    server.close();
    void (async () => {
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await store?.close();
      send({ type: 'closed', ...stats() }, () => process.exit(0));
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { afterEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../server/app.ts';
import { SHIPPED_SQLITE_MIGRATIONS } from '../../../server/store/d1/shipped-migrations.ts';
import { addWebhookDestination, createTestApp } from '../../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('GET /healthz and GET /readyz', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup().catch(() => undefined);
    t = undefined;
  });

  const start = async (deps: Partial<AppDeps> = {}) => {
    t = await createTestApp({ shippedMigrations: SHIPPED_SQLITE_MIGRATIONS, ...deps });
    return t;
  };
  const readyz = async (app: TestApp['app']) => {
    const res = await app.request('/readyz');
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  /** A webhook destination on the test project, so each stored item queues one outbox message. */
  const addDestination = (app: TestApp) => addWebhookDestination(app.store, app.project.id);

  it('answers /healthz 200 without touching the database, even once the database is closed', async () => {
    const { app, store } = await start();
    await store.close();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /readyz 200 on a migrated database with an empty outbox, listing each check', async () => {
    const { app } = await start();
    const { status, body, headers } = await readyz(app);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true },
        migrations: { ok: true, applied: SHIPPED_SQLITE_MIGRATIONS.length, shipped: SHIPPED_SQLITE_MIGRATIONS.length },
        outboxBacklog: { ok: true, value: 0, max: 1000 },
        deadLetters: { ok: true, value: 0, max: 1000 },
      },
    });
  });

  it('answers /readyz 503 naming the database when the database is gone, without its error text', async () => {
    const { app, store } = await start();
    await store.close();
    const { status, body } = await readyz(app);
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'not_ready', failing: ['database'], checks: { database: { ok: false, reason: 'unreachable' } } });
  });

  it('answers /readyz 503 naming the migrations when this build ships one the database has not applied', async () => {
    const { app } = await start({ shippedMigrations: [...SHIPPED_SQLITE_MIGRATIONS, '0099_future.sql'] });
    const { status, body } = await readyz(app);
    expect(status).toBe(503);
    expect(body.failing).toEqual(['migrations']);
    expect((body.checks as Record<string, unknown>).migrations).toEqual({
      ok: false,
      applied: SHIPPED_SQLITE_MIGRATIONS.length,
      shipped: SHIPPED_SQLITE_MIGRATIONS.length + 1,
      pending: ['0099_future.sql'],
    });
  });

  it('stays ready on a database a newer build migrated further, listing what it does not know', async () => {
    const { app } = await start({ shippedMigrations: SHIPPED_SQLITE_MIGRATIONS.slice(0, -1) });
    const { status, body } = await readyz(app);
    expect(status).toBe(200);
    expect((body.checks as Record<string, unknown>).migrations).toMatchObject({ ok: true, unknown: [SHIPPED_SQLITE_MIGRATIONS.at(-1)] });
  });

  it('answers /readyz 503 naming the outbox backlog once more messages are due than the limit', async () => {
    const app = await start({ config: { readiness: { maxOutboxBacklog: 2, maxDeadLetters: 1000 } } });
    await addDestination(app);
    for (let i = 0; i < 2; i += 1) await app.submit();
    expect((await readyz(app.app)).status).toBe(200);
    await app.submit();
    const { status, body } = await readyz(app.app);
    expect(status).toBe(503);
    expect(body.failing).toEqual(['outboxBacklog']);
    expect((body.checks as Record<string, unknown>).outboxBacklog).toEqual({ ok: false, value: 3, max: 2 });
  });

  it('answers /readyz 503 naming the dead letters once more messages are dead than the limit', async () => {
    const app = await start({ config: { readiness: { maxOutboxBacklog: 1000, maxDeadLetters: 1 } } });
    await addDestination(app);
    await app.submit();
    await app.submit();
    const now = 1_700_000_000_000;
    for (const message of await app.store.claimDueMessages(now, 60_000, 10)) {
      await app.store.recordAttempt(message.id, { status: 'dead', nextAttemptAt: now, httpStatus: 500, error: 'HTTP 500' });
    }
    const { status, body } = await readyz(app.app);
    expect(status).toBe(503);
    expect(body.failing).toEqual(['deadLetters']);
    expect((body.checks as Record<string, unknown>).deadLetters).toEqual({ ok: false, value: 2, max: 1 });
  });

  it('leaves a limit set to off (Infinity) unchecked', async () => {
    const app = await start({ config: { readiness: { maxOutboxBacklog: Infinity, maxDeadLetters: Infinity } } });
    await addDestination(app);
    await app.submit();
    const { status, body } = await readyz(app.app);
    expect(status).toBe(200);
    expect((body.checks as Record<string, unknown>).outboxBacklog).toEqual({ ok: true, value: 1 });
  });

  it('answers /readyz 503 naming the shutdown while the process drains, the database still fine', async () => {
    let draining = false;
    const { app } = await start({ draining: () => draining });
    expect((await readyz(app)).status).toBe(200);
    draining = true;
    const { status, body } = await readyz(app);
    expect(status).toBe(503);
    expect(body.failing).toEqual(['shutdown']);
    expect((body.checks as Record<string, { ok: boolean }>).database!.ok).toBe(true);
  });

  it('keeps both probes out of /openapi.json: they are for operators, not API clients', async () => {
    const { app } = await start();
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((path) => /healthz|readyz|metrics/.test(path))).toEqual([]);
  });
});

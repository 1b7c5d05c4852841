import { readdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { SHIPPED_SQLITE_MIGRATIONS } from '../../../server/store/d1/shipped-migrations.ts';
import { postgresMigrationFiles } from '../../../server/store/postgres/apply-migrations.ts';
import { openPostgresStore } from '../../../server/store/postgres/open-postgres-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { describeOnPostgresServer, openPostgresSchemaFixture } from '../../helpers/postgres-stores.ts';
import type { StoreFixture } from '../../helpers/store-contract.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const sqlFiles = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith('.sql'))
    .sort();

it('compiles into the Worker exactly the migrations in server/store/migrations (add a new one to shipped-migrations.ts)', () => {
  expect(SHIPPED_SQLITE_MIGRATIONS).toEqual(sqlFiles('server/store/migrations'));
});

/**
 * A TCP relay in front of the PostgreSQL server, which the test can turn off (connections refused)
 * or into a black hole (connections accepted, never answered), as a database host that went away
 * or one that hangs.
 */
function startRelay(target: URL) {
  let mode: 'relay' | 'black hole' = 'relay';
  const sockets = new Set<Socket>();
  let upstreams = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'black hole') return;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    upstreams += 1;
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      upstreams -= 1;
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return {
    listening: new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    /** Connections open to the database through it. */
    open: () => upstreams,
    blackHole: () => (mode = 'black hole'),
    /** Stops listening (new connections are refused) and ends every connection. */
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describeOnPostgresServer('GET /readyz on PostgreSQL when the database goes away', (url) => {
  let fixture: StoreFixture & { url: string };
  let store: Store | undefined;
  let relay: ReturnType<typeof startRelay>;
  beforeAll(async () => {
    fixture = await openPostgresSchemaFixture(url);
  });
  afterAll(async () => {
    await relay?.close();
    await store?.close().catch(() => undefined);
    await fixture?.cleanup();
  });

  it('answers 503 naming the database when the server is unreachable, and when it hangs (after the timeout)', async () => {
    relay = startRelay(new URL(url));
    const viaRelay = new URL(fixture.url);
    viaRelay.host = `127.0.0.1:${await relay.listening}`;
    store = await openPostgresStore(viaRelay.href, { maxConnections: 2 });
    const app = createApp({ store, shippedMigrations: postgresMigrationFiles() });
    const readyz = async () => {
      const res = await app.request('/readyz');
      return { status: res.status, body: (await res.json()) as { failing?: string[]; checks: Record<string, unknown> } };
    };
    expect((await readyz()).status).toBe(200);

    // pg keeps idle connections 10 s; cutting one under it would be a different failure (see the report), so wait them out.
    const deadline = Date.now() + 20_000;
    while (relay.open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(relay.open()).toBe(0);

    relay.blackHole();
    const started = Date.now();
    const hung = await readyz();
    expect(hung.status).toBe(503);
    expect(hung.body).toEqual({ status: 'not_ready', failing: ['database'], checks: { database: { ok: false, reason: 'timeout' } } });
    expect(Date.now() - started).toBeLessThan(5000);

    await relay.close();
    const gone = await readyz();
    expect(gone.status).toBe(503);
    expect(gone.body).toEqual({ status: 'not_ready', failing: ['database'], checks: { database: { ok: false, reason: 'unreachable' } } });
  }, 60_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAdminToken } from '../../server/auth/tokens.ts';
import { DEMO_PROJECT_KEY, prepareDemoProject, prepareFirstStart } from '../../server/bootstrap.ts';
import { createProject } from '../../server/projects/create-project.ts';
import type { Store } from '../../server/store/store.ts';
import { createTempSqliteStore } from '../helpers/test-app.ts';

describe('first start and projects', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  let store: Store;
  beforeEach(() => {
    temp = createTempSqliteStore();
    store = temp.store;
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('creates the demo project (accepting its own origin) and one admin token, once', async () => {
    const first = await prepareFirstStart(store, { demo: true, now: 1 });
    expect(first.demoProjectCreated).toBe(true);
    expect(await verifyAdminToken(store, first.adminToken!, 'admin')).not.toBeNull();
    expect((await store.getProjectByKey(DEMO_PROJECT_KEY))?.allowedOrigins).toEqual(['self']);

    const again = await prepareFirstStart(store, { demo: true, now: 2 });
    expect(again).toEqual({ demoProjectCreated: false, adminToken: null });
    expect(await store.listProjects()).toHaveLength(1);
  });

  it('lets instances starting together on one database create the demo project once', async () => {
    const created = await Promise.all([1, 2, 3].map(() => prepareDemoProject(store, { demo: true, now: 1 })));
    expect(created.sort()).toEqual([false, false, true]);
    expect(await store.listProjects()).toHaveLength(1);
  });

  it('prints a new admin token when every earlier one was revoked', async () => {
    const first = await prepareFirstStart(store, { demo: false, now: 1 });
    const id = /^heed_([0-9a-f]{16})_/.exec(first.adminToken!)![1]!;
    await store.revokeAdminToken(id, 2);
    expect((await prepareFirstStart(store, { demo: false, now: 3 })).adminToken).toMatch(/^heed_/);
  });

  it('disables the demo project while the demo is off, and enables it again when it is on', async () => {
    await prepareFirstStart(store, { demo: true, now: 1 });
    await prepareFirstStart(store, { demo: false, now: 2 });
    expect((await store.getProjectByKey(DEMO_PROJECT_KEY))?.enabled).toBe(false);
    await prepareFirstStart(store, { demo: true, now: 3 });
    expect((await store.getProjectByKey(DEMO_PROJECT_KEY))?.enabled).toBe(true);
  });

  it('creates a project with a fresh public key, its origins and rating kind', async () => {
    const a = await createProject(store, { name: 'Shop', allowedOrigins: ['https://shop.example'], ratingKind: 'nps' }, 5);
    const b = await createProject(store, { name: 'Docs' }, 6);
    expect(a.key).toMatch(/^pk_[A-Za-z0-9_-]{16}$/);
    expect(b.key).not.toBe(a.key);
    expect(await store.getProjectByKey(a.key)).toMatchObject({ name: 'Shop', allowedOrigins: ['https://shop.example'], enabled: true });
    expect(a.widgetConfig.ratingKind).toBe('nps');
    expect(b.allowedOrigins).toEqual([]);
  });

  it('refuses a project without a name or with an origin that has a path', async () => {
    await expect(createProject(store, { name: ' ' }, 1)).rejects.toThrow(/needs a name/);
    await expect(createProject(store, { name: 'x', allowedOrigins: ['https://shop.example/path'] }, 1)).rejects.toThrow(/no path/);
    expect(await store.listProjects()).toEqual([]);
  });
});

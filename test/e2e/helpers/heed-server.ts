import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp, type AppConfig } from '../../../server/app.ts';
import { issueAdminToken } from '../../../server/auth/tokens.ts';
import { loadAssetDirectories } from '../../../server/runtime/node-assets.ts';
import type { Project, TokenScope } from '../../../server/store/store.ts';
import { addProject, createTempSqliteStore } from '../../helpers/test-app.ts';

const DIST = join(import.meta.dirname, '..', '..', '..', 'dist');

/** The real app on a loopback port, serving the built widget and dashboard, with one project and an admin token of `tokenScope`. */
export async function startHeedServer(project: Partial<Project>, config: Partial<AppConfig> = {}, tokenScope: TokenScope = 'read') {
  if (!existsSync(join(DIST, 'public', 'widget.js'))) throw new Error('Build the widget first: npm run build');
  const temp = createTempSqliteStore();
  const created = await addProject(temp.store, project, Date.now());
  const adminToken = (await issueAdminToken(temp.store, { scope: tokenScope, now: Date.now() })).token;
  const assets = loadAssetDirectories([
    { dir: join(DIST, 'public'), urlPrefix: '/' },
    { dir: join(DIST, 'admin'), urlPrefix: '/admin' },
  ]);
  const app = createApp({ store: temp.store, config, assets });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    store: temp.store,
    project: created,
    adminToken,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await temp.cleanup();
    },
  };
}

// `npm run build`: the widget, the npm package heed-widget (dist/widget-package), the dashboard, the Node server and `heed` CLI compiled to
// dist/node/ (tsc: server/tsconfig.build.json), dist/demo, and dist/site (the Workers build's
// static assets: wrangler.toml [assets]) from the widget, the dashboard and the demo site.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

for (const script of ['scripts/build-widget.mjs', 'scripts/build-widget-package.mjs', 'scripts/build-dashboard.mjs'])
  execFileSync(process.execPath, [script], { stdio: 'inherit' });

rmSync('dist/node', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'server/tsconfig.build.json'], { stdio: 'inherit' });
// The stores read their migrations from beside their compiled code, as they do from source.
for (const dir of ['server/store/migrations', 'server/store/postgres/migrations']) cpSync(dir, `dist/node/${dir}`, { recursive: true });
chmodSync('dist/node/server/cli/heed.js', 0o755);

rmSync('dist/demo', { recursive: true, force: true });
cpSync('demo', 'dist/demo', { recursive: true });

rmSync('dist/site', { recursive: true, force: true });
cpSync('dist/public', 'dist/site', { recursive: true });
cpSync('dist/admin', 'dist/site/admin', { recursive: true });
cpSync('demo', 'dist/site', { recursive: true });

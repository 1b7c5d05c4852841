// `npm run build`: the widget, the dashboard, and dist/site (the Workers build's static assets:
// wrangler.toml [assets]) from both and the demo site.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';

for (const script of ['scripts/build-widget.mjs', 'scripts/build-dashboard.mjs'])
  execFileSync(process.execPath, [script], { stdio: 'inherit' });

rmSync('dist/site', { recursive: true, force: true });
cpSync('dist/public', 'dist/site', { recursive: true });
cpSync('dist/admin', 'dist/site/admin', { recursive: true });
cpSync('demo', 'dist/site', { recursive: true });

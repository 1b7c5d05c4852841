import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { HeedApi } from '../../widget/api.ts';
import type { HeedGlobal } from '../../widget/npm-global.ts';
import { launchChromium, watchPageProblems } from './helpers/browser.ts';
import { startHeedServer } from './helpers/heed-server.ts';
import { startSite } from './helpers/site.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = join(ROOT, 'dist', 'widget-package');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// `window.Heed`'s typed methods are the widget's API, no more, no less.
expectTypeOf<Exclude<keyof HeedGlobal, 'q'>>().toEqualTypeOf<keyof HeedApi>();

/** A site's own code, as its developer would write it against the installed package. */
const MAIN_TS = `import { load, open, on, submit, type HeedSubmitResult } from 'heed-widget';

declare global {
  interface Window {
    seen: string[];
    result?: HeedSubmitResult;
  }
}

const params = new URLSearchParams(location.search);
window.seen = [];
// An effect's cleanup can run before widget.js has loaded (React's strict mode mounts twice).
const off = on('open', () => window.seen.push('removed before load'));
off();
on('open', () => window.seen.push('open'));
on('submit', ({ id }) => window.seen.push('submit:' + id.length));
// @ts-expect-error -- a submit's detail has no message
on('submit', ({ message }) => message);
// @ts-expect-error -- not an event
on('opened', () => {});

const integrity = params.get('integrity');
load({
  project: params.get('project') ?? '',
  endpoint: params.get('endpoint') ?? '',
  ...(integrity ? { integrity } : {}),
  position: 'bottom-left',
});
// @ts-expect-error -- not a position
load({ project: 'pk_x', endpoint: 'https://feedback.example.com', position: 'middle' });
// The site's own form: a rating on the project's kind, through the widget's outbox.
document.querySelector<HTMLButtonElement>('#own')!.onclick = async () => {
  window.result = await submit({ rating: 5, comment: 'From our own form', metadata: { source: 'own-ui' } });
};
// Checked by tsc, never run: it would send.
export function wrongCalls() {
  // @ts-expect-error -- a rating is a number or { kind, value }
  void submit({ rating: 'five' });
}
document.querySelector<HTMLButtonElement>('#ask')!.onclick = (event) => open({ metadata: { from: 'package' } }, event.currentTarget as Element);
`;

/** A script-tag user's TypeScript: window.Heed from 'heed-widget/global'. */
const GLOBAL_TS = `/// <reference types="heed-widget/global" />
window.Heed?.('identify', { id: 'u-1', email: 'ada@example.com' });
window.Heed?.('on', 'error', ({ id, message }) => console.log(id, message));
const off: (() => void) | undefined = window.Heed?.('on', 'submit', ({ id }) => console.log(id));
off?.();
window.Heed?.open?.({ category: 'Bug' });
const sent: Promise<{ ok: boolean; id: string }> | undefined = window.Heed?.('submit', { comment: 'Typed', rating: { kind: 'nps', value: 9 } });
void sent;
// @ts-expect-error -- identify takes a user object
window.Heed?.('identify', 'u-1');
// @ts-expect-error -- not a command
window.Heed?.('opne');
export {};
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // The package's own declarations are checked too.
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['src'],
};

const INDEX_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>App</title></head>
<body><h1>An app that installed heed-widget</h1><button id="ask">Tell us</button><button id="own">Send from our form</button>
<script type="module" src="/src/main.ts"></script></body></html>`;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

describe('the heed-widget package, installed from its tarball into a fresh app', () => {
  let temp: string;
  let app: string;
  let browser: Browser;
  let heed: Awaited<ReturnType<typeof startHeedServer>>;
  let site: Awaited<ReturnType<typeof startSite>>;
  let typecheck: { ok: boolean; output: string };
  let integrity: string;

  beforeAll(async () => {
    if (!existsSync(join(PACKAGE, 'package.json'))) {
      throw new Error('No dist/widget-package: run npm run build (it runs scripts/build-widget-package.mjs).');
    }
    temp = mkdtempSync(join(tmpdir(), 'heed-widget-package-'));
    app = join(temp, 'app');
    // npm's own cache in the temp folder: nothing shared is written, and --offline proves no registry is needed.
    const npmEnv = { ...process.env, npm_config_cache: join(temp, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await run('npm', ['pack', PACKAGE, '--pack-destination', temp, '--json'], { env: npmEnv, cwd: temp });
    const tarball = join(temp, (JSON.parse(packed.stdout) as [{ filename: string }])[0].filename);

    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module' }));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(join(app, 'index.html'), INDEX_HTML);
    writeFileSync(join(app, 'src', 'main.ts'), MAIN_TS);
    writeFileSync(join(app, 'src', 'script-tag.ts'), GLOBAL_TS);
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { env: npmEnv, cwd: app });

    // The repository's TypeScript and Vite, run on the app (it installs nothing else).
    typecheck = await run(process.execPath, [TSC, '-p', join(app, 'tsconfig.json')], { cwd: app }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
    );
    await build({
      root: app,
      configFile: false,
      envDir: false,
      logLevel: 'warn',
      cacheDir: join(temp, 'vite-cache'),
      build: { outDir: join(app, 'dist'), emptyOutDir: true },
    });

    const dist = join(app, 'dist');
    site = await startSite((path) => {
      const file = normalize(join(dist, path.split('?')[0] === '/' ? 'index.html' : path.split('?')[0]!));
      if (!file.startsWith(dist) || !existsSync(file)) return undefined;
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
      // The policy docs/widget-package.md gives a site: Heed's origin for scripts and requests, nothing more
      // (img-src is the page's own icon).
      if (file.endsWith('.html'))
        headers['Content-Security-Policy'] =
          `default-src 'none'; script-src 'self' ${heed.origin}; connect-src ${heed.origin}; img-src data:`;
      return { body: readFileSync(file, 'utf8'), headers };
    });
    heed = await startHeedServer({ key: 'pk_package', allowedOrigins: [site.origin] });
    integrity = (JSON.parse(readFileSync(join(ROOT, 'dist', 'public', 'widget', 'integrity.json'), 'utf8')) as Record<string, string>)[
      '/widget.js'
    ]!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await heed?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('ships a complete, zero-dependency package: ESM with types first, side-effect free, MIT with its licence', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'heed-widget', 'package.json'), 'utf8')) as Record<string, unknown>;
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(pkg).toMatchObject({ name: 'heed-widget', version: root.version, type: 'module', license: 'MIT', sideEffects: false });
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys((pkg.exports as Record<string, Record<string, string>>)['.']!)[0]).toBe('types');
    expect(readFileSync(join(app, 'node_modules', 'heed-widget', 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('type-checks an app importing { load, open, on } under strict settings, and rejects wrong calls', () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.ok).toBe(true);
  });

  it('bundled by Vite, loads the widget from the Heed server under a strict CSP, submits, and the admin API has the feedback', async () => {
    const page = await browser.newPage();
    const problems = await watchPageProblems(page);
    await page.goto(`${site.origin}/?${new URLSearchParams({ project: 'pk_package', endpoint: heed.origin, integrity })}`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tell us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Comment (optional)').fill('Installed from the tarball');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();

    const response = await fetch(`${heed.origin}/v1/projects/pk_package/feedback`, {
      headers: { Authorization: `Bearer ${heed.adminToken}` },
    });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string; comment: string; metadata: Record<string, unknown> }[] };
    expect(items.map(({ comment, metadata }) => ({ comment, from: metadata.from }))).toEqual([
      { comment: 'Installed from the tarball', from: 'package' },
    ]);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open', `submit:${items[0]!.id.length}`]);
    expect(await problems()).toEqual([]);
    await page.close();
  });

  it('sends feedback from the site’s own form with submit(), which resolves with the stored id', async () => {
    const page = await browser.newPage();
    const problems = await watchPageProblems(page);
    await page.goto(`${site.origin}/?${new URLSearchParams({ project: 'pk_package', endpoint: heed.origin, integrity })}`);
    await page.getByRole('button', { name: 'Send from our form' }).click();
    await page.waitForFunction(() => (window as unknown as { result?: object }).result);
    const result = await page.evaluate(() => (window as unknown as { result: { ok: boolean; id: string; queued: boolean } }).result);
    expect(result).toMatchObject({ ok: true, queued: false });
    const stored = await heed.store.getFeedback(heed.project.id, result.id);
    expect(stored).toMatchObject({ comment: 'From our own form', rating: { kind: 'stars', value: 5 }, metadata: { source: 'own-ui' } });
    // Its own form: the widget's dialog never opened.
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    expect(await problems()).toEqual([]);
    await page.close();
  });

  it('does not run a widget.js that differs from the pinned integrity value', async () => {
    const page = await browser.newPage();
    const refused = page.waitForEvent('console', { predicate: (message) => /integrity/i.test(message.text()), timeout: 10_000 });
    const wrong = `sha384-${'A'.repeat(64)}`;
    await page.goto(`${site.origin}/?${new URLSearchParams({ project: 'pk_package', endpoint: heed.origin, integrity: wrong })}`);
    await refused;
    expect(await page.getByRole('button', { name: 'Feedback', exact: true }).count()).toBe(0);
    await page.close();
  });
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { listDemoFeedback, rateThePricingPage, storedPricingRating } from './helpers/demo-visit.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** What the Dockerfile's CMD starts, relative to the installed folder. */
const SERVE = ['dist/node/server/cli/heed.js', 'serve'];
/** Build-only packages: none may reach a production install (the script checks every dev entry of the lockfile too). */
const BUILD_ONLY = [
  'tsx',
  'vite',
  'wrangler',
  'playwright-core',
  'workerd',
  '@electric-sql/pglite',
  'typescript',
  'vitest',
  'esbuild',
  'preact',
];

interface Installed {
  child: ChildProcess;
  origin: string;
  output: () => string;
}

/** `heed serve` in the installed folder, with nothing of the checkout on its way; resolves once it prints its origin and token line. */
function serveInstalled(dir: string, env: Record<string, string>): Promise<Installed> {
  const child = spawn(process.execPath, SERVE, {
    cwd: dir,
    // The test runner's NODE_OPTIONS could load tsx into the server: the installed server gets a plain environment.
    env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`heed serve did not listen within 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const listening = /Heed is listening on (http:\/\/[^\s"]+)/.exec(output);
      if (listening && /Admin token \(shown once|Create another admin token/.test(output)) {
        clearTimeout(timer);
        resolve({ child, origin: listening[1]!, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`heed serve exited with ${code}:\n${output}`));
    });
  });
}

async function stop(server: Installed | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * better-sqlite3's prebuilt binary, as its install (prebuild-install) downloads it where it can, served
 * on loopback from the checkout's own build. This machine cannot reach the real host, so the install
 * would compile the addon from source: 100 to 200 s of both cores, a tenth of the suite's budget, and
 * the path every machine with a network (or a mirror: npm_config_better_sqlite3_binary_host) skips.
 * The compile path itself runs in every checkout's `npm ci` and in the Dockerfile's build stage.
 */
async function servePrebuiltBetterSqlite(dir: string): Promise<{ host: string; downloads: () => number; close: () => Promise<void> }> {
  const moduleDir = join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  const tarball = join(dir, 'prebuilt.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', moduleDir, 'build/Release/better_sqlite3.node']);
  const path = `/v${version}/better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  let downloads = 0;
  const server: HttpServer = createHttpServer((req, res) => {
    if (req.url !== path) return res.writeHead(404).end();
    downloads += 1;
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(tarball));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    downloads: () => downloads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs the install script as the Dockerfile does; resolves with what it printed and how long it took. */
function productionInstall(dir: string, env: Record<string, string>): Promise<{ output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'production-install.sh'), dir], {
      cwd: ROOT,
      env: { ...process.env, JOBS: 'max', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 330_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ output, seconds: (Date.now() - started) / 1000 });
      else reject(new Error(`scripts/production-install.sh exited with ${code}:\n${output}`));
    });
  });
}

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

const megabytes = (path: string) => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) / 1024;

describe('the container recipe', () => {
  it('Dockerfile: the same install script in the build stage; the final stage runs heed serve as node with /data and a health check', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:\$\{NODE_VERSION\}-[a-z]+-slim AS build/);
    expect(stages[0]).toContain('RUN npm ci');
    expect(stages[0]).toContain('scripts/production-install.sh /prod');
    const final = stages[1]!;
    expect(final).toMatch(/^node:\$\{NODE_VERSION\}-[a-z]+-slim\n/);
    expect(final).toContain('COPY --from=build /prod /app');
    expect(final).not.toMatch(/npm (ci|install)/);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^VOLUME \/data$/m);
    expect(final).toContain('HEED_DB=/data/heed.db');
    expect(final).toMatch(/HEALTHCHECK[^\n]*\\\n\s+CMD \["node", "-e", "fetch\([^\n]*\/healthz/);
    expect(final).toContain(`CMD ["node", ${SERVE.map((part) => JSON.stringify(part)).join(', ')}]`);
  });

  it('compose.yaml: SQLite on a named volume by default; a postgres profile with PostgreSQL 16 and two instances waiting for it', () => {
    const compose = parseYaml(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<
        string,
        {
          profiles?: string[];
          image?: string;
          volumes?: string[];
          environment?: Record<string, string>;
          depends_on?: unknown;
          healthcheck?: unknown;
        }
      >;
      volumes: Record<string, unknown>;
    };
    const byDefault = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(byDefault.map(([name]) => name)).toEqual(['heed']);
    expect(compose.services.heed!.volumes).toEqual(['heed-data:/data']);
    expect(compose.services.heed!.environment).not.toHaveProperty('DATABASE_URL');
    expect(Object.keys(compose.volumes)).toContain('heed-data');

    const postgres = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('postgres'));
    const database = postgres.find(([, service]) => service.image?.startsWith('postgres:'));
    expect(database?.[1].image).toBe('postgres:16');
    expect(database?.[1].healthcheck).toBeDefined();
    const instances = postgres.filter(([, service]) => service.environment?.DATABASE_URL);
    expect(instances).toHaveLength(2);
    for (const [, instance] of instances) {
      expect(instance.environment!.DATABASE_URL).toMatch(new RegExp(`^postgres://heed:[^@]+@${database![0]}:5432/heed$`));
      expect(instance.depends_on).toEqual({ [database![0]]: { condition: 'service_healthy' } });
      expect(instance.image).toBe(compose.services.heed!.image);
    }
  });
});

describe('production install: npm ci --omit=dev in a temp folder, then heed serve', () => {
  const installDir = mkdtempSync(join(tmpdir(), 'heed-production-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-production-data-'));
  const metricsToken = randomBytes(24).toString('hex');
  let install: { output: string; seconds: number };
  let browser: Browser;
  let server: Installed | undefined;
  let adminToken: string;
  let prebuilt: Awaited<ReturnType<typeof servePrebuiltBetterSqlite>> | undefined;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'node', 'server', 'cli', 'heed.js'))) throw new Error('Build first: npm run build');
    prebuilt = await servePrebuiltBetterSqlite(dataDir);
    [install, browser] = await Promise.all([
      productionInstall(installDir, { npm_config_better_sqlite3_binary_host: prebuilt.host }),
      launchChromium(),
    ]);
    console.log(
      `production install: ${install.seconds.toFixed(0)} s; node_modules ${megabytes(join(installDir, 'node_modules')).toFixed(1)} MB, ` +
        `dist ${megabytes(join(installDir, 'dist')).toFixed(1)} MB\n${install.output.trim().split('\n').slice(-3).join('\n')}`,
    );
    server = await serveInstalled(installDir, { HEED_DB: join(dataDir, 'heed.db'), HEED_METRICS_TOKEN: metricsToken });
    adminToken = /\b(heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(server.output())![1]!;
  }, 360_000);

  afterAll(async () => {
    await prebuilt?.close();
    await browser?.close();
    await stop(server);
    rmSync(installDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds the runtime dependencies only: no build-only package, every lockfile dev entry absent', () => {
    for (const name of BUILD_ONLY) expect(existsSync(join(installDir, 'node_modules', name)), name).toBe(false);
    const lock = JSON.parse(readFileSync(join(installDir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devInstalled = Object.entries(lock.packages).filter(([path, entry]) => entry.dev && existsSync(join(installDir, path)));
    expect(devInstalled.map(([path]) => path)).toEqual([]);
    const runtime = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(runtime.dependencies)) expect(existsSync(join(installDir, 'node_modules', name)), name).toBe(true);
    expect(install.output).toMatch(/Runtime packages installed: \d+; no dev dependency present\./);
    // better-sqlite3 came as a prebuilt binary (downloaded once), not compiled: its compile leaves build/Release/obj.target.
    expect(prebuilt!.downloads()).toBe(1);
    expect(existsSync(join(installDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('serves the demo site, where a visitor rates the pricing page through the widget, read back with the first admin token', async () => {
    const { problems, cookies } = await rateThePricingPage(browser, server!.origin);
    const items = await listDemoFeedback(server!.origin.replace('localhost', '127.0.0.1'), adminToken);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject(storedPricingRating(server!.origin));
    expect(cookies).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('answers /healthz (also to the image’s HEALTHCHECK command) and /readyz with 200, and /metrics with 401 without its token and 200 with it', async () => {
    const origin = server!.origin.replace('localhost', '127.0.0.1');
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
    expect((await fetch(`${origin}/metrics`, { headers: { Authorization: 'Bearer not-the-token' } })).status).toBe(401);
    // The image's HEALTHCHECK command itself, as Docker would run it in the container (exit 0: healthy).
    const healthcheck = JSON.parse(
      /^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))![1]!,
    ) as string[];
    const port = new URL(origin).port;
    const [command, ...args] = healthcheck as [string, ...string[]];
    const runCheck = (env: Record<string, string>) =>
      new Promise<number | null>((resolve) =>
        spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } }).once('exit', resolve),
      );
    expect(await runCheck({ PORT: port })).toBe(0);
    expect(await runCheck({ PORT: String(await closedPort()) })).toBe(1);

    const metrics = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^# (HELP|TYPE) /m);
  });

  // Last: it takes the database away. An open SQLite connection keeps reading and writing a removed
  // file (its inode lives on until closed), so only a check of the path itself can see this.
  it('answers /readyz with 503 naming the database once its file is removed, while /healthz stays 200', async () => {
    const origin = server!.origin.replace('localhost', '127.0.0.1');
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `heed.db${suffix}`), { force: true });
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', failing: expect.arrayContaining(['database']) });
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});

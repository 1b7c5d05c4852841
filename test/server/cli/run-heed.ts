import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
/**
 * The compiled CLI, as `npm install -g` users run it (`bin.heed` in package.json). HEED_TEST_CLI_BIN
 * points the tests at another build of it (a copy built elsewhere while dist/ is being rebuilt).
 */
export const HEED_BIN = process.env.HEED_TEST_CLI_BIN ?? join(ROOT, 'dist', 'node', 'server', 'cli', 'heed.js');

export interface HeedResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails with a clear message when the binary is missing: `npm test` builds it first; alone, run `npm run build`. */
export function requireBuiltBinary(): void {
  if (!existsSync(HEED_BIN)) throw new Error(`${HEED_BIN} is missing: run \`npm run build\` first (npm test does).`);
}

/**
 * The environment a person's shell would give: the database settings the test names, and none
 * of the developer's own (their DATABASE_URL or HEED_DB must not leak into a test).
 */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HEED_|DATABASE_URL$|PORT$|HOST$)/.test(name)));
  return { ...base, HEED_DEMO: 'false', ...env };
}

/** Runs `node dist/node/server/cli/heed.js …` to its end (at most `timeout` ms) and returns what a terminal would show. */
export function heed(args: string[], env: Record<string, string>, timeout = 30_000): Promise<HeedResult> {
  requireBuiltBinary();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [HEED_BIN, ...args], { cwd: ROOT, env: cleanEnv(env), timeout }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** A usage error as a person should see it: exit 2, one line, no stack frames. */
export function expectOneLineUsageError(result: HeedResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'heed-cli-'));
}

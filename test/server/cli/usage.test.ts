import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineUsageError, heed, requireBuiltBinary, ROOT, tempDir } from './run-heed.ts';

const COMMANDS = [
  'serve',
  'project create',
  'project list',
  'project configure',
  'token create',
  'token list',
  'token revoke',
  'migrate',
  'backup',
  'restore',
  'export',
];

describe('heed: help, version and usage errors (the compiled binary)', () => {
  let env: Record<string, string>;
  beforeAll(() => {
    requireBuiltBinary();
    env = { HEED_DB: join(tempDir(), 'heed.db') };
  });

  it('prints package.json’s version with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await heed(['--version'], env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists every command with --help, and on stderr with exit 2 when called with nothing', async () => {
    const help = await heed(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command} `);
    const bare = await heed([], env);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: heed <command>');
  });

  it('prints each command’s own usage, options and exit codes with --help, without touching the database', async () => {
    const results = await Promise.all(COMMANDS.map((command) => heed([...command.split(' '), '--help'], { ...env, PORT: 'abc' })));
    results.forEach((result, i) => {
      expect(result.code, COMMANDS[i]).toBe(0);
      expect(result.stdout).toContain(`Usage: heed ${COMMANDS[i]}`);
      expect(result.stdout).toContain('-h, --help');
      expect(result.stdout).toMatch(/Exit codes: 0 done, 1 the operation failed, 2 usage or environment error/);
    });
    expect(results[COMMANDS.indexOf('export')]!.stdout).toMatch(/--format csv\|ndjson[\s\S]*--since WHEN/);
    expect(results[COMMANDS.indexOf('restore')]!.stdout).toMatch(/--force/);
    expect(results[COMMANDS.indexOf('migrate')]!.stdout).toMatch(/--dry-run/);
    const group = await heed(['token', '--help'], env);
    expect(group.stdout).toMatch(/token create[\s\S]*token list[\s\S]*token revoke/);
  });

  it('refuses an unknown flag in one line, naming it, with exit 2', async () => {
    expectOneLineUsageError(await heed(['backup', 'copy.db', '--frobnicate'], env), /^heed backup: unknown option --frobnicate/);
    expectOneLineUsageError(await heed(['project', 'list', '--all'], env), /^heed project list: unknown option --all/);
  });

  it('refuses a flag without its value, a missing argument and an extra one, each in one line with exit 2', async () => {
    expectOneLineUsageError(await heed(['project', 'create', '--name'], env), /^heed project create: --name needs a value/);
    expectOneLineUsageError(await heed(['export', 'pk_x', '--format'], env), /^heed export: --format needs a value/);
    expectOneLineUsageError(await heed(['restore'], env), /^heed restore: missing <file>/);
    expectOneLineUsageError(await heed(['backup', 'a.db', 'b.db'], env), /^heed backup: unexpected argument 'b\.db'/);
    expectOneLineUsageError(await heed(['migrate', '--dry-run=yes'], env), /^heed migrate: --dry-run takes no value/);
    expectOneLineUsageError(await heed(['export', 'pk_x', '--format', 'xlsx'], env), /--format must be csv or ndjson/);
    expectOneLineUsageError(await heed(['export', 'pk_x', '--since', 'last tuesday'], env), /--since takes an ISO date/);
    expectOneLineUsageError(await heed(['token', 'create', '--scope', 'root'], env), /--scope must be one of read, write, admin/);
  });

  it('refuses an unknown command or subcommand in one line with exit 2', async () => {
    expectOneLineUsageError(await heed(['serv'], env), /^heed: unknown command 'serv'/);
    expectOneLineUsageError(await heed(['token', 'rotate'], env), /^heed token: unknown subcommand 'rotate' \(create, list, revoke\)/);
  });

  it('names a bad environment variable in one line, without a stack trace, with exit 2 (serve included)', async () => {
    for (const args of [['serve'], ['project', 'list'], ['migrate', '--dry-run']]) {
      const result = await heed(args, { ...env, PORT: 'abc' });
      expectOneLineUsageError(result, /invalid environment: PORT: /);
    }
    const two = await heed(['token', 'list'], { ...env, PORT: 'abc', HEED_MAX_IN_FLIGHT: '0' });
    expect(two.code).toBe(2);
    expect(two.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^heed token list: invalid environment: PORT: /),
      expect.stringMatching(/^heed token list: invalid environment: HEED_MAX_IN_FLIGHT: /),
    ]);
  });

  it('says that wrangler migrates D1, with exit 2', async () => {
    const result = await heed(['migrate', '--d1'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/npx wrangler d1 migrations apply heed --remote/);
  });
});

#!/usr/bin/env node
// `heed`: finds the command named by the first words and hands it the rest. Each command parses its
// own flags strictly (server/cli/command.ts); this file turns what they throw into one line and an
// exit code (0 done, 1 failed, 2 usage or environment), documented in docs/cli.md.
import { z } from 'zod';
import { packageVersion } from '../runtime/package-root.ts';
import { EXIT, FailedError, UsageError, type Command } from './command.ts';
import { backup } from './commands/backup.ts';
import { exportCommand } from './commands/export.ts';
import { migrate } from './commands/migrate.ts';
import { projectConfigure, projectCreate, projectList } from './commands/project.ts';
import { restore } from './commands/restore.ts';
import { serve } from './commands/serve.ts';
import { tokenCreate, tokenList, tokenRevoke } from './commands/token.ts';

const COMMANDS: readonly Command[] = [
  serve,
  projectCreate,
  projectList,
  projectConfigure,
  tokenCreate,
  tokenList,
  tokenRevoke,
  migrate,
  backup,
  restore,
  exportCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: heed <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options: --help (also after any command: heed backup --help), --version',
    'The database is DATABASE_URL (PostgreSQL) if set, else HEED_DB (SQLite, default ./data/heed.db).',
    'Exit codes: 0 done, 1 the operation failed, 2 usage or environment error. Docs: docs/cli.md',
    '',
  ].join('\n');
}

/** The command named by the first one or two words, and the words left for it. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | { group: string; commands: Command[] } | undefined {
  for (const words of [2, 1]) {
    const command = COMMANDS.find((c) => c.name === argv.slice(0, words).join(' '));
    if (command) return { command, rest: argv.slice(words) };
  }
  const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
  return group.length ? { group: argv[0]!, commands: group } : undefined;
}

/** The command being run, to prefix its messages (`heed backup: …`). */
let name = '';

async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-v') {
    console.log(packageVersion());
    return EXIT.ok;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const asked = argv.slice(1);
    const found = first === 'help' && asked.length ? findCommand(asked) : undefined;
    if (found && 'command' in found) process.stdout.write(found.command.help());
    else (first === undefined ? process.stderr : process.stdout).write(overview());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) throw new UsageError(`unknown command '${first}' (heed --help lists them)`);
  if ('group' in found) {
    const names = found.commands.map((c) => c.name.split(' ')[1]).join(', ');
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`Usage: heed ${found.group} <${names.replaceAll(', ', '|')}> [options]\n\n`);
      for (const command of found.commands) process.stdout.write(`  ${command.name.padEnd(18)}  ${command.summary}\n`);
      return EXIT.ok;
    }
    name = found.group;
    const sub = argv[1];
    throw new UsageError(sub === undefined || sub.startsWith('-') ? `which one? ${names}` : `unknown subcommand '${sub}' (${names})`);
  }
  name = found.command.name;
  return found.command.run(found.rest);
}

/** One line per problem, no stack trace: a person reads these. HEED_DEBUG=1 adds the stack of an unexpected error. */
function report(error: unknown): number {
  const prefix = `heed${name ? ` ${name}` : ''}`;
  if (error instanceof UsageError) {
    const lines = error.message.split('\n');
    // A mistake on the command line points at the help; the environment's lines name their variables.
    const hint = name && lines.length === 1 && !lines[0]!.startsWith('invalid environment') ? ` (see heed ${name} --help)` : '';
    for (const line of lines) console.error(`${prefix}: ${line}${hint}`);
    return EXIT.usage;
  }
  if (error instanceof z.ZodError) {
    for (const issue of error.issues) console.error(`${prefix}: ${issue.path.join('.') || 'input'}: ${issue.message}`);
    return EXIT.usage;
  }
  if (error instanceof FailedError) {
    console.error(`${prefix}: ${error.message}`);
    return EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${prefix}: ${message.split('\n')[0]}`);
  if (process.env.HEED_DEBUG && error instanceof Error) console.error(error.stack);
  return EXIT.failed;
}

process.exitCode = await main(process.argv.slice(2)).catch(report);

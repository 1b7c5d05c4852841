import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes, documented in docs/cli.md: scripts tell "it failed" from "you called it wrong". */
export const EXIT = {
  ok: 0,
  /** The operation ran and failed: no such project, an integrity check failed, a refused overwrite. */
  failed: 1,
  /** Nothing was done: an unknown command or flag, a missing value, a bad environment. */
  usage: 2,
} as const;

/** How a command was called (or the environment it was called in) is wrong: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** The operation could not be done: one line (or a few, each a full sentence) on stderr, exit 1. */
export class FailedError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>>;

/** One line of an option's help: the value's placeholder (string options) and what it does. */
export interface OptionHelp {
  value?: string;
  text: string;
}

export interface CommandSpec<O extends Options> {
  /** As typed: `project create`. */
  name: string;
  summary: string;
  /** What follows the name in the usage line, options included: `<file> [--force]`. */
  usage: string;
  /** Positional arguments: their names in order; `?` marks an optional one. */
  args?: readonly string[];
  options: O;
  optionHelp: { [K in keyof O]: OptionHelp };
  /** Paragraphs after the options: what it does in more words, caveats. */
  details?: string;
  examples?: readonly string[];
  run(input: { values: Parsed<O>['values']; args: string[] }): Promise<number>;
}

/** A command with its types erased, as the dispatcher holds them. */
export interface Command {
  name: string;
  summary: string;
  help(): string;
  /** Parses `argv` (what follows the command's name) strictly and runs; `--help` prints the help instead. */
  run(argv: string[]): Promise<number>;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

export function defineCommand<const O extends Options>(spec: CommandSpec<O>): Command {
  const help = () => renderHelp(spec);
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(argv) {
      // --help wins over any other mistake on the line: someone asking for help gets it.
      if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(help());
        return EXIT.ok;
      }
      const { values, positionals } = parseStrict(spec.options, argv);
      const expected = spec.args ?? [];
      const required = expected.filter((arg) => !arg.endsWith('?')).length;
      if (positionals.length > expected.length) {
        throw new UsageError(`unexpected argument '${positionals[expected.length]!}'`);
      }
      if (positionals.length < required) throw new UsageError(`missing <${expected[positionals.length]!}>`);
      return spec.run({ values: values as Parsed<O>['values'], args: positionals });
    },
  };
}

/**
 * node:util parseArgs in strict mode, with its errors turned into one short line: Node's own
 * messages run to several sentences and suggest `--` tricks that do not apply here.
 */
function parseStrict(options: Options, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(message)) throw new UsageError(`${flag} takes no value`);
      throw new UsageError(`${flag} needs a value`);
    }
    throw new UsageError(message.split('\n')[0]!);
  }
}

function renderHelp<O extends Options>(spec: CommandSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const help = spec.optionHelp[name as keyof O];
    const short = option.short ? `-${option.short}, ` : '';
    const value = option.type === 'string' ? ` ${help.value ?? 'VALUE'}` : '';
    const repeat = option.multiple ? ' (repeatable)' : '';
    return [`${short}--${name}${value}`, `${help.text}${repeat}`] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = [
    `Usage: heed ${spec.name}${spec.usage ? ` ${spec.usage}` : ''}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ];
  if (spec.details) lines.push('', spec.details);
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  lines.push('', 'Exit codes: 0 done, 1 the operation failed, 2 usage or environment error (docs/cli.md).');
  return `${lines.join('\n')}\n`;
}

/** One line on stderr for a person watching, and nothing on stdout, which may be a file. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

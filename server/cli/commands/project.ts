import { embedSnippet } from '../../bootstrap.ts';
import { createProject } from '../../projects/create-project.ts';
import { WidgetConfigSchema } from '../../schemas/project.ts';
import type { Store } from '../../store/store.ts';
import { defineCommand, EXIT, FailedError, UsageError } from '../command.ts';
import { readConfig } from '../environment.ts';
import { withStore } from '../open-store.ts';
import { printAsSql } from '../print-as-sql.ts';

const RATINGS = 'stars|emoji|thumbs|nps|csat';

export const projectCreate = defineCommand({
  name: 'project create',
  summary: 'Add a site: prints its public key and the embed snippet.',
  usage: `--name NAME [--origin URL]... [--rating ${RATINGS}] [--sql]`,
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    rating: { type: 'string' },
    sql: { type: 'boolean' },
  },
  optionHelp: {
    name: { value: 'NAME', text: 'what the dashboard calls it (required)' },
    origin: { value: 'URL', text: 'a site origin the widget may send from, e.g. https://shop.example' },
    rating: { value: RATINGS, text: 'the widget’s rating kind (default stars)' },
    sql: { text: 'print the new row as SQL instead of storing it (Cloudflare D1; see docs/cli.md)' },
  },
  details: 'The snippet uses HEED_PUBLIC_URL (default http://localhost:PORT).',
  examples: [
    'heed project create --name Shop --origin https://shop.example --rating nps',
    'heed project create --name Shop --origin https://shop.example --sql > project.sql',
  ],
  async run({ values }) {
    if (!values.name) throw new UsageError('--name is required');
    const config = readConfig();
    const origins = values.origin ?? [];
    const create = async (store: Store) => {
      const project = await createProject(store, { name: values.name, allowedOrigins: origins, ratingKind: values.rating }, Date.now());
      const base = config.HEED_PUBLIC_URL ? new URL(config.HEED_PUBLIC_URL).origin : `http://localhost:${config.PORT}`;
      console.log(`Created project "${project.name}" with key ${project.key}`);
      console.log(
        origins.length ? `Accepts feedback from: ${origins.join(', ')}` : 'Accepts no browser origin yet: add one with --origin.',
      );
      console.log(`Embed snippet:\n  ${embedSnippet(base, project.key)}`);
      return EXIT.ok;
    };
    return values.sql ? printAsSql(['projects'], create) : withStore(create);
  },
});

export const projectList = defineCommand({
  name: 'project list',
  summary: 'Every project: key, state, name and origins, one per line (tab-separated).',
  usage: '',
  options: {},
  optionHelp: {},
  examples: ['heed project list'],
  run: () =>
    withStore(async (store) => {
      for (const p of await store.listProjects()) {
        console.log(`${p.key}\t${p.enabled ? 'enabled' : 'disabled'}\t${p.name}\t${p.allowedOrigins.join(' ') || '(no origins)'}`);
      }
      return EXIT.ok;
    }),
});

export const projectConfigure = defineCommand({
  name: 'project configure',
  summary: 'Set a project’s widget config (rating kind, texts, theme, categories, email, followUp).',
  usage: "<key> '<json>'",
  args: ['key', 'json'],
  options: {},
  optionHelp: {},
  details: 'The JSON is the widget config of docs/api.md; fields left out take their defaults. Widgets see it within a minute.',
  examples: [`heed project configure pk_abc123 '{"ratingKind":"nps","texts":{"title":"How likely are you to recommend us?"}}'`],
  async run({ args: [key, json] }) {
    let raw: unknown;
    try {
      raw = JSON.parse(json!);
    } catch {
      throw new UsageError(`the widget config must be JSON, in single quotes: '{"ratingKind":"nps"}'`);
    }
    const config = WidgetConfigSchema.parse(raw); // a ZodError is a usage error (exit 2), one line per issue
    return withStore(async (store) => {
      if (!(await store.updateProject(key!, { widgetConfig: config }))) throw new FailedError(`No project has the key ${key!}.`);
      console.log(`Widget config of ${key!} (widgets see it within a minute):\n${JSON.stringify(config, null, 2)}`);
      return EXIT.ok;
    });
  },
});

#!/usr/bin/env node
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueAdminToken } from '../auth/tokens.ts';
import { embedSnippet } from '../bootstrap.ts';
import { createProject } from '../projects/create-project.ts';
import { WidgetConfigSchema } from '../schemas/project.ts';
import { readNodeConfig } from '../runtime/node-config.ts';
import { openNodeStore } from '../runtime/node-store.ts';
import { createSqliteStore, openSqliteDatabase, restrictToOwner } from '../store/sqlite/open-sqlite-store.ts';
import { rowsAsSql } from '../store/sqlite/rows-as-sql.ts';
import type { Store, TokenScope } from '../store/store.ts';

const USAGE = `Usage: npm run heed -- <command>

  project create --name NAME [--origin URL ...] [--rating stars|emoji|thumbs|nps|csat]
                                               add a site; prints its key and embed snippet
  project list                                 every project with its key, origins and state
  project configure <key> '<json>'             set the widget config (rating kind, texts, theme,
                                               categories, email, followUp; see docs/api.md)
  token create [--scope read|write|admin] [--label TEXT]
                                               print a new admin token (shown once)
  token revoke <token-id>                      revoke a token by its id (heed_<id>_…)

  backup <file>                                copy the SQLite database to <file> while the server
                                               runs (SQLite's online backup), then check the copy

  --sql   with project create or token create: print the new rows as SQL instead of storing
          them, for a database this command cannot reach (Cloudflare D1):
            npm run heed -- token create --sql > token.sql
            npx wrangler d1 execute heed --remote --file token.sql

The database is DATABASE_URL (Postgres) if set, else HEED_DB (SQLite, default ./data/heed.db); snippets use HEED_PUBLIC_URL (default http://localhost:PORT).`;

const SCOPES: TokenScope[] = ['read', 'write', 'admin'];

type Command = (store: Store, args: { positionals: string[]; values: Record<string, unknown> }) => Promise<number>;

const commands: Record<string, Command> = {
  async 'project create'(store, { values }) {
    const origins = (values.origin as string[] | undefined) ?? [];
    const project = await createProject(store, { name: values.name ?? '', allowedOrigins: origins, ratingKind: values.rating }, Date.now());
    const config = readNodeConfig();
    const base = config.HEED_PUBLIC_URL ? new URL(config.HEED_PUBLIC_URL).origin : `http://localhost:${config.PORT}`;
    console.log(`Created project "${project.name}" with key ${project.key}`);
    console.log(origins.length ? `Accepts feedback from: ${origins.join(', ')}` : 'Accepts no browser origin yet: add one with --origin.');
    console.log(`Embed snippet:\n  ${embedSnippet(base, project.key)}`);
    return 0;
  },

  async 'project configure'(store, { positionals }) {
    const [, , key, json] = positionals;
    if (!key || !json) {
      console.error(USAGE);
      return 2;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      console.error('The widget config must be JSON, in single quotes: \'{"ratingKind":"nps"}\'');
      return 2;
    }
    const config = WidgetConfigSchema.parse(raw);
    if (!(await store.updateProject(key, { widgetConfig: config }))) {
      console.error(`No project has the key ${key}.`);
      return 1;
    }
    console.log(`Widget config of ${key} (widgets see it within a minute):\n${JSON.stringify(config, null, 2)}`);
    return 0;
  },

  async 'project list'(store) {
    for (const p of await store.listProjects()) {
      console.log(`${p.key}\t${p.enabled ? 'enabled' : 'disabled'}\t${p.name}\t${p.allowedOrigins.join(' ') || '(no origins)'}`);
    }
    return 0;
  },

  async 'token create'(store, { values }) {
    const scope = values.scope as TokenScope;
    if (!SCOPES.includes(scope)) {
      console.error(`--scope must be one of ${SCOPES.join(', ')}`);
      return 2;
    }
    const label = typeof values.label === 'string' ? values.label : undefined;
    const { token } = await issueAdminToken(store, { scope, now: Date.now(), ...(label ? { label } : {}) });
    console.log(token);
    return 0;
  },

  async 'token revoke'(store, { positionals }) {
    const id = positionals[2];
    if (!id) {
      console.error(USAGE);
      return 2;
    }
    const revoked = await store.revokeAdminToken(id, Date.now());
    console.log(revoked ? `Revoked ${id}.` : `No live token has the id ${id}.`);
    return revoked ? 0 : 1;
  },
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: 'string', default: 'admin' },
      label: { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      rating: { type: 'string' },
      sql: { type: 'boolean', default: false },
    },
  });
  const name = positionals.slice(0, 2).join(' ');
  const command = commands[name];
  if (!command && positionals[0] !== 'backup') {
    console.error(USAGE);
    return 2;
  }
  if (!command) return backup(positionals[1]);
  if (values.sql) return printAsSql(name, command, { positionals, values });
  const { store } = await openNodeStore(readNodeConfig());
  try {
    return await command(store, { positionals, values });
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    for (const issue of error.issues) console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    return 2;
  } finally {
    await store.close();
  }
}

/**
 * SQLite's online backup: pages are copied in steps while the server keeps writing, and the copy
 * is a consistent snapshot. The copy is then opened and checked. It holds what the database holds
 * (signing secrets, emails), so it is made its owner's alone before a page is written to it.
 */
async function backup(file: string | undefined): Promise<number> {
  const config = readNodeConfig();
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  if (config.DATABASE_URL) {
    console.error('The database is PostgreSQL (DATABASE_URL): back it up with pg_dump (docs/deploy-node.md).');
    return 2;
  }
  const sqlite = openSqliteDatabase(config.HEED_DB);
  const isNew = !existsSync(file);
  try {
    restrictToOwner(file);
    const { totalPages } = await sqlite.backup(file).catch((error: unknown) => {
      if (isNew) rmSync(file, { force: true }); // what better-sqlite3 does for a file it created
      throw error;
    });
    const copy = openSqliteDatabase(file);
    const check = copy.pragma('integrity_check', { simple: true });
    const rows = copy.prepare('SELECT count(*) FROM feedback').pluck().get();
    copy.close();
    if (check !== 'ok') {
      console.error(`The copy at ${file} failed its integrity check: ${String(check)}`);
      return 1;
    }
    console.log(`Backed up ${config.HEED_DB} to ${file}: ${totalPages} pages, ${String(rows)} feedback items, integrity ok.`);
    return 0;
  } finally {
    sqlite.close();
  }
}

/** Tables the --sql commands write to, in the order their rows can be inserted. */
const SQL_COMMANDS: Record<string, readonly string[]> = { 'project create': ['projects'], 'token create': ['admin_tokens'] };

/**
 * Runs a create command against a scratch in-memory database and prints the rows it made as SQL
 * on stdout; what the command says (the token, shown once) goes to stderr.
 */
async function printAsSql(name: string, command: Command, args: Parameters<Command>[1]): Promise<number> {
  const tables = SQL_COMMANDS[name];
  if (!tables) {
    console.error(
      `--sql works with ${Object.keys(SQL_COMMANDS).join(' and ')}; run the others against the database (wrangler d1 execute).`,
    );
    return 2;
  }
  const sqlite = openSqliteDatabase(':memory:');
  const store = createSqliteStore(sqlite);
  const log = console.log;
  console.log = console.error;
  try {
    const code = await command(store, args);
    if (code === 0) process.stdout.write(`${rowsAsSql(sqlite, tables)}\n`);
    return code;
  } finally {
    console.log = log;
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));

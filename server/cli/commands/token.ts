import { issueAdminToken } from '../../auth/tokens.ts';
import type { Store, TokenScope } from '../../store/store.ts';
import { defineCommand, EXIT, FailedError, UsageError } from '../command.ts';
import { withStore } from '../open-store.ts';
import { printAsSql } from '../print-as-sql.ts';

const SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

export const tokenCreate = defineCommand({
  name: 'token create',
  summary: 'Print a new admin API token. It is shown once: only its hash is stored.',
  usage: '[--scope read|write|admin] [--label TEXT] [--sql]',
  options: {
    scope: { type: 'string', default: 'admin' },
    label: { type: 'string' },
    sql: { type: 'boolean' },
  },
  optionHelp: {
    scope: { value: 'read|write|admin', text: 'read: list and export; write: also triage; admin: everything (default admin)' },
    label: { value: 'TEXT', text: 'a note to recognise it by in `heed token list`' },
    sql: { text: 'print the new row as SQL on stdout and the token on stderr (Cloudflare D1; see docs/cli.md)' },
  },
  details: 'Only the token goes to stdout, so `TOKEN=$(heed token create --scope read)` works.',
  examples: [
    'heed token create --scope read --label "weekly export"',
    'heed token create --sql > token.sql && npx wrangler d1 execute heed --remote --file token.sql',
  ],
  async run({ values }) {
    const scope = values.scope as TokenScope;
    if (!SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}`);
    const create = async (store: Store) => {
      const { token } = await issueAdminToken(store, { scope, now: Date.now(), ...(values.label ? { label: values.label } : {}) });
      console.log(token);
      return EXIT.ok;
    };
    return values.sql ? printAsSql(['admin_tokens'], create) : withStore(create);
  },
});

export const tokenList = defineCommand({
  name: 'token list',
  summary: 'Every admin token, oldest first: id, scope, state, creation time and label (tab-separated). Never the secret.',
  usage: '',
  options: {},
  optionHelp: {},
  examples: ['heed token list'],
  run: () =>
    withStore(async (store) => {
      for (const t of await store.listAdminTokens()) {
        const state = t.revokedAt === null ? 'active' : `revoked ${new Date(t.revokedAt).toISOString()}`;
        console.log(`${t.id}\t${t.scope}\t${state}\t${new Date(t.createdAt).toISOString()}\t${t.label ?? ''}`);
      }
      return EXIT.ok;
    }),
});

export const tokenRevoke = defineCommand({
  name: 'token revoke',
  summary: 'Revoke an admin token at once, by its id (the 16 hex digits in heed_<id>_…, as `heed token list` shows).',
  usage: '<token-id>',
  args: ['token-id'],
  options: {},
  optionHelp: {},
  examples: ['heed token revoke 0f3a5c7e9b1d2f48'],
  async run({ args: [given] }) {
    // A whole token is accepted too: its id is the part after heed_.
    const id = /^heed_([0-9a-f]{16})_/.exec(given!)?.[1] ?? given!;
    if (!/^[0-9a-f]{16}$/.test(id)) throw new UsageError(`'${id}' is not a token id (16 hex digits, as heed token list shows)`);
    return withStore(async (store) => {
      if (!(await store.revokeAdminToken(id, Date.now()))) throw new FailedError(`No live token has the id ${id}.`);
      console.log(`Revoked ${id}.`);
      return EXIT.ok;
    });
  },
});

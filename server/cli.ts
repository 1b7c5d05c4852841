import { parseArgs } from 'node:util';
import { issueAdminToken } from './auth/tokens.ts';
import { readNodeConfig } from './runtime/node-config.ts';
import { openSqliteStore } from './store/sqlite/open-sqlite-store.ts';
import type { TokenScope } from './store/store.ts';

const USAGE = `Usage: npm run heed -- <command>

  token create [--scope read|write|admin] [--label TEXT]   print a new admin token (shown once)
  token revoke <token-id>                                  revoke a token by its id (heed_<id>_…)

The database is HEED_DB (default ./data/heed.db).`;

const SCOPES: TokenScope[] = ['read', 'write', 'admin'];

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scope: { type: 'string', default: 'admin' }, label: { type: 'string' } },
  });
  const [group, command, argument] = positionals;
  if (group !== 'token' || (command !== 'create' && command !== 'revoke')) {
    console.error(USAGE);
    return 2;
  }
  const store = openSqliteStore(readNodeConfig().HEED_DB);
  try {
    if (command === 'create') {
      const scope = values.scope as TokenScope;
      if (!SCOPES.includes(scope)) {
        console.error(`--scope must be one of ${SCOPES.join(', ')}`);
        return 2;
      }
      const { token } = await issueAdminToken(store, { scope, now: Date.now(), ...(values.label ? { label: values.label } : {}) });
      console.log(token);
      return 0;
    }
    if (!argument) {
      console.error(USAGE);
      return 2;
    }
    const revoked = await store.revokeAdminToken(argument, Date.now());
    console.log(revoked ? `Revoked ${argument}.` : `No live token has the id ${argument}.`);
    return revoked ? 0 : 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));

import { existsSync } from 'node:fs';
import {
  applyMigrations,
  openExistingSqliteFile,
  openSqliteConnection,
  pendingMigrations,
  sqliteMigrationFiles,
} from '../../store/sqlite/open-sqlite-store.ts';
import { defineCommand, EXIT } from '../command.ts';
import { describeDatabase, readConfig } from '../environment.ts';

export const migrate = defineCommand({
  name: 'migrate',
  summary: 'Bring the database schema up to date, or with --dry-run list what would be applied.',
  usage: '[--dry-run] [--d1]',
  options: {
    'dry-run': { type: 'boolean' },
    d1: { type: 'boolean' },
  },
  optionHelp: {
    'dry-run': { text: 'list pending migrations; change nothing (a missing SQLite file is not created)' },
    d1: { text: 'say how a Cloudflare D1 database is migrated (wrangler does it) and exit 2' },
  },
  details: [
    '`heed serve` applies pending migrations itself before it listens; run this to apply them ahead of a',
    'start, or to see what a new version will change. Each migration applies in its own transaction on',
    'SQLite and all in one on PostgreSQL; servers starting together take turns (a lock).',
  ].join('\n'),
  examples: ['heed migrate --dry-run', 'DATABASE_URL=postgres://heed@db/heed heed migrate'],
  async run({ values }) {
    if (values.d1) {
      console.error(
        'heed migrate: D1 databases are migrated by wrangler, from the same files: npx wrangler d1 migrations apply heed --remote',
      );
      return EXIT.usage;
    }
    const config = readConfig();
    const where = describeDatabase(config);
    const dryRun = values['dry-run'] === true;
    let list: string[];
    if (config.DATABASE_URL) {
      list = await onPostgres(config.DATABASE_URL, dryRun);
    } else if (dryRun) {
      list = existsSync(config.HEED_DB) ? pendingOnSqlite(config.HEED_DB) : sqliteMigrationFiles();
      if (!existsSync(config.HEED_DB)) console.log(`No database at ${config.HEED_DB} yet: \`heed migrate\` or \`heed serve\` creates it.`);
    } else {
      const sqlite = openSqliteConnection(config.HEED_DB);
      try {
        list = applyMigrations(sqlite);
      } finally {
        sqlite.close();
      }
    }
    if (!list.length) console.log(`${where} is up to date: no migration pending.`);
    else console.log(`${dryRun ? 'Pending' : 'Applied'} on ${where} (${list.length}):\n${list.map((file) => `  ${file}`).join('\n')}`);
    return EXIT.ok;
  },
});

/** Read-only: a dry run writes nothing, not even schema_migrations. */
function pendingOnSqlite(path: string): string[] {
  const sqlite = openExistingSqliteFile(path, { readonly: true });
  try {
    return pendingMigrations(sqlite);
  } finally {
    sqlite.close();
  }
}

async function onPostgres(url: string, dryRun: boolean): Promise<string[]> {
  const postgres = await import('../../store/postgres/open-postgres-store.ts'); // pg only when it is used
  if (dryRun) return postgres.listPendingPostgresMigrations(url);
  const { store, migrationsApplied } = await postgres.openPostgresStoreWithMigrations(url, { maxConnections: 1 });
  await store.close();
  return migrationsApplied;
}

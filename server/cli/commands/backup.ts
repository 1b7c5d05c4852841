import { existsSync, realpathSync, rmSync } from 'node:fs';
import { openExistingSqliteFile, restrictToOwner } from '../../store/sqlite/open-sqlite-store.ts';
import { defineCommand, EXIT, FailedError, UsageError } from '../command.ts';
import { readConfig } from '../environment.ts';
import { checkHeedDatabase, copyDatabase, count, messageOf } from '../sqlite-files.ts';

/** What Postgres users get from backup and restore: Postgres has its own tools, and they are better at it. */
export const POSTGRES_BACKUP_GUIDANCE = [
  'The database is PostgreSQL (DATABASE_URL): back it up and restore it with its own tools (docs/deploy-node.md):',
  '  pg_dump --format=custom --file=heed.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --single-transaction --dbname="$DATABASE_URL" heed.dump',
].join('\n');

export const backup = defineCommand({
  name: 'backup',
  summary: 'Copy the SQLite database to <file> while the server runs, then check the copy.',
  usage: '<file>',
  args: ['file'],
  options: {},
  optionHelp: {},
  details: [
    'Uses SQLite’s online backup: the server keeps answering and writing, and the copy is a consistent',
    'snapshot. The copy is then checked (integrity_check) and is readable by its owner only (0600): it',
    'holds signing secrets and email addresses. Progress goes to stderr, the summary to stdout.',
    'PostgreSQL: use pg_dump (the command says how).',
  ].join('\n'),
  examples: ['heed backup /var/backups/heed-$(date +%F).db'],
  async run({ args: [file] }) {
    const config = readConfig();
    if (config.DATABASE_URL) {
      console.error(POSTGRES_BACKUP_GUIDANCE);
      return EXIT.usage;
    }
    if (!existsSync(config.HEED_DB)) throw new FailedError(`No database at ${config.HEED_DB} (HEED_DB): nothing to back up.`);
    if (existsSync(file!) && realpathSync(file!) === realpathSync(config.HEED_DB)) {
      throw new UsageError(`${file!} is the database itself (HEED_DB): name another file`);
    }
    // Not openSqliteDatabase: a backup must not migrate the live database under a running older server.
    const sqlite = openExistingSqliteFile(config.HEED_DB);
    const isNew = !existsSync(file!);
    try {
      restrictToOwner(file!); // before a page is written: the copy holds what the database holds
      const { totalPages } = await copyDatabase(sqlite, file!, 'Backing up').catch((error: unknown) => {
        if (isNew) rmSync(file!, { force: true }); // no half-made file left behind
        throw new FailedError(`The backup to ${file!} failed: ${messageOf(error)}`);
      });
      // The copy starts in WAL mode, as the database is; one self-contained file is easier to move and keep.
      const copy = openExistingSqliteFile(file!);
      copy.pragma('journal_mode = DELETE');
      copy.close();
      const summary = checkHeedDatabase(file!);
      console.log(
        `Backed up ${config.HEED_DB} to ${file!}: ${totalPages} pages, ${count(summary.projects, 'project')}, ` +
          `${count(summary.feedback, 'feedback item')}, integrity ok.`,
      );
      return EXIT.ok;
    } finally {
      sqlite.close();
    }
  },
});

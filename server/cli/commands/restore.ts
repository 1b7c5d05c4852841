import { existsSync, mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyMigrations, openExistingSqliteFile, openSqliteConnection, restrictToOwner } from '../../store/sqlite/open-sqlite-store.ts';
import { defineCommand, EXIT, FailedError, UsageError } from '../command.ts';
import { readConfig } from '../environment.ts';
import { checkHeedDatabase, copyDatabase, count, isOpenElsewhere, messageOf } from '../sqlite-files.ts';
import { POSTGRES_BACKUP_GUIDANCE } from './backup.ts';

export const restore = defineCommand({
  name: 'restore',
  summary: 'Replace the SQLite database with a backup made by `heed backup`, after checking the backup.',
  usage: '<file> [--force]',
  args: ['file'],
  options: { force: { type: 'boolean' } },
  optionHelp: { force: { text: 'replace a database that exists, even one a running server has open' } },
  details: [
    'The backup is checked first (integrity_check, a Heed database, no migration newer than this version);',
    'a backup that fails is refused before the database is touched. Without --force an existing database is',
    'never replaced. The restore is SQLite’s backup API writing into the database as one transaction, so a',
    'running server carries on and sees the old data or the restored data, never a mix (it may serve cached',
    'project settings for up to 30 s). An older backup is brought up to date (migrations) before it goes in.',
    'PostgreSQL: use pg_restore (the command says how).',
  ].join('\n'),
  examples: ['heed restore /var/backups/heed-2026-11-01.db', 'heed restore /var/backups/heed-2026-11-01.db --force'],
  async run({ args: [file], values }) {
    const config = readConfig();
    if (config.DATABASE_URL) {
      console.error(POSTGRES_BACKUP_GUIDANCE);
      return EXIT.usage;
    }
    const target = config.HEED_DB;
    if (!existsSync(file!)) throw new FailedError(`No backup at ${file!}.`);
    const targetExists = existsSync(target) && statSync(target).size > 0;
    if (targetExists && realpathSync(file!) === realpathSync(target)) {
      throw new UsageError(`${file!} is the database itself (HEED_DB)`);
    }

    // 1. The backup, read-only: nothing is written anywhere until it has passed.
    const summary = checkHeedDatabase(file!);
    console.error(`${file!}: integrity ok, ${count(summary.projects, 'project')}, ${count(summary.feedback, 'feedback item')}.`);

    // 2. The database it would replace.
    if (targetExists && !values.force) {
      const live = isOpenElsewhere(target);
      throw new FailedError(
        `${target} exists${live ? ' and a running server has it open' : ''}: add --force to replace it with ${file!}` +
          `${live ? ' (the server carries on with the restored data)' : ''}.`,
      );
    }

    // 3. A private staging copy beside the database, brought up to this version's schema, so what goes
    //    in is exactly what the server expects; the user's backup file is never opened for writing.
    const staging = join(dirname(target), `.${basename(target)}.restore-${process.pid}`);
    mkdirSync(dirname(target), { recursive: true });
    try {
      restrictToOwner(staging);
      const source = openExistingSqliteFile(file!, { readonly: true });
      try {
        await copyDatabase(source, staging, 'Copying the backup');
      } finally {
        source.close();
      }
      const copy = openSqliteConnection(staging);
      try {
        applyMigrations(copy);
        if (copy.pragma('integrity_check', { simple: true }) !== 'ok')
          throw new FailedError(`The copy of ${file!} failed its integrity check.`);
        // One self-contained file (no -wal), which the read-only connection below can read without a -shm.
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }

      // 4. Into the database: one write transaction through SQLite, not a file rename. A rename would
      //    leave a running server writing to the old, unlinked file, and pair the new file with the old
      //    -wal (corruption); through SQLite, the server's connection sees the change at its next read.
      restrictToOwner(target);
      const from = openExistingSqliteFile(staging, { readonly: true });
      try {
        await copyDatabase(from, target, 'Restoring');
      } catch (error) {
        throw new FailedError(`Restoring into ${target} failed, and it is unchanged: ${messageOf(error)}`);
      } finally {
        from.close();
      }
    } finally {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(staging + suffix, { force: true });
    }
    console.log(`Restored ${file!} into ${target}: ${count(summary.projects, 'project')}, ${count(summary.feedback, 'feedback item')}.`);
    return EXIT.ok;
  },
});

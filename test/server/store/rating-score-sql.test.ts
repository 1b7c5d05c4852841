import { PGlite } from '@electric-sql/pglite';
import SqliteDatabase from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalisedScore, RATING_KINDS, ratingValues } from '../../../contract/rating-kinds.ts';
import { applyPostgresMigrations } from '../../../server/store/postgres/apply-migrations.ts';
import { ratingScoreSql } from '../../../server/store/rating-score-sql.ts';
import { applyMigrations } from '../../../server/store/sqlite/open-sqlite-store.ts';

const MIGRATION_DIRS = { SQLite: 'server/store/migrations', Postgres: 'server/store/postgres/migrations' };

/** The `CASE rating_kind … END` that a migration gives the `rating_score` column, or undefined if it does not define it. */
function scoreExpressionIn(sql: string): string | undefined {
  return /rating_score [A-Z ]+ GENERATED ALWAYS AS \(\s*(CASE rating_kind\b[\s\S]*?\bEND)\s*\)/.exec(sql)?.[1];
}

/** The latest definition of the column in a backend's migrations: the one a database has after migrating. */
function latestDefinition(dir: string): { file: string; expression: string } {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  const defining = files.flatMap((file) => {
    const expression = scoreExpressionIn(readFileSync(join(dir, file), 'utf8'));
    return expression ? [{ file, expression }] : [];
  });
  expect(defining.length, `no migration in ${dir} defines rating_score`).toBeGreaterThan(0);
  return defining.at(-1)!;
}

/** Its frame and its arms, whitespace-normalised; the arms sorted, as their order means nothing (each kind appears once). */
function shape(expression: string) {
  const lines = expression
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  return { frame: [lines[0], lines.at(-1)], arms: lines.slice(1, -1).sort() };
}

/** Every kind's every value, and one value beyond each end, as a database edited by hand may hold. */
const ratings = RATING_KINDS.flatMap((kind) => {
  const values = ratingValues(kind);
  return [values[0]! - 1, ...values, values.at(-1)! + 1].map((value) => ({ kind, value }));
});

/** What the stored column should hold for each of them. */
const expected = ratings.map(({ kind, value }) => ({ kind, value, score: normalisedScore(kind, value) }));

const INSERT_PROJECT = `INSERT INTO projects (id, key, name, allowed_origins, widget_config, created_at)
  VALUES ('p', 'k', 'P', '[]', '{}', 0)`;
/** A feedback row with only the columns it needs: project, id, time, rating, then FEEDBACK_REST's page, locale and viewport. */
const FEEDBACK_COLUMNS = 'project_id, id, created_at, rating_kind, rating_value, page_url, locale, viewport_width, viewport_height';
const FEEDBACK_REST = `'https://shop.example/', 'en', 1, 1`;
const SELECT_SCORES = 'SELECT rating_kind AS kind, rating_value AS value, rating_score AS score FROM feedback';

describe('ratingScoreSql', () => {
  it('names every kind once', () => {
    const { arms } = shape(ratingScoreSql());
    expect(arms.map((arm) => /^WHEN '(\w+)'/.exec(arm)?.[1]).sort()).toEqual([...RATING_KINDS].sort());
  });

  it.each(Object.entries(MIGRATION_DIRS))('is the rating_score expression of the latest %s migration that defines it', (_, dir) => {
    const { file, expression } = latestDefinition(dir);
    expect(shape(expression), `${file} scores ratings differently from the contract: add a migration with ratingScoreSql()`).toEqual(
      shape(ratingScoreSql()),
    );
  });

  it('stores on SQLite, after the migrations, the normalised score of every kind and value, and beyond its ends', () => {
    const sqlite = new SqliteDatabase(':memory:');
    applyMigrations(sqlite);
    sqlite.prepare(INSERT_PROJECT).run();
    const insert = sqlite.prepare(`INSERT INTO feedback (${FEEDBACK_COLUMNS}) VALUES ('p', ?, 0, ?, ?, ${FEEDBACK_REST})`);
    ratings.forEach(({ kind, value }, i) => insert.run(String(i), kind, value));
    const stored = sqlite.prepare(`${SELECT_SCORES} ORDER BY CAST(id AS INTEGER)`).all();
    sqlite.close();
    expect(stored).toEqual(expected);
  });

  it('stores on Postgres (PGlite), after the migrations, the normalised score of every kind and value, and beyond its ends', async () => {
    const pglite = await PGlite.create();
    try {
      await pglite.transaction((tx) =>
        applyPostgresMigrations({ query: (text, params) => tx.query(text, params), exec: (text) => tx.exec(text) }),
      );
      await pglite.query(INSERT_PROJECT);
      for (const [i, { kind, value }] of ratings.entries()) {
        const row = `INSERT INTO feedback (${FEEDBACK_COLUMNS}) VALUES ('p', $1, 0, $2, $3, ${FEEDBACK_REST})`;
        await pglite.query(row, [String(i), kind, value]);
      }
      expect((await pglite.query(`${SELECT_SCORES} ORDER BY id::integer`)).rows).toEqual(expected);
    } finally {
      await pglite.close();
    }
  });
});

import { RATING_KIND_TABLE, RATING_KINDS } from '../../contract/rating-kinds.ts';

/**
 * The SQL of the `rating_score` generated column (SQLite and Postgres alike): a rating on 0–1,
 * as the contract's `normalisedScore` computes it, from the contract's ranges. Migrations are
 * history and keep their text; a test holds each migration that defines the column to this
 * expression, so a new kind or a changed range fails until a new migration redefines the column
 * with what this returns.
 */
export function ratingScoreSql(): string {
  const arms = RATING_KINDS.map((kind) => `  WHEN '${kind}' THEN ${scaled(RATING_KIND_TABLE[kind].range)}`);
  return ['CASE rating_kind', ...arms, 'END'].join('\n');
}

/** (value − min) / (max − min) in its shortest form; `.0` makes it real division, whole values included. */
function scaled({ min, max }: { min: number; max: number }): string {
  const span = max - min;
  if (min !== 0) return `(rating_value - ${min}) / ${span}.0`;
  return span === 1 ? 'rating_value * 1.0' : `rating_value / ${span}.0`;
}

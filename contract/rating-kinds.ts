/**
 * What each rating kind means, defined once: its range, its name, what stands for its values, its
 * place on a 0–1 scale, and the NPS and CSAT groups. The server builds its zod schemas from it
 * (server/schemas/rating.ts); the widget, notifications, digests, stats and the dashboard read it;
 * the stored `rating_score` column is held to it (server/store/rating-score-sql.ts and its test).
 * The widget imports single constants from here, so keep every export a plain constant or a small
 * pure function (no zod, nothing run at import beyond building the table).
 */

/** The emoji kind's faces, 1 (very bad) to 5 (great): the widget draws them, notifications and digests print them. */
export const FACES = ['😞', '😕', '😐', '🙂', '😄'] as const;

/** The thumbs kind's marks: down for 0, up for 1. */
export const THUMBS = ['👎', '👍'] as const;

/** The stars kind's mark: one per point (the kind's values show as that many stars, not as a glyph each). */
export const STAR = '★';

export interface RatingKindMeaning {
  /** The whole values a rating of the kind may take, both ends included. */
  range: { min: number; max: number };
  /** What the kind is called where its figures are named (digest sections). */
  name: string;
  /** What stands for each value, from `min` up; absent where a value shows as its number. */
  glyphs?: readonly string[];
}

const table = {
  stars: { range: { min: 1, max: 5 }, name: 'Stars' },
  emoji: { range: { min: 1, max: 5 }, name: 'Emoji', glyphs: FACES },
  thumbs: { range: { min: 0, max: 1 }, name: 'Thumbs', glyphs: THUMBS },
  nps: { range: { min: 0, max: 10 }, name: 'NPS' },
  csat: { range: { min: 1, max: 5 }, name: 'CSAT' },
} satisfies Record<string, RatingKindMeaning>;

export type RatingKind = keyof typeof table;

/**
 * Every rating kind, in the order lists and digests show them. A new kind is a row here, its widget
 * strings, and a migration that redefines `rating_score` (the test of rating-score-sql.ts says so).
 */
export const RATING_KIND_TABLE: Readonly<Record<RatingKind, RatingKindMeaning>> = table;

// Pure, so a bundle that takes only the glyphs leaves the table out (the widget's size budget).
export const RATING_KINDS = /* @__PURE__ */ Object.keys(table) as RatingKind[];

/** A kind's values, lowest first: `[1, 2, 3, 4, 5]` for stars. */
export function ratingValues(kind: RatingKind): number[] {
  const { min, max } = RATING_KIND_TABLE[kind].range;
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * A rating on 0–1 whatever its kind, to compare and average across kinds: every kind is linear
 * on its range, its lowest value 0 and its highest 1. The stored `rating_score` is the same figure.
 */
export function normalisedScore(kind: RatingKind, value: number): number {
  const { min, max } = RATING_KIND_TABLE[kind].range;
  return (value - min) / (max - min);
}

/** NPS answers by group; the NPS score is promoters minus detractors, in percent of all answers. */
export const NPS_BANDS = {
  detractor: { min: 0, max: 6 },
  passive: { min: 7, max: 8 },
  promoter: { min: 9, max: 10 },
} as const;

export type NpsBand = keyof typeof NPS_BANDS;

/** An NPS value's group; a value beyond the scale (an edited database) joins the nearer end's group. */
export const npsBand = (value: number): NpsBand => bandOf(NPS_BANDS, value);

/** CSAT answers by group; the CSAT score is the satisfied share, in percent of all answers. */
export const CSAT_BANDS = {
  unsatisfied: { min: 1, max: 2 },
  neutral: { min: 3, max: 3 },
  satisfied: { min: 4, max: 5 },
} as const;

export type CsatBand = keyof typeof CSAT_BANDS;

/** A CSAT value's group; a value beyond the scale joins the nearer end's group. */
export const csatBand = (value: number): CsatBand => bandOf(CSAT_BANDS, value);

/** The first band (in ascending order) whose top is at or above `value`, else the last. */
function bandOf<Band extends string>(bands: Readonly<Record<Band, { max: number }>>, value: number): Band {
  const names = Object.keys(bands) as Band[];
  return names.find((name) => value <= bands[name].max) ?? names[names.length - 1]!;
}

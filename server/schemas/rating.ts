import { z } from 'zod';

/** Each rating kind with its inclusive value range; the widget, the store and later the digests read this one table. */
export const RATING_RANGES = {
  stars: { min: 1, max: 5 },
  emoji: { min: 1, max: 5 },
  thumbs: { min: 0, max: 1 },
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
} as const;

export type RatingKind = keyof typeof RATING_RANGES;
export const RATING_KINDS = Object.keys(RATING_RANGES) as RatingKind[];

function ratingOf<K extends RatingKind>(kind: K) {
  const { min, max } = RATING_RANGES[kind];
  return z.object({
    kind: z.literal(kind),
    value: z
      .int({ error: `A ${kind} rating is a whole number from ${min} to ${max}.` })
      .min(min, { error: `A ${kind} rating is at least ${min}.` })
      .max(max, { error: `A ${kind} rating is at most ${max}.` }),
  });
}

export const RatingSchema = z.discriminatedUnion(
  'kind',
  [ratingOf('stars'), ratingOf('emoji'), ratingOf('thumbs'), ratingOf('nps'), ratingOf('csat')],
  { error: `rating.kind must be one of: ${RATING_KINDS.join(', ')}.` },
);

export const RatingKindSchema = z.enum(RATING_KINDS as [RatingKind, ...RatingKind[]]);

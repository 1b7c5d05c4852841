import { z } from 'zod';
import { RATING_KIND_TABLE, RATING_KINDS, type RatingKind } from '../../contract/rating-kinds.ts';

// Still imported from here by files that have not moved to the contract yet; new code imports the contract.
export { RATING_KINDS, type RatingKind };

/** Each rating kind's inclusive value range (the contract's table), for the tests that still read it here. */
export const RATING_RANGES = Object.fromEntries(RATING_KINDS.map((kind) => [kind, RATING_KIND_TABLE[kind].range])) as Record<
  RatingKind,
  { min: number; max: number }
>;

function ratingOf(kind: RatingKind) {
  const { min, max } = RATING_KIND_TABLE[kind].range;
  return z.object({
    kind: z.literal(kind),
    value: z
      .int({ error: `A ${kind} rating is a whole number from ${min} to ${max}.` })
      .min(min, { error: `A ${kind} rating is at least ${min}.` })
      .max(max, { error: `A ${kind} rating is at most ${max}.` }),
  });
}

const [firstKind, ...otherKinds] = RATING_KINDS.map(ratingOf);

export const RatingSchema = z.discriminatedUnion('kind', [firstKind!, ...otherKinds], {
  error: `rating.kind must be one of: ${RATING_KINDS.join(', ')}.`,
});

export const RatingKindSchema = z.enum(RATING_KINDS as [RatingKind, ...RatingKind[]]);

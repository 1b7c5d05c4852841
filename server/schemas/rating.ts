import { z } from 'zod';
import { RATING_KIND_TABLE, RATING_KINDS, type RatingKind } from '../../contract/rating-kinds.ts';

/** Ratings as the API validates them, built from the contract's table of kinds. */

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

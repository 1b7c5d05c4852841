import { z } from 'zod';
import { FeedbackStatusSchema, FeedbackTagSchema } from './feedback-item.ts';
import { RatingKindSchema } from './rating.ts';

/** A moment in a query string: an ISO 8601 date or date-time (`2026-11-01`, `2026-11-01T09:00:00Z`), as epoch ms. */
const Moment = (name: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: `${name} is an ISO date (2026-11-01) or date-time (2026-11-01T09:00:00Z).` }).transform((value) => Date.parse(value));

const Flag = (name: string) => z.enum(['true', 'false'], { error: `${name} is true or false.` }).transform((value) => value === 'true');

const Rating = (name: string) => z.coerce.number().int({ error: `${name} is a whole number.` }).min(0).max(10);

/** `GET /v1/projects/:key/feedback`: filters combine with AND; `cursor` continues a listing with the same filters and order. */
export const ListFeedbackQuerySchema = z
  .object({
    limit: z.coerce
      .number()
      .int({ error: 'limit is a whole number.' })
      .min(1, { error: 'limit is at least 1.' })
      .max(100, { error: 'limit is at most 100.' })
      .default(25),
    cursor: z.string().max(200).optional(),
    order: z.enum(['newest', 'oldest'], { error: 'order is newest or oldest.' }).default('newest'),
    from: Moment('from').optional(),
    /** Exclusive. */
    to: Moment('to').optional(),
    ratingKind: RatingKindSchema.optional(),
    ratingMin: Rating('ratingMin').optional(),
    ratingMax: Rating('ratingMax').optional(),
    category: z.string().max(40).optional(),
    /** Page URL glob: `*` matches anything (`https://shop.example/docs/*`). */
    page: z.string().min(1).max(2048).optional(),
    hasComment: Flag('hasComment').optional(),
    hasEmail: Flag('hasEmail').optional(),
    status: FeedbackStatusSchema.optional(),
    tag: FeedbackTagSchema.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { error: 'from must be before to.', path: ['to'] })
  .refine((q) => q.ratingMin === undefined || q.ratingMax === undefined || q.ratingMin <= q.ratingMax, {
    error: 'ratingMin must not exceed ratingMax.',
    path: ['ratingMax'],
  });

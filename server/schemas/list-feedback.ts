import { z } from 'zod';
import { searchWords } from '../store/comment-search.ts';
import type { FeedbackFilter } from '../store/store.ts';
import { FeedbackStatusSchema, FeedbackTagSchema } from './feedback-item.ts';
import { RatingKindSchema } from './rating.ts';
import { exactText } from './text.ts';

/** A moment in a query string: an ISO 8601 date or date-time (`2026-11-01`, `2026-11-01T09:00:00Z`), as epoch ms. */
const Moment = (name: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: `${name} is an ISO date (2026-11-01) or date-time (2026-11-01T09:00:00Z).`,
    })
    .transform((value) => Date.parse(value));

const Flag = (name: string) => z.enum(['true', 'false'], { error: `${name} is true or false.` }).transform((value) => value === 'true');

const Rating = (name: string) =>
  z.coerce
    .number()
    .int({ error: `${name} is a whole number.` })
    .min(0)
    .max(10);

/** The filters of a listing or an export; they combine with AND. */
const filterFields = {
  from: Moment('from').optional(),
  /** Exclusive. */
  to: Moment('to').optional(),
  ratingKind: RatingKindSchema.optional(),
  ratingMin: Rating('ratingMin').optional(),
  ratingMax: Rating('ratingMax').optional(),
  category: exactText().max(40).optional(),
  /** Items left with this email address (any case): one person's data. */
  email: exactText().trim().min(3).max(254).optional(),
  /** Page URL glob (contract/glob.ts): `*` matches anything, case counts (`https://shop.example/docs/*`). */
  page: exactText().min(1).max(2048).optional(),
  hasComment: Flag('hasComment').optional(),
  hasEmail: Flag('hasEmail').optional(),
  status: FeedbackStatusSchema.optional(),
  tag: FeedbackTagSchema.optional(),
  /** Full-text search over the comment and the follow-up answer, read as one text: every word must appear (as a word or its start). */
  q: exactText()
    .trim()
    .max(200, { error: 'q is at most 200 characters.' })
    .refine((text) => searchWords(text).length > 0, { error: 'q needs at least one letter or digit.' })
    .optional(),
};

/** Ranges must not be upside down: an empty answer would hide the caller's mistake. */
function checkRanges(q: { from?: number; to?: number; ratingMin?: number; ratingMax?: number }, ctx: z.RefinementCtx): void {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    ctx.addIssue({ code: 'custom', message: 'from must be before to.', path: ['to'] });
  if (q.ratingMin !== undefined && q.ratingMax !== undefined && q.ratingMin > q.ratingMax) {
    ctx.addIssue({ code: 'custom', message: 'ratingMin must not exceed ratingMax.', path: ['ratingMax'] });
  }
}

/** `GET /v1/projects/:key/feedback`; `cursor` continues a listing with the same filters and order. Unknown parameters are refused. */
export const ListFeedbackQuerySchema = z
  .object({
    limit: z.coerce
      .number()
      .int({ error: 'limit is a whole number.' })
      .min(1, { error: 'limit is at least 1.' })
      .max(100, { error: 'limit is at most 100.' })
      .default(25),
    cursor: exactText().max(200).optional(),
    order: z.enum(['newest', 'oldest'], { error: 'order is newest or oldest.' }).default('newest'),
    ...filterFields,
  })
  .strict()
  .superRefine(checkRanges);

/** `GET /v1/projects/:key/feedback.csv` and `.ndjson`: every matching item, oldest first. */
export const ExportFeedbackQuerySchema = z.object(filterFields).strict().superRefine(checkRanges);

/** The store's filter from a query's filters. */
export function toFeedbackFilter({ q, ...filters }: z.infer<typeof ExportFeedbackQuerySchema>): FeedbackFilter {
  const filter: FeedbackFilter = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  if (q) filter.search = q;
  return filter;
}

/** `DELETE /v1/projects/:key/feedback?email=`: a person's request to erase what they sent. */
export const DeleteFeedbackQuerySchema = z
  .object({ email: z.email({ error: 'email is the address whose feedback to delete.' }).max(254) })
  .strict();

import { z } from 'zod';
import { RATING_KINDS } from '../../contract/rating-kinds.ts';
import { exactText } from './text.ts';

export const FEEDBACK_STATUSES = ['new', 'read', 'resolved'] as const;
/** What the site owner made of an item. */
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FeedbackStatusSchema = z.enum(FEEDBACK_STATUSES, { error: `status is one of ${FEEDBACK_STATUSES.join(', ')}.` });

/** A site owner's label on an item (`billing`, `v2`). */
const TAG = /^[\p{L}\p{N} _.:-]{1,40}$/u;
export const FeedbackTagSchema = z
  .string()
  .regex(TAG, { error: 'A tag is 1–40 letters, digits, spaces and _ . : -' })
  // The document's pattern without the flags: zod-to-openapi would write `source/u`, which matches nothing.
  .meta({ pattern: TAG.source });

/** A stored item as the admin API returns it (and as the exports write it). */
export const FeedbackItemSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  rating: z.object({ kind: z.enum(RATING_KINDS), value: z.int() }).nullable(),
  comment: z.string().nullable(),
  /** The question asked after the rating, as the visitor saw it, and the answer; both visitor text. */
  followUp: z.object({ question: z.string(), answer: z.string() }).nullable(),
  category: z.string().nullable(),
  email: z.string().nullable(),
  page: z.object({
    url: z.string(),
    referrer: z.string().nullable(),
    title: z.string().nullable(),
    /**
     * On one of the project's allowed origins (`isVerifiedPage`). Any other page may have been sent
     * by a script with the public key: the dashboard and notifications show it as unverified text, never as a link.
     */
    verified: z.boolean(),
  }),
  context: z.object({
    locale: z.string(),
    viewport: z.object({ width: z.int(), height: z.int() }),
    userAgent: z.string().nullable(),
  }),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  status: FeedbackStatusSchema,
  tags: z.array(z.string()),
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

/** `PATCH /v1/projects/:key/feedback/:id`: triage; tags are replaced as a whole. */
export const FeedbackChangesSchema = z
  .object({
    status: FeedbackStatusSchema,
    tags: z
      .array(FeedbackTagSchema)
      .max(20, { error: 'At most 20 tags.' })
      .transform((tags) => [...new Set(tags)]),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { error: 'Send status, tags, or both.' });

export const FeedbackParamSchema = z.object({ key: exactText().min(1).max(100), id: exactText().min(1).max(64) });

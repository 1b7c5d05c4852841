import { z } from 'zod';
import { RatingKindSchema } from './rating.ts';

/** What the widget reads from `GET /v1/projects/:key/config`; the site owner edits it per project. */
export const WidgetConfigSchema = z.object({
  ratingKind: RatingKindSchema.default('stars'),
  texts: z
    .object({
      title: z.string().max(120).optional(),
      commentLabel: z.string().max(120).optional(),
      submit: z.string().max(40).optional(),
      thanks: z.string().max(200).optional(),
    })
    .default({}),
  theme: z
    .object({
      accent: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, { error: 'Must be a #rrggbb colour.' })
        .optional(),
      mode: z.enum(['light', 'dark', 'auto']).default('auto'),
    })
    .default({ mode: 'auto' }),
  /** Topics the visitor picks one of (Bug, Idea, Praise…); none means no picker. */
  categories: z.array(z.string().trim().min(1).max(40)).max(8, { error: 'At most 8 categories.' }).default([]),
  email: z.enum(['optional', 'required', 'off']).default('optional'),
  /** A question that replaces the comment label once the rating is low (≤ atMost) or high (≥ atLeast). */
  followUp: z
    .object({
      low: z.object({ atMost: z.int(), question: z.string().trim().min(1).max(200) }).optional(),
      high: z.object({ atLeast: z.int(), question: z.string().trim().min(1).max(200) }).optional(),
    })
    .default({}),
});
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;

/**
 * An allowed browser origin (`https://shop.example`), or `self`: the origin the endpoint itself is
 * served from, so a demo or a site on the same host keeps working when the port or host name changes.
 */
export const AllowedOriginSchema = z.union([
  z.literal('self'),
  z
    .url({ protocol: /^https?$/ })
    .refine((value) => new URL(value).origin === value, { error: 'An origin is scheme://host[:port] with no path.' }),
]);

import { z } from 'zod';
import { RATING_KIND_TABLE } from '../../contract/rating-kinds.ts';
import { CATEGORY_MAX_LENGTH } from '../../contract/submission.ts';
import {
  DEFAULT_WIDGET_CONFIG,
  EMAIL_FIELDS,
  FOLLOW_UP_QUESTION_MAX_LENGTH,
  MAX_CATEGORIES,
  THEME_MODES,
  WIDGET_TEXT_MAX_LENGTH,
} from '../../contract/widget-config.ts';
import { RatingKindSchema } from './rating.ts';
import { exactText, humanText } from './text.ts';

const defaults = DEFAULT_WIDGET_CONFIG;
const threshold = () =>
  z.int().meta({ description: "A value of the config's rating kind (its scale: thumbs 0–1, NPS 0–10, the others 1–5)." });
const followUpQuestion = () => humanText().trim().min(1).max(FOLLOW_UP_QUESTION_MAX_LENGTH);

/**
 * What the widget reads from `GET /v1/projects/:key/config`; the site owner edits it per project.
 * contract/widget-config.ts's `WidgetConfig`, with its defaults and limits (a type test holds the two to each other).
 */
export const WidgetConfigSchema = z
  .object({
    ratingKind: RatingKindSchema.default(defaults.ratingKind),
    texts: z
      .object({
        title: humanText().max(WIDGET_TEXT_MAX_LENGTH.title).optional(),
        commentLabel: humanText().max(WIDGET_TEXT_MAX_LENGTH.commentLabel).optional(),
        submit: humanText().max(WIDGET_TEXT_MAX_LENGTH.submit).optional(),
        thanks: humanText().max(WIDGET_TEXT_MAX_LENGTH.thanks).optional(),
      })
      .default(defaults.texts),
    theme: z
      .object({
        accent: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, { error: 'Must be a #rrggbb colour.' })
          .optional(),
        mode: z.enum(THEME_MODES).default(defaults.theme.mode),
      })
      .default(defaults.theme),
    categories: z
      .array(humanText().trim().min(1).max(CATEGORY_MAX_LENGTH))
      .max(MAX_CATEGORIES, { error: `At most ${MAX_CATEGORIES} categories.` })
      .default(defaults.categories),
    email: z.enum(EMAIL_FIELDS).default(defaults.email),
    followUp: z
      .object({
        low: z.object({ atMost: threshold(), question: followUpQuestion() }).optional(),
        high: z.object({ atLeast: threshold(), question: followUpQuestion() }).optional(),
      })
      .default(defaults.followUp),
  })
  // A band's threshold is a value of the project's scale: outside it the question would never be asked, or always.
  .superRefine(({ ratingKind, followUp }, context) => {
    const { min, max } = RATING_KIND_TABLE[ratingKind].range;
    const bands = [
      ['low', 'atMost', followUp.low?.atMost],
      ['high', 'atLeast', followUp.high?.atLeast],
    ] as const;
    for (const [band, field, value] of bands) {
      if (value !== undefined && (value < min || value > max)) {
        context.addIssue({
          code: 'custom',
          path: ['followUp', band, field],
          message: `Must be a ${ratingKind} value, ${min} to ${max}.`,
        });
      }
    }
  });
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;

const { shape } = WidgetConfigSchema;

/**
 * `GET /v1/projects/:key/config`'s answer, for /openapi.json (contract/widget-config.ts's `WidgetConfigResponse`):
 * a stored config, so every field that has a default is there.
 */
export const WidgetConfigResponseSchema = z
  .object({
    project: z.string(),
    ratingKind: shape.ratingKind.unwrap(),
    texts: shape.texts.unwrap(),
    theme: shape.theme.unwrap().extend({
      mode: shape.theme.unwrap().shape.mode.unwrap(),
      onAccent: z.string().optional().meta({ description: 'The text colour that reads on `accent` (`#111827` or `#ffffff`).' }),
    }),
    categories: shape.categories.unwrap(),
    email: shape.email.unwrap(),
    followUp: shape.followUp.unwrap(),
    ticket: z.string().optional().meta({ description: 'The form ticket a submission carries (where `antiSpam.minSeconds` is above 0).' }),
    minSeconds: z.int().optional(),
    turnstileSiteKey: z.string().optional().meta({ description: 'For projects that ask for Cloudflare Turnstile.' }),
  })
  .meta({ id: 'WidgetConfigResponse' });

/**
 * An allowed browser origin (`https://shop.example`), or `self`: the origin the endpoint itself is
 * served from, so a demo or a site on the same host keeps working when the port or host name changes.
 */
export const AllowedOriginSchema = z.union([
  z.literal('self'),
  z
    // abort: the refinement's `new URL` would throw on what is not a URL (a 500, not a 400).
    .url({ protocol: /^https?$/, abort: true })
    .refine((value) => new URL(value).origin === value, { error: 'An origin is scheme://host[:port] with no path.' }),
]);

/** Days to keep feedback before the retention job deletes it; null keeps it until deleted. */
export const RetentionDaysSchema = z
  .int({ error: 'retentionDays is a whole number of days.' })
  .min(1, { error: 'retentionDays is at least 1.' })
  .max(36_500, { error: 'retentionDays is at most 36500 (100 years).' })
  .nullable();

/** Spam checks on a project's submissions (server/abuse/spam-checks.ts). */
export const AntiSpamSchema = z
  .object({
    /** Seconds from the form being served to its submission; faster is a bot. 0 turns the form ticket off (API clients without the widget). */
    minSeconds: z.int({ error: 'minSeconds is a whole number.' }).min(0).max(60, { error: 'minSeconds is at most 60.' }).default(2),
    /** Ask Cloudflare Turnstile too (the server needs its keys configured). */
    turnstile: z.boolean().default(false),
  })
  .strict();
export type AntiSpam = z.infer<typeof AntiSpamSchema>;
export const DEFAULT_ANTI_SPAM: AntiSpam = AntiSpamSchema.parse({});

/** Names found to be time zones: every project read checks its zone, and an Intl.DateTimeFormat costs 100–200 µs. */
const knownTimeZones = new Set<string>();

/** Whether a name is an IANA time zone this runtime knows. */
function isTimeZone(name: string): boolean {
  if (knownTimeZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    return false;
  }
  // Bounded: zone names match in any case, so an admin could send many spellings of one.
  if (knownTimeZones.size < 1000) knownTimeZones.add(name);
  return true;
}

/** When digests go out: daily, or weekly on `weekday` (1 = Monday), at `hour` in `timeZone`. */
export const DigestScheduleSchema = z
  .object({
    frequency: z.enum(['daily', 'weekly'], { error: 'frequency is daily or weekly.' }).default('daily'),
    hour: z.int({ error: 'hour is a whole number.' }).min(0).max(23, { error: 'hour is 0–23.' }).default(9),
    weekday: z.int({ error: 'weekday is a whole number.' }).min(1).max(7, { error: 'weekday is 1 (Monday) to 7 (Sunday).' }).default(1),
    timeZone: z.string().max(64).refine(isTimeZone, { error: 'timeZone is an IANA time zone, like Europe/Berlin.' }).default('UTC'),
  })
  .strict();
/** When a period ends, in the project's time zone. */
export type DigestSchedule = z.infer<typeof DigestScheduleSchema>;
export const DEFAULT_DIGEST_SCHEDULE = DigestScheduleSchema.parse({});

/** `POST /v1/projects` (and `heed project create`). */
export const NewProjectSchema = z.object({
  name: humanText().trim().min(1, { error: 'A project needs a name.' }).max(120),
  allowedOrigins: z.array(AllowedOriginSchema).max(50).default([]),
  ratingKind: RatingKindSchema.default('stars'),
  retentionDays: RetentionDaysSchema.default(null),
  antiSpam: AntiSpamSchema.default(DEFAULT_ANTI_SPAM),
  digest: DigestScheduleSchema.default(DEFAULT_DIGEST_SCHEDULE),
});

/** `PATCH /v1/projects/:key`: any of these; the widget config is replaced as a whole. */
export const ProjectChangesSchema = z
  .object({
    name: humanText().trim().min(1, { error: 'A project needs a name.' }).max(120),
    allowedOrigins: z.array(AllowedOriginSchema).max(50),
    widgetConfig: WidgetConfigSchema,
    enabled: z.boolean(),
    retentionDays: RetentionDaysSchema,
    antiSpam: AntiSpamSchema,
    digest: DigestScheduleSchema,
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { error: 'Send at least one field to change.' });

/** `POST /v1/projects/:key/rotate-key`: how long the old key keeps working. */
export const RotateKeySchema = z
  .object({
    graceSeconds: z
      .int({ error: 'graceSeconds is a whole number.' })
      .min(0)
      .max(30 * 86_400, { error: 'graceSeconds is at most 30 days.' })
      .default(86_400),
  })
  .strict();

/** A project as the admin API returns it. */
export const ProjectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  widgetConfig: WidgetConfigSchema,
  enabled: z.boolean(),
  retentionDays: z.int().nullable(),
  antiSpam: AntiSpamSchema,
  digest: DigestScheduleSchema,
  createdAt: z.iso.datetime(),
});

export const ProjectKeyParamSchema = z.object({ key: exactText().min(1).max(100) });

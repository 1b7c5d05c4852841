import { z } from 'zod';

const day = (name: string) => z.iso.date({ error: `${name} is a date: 2026-11-01.` });

/** `GET /v1/projects/:key/stats`: whole UTC days; default the 30 days up to and including today. */
export const StatsQuerySchema = z
  .object({
    from: day('from').optional(),
    /** Exclusive. */
    to: day('to').optional(),
    interval: z.enum(['day', 'week'], { error: 'interval is day or week.' }).default('day'),
  })
  .strict();

const KindSummarySchema = z.object({
  count: z.int(),
  average: z.number(),
  distribution: z.record(z.string(), z.int()),
  nps: z.object({ score: z.int(), promoters: z.int(), passives: z.int(), detractors: z.int() }).optional(),
  csat: z.object({ score: z.int(), satisfied: z.int() }).optional(),
});

const PeriodSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  count: z.int(),
  withComment: z.int(),
  commentShare: z.number().nullable(),
  ratings: z.record(z.string(), KindSummarySchema),
});

const PageSchema = z.object({ page: z.string(), count: z.int(), rated: z.int(), averageScore: z.number().nullable() });

export const StatsSchema = PeriodSchema.extend({
  interval: z.enum(['day', 'week']),
  trend: z.array(z.object({ start: z.iso.date(), count: z.int(), withComment: z.int(), averages: z.record(z.string(), z.number()) })),
  pages: z.object({ mostFeedback: z.array(PageSchema), best: z.array(PageSchema), worst: z.array(PageSchema) }),
  previous: PeriodSchema,
  change: z.object({
    count: z.number().nullable(),
    commentShare: z.number().nullable(),
    averages: z.record(z.string(), z.number().nullable()),
    nps: z.number().nullable(),
    csat: z.number().nullable(),
  }),
});

/** `GET /v1/projects/:key/themes`: the same period query, without an interval. */
export const ThemesQuerySchema = StatsQuerySchema.omit({ interval: true });

export const ThemesSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  /** Comments read (the newest, up to a bound). */
  comments: z.int(),
  themes: z.array(z.object({ phrase: z.string(), count: z.int(), sentiment: z.number(), examples: z.array(z.string()) })),
});

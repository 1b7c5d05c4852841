import { z } from 'zod';

export const ListFeedbackQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int({ error: 'limit is a whole number.' })
    .min(1, { error: 'limit is at least 1.' })
    .max(100, { error: 'limit is at most 100.' })
    .default(25),
  cursor: z.string().max(200).optional(),
});

import { z } from 'zod';
import { toBase64Url } from '../encoding.ts';
import { AllowedOriginSchema, WidgetConfigSchema } from '../schemas/project.ts';
import { RatingKindSchema } from '../schemas/rating.ts';
import type { Project, Store } from '../store/store.ts';

export const NewProjectInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'A project needs a name.' }).max(120),
  allowedOrigins: z.array(AllowedOriginSchema).max(50).default([]),
  ratingKind: RatingKindSchema.default('stars'),
});

/** A public project key: `pk_` and 96 random bits, safe in URLs and data- attributes. */
export function createProjectKey(): string {
  return `pk_${toBase64Url(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/** Validates and stores a new project with a fresh key. Throws a ZodError on bad input. */
export async function createProject(store: Store, input: unknown, now: number): Promise<Project> {
  const { name, allowedOrigins, ratingKind } = NewProjectInputSchema.parse(input);
  return store.createProject(
    {
      id: crypto.randomUUID(),
      key: createProjectKey(),
      name,
      allowedOrigins,
      widgetConfig: WidgetConfigSchema.parse({ ratingKind }),
      enabled: true,
    },
    now,
  );
}

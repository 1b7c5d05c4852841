import { toBase64Url } from '../encoding.ts';
import { NewProjectSchema, WidgetConfigSchema } from '../schemas/project.ts';
import type { Project, ProjectStore } from '../store/store.ts';

/** A public project key: `pk_` and 96 random bits, safe in URLs and data- attributes. */
export function createProjectKey(): string {
  return `pk_${toBase64Url(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/** Validates and stores a new project with a fresh key. Throws a ZodError on bad input. */
export async function createProject(store: ProjectStore, input: unknown, now: number): Promise<Project> {
  const { name, allowedOrigins, ratingKind, retentionDays, antiSpam, digest } = NewProjectSchema.parse(input);
  return store.createProject(
    {
      id: crypto.randomUUID(),
      key: createProjectKey(),
      name,
      allowedOrigins,
      widgetConfig: WidgetConfigSchema.parse({ ratingKind }),
      enabled: true,
      retentionDays,
      antiSpam,
      digest,
    },
    now,
  );
}

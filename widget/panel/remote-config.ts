import type { ServedWidgetConfig } from '../../server/projects/served-widget-config.ts';
import type { WidgetConfig } from '../../server/schemas/project.ts';
import { warn } from '../warn.ts';

/** WidgetConfigSchema's defaults (a test keeps the two equal; the widget carries no zod). */
export const DEFAULT_WIDGET_CONFIG: WidgetConfig = {
  ratingKind: 'stars',
  texts: {},
  theme: { mode: 'auto' },
  categories: [],
  email: 'optional',
  followUp: {},
};

/** The config response: the project's widget config (with the text colour for its accent), its form ticket, and a Turnstile site key if it asks for Turnstile. */
export type RemoteConfig = ServedWidgetConfig & { ticket?: string; minSeconds?: number; turnstileSiteKey?: string };

/** How long the form waits for the project's config before it opens with the defaults. */
const CONFIG_WAIT_MS = 3000;

/** The project's remote config; never rejects: the defaults keep the form usable if it cannot be read in time. */
export async function loadRemoteConfig(endpoint: string, project: string): Promise<RemoteConfig> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), CONFIG_WAIT_MS));
  const request = fetch(`${endpoint}/v1/projects/${encodeURIComponent(project)}/config`, { credentials: 'omit' })
    .then(async (response) => {
      if (response.ok) return { ...DEFAULT_WIDGET_CONFIG, ...((await response.json()) as Partial<WidgetConfig>) };
      warn(`Project "${project}" config: HTTP ${response.status}`);
      return null;
    })
    // Caught here, not around the race: a late failure must not become an unhandled rejection.
    .catch((error: unknown) => {
      warn('Could not load the project config:', error);
      return null;
    });
  return (await Promise.race([request, timeout])) ?? DEFAULT_WIDGET_CONFIG;
}

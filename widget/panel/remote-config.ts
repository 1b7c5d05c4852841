import { DEFAULT_WIDGET_CONFIG, type WidgetConfigResponse } from '../../contract/widget-config.ts';
import { warn } from '../warn.ts';

/** What the form is drawn with: the config response (its project key aside), or the defaults when it cannot be read. */
export type RemoteConfig = Omit<WidgetConfigResponse, 'project'>;

/** How long the form waits for the project's config before it opens with the defaults. */
const CONFIG_WAIT_MS = 3000;

/** The project's remote config; never rejects: the defaults keep the form usable if it cannot be read in time. */
export async function loadRemoteConfig(endpoint: string, project: string): Promise<RemoteConfig> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), CONFIG_WAIT_MS));
  const request = fetch(`${endpoint}/v1/projects/${encodeURIComponent(project)}/config`, { credentials: 'omit' })
    .then(async (response) => {
      if (response.ok) return { ...DEFAULT_WIDGET_CONFIG, ...((await response.json()) as Partial<WidgetConfigResponse>) };
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

import { issueAdminToken } from './auth/tokens.ts';
import { WidgetConfigSchema } from './schemas/project.ts';
import type { TokenStore, ProjectStore } from './store/store.ts';

export const DEMO_PROJECT_KEY = 'demo';

export interface FirstStart {
  /** Set only on the start that created the demo project. */
  demoProjectCreated: boolean;
  /** Plain admin token, set only when the installation had no live token; it is never shown again. */
  adminToken: string | null;
}

/**
 * What an installation needs at start: a demo project that accepts its own origin (enabled only
 * while the demo is on), and an admin token whenever no live one exists.
 */
export async function prepareFirstStart(store: ProjectStore & TokenStore, options: { demo: boolean; now: number }): Promise<FirstStart> {
  const demoProjectCreated = await prepareDemoProject(store, options);
  const adminToken =
    (await store.countAdminTokens()) === 0
      ? (await issueAdminToken(store, { scope: 'admin', label: 'first start', now: options.now })).token
      : null;
  return { demoProjectCreated, adminToken };
}

/** Creates the demo project when the demo is on and it is missing, and enables it only while the demo is on; true if created. */
export async function prepareDemoProject(store: ProjectStore, options: { demo: boolean; now: number }): Promise<boolean> {
  const demo = await store.getProjectByKey(DEMO_PROJECT_KEY);
  if (demo && demo.enabled !== options.demo) await store.updateProject(DEMO_PROJECT_KEY, { enabled: options.demo });
  if (options.demo && !demo) {
    try {
      await store.createProject(
        {
          id: crypto.randomUUID(),
          key: DEMO_PROJECT_KEY,
          name: 'Demo site',
          allowedOrigins: ['self'],
          widgetConfig: WidgetConfigSchema.parse({ ratingKind: 'stars' }),
          enabled: true,
        },
        options.now,
      );
    } catch (error) {
      // Another instance on the same database created it first.
      if (await store.getProjectByKey(DEMO_PROJECT_KEY)) return false;
      throw error;
    }
    return true;
  }
  return false;
}

export function embedSnippet(origin: string, projectKey: string): string {
  return `<script src="${origin}/widget.js" data-project="${projectKey}" async></script>`;
}

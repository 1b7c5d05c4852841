import { Hono } from 'hono';
import type { FormTickets } from '../abuse/form-ticket.ts';
import type { TurnstileSettings } from '../abuse/turnstile.ts';
import { ApiError } from '../errors.ts';
import type { ProjectLookup } from '../projects/project-lookup.ts';
import { servedWidgetConfig } from '../projects/served-widget-config.ts';

interface WidgetConfigDeps {
  findProject: ProjectLookup;
  tickets: FormTickets;
  turnstile: TurnstileSettings | undefined;
}

/**
 * `GET /v1/projects/:key/config`: what the widget shows for a project (a custom accent with the
 * text colour that reads on it), with the form ticket its submission will carry and the Turnstile
 * site key if the project asks for Turnstile.
 */
export function widgetConfigRoutes({ findProject, tickets, turnstile }: WidgetConfigDeps) {
  const app = new Hono();
  app.get('/projects/:key/config', async (c) => {
    // Public data that is the same for every site: any origin may read it and caches may share it.
    c.header('Access-Control-Allow-Origin', '*');
    const project = await findProject(c.req.param('key'));
    if (!project || !project.enabled) {
      throw new ApiError(404, 'project_not_found', 'No enabled project has this key.');
    }
    // Private: each browser's ticket should start when its form is served, not when a shared cache filled.
    c.header('Cache-Control', 'private, max-age=60, stale-while-revalidate=600');
    return c.json({
      project: project.key,
      ...servedWidgetConfig(project.widgetConfig),
      ...(project.antiSpam.minSeconds > 0 ? { ticket: await tickets.issue(project.id), minSeconds: project.antiSpam.minSeconds } : {}),
      ...(project.antiSpam.turnstile && turnstile ? { turnstileSiteKey: turnstile.siteKey } : {}),
    });
  });
  return app;
}

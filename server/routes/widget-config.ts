import type { WidgetConfigResponse } from '../../contract/widget-config.ts';
import type { FormTickets } from '../abuse/form-ticket.ts';
import type { TurnstileSettings } from '../abuse/turnstile.ts';
import { findEnabledProject, type ProjectLookup } from '../projects/project-lookup.ts';
import { servedWidgetConfig } from '../projects/served-widget-config.ts';
import { ProjectKeyParamSchema, WidgetConfigResponseSchema } from '../schemas/project.ts';
import { createApiRouter, errorResponses, jsonResponse } from './api-router.ts';

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
  const app = createApiRouter();
  // Described for /openapi.json, read by hand: a key the param schema would refuse is unknown here (404), not a 400.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/projects/{key}/config',
    tags: ['Widget'],
    summary: 'Read a project’s widget config',
    description: 'Public: any origin may read it. The browser may cache it a minute (`private`: each form’s ticket starts when served).',
    request: { params: ProjectKeyParamSchema },
    responses: {
      200: jsonResponse(WidgetConfigResponseSchema, 'What the widget shows, with the form ticket and Turnstile site key where asked for.'),
      ...errorResponses('project_not_found', 'internal_error'),
    },
  });
  app.get('/projects/:key/config', async (c) => {
    // Public data that is the same for every site: any origin may read it and caches may share it.
    c.header('Access-Control-Allow-Origin', '*');
    const project = await findEnabledProject(findProject, c.req.param('key'));
    // Private: each browser's ticket should start when its form is served, not when a shared cache filled.
    c.header('Cache-Control', 'private, max-age=60, stale-while-revalidate=600');
    return c.json({
      project: project.key,
      ...servedWidgetConfig(project.widgetConfig),
      ...(project.antiSpam.minSeconds > 0 ? { ticket: await tickets.issue(project.id), minSeconds: project.antiSpam.minSeconds } : {}),
      ...(project.antiSpam.turnstile && turnstile ? { turnstileSiteKey: turnstile.siteKey } : {}),
    } satisfies WidgetConfigResponse);
  });
  return app;
}

import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import type { ProjectLookup } from '../projects/project-lookup.ts';

/** `GET /v1/projects/:key/config`: what the widget shows for a project. Public and cacheable. */
export function widgetConfigRoutes({ findProject }: { findProject: ProjectLookup }) {
  const app = new Hono();
  app.get('/projects/:key/config', async (c) => {
    // Public data that is the same for every site: any origin may read it and caches may share it.
    c.header('Access-Control-Allow-Origin', '*');
    const project = await findProject(c.req.param('key'));
    if (!project || !project.enabled) {
      throw new ApiError(404, 'project_not_found', 'No enabled project has this key.');
    }
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
    return c.json({ project: project.key, ...project.widgetConfig });
  });
  return app;
}

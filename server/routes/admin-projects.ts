import { z } from 'zod';
import { ApiError, projectNotFound } from '../errors.ts';
import { createProject, createProjectKey } from '../projects/create-project.ts';
import { NewProjectSchema, ProjectChangesSchema, ProjectKeyParamSchema, ProjectSchema, RotateKeySchema } from '../schemas/project.ts';
import type { TokenStore, Project, ProjectStore } from '../store/store.ts';
import { adminRoute, createApiRouter, findAdminProject, jsonBody, jsonResponse } from './api-router.ts';

export function toApiProject({ createdAt, ...project }: Project): z.infer<typeof ProjectSchema> {
  return { ...project, createdAt: new Date(createdAt).toISOString() };
}

/** Projects (sites): list and read with `read`, create, change, disable and rotate keys with `admin`. */
export function adminProjectRoutes({
  store,
  now,
  turnstileConfigured,
}: {
  store: TokenStore & ProjectStore;
  now: () => number;
  turnstileConfigured: boolean;
}) {
  const tags = ['Projects'];
  // Refused here rather than at ingest, where every visitor's feedback would fail instead.
  const checkTurnstile = (antiSpam: { turnstile: boolean } | undefined) => {
    if (antiSpam?.turnstile && !turnstileConfigured) {
      const keys = 'HEED_TURNSTILE_SITE_KEY, HEED_TURNSTILE_SECRET_KEY';
      throw new ApiError('turnstile_not_configured', `This server has no Turnstile keys (${keys}).`, {
        status: 400,
        issues: [{ path: 'antiSpam.turnstile', message: 'Configure the server’s Turnstile keys first.' }],
      });
    }
  };

  return createApiRouter()
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects',
        tags,
        summary: 'List projects',
        responses: { 200: jsonResponse(z.object({ items: z.array(ProjectSchema) }), 'Every project, oldest first.') },
      }),
      async (c) => c.json({ items: (await store.listProjects()).map(toApiProject) }, 200),
    )
    .openapi(
      adminRoute(store, 'admin', {
        method: 'post',
        path: '/projects',
        tags,
        summary: 'Create a project',
        request: { body: jsonBody(NewProjectSchema) },
        responses: { 201: jsonResponse(ProjectSchema, 'The new project with its public key.') },
      }),
      async (c) => {
        const input = c.req.valid('json');
        checkTurnstile(input.antiSpam);
        return c.json(toApiProject(await createProject(store, input, now())), 201);
      },
    )
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}',
        tags,
        summary: 'Read a project',
        request: { params: ProjectKeyParamSchema },
        responses: { 200: jsonResponse(ProjectSchema, 'The project (also found by a rotated key still in its grace period).') },
      }),
      async (c) => {
        return c.json(toApiProject(await findAdminProject(store, c.req.valid('param').key, now())), 200);
      },
    )
    .openapi(
      adminRoute(store, 'admin', {
        method: 'patch',
        path: '/projects/{key}',
        tags,
        summary: 'Change a project',
        description:
          'Name, allowed origins, widget config (replaced whole), enabled, retention, spam checks. Widgets and ingest see it within a minute.',
        request: { params: ProjectKeyParamSchema, body: jsonBody(ProjectChangesSchema) },
        responses: { 200: jsonResponse(ProjectSchema, 'The project as changed.') },
      }),
      async (c) => {
        const changes = c.req.valid('json');
        checkTurnstile(changes.antiSpam);
        const project = await store.updateProject(c.req.valid('param').key, changes);
        if (!project) throw projectNotFound();
        return c.json(toApiProject(project), 200);
      },
    )
    .openapi(
      adminRoute(store, 'admin', {
        method: 'post',
        path: '/projects/{key}/rotate-key',
        tags,
        summary: 'Give a project a new public key',
        description: 'The old key keeps working for graceSeconds (default one day), so pages still carrying it are not refused.',
        request: { params: ProjectKeyParamSchema, body: jsonBody(RotateKeySchema) },
        responses: {
          200: jsonResponse(ProjectSchema.extend({ previousKeyValidUntil: z.iso.datetime() }), 'The project with its new key.'),
        },
      }),
      async (c) => {
        const validUntil = now() + c.req.valid('json').graceSeconds * 1000;
        const project = await store.rotateProjectKey(c.req.valid('param').key, createProjectKey(), validUntil);
        if (!project) throw projectNotFound();
        return c.json({ ...toApiProject(project), previousKeyValidUntil: new Date(validUntil).toISOString() }, 200);
      },
    );
}

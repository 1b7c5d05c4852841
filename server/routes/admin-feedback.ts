import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { FeedbackChangesSchema, FeedbackItemSchema, FeedbackParamSchema } from '../schemas/feedback-item.ts';
import {
  DeleteFeedbackQuerySchema,
  ExportFeedbackQuerySchema,
  ListFeedbackQuerySchema,
  toFeedbackFilter,
} from '../schemas/list-feedback.ts';
import { ProjectKeyParamSchema } from '../schemas/project.ts';
import { exportFeedback, type ExportFormat } from '../export/feedback-export.ts';
import { isVerifiedPage, originsOf } from '../projects/origins.ts';
import type { FeedbackRecord, FeedbackStore, TokenStore, Project, ProjectStore } from '../store/store.ts';
import { adminRoute, createApiRouter, findAdminProject, jsonBody, jsonResponse } from './api-router.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/**
 * Items of `project` as the API returns them. `selfOrigins` are the server's own origins (its public
 * URL and the one the request reached), which a project's `self` origin stands for.
 */
function apiFeedback(project: Project, selfOrigins: string[]) {
  return ({ projectId: _projectId, createdAt, page, ...rest }: FeedbackRecord): z.infer<typeof FeedbackItemSchema> => ({
    ...rest,
    createdAt: new Date(createdAt).toISOString(),
    page: { ...page, verified: isVerifiedPage(project, page.url, selfOrigins) },
  });
}

/** Reading and triaging feedback: list (filters, order, cursor) and read with `read`; mark and tag with `write`. */
export function adminFeedbackRoutes({
  store,
  now,
  publicOrigin,
}: {
  store: TokenStore & ProjectStore & FeedbackStore;
  now: () => number;
  publicOrigin?: string | undefined;
}) {
  const tags = ['Feedback'];

  const projectOf = (key: string) => findAdminProject(store, key, now());
  /** How this request's answer writes items: `self` is the public URL's origin and the origin this request reached. */
  const toApiFeedback = (project: Project, c: Context) => apiFeedback(project, originsOf(publicOrigin, c.req.url));

  /** A streamed export in one format, as the route and its handler: one route per format keeps each path literal. */
  function exportRoute<F extends ExportFormat>(format: F) {
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson';
    const route = adminRoute(store, 'read', {
      method: 'get',
      path: `/projects/{key}/feedback.${format}`,
      tags,
      summary: `Export feedback as ${format.toUpperCase()}`,
      description:
        format === 'csv'
          ? 'Every matching item, oldest first, streamed. RFC 4180; cells a spreadsheet would run as formulas start with an apostrophe.'
          : 'Every matching item, oldest first, streamed: one JSON object per line, in the listing’s item shape.',
      request: { params: ProjectKeyParamSchema, query: ExportFeedbackQuerySchema },
      responses: { 200: { description: 'The export, streamed.', content: { [type]: { schema: z.string() } } } },
    });
    const handler: RouteHandler<typeof route> = async (c) => {
      const project = await projectOf(c.req.valid('param').key);
      const stream = exportFeedback(store, project.id, toFeedbackFilter(c.req.valid('query')), format, toApiFeedback(project, c));
      const day = new Date(now()).toISOString().slice(0, 10);
      return c.body(stream, 200, {
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="heed-${project.key}-${day}.${format}"`,
        'Cache-Control': 'no-store',
      });
    };
    return [route, handler] as const;
  }

  return createApiRouter()
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/feedback',
        tags,
        summary: 'List feedback',
        description: 'Newest first (or oldest), narrowed by any of the filters; follow nextCursor with the same filters for the next page.',
        request: { params: ProjectKeyParamSchema, query: ListFeedbackQuerySchema },
        responses: {
          200: jsonResponse(z.object({ items: z.array(FeedbackItemSchema), nextCursor: z.string().nullable() }), 'One page of feedback.'),
        },
      }),
      async (c) => {
        const project = await projectOf(c.req.valid('param').key);
        const { limit, cursor, order, ...filters } = c.req.valid('query');
        const filter = toFeedbackFilter(filters);
        const result = await store.listFeedback(project.id, { limit, order, filter, ...(cursor ? { after: decodeCursor(cursor) } : {}) });
        c.header('Cache-Control', 'no-store');
        return c.json(
          { items: result.items.map(toApiFeedback(project, c)), nextCursor: result.next ? encodeCursor(result.next) : null },
          200,
        );
      },
    )
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/feedback/{id}',
        tags,
        summary: 'Read one item',
        request: { params: FeedbackParamSchema },
        responses: { 200: jsonResponse(FeedbackItemSchema, 'The item.') },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const project = await projectOf(key);
        const item = await store.getFeedback(project.id, id);
        if (!item) throw new ApiError('feedback_not_found', 'This project has no feedback with this id.');
        c.header('Cache-Control', 'no-store');
        return c.json(toApiFeedback(project, c)(item), 200);
      },
    )
    .openapi(
      adminRoute(store, 'write', {
        method: 'patch',
        path: '/projects/{key}/feedback/{id}',
        tags,
        summary: 'Mark or tag one item',
        description: 'Sets its status (new, read, resolved) and/or replaces its tags.',
        request: { params: FeedbackParamSchema, body: jsonBody(FeedbackChangesSchema) },
        responses: { 200: jsonResponse(FeedbackItemSchema, 'The item as changed.') },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const project = await projectOf(key);
        const item = await store.updateFeedback(project.id, id, c.req.valid('json'));
        if (!item) throw new ApiError('feedback_not_found', 'This project has no feedback with this id.');
        return c.json(toApiFeedback(project, c)(item), 200);
      },
    )
    .openapi(
      adminRoute(store, 'write', {
        method: 'delete',
        path: '/projects/{key}/feedback/{id}',
        tags,
        summary: 'Delete one item',
        description: 'Removes the item and its share of the stats rollups.',
        request: { params: FeedbackParamSchema },
        responses: { 204: { description: 'Deleted.' } },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        if (!(await store.deleteFeedback((await projectOf(key)).id, id))) {
          throw new ApiError('feedback_not_found', 'This project has no feedback with this id.');
        }
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute(store, 'write', {
        method: 'delete',
        path: '/projects/{key}/feedback',
        tags,
        summary: 'Delete everything one person sent',
        description:
          'A privacy request: removes every item left with this email address (any case), and its share of the stats rollups. Export it first with feedback.ndjson?email=… if the person asked for a copy.',
        request: { params: ProjectKeyParamSchema, query: DeleteFeedbackQuerySchema },
        responses: { 200: jsonResponse(z.object({ deleted: z.int() }), 'How many items were deleted.') },
      }),
      async (c) => {
        const project = await projectOf(c.req.valid('param').key);
        return c.json({ deleted: await store.deleteFeedbackWhere(project.id, { email: c.req.valid('query').email }) }, 200);
      },
    )
    .openapi(...exportRoute('csv'))
    .openapi(...exportRoute('ndjson'));
}

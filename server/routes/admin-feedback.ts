import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { ApiError, invalidInput } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { ListFeedbackQuerySchema } from '../schemas/list-feedback.ts';
import type { FeedbackRecord, Store } from '../store/store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** Admin reading: `GET /v1/projects/:key/feedback`, newest first, cursor-paginated. */
export function adminFeedbackRoutes({ store }: { store: Store }) {
  const app = new Hono();
  app.get(
    '/projects/:key/feedback',
    adminAuth(store, 'read'),
    zValidator('query', ListFeedbackQuerySchema, (result) => {
      if (!result.success) throw invalidInput(result.error, 'query');
    }),
    async (c) => {
      // Admins read disabled projects too, so this bypasses the ingest cache.
      const project = await store.getProjectByKey(c.req.param('key'));
      if (!project) throw new ApiError(404, 'project_not_found', 'No project has this key.');
      const { limit, cursor } = c.req.valid('query');
      const page = await store.listFeedback(project.id, { limit, ...(cursor ? { after: decodeCursor(cursor) } : {}) });
      c.header('Cache-Control', 'no-store');
      return c.json({
        items: page.items.map(toApiFeedback),
        nextCursor: page.next ? encodeCursor(page.next) : null,
      });
    },
  );
  return app;
}

function toApiFeedback({ projectId: _projectId, createdAt, ...rest }: FeedbackRecord) {
  return { ...rest, createdAt: new Date(createdAt).toISOString() };
}

import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createFormTickets } from '../../../server/abuse/form-ticket.ts';
import { createMemoryRateLimiter } from '../../../server/abuse/rate-limiter.ts';
import { shedLoad } from '../../../server/middleware/load-shedding.ts';
import { createProjectLookup } from '../../../server/projects/project-lookup.ts';
import { feedbackRoutes } from '../../../server/routes/feedback.ts';
import { addProject, createTempSqliteStore, feedbackBody } from '../../helpers/test-app.ts';

describe('the feedback route’s onAccepted hook', async () => {
  const { store, cleanup } = createTempSqliteStore();
  afterAll(cleanup);
  const project = await addProject(store);
  const now = () => 1_700_000_000_000;
  /** What was stored each time the hook ran: the hook comes after the row is written. */
  const seen: Promise<unknown>[] = [];
  const app = new Hono().route(
    '/v1',
    feedbackRoutes({
      store,
      findProject: createProjectLookup(store, 0, now),
      now,
      bodyLimitBytes: 32 * 1024,
      publicOrigin: undefined,
      limits: {
        perClientPerMinute: 30,
        perProjectPerMinute: 1200,
        perTicketPerHour: 10,
        unmeteredPerClientPerHour: 5,
        limiter: createMemoryRateLimiter(now),
        clientId: undefined,
      },
      spam: { tickets: createFormTickets(() => store.serverKey('form_ticket'), now), turnstile: undefined },
      shed: shedLoad({ maxInFlight: 10 }),
      onAccepted: (c) => seen.push(store.listFeedback(project.id, { limit: 10 }).then((page) => [c.req.path, page.items.length])),
    }),
  );
  const post = (body: Record<string, unknown>) => app.request('/v1/feedback', { method: 'POST', body: JSON.stringify(body) });

  it('runs once a new submission is stored, and not for its replay, a discarded one or a refused one', async () => {
    const body = feedbackBody();
    expect((await post(body)).status).toBe(201);
    expect(await Promise.all(seen)).toEqual([['/v1/feedback', 1]]);

    expect((await post(body)).status).toBe(200);
    expect((await post(feedbackBody({ honeypot: 'https://spam.example' }))).status).toBe(201);
    expect((await post(feedbackBody({ comment: undefined, rating: undefined }))).status).toBe(400);
    expect(seen).toHaveLength(1);
  });
});

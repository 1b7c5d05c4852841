import type { Context } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingRequest } from '../../../server/notify/notification.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A webhook for new items, as the dashboard adds one. */
const addWebhook = (t: TestApp) =>
  t.store.createDestination(
    {
      id: 'hook',
      projectId: t.project.id,
      kind: 'webhook',
      name: 'CRM',
      target: 'https://hooks.example/in',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      events: ['feedback.created'],
      filter: {},
    },
    1_700_000_000_000,
  );

describe('the after-ingest nudge (through the app, not the runtime)', () => {
  const sent: OutgoingRequest[] = [];
  let deferred: Promise<unknown>[];
  let t: TestApp;
  beforeEach(async () => {
    sent.length = 0;
    deferred = [];
    const post = async (request: OutgoingRequest) => {
      sent.push(request);
      return { status: 200, retryAfter: null };
    };
    // As Workers' waitUntil: the work is kept, the answer does not wait for it.
    t = await createTestApp({ defer: (_c: Context, work: Promise<unknown>) => void deferred.push(work) }, { post });
    await addWebhook(t);
  });
  afterEach(() => t.cleanup());

  const submit = (body: Record<string, unknown>) =>
    t.app.request('/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('sends a new item’s notifications in the background right after it is stored', async () => {
    const item = feedbackBody();
    expect((await submit(item)).status).toBe(201);
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain(String(item.id));
  });

  it('nudges nothing for a replay or a refused submission', async () => {
    const item = feedbackBody();
    await submit(item);
    await Promise.all(deferred);
    expect((await submit(item)).status).toBe(200);
    expect((await submit({ ...item, id: 'not-a-uuid' })).status).toBe(400);
    expect(deferred).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
});

describe('without a way to defer (Node)', () => {
  it('stores the item and leaves its notifications to the delivery job', async () => {
    const t = await createTestApp();
    try {
      await addWebhook(t);
      const res = await t.app.request('/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(feedbackBody()),
      });
      expect(res.status).toBe(201);
      expect(await t.store.listMessages('hook', 10)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    } finally {
      await t.cleanup();
    }
  });
});

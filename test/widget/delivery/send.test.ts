import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedbackPayload } from '../../../contract/submission.ts';
import { createOutbox } from '../../../widget/delivery/outbox.ts';
import { sendFeedback } from '../../../widget/delivery/send.ts';
import { createUuid } from '../../../widget/uuid.ts';

const payload = (): FeedbackPayload => ({
  project: 'p',
  id: createUuid(),
  comment: 'hello',
  page: { url: 'https://shop.example/' },
  context: { locale: 'en', viewport: { width: 1, height: 1 } },
});

/** The real sender behind an outbox, with `fetch` answering `answers` in turn. */
function setup(answers: (() => Response)[]) {
  let clock = 1_000_000;
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => answers.shift()!()),
  );
  const outbox = createOutbox({
    storage: localStorage,
    send: sendFeedback,
    exclusive: (task) => task().then(() => true),
    now: () => clock,
    random: () => 0.5,
  });
  return { outbox, advance: (ms: number) => (clock += ms) };
}

const json = (body: unknown, status: number) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('sendFeedback through the outbox', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    [
      'a captive portal’s 200 login page',
      () => new Response('<!doctype html><title>Sign in to the Wi-Fi</title>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    ],
    ['an empty 204', () => new Response(null, { status: 204 })],
    ['another JSON API’s 200', json({ ok: true }, 200)],
  ])('keeps a submission answered by %s, and sends it again', async (_, notTheServer) => {
    const p = payload();
    const { outbox, advance } = setup([notTheServer, json({ id: p.id }, 201)]);
    outbox.add('https://heed.example', p);
    await outbox.flush();
    expect(outbox.has(p.id)).toBe(true);
    advance(1000);
    await outbox.flush();
    expect(outbox.has(p.id)).toBe(false);
  });

  it('takes the server’s answer naming the submission as delivered, a replay’s 200 too', async () => {
    const [first, replay] = [payload(), payload()];
    const { outbox } = setup([json({ id: first.id }, 201), json({ id: replay.id }, 200)]);
    outbox.add('https://heed.example', first);
    outbox.add('https://heed.example', replay);
    await outbox.flush();
    expect([outbox.has(first.id), outbox.has(replay.id)]).toEqual([false, false]);
  });
});

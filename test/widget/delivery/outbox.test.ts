import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedbackPayload } from '../../../contract/submission.ts';
import { createOutbox, hasWaitingFeedback, OUTBOX_PREFIX } from '../../../widget/delivery/outbox.ts';
import { retryDelay } from '../../../widget/delivery/retry.ts';
import type { DeliveryResult } from '../../../widget/delivery/send.ts';
import { createUuid } from '../../../widget/uuid.ts';

const payload = (comment: string): FeedbackPayload => ({
  project: 'p',
  id: createUuid(),
  comment,
  page: { url: 'https://shop.example/' },
  context: { locale: 'en', viewport: { width: 1, height: 1 } },
});

/** An outbox over happy-dom's localStorage with a hand-driven clock and a scripted server. */
function setup(answers: DeliveryResult[]) {
  let clock = 1_000_000;
  const sent: { endpoint: string; id: string; ticket?: string | undefined }[] = [];
  const rejected: string[] = [];
  const outbox = createOutbox({
    storage: localStorage,
    send: async (endpoint, p) => {
      sent.push({ endpoint, id: p.id, ticket: p.ticket });
      return answers.shift() ?? { ok: true };
    },
    exclusive: (task) => task().then(() => true),
    now: () => clock,
    random: () => 0.5,
    onRejected: (id) => rejected.push(id),
  });
  return { outbox, sent, rejected, advance: (ms: number) => (clock += ms) };
}

const offline: DeliveryResult = { ok: false, message: 'offline', fields: [] };

describe('outbox', () => {
  beforeEach(() => localStorage.clear());

  it('stores a submission before sending and removes it on a 2xx', async () => {
    const { outbox, sent } = setup([{ ok: true }]);
    const p = payload('hello');
    expect(outbox.add('https://heed.example', p)).toBe(true);
    expect(localStorage.getItem(OUTBOX_PREFIX + p.id)).toContain('hello');
    expect(hasWaitingFeedback()).toBe(true);
    await outbox.flush();
    expect(sent).toEqual([{ endpoint: 'https://heed.example', id: p.id }]);
    expect(outbox.has(p.id)).toBe(false);
    expect(hasWaitingFeedback()).toBe(false);
  });

  it('keeps a submission through network errors and 5xx, waiting longer each time', async () => {
    const { outbox, sent, advance } = setup([offline, { ok: false, status: 503, message: 'busy', fields: [] }, { ok: true }]);
    const p = payload('retry me');
    outbox.add('https://heed.example', p);
    await outbox.flush();
    expect(outbox.has(p.id)).toBe(true);
    await outbox.flush(); // not due yet: nothing is sent
    expect(sent).toHaveLength(1);
    advance(1000);
    await outbox.flush();
    expect(sent).toHaveLength(2);
    advance(1999); // second wait is 2 s (jitter fixed at ×1)
    await outbox.flush();
    expect(sent).toHaveLength(2);
    advance(1);
    await outbox.flush();
    expect(sent.map((s) => s.id)).toEqual([p.id, p.id, p.id]);
    expect(outbox.has(p.id)).toBe(false);
  });

  it('waits at least as long as Retry-After says', async () => {
    const { outbox, sent, advance } = setup([{ ok: false, status: 429, message: 'slow down', fields: [], retryAfterMs: 30_000 }]);
    outbox.add('https://heed.example', payload('x'));
    await outbox.flush();
    advance(29_999);
    await outbox.flush();
    expect(sent).toHaveLength(1);
    advance(1);
    await outbox.flush();
    expect(sent).toHaveLength(2);
  });

  it('holds back on 425 and retries with the fresh form ticket the server handed out', async () => {
    const { outbox, sent, advance } = setup([
      { ok: false, status: 425, message: 'too soon', fields: [], retryAfterMs: 2000, ticket: 'fresh.ticket' },
    ]);
    outbox.add('https://heed.example', payload('queued offline'));
    await outbox.flush();
    expect(sent.map((s) => s.ticket)).toEqual([undefined]);
    advance(1999);
    await outbox.flush();
    expect(sent).toHaveLength(1);
    advance(1);
    await outbox.flush();
    expect(sent.map((s) => s.ticket)).toEqual([undefined, 'fresh.ticket']);
    expect(outbox.has(sent[0]!.id)).toBe(false);
  });

  it('keeps a submission whose form ticket is spent (429, no fresh ticket) and sends it with the same ticket after Retry-After', async () => {
    const { outbox, sent, rejected, advance } = setup([
      { ok: false, status: 429, message: 'ticket spent', fields: [], retryAfterMs: 360_000, ticket: null },
    ]);
    outbox.add('https://heed.example', { ...payload('eleventh thought'), ticket: 'page.ticket' });
    await outbox.flush();
    advance(359_999);
    await outbox.flush();
    expect(sent).toHaveLength(1);
    advance(1);
    await outbox.flush();
    expect(sent.map((s) => s.ticket)).toEqual(['page.ticket', 'page.ticket']);
    expect(outbox.has(sent[0]!.id)).toBe(false);
    expect(rejected).toEqual([]);
  });

  it('drops a submission the server refuses for good, and reports it', async () => {
    const { outbox, rejected } = setup([{ ok: false, status: 403, message: 'origin not allowed', fields: [] }]);
    const p = payload('nope');
    outbox.add('https://heed.example', p);
    await outbox.flush();
    expect(outbox.has(p.id)).toBe(false);
    expect(rejected).toEqual([p.id]);
  });

  it('sends entries left by another tab or an earlier page', async () => {
    const earlier = setup([offline]);
    const p = payload('from yesterday');
    earlier.outbox.add('https://heed.example', p);
    await earlier.outbox.flush();
    const later = setup([]);
    later.advance(60_000);
    await later.outbox.flush();
    expect(later.sent.map((s) => s.id)).toEqual([p.id]);
    expect(hasWaitingFeedback()).toBe(false);
  });

  it('drops entries it cannot read or that are a week old, and never rejects', async () => {
    localStorage.setItem(`${OUTBOX_PREFIX}garbage`, '{not json');
    localStorage.setItem(`${OUTBOX_PREFIX}old-shape`, JSON.stringify({ payload: null }));
    const { outbox, sent, advance } = setup([offline]);
    const p = payload('too old');
    outbox.add('https://heed.example', p);
    advance(7 * 86_400_000);
    await expect(outbox.flush()).resolves.toBeUndefined();
    expect(sent).toEqual([]);
    expect(hasWaitingFeedback()).toBe(false);
  });

  it('waits two seconds, without spinning, while another tab is flushing', async () => {
    vi.useFakeTimers();
    try {
      let flushes = 0;
      const outbox = createOutbox({
        storage: localStorage,
        send: async () => ({ ok: true }),
        exclusive: async () => (flushes++, false),
      });
      outbox.add('https://heed.example', payload('busy'));
      await outbox.flush();
      await vi.advanceTimersByTimeAsync(1900);
      expect(flushes).toBe(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(flushes).toBe(2);
    } finally {
      vi.useRealTimers();
      localStorage.clear();
    }
  });

  it('refuses to queue when storage is full, so the caller can send directly', () => {
    const full = {
      ...localStorage,
      length: 0,
      key: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    const outbox = createOutbox({ storage: full, send: async () => ({ ok: true }), exclusive: (t) => t().then(() => true) });
    expect(outbox.add('https://heed.example', payload('x'))).toBe(false);
  });
});

describe('retry timing', () => {
  it('backs off exponentially up to five minutes, jittered ×0.5–1.5', () => {
    expect(retryDelay(0, undefined, () => 0)).toBe(500);
    expect(retryDelay(3, undefined, () => 0.5)).toBe(8000);
    expect(retryDelay(20, undefined, () => 0.999)).toBeCloseTo(5 * 60_000 * 1.499);
  });
});

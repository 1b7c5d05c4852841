import { describe, expect, it } from 'vitest';
import { FeedbackInputSchema } from '../../../server/schemas/feedback.ts';
import { WidgetConfigSchema } from '../../../server/schemas/project.ts';
import { buildPayload, cleanUrl, pickLocale, type PageEnvironment } from '../../../widget/delivery/payload.ts';
import type { DeliveryResult } from '../../../widget/delivery/send.ts';
import { acceptableMetadata, createSubmitter, type SubmitterDeps } from '../../../widget/delivery/submission.ts';
import type { FeedbackPayload } from '../../../contract/submission.ts';
import { DEFAULT_WIDGET_CONFIG } from '../../../contract/widget-config.ts';
import { createUuid } from '../../../widget/uuid.ts';

const page: PageEnvironment = {
  url: 'https://shop.example/cart?step=2#access_token=secret',
  referrer: '',
  title: 'Cart',
  languages: ['de-DE'],
  width: 390.4,
  height: 844,
  userAgent: 'Mozilla/5.0',
};

describe('buildPayload', () => {
  it('builds a body the server accepts, with page and context', () => {
    const payload = buildPayload('pk_1', createUuid(), { rating: { kind: 'stars', value: 4 }, comment: 'Nice' }, page);
    expect(FeedbackInputSchema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({
      project: 'pk_1',
      rating: { kind: 'stars', value: 4 },
      comment: 'Nice',
      page: { url: 'https://shop.example/cart?step=2', title: 'Cart' },
      context: { locale: 'de-DE', viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0' },
    });
    expect(payload.page).not.toHaveProperty('referrer');
  });

  it('drops the URL fragment, where sign-in tokens often live', () => {
    expect(cleanUrl('https://a.example/p?q=1#access_token=abc')).toBe('https://a.example/p?q=1');
    expect(cleanUrl('https://a.example/p?q=1#faq')).toBe('https://a.example/p?q=1');
  });

  it('keeps a single-page app’s hash route, without the query inside it', () => {
    expect(cleanUrl('https://a.example/app#/pricing')).toBe('https://a.example/app#/pricing');
    expect(cleanUrl('https://a.example/app#!/plans/pro?token=abc')).toBe('https://a.example/app#!/plans/pro');
  });

  it('keeps feedback acceptable when the browser reports odd values', () => {
    const odd = { ...page, languages: ['en_US'], referrer: 'android-app://com.example.app/' };
    const payload = buildPayload('p', createUuid(), { comment: 'hi' }, odd);
    expect(payload.context.locale).toBe('en-US');
    expect(payload.page).not.toHaveProperty('referrer');
    expect(FeedbackInputSchema.safeParse(payload).success).toBe(true);
  });

  it('picks the first usable language tag, else English', () => {
    expect(pickLocale(['', 'not a tag', 'fr-CA', 'de'])).toBe('fr-CA');
    expect(pickLocale([undefined, '<script>'])).toBe('en');
  });
});

describe('createSubmitter', () => {
  const noStorage = { add: () => false, flush: async () => {}, beacon: () => {}, has: () => false };
  /** A submitter for project `p` on this page, with no storage and a server that stores all, unless told. */
  const submitterWith = (deps: Partial<SubmitterDeps>) =>
    createSubmitter({
      project: 'p',
      endpoint: 'e',
      session: { user: {}, metadata: {}, opening: {} },
      outbox: noStorage,
      refusals: new Map(),
      send: async () => ({ ok: true }),
      page: () => page,
      ...deps,
    });

  it('sends every retry of one form with the same id, and a new id after a success', async () => {
    const sent: string[] = [];
    const answers: DeliveryResult[] = [{ ok: false, message: 'offline', fields: [] }, { ok: true }, { ok: true }];
    const submit = submitterWith({
      send: async (_endpoint, payload) => {
        sent.push(payload.id);
        return answers[sent.length - 1]!;
      },
    });
    expect((await submit({ comment: 'first try' })).ok).toBe(false);
    await submit({ comment: 'retry' });
    await submit({ comment: 'another form' });
    expect(sent[0]).toBe(sent[1]);
    expect(sent[2]).not.toBe(sent[1]);
  });

  it('thanks at once for a queued submission and shows a refusal the outbox reports', async () => {
    const refusals = new Map<string, DeliveryResult>();
    const queued: string[] = [];
    const outbox = {
      add: (_endpoint: string, payload: { id: string }) => (queued.push(payload.id), true),
      flush: async () => {
        const id = queued.at(-1)!;
        if (queued.length === 1) refusals.set(id, { ok: false, status: 400, message: 'bad email', fields: ['email'] });
      },
      beacon: () => {},
      has: () => false,
    };
    const submit = submitterWith({ outbox, refusals });
    expect(await submit({ comment: 'x', email: 'a@b.c' })).toEqual({ ok: false, status: 400, message: 'bad email', fields: ['email'] });
    expect(await submit({ comment: 'x', email: 'a@b.example' })).toEqual({ ok: true, queued: false });
    expect(queued[0]).toBe(queued[1]); // the corrected form is the same submission
  });

  it('tells `error` listeners of a failed direct send, and leaves refusals of queued ones to the outbox', async () => {
    const events: [string, unknown][] = [];
    const emit = (event: string, detail: unknown) => void events.push([event, detail]);
    const refused: DeliveryResult = { ok: false, status: 400, message: 'bad email', fields: ['email'] };
    const direct = submitterWith({ send: async () => ({ ok: false, message: 'Could not reach the feedback server.', fields: [] }), emit });
    await direct({ comment: 'storage blocked, offline' });
    expect(events).toEqual([['error', { id: expect.any(String), message: 'Could not reach the feedback server.', fields: [] }]]);

    events.length = 0;
    const refusals = new Map<string, DeliveryResult>();
    let added = '';
    const viaOutbox = submitterWith({
      // The outbox's first attempt is refused; its onRejected (not this stub) announces that.
      outbox: {
        add: (_endpoint, payload) => ((added = payload.id), true),
        flush: async () => void refusals.set(added, refused),
        beacon: () => {},
        has: () => false,
      },
      refusals,
      emit,
    });
    expect(await viaOutbox({ comment: 'x', email: 'a@b.c' })).toEqual(refused);
    expect(events).toEqual([]);
  });
});

describe('what the page says about the visitor', () => {
  it('sends identify() and setMetadata() with each submission, the email as a default', async () => {
    const sent: FeedbackPayload[] = [];
    const session = {
      user: { id: 'u-42', email: 'ada@example.com', name: 'Ada' },
      metadata: { plan: 'pro', seats: 3 },
      opening: { feature: 'export' },
    };
    const submit = createSubmitter({
      project: 'p',
      endpoint: 'e',
      session,
      outbox: { add: () => false, flush: async () => {}, beacon: () => {}, has: () => false },
      refusals: new Map(),
      send: async (_e, payload) => (sent.push(payload), { ok: true }),
      page: () => page,
    });
    await submit({ comment: 'hi' });
    await submit({ comment: 'typed my own', email: 'other@example.com' });
    expect(sent[0]).toMatchObject({
      email: 'ada@example.com',
      metadata: { plan: 'pro', seats: 3, feature: 'export', userId: 'u-42', userName: 'Ada' },
    });
    expect(sent[1]!.email).toBe('other@example.com');
    expect(FeedbackInputSchema.safeParse(sent[0]).success).toBe(true);
  });

  it('leaves out metadata the server would refuse, instead of losing the feedback', () => {
    const kept = acceptableMetadata({ ok: 1, 'bad key': 2, long: 'x'.repeat(501), nested: { a: 1 } as never });
    expect(kept).toEqual({ ok: 1 });
  });
});

describe('createUuid (v7)', () => {
  it('makes ids the server accepts, each different', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createUuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the creation time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 23, 18, 0, 0, 123);
    expect(createUuid(at).replace(/-/g, '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
  });

  it('sorts ids made later after ids made earlier', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2 ** 47].map((t) => createUuid(t));
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('widget defaults', () => {
  it('match the server’s widget config defaults', () => {
    expect(DEFAULT_WIDGET_CONFIG).toEqual(WidgetConfigSchema.parse({}));
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  CATEGORY_MAX_LENGTH,
  COMMENT_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  HONEYPOT_MAX_LENGTH,
  isAcceptableMetadata,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  PAGE_TITLE_MAX_LENGTH,
  PAGE_URL_MAX_LENGTH,
  TICKET_MAX_LENGTH,
  TURNSTILE_TOKEN_MAX_LENGTH,
  USER_AGENT_MAX_LENGTH,
  VIEWPORT_MAX,
  type FeedbackPayload,
} from '../../contract/submission.ts';
import { FeedbackInputSchema } from '../../server/schemas/feedback.ts';

const valid: FeedbackPayload = {
  project: 'pk_shop',
  id: '0190b6a2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
  comment: 'Fine.',
  page: { url: 'https://shop.example/' },
  context: { locale: 'en', viewport: { width: 1, height: 1 } },
};

/** The issue paths the server's schema finds in `valid` with `change` made to it; none when it is accepted. */
function refusedPaths(change: (payload: FeedbackPayload) => void): string[] {
  const payload = structuredClone(valid);
  change(payload);
  const parsed = FeedbackInputSchema.safeParse(payload);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

const text = (length: number) => 'a'.repeat(length);

describe('the submission contract', () => {
  it('is the type the server’s schema takes and gives back', () => {
    // Type-level: tsc fails here when the schema and FeedbackPayload drift apart, either way.
    expectTypeOf<z.input<typeof FeedbackInputSchema>>().toExtend<FeedbackPayload>();
    expectTypeOf<FeedbackPayload>().toExtend<z.input<typeof FeedbackInputSchema>>();
    expectTypeOf<z.output<typeof FeedbackInputSchema>>().toExtend<FeedbackPayload>();
  });

  it.each([
    ['comment', COMMENT_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.comment = text(n))],
    ['category', CATEGORY_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.category = text(n))],
    ['email', EMAIL_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.email = `${text(n - '@example.com'.length)}@example.com`)],
    ['page.url', PAGE_URL_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.page.url = `https://shop.example/${text(n - 21)}`)],
    ['page.referrer', PAGE_URL_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.page.referrer = `https://shop.example/${text(n - 21)}`)],
    ['page.title', PAGE_TITLE_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.page.title = text(n))],
    ['context.userAgent', USER_AGENT_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.context.userAgent = text(n))],
    ['metadata.plan', METADATA_VALUE_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.metadata = { plan: text(n) })],
    ['ticket', TICKET_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.ticket = text(n))],
    ['honeypot', HONEYPOT_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.honeypot = text(n))],
    ['turnstileToken', TURNSTILE_TOKEN_MAX_LENGTH, (p: FeedbackPayload, n: number) => (p.turnstileToken = text(n))],
    ['context.viewport.width', VIEWPORT_MAX, (p: FeedbackPayload, n: number) => (p.context.viewport.width = n)],
  ])('%s: the server takes the contract’s limit (%i) and refuses one more', (path, limit, set) => {
    expect(refusedPaths((payload) => set(payload, limit))).toEqual([]);
    expect(refusedPaths((payload) => set(payload, limit + 1))).toEqual([path]);
  });

  it('metadata: the server takes as many keys as the contract says, and refuses one more', () => {
    const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
    expect(refusedPaths((payload) => (payload.metadata = keys(METADATA_MAX_KEYS)))).toEqual([]);
    expect(refusedPaths((payload) => (payload.metadata = keys(METADATA_MAX_KEYS + 1)))).toEqual(['metadata']);
  });

  it.each([
    ['plan', 'pro', true],
    ['seats', 3, true],
    ['beta', false, true],
    ['app:build.id-2', text(METADATA_VALUE_MAX_LENGTH), true],
    ['plan', text(METADATA_VALUE_MAX_LENGTH + 1), false],
    ['two words', 'x', false],
    [text(65), 'x', false],
    ['', 'x', false],
    ['list', ['a'], false],
    ['nothing', null, false],
  ])('isAcceptableMetadata(%j, …) is %s, as the server judges it', (key, value, acceptable) => {
    expect(isAcceptableMetadata(key, value)).toBe(acceptable);
    expect(refusedPaths((payload) => (payload.metadata = { [key]: value } as FeedbackPayload['metadata'])).length === 0).toBe(acceptable);
  });
});

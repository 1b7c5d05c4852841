import { describe, expect, it } from 'vitest';
import { FeedbackInputSchema } from '../../server/schemas/feedback.ts';
import { buildPayload, type PageEnvironment } from '../../widget/delivery/payload.ts';
import { createUuid } from '../../widget/uuid.ts';

const page: PageEnvironment = {
  url: 'https://shop.example/cart?step=2',
  referrer: '',
  title: 'Cart',
  locale: 'de-DE',
  width: 390.4,
  height: 844,
  userAgent: 'Mozilla/5.0',
};

describe('buildPayload', () => {
  it('builds a body the server accepts, with page and context', () => {
    const payload = buildPayload('pk_1', { rating: { kind: 'stars', value: 4 }, comment: 'Nice' }, page);
    expect(FeedbackInputSchema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({
      project: 'pk_1',
      rating: { kind: 'stars', value: 4 },
      comment: 'Nice',
      page: { url: page.url, title: 'Cart' },
      context: { locale: 'de-DE', viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0' },
    });
    expect(payload.page).not.toHaveProperty('referrer');
  });

  it('gives every submission its own UUID', () => {
    const ids = new Set(Array.from({ length: 50 }, () => buildPayload('p', { comment: 'x' }, page).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes valid v4 UUIDs without crypto.randomUUID (plain http pages)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(createUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

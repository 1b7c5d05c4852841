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

  it('gives every submission its own UUID, which the server accepts', () => {
    const ids = new Set(Array.from({ length: 50 }, () => buildPayload('p', { comment: 'x' }, page).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('createUuid (v7)', () => {
  it('starts with the creation time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 23, 18, 0, 0, 123);
    expect(createUuid(at).replace(/-/g, '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
  });

  it('sorts ids made later after ids made earlier', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2 ** 47].map((t) => createUuid(t));
    expect([...ids].sort()).toEqual(ids);
  });
});

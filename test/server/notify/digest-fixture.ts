import type { Digest } from '../../../server/digest/digest.ts';

/** Tue 24 Nov 2026 09:00 in Berlin (08:00 UTC): when the fixture's daily period ends. */
export const PERIOD_END = Date.UTC(2026, 10, 24, 8);
export const DAY = 86_400_000;

type Overrides = Partial<Omit<Digest, 'period'>> & { period?: Partial<Digest['period']> };

/**
 * A realistic daily digest of a small shop: 48 responses (42 the day before), stars on product
 * pages and NPS after checkout, checkout complaints as the top theme. Tests override only what
 * they are about.
 */
export function digest(overrides: Overrides = {}): Digest {
  const { period, ...rest } = overrides;
  return {
    eventId: 'msg_digest_9b1e',
    type: 'digest',
    project: { key: 'pk_shop', name: 'Shop' },
    count: 48,
    previousCount: 42,
    withComment: 18,
    ratings: [
      {
        kind: 'stars',
        count: 20,
        average: 4,
        previousAverage: 4.2,
        distribution: { '1': 1, '2': 2, '3': 2, '4': 6, '5': 9 },
        score: null,
      },
      {
        kind: 'nps',
        count: 25,
        average: 8.04,
        previousAverage: 7.6,
        distribution: { '0': 0, '1': 0, '2': 0, '3': 1, '4': 0, '5': 1, '6': 2, '7': 4, '8': 5, '9': 7, '10': 5 },
        score: { name: 'NPS', value: 32, previous: 27 },
      },
    ],
    pages: {
      best: [
        { page: 'https://shop.example/', verified: true, count: 14, averageScore: 0.91 },
        { page: 'https://shop.example/products/kettle', verified: true, count: 6, averageScore: 0.85 },
      ],
      worst: [
        { page: 'https://shop.example/checkout?step=2', verified: true, count: 9, averageScore: 0.38 },
        { page: 'https://shop.example/shipping', verified: true, count: 4, averageScore: 0.55 },
      ],
    },
    lowest: [
      {
        id: 'fb_01',
        rating: { kind: 'stars', value: 1 },
        comment: 'The checkout button does nothing on my phone.',
        followUp: null,
        page: 'https://shop.example/checkout?step=2',
        pageVerified: true,
        createdAt: Date.UTC(2026, 10, 23, 19, 42, 5),
      },
      {
        id: 'fb_02',
        rating: { kind: 'nps', value: 3 },
        comment: 'Shipping costs only show up at the very end.',
        followUp: null,
        page: 'https://shop.example/shipping',
        pageVerified: true,
        createdAt: Date.UTC(2026, 10, 24, 6, 3, 0),
      },
    ],
    themes: [
      { phrase: 'checkout button', count: 7, sentiment: -0.6 },
      { phrase: 'delivery time', count: 4, sentiment: 0.1 },
      { phrase: 'new design', count: 3, sentiment: 0.7 },
    ],
    sentiment: -0.1,
    summary: 'Checkout complaints doubled; most mention the pay button on mobile.',
    dashboardUrl: 'https://heed.example/admin/projects/pk_shop/insights',
    ...rest,
    period: { from: PERIOD_END - DAY, to: PERIOD_END, frequency: 'daily', timeZone: 'Europe/Berlin', ...period },
  };
}

/** A period with nothing in it: what a quiet day's digest holds. */
export function emptyDigest(overrides: Overrides = {}): Digest {
  return digest({
    count: 0,
    previousCount: 3,
    withComment: 0,
    ratings: [],
    pages: { best: [], worst: [] },
    lowest: [],
    themes: [],
    sentiment: null,
    summary: null,
    ...overrides,
  });
}

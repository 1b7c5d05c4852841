import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RatingKind } from '../../../contract/rating-kinds.ts';
import { createTestApp, newFeedback } from '../../helpers/test-app.ts';
import type { z } from 'zod';
import type { ErrorBody } from '../../../contract/errors.ts';
import type { StatsSchema, ThemesSchema } from '../../../server/schemas/stats.ts';

const at = (date: string) => Date.parse(`${date}T12:00:00Z`);

describe('GET /v1/projects/:key/stats', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let n = 0;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const add = (date: string, kind: RatingKind | null, value: number | null, options: { comment?: string; page?: string } = {}) =>
    t.store.insertFeedback(
      newFeedback(t.project.id, {
        id: `f${(n += 1)}`,
        createdAt: at(date),
        rating: kind === null || value === null ? null : { kind, value },
        comment: options.comment ?? null,
        page: { url: `https://shop.example${options.page ?? '/'}?utm=x`, referrer: null, title: null },
      }),
    );
  const stats = async (query: string) => {
    const res = await t.app.request(`/v1/projects/pk_shop/stats${query}`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    return { status: res.status, body: (await res.json()) as z.infer<typeof StatsSchema> & ErrorBody };
  };

  async function seed() {
    // The week 2023-11-01 … 2023-11-07.
    for (const value of [10, 9, 8, 3, 0]) await add('2023-11-01', 'nps', value, { comment: value < 5 ? 'Too slow' : undefined });
    for (const value of [5, 4, 4]) await add('2023-11-03', 'stars', value, { page: '/docs' });
    await add('2023-11-06', 'stars', 1, { page: '/pricing', comment: 'Confusing' });
    for (const value of [5, 4, 2]) await add('2023-11-07', 'csat', value, { page: '/pricing' });
    await add('2023-11-07', null, null, { comment: 'Just a comment', page: '/pricing' });
    // The week before.
    for (const value of [10, 10, 5]) await add('2023-10-28', 'nps', value);
    await add('2023-10-31', 'stars', 2, { comment: 'Meh' });
    // Outside both.
    await add('2023-11-08', 'stars', 5);
  }

  it('sums a period from the rollups: count, comment share, averages, distribution, NPS, CSAT', async () => {
    await seed();
    const { status, body } = await stats('?from=2023-11-01&to=2023-11-08');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2023-11-01', to: '2023-11-08', count: 13, withComment: 4, commentShare: 0.3077 });
    expect(body.ratings.nps).toEqual({
      count: 5,
      average: 6,
      distribution: { 0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 1, 9: 1, 10: 1 },
      nps: { score: 0, promoters: 2, passives: 1, detractors: 2 },
    });
    expect(body.ratings.stars).toEqual({ count: 4, average: 3.5, distribution: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 } });
    expect(body.ratings.csat).toMatchObject({ count: 3, average: 3.67, csat: { score: 67, satisfied: 2 } });
    expect(body.ratings.thumbs).toBeUndefined();
  });

  it('compares with the previous period of the same length', async () => {
    await seed();
    const { body } = await stats('?from=2023-11-01&to=2023-11-08');
    expect(body.previous).toMatchObject({ from: '2023-10-25', to: '2023-11-01', count: 4, withComment: 1 });
    expect(body.previous.ratings.nps?.nps?.score).toBe(33);
    expect(body.change).toEqual({
      count: 2.25,
      commentShare: 0.06,
      averages: { stars: 1.5, nps: -2.33, csat: null },
      nps: -33,
      csat: null,
    });
  });

  it('draws a trend with a point for every day, or every week from its Monday', async () => {
    await seed();
    const daily = (await stats('?from=2023-11-01&to=2023-11-08')).body.trend;
    expect(daily.map((p: { start: string }) => p.start)).toEqual([
      '2023-11-01',
      '2023-11-02',
      '2023-11-03',
      '2023-11-04',
      '2023-11-05',
      '2023-11-06',
      '2023-11-07',
    ]);
    expect(daily[0]).toEqual({ start: '2023-11-01', count: 5, withComment: 2, averages: { nps: 6 } });
    expect(daily[1]).toEqual({ start: '2023-11-02', count: 0, withComment: 0, averages: {} });
    const weekly = (await stats('?from=2023-11-01&to=2023-11-08&interval=week')).body.trend;
    expect(weekly).toEqual([
      { start: '2023-10-30', count: 8, withComment: 2, averages: { stars: 4.33, nps: 6 } },
      { start: '2023-11-06', count: 5, withComment: 2, averages: { stars: 1, csat: 3.67 } },
    ]);
  });

  it('ranks pages (without their query strings) by feedback and by rating', async () => {
    await seed();
    const { pages } = (await stats('?from=2023-11-01&to=2023-11-08')).body;
    expect(pages.mostFeedback.map((p: { page: string }) => p.page)).toEqual([
      'https://shop.example/',
      'https://shop.example/pricing',
      'https://shop.example/docs',
    ]);
    expect(pages.best[0]).toEqual({ page: 'https://shop.example/docs', count: 3, rated: 3, averageScore: 0.833 });
    // Scaled 0–1 across kinds: stars 1 → 0, CSAT 5, 4, 2 → 1, 0.75, 0.25; the comment alone is not rated.
    expect(pages.worst[0]).toEqual({ page: 'https://shop.example/pricing', count: 5, rated: 4, averageScore: 0.5 });
    expect(pages.worst.map((p: { page: string }) => p.page)).toEqual([
      'https://shop.example/pricing',
      'https://shop.example/',
      'https://shop.example/docs',
    ]);
  });

  it('defaults to the 30 days up to today, and answers an empty period with zeros', async () => {
    const { body } = await stats('');
    expect(body).toMatchObject({ from: '2023-10-16', to: '2023-11-15', count: 0, commentShare: null, ratings: {} });
    expect(body.trend).toHaveLength(30);
    expect(body.change.count).toBeNull();
  });

  it.each([
    ['?from=2023-11-08&to=2023-11-01', 'to'],
    ['?from=2020-01-01&to=2023-01-01', 'to'],
    ['?from=yesterday', 'from'],
    ['?interval=month', 'interval'],
  ])('refuses %s with 400 naming the field', async (query, field) => {
    const { status, body } = await stats(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_payload');
    expect(body.error.issues?.map((i) => i.path)).toContain(field);
  });
});

describe('GET /v1/projects/:key/themes', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.cleanup());

  const themes = async (query: string) => {
    const res = await t.app.request(`/v1/projects/pk_shop/themes${query}`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    return { status: res.status, body: (await res.json()) as z.infer<typeof ThemesSchema> & ErrorBody };
  };

  it('finds what the period’s comments share, with how people feel about it, and leaves other periods out', async () => {
    const comments = [
      ['2023-11-02', 'The checkout page is slow and confusing'],
      ['2023-11-03', 'Checkout page crashed, terrible'],
      ['2023-11-04', 'Love the dark mode'],
      ['2023-11-05', 'Dark mode is great'],
      ['2023-10-20', 'Search is broken'],
      ['2023-10-21', 'Search is broken again'],
    ] as const;
    for (const [date, comment] of comments) await t.store.insertFeedback(newFeedback(t.project.id, { createdAt: at(date), comment }));
    await t.store.insertFeedback(newFeedback(t.project.id, { createdAt: at('2023-11-03'), rating: { kind: 'stars', value: 5 } }));
    const { status, body } = await themes('?from=2023-11-01&to=2023-11-08');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2023-11-01', to: '2023-11-08', comments: 4 });
    const byPhrase = Object.fromEntries(
      (body.themes as { phrase: string; count: number; sentiment: number }[]).map((theme) => [theme.phrase, theme]),
    );
    expect(byPhrase['checkout page']).toMatchObject({ count: 2 });
    expect(byPhrase['checkout page']!.sentiment).toBeLessThan(0);
    expect(byPhrase['dark mode']).toMatchObject({ count: 2 });
    expect(byPhrase['dark mode']!.sentiment).toBeGreaterThan(0);
    expect(byPhrase.search).toBeUndefined();
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const { status, body } = await themes('?from=2023-11-08&to=2023-11-01');
    expect(status).toBe(400);
    expect(body.error.issues?.map((i) => i.path)).toEqual(['to']);
  });
});

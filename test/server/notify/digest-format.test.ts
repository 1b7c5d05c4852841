import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DigestRating } from '../../../server/digest/digest.ts';
import {
  averageFigure,
  change,
  commentShare,
  distributionLine,
  headline,
  KIND_NAMES,
  listWithin,
  pageLabel,
  percentChange,
  periodLabel,
  periodRange,
  responsesFigure,
  scoreFigure,
  sentimentMarker,
  signed,
} from '../../../server/notify/digest-format.ts';
import { DAY, digest } from './digest-fixture.ts';

const rating = (overrides: Partial<DigestRating> & Pick<DigestRating, 'kind'>): DigestRating => ({
  count: 10,
  average: 4,
  previousAverage: null,
  distribution: {},
  score: null,
  ...overrides,
});

describe('percentChange', () => {
  it('reads as a site owner would say it: +14%, −5% with a real minus, ±0%', () => {
    expect(percentChange(48, 42)).toBe('+14%');
    expect(percentChange(38, 40)).toBe('\u22125%');
    expect(percentChange(40, 40)).toBe('±0%');
    expect(percentChange(0, 12)).toBe('\u2212100%');
  });

  it('says new when the previous period had nothing, and nothing when neither had', () => {
    expect(percentChange(5, 0)).toBe('new');
    expect(percentChange(0, 0)).toBeNull();
  });
});

describe('signed and change', () => {
  it('signs points and rounds averages to one decimal without float noise', () => {
    expect(signed(5)).toBe('+5');
    expect(signed(-3)).toBe('\u22123');
    expect(change(4, 4.2, 1)).toBe('\u22120.2');
    expect(change(8.04, 7.6, 1)).toBe('+0.4');
    expect(change(4.01, 4.03, 1)).toBe('±0');
  });

  it('says new when there is no previous figure', () => {
    expect(change(32, null)).toBe('new');
  });
});

describe('periodLabel and periodRange', () => {
  it("names a daily period by the day it ends in the project's time zone", () => {
    expect(periodLabel(digest().period)).toBe('Tue 24 Nov');
    expect(periodRange(digest().period)).toBe('Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)');
  });

  it('uses the local day in America/New_York, not the UTC one', () => {
    // Midnight in New York is 05:00 UTC: the period covers Monday there, though it ends on Tuesday in UTC.
    const to = Date.UTC(2026, 10, 24, 5);
    const period = { from: to - DAY, to, frequency: 'daily' as const, timeZone: 'America/New_York' };
    expect(periodLabel(period)).toBe('Mon 23 Nov');
    expect(periodRange(period)).toBe('Mon 23 Nov 00:00 – Tue 24 Nov 00:00 (America/New_York)');
    expect(periodLabel({ ...period, timeZone: 'UTC' })).toBe('Tue 24 Nov');
  });

  it('names a weekly period by its first and last days, across a change of clocks', () => {
    // 26 Oct 00:00 EDT (04:00 UTC) to 2 Nov 00:00 EST (05:00 UTC): daylight saving ends on 1 Nov 2026.
    const period = {
      from: Date.UTC(2026, 9, 26, 4),
      to: Date.UTC(2026, 10, 2, 5),
      frequency: 'weekly' as const,
      timeZone: 'America/New_York',
    };
    expect(periodLabel(period)).toBe('Mon 26 Oct – Sun 1 Nov');
    expect(periodRange(period)).toBe('Mon 26 Oct 00:00 – Mon 2 Nov 00:00 (America/New_York)');
  });

  it('falls back to UTC for a time zone this runtime does not know, instead of throwing', () => {
    const period = { ...digest().period, timeZone: 'Mars/Olympus_Mons' };
    expect(periodRange(period)).toBe('Mon 23 Nov 08:00 – Tue 24 Nov 08:00 (UTC)');
  });
});

describe('figures', () => {
  it('shows responses with their change', () => {
    expect(responsesFigure({ count: 48, previousCount: 42 })).toBe('48 (+14%)');
    expect(responsesFigure({ count: 3, previousCount: 0 })).toBe('3 (new)');
    expect(responsesFigure({ count: 0, previousCount: 0 })).toBe('0');
  });

  it('shows averages on their scale, and thumbs as the helpful share in points', () => {
    expect(averageFigure(rating({ kind: 'stars', average: 4, previousAverage: 4.2 }))).toBe('4.0 / 5 (\u22120.2)');
    expect(averageFigure(rating({ kind: 'nps', average: 8.04, previousAverage: 7.6 }))).toBe('8.0 / 10 (+0.4)');
    expect(averageFigure(rating({ kind: 'thumbs', average: 0.78, previousAverage: 0.73 }))).toBe('78% helpful (+5 pts)');
    expect(averageFigure(rating({ kind: 'emoji', average: 3.5 }))).toBe('3.5 / 5 (new)');
  });

  it('shows NPS in points and CSAT in percent, each with its change', () => {
    expect(scoreFigure(rating({ kind: 'nps', score: { name: 'NPS', value: 32, previous: 27 } }))).toBe('NPS 32 (+5)');
    expect(scoreFigure(rating({ kind: 'nps', score: { name: 'NPS', value: -12, previous: -4 } }))).toBe('NPS -12 (\u22128)');
    expect(scoreFigure(rating({ kind: 'csat', score: { name: 'CSAT', value: 81, previous: 84 } }))).toBe('CSAT 81% (\u22123)');
    expect(scoreFigure(rating({ kind: 'stars' }))).toBeNull();
  });

  it('spreads each kind highest first, counting values missing from the distribution as 0', () => {
    expect(distributionLine(rating({ kind: 'stars', distribution: { '5': 12, '4': 8, '3': 3, '1': 1 } }))).toBe(
      '5★ 12 · 4★ 8 · 3★ 3 · 2★ 0 · 1★ 1',
    );
    expect(distributionLine(rating({ kind: 'emoji', distribution: { '5': 2, '1': 1 } }))).toBe('😄 2 · 🙂 0 · 😐 0 · 😕 0 · 😞 1');
    expect(distributionLine(rating({ kind: 'thumbs', distribution: { '1': 30, '0': 8 } }))).toBe('👍 30 · 👎 8');
    expect(distributionLine(rating({ kind: 'csat', distribution: { '5': 4, '4': 3 } }))).toBe('5/5 4 · 4/5 3 · 3/5 0 · 2/5 0 · 1/5 0');
    expect(distributionLine(digest().ratings[1]!)).toBe('Promoters 12 · Passives 9 · Detractors 4');
  });

  it("names each kind's section by its name in the contract", () => {
    expect(KIND_NAMES).toEqual({ stars: 'Stars', emoji: 'Emoji', thumbs: 'Thumbs', nps: 'NPS', csat: 'CSAT' });
  });

  it('shows the comment share, and none for an empty period', () => {
    expect(commentShare({ count: 48, withComment: 18 })).toBe('18 of 48 (38%)');
    expect(commentShare({ count: 0, withComment: 0 })).toBeNull();
  });

  it('marks sentiment with a face: 🙂 from +0.25, 🙁 from −0.25, 😐 between and without comments', () => {
    expect([0.7, 0.25, 0.24, 0, -0.24, -0.25, -1, null].map(sentimentMarker)).toEqual(['🙂', '🙂', '😐', '😐', '😐', '🙁', '🙁', '😐']);
  });

  it('shows a page without its scheme, and anything else as stored', () => {
    expect(pageLabel('https://shop.example/')).toBe('shop.example');
    expect(pageLabel('https://shop.example/checkout?step=2')).toBe('shop.example/checkout?step=2');
    expect(pageLabel('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(pageLabel('/relative')).toBe('/relative');
  });
});

describe('headline', () => {
  it('leads with NPS, then CSAT, then the average of the most answered kind', () => {
    expect(headline(digest())).toBe('48 responses, NPS 32 (+5)');
    const csat = rating({ kind: 'csat', score: { name: 'CSAT', value: 81, previous: null } });
    expect(headline({ count: 10, ratings: [rating({ kind: 'stars' }), csat] })).toBe('10 responses, CSAT 81% (new)');
    expect(
      headline({
        count: 20,
        ratings: [rating({ kind: 'stars', count: 5 }), rating({ kind: 'thumbs', count: 15, average: 0.8, previousAverage: 0.8 })],
      }),
    ).toBe('20 responses, 80% helpful (±0 pts)');
    expect(headline({ count: 1, ratings: [rating({ kind: 'stars', count: 1, average: 5, previousAverage: 4 })] })).toBe(
      '1 response, rated 5.0 / 5 (+1.0)',
    );
  });

  it('says the count alone without ratings, and No feedback for an empty period', () => {
    expect(headline({ count: 4, ratings: [] })).toBe('4 responses');
    expect(headline({ count: 0, ratings: [] })).toBe('No feedback');
  });
});

describe('listWithin', () => {
  it('lists every item when they fit', () => {
    expect(listWithin('*Themes*', ['a', 'b'], 100)).toBe('*Themes*\na\nb');
  });

  it('says how many more there are when they do not', () => {
    expect(listWithin('', ['x'.repeat(30), 'y'.repeat(30), 'z'.repeat(30)], 75)).toBe(`${'x'.repeat(30)}\n${'y'.repeat(30)}\n…and 1 more`);
  });

  it('never goes over the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 80 }), { maxLength: 60 }),
        fc.integer({ min: 100, max: 3000 }),
        (items, max) => {
          return listWithin('*Head*', items, max).length <= max;
        },
      ),
    );
  });
});

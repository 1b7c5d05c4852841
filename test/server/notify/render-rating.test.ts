import { describe, expect, it } from 'vitest';
import { renderRating, ratingSentiment } from '../../../server/notify/render-rating.ts';

describe('renderRating', () => {
  it('shows stars as filled and empty stars with the score', () => {
    expect(renderRating({ kind: 'stars', value: 2 })).toBe('★★☆☆☆ (2/5)');
    expect(renderRating({ kind: 'stars', value: 5 })).toBe('★★★★★ (5/5)');
  });

  it('shows emoji ratings as the face the visitor picked, with the score', () => {
    expect([1, 2, 3, 4, 5].map((value) => renderRating({ kind: 'emoji', value }))).toEqual([
      '😞 (1/5)',
      '😕 (2/5)',
      '😐 (3/5)',
      '🙂 (4/5)',
      '😄 (5/5)',
    ]);
  });

  it('shows thumbs as helpful or not helpful', () => {
    expect(renderRating({ kind: 'thumbs', value: 1 })).toBe('👍 Helpful');
    expect(renderRating({ kind: 'thumbs', value: 0 })).toBe('👎 Not helpful');
  });

  it('names the NPS group at each boundary', () => {
    expect(renderRating({ kind: 'nps', value: 0 })).toBe('NPS 0 — detractor');
    expect(renderRating({ kind: 'nps', value: 6 })).toBe('NPS 6 — detractor');
    expect(renderRating({ kind: 'nps', value: 7 })).toBe('NPS 7 — passive');
    expect(renderRating({ kind: 'nps', value: 8 })).toBe('NPS 8 — passive');
    expect(renderRating({ kind: 'nps', value: 9 })).toBe('NPS 9 — promoter');
    expect(renderRating({ kind: 'nps', value: 10 })).toBe('NPS 10 — promoter');
  });

  it('names the CSAT band', () => {
    expect([1, 2, 3, 4, 5].map((value) => renderRating({ kind: 'csat', value }))).toEqual([
      'CSAT 1/5 — unsatisfied',
      'CSAT 2/5 — unsatisfied',
      'CSAT 3/5 — neutral',
      'CSAT 4/5 — satisfied',
      'CSAT 5/5 — satisfied',
    ]);
  });

  it('says there is no rating when the visitor only commented', () => {
    expect(renderRating(null)).toBe('No rating');
  });

  it('does not throw on an out-of-range value from an edited database', () => {
    expect(renderRating({ kind: 'stars', value: 9 })).toBe('★★★★★ (9/5)');
    expect(renderRating({ kind: 'emoji', value: -1 })).toBe('😞 (-1/5)');
  });
});

describe('ratingSentiment', () => {
  it('follows the same bands as the words', () => {
    expect(ratingSentiment({ kind: 'stars', value: 2 })).toBe('negative');
    expect(ratingSentiment({ kind: 'stars', value: 3 })).toBe('neutral');
    expect(ratingSentiment({ kind: 'csat', value: 4 })).toBe('positive');
    expect(ratingSentiment({ kind: 'nps', value: 6 })).toBe('negative');
    expect(ratingSentiment({ kind: 'nps', value: 8 })).toBe('neutral');
    expect(ratingSentiment({ kind: 'nps', value: 9 })).toBe('positive');
    expect(ratingSentiment({ kind: 'thumbs', value: 0 })).toBe('negative');
    expect(ratingSentiment({ kind: 'thumbs', value: 1 })).toBe('positive');
  });

  it('treats feedback without a rating as neutral', () => {
    expect(ratingSentiment(null)).toBe('neutral');
  });
});

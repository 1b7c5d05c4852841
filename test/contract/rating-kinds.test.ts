import { describe, expect, it } from 'vitest';
import {
  csatBand,
  CSAT_BANDS,
  FACES,
  normalisedScore,
  npsBand,
  NPS_BANDS,
  RATING_KIND_TABLE,
  RATING_KINDS,
  ratingValues,
  THUMBS,
} from '../../contract/rating-kinds.ts';

/** Each value of a range, lowest first. */
const valuesOf = ({ min, max }: { min: number; max: number }) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

describe('the rating kinds', () => {
  it('lists the five kinds in the order lists and digests show them', () => {
    expect(RATING_KINDS).toEqual(['stars', 'emoji', 'thumbs', 'nps', 'csat']);
  });

  it.each(RATING_KINDS)('gives %s a range of whole values and a name', (kind) => {
    const { range, name } = RATING_KIND_TABLE[kind];
    expect(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min < range.max).toBe(true);
    expect(name).not.toBe('');
    expect(ratingValues(kind)).toEqual(valuesOf(range));
  });

  it('has the ranges the schemas, the widget and the stored score were built on', () => {
    expect(Object.fromEntries(RATING_KINDS.map((kind) => [kind, RATING_KIND_TABLE[kind].range]))).toEqual({
      stars: { min: 1, max: 5 },
      emoji: { min: 1, max: 5 },
      thumbs: { min: 0, max: 1 },
      nps: { min: 0, max: 10 },
      csat: { min: 1, max: 5 },
    });
  });

  it.each(RATING_KINDS)('gives %s one glyph per value where it has glyphs', (kind) => {
    const { range, glyphs } = RATING_KIND_TABLE[kind];
    if (glyphs) expect(glyphs).toHaveLength(range.max - range.min + 1);
  });

  it('draws faces for emoji, 1 to 5, and thumbs for 0 and 1: the one set the widget and notifications share', () => {
    expect(RATING_KIND_TABLE.emoji.glyphs).toBe(FACES);
    expect(FACES).toEqual(['😞', '😕', '😐', '🙂', '😄']);
    expect(new Set(FACES).size).toBe(FACES.length);
    expect(RATING_KIND_TABLE.thumbs.glyphs).toBe(THUMBS);
    expect(THUMBS).toEqual(['👎', '👍']);
  });
});

describe('normalisedScore', () => {
  it.each(RATING_KINDS)('puts every %s value on 0–1, rising with the value', (kind) => {
    const scores = ratingValues(kind).map((value) => normalisedScore(kind, value));
    for (const score of scores) expect(score >= 0 && score <= 1).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).toBe(scores.length);
  });

  it.each(RATING_KINDS)('maps the lowest %s value to 0 and the highest to 1', (kind) => {
    const { min, max } = RATING_KIND_TABLE[kind].range;
    expect([normalisedScore(kind, min), normalisedScore(kind, max)]).toEqual([0, 1]);
  });

  it('scales as the digests and the dashboard always have', () => {
    expect(normalisedScore('stars', 4)).toBe(0.75);
    expect(normalisedScore('emoji', 2)).toBe(0.25);
    expect(normalisedScore('csat', 3)).toBe(0.5);
    expect(normalisedScore('nps', 7)).toBe(0.7);
    expect(normalisedScore('thumbs', 1)).toBe(1);
  });
});

describe('npsBand', () => {
  it('groups 0–6 as detractors, 7–8 as passives and 9–10 as promoters', () => {
    expect(ratingValues('nps').map(npsBand)).toEqual([...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('has bands that partition the NPS range, in order and without gaps', () => {
    const bands = Object.values(NPS_BANDS).flatMap(valuesOf);
    expect(bands).toEqual(ratingValues('nps'));
    for (const [band, range] of Object.entries(NPS_BANDS)) expect(valuesOf(range).map(npsBand)).toEqual(valuesOf(range).map(() => band));
  });

  it('puts a value beyond the scale in the nearer end group', () => {
    expect([npsBand(-1), npsBand(11)]).toEqual(['detractor', 'promoter']);
  });
});

describe('csatBand', () => {
  it('counts 4 and 5 as satisfied, 3 as neutral, 1 and 2 as unsatisfied', () => {
    expect(ratingValues('csat').map(csatBand)).toEqual(['unsatisfied', 'unsatisfied', 'neutral', 'satisfied', 'satisfied']);
  });

  it('has bands that partition the CSAT range, in order and without gaps', () => {
    expect(Object.values(CSAT_BANDS).flatMap(valuesOf)).toEqual(ratingValues('csat'));
    for (const [band, range] of Object.entries(CSAT_BANDS)) expect(valuesOf(range).map(csatBand)).toEqual(valuesOf(range).map(() => band));
  });

  it('puts a value beyond the scale in the nearer end group', () => {
    expect([csatBand(0), csatBand(6)]).toEqual(['unsatisfied', 'satisfied']);
  });
});

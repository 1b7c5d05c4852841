import { csatBand, npsBand, RATING_KINDS, ratingValues, type NpsBand, type RatingKind } from '../../contract/rating-kinds.ts';
import type { DailyRatingCount } from '../store/store.ts';

export const DAY_MS = 86_400_000;

export interface KindSummary {
  count: number;
  average: number;
  /** Count per value, every value of the kind's scale listed. */
  distribution: Record<string, number>;
  /** NPS only: promoters (9–10) minus detractors (0–6), in percent of all NPS answers. */
  nps?: { score: number; promoters: number; passives: number; detractors: number };
  /** CSAT only: share of 4 and 5 among all CSAT answers, in percent. */
  csat?: { score: number; satisfied: number };
}

export interface PeriodSummary {
  count: number;
  withComment: number;
  /** withComment / count, or null without feedback. */
  commentShare: number | null;
  ratings: Partial<Record<RatingKind, KindSummary>>;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Count, comment share and per-kind figures of a period's rollup rows. */
export function summarisePeriod(rows: DailyRatingCount[]): PeriodSummary {
  let count = 0;
  let withComment = 0;
  const byKind = new Map<RatingKind, Map<number, number>>();
  for (const row of rows) {
    count += row.count;
    withComment += row.withComment;
    if (row.ratingKind === null || row.ratingValue === null) continue;
    const values = byKind.get(row.ratingKind) ?? new Map<number, number>();
    byKind.set(row.ratingKind, values.set(row.ratingValue, (values.get(row.ratingValue) ?? 0) + row.count));
  }
  const ratings: PeriodSummary['ratings'] = {};
  for (const kind of RATING_KINDS) {
    const values = byKind.get(kind);
    if (values) ratings[kind] = summariseKind(kind, values);
  }
  return { count, withComment, commentShare: count ? round(withComment / count, 4) : null, ratings };
}

function summariseKind(kind: RatingKind, values: Map<number, number>): KindSummary {
  const n = [...values.values()].reduce((sum, c) => sum + c, 0);
  const total = [...values].reduce((sum, [value, c]) => sum + value * c, 0);
  const countWhere = (test: (value: number) => boolean) => [...values].filter(([value]) => test(value)).reduce((sum, [, c]) => sum + c, 0);
  const summary: KindSummary = {
    count: n,
    average: round(total / n),
    distribution: Object.fromEntries(ratingValues(kind).map((value) => [String(value), values.get(value) ?? 0])),
  };
  if (kind === 'nps') {
    const inBand = (band: NpsBand) => countWhere((v) => npsBand(v) === band);
    const [promoters, passives, detractors] = [inBand('promoter'), inBand('passive'), inBand('detractor')];
    summary.nps = { score: Math.round(((promoters - detractors) / n) * 100), promoters, passives, detractors };
  }
  if (kind === 'csat') {
    const satisfied = countWhere((v) => csatBand(v) === 'satisfied');
    summary.csat = { score: Math.round((satisfied / n) * 100), satisfied };
  }
  return summary;
}

export interface TrendPoint {
  /** The bucket's first day (a Monday for weeks), YYYY-MM-DD. */
  start: string;
  count: number;
  withComment: number;
  /** Average per rating kind present in the bucket. */
  averages: Partial<Record<RatingKind, number>>;
}

export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The first day of `day`'s bucket: itself, or its ISO week's Monday (1970-01-01 was a Thursday). */
export const bucketStart = (day: number, interval: 'day' | 'week') => (interval === 'day' ? day : day - ((day + 3) % 7));

/** One point per day or week of [fromDay, toDay), empty buckets included, so a chart has no gaps. */
export function trend(rows: DailyRatingCount[], fromDay: number, toDay: number, interval: 'day' | 'week'): TrendPoint[] {
  const byBucket = new Map<number, DailyRatingCount[]>();
  for (let day = bucketStart(fromDay, interval); day < toDay; day += interval === 'day' ? 1 : 7) byBucket.set(day, []);
  for (const row of rows) byBucket.get(bucketStart(row.day, interval))?.push(row);
  return [...byBucket].map(([start, bucket]) => {
    const summary = summarisePeriod(bucket);
    const averages = Object.fromEntries(Object.entries(summary.ratings).map(([kind, s]) => [kind, s.average]));
    return { start: isoDay(start), count: summary.count, withComment: summary.withComment, averages };
  });
}

/** How a period moved against the one before it: relative for counts, in points for the rest. */
export function change(current: PeriodSummary, previous: PeriodSummary) {
  const diff = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? null : round(a - b));
  return {
    /** +0.25 is 25% more feedback; null when the previous period had none. */
    count: previous.count ? round((current.count - previous.count) / previous.count, 4) : null,
    commentShare: diff(current.commentShare, previous.commentShare),
    averages: Object.fromEntries(
      RATING_KINDS.filter((kind) => current.ratings[kind]).map((kind) => [
        kind,
        diff(current.ratings[kind]?.average, previous.ratings[kind]?.average),
      ]),
    ) as Partial<Record<RatingKind, number | null>>,
    nps: diff(current.ratings.nps?.nps?.score, previous.ratings.nps?.nps?.score),
    csat: diff(current.ratings.csat?.csat?.score, previous.ratings.csat?.csat?.score),
  };
}

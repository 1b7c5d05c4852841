import { npsBand, RATING_KIND_TABLE, RATING_KINDS, ratingValues, STAR } from '../../contract/rating-kinds.ts';
import type { NpsBand, RatingKind } from '../../contract/rating-kinds.ts';
import type { Digest, DigestRating } from '../digest/digest.ts';

/**
 * How a digest's figures read, the same in every destination: plain text, not yet escaped. The
 * only visitor text here is a page URL in `pageLabel`; callers escape for their destination.
 */

/** A real minus sign: `−5%` reads as a change, `-5%` as a dash. */
const MINUS = '\u2212';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** `+5`, `−3`, `+0.3`, or `±0` when the change rounds to nothing. */
export function signed(value: number, digits = 0): string {
  const rounded = round(value, digits);
  if (rounded === 0) return '±0';
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(digits)}`;
}

/** A count's change against the previous period: `+12%`, `−5%`, `new` (nothing before), or null (nothing either time). */
export function percentChange(current: number, previous: number): string | null {
  if (previous <= 0) return current > 0 ? 'new' : null;
  return `${signed(((current - previous) / previous) * 100)}%`;
}

/** A figure's change: `+5`, `−0.2`, or `new` when the previous period had none. */
export function change(current: number, previous: number | null, digits = 0): string {
  return previous === null ? 'new' : signed(current - previous, digits);
}

/** `1 response`, `42 responses`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A share in whole percent: `43%`. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The digest's time zone, or UTC when it is not one this runtime knows (a builder must not throw on it). */
function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** `Tue 24 Nov` and `09:00` in the time zone, from parts so the punctuation does not depend on the ICU version. */
function dateParts(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('weekday')} ${part('day')} ${part('month')}`, time: `${part('hour')}:${part('minute')}` };
}

type Period = Digest['period'];

/**
 * The period as a short name in its time zone: the day it ends on for a daily digest (`Tue 24 Nov`;
 * a period ending at midnight names the day it covers), the first and last days for a weekly one
 * (`Mon 16 Nov – Sun 22 Nov`).
 */
export function periodLabel({ from, to, frequency, timeZone }: Period): string {
  const zone = knownTimeZone(timeZone);
  const last = dateParts(to - 1, zone).day;
  return frequency === 'daily' ? last : `${dateParts(from, zone).day} – ${last}`;
}

/** The exact period, in its time zone and naming it: `Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)`. */
export function periodRange({ from, to, timeZone }: Period): string {
  const zone = knownTimeZone(timeZone);
  const [a, b] = [dateParts(from, zone), dateParts(to, zone)];
  return `${a.day} ${a.time} – ${b.day} ${b.time} (${zone})`;
}

/** What changes are measured against: `the previous day`. */
export const previousPeriod = (frequency: Period['frequency']) => (frequency === 'daily' ? 'the previous day' : 'the previous week');

/** `Shop — daily digest, Tue 24 Nov`; pass the name already escaped and shortened for the destination. */
export const digestTitle = (d: Digest, name = d.project.name) => `${name} — ${d.period.frequency} digest, ${periodLabel(d.period)}`;

/** What the section of a rating kind is called: the kind's name in the contract. */
export const KIND_NAMES = Object.fromEntries(RATING_KINDS.map((kind) => [kind, RATING_KIND_TABLE[kind].name])) as Record<
  RatingKind,
  string
>;

/** The period's response count with its change: `42 (+14%)`, `3 (new)`, `0`. */
export function responsesFigure(d: Pick<Digest, 'count' | 'previousCount'>): string {
  const delta = percentChange(d.count, d.previousCount);
  return delta ? `${d.count} (${delta})` : String(d.count);
}

/** A kind's average with its change: `4.2 / 5 (+0.3)`; thumbs as the helpful share `78% helpful (+5 pts)`. */
export function averageFigure(r: DigestRating): string {
  if (r.count === 0) return 'No ratings';
  if (r.kind === 'thumbs') {
    const delta = r.previousAverage === null ? 'new' : `${signed((r.average - r.previousAverage) * 100)} pts`;
    return `${percent(r.average)} helpful (${delta})`;
  }
  return `${r.average.toFixed(1)} / ${RATING_KIND_TABLE[r.kind].range.max} (${change(r.average, r.previousAverage, 1)})`;
}

/** `NPS 32 (+5)`, `CSAT 81% (−3)`, or null for kinds without a score. */
export function scoreFigure(r: DigestRating): string | null {
  if (!r.score || r.count === 0) return null;
  const { name, value, previous } = r.score;
  return `${name} ${Math.round(value)}${name === 'CSAT' ? '%' : ''} (${change(value, previous)})`;
}

/** How the answers spread, highest first: `5★ 12 · 4★ 8 · 3★ 3 · 2★ 1 · 1★ 0`; NPS by group. */
export function distributionLine(r: DigestRating): string {
  const n = (value: number) => r.distribution[String(value)] ?? 0;
  const { range, glyphs } = RATING_KIND_TABLE[r.kind];
  const values = ratingValues(r.kind).reverse();
  const inBand = (band: NpsBand) => values.filter((v) => npsBand(v) === band).reduce((total, value) => total + n(value), 0);
  switch (r.kind) {
    case 'stars':
      return values.map((v) => `${v}${STAR} ${n(v)}`).join(' · ');
    case 'emoji':
    case 'thumbs':
      return values.map((v) => `${glyphs![v - range.min]} ${n(v)}`).join(' · ');
    case 'csat':
      return values.map((v) => `${v}/${range.max} ${n(v)}`).join(' · ');
    case 'nps':
      return `Promoters ${inBand('promoter')} · Passives ${inBand('passive')} · Detractors ${inBand('detractor')}`;
  }
}

/** Comments among the responses: `18 of 42 (43%)`, or null without responses. */
export function commentShare(d: Pick<Digest, 'count' | 'withComment'>): string | null {
  return d.count > 0 ? `${d.withComment} of ${d.count} (${percent(d.withComment / d.count)})` : null;
}

/** A mood from −1 … 1: 🙂 from +0.25, 🙁 from −0.25, 😐 between (and without comments). */
export function sentimentMarker(sentiment: number | null): '🙂' | '😐' | '🙁' {
  if (sentiment === null || Number.isNaN(sentiment)) return '😐';
  return sentiment >= 0.25 ? '🙂' : sentiment <= -0.25 ? '🙁' : '😐';
}

/** The same bands in words, for colours and plain text. */
export function sentimentWord(sentiment: number | null): 'positive' | 'mixed' | 'negative' {
  return ({ '🙂': 'positive', '😐': 'mixed', '🙁': 'negative' } as const)[sentimentMarker(sentiment)];
}

/** A page as people read it: `shop.example/checkout?step=2` for a web URL, else the text as stored. */
export function pageLabel(page: string): string {
  try {
    const url = new URL(page);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  } catch {
    // Not a URL: shown as stored.
  }
  return page;
}

/** A page's figures: `12 responses · score 38/100`. */
export const pageFigures = (p: { count: number; averageScore: number }) =>
  `${plural(p.count, 'response')} · score ${Math.round(p.averageScore * 100)}/100`;

/**
 * The figure a subject line leads with: the NPS or CSAT score where there is one, else the
 * average of the kind most answered. Null without ratings.
 */
function headlineFigure(d: Pick<Digest, 'ratings'>): string | null {
  const rated = d.ratings.filter((r) => r.count > 0);
  const scored = rated.find((r) => r.score?.name === 'NPS') ?? rated.find((r) => r.score?.name === 'CSAT');
  if (scored) return scoreFigure(scored);
  const most = [...rated].sort((a, b) => b.count - a.count)[0];
  if (!most) return null;
  return most.kind === 'thumbs' ? averageFigure(most) : `rated ${averageFigure(most)}`;
}

/** `42 responses, NPS 32 (+5)`, or `No feedback` for an empty period. */
export function headline(d: Pick<Digest, 'count' | 'ratings'>): string {
  if (d.count === 0) return 'No feedback';
  const figure = headlineFigure(d);
  return `${plural(d.count, 'response')}${figure ? `, ${figure}` : ''}`;
}

/**
 * `head` and as many of `items` (one a line) as fit in `max` characters, in order, then
 * `…and N more` for the rest. Items are measured as given, so pass them rendered (escaped).
 */
export function listWithin(head: string, items: string[], max: number): string {
  let text = head;
  for (const [i, item] of items.entries()) {
    const rest = items.length - i - 1;
    // Room for the tail line whenever something could still be left out.
    const reserve = rest > 0 ? `\n…and ${items.length} more`.length : 0;
    const next = text ? `${text}\n${item}` : item;
    if (next.length + reserve > max) return `${text}${text ? '\n' : ''}…and ${items.length - i} more`;
    text = next;
  }
  return text;
}

/** What an empty period says, in every destination. */
export const NO_FEEDBACK = 'No feedback this period.';

/** What an empty period adds about the one before: `3 responses the previous day`, or null when it was empty too. */
export function previousNote(d: Pick<Digest, 'previousCount' | 'period'>): string | null {
  return d.previousCount > 0 ? `${plural(d.previousCount, 'response')} ${previousPeriod(d.period.frequency)}` : null;
}

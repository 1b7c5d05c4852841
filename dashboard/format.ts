import { normalisedScore, npsBand, RATING_KIND_TABLE } from '../contract/rating-kinds.ts';
import type { FeedbackItem } from '../server/schemas/feedback-item.ts';

const EMOJI = ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'];

/** A rating as people say it ("4 of 5 stars", "NPS 9 (promoter)"), never as a bare number. */
export function ratingText(rating: FeedbackItem['rating']): string {
  if (!rating) return 'No rating';
  const { kind, value } = rating;
  const of = `${value} of ${RATING_KIND_TABLE[kind].range.max}`;
  switch (kind) {
    case 'stars':
      return `${of} stars`;
    case 'emoji':
      return `${EMOJI[value - 1] ?? value} (${of})`;
    case 'thumbs':
      return value === 1 ? 'Thumbs up' : 'Thumbs down';
    case 'nps':
      return `NPS ${value} (${npsBand(value)})`;
    case 'csat':
      return `Satisfaction ${of}`;
  }
}

/** Whether a rating reads as bad, middling or good, for its colour. */
export function ratingTone(rating: FeedbackItem['rating']): 'low' | 'mid' | 'high' | 'none' {
  if (!rating) return 'none';
  const score = normalisedScore(rating.kind, rating.value);
  return score < 0.4 ? 'low' : score < 0.7 ? 'mid' : 'high';
}

export function deviceText({ width, height }: { width: number; height: number }): string {
  const kind = width < 600 ? 'Phone' : width < 1024 ? 'Tablet' : 'Desktop';
  return `${kind} · ${width}×${height}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const dateText = (iso: string): string => dateFormat.format(new Date(iso));

/** A URL the dashboard may link to: http(s) only, so a `javascript:` page URL stays text. */
export function safeHref(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

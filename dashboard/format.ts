import type { FeedbackItem } from '../server/schemas/feedback-item.ts';

const EMOJI = ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'];

/** A rating as people say it ("4 of 5 stars", "NPS 9 (promoter)"), never as a bare number. */
export function ratingText(rating: FeedbackItem['rating']): string {
  if (!rating) return 'No rating';
  const { kind, value } = rating;
  switch (kind) {
    case 'stars':
      return `${value} of 5 stars`;
    case 'emoji':
      return `${EMOJI[value - 1] ?? value} (${value} of 5)`;
    case 'thumbs':
      return value === 1 ? 'Thumbs up' : 'Thumbs down';
    case 'nps':
      return `NPS ${value} (${value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor'})`;
    case 'csat':
      return `Satisfaction ${value} of 5`;
  }
}

/** Whether a rating reads as bad, middling or good, for its colour. */
export function ratingTone(rating: FeedbackItem['rating']): 'low' | 'mid' | 'high' | 'none' {
  if (!rating) return 'none';
  const score = rating.kind === 'nps' ? rating.value / 10 : rating.kind === 'thumbs' ? rating.value : (rating.value - 1) / 4;
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

import { csatBand, FACES, npsBand, RATING_KIND_TABLE, STAR, THUMBS, type CsatBand, type NpsBand } from '../../contract/rating-kinds.ts';
import type { FeedbackRecord } from '../store/store.ts';

type Rating = FeedbackRecord['rating'];

/** Keeps a value from an edited database from making `repeat` throw and the delivery fail. */
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/** A rating as the people reading a notification see it: `★★☆☆☆ (2/5)`, `NPS 3 — detractor`. */
export function renderRating(rating: Rating): string {
  if (!rating) return 'No rating';
  const { kind, value } = rating;
  const { min, max } = RATING_KIND_TABLE[kind].range;
  switch (kind) {
    case 'stars': {
      const stars = clamp(value, 0, max);
      return `${STAR.repeat(stars)}${'☆'.repeat(max - stars)} (${value}/${max})`;
    }
    case 'emoji':
      return `${FACES[clamp(value, min, max) - min]} (${value}/${max})`;
    case 'thumbs':
      return value >= 1 ? `${THUMBS[1]} Helpful` : `${THUMBS[0]} Not helpful`;
    case 'nps':
      return `NPS ${value} — ${npsBand(value)}`;
    case 'csat':
      return `CSAT ${value}/${max} — ${csatBand(value)}`;
  }
}

export type Sentiment = 'negative' | 'neutral' | 'positive';

const NPS_LEAN: Record<NpsBand, Sentiment> = { detractor: 'negative', passive: 'neutral', promoter: 'positive' };
const FIVE_POINT_LEAN: Record<CsatBand, Sentiment> = { unsatisfied: 'negative', neutral: 'neutral', satisfied: 'positive' };

/** How the rating leans, for colours: the same bands as the words above (no rating is neutral). */
export function ratingSentiment(rating: Rating): Sentiment {
  if (!rating) return 'neutral';
  const { kind, value } = rating;
  switch (kind) {
    case 'thumbs':
      return value >= 1 ? 'positive' : 'negative';
    case 'nps':
      return NPS_LEAN[npsBand(value)];
    case 'stars':
    case 'emoji':
    case 'csat':
      // Every five-point kind leans as CSAT's groups do: 1–2 low, 3 the middle, 4–5 high.
      return FIVE_POINT_LEAN[csatBand(value)];
  }
}

import type { FeedbackRecord } from '../store/store.ts';

type Rating = FeedbackRecord['rating'];

const FACES = ['😞', '😕', '😐', '🙂', '😄'];

/** Keeps a value from an edited database from making `repeat` throw and the delivery fail. */
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/** A rating as the people reading a notification see it: `★★☆☆☆ (2/5)`, `NPS 3 — detractor`. */
export function renderRating(rating: Rating): string {
  if (!rating) return 'No rating';
  const { kind, value } = rating;
  switch (kind) {
    case 'stars': {
      const stars = clamp(value, 0, 5);
      return `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} (${value}/5)`;
    }
    case 'emoji':
      return `${FACES[clamp(value, 1, 5) - 1]} (${value}/5)`;
    case 'thumbs':
      return value >= 1 ? '👍 Helpful' : '👎 Not helpful';
    case 'nps':
      return `NPS ${value} — ${value <= 6 ? 'detractor' : value <= 8 ? 'passive' : 'promoter'}`;
    case 'csat':
      return `CSAT ${value}/5 — ${value <= 2 ? 'unsatisfied' : value === 3 ? 'neutral' : 'satisfied'}`;
  }
}

export type Sentiment = 'negative' | 'neutral' | 'positive';

/** How the rating leans, for colours: the same bands as the words above (no rating is neutral). */
export function ratingSentiment(rating: Rating): Sentiment {
  if (!rating) return 'neutral';
  const { kind, value } = rating;
  switch (kind) {
    case 'thumbs':
      return value >= 1 ? 'positive' : 'negative';
    case 'nps':
      return value <= 6 ? 'negative' : value <= 8 ? 'neutral' : 'positive';
    case 'stars':
    case 'emoji':
    case 'csat':
      return value <= 2 ? 'negative' : value === 3 ? 'neutral' : 'positive';
  }
}

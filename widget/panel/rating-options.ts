import type { RatingKind } from '../../server/schemas/rating.ts';
import type { Strings } from '../i18n/en.ts';

export interface RatingOption {
  value: number;
  /** What is drawn (a star, a face, a number). */
  glyph: string;
  /** What a screen reader says. */
  label: string;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const FACES = ['😠', '🙁', '😐', '🙂', '😍'];

export const LEGENDS: Record<RatingKind, 'legendStars' | 'legendEmoji' | 'legendThumbs' | 'legendNps' | 'legendCsat'> = {
  stars: 'legendStars',
  emoji: 'legendEmoji',
  thumbs: 'legendThumbs',
  nps: 'legendNps',
  csat: 'legendCsat',
};

/** The choices each rating kind offers, in order; values match the server's RATING_RANGES. */
export function ratingOptions(kind: RatingKind, strings: Strings): RatingOption[] {
  switch (kind) {
    case 'stars':
      return range(1, 5).map((n) => ({ value: n, glyph: '★', label: strings.stars[n - 1]! }));
    case 'emoji':
      return range(1, 5).map((n) => ({ value: n, glyph: FACES[n - 1]!, label: strings.faces[n - 1]! }));
    case 'thumbs':
      return [
        { value: 1, glyph: '👍', label: strings.yes },
        { value: 0, glyph: '👎', label: strings.no },
      ];
    case 'nps':
      // The scale's two ends carry the usual anchors.
      return range(0, 10).map((n) => ({ value: n, glyph: String(n), label: n % 10 ? String(n) : `${n} (${n ? strings.npsHigh : strings.npsLow})` }));
    case 'csat':
      return range(1, 5).map((n) => ({ value: n, glyph: String(n), label: strings.csat[n - 1]! }));
  }
}

import { FACES, STAR, THUMBS, type RatingKind } from '../../contract/rating-kinds.ts';
import type { Strings } from '../i18n/en.ts';

export interface RatingOption {
  value: number;
  /** What is drawn (a star, a face, a number). */
  glyph: string;
  /** What a screen reader says. */
  label: string;
}

export const LEGENDS: Record<RatingKind, 'legendStars' | 'legendEmoji' | 'legendThumbs' | 'legendNps' | 'legendCsat'> = {
  stars: 'legendStars',
  emoji: 'legendEmoji',
  thumbs: 'legendThumbs',
  nps: 'legendNps',
  csat: 'legendCsat',
};

/** The choices each rating kind offers, in order; values and glyphs as contract/rating-kinds.ts defines them. */
export function ratingOptions(kind: RatingKind, strings: Strings): RatingOption[] {
  if (kind === 'thumbs') {
    return [
      { value: 1, glyph: THUMBS[1], label: strings.yes },
      { value: 0, glyph: THUMBS[0], label: strings.no },
    ];
  }
  if (kind === 'nps') {
    // 0–10; the scale's two ends carry the usual anchors.
    return Array.from({ length: 11 }, (_, n) => ({
      value: n,
      glyph: String(n),
      label: n % 10 ? String(n) : `${n} (${n ? strings.npsHigh : strings.npsLow})`,
    }));
  }
  // Five points, 1–5: stars, faces, or numbers.
  return (kind === 'stars' ? strings.stars : kind === 'emoji' ? strings.faces : strings.csat).map((label, i) => ({
    value: i + 1,
    glyph: kind === 'stars' ? STAR : kind === 'emoji' ? FACES[i]! : String(i + 1),
    label,
  }));
}

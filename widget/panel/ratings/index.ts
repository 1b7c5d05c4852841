import type { ComponentType } from 'preact';
import type { RatingKind } from '../../../contract/rating-kinds.ts';
import { Csat } from './Csat.tsx';
import { Faces } from './Faces.tsx';
import { Nps } from './Nps.tsx';
import type { RatingInputProps } from './rating-input.ts';
import { Stars } from './Stars.tsx';
import { Thumbs } from './Thumbs.tsx';

/** Each rating kind's input; a new kind in contract/rating-kinds.ts fails to compile until it has one. */
export const RATING_INPUTS: Record<RatingKind, ComponentType<RatingInputProps>> = {
  stars: Stars,
  emoji: Faces,
  thumbs: Thumbs,
  nps: Nps,
  csat: Csat,
};

import { STAR } from '../../../contract/rating-kinds.ts';
import { ChoiceGroup } from '../ChoiceGroup.tsx';
import type { RatingInputProps } from './rating-input.ts';

/** Five stars, 1–5; they fill up to the choice (and, on hover, up to the pointer: panel.css). */
export function Stars({ strings, value, onChange }: RatingInputProps) {
  return (
    <ChoiceGroup
      name="rating"
      look="stars"
      legend={strings.legendStars}
      choices={strings.stars.map((label, i) => ({ value: i + 1, glyph: STAR, label }))}
      selected={value}
      onSelect={onChange}
      isOn={(star) => star <= value!}
    />
  );
}

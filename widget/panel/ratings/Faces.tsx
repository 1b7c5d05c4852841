import { FACES } from '../../../contract/rating-kinds.ts';
import { ChoiceGroup } from '../ChoiceGroup.tsx';
import type { RatingInputProps } from './rating-input.ts';

/** Five faces, very bad (1) to great (5): the same faces notifications and digests print. */
export function Faces({ strings, value, onChange }: RatingInputProps) {
  return (
    <ChoiceGroup
      name="rating"
      look="faces"
      legend={strings.legendEmoji}
      choices={strings.faces.map((label, i) => ({ value: i + 1, glyph: FACES[i], label }))}
      selected={value}
      onSelect={onChange}
    />
  );
}

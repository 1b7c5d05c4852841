import { THUMBS } from '../../../contract/rating-kinds.ts';
import { ChoiceGroup } from '../ChoiceGroup.tsx';
import type { RatingInputProps } from './rating-input.ts';

/** Yes (1) or no (0), each a thumb with its word beside it. */
export function Thumbs({ strings, value, onChange }: RatingInputProps) {
  return (
    <ChoiceGroup
      name="rating"
      look="thumbs"
      legend={strings.legendThumbs}
      choices={[
        { value: 1, glyph: THUMBS[1], label: strings.yes, showLabel: true },
        { value: 0, glyph: THUMBS[0], label: strings.no, showLabel: true },
      ]}
      selected={value}
      onSelect={onChange}
    />
  );
}

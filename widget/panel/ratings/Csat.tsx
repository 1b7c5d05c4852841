import { ChoiceGroup } from '../ChoiceGroup.tsx';
import { Anchors } from './Anchors.tsx';
import type { RatingInputProps } from './rating-input.ts';

/** 1–5 as one row of numbered segments; each says its meaning to screen readers, the ends show theirs. */
export function Csat({ strings, value, onChange }: RatingInputProps) {
  return (
    <ChoiceGroup
      name="rating"
      look="segments"
      legend={strings.legendCsat}
      choices={strings.csat.map((label, i) => ({ value: i + 1, glyph: String(i + 1), label }))}
      selected={value}
      onSelect={onChange}
    >
      <Anchors low={strings.csat[0]!} high={strings.csat.at(-1)!} />
    </ChoiceGroup>
  );
}

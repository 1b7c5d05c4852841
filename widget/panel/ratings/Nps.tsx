import { ChoiceGroup } from '../ChoiceGroup.tsx';
import { Anchors } from './Anchors.tsx';
import type { RatingInputProps } from './rating-input.ts';

/** 0–10 as one row of segments, with the usual anchors under both ends (and in those two choices' names). */
export function Nps({ strings, value, onChange }: RatingInputProps) {
  return (
    <ChoiceGroup
      name="rating"
      look="segments nps"
      legend={strings.legendNps}
      choices={Array.from({ length: 11 }, (_, n) => ({
        value: n,
        glyph: String(n),
        label: n % 10 ? String(n) : `${n} (${n ? strings.npsHigh : strings.npsLow})`,
      }))}
      selected={value}
      onSelect={onChange}
    >
      <Anchors low={strings.npsLow} high={strings.npsHigh} />
    </ChoiceGroup>
  );
}

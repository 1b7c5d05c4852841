import type { RatingKind } from '../../server/schemas/rating.ts';
import type { Strings } from '../i18n/en.ts';
import { LEGENDS, ratingOptions } from './rating-options.ts';

interface RatingInputProps {
  kind: RatingKind;
  strings: Strings;
  value: number | null;
  onChange: (value: number) => void;
}

/**
 * Native radio inputs in a fieldset: arrow keys, one tab stop and the screen-reader
 * "radio group" semantics come from the browser.
 */
export function RatingInput({ kind, strings, value, onChange }: RatingInputProps) {
  return (
    <fieldset>
      <legend>{strings[LEGENDS[kind]]}</legend>
      <div class={`scale kind-${kind}`}>
        {ratingOptions(kind, strings).map((option) => {
          const on = value !== null && (kind === 'stars' ? option.value <= value : option.value === value);
          return (
            <label key={option.value} class={on ? 'choice is-on' : 'choice'}>
              <input
                type="radio"
                name="rating"
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
              />
              <span aria-hidden="true">{option.glyph}</span>
              <span class="sr">{option.label}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

import type { ComponentChildren } from 'preact';

export interface Choice<Value extends string | number> {
  value: Value;
  /** What is drawn (a star, a face); without one the label is drawn. */
  glyph?: string | undefined;
  /** What a screen reader says, and what is drawn when there is no glyph. */
  label: string;
  /** Drawn beside the glyph as well as read (thumbs: "👍 Yes"). */
  showLabel?: boolean | undefined;
}

export interface ChoiceGroupProps<Value extends string | number> {
  name: string;
  legend: string;
  choices: Choice<Value>[];
  selected: Value | null;
  onSelect: (value: Value) => void;
  /** The look: `stars`, `faces`, `thumbs`, `segments`, `chips`. */
  look: string;
  /** Whether a choice is drawn as on (stars fill up to the selected one); by default the selected one alone. */
  isOn?: (value: Value) => boolean;
  /** Below the choices (the scale's anchors). */
  children?: ComponentChildren;
}

/**
 * One question answered by one choice: native radios in a fieldset, so arrow keys, a single Tab
 * stop and the screen reader's "radio group" come from the browser. The radios are invisible;
 * their labels are what is drawn and clicked.
 */
export function ChoiceGroup<Value extends string | number>({
  name,
  legend,
  choices,
  selected,
  onSelect,
  look,
  isOn = (value) => value === selected,
  children,
}: ChoiceGroupProps<Value>) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class={`choices ${look}`}>
        {choices.map(({ value, glyph, label, showLabel }) => (
          <label key={value} class={selected !== null && isOn(value) ? 'is-on' : undefined}>
            <input type="radio" name={name} value={value} checked={value === selected} onChange={() => onSelect(value)} />
            <span class="choice">
              {glyph && <span aria-hidden="true">{glyph}</span>}
              <span class={glyph && !showLabel ? 'sr' : undefined}>{label}</span>
            </span>
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

import type { Strings } from '../i18n/en.ts';
import { format } from '../i18n/locale.ts';

export interface CommentFieldProps {
  /** `comment`, or `followUp` for the follow-up question's answer. */
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  maxLength: number;
  strings: Strings;
}

/** A free-text answer with its character count, which screen readers hear as the field's description. */
export function CommentField({ id, label, value, onInput, maxLength, strings }: CommentFieldProps) {
  return (
    <>
      <label class="field" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={id}
        rows={4}
        maxLength={maxLength}
        aria-describedby={`${id}-count`}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p class="count" id={`${id}-count`}>
        {format(strings.characters, { count: value.length, max: maxLength })}
      </p>
    </>
  );
}

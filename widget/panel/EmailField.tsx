import { EMAIL_MAX_LENGTH } from '../../contract/submission.ts';
import type { Strings } from '../i18n/en.ts';

export interface EmailFieldProps {
  required: boolean;
  value: string;
  onInput: (value: string) => void;
  strings: Strings;
}

/** The visitor's address, for a reply; `required` when the project asks for one. */
export function EmailField({ required, value, onInput, strings }: EmailFieldProps) {
  return (
    <>
      <label class="field" for="email">
        {required ? strings.emailRequiredLabel : strings.emailLabel}
      </label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        maxLength={EMAIL_MAX_LENGTH}
        aria-required={required ? 'true' : undefined}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </>
  );
}

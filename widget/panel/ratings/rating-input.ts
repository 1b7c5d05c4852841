import type { Strings } from '../../i18n/en.ts';

/** What every rating kind's component takes: the chosen value (null before a choice) and how to change it. */
export interface RatingInputProps {
  strings: Strings;
  value: number | null;
  onChange: (value: number) => void;
}

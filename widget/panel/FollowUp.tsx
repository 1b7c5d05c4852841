import { FOLLOW_UP_ANSWER_MAX_LENGTH } from '../../contract/submission.ts';
import type { Strings } from '../i18n/en.ts';
import { CommentField } from './CommentField.tsx';

export interface FollowUpProps {
  /** The project's question for the band the rating falls in. */
  question: string;
  answer: string;
  onInput: (answer: string) => void;
  strings: Strings;
}

/** The step after the rating: the project's one more question, answered in its own field. */
export function FollowUp({ question, answer, onInput, strings }: FollowUpProps) {
  return (
    <CommentField
      id="followUp"
      label={question}
      value={answer}
      onInput={onInput}
      maxLength={FOLLOW_UP_ANSWER_MAX_LENGTH}
      strings={strings}
    />
  );
}

import { Component, createRef } from 'preact';
import type { RatingKind } from '../../contract/rating-kinds.ts';
import { COMMENT_MAX_LENGTH } from '../../contract/submission.ts';
import { followUpQuestion, type WidgetConfig } from '../../contract/widget-config.ts';
import type { Answers } from '../delivery/payload.ts';
import type { DeliveryResult } from '../delivery/send.ts';
import type { Strings } from '../i18n/en.ts';
import { format } from '../i18n/locale.ts';
import { Categories } from './Categories.tsx';
import { CommentField } from './CommentField.tsx';
import { EmailField } from './EmailField.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { FollowUp } from './FollowUp.tsx';
import { RATING_INPUTS } from './ratings/index.ts';

/** One opening of the form, a new object each time (the same category twice is still a new opening). */
export interface Opening {
  category?: string | undefined;
}

export interface FormProps {
  strings: Strings;
  ratingKind: RatingKind;
  categories: string[];
  email: WidgetConfig['email'];
  followUp: WidgetConfig['followUp'];
  /** The latest opening, null until the first; each one focuses the form (unless `inline`) and picks its category. */
  opening: Opening | null;
  inline: boolean;
  submit: (answers: Answers) => Promise<DeliveryResult>;
  /** Sent (or `queued` for later): the caller thanks the visitor. */
  onSent: (queued: boolean) => void;
  /** Shown above the send button (the Turnstile challenge, where the project asks for one). */
  challenge?: Node | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FormState {
  rating: number | null;
  category: string | null;
  comment: string;
  address: string;
  answer: string;
  /** On the follow-up question's step. */
  asking: boolean;
  error: string;
  sending: boolean;
}

/**
 * The answers, in two steps where the project asks a follow-up question for the rating's band:
 * the rating with the rest of the answers, then the question. Both are one <form>, so Enter
 * sends and the send button, the error and the bot trap stay in place between them. A class
 * component: see Panel.tsx on hooks.
 */
export class Form extends Component<FormProps, FormState> {
  override state: FormState = {
    rating: null,
    category: null,
    comment: '',
    address: '',
    answer: '',
    asking: false,
    error: '',
    sending: false,
  };
  form = createRef<HTMLFormElement>();
  trap = createRef<HTMLInputElement>();

  override componentDidMount(): void {
    this.opened();
  }

  override componentDidUpdate(previous: FormProps, before: FormState): void {
    if (previous.opening !== this.props.opening) this.opened();
    // Moving between the steps: focus follows to the step's first field.
    if (before.asking !== this.state.asking) this.focus(this.state.asking ? '#followUp' : 'input');
  }

  /** Each opening starts on the first answer (not on the close button) with the page's category. */
  opened(): void {
    const { opening, inline } = this.props;
    if (opening?.category) this.setState({ category: opening.category });
    if (opening && !inline) this.focus('input,textarea');
  }

  focus(selector: string): void {
    this.form.current?.querySelector<HTMLElement>(selector)?.focus();
  }

  question = () => followUpQuestion(this.props.followUp, this.state.rating);

  /** A rating in another band asks another question: an answer to the old one would be out of place. */
  rate = (rating: number) =>
    this.setState({ rating, ...(followUpQuestion(this.props.followUp, rating) !== this.question() && { answer: '' }) });

  onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { strings, email, ratingKind, submit, onSent } = this.props;
    const { rating, category, comment, address, answer, asking, sending } = this.state;
    const fail = (error: string) => this.setState({ error });
    if (sending) return;
    const [text, mail, question] = [comment.trim(), address.trim(), this.question()];
    if (rating === null && !text) return fail(strings.needRatingOrComment);
    if (email === 'required' && !mail) return fail(strings.needEmail);
    if (mail && !EMAIL.test(mail)) return fail(strings.badEmail);
    if (question && !asking) return this.setState({ asking: true, error: '' });
    this.setState({ sending: true, error: '' });
    let result: DeliveryResult;
    try {
      result = await submit({
        rating: rating === null ? undefined : { kind: ratingKind, value: rating },
        comment: text || undefined,
        email: mail || undefined,
        category: category ?? undefined,
        honeypot: this.trap.current!.value.trim() || undefined,
        followUp: question && answer.trim() ? { question, answer: answer.trim() } : undefined,
      });
    } finally {
      // Never stuck on "Sending…", even if sending threw.
      this.setState({ sending: false });
    }
    if (result.ok) return onSent(!!result.queued);
    // The server's email check is stricter than ours: name the field, on the step that has it.
    const badEmail = result.fields.includes('email');
    this.setState({
      asking: asking && !badEmail,
      error: badEmail ? strings.badEmail : format(strings.notSent, { reason: result.message }),
    });
  };

  override render() {
    const { strings, ratingKind, categories, email, challenge } = this.props;
    const { rating, category, comment, address, answer, asking, error, sending } = this.state;
    const question = this.question();
    const Rating = RATING_INPUTS[ratingKind];
    return (
      <form ref={this.form} noValidate onSubmit={this.onSubmit}>
        {asking && question ? (
          <FollowUp question={question} answer={answer} onInput={(answer) => this.setState({ answer })} strings={strings} />
        ) : (
          <>
            <Rating strings={strings} value={rating} onChange={this.rate} />
            <Categories
              legend={strings.categoryLegend}
              categories={categories}
              selected={category}
              onSelect={(category) => this.setState({ category })}
            />
            <CommentField
              id="comment"
              label={strings.commentLabel}
              value={comment}
              onInput={(comment) => this.setState({ comment })}
              maxLength={COMMENT_MAX_LENGTH}
              strings={strings}
            />
            {email !== 'off' && (
              <EmailField
                required={email === 'required'}
                value={address}
                onInput={(address) => this.setState({ address })}
                strings={strings}
              />
            )}
          </>
        )}
        {/* A honeypot: out of sight, out of the Tab order and hidden from screen readers, so only bots fill it. */}
        <input ref={this.trap} name="website" class="sr" tabIndex={-1} autocomplete="off" aria-hidden="true" />
        {challenge && <Slot node={challenge} />}
        <ErrorMessage message={error} />
        <div class="actions">
          {asking && (
            <button type="button" class="back" onClick={() => this.setState({ asking: false })}>
              {strings.back}
            </button>
          )}
          <button type="submit" class="submit" disabled={sending}>
            {sending ? strings.sending : question && !asking ? strings.next : strings.submit}
          </button>
        </div>
      </form>
    );
  }
}

/** Puts a node made outside Preact (the challenge, drawn by Turnstile) here; moved only when it is elsewhere, as a move reloads its frame. */
function Slot({ node }: { node: Node }) {
  return (
    <div
      ref={(element) => {
        if (element && node.parentNode !== element) element.append(node);
      }}
    />
  );
}

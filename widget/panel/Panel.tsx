import { Component, createRef } from 'preact';
import type { RatingKind } from '../../server/schemas/rating.ts';
import type { WidgetConfig } from '../../server/schemas/project.ts';
import type { LauncherPosition } from '../config.ts';
import type { Answers } from '../delivery/payload.ts';
import type { DeliveryResult } from '../delivery/send.ts';
import { RatingInput } from './RatingInput.tsx';
import type { Strings } from '../i18n/en.ts';
import { format } from '../i18n/locale.ts';

export interface PanelProps {
  open: boolean;
  strings: Strings;
  ratingKind: RatingKind;
  /** Topics to pick one of; none shows no picker. */
  categories: string[];
  /** The topic picked in advance for this opening (`open({ category })`). */
  category?: string | undefined;
  email: WidgetConfig['email'];
  followUp: WidgetConfig['followUp'];
  /** Already resolved: `auto` is decided by the caller from prefers-color-scheme. */
  theme: 'light' | 'dark';
  /** Where the launcher is, so the dialog opens beside it. */
  position: LauncherPosition;
  /** Part of the page rather than a dialog: no modal semantics, no close button, no focus trap. */
  inline?: boolean;
  /** Language of `strings` (a BCP 47 tag) and its writing direction. */
  language: string;
  direction: 'ltr' | 'rtl';
  submit: (answers: Answers) => Promise<DeliveryResult>;
  onClose: () => void;
}

type Status = { state: 'editing' | 'sending' | 'sent' | 'queued' } | { state: 'failed'; message: string };

interface PanelState {
  status: Status;
  rating: number | null;
  topic: string | null;
  /** Characters in the comment, for the counter. */
  length: number;
}

const COMMENT_MAX = 4000;

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The feedback dialog. Form fields stay uncontrolled and are read with FormData on submit.
 * A class component: Preact's hooks would cost ~1.5 KB gzipped of the widget's 10 KB budget.
 */
export class Panel extends Component<PanelProps, PanelState> {
  override state: PanelState = { status: { state: 'editing' }, rating: null, topic: this.props.category ?? null, length: 0 };
  private dialog = createRef<HTMLDivElement>();

  override componentDidMount(): void {
    // An inline form must not steal focus from the page it is part of.
    if (this.props.open && !this.props.inline) this.focusFirstAnswer();
  }

  override componentDidUpdate(previous: PanelProps, previousState: PanelState): void {
    if (this.props.open && !previous.open) {
      if (this.props.category) this.setState({ topic: this.props.category });
      // A new visit to the panel after a sent message starts a fresh form, focused once drawn.
      if (this.state.status.state === 'sent' || this.state.status.state === 'queued') {
        this.setState({ status: { state: 'editing' }, rating: null, topic: this.props.category ?? null, length: 0 }, () =>
          this.focusFirstAnswer(),
        );
      } else this.focusFirstAnswer();
    }
    // The form (and its focused button) is gone once sent: keep focus inside the dialog.
    const done = (state: Status['state']) => state === 'sent' || state === 'queued';
    if (done(this.state.status.state) && !done(previousState.status.state)) {
      this.dialog.current?.querySelector<HTMLElement>('.thanks')?.focus();
    }
  }

  /** Start on the first answer, not on the close button. */
  private focusFirstAnswer(): void {
    this.dialog.current?.querySelector<HTMLElement>('input, textarea, .submit')?.focus();
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    const dialog = this.dialog.current;
    if (this.props.inline) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.props.onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialog) return;
    // Keep focus inside the dialog (aria-modal promises that).
    const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && isOutOfTabOrder(el)),
    );
    const first = items[0];
    const last = items[items.length - 1];
    const active = (dialog.getRootNode() as ShadowRoot | Document).activeElement as HTMLElement | null;
    // From the last item, from the first backwards, or from something outside the Tab order
    // (the thanks message), focus wraps around instead of leaving the dialog.
    const outside = !active || !items.includes(active);
    if (event.shiftKey && (active === first || outside)) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && (active === last || outside)) {
      event.preventDefault();
      first?.focus();
    }
  };

  private onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { strings, ratingKind, email: emailMode, submit } = this.props;
    const { status, rating } = this.state;
    if (status.state === 'sending') return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const comment = String(form.get('comment') ?? '').trim();
    const email = String(form.get('email') ?? '').trim();
    const category = String(form.get('category') ?? '');
    const fail = (message: string) => this.setState({ status: { state: 'failed', message } });
    if (rating === null && !comment) return fail(strings.needRatingOrComment);
    if (emailMode === 'required' && !email) return fail(strings.needEmail);
    if (email && !EMAIL.test(email)) return fail(strings.badEmail);
    this.setState({ status: { state: 'sending' } });
    const result = await submit({
      ...(rating !== null ? { rating: { kind: ratingKind, value: rating } } : {}),
      ...(comment ? { comment } : {}),
      ...(email ? { email } : {}),
      ...(category ? { category } : {}),
    });
    if (result.ok) this.setState({ status: { state: result.queued ? 'queued' : 'sent' } });
    // The server's email check is stricter than ours; name the field rather than repeat its message.
    else if (result.fields.includes('email')) fail(strings.badEmail);
    else fail(format(strings.notSent, { reason: result.message }));
  };

  override render(
    { open, strings, ratingKind, categories, email, followUp, theme, position, inline, language, direction, onClose }: PanelProps,
    { status, rating, topic: picked, length }: PanelState,
  ) {
    // After a low or a high rating, the comment box asks the project's follow-up question.
    const { low, high } = followUp;
    const question =
      rating !== null && low && rating <= low.atMost ? low.question : rating !== null && high && rating >= high.atLeast ? high.question : null;
    return (
      <div
        ref={this.dialog}
        class="panel"
        data-theme={theme}
        data-position={position}
        lang={language}
        dir={direction}
        role={inline ? 'region' : 'dialog'}
        aria-modal={inline ? undefined : 'true'}
        aria-labelledby="title"
        data-inline={inline ? '' : undefined}
        hidden={!open}
        onKeyDown={this.onKeyDown}
      >
        {!inline && (
          <button type="button" class="close" aria-label={strings.close} onClick={onClose}>
            ×
          </button>
        )}
        <h2 id="title">{strings.title}</h2>
        {status.state === 'sent' || status.state === 'queued' ? (
          <p class="thanks" role="status" tabIndex={-1}>
            {status.state === 'queued' ? strings.queued : strings.thanks}
          </p>
        ) : (
          <form onSubmit={this.onSubmit} noValidate>
            <RatingInput kind={ratingKind} strings={strings} value={rating} onChange={(value) => this.setState({ rating: value })} />
            {categories.length > 0 && (
              <fieldset>
                <legend>{strings.categoryLegend}</legend>
                <div class="topics">
                  {categories.map((topic) => (
                    <label key={topic} class="topic">
                      <input
                        type="radio"
                        name="category"
                        value={topic}
                        checked={picked === topic}
                        onChange={() => this.setState({ topic })}
                      />
                      <span>{topic}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <label class="field" for="comment">
              {question ?? strings.commentLabel}
            </label>
            <textarea
              id="comment"
              name="comment"
              maxLength={COMMENT_MAX}
              rows={4}
              aria-describedby="count"
              onInput={(event) => this.setState({ length: (event.currentTarget as HTMLTextAreaElement).value.length })}
            />
            <p class="count" id="count">
              {format(strings.characters, { count: String(length), max: String(COMMENT_MAX) })}
            </p>
            {email !== 'off' && (
              <>
                <label class="field" for="email">
                  {email === 'required' ? strings.emailRequiredLabel : strings.emailLabel}
                </label>
                <input
                  id="email"
                  name="email"
                  type="email"
                  autocomplete="email"
                  maxLength={254}
                  aria-required={email === 'required' ? 'true' : undefined}
                />
              </>
            )}
            <p class="error" role="alert">
              {status.state === 'failed' ? status.message : ''}
            </p>
            <button type="submit" class="submit" disabled={status.state === 'sending'}>
              {status.state === 'sending' ? strings.sending : strings.submit}
            </button>
          </form>
        )}
      </div>
    );
  }
}

/** Only the checked radio of a group (or the first, if none is checked) is a Tab stop. */
function isOutOfTabOrder(radio: HTMLInputElement): boolean {
  if (radio.checked) return false;
  const group = Array.from(radio.form?.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${radio.name}"]`) ?? []);
  return group.some((r) => r.checked) || group[0] !== radio;
}

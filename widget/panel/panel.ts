import type { RatingKind } from '../../contract/rating-kinds.ts';
import { COMMENT_MAX_LENGTH, EMAIL_MAX_LENGTH } from '../../contract/submission.ts';
import type { WidgetConfig } from '../../contract/widget-config.ts';
import type { LauncherPosition } from '../config.ts';
import type { Answers } from '../delivery/payload.ts';
import type { DeliveryResult } from '../delivery/send.ts';
import type { Strings } from '../i18n/en.ts';
import { format } from '../i18n/locale.ts';
import { h } from './dom.ts';
import { LEGENDS, ratingOptions } from './rating-options.ts';

export interface PanelProps {
  strings: Strings;
  ratingKind: RatingKind;
  /** Topics to pick one of; none shows no picker. */
  categories: string[];
  email: WidgetConfig['email'];
  followUp: WidgetConfig['followUp'];
  /** Where the launcher is, so the dialog opens beside it. */
  position: LauncherPosition;
  /** Part of the page rather than a dialog: no modal semantics, no close button, no focus trap, never steals focus. */
  inline?: boolean;
  /** Language of `strings` (a BCP 47 tag) and its writing direction. */
  language: string;
  direction: 'ltr' | 'rtl';
  submit: (answers: Answers) => Promise<DeliveryResult>;
  onClose: () => void;
  /** Shown above the send button (the Turnstile challenge, where the project asks for one). */
  extra?: Node | undefined;
}

export interface PanelView {
  /** The dialog (or inline region); hidden until `open`. */
  element: HTMLElement;
  /** Shows the form, with `category` picked if given; after a sent message it starts afresh. */
  open(category?: string): void;
  close(): void;
  /** `auto` is decided by the caller from prefers-color-scheme. */
  setTheme(theme: 'light' | 'dark'): void;
}

const TAB_STOPS = 'button:not([disabled]),textarea,input:not([tabindex="-1"])';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The feedback form. Fields are native and uncontrolled (read with FormData on submit); the
 * rating scale is a group of native radios, so arrow keys, one Tab stop and the screen
 * reader's "radio group" come from the browser.
 */
export function createPanel({
  strings,
  ratingKind,
  categories,
  email,
  followUp,
  position,
  inline,
  language,
  direction,
  submit,
  onClose,
  extra,
}: PanelProps): PanelView {
  let rating: number | null = null;
  let sending = false;

  const radios = (
    name: string,
    options: { value: string | number; glyph?: string; label: string }[],
    legend: string,
    extra?: Node | false,
  ) =>
    h(
      'fieldset',
      {},
      h('legend', {}, legend),
      h(
        'div',
        // `rating stars`, `category stars`: the group, and the scale's kind (NPS numbers are smaller).
        { className: `${name} ${ratingKind}` },
        options.map(({ value, glyph, label }) =>
          h(
            'label',
            {},
            h('input', { type: 'radio', name, value }),
            glyph ? [h('span', { 'aria-hidden': 'true' }, glyph), h('span', { className: 'sr' }, label)] : h('span', {}, label),
          ),
        ),
      ),
      extra,
    );

  const scale = radios(
    'rating',
    ratingOptions(ratingKind, strings),
    strings[LEGENDS[ratingKind]],
    // The usual NPS anchors under 0 and 10; screen readers hear them in those two labels.
    ratingKind === 'nps' &&
      h('div', { className: 'ends', 'aria-hidden': 'true' }, h('span', {}, strings.npsLow), h('span', {}, strings.npsHigh)),
  );
  const commentLabel = h('label', { className: 'field', htmlFor: 'comment' });
  const comment = h('textarea', { id: 'comment', name: 'comment', maxLength: COMMENT_MAX_LENGTH, rows: 4, 'aria-describedby': 'count' });
  const count = h('p', { className: 'count', id: 'count' });
  const error = h('p', { className: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', className: 'submit' });
  const form = h(
    'form',
    { noValidate: true, onsubmit: onSubmit, onchange: refresh, oninput: refresh },
    scale,
    categories.length > 0 &&
      radios(
        'category',
        categories.map((topic) => ({ value: topic, label: topic })),
        strings.categoryLegend,
      ),
    commentLabel,
    comment,
    count,
    email !== 'off' && [
      h('label', { className: 'field', htmlFor: 'email' }, email === 'required' ? strings.emailRequiredLabel : strings.emailLabel),
      h('input', {
        id: 'email',
        name: 'email',
        type: 'email',
        autocomplete: 'email',
        maxLength: EMAIL_MAX_LENGTH,
        'aria-required': email === 'required' && 'true',
      }),
    ],
    // A honeypot: out of sight, out of the Tab order and hidden from screen readers, so only bots fill it.
    h('input', { name: 'website', className: 'sr', tabIndex: -1, autocomplete: 'off', 'aria-hidden': 'true' }),
    extra,
    error,
    button,
  );
  const thanks = h('p', { className: 'thanks', role: 'status', tabIndex: -1 });
  const element = h(
    'div',
    {
      className: 'panel',
      // Placed by launcher.css's position rules, as a dialog beside the launcher.
      'data-position': !inline && position,
      lang: language,
      dir: direction,
      role: inline ? 'region' : 'dialog',
      'aria-modal': !inline && 'true',
      'aria-labelledby': 'title',
      hidden: true,
      onkeydown: onKeyDown,
    },
    !inline && h('button', { type: 'button', className: 'close', 'aria-label': strings.close, onclick: onClose }, '×'),
    h('h2', { id: 'title' }, strings.title),
    form,
  );
  const inputs = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name=${name}]`)];

  /** Draws what depends on the answers so far: the highlighted scale, the follow-up question, the counter. */
  function refresh(): void {
    const checked = inputs('rating').find((input) => input.checked);
    rating = checked ? Number(checked.value) : null;
    for (const input of inputs('rating')) {
      const value = Number(input.value);
      // Stars fill up to the choice; other scales mark the choice alone.
      input.parentElement!.classList.toggle('is-on', rating !== null && (ratingKind === 'stars' ? value <= rating : value === rating));
    }
    const { low, high } = followUp;
    commentLabel.textContent =
      rating !== null && low && rating <= low.atMost
        ? low.question
        : rating !== null && high && rating >= high.atLeast
          ? high.question
          : strings.commentLabel;
    count.textContent = format(strings.characters, { count: comment.value.length, max: COMMENT_MAX_LENGTH });
    button.disabled = sending;
    button.textContent = sending ? strings.sending : strings.submit;
  }

  function fail(message: string): void {
    error.textContent = message;
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const [text, address, category, honeypot] = [read('comment'), read('email'), read('category'), read('website')];
    if (rating === null && !text) return fail(strings.needRatingOrComment);
    if (email === 'required' && !address) return fail(strings.needEmail);
    if (address && !EMAIL.test(address)) return fail(strings.badEmail);
    fail('');
    sending = true;
    refresh();
    const result = await submit({
      rating: rating === null ? undefined : { kind: ratingKind, value: rating },
      comment: text,
      email: address,
      category,
      honeypot,
    });
    sending = false;
    refresh();
    if (result.ok) {
      thanks.textContent = result.queued ? strings.queued : strings.thanks;
      form.replaceWith(thanks);
      // The form (and its focused button) is gone: keep focus inside the dialog.
      thanks.focus();
    }
    // The server's email check is stricter than ours; name the field rather than repeat its message.
    else fail(result.fields.includes('email') ? strings.badEmail : format(strings.notSent, { reason: result.message }));
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (inline) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      return onClose();
    }
    if (event.key !== 'Tab') return;
    // Keep focus inside the dialog (aria-modal promises that): from the last Tab stop to the first
    // and back, and from outside the Tab order (the thanks) in. Radios are never first or last.
    const stops = [...element.querySelectorAll<HTMLElement>(TAB_STOPS)];
    const active = (element.getRootNode() as ShadowRoot | Document).activeElement as HTMLElement | null;
    const [edge, next] = event.shiftKey ? [stops[0], stops.at(-1)] : [stops.at(-1), stops[0]];
    if (active === edge || !stops.includes(active!)) {
      event.preventDefault();
      next?.focus();
    }
  }

  refresh();
  return {
    element,
    open(category) {
      if (!element.hidden) return;
      element.hidden = false;
      // A new visit after a sent message starts a fresh form.
      if (thanks.isConnected) {
        thanks.replaceWith(form);
        form.reset();
        refresh();
      }
      for (const input of inputs('category')) if (category) input.checked = input.value === category;
      // Start on the first answer, not on the close button.
      if (!inline) element.querySelector<HTMLElement>('input,textarea')?.focus();
    },
    close() {
      element.hidden = true;
    },
    setTheme(theme) {
      element.dataset.theme = theme;
    },
  };
}

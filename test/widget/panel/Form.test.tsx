import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from '../../../contract/widget-config.ts';
import type { Answers } from '../../../widget/delivery/payload.ts';
import type { DeliveryResult } from '../../../widget/delivery/send.ts';
import { EN } from '../../../widget/i18n/en.ts';
import { format } from '../../../widget/i18n/locale.ts';
import { Form, type FormProps } from '../../../widget/panel/Form.tsx';

const BASE = {
  strings: EN,
  ratingKind: 'stars',
  categories: [] as string[],
  email: 'optional',
  followUp: {},
  inline: false,
} as const;

const FOLLOW_UP: WidgetConfig['followUp'] = {
  low: { atMost: 2, question: 'What went wrong?' },
  high: { atLeast: 5, question: 'What did you love?' },
};

/** The form as the panel draws it once opened; `reopen` is a new opening, as the panel passes on each. */
function renderForm(overrides: Partial<FormProps> = {}) {
  const sent: Answers[] = [];
  const submit = vi.fn(async (answers: Answers): Promise<DeliveryResult> => {
    sent.push(answers);
    return { ok: true };
  });
  const onSent = vi.fn();
  const props: FormProps = { ...BASE, submit, onSent, opening: {}, ...overrides };
  const view = render(<Form {...props} />);
  const reopen = (opening: FormProps['opening']) => view.rerender(<Form {...props} opening={opening} />);
  return { sent, submit, onSent, reopen, form: view.container.querySelector('form')! };
}

const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
const comment = () => screen.getByLabelText(EN.commentLabel) as HTMLTextAreaElement;
const alertText = () => screen.getByRole('alert').textContent;

describe('Form', () => {
  describe('answers and validation', () => {
    it('draws the rating, the comment and the email, with an empty alert and the send button', () => {
      renderForm();
      expect(screen.getByRole('group', { name: EN.legendStars })).toBeTruthy();
      expect(comment()).toBeTruthy();
      expect(screen.getByLabelText(EN.emailLabel)).toBeTruthy();
      expect(alertText()).toBe('');
      expect(button(EN.submit).type).toBe('submit');
      expect(screen.queryByRole('button', { name: EN.back })).toBeNull();
    });

    it('draws the input of the project’s rating kind', () => {
      renderForm({ ratingKind: 'csat' });
      expect(screen.getByRole('group', { name: EN.legendCsat })).toBeTruthy();
      expect(screen.queryByRole('group', { name: EN.legendStars })).toBeNull();
    });

    it('asks for a rating or a comment, and a comment of spaces is none', async () => {
      const user = userEvent.setup();
      const { submit } = renderForm();
      await user.click(button(EN.submit));
      expect(alertText()).toBe(EN.needRatingOrComment);
      await user.type(comment(), '   ');
      await user.click(button(EN.submit));
      expect(alertText()).toBe(EN.needRatingOrComment);
      expect(submit).not.toHaveBeenCalled();
    });

    it('asks for the email when the project requires one', async () => {
      const user = userEvent.setup();
      const { submit } = renderForm({ email: 'required' });
      expect(screen.getByLabelText(EN.emailRequiredLabel).getAttribute('aria-required')).toBe('true');
      await user.click(radio('4 stars'));
      await user.type(screen.getByLabelText(EN.emailRequiredLabel), '  ');
      await user.click(button(EN.submit));
      expect(alertText()).toBe(EN.needEmail);
      expect(submit).not.toHaveBeenCalled();
    });

    it('refuses an address that cannot be one, then sends once it is fixed and clears the alert', async () => {
      const user = userEvent.setup();
      const { sent, onSent } = renderForm();
      await user.click(radio('4 stars'));
      const email = screen.getByLabelText(EN.emailLabel);
      await user.type(email, 'ada@example');
      await user.click(button(EN.submit));
      expect(alertText()).toBe(EN.badEmail);
      expect(sent).toEqual([]);
      await user.type(email, '.com');
      await user.click(button(EN.submit));
      await waitFor(() => expect(onSent).toHaveBeenCalledWith(false));
      expect(alertText()).toBe('');
      expect(sent).toEqual([{ rating: { kind: 'stars', value: 4 }, email: 'ada@example.com' }]);
    });

    it('sends the answers trimmed, with the category picked, and nothing for what was left empty', async () => {
      const user = userEvent.setup();
      const { sent, onSent } = renderForm({ categories: ['Bug', 'Idea'] });
      await user.click(radio('Idea'));
      await user.type(comment(), '  Dark mode please  ');
      await user.type(screen.getByLabelText(EN.emailLabel), ' ada@example.com ');
      await user.click(button(EN.submit));
      await waitFor(() => expect(onSent).toHaveBeenCalledWith(false));
      expect(sent).toEqual([{ comment: 'Dark mode please', email: 'ada@example.com', category: 'Idea' }]);
    });

    it('offers no email field when the project turned it off', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm({ email: 'off' });
      expect(screen.queryByRole('textbox', { name: /Email/ })).toBeNull();
      await user.click(radio('2 stars'));
      await user.click(button(EN.submit));
      await waitFor(() => expect(sent).toEqual([{ rating: { kind: 'stars', value: 2 } }]));
    });

    it('sends on Enter in the email field', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm();
      await user.click(radio('3 stars'));
      await user.type(screen.getByLabelText(EN.emailLabel), 'ada@example.com{Enter}');
      await waitFor(() => expect(sent).toEqual([{ rating: { kind: 'stars', value: 3 }, email: 'ada@example.com' }]));
    });

    it('tells the caller a submission was only queued', async () => {
      const user = userEvent.setup();
      const { onSent } = renderForm({ submit: async () => ({ ok: true, queued: true }) });
      await user.click(radio('5 stars'));
      await user.click(button(EN.submit));
      await waitFor(() => expect(onSent).toHaveBeenCalledWith(true));
    });
  });

  describe('sending', () => {
    it('shows “Sending…” on a disabled button while waiting, and sends once however often it is pressed', async () => {
      const user = userEvent.setup();
      let finish: (result: DeliveryResult) => void = () => {};
      const submit = vi.fn(() => new Promise<DeliveryResult>((resolve) => (finish = resolve)));
      const { onSent, form } = renderForm({ submit });
      await user.click(radio('5 stars'));
      await user.click(button(EN.submit));
      const busy = button(EN.sending);
      expect(busy.disabled).toBe(true);
      await user.click(busy);
      // Enter in a field submits the form even while the button is disabled in some browsers.
      fireEvent.submit(form);
      expect(submit).toHaveBeenCalledTimes(1);
      finish({ ok: true });
      await waitFor(() => expect(onSent).toHaveBeenCalledTimes(1));
    });

    it('shows the server’s reason when it refuses, keeps the answers and lets the visitor try again', async () => {
      const user = userEvent.setup();
      const submit = vi.fn<FormProps['submit']>(async () => ({ ok: false, status: 429, message: 'Too many submissions.', fields: [] }));
      const { onSent } = renderForm({ submit });
      await user.click(radio('2 stars'));
      await user.type(comment(), 'keep me');
      await user.click(button(EN.submit));
      await waitFor(() => expect(alertText()).toBe(format(EN.notSent, { reason: 'Too many submissions.' })));
      expect(onSent).not.toHaveBeenCalled();
      expect(comment().value).toBe('keep me');
      expect(radio('2 stars').checked).toBe(true);
      expect(button(EN.submit).disabled).toBe(false);
      submit.mockResolvedValueOnce({ ok: true });
      await user.click(button(EN.submit));
      await waitFor(() => expect(onSent).toHaveBeenCalledWith(false));
      expect(submit).toHaveBeenCalledTimes(2);
    });

    it('names the email when the server refuses the address', async () => {
      const user = userEvent.setup();
      renderForm({ submit: async () => ({ ok: false, status: 400, message: 'The feedback is not valid.', fields: ['email'] }) });
      await user.type(comment(), 'hi');
      await user.type(screen.getByLabelText(EN.emailLabel), 'ada@example.c');
      await user.click(button(EN.submit));
      await waitFor(() => expect(alertText()).toBe(EN.badEmail));
    });

    it('sends what a bot typed into the hidden trap', async () => {
      const user = userEvent.setup();
      const { sent, form } = renderForm();
      const trap = form.querySelector<HTMLInputElement>('input[name=website]')!;
      expect([trap.tabIndex, trap.getAttribute('aria-hidden')]).toEqual([-1, 'true']);
      trap.value = ' https://spam.example ';
      await user.type(comment(), 'Buy now');
      await user.click(button(EN.submit));
      await waitFor(() => expect(sent).toEqual([{ comment: 'Buy now', honeypot: 'https://spam.example' }]));
    });
  });

  describe('the follow-up step', () => {
    it('is one step, sent at once, when the rating falls in no band', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('3 stars'));
      expect(screen.queryByRole('button', { name: EN.next })).toBeNull();
      await user.click(button(EN.submit));
      await waitFor(() => expect(sent).toEqual([{ rating: { kind: 'stars', value: 3 } }]));
    });

    it('asks the band’s question after Next, and sends question and answer', async () => {
      const user = userEvent.setup();
      const { sent, submit } = renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('1 star'));
      await user.type(comment(), 'Slow');
      await user.click(button(EN.next));
      expect(submit).not.toHaveBeenCalled();
      const answer = screen.getByRole('textbox', { name: 'What went wrong?' });
      await waitFor(() => expect(document.activeElement).toBe(answer));
      // The first step's answers are out of sight on this step.
      expect(screen.queryByRole('radio')).toBeNull();
      expect(screen.queryByLabelText(EN.commentLabel)).toBeNull();
      expect(button(EN.back)).toBeTruthy();
      await user.type(answer, '  The checkout hung ');
      await user.click(button(EN.submit));
      await waitFor(() =>
        expect(sent).toEqual([
          { rating: { kind: 'stars', value: 1 }, comment: 'Slow', followUp: { question: 'What went wrong?', answer: 'The checkout hung' } },
        ]),
      );
    });

    it('asks the high band’s question for a rating at its top', async () => {
      const user = userEvent.setup();
      renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('5 stars'));
      await user.click(button(EN.next));
      expect(screen.getByRole('textbox', { name: 'What did you love?' })).toBeTruthy();
    });

    it('counts a rating of 0 as a rating in the low band', async () => {
      const user = userEvent.setup();
      renderForm({ ratingKind: 'nps', followUp: { low: { atMost: 6, question: 'What should we fix?' } } });
      await user.click(radio(`0 (${EN.npsLow})`));
      await user.click(button(EN.next));
      expect(screen.getByRole('textbox', { name: 'What should we fix?' })).toBeTruthy();
    });

    it('goes Back with every answer kept and focus on the first field, and keeps the follow-up answer too', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm({ followUp: FOLLOW_UP, categories: ['Bug', 'Idea'] });
      await user.click(radio('5 stars'));
      await user.click(radio('Bug'));
      await user.type(comment(), 'Nice');
      await user.type(screen.getByLabelText(EN.emailLabel), 'ada@example.com');
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What did you love?' }), 'Speed');
      await user.click(button(EN.back));
      await waitFor(() => expect(document.activeElement).toBe(radio('1 star')));
      expect(radio('5 stars').checked).toBe(true);
      expect(radio('Bug').checked).toBe(true);
      expect(comment().value).toBe('Nice');
      expect((screen.getByLabelText(EN.emailLabel) as HTMLInputElement).value).toBe('ada@example.com');
      expect(screen.queryByRole('button', { name: EN.back })).toBeNull();
      await user.click(button(EN.next));
      expect((screen.getByRole('textbox', { name: 'What did you love?' }) as HTMLTextAreaElement).value).toBe('Speed');
      await user.click(button(EN.submit));
      await waitFor(() =>
        expect(sent).toEqual([
          {
            rating: { kind: 'stars', value: 5 },
            comment: 'Nice',
            email: 'ada@example.com',
            category: 'Bug',
            followUp: { question: 'What did you love?', answer: 'Speed' },
          },
        ]),
      );
    });

    it('sends no follow-up when the visitor went back to a rating without a question', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('1 star'));
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What went wrong?' }), 'Slow');
      await user.click(button(EN.back));
      await user.click(radio('3 stars'));
      await user.click(button(EN.submit));
      await waitFor(() => expect(sent).toEqual([{ rating: { kind: 'stars', value: 3 } }]));
    });

    it('sends no follow-up left empty', async () => {
      const user = userEvent.setup();
      const { sent } = renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('5 stars'));
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What did you love?' }), '   ');
      await user.click(button(EN.submit));
      await waitFor(() => expect(sent).toEqual([{ rating: { kind: 'stars', value: 5 } }]));
    });

    it('checks the first step before moving on', async () => {
      const user = userEvent.setup();
      renderForm({ followUp: FOLLOW_UP });
      await user.click(radio('1 star'));
      await user.type(screen.getByLabelText(EN.emailLabel), 'not an address');
      await user.click(button(EN.next));
      expect(alertText()).toBe(EN.badEmail);
      expect(screen.queryByRole('textbox', { name: 'What went wrong?' })).toBeNull();
    });

    it('goes back to the first step when the server refuses the email, with the address and answer kept', async () => {
      const user = userEvent.setup();
      const submit = vi.fn<FormProps['submit']>(async () => ({ ok: false, status: 400, message: 'Invalid.', fields: ['email'] }));
      renderForm({ followUp: FOLLOW_UP, submit });
      await user.click(radio('1 star'));
      await user.type(screen.getByLabelText(EN.emailLabel), 'ada@example.c');
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What went wrong?' }), 'Slow');
      await user.click(button(EN.submit));
      await waitFor(() => expect(alertText()).toBe(EN.badEmail));
      const email = screen.getByLabelText(EN.emailLabel) as HTMLInputElement;
      expect(email.value).toBe('ada@example.c');
      expect(button(EN.next)).toBeTruthy();
      await user.clear(email);
      await user.type(email, 'ada@example.com');
      submit.mockResolvedValueOnce({ ok: true });
      await user.click(button(EN.next));
      expect((screen.getByRole('textbox', { name: 'What went wrong?' }) as HTMLTextAreaElement).value).toBe('Slow');
      await user.click(button(EN.submit));
      await waitFor(() => expect(submit).toHaveBeenCalledTimes(2));
      expect(submit.mock.calls[1]![0]).toMatchObject({ email: 'ada@example.com', followUp: { answer: 'Slow' } });
    });

    it('stays on the follow-up step when the server refuses for another reason', async () => {
      const user = userEvent.setup();
      renderForm({ followUp: FOLLOW_UP, submit: async () => ({ ok: false, message: 'Try later.', fields: [] }) });
      await user.click(radio('1 star'));
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What went wrong?' }), 'Slow');
      await user.click(button(EN.submit));
      await waitFor(() => expect(alertText()).toBe(format(EN.notSent, { reason: 'Try later.' })));
      expect((screen.getByRole('textbox', { name: 'What went wrong?' }) as HTMLTextAreaElement).value).toBe('Slow');
    });
  });

  describe('openings', () => {
    it('focuses the first answer on opening', async () => {
      renderForm();
      await waitFor(() => expect(document.activeElement).toBe(radio('1 star')));
    });

    it('waits for the first opening before taking focus', () => {
      renderForm({ opening: null });
      expect(document.activeElement).toBe(document.body);
    });

    // Reached when a page with data-mount calls Heed('open') before the form is drawn: the replayed
    // opening is there on the first render, and the page's focus must stay where the visitor is.
    it('does not take focus when part of the page (inline), even if opened before it was drawn', () => {
      renderForm({ inline: true });
      expect(document.activeElement).toBe(document.body);
    });

    it('does not take focus when an inline form is opened again', () => {
      const { reopen } = renderForm({ inline: true, opening: null });
      reopen({});
      expect(document.activeElement).toBe(document.body);
    });

    it('picks the opening’s category, and again on a new opening with the same one', async () => {
      const user = userEvent.setup();
      const { reopen } = renderForm({ categories: ['Bug', 'Idea'], opening: { category: 'Bug' } });
      expect(radio('Bug').checked).toBe(true);
      await user.click(radio('Idea'));
      expect(radio('Idea').checked).toBe(true);
      reopen({ category: 'Bug' });
      expect(radio('Bug').checked).toBe(true);
      expect(radio('Idea').checked).toBe(false);
    });

    it('keeps the visitor’s category on an opening without one', async () => {
      const user = userEvent.setup();
      const { reopen } = renderForm({ categories: ['Bug', 'Idea'] });
      await user.click(radio('Idea'));
      reopen({});
      expect(radio('Idea').checked).toBe(true);
    });
  });

  describe('the challenge', () => {
    it('places the challenge above the send button once, and never moves it while the visitor answers', async () => {
      const user = userEvent.setup();
      const challenge = Object.assign(document.createElement('div'), { className: 'challenge' });
      const { form } = renderForm({ challenge, followUp: FOLLOW_UP });
      expect(form.contains(challenge)).toBe(true);
      expect(challenge.compareDocumentPosition(button(EN.submit)) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      // A move reloads Turnstile's frame: watch for the node being inserted again.
      const insertions: Node[] = [];
      const watcher = new MutationObserver((records) => {
        for (const record of records) insertions.push(...[...record.addedNodes].filter((node) => node === challenge));
      });
      watcher.observe(form, { childList: true, subtree: true });
      const parent = challenge.parentNode;
      await user.type(comment(), 'Typing re-renders');
      await user.click(radio('1 star'));
      await user.click(button(EN.next));
      await user.type(screen.getByRole('textbox', { name: 'What went wrong?' }), 'More');
      await user.click(button(EN.back));
      await new Promise((resolve) => setTimeout(resolve));
      watcher.disconnect();
      expect(challenge.isConnected).toBe(true);
      expect(challenge.parentNode).toBe(parent);
      expect(form.querySelectorAll('.challenge')).toHaveLength(1);
      expect(insertions).toEqual([]);
    });

    it('moves the challenge into the next form drawn, once the last one is gone', () => {
      const challenge = Object.assign(document.createElement('div'), { className: 'challenge' });
      const first = renderForm({ challenge });
      first.form.remove();
      const second = renderForm({ challenge });
      expect(second.form.contains(challenge)).toBe(true);
      expect(challenge.isConnected).toBe(true);
    });
  });
});

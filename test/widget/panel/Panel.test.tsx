import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Answers } from '../../../widget/delivery/payload.ts';
import type { DeliveryResult } from '../../../widget/delivery/send.ts';
import { Panel, type PanelProps } from '../../../widget/panel/Panel.tsx';
import { EN } from '../../../widget/i18n/en.ts';

const BASE = {
  strings: EN,
  ratingKind: 'stars',
  categories: [] as string[],
  email: 'optional',
  followUp: {},
  position: 'bottom-right',
  language: 'en',
  direction: 'ltr',
  inline: false,
  theme: 'light',
} as const;

/** Draws the form opened, as the widget does once its config has loaded; `view` closes and reopens it as the widget does. */
function renderPanel(overrides: Partial<PanelProps> & { category?: string } = {}) {
  const sent: Answers[] = [];
  const submit = vi.fn(async (answers: Answers): Promise<DeliveryResult> => {
    sent.push(answers);
    return { ok: true };
  });
  const onClose = vi.fn();
  const { category, ...rest } = overrides;
  const props: PanelProps = { ...BASE, submit, onClose, ...rest, open: true, opening: { category } };
  const { rerender, container } = render(<Panel {...props} />);
  const view = {
    element: container.querySelector<HTMLElement>('.panel')!,
    close: () => rerender(<Panel {...props} open={false} />),
    open: () => rerender(<Panel {...props} opening={{}} />),
  };
  return { sent, submit, onClose, view };
}

describe('Panel', () => {
  it('is a labelled modal dialog that starts on the rating', () => {
    renderPanel();
    const dialog = screen.getByRole('dialog', { name: 'Send feedback' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1 star' }));
  });

  it('sends the chosen stars, comment and email, then thanks the visitor', async () => {
    const user = userEvent.setup();
    const { sent } = renderPanel();
    await user.click(screen.getByRole('radio', { name: '4 stars' }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Great docs');
    await user.type(screen.getByLabelText(/Email/), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(await screen.findByText('Thank you! Your feedback was sent.')).toBeTruthy();
    expect(sent).toEqual([{ rating: { kind: 'stars', value: 4 }, comment: 'Great docs', email: 'ada@example.com' }]);
  });

  it('sends what a bot typed into the hidden field, which people cannot reach', async () => {
    const user = userEvent.setup();
    const { sent, view } = renderPanel();
    const trap = view.element.querySelector<HTMLInputElement>('input[name=website]')!;
    expect(trap.tabIndex).toBe(-1);
    expect(trap.getAttribute('aria-hidden')).toBe('true');
    // Tabbing through the whole form never lands on it.
    const reached = new Set<Element | null>();
    for (let i = 0; i < 8; i += 1) {
      await user.tab();
      reached.add(document.activeElement);
    }
    expect(reached.has(screen.getByRole('button', { name: 'Send feedback' }))).toBe(true);
    expect(reached.has(trap)).toBe(false);
    trap.value = 'https://spam.example';
    await user.type(screen.getByLabelText('Comment (optional)'), 'Buy now');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    expect(sent).toEqual([{ comment: 'Buy now', honeypot: 'https://spam.example' }]);
  });

  it('puts every choice in one radio group, so it takes one tab stop', async () => {
    const user = userEvent.setup();
    renderPanel();
    const group = screen.getAllByRole('radio');
    expect(group.map((r) => (r as HTMLInputElement).name)).toEqual(Array(5).fill('rating'));
    await user.click(screen.getByRole('radio', { name: '2 stars' }));
    expect((screen.getByRole('radio', { name: '2 stars' }) as HTMLInputElement).checked).toBe(true);
  });

  it('asks for a rating or a comment instead of sending nothing', async () => {
    const user = userEvent.setup();
    const { submit } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a rating or write a comment.');
    expect(submit).not.toHaveBeenCalled();
  });

  it('refuses an email that cannot be one', async () => {
    const user = userEvent.setup();
    const { submit } = renderPanel();
    await user.type(screen.getByLabelText('Comment (optional)'), 'hi');
    await user.type(screen.getByLabelText(/Email/), 'ada at example');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(screen.getByRole('alert').textContent).toBe('That email address does not look right.');
    expect(submit).not.toHaveBeenCalled();
  });

  it('shows the server’s reason when sending fails and keeps what was typed', async () => {
    const user = userEvent.setup();
    renderPanel({
      submit: async () => ({ ok: false, status: 403, message: 'This project does not accept feedback from https://x.', fields: [] }),
    });
    await user.type(screen.getByLabelText('Comment (optional)'), 'keep me');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Your feedback was not sent. This project does not accept feedback from https://x.',
      ),
    );
    expect((screen.getByLabelText('Comment (optional)') as HTMLTextAreaElement).value).toBe('keep me');
  });

  it('names the email field when the server refuses the address', async () => {
    const user = userEvent.setup();
    renderPanel({
      submit: async () => ({ ok: false, status: 400, message: 'The feedback is not valid; see issues for each field.', fields: ['email'] }),
    });
    await user.type(screen.getByLabelText('Comment (optional)'), 'hi');
    await user.type(screen.getByLabelText(/Email/), 'ada@example.c');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('That email address does not look right.'));
  });

  it('keeps focus inside the dialog once the thanks replace the form', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('radio', { name: '3 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    const thanks = await screen.findByText('Thank you! Your feedback was sent.');
    await waitFor(() => expect(document.activeElement).toBe(thanks));
  });

  it('starts a fresh, focused form when reopened after a sent message', async () => {
    const user = userEvent.setup();
    const { view } = renderPanel();
    await user.click(screen.getByRole('radio', { name: '2 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    view.close();
    view.open();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1 star' })));
    expect((screen.getByRole('radio', { name: '2 stars' }) as HTMLInputElement).checked).toBe(false);
  });

  it('keeps Tab inside the dialog, also from the thanks message', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('radio', { name: '2 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    const thanks = await screen.findByText('Thank you! Your feedback was sent.');
    await waitFor(() => expect(document.activeElement).toBe(thanks));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' })); // the only stop left
  });

  it('says truthfully that feedback is kept for later when it could only be queued', async () => {
    const user = userEvent.setup();
    renderPanel({ submit: async () => ({ ok: true, queued: true }) });
    await user.click(screen.getByRole('radio', { name: '4 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(await screen.findByText(EN.queued)).toBeTruthy();
    expect(screen.queryByText(EN.thanks)).toBeNull();
  });

  it('shows “Sending…” and disables the button while the request is in flight', async () => {
    const user = userEvent.setup();
    let finish: (r: DeliveryResult) => void = () => {};
    renderPanel({ submit: () => new Promise((resolve) => (finish = resolve)) });
    await user.click(screen.getByRole('radio', { name: '5 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    const busy = screen.getByRole('button', { name: 'Sending…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    finish({ ok: true });
    expect(await screen.findByText('Thank you! Your feedback was sent.')).toBeTruthy();
  });

  it('drawn inline in the page, is a region that neither takes focus nor closes', () => {
    const { onClose } = renderPanel({ inline: true });
    const region = screen.getByRole('region', { name: 'Send feedback' });
    expect(region.getAttribute('aria-modal')).toBeNull();
    // Opened before it was drawn (a queued Heed('open')): the page keeps its focus and scroll.
    expect(document.activeElement).toBe(document.body);
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
    fireEvent.keyDown(region, { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes on Escape and on the close button', async () => {
    const { onClose } = renderPanel();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('offers the project’s categories and sends the one picked', async () => {
    const user = userEvent.setup();
    const { sent } = renderPanel({ categories: ['Bug', 'Idea', 'Praise'] });
    const topics = screen.getByRole('group', { name: 'What is it about?' });
    expect(
      within(topics)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['Bug', 'Idea', 'Praise']);
    await user.click(screen.getByRole('radio', { name: 'Idea' }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Dark mode please');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    expect(sent).toEqual([{ comment: 'Dark mode please', category: 'Idea' }]);
  });

  it('starts with the category the page asked for, which the visitor can change', async () => {
    const user = userEvent.setup();
    const { sent } = renderPanel({ categories: ['Bug', 'Idea'], category: 'Bug' });
    expect((screen.getByRole('radio', { name: 'Bug' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Idea' }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'x');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    expect(sent[0]).toMatchObject({ category: 'Idea' });
  });

  it('insists on an email when the project requires one', async () => {
    const user = userEvent.setup();
    const { submit } = renderPanel({ email: 'required' });
    const field = screen.getByLabelText('Email');
    expect(field.getAttribute('aria-required')).toBe('true');
    await user.click(screen.getByRole('radio', { name: '5 stars' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter your email address so we can reply.');
    expect(submit).not.toHaveBeenCalled();
  });

  it('asks the follow-up question for the rating’s band as its own step, and sends question and answer', async () => {
    const user = userEvent.setup();
    const { sent } = renderPanel({
      followUp: { low: { atMost: 2, question: 'What went wrong?' }, high: { atLeast: 5, question: 'What did you love?' } },
    });
    await user.click(screen.getByRole('radio', { name: '3 stars' }));
    // No band: one step, sent at once.
    expect(screen.getByRole('button', { name: 'Send feedback' })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: '1 star' }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Slow');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const answer = screen.getByLabelText('What went wrong?');
    await waitFor(() => expect(document.activeElement).toBe(answer));
    await user.type(answer, 'The checkout hung');
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    expect(sent).toEqual([
      { rating: { kind: 'stars', value: 1 }, comment: 'Slow', followUp: { question: 'What went wrong?', answer: 'The checkout hung' } },
    ]);
  });

  it('goes back from the follow-up step with every answer kept, and sends no follow-up left empty', async () => {
    const user = userEvent.setup();
    const { sent } = renderPanel({ followUp: { high: { atLeast: 5, question: 'What did you love?' } } });
    await user.click(screen.getByRole('radio', { name: '5 stars' }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Nice');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect((screen.getByLabelText('Comment (optional)') as HTMLTextAreaElement).value).toBe('Nice');
    expect((screen.getByRole('radio', { name: '5 stars' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Send feedback' }));
    await screen.findByText('Thank you! Your feedback was sent.');
    expect(sent).toEqual([{ rating: { kind: 'stars', value: 5 }, comment: 'Nice' }]);
  });

  it('counts the comment’s characters against the limit', async () => {
    const user = userEvent.setup();
    renderPanel();
    const comment = screen.getByLabelText('Comment (optional)');
    expect(comment.getAttribute('maxlength')).toBe('4000');
    await user.type(comment, 'Hello');
    expect(screen.getByText('5 of 4000 characters').id).toBe(comment.getAttribute('aria-describedby'));
  });

  it('renders each rating kind as a radio group with its own scale', () => {
    renderPanel({ ratingKind: 'nps', email: 'off' });
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    // The usual anchors: visible under the ends of the scale, and part of those two radios' names.
    expect(screen.getByRole('radio', { name: '0 (Not at all likely)' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: '10 (Extremely likely)' })).toBeTruthy();
    expect(screen.getByText('Not at all likely').closest('[aria-hidden]')).toBeTruthy();
    expect(screen.queryByLabelText(/Email/)).toBeNull();
    document.body.replaceChildren();
    renderPanel({ ratingKind: 'thumbs' });
    expect(screen.getByRole('group', { name: 'Was this page helpful?' })).toBeTruthy();
    expect(screen.getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['1', '0']);
  });
});

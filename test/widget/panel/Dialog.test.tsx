import { fireEvent, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EN } from '../../../widget/i18n/en.ts';
import { Dialog, type DialogProps } from '../../../widget/panel/Dialog.tsx';

const BASE = {
  title: EN.title,
  closeLabel: EN.close,
  open: true,
  inline: false,
  position: 'bottom-left',
  language: 'en',
  direction: 'ltr',
  theme: 'light',
} as const;

/** A dialog around a small form: the close button, a radio group, a text area and a send button. */
function renderDialog(overrides: Partial<DialogProps> = {}, { sendDisabled = false } = {}) {
  const onClose = vi.fn();
  const props = { ...BASE, onClose, ...overrides };
  const body = (
    <>
      <fieldset>
        <legend>Pick</legend>
        <label>
          <input type="radio" name="pick" value="1" />
          One
        </label>
        <label>
          <input type="radio" name="pick" value="2" />
          Two
        </label>
      </fieldset>
      <label for="note">Note</label>
      <textarea id="note" />
      <input name="trap" tabIndex={-1} aria-label="Trap" />
      <p tabIndex={-1}>Not a Tab stop</p>
      <button type="submit" disabled={sendDisabled}>
        Send
      </button>
    </>
  );
  const view = render(<Dialog {...props}>{body}</Dialog>);
  const rerender = (next: Partial<DialogProps>) =>
    view.rerender(
      <Dialog {...props} {...next}>
        {body}
      </Dialog>,
    );
  return { onClose, rerender };
}

const button = (name: string) => screen.getByRole('button', { name });

describe('Dialog', () => {
  it('is a modal dialog named by its title, with a close button', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: EN.title });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByRole('heading', { name: EN.title })).toBeTruthy();
    expect(button(EN.close)).toBeTruthy();
  });

  it('carries its language, direction, theme and the launcher’s position', () => {
    renderDialog({ language: 'ar', direction: 'rtl', theme: 'dark', position: 'top-right' });
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('lang')).toBe('ar');
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(dialog.dataset.theme).toBe('dark');
    expect(dialog.dataset.position).toBe('top-right');
  });

  it('closes on the close button', async () => {
    const user = userEvent.setup();
    const { onClose } = renderDialog();
    await user.click(button(EN.close));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes on Escape from anywhere inside, without the page hearing the key', async () => {
    const user = userEvent.setup();
    const pageHeard = vi.fn();
    document.addEventListener('keydown', pageHeard);
    try {
      const { onClose } = renderDialog();
      await user.click(screen.getByLabelText('Note'));
      await user.keyboard('{Escape}');
      expect(onClose).toHaveBeenCalledTimes(1);
      expect(pageHeard).not.toHaveBeenCalled();
    } finally {
      document.removeEventListener('keydown', pageHeard);
    }
  });

  it('is hidden while closed', () => {
    const { rerender } = renderDialog({ open: false });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('dialog', { hidden: true }).hidden).toBe(true);
    rerender({ open: true });
    expect(screen.getByRole('dialog', { name: EN.title })).toBeTruthy();
  });

  it('wraps Tab from the last stop to the first, and Shift+Tab from the first to the last', async () => {
    const user = userEvent.setup();
    renderDialog();
    button('Send').focus();
    await user.tab();
    expect(document.activeElement).toBe(button(EN.close));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(button('Send'));
  });

  it('leaves Tab between inner stops to the browser', async () => {
    const user = userEvent.setup();
    renderDialog();
    button(EN.close).focus();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'One' }));
    const tab = fireEvent.keyDown(screen.getByLabelText('Note'), { key: 'Tab' });
    expect(tab).toBe(true); // not prevented
  });

  it('skips a disabled send button: Tab wraps from the field before it', async () => {
    const user = userEvent.setup();
    renderDialog({}, { sendDisabled: true });
    screen.getByLabelText('Note').focus();
    await user.tab();
    expect(document.activeElement).toBe(button(EN.close));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByLabelText('Note'));
  });

  it('brings focus in from an element outside the Tab order: Tab to the first stop, Shift+Tab to the last', () => {
    renderDialog();
    const outside = screen.getByText('Not a Tab stop');
    outside.focus();
    fireEvent.keyDown(outside, { key: 'Tab' });
    expect(document.activeElement).toBe(button(EN.close));
    outside.focus();
    fireEvent.keyDown(outside, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(button('Send'));
  });

  it('keeps Tab inside when drawn in a shadow root, as the widget draws it', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    try {
      render(
        <Dialog {...BASE} onClose={() => {}}>
          <textarea aria-label="Note" />
          <button type="submit">Send</button>
        </Dialog>,
        { container: shadow.appendChild(document.createElement('div')) },
      );
      const inside = within(shadow as unknown as HTMLElement);
      const [close, send] = [inside.getByRole('button', { name: EN.close }), inside.getByRole('button', { name: 'Send' })];
      send.focus();
      fireEvent.keyDown(send, { key: 'Tab' });
      expect(shadow.activeElement).toBe(close);
      fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
      expect(shadow.activeElement).toBe(send);
      // Between the edges the browser moves focus: the trap must see the focused field inside the shadow root.
      const note = inside.getByRole('textbox', { name: 'Note' });
      note.focus();
      expect(fireEvent.keyDown(note, { key: 'Tab' })).toBe(true);
      expect(shadow.activeElement).toBe(note);
    } finally {
      host.remove();
    }
  });

  describe('inline', () => {
    it('is a region of the page named by its title, without modal semantics or a close button', () => {
      renderDialog({ inline: true });
      expect(screen.queryByRole('dialog')).toBeNull();
      const region = screen.getByRole('region', { name: EN.title });
      expect(region.getAttribute('aria-modal')).toBeNull();
      expect(region.dataset.position).toBeUndefined();
      expect(screen.queryByRole('button', { name: EN.close })).toBeNull();
    });

    it('ignores Escape, which stays the page’s', async () => {
      const user = userEvent.setup();
      const pageHeard = vi.fn();
      document.addEventListener('keydown', pageHeard);
      try {
        const { onClose } = renderDialog({ inline: true });
        await user.click(screen.getByLabelText('Note'));
        await user.keyboard('{Escape}');
        expect(onClose).not.toHaveBeenCalled();
        expect(pageHeard).toHaveBeenCalled();
      } finally {
        document.removeEventListener('keydown', pageHeard);
      }
    });

    it('lets Tab leave from its last stop', async () => {
      const user = userEvent.setup();
      renderDialog({ inline: true });
      button('Send').focus();
      await user.tab();
      expect(document.activeElement).toBe(document.body);
    });

    it('carries its language, direction and theme as the dialog does', () => {
      renderDialog({ inline: true, language: 'he', direction: 'rtl', theme: 'dark' });
      const region = screen.getByRole('region');
      expect([region.getAttribute('lang'), region.getAttribute('dir'), region.dataset.theme]).toEqual(['he', 'rtl', 'dark']);
    });
  });
});

import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EN } from '../../../widget/i18n/en.ts';
import { Thanks } from '../../../widget/panel/Thanks.tsx';

describe('Thanks', () => {
  it('is a status message that takes focus when it appears', async () => {
    render(<Thanks message={EN.thanks} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe(EN.thanks);
    await waitFor(() => expect(document.activeElement).toBe(status));
  });

  it('stays out of the Tab order', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">Before</button>
        <Thanks message={EN.queued} />
        <button type="button">After</button>
      </>,
    );
    expect(screen.getByRole('status').tabIndex).toBe(-1);
    screen.getByRole('button', { name: 'Before' }).focus();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'After' }));
  });

  it('takes focus once, not again when its message changes', async () => {
    const { rerender } = render(
      <>
        <Thanks message={EN.queued} />
        <button type="button">Elsewhere</button>
      </>,
    );
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('status')));
    screen.getByRole('button', { name: 'Elsewhere' }).focus();
    rerender(
      <>
        <Thanks message={EN.thanks} />
        <button type="button">Elsewhere</button>
      </>,
    );
    expect(screen.getByRole('status').textContent).toBe(EN.thanks);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Elsewhere' }));
  });
});

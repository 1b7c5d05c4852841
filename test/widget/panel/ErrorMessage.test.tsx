import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { EN } from '../../../widget/i18n/en.ts';
import { ErrorMessage } from '../../../widget/panel/ErrorMessage.tsx';

describe('ErrorMessage', () => {
  it('is an alert saying the message', () => {
    render(<ErrorMessage message={EN.needRatingOrComment} />);
    expect(screen.getByRole('alert').textContent).toBe(EN.needRatingOrComment);
  });

  it('is an empty alert without a message, in the page before it is needed so the first one is announced', () => {
    render(<ErrorMessage message="" />);
    expect(screen.getByRole('alert').textContent).toBe('');
  });

  it('keeps the same alert element as the message changes and clears', () => {
    const { rerender } = render(<ErrorMessage message="" />);
    const alert = screen.getByRole('alert');
    rerender(<ErrorMessage message={EN.badEmail} />);
    expect(screen.getByRole('alert')).toBe(alert);
    expect(alert.textContent).toBe(EN.badEmail);
    rerender(<ErrorMessage message="" />);
    expect(screen.getByRole('alert')).toBe(alert);
    expect(alert.textContent).toBe('');
  });

  it('reads a message with markup as plain text', () => {
    render(<ErrorMessage message="<b>no</b>" />);
    expect(screen.getByRole('alert').textContent).toBe('<b>no</b>');
    expect(document.querySelector('b')).toBeNull();
  });
});

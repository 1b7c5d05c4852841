import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EMAIL_MAX_LENGTH } from '../../../contract/submission.ts';
import { EN } from '../../../widget/i18n/en.ts';
import { EmailField } from '../../../widget/panel/EmailField.tsx';

describe('EmailField', () => {
  it('is labelled as optional and not required when the project does not insist', () => {
    render(<EmailField required={false} value="" onInput={() => {}} strings={EN} />);
    const field = screen.getByRole('textbox', { name: EN.emailLabel }) as HTMLInputElement;
    expect(field.type).toBe('email');
    expect(field.getAttribute('aria-required')).toBeNull();
    expect(field.getAttribute('maxlength')).toBe(String(EMAIL_MAX_LENGTH));
    expect(field.autocomplete).toBe('email');
  });

  it('is labelled “Email” and announced as required when the project insists', () => {
    render(<EmailField required value="" onInput={() => {}} strings={EN} />);
    const field = screen.getByRole('textbox', { name: EN.emailRequiredLabel });
    expect(field.getAttribute('aria-required')).toBe('true');
    expect(screen.queryByLabelText(EN.emailLabel)).toBeNull();
  });

  it('shows the value it is given and reports what is typed', async () => {
    const user = userEvent.setup();
    const onInput = vi.fn();
    render(<EmailField required={false} value="ada@" onInput={onInput} strings={EN} />);
    const field = screen.getByLabelText(EN.emailLabel) as HTMLInputElement;
    expect(field.value).toBe('ada@');
    await user.type(field, 'x');
    expect(onInput).toHaveBeenLastCalledWith('ada@x');
  });
});

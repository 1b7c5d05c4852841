import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FOLLOW_UP_ANSWER_MAX_LENGTH } from '../../../contract/submission.ts';
import { EN } from '../../../widget/i18n/en.ts';
import { FollowUp } from '../../../widget/panel/FollowUp.tsx';

describe('FollowUp', () => {
  it('is a text area labelled by the project’s question, limited to the answer’s maximum length', () => {
    render(<FollowUp question="What went wrong?" answer="" onInput={() => {}} strings={EN} />);
    const field = screen.getByRole('textbox', { name: 'What went wrong?' });
    expect(field.tagName).toBe('TEXTAREA');
    expect(field.getAttribute('maxlength')).toBe(String(FOLLOW_UP_ANSWER_MAX_LENGTH));
    expect(screen.getByRole('textbox', { description: `0 of ${FOLLOW_UP_ANSWER_MAX_LENGTH} characters` })).toBe(field);
  });

  it('shows the answer so far with its count, and reports what is typed', async () => {
    const user = userEvent.setup();
    const onInput = vi.fn();
    render(<FollowUp question="What did you love?" answer="Speed" onInput={onInput} strings={EN} />);
    const field = screen.getByRole('textbox', {
      name: 'What did you love?',
      description: `5 of ${FOLLOW_UP_ANSWER_MAX_LENGTH} characters`,
    });
    expect((field as HTMLTextAreaElement).value).toBe('Speed');
    await user.type(field, '!');
    expect(onInput).toHaveBeenLastCalledWith('Speed!');
  });

  it('reads a question with markup as plain text', () => {
    render(<FollowUp question="<img src=x onerror=alert(1)> Why?" answer="" onInput={() => {}} strings={EN} />);
    expect(screen.getByRole('textbox', { name: '<img src=x onerror=alert(1)> Why?' })).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});

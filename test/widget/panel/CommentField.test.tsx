import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../../contract/submission.ts';
import { EN } from '../../../widget/i18n/en.ts';
import { CommentField } from '../../../widget/panel/CommentField.tsx';

/** The field holding its text as the form does. */
function Comment({ onInput, maxLength = COMMENT_MAX_LENGTH }: { onInput?: (value: string) => void; maxLength?: number }) {
  const [value, setValue] = useState('');
  return (
    <CommentField
      id="comment"
      label={EN.commentLabel}
      value={value}
      maxLength={maxLength}
      strings={EN}
      onInput={(next) => {
        setValue(next);
        onInput?.(next);
      }}
    />
  );
}

describe('CommentField', () => {
  it('is a text area labelled by its label, limited to its maximum length', () => {
    render(<Comment />);
    const field = screen.getByLabelText(EN.commentLabel);
    expect(field.tagName).toBe('TEXTAREA');
    expect(screen.getByRole('textbox', { name: EN.commentLabel })).toBe(field);
    expect(field.getAttribute('maxlength')).toBe(String(COMMENT_MAX_LENGTH));
    expect((field as HTMLTextAreaElement).name).toBe('comment');
  });

  it('describes the field by its character count, which follows the typing', async () => {
    const user = userEvent.setup();
    render(<Comment />);
    const field = screen.getByRole('textbox', { name: EN.commentLabel });
    expect(screen.getByText(`0 of ${COMMENT_MAX_LENGTH} characters`).id).toBe(field.getAttribute('aria-describedby'));
    await user.type(field, 'Hello');
    const count = screen.getByText(`5 of ${COMMENT_MAX_LENGTH} characters`);
    expect(count.id).toBe(field.getAttribute('aria-describedby'));
    expect(screen.getByRole('textbox', { description: `5 of ${COMMENT_MAX_LENGTH} characters` })).toBe(field);
  });

  it('reports each change with the whole text typed so far', async () => {
    const user = userEvent.setup();
    const onInput = vi.fn();
    render(<Comment onInput={onInput} />);
    await user.type(screen.getByRole('textbox'), 'Hi!');
    expect(onInput.mock.calls.map(([value]) => value)).toEqual(['H', 'Hi', 'Hi!']);
  });

  it('stops typing at the maximum length', async () => {
    const user = userEvent.setup();
    render(<Comment maxLength={5} />);
    await user.type(screen.getByRole('textbox'), 'Too long by far');
    expect((screen.getByRole('textbox') as HTMLTextAreaElement).value).toBe('Too l');
    expect(screen.getByText('5 of 5 characters')).toBeTruthy();
  });

  it('ties label and count to its own id, so two fields in one form stay apart', () => {
    render(
      <>
        <CommentField id="comment" label="First" value="ab" maxLength={10} strings={EN} onInput={() => {}} />
        <CommentField id="followUp" label="Second" value="abc" maxLength={20} strings={EN} onInput={() => {}} />
      </>,
    );
    expect(screen.getByRole('textbox', { name: 'First' })).toHaveProperty('value', 'ab');
    expect(screen.getByRole('textbox', { name: 'Second', description: '3 of 20 characters' })).toHaveProperty('value', 'abc');
    expect(screen.getByRole('textbox', { name: 'First', description: '2 of 10 characters' })).toBeTruthy();
  });

  it('shows the count in the strings’ own words', () => {
    render(
      <CommentField
        id="comment"
        label="Kommentar"
        value="abc"
        maxLength={9}
        strings={{ ...EN, characters: '{count} von {max} Zeichen' }}
        onInput={() => {}}
      />,
    );
    expect(screen.getByRole('textbox', { name: 'Kommentar', description: '3 von 9 Zeichen' })).toBeTruthy();
  });
});

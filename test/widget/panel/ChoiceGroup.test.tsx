import { render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { ChoiceGroup, type Choice, type ChoiceGroupProps } from '../../../widget/panel/ChoiceGroup.tsx';

const SIZES: Choice<string>[] = [
  { value: 's', label: 'Small' },
  { value: 'm', label: 'Medium' },
  { value: 'l', label: 'Large' },
];

type Props = Omit<ChoiceGroupProps<string>, 'selected' | 'onSelect'> & { initial?: string | null; onSelect?: (value: string) => void };

/** Holds the choice the way the form does, so a click shows as the visitor would see it. */
function Stateful({ initial = null, onSelect, ...props }: Props) {
  const [selected, setSelected] = useState<string | null>(initial);
  return (
    <ChoiceGroup
      {...props}
      selected={selected}
      onSelect={(value) => {
        setSelected(value);
        onSelect?.(value);
      }}
    />
  );
}

const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;
const labelOf = (name: string) => radio(name).closest('label')!;

describe('ChoiceGroup', () => {
  it('is a radio group named by its legend, one radio per choice in order', () => {
    render(<Stateful name="size" legend="Which size?" look="chips" choices={SIZES} />);
    const group = screen.getByRole('group', { name: 'Which size?' });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.value)).toEqual(['s', 'm', 'l']);
    expect(radios.map((r) => r.checked)).toEqual([false, false, false]);
  });

  it('gives every radio the same name, so the group is one Tab stop', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">Before</button>
        <Stateful name="size" legend="Which size?" look="chips" choices={SIZES} initial="m" />
        <button type="button">After</button>
      </>,
    );
    expect((screen.getAllByRole('radio') as HTMLInputElement[]).map((r) => r.name)).toEqual(['size', 'size', 'size']);
    screen.getByRole('button', { name: 'Before' }).focus();
    await user.tab();
    // Into the group on its checked radio, then straight out of it.
    expect(document.activeElement).toBe(radio('Medium'));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'After' }));
  });

  it('checks the clicked choice and reports its value', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Stateful name="size" legend="Which size?" look="chips" choices={SIZES} onSelect={onSelect} />);
    await user.click(screen.getByText('Large'));
    expect(onSelect).toHaveBeenLastCalledWith('l');
    expect(radio('Large').checked).toBe(true);
    await user.click(radio('Small'));
    expect(onSelect).toHaveBeenLastCalledWith('s');
    expect([radio('Small').checked, radio('Large').checked]).toEqual([true, false]);
  });

  it('checks the selected choice it is given, and follows a new one', () => {
    const props = { name: 'size', legend: 'Which size?', look: 'chips', choices: SIZES, onSelect: () => {} };
    const { rerender } = render(<ChoiceGroup {...props} selected="m" />);
    expect(radio('Medium').checked).toBe(true);
    rerender(<ChoiceGroup {...props} selected="l" />);
    expect([radio('Medium').checked, radio('Large').checked]).toEqual([false, true]);
  });

  it('moves the choice with the arrow keys, wrapping at the ends', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Stateful name="size" legend="Which size?" look="chips" choices={SIZES} initial="m" onSelect={onSelect} />);
    radio('Medium').focus();
    await user.keyboard('{ArrowRight}');
    expect(onSelect).toHaveBeenLastCalledWith('l');
    expect(radio('Large').checked).toBe(true);
    expect(document.activeElement).toBe(radio('Large'));
    await user.keyboard('{ArrowDown}');
    expect(onSelect).toHaveBeenLastCalledWith('s');
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(onSelect).toHaveBeenLastCalledWith('m');
    expect(radio('Medium').checked).toBe(true);
  });

  it('marks only the selected choice as on by default, and none before a choice', () => {
    const props = { name: 'size', legend: 'Which size?', look: 'chips', choices: SIZES, onSelect: () => {} };
    const { rerender } = render(<ChoiceGroup {...props} selected={null} />);
    expect(document.querySelectorAll('.is-on')).toHaveLength(0);
    rerender(<ChoiceGroup {...props} selected="m" />);
    expect([...document.querySelectorAll('.is-on')]).toEqual([labelOf('Medium')]);
  });

  it('marks as on whatever isOn says once something is chosen', () => {
    const order = ['s', 'm', 'l'];
    const props = { name: 'size', legend: 'Which size?', look: 'chips', choices: SIZES, onSelect: () => {} };
    const upTo = (selected: string | null) => (value: string) => selected !== null && order.indexOf(value) <= order.indexOf(selected);
    const { rerender } = render(<ChoiceGroup {...props} selected={null} isOn={() => true} />);
    // Nothing chosen yet: nothing is drawn on, whatever isOn says.
    expect(document.querySelectorAll('.is-on')).toHaveLength(0);
    rerender(<ChoiceGroup {...props} selected="m" isOn={upTo('m')} />);
    expect([...document.querySelectorAll('.is-on')]).toEqual([labelOf('Small'), labelOf('Medium')]);
  });

  it('draws a glyph hidden from screen readers and reads the label, shown only when asked', () => {
    render(
      <ChoiceGroup
        name="mood"
        legend="Mood?"
        look="faces"
        selected={null}
        onSelect={() => {}}
        choices={[
          { value: 1, glyph: '☹', label: 'Sad' },
          { value: 2, glyph: '☺', label: 'Happy', showLabel: true },
        ]}
      />,
    );
    const sad = screen.getByRole('radio', { name: 'Sad' });
    const happy = screen.getByRole('radio', { name: 'Happy' });
    expect(screen.getByText('☹').getAttribute('aria-hidden')).toBe('true');
    expect(within(sad.closest('label')!).getByText('Sad').className).toBe('sr');
    expect(within(happy.closest('label')!).getByText('Happy').className).not.toBe('sr');
  });

  it('draws the label itself when a choice has no glyph', () => {
    render(<ChoiceGroup name="size" legend="Which size?" look="chips" choices={SIZES} selected={null} onSelect={() => {}} />);
    const text = within(labelOf('Small')).getByText('Small');
    expect(text.className).not.toContain('sr');
    expect(text.closest('[aria-hidden]')).toBeNull();
  });

  it('draws its children after the choices, inside the group', () => {
    render(
      <ChoiceGroup name="size" legend="Which size?" look="chips" choices={SIZES} selected={null} onSelect={() => {}}>
        <p>Sizes run small</p>
      </ChoiceGroup>,
    );
    expect(within(screen.getByRole('group', { name: 'Which size?' })).getByText('Sizes run small')).toBeTruthy();
  });
});

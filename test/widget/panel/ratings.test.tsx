import { render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { FACES, RATING_KINDS, STAR, THUMBS, type RatingKind } from '../../../contract/rating-kinds.ts';
import { EN } from '../../../widget/i18n/en.ts';
import { RATING_INPUTS } from '../../../widget/panel/ratings/index.ts';

/** What a visitor meets for each kind: the question, and each choice's value and spoken name, in order. */
const SCALES: Record<RatingKind, { legend: string; choices: [number, string][] }> = {
  stars: { legend: EN.legendStars, choices: EN.stars.map((name, i) => [i + 1, name]) },
  emoji: { legend: EN.legendEmoji, choices: EN.faces.map((name, i) => [i + 1, name]) },
  thumbs: {
    legend: EN.legendThumbs,
    choices: [
      [1, EN.yes],
      [0, EN.no],
    ],
  },
  nps: {
    legend: EN.legendNps,
    choices: Array.from({ length: 11 }, (_, n) => [n, n === 0 ? `0 (${EN.npsLow})` : n === 10 ? `10 (${EN.npsHigh})` : String(n)]),
  },
  csat: { legend: EN.legendCsat, choices: EN.csat.map((name, i) => [i + 1, name]) },
};

/** The kind's input holding its value as the form does. */
function Rating({ kind, initial = null, onChange }: { kind: RatingKind; initial?: number | null; onChange?: (value: number) => void }) {
  const Input = RATING_INPUTS[kind];
  const [value, setValue] = useState<number | null>(initial);
  return (
    <Input
      strings={EN}
      value={value}
      onChange={(next) => {
        setValue(next);
        onChange?.(next);
      }}
    />
  );
}

const radios = () => screen.getAllByRole('radio') as HTMLInputElement[];
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

describe.each(RATING_KINDS)('the %s rating', (kind) => {
  const { legend, choices } = SCALES[kind];
  const [first, second] = choices;
  const [last, beforeLast] = [choices.at(-1)!, choices.at(-2)!];

  it('is one radio group named by its question, its values in order with their names', () => {
    render(<Rating kind={kind} />);
    const group = screen.getByRole('group', { name: legend });
    const inGroup = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(inGroup.map((r) => r.value)).toEqual(choices.map(([value]) => String(value)));
    expect(inGroup.map((r) => r.name)).toEqual(choices.map(() => 'rating'));
    for (const [value, name] of choices) expect(radio(name).value).toBe(String(value));
  });

  it('starts with nothing checked', () => {
    render(<Rating kind={kind} />);
    expect(radios().filter((r) => r.checked)).toEqual([]);
  });

  it('checks the value it is given', () => {
    render(<Rating kind={kind} initial={second![0]} />);
    expect(radios().filter((r) => r.checked)).toEqual([radio(second![1])]);
  });

  it('reports the clicked choice as a number and checks it alone', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Rating kind={kind} onChange={onChange} />);
    await user.click(radio(last[1]));
    expect(onChange).toHaveBeenLastCalledWith(last[0]);
    await user.click(radio(first![1]));
    expect(onChange).toHaveBeenLastCalledWith(first![0]);
    expect(radios().filter((r) => r.checked)).toEqual([radio(first![1])]);
  });

  it('moves the choice with the arrow keys, wrapping at the ends', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Rating kind={kind} initial={first![0]} onChange={onChange} />);
    radio(first![1]).focus();
    await user.keyboard('{ArrowRight}');
    expect(onChange).toHaveBeenLastCalledWith(second![0]);
    expect(document.activeElement).toBe(radio(second![1]));
    await user.keyboard('{ArrowLeft}{ArrowUp}');
    expect(onChange).toHaveBeenLastCalledWith(last[0]);
    await user.keyboard('{ArrowUp}');
    expect(onChange).toHaveBeenLastCalledWith(beforeLast[0]);
    expect(radios().filter((r) => r.checked)).toEqual([radio(beforeLast[1])]);
  });
});

describe('the stars rating', () => {
  it('draws a star per choice, read by its name', () => {
    render(<Rating kind="stars" />);
    for (const choice of radios()) {
      const label = choice.closest('label')!;
      expect(within(label).getByText(STAR).getAttribute('aria-hidden')).toBe('true');
    }
  });

  it('fills the stars up to the choice', async () => {
    const user = userEvent.setup();
    const { container } = render(<Rating kind="stars" />);
    const lit = () => [...container.querySelectorAll('label.is-on input')].map((r) => (r as HTMLInputElement).value);
    expect(lit()).toEqual([]);
    await user.click(radio('3 stars'));
    expect(lit()).toEqual(['1', '2', '3']);
    await user.click(radio('1 star'));
    expect(lit()).toEqual(['1']);
    await user.click(radio('5 stars'));
    expect(lit()).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('the emoji rating', () => {
  it('draws the contract’s faces, very bad to great, each read by its word', () => {
    render(<Rating kind="emoji" />);
    EN.faces.forEach((name, i) => {
      const glyph = within(radio(name).closest('label')!).getByText(FACES[i]!);
      expect(glyph.getAttribute('aria-hidden')).toBe('true');
    });
  });

  it('marks only the chosen face', async () => {
    const user = userEvent.setup();
    const { container } = render(<Rating kind="emoji" />);
    await user.click(radio('Good'));
    expect([...container.querySelectorAll('label.is-on')]).toEqual([radio('Good').closest('label')]);
  });
});

describe('the thumbs rating', () => {
  it('shows each thumb with its word beside it', () => {
    render(<Rating kind="thumbs" />);
    const [yes, no] = [radio('Yes').closest('label')!, radio('No').closest('label')!];
    expect(within(yes).getByText(THUMBS[1]).getAttribute('aria-hidden')).toBe('true');
    expect(within(no).getByText(THUMBS[0]).getAttribute('aria-hidden')).toBe('true');
    // Visible, not only for screen readers.
    expect(within(yes).getByText('Yes').className).not.toContain('sr');
    expect(within(no).getByText('No').className).not.toContain('sr');
  });
});

describe('the NPS rating', () => {
  it('shows the anchors under the scale, hidden from screen readers that hear them in the end choices', () => {
    render(<Rating kind="nps" />);
    const group = screen.getByRole('group', { name: EN.legendNps });
    const low = within(group).getByText(EN.npsLow);
    const high = within(group).getByText(EN.npsHigh);
    expect(low.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(high.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(radio(`0 (${EN.npsLow})`)).toBeTruthy();
    expect(radio(`10 (${EN.npsHigh})`)).toBeTruthy();
  });

  it('draws each number', () => {
    render(<Rating kind="nps" />);
    for (const choice of radios())
      expect(within(choice.closest('label')!).getByText(choice.value, { selector: '[aria-hidden]' })).toBeTruthy();
  });
});

describe('the CSAT rating', () => {
  it('draws the numbers 1–5, each read by its meaning', () => {
    render(<Rating kind="csat" />);
    EN.csat.forEach((name, i) => {
      expect(
        within(radio(name).closest('label')!)
          .getByText(String(i + 1))
          .getAttribute('aria-hidden'),
      ).toBe('true');
    });
  });

  it('shows the two ends’ meanings under the scale, hidden from screen readers', () => {
    render(<Rating kind="csat" />);
    const anchors = screen.getAllByText(/^(Very unsatisfied|Very satisfied)$/).filter((el) => !el.closest('label'));
    expect(anchors.map((el) => el.textContent)).toEqual([EN.csat[0], EN.csat[4]]);
    for (const anchor of anchors) expect(anchor.closest('[aria-hidden="true"]')).not.toBeNull();
  });
});

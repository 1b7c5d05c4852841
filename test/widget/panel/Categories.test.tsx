import { render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EN } from '../../../widget/i18n/en.ts';
import { Categories } from '../../../widget/panel/Categories.tsx';

const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

describe('Categories', () => {
  it('offers the project’s topics in order as one radio group under its legend', () => {
    render(<Categories legend={EN.categoryLegend} categories={['Bug', 'Idea', 'Praise']} selected={null} onSelect={() => {}} />);
    const group = screen.getByRole('group', { name: EN.categoryLegend });
    const topics = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(topics.map((r) => r.value)).toEqual(['Bug', 'Idea', 'Praise']);
    expect(topics.map((r) => r.name)).toEqual(['category', 'category', 'category']);
    // Chips show their words, not only to screen readers.
    expect(within(group).getByText('Idea').className).not.toContain('sr');
  });

  it('draws nothing when the project has no topics', () => {
    const { container } = render(<Categories legend={EN.categoryLegend} categories={[]} selected={null} onSelect={() => {}} />);
    expect(container.innerHTML).toBe('');
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('checks the selected topic and reports the one clicked', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Categories legend={EN.categoryLegend} categories={['Bug', 'Idea']} selected="Bug" onSelect={onSelect} />);
    expect([radio('Bug').checked, radio('Idea').checked]).toEqual([true, false]);
    await user.click(screen.getByText('Idea'));
    expect(onSelect).toHaveBeenCalledWith('Idea');
  });

  it('reads a topic exactly as the project wrote it, markup and all', () => {
    render(<Categories legend={EN.categoryLegend} categories={['<b>Bold</b> & co']} selected={null} onSelect={() => {}} />);
    expect(radio('<b>Bold</b> & co').value).toBe('<b>Bold</b> & co');
    expect(document.querySelector('b')).toBeNull();
  });
});

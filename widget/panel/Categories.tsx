import { ChoiceGroup } from './ChoiceGroup.tsx';

export interface CategoriesProps {
  legend: string;
  /** The project's topics; none draws nothing. */
  categories: string[];
  selected: string | null;
  onSelect: (category: string) => void;
}

/** The project's topics as a row of chips, one of which the visitor may pick. */
export function Categories({ legend, categories, selected, onSelect }: CategoriesProps) {
  if (categories.length === 0) return null;
  return (
    <ChoiceGroup
      name="category"
      look="chips"
      legend={legend}
      choices={categories.map((topic) => ({ value: topic, label: topic }))}
      selected={selected}
      onSelect={onSelect}
    />
  );
}

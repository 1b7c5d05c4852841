/** The words of a search box's text, as the FTS5 tokenizer (unicode61) splits them. */
export function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

/**
 * An FTS5 MATCH expression from the text an admin searched for: every word must appear, each
 * as a prefix (`check` finds "checkout"). Words are quoted, so nothing the admin types is read
 * as FTS5 syntax (no column filters, NEAR, or unbalanced quotes that would fail the query).
 */
export function toMatchExpression(text: string): string {
  return searchWords(text)
    .map((word) => `"${word}"*`)
    .join(' ');
}

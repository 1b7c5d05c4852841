/**
 * Page globs, as destination filters, the widget's `data-match` and the feedback list's `page`
 * filter read them: `*` matches any run of characters (none included), every other character
 * only itself, case included. `globMatches` is their one definition; the store narrows with SQL
 * but lets this decide (server/store/kysely/page-glob.ts).
 */

/**
 * Whether `text` matches `glob`. Hand-written in a few lines rather than a RegExp built from the
 * glob (a backtracking regex stalled the server for seconds on one URL) or a library (the widget
 * carries this): the first part is a prefix, the last a suffix, and each part between is taken at
 * its leftmost place after the one before. Leftmost leaves the most room for the rest, so a
 * failure is final and nothing backtracks: at most one scan of `text` per part.
 */
export function globMatches(glob: string, text: string): boolean {
  const [first = '', ...rest] = glob.split('*');
  if (!rest.length) return glob === text;
  const last = rest.pop()!;
  // Where the suffix starts: every other part must end by then.
  const end = text.length - last.length;
  let at = first.length;
  if (end < at || !text.startsWith(first) || !text.endsWith(last)) return false;
  for (const part of rest) {
    const found = text.indexOf(part, at);
    if (found < 0 || (at = found + part.length) > end) return false;
  }
  return true;
}

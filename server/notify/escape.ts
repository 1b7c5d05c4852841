/**
 * Making text that visitors typed safe to show in each destination, and fitting it in each
 * destination's length limits. Visitors are anonymous: whatever they send must read as their words,
 * never as a mention, a link we did not make, or markup.
 */

/**
 * Slack mrkdwn: these three are its only control characters, so `<!channel>` and `<@U123>` cannot
 * ping and `<https://evil|your bank>` cannot become a link (Slack's own escaping rule).
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Discord markdown: a backslash before each formatting character shows it as typed (so `[a](url)`
 * is no masked link), and a zero-width space after `@` breaks `@everyone`, `@here` and `<@…>`
 * mentions. The messages also say `allowed_mentions: { parse: [] }`, so this is for display: a
 * mention that cannot ping would still render as a highlighted name.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|>#[\]]/g, '\\$&')
    .replace(/<@/g, '<@\u200b')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** HTML text and attribute values (quoted either way). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * One line for a mail header: a CR or LF from a visitor could otherwise start a header of its own,
 * and other control, bidi-override and line-separator characters can disguise a subject.
 */
export function headerSafe(text: string, max = 150): string {
  return fit(text.replace(/[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** The URL normalised, when it is http(s): the only kind we ever link (never `javascript:` or `data:`). */
export function httpUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const graphemes = new Intl.Segmenter();

/**
 * `render(text)` if it is at most `max` characters long; else the longest start of `text` that,
 * ended with `…`, still fits once rendered. Cutting before rendering never splits an escape
 * (`&amp;`) or a grapheme (an emoji, a flag); measuring after rendering counts what escaping added.
 */
export function fit(text: string, max: number, render: (text: string) => string = (t) => t): string {
  const whole = render(text);
  if (whole.length <= max) return whole;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  const cut = (n: number) => render(`${parts.slice(0, n).join('').trimEnd()}…`);
  // Rendered length grows with n: binary search for the largest n that fits.
  let [lo, hi] = [0, parts.length - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cut(mid).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

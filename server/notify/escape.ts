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
  return fit(
    text
      .replace(/[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/**
 * Every character a destination may show as a line break: CRLF, CR, LF, VT, FF, NEL and the
 * Unicode line and paragraph separators. Splitting on `\n` alone let a lone CR (or a U+2028) in a
 * comment start a line of its own outside the quote, such as a forged `*Rating:* ★★★★★`.
 */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;

/** Text as the lines a destination would show. */
export const lines = (text: string): string[] => text.split(LINE_BREAK);

/** Text on one line (any line break or run of spaces becomes one space): a one-line field cannot add lines of its own. */
export const oneLine = (text: string): string => text.replace(/[\s\u0085]+/g, ' ').trim();

/**
 * A URL or host written so that no client makes it a link: `hxxps://evil[.]example/login`, the way
 * security teams share addresses nobody should open. Slack, Discord and mail clients link bare
 * URLs and domains, even inside code spans in some clients; without a scheme they recognise and
 * without a dotted host there is nothing left for them to link.
 */
export function defang(text: string): string {
  return text.replace(/\b(h)tt(ps?):/gi, '$1xx$2:').replace(/\./g, '[.]');
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

/**
 * Two texts sharing `max` characters, as `[first(n), second(m)]` with n + m ≤ max: each whole when
 * both fit, else neither gets less than half unless it needs less, and either takes what the other
 * leaves. `render(n)` returns its text in at most `n` characters (a `fit`), so escaping is counted.
 */
export function shareRoom(first: (max: number) => string, second: (max: number) => string, max: number): [string, string] {
  const [a, b] = [first(max), second(max)];
  if (a.length + b.length <= max) return [a, b];
  const half = Math.floor(max / 2);
  if (a.length <= half) return [a, second(max - a.length)];
  if (b.length <= half) return [first(max - b.length), b];
  return [first(half), second(max - half)];
}

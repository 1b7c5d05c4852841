/**
 * A language model's answer, made as safe to show as a visitor's words. The model reads visitors'
 * comments, and a comment can tell it what to say, so its answer is untrusted text: it may carry
 * a phishing link, an address to write to, a mention that pings a whole channel, or markup that
 * makes its words look like ours. Destinations escape what they show; this removes what escaping
 * leaves working (Slack, Discord and mail clients link a bare `evil.example/login` by themselves).
 */

/**
 * At most this many characters are kept. The model is asked for 2–4 sentences, 300–500 characters
 * in practice, so a real summary is kept whole; a hijacked answer says little more than that. It
 * is well inside every destination's own limit (Discord's digest description, the smallest,
 * keeps 1500), so what the operator sees is what was kept here, never cut again.
 */
export const SUMMARY_MAX = 600;

/** Read at most this much of an answer: several times the cap, since removing things shortens it. */
const READ_MAX = SUMMARY_MAX * 8;

export const LINK_REMOVED = '(link removed)';
export const ADDRESS_REMOVED = '(address removed)';

// Every pattern here is static and linear in the answer's length: no nested quantifiers, and an
// unbounded one only over a class that excludes what ends its match (or anchored at the start),
// so a failed attempt never rescans what an earlier one read. model-text.test.ts times them.

/** Dots a browser's URL parser also accepts in a host name (the ideographic full stop and kin). */
const DOT_LIKE = /[\u3002\uff0e\uff61]/g;
/** `evil[.]example`, `evil (dot) example`, `ada[at]evil.example`, `hxxps[:]//`: the ways a model writes an address it was told to hide. */
const DEFANGED_DOT = / ?[[({] ?(?:\.|dot) ?[\])}] ?/gi;
const DEFANGED_AT = / ?[[({] ?(?:@|at) ?[\])}] ?/gi;
const DEFANGED_COLON = / ?[[({] ?: ?[\])}] ?/g;
/** Tags of every kind: HTML, Slack's `<url|text>`, `<@U123>`, `<!channel>`, Discord's `<@&role>`, `<#channel>`, `<t:…>`. */
const TAGS = /<[^<>]*>/g;
/** A markdown link `[text](target)` keeps its text, without the target. */
const MARKDOWN_LINK = /\[([^[\]]*)\]\([^()]*\)/g;
const WHITESPACE = /\s+/g;
/**
 * What plain sentences are made of: letters, marks, digits, spaces, symbols and emoji, plain
 * punctuation and the signs figures use (`−0.7`, `±0`). Everything else goes: markup
 * (`* _ ~ \` | # > [ ] < > { } \ ^ =`), invisible format characters (a zero-width space can split
 * `evil.example` so that no rule sees it), controls. `@` and `/` stay only until the address
 * rules below have seen them.
 */
const NOT_PLAIN = /[^\p{L}\p{M}\p{N}\p{So}\p{Sc}\p{Emoji_Modifier}\p{Pd}\p{Pi}\p{Pf} .,;:!?'"()%+−±×÷&@/…]/gu;

/** A word that is or holds an email address or a mention (`@here`, `@everyone`, `ada@evil.example`). */
const AT = /@/;
/** `https://…`, `hxxps://…`, `//evil.example`: anything with a double slash. */
const DOUBLE_SLASH = /\/\//;
/** A scheme: `javascript:alert`, `hxxps:evil`, `tel:+1…`, `mailto:` (but `NPS:32` and `Note: …` stay). */
const SCHEME = /^[^\p{L}\p{N}]*\p{L}[\p{L}\p{N}+.-]{0,30}:[\p{L}/+]/u;
/** A dotted host: `evil.example`, `bit.ly/x`, `heed-admin.evil.example/login` (but `e.g.`, `i.e.` and `3.5` stay). */
const DOTTED_HOST = /[\p{L}\p{N}-]\.\p{L}{2}/u;
/** An IPv4 address: `10.0.0.1/login`. */
const IPV4 = /\d\.\d{1,3}\.\d{1,3}\.\d/;

function plainWord(word: string): string {
  if (AT.test(word)) return ADDRESS_REMOVED;
  if (DOUBLE_SLASH.test(word) || SCHEME.test(word) || DOTTED_HOST.test(word) || IPV4.test(word)) return LINK_REMOVED;
  return word;
}

/** `text` cut to `max` characters at a word boundary where one is near, ending in `…`. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max - 80) cut = cut.slice(0, space);
  // Never half a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * The model's answer as one paragraph of plain text, at most `SUMMARY_MAX` characters: no link,
 * URL, host name, IP address, email address or mention (each replaced by a visible
 * `(link removed)` or `(address removed)`, so the reader sees that something was), no markup and
 * no line structure (headings, quotes and lists all need a line of their own).
 */
export function sanitiseModelText(answer: string): string {
  const text = answer
    .slice(0, READ_MAX)
    // Full-width and other compatibility forms (`ｈｔｔｐｓ：／／`, `＠here`) as the ASCII they stand for.
    .normalize('NFKC')
    .replace(DOT_LIKE, '.')
    .replace(WHITESPACE, ' ')
    .replace(DEFANGED_DOT, '.')
    .replace(DEFANGED_AT, '@')
    .replace(DEFANGED_COLON, ':')
    .replace(TAGS, ' ')
    .replace(MARKDOWN_LINK, '$1')
    .replace(NOT_PLAIN, '')
    .split(' ')
    .filter((word) => word !== '')
    .map(plainWord)
    .join(' ');
  return cap(text, SUMMARY_MAX);
}

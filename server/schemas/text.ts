import { z } from 'zod';

/**
 * One rule for control characters in every string the API stores or looks up, applied here in the
 * schemas so SQLite, D1 and Postgres all see the same text. Postgres cannot store NUL at all (a
 * 500), SQLite keeps it, and an unpaired UTF-16 surrogate has no UTF-8 form: the drivers write one
 * or three U+FFFD for it, so without this rule each backend would keep something different.
 *
 * - Text people write (comments, titles, names, labels, metadata values): cleaned, never refused.
 *   A stray control pasted from a terminal or a PDF must not cost a visitor their feedback (a 400
 *   is final for the widget's outbox), and nothing a reader sees is lost: CR and CRLF become LF,
 *   TAB and LF stay, the other C0 controls, DEL and the C1 controls (U+0080–U+009F) are removed,
 *   and an unpaired surrogate becomes U+FFFD.
 * - Ids, keys, URLs, patterns and filters: refused with 400 (`invalid_payload`, the field's path).
 *   Changing them would name another thing than the caller meant, and no well-behaved client
 *   sends one (the widget sends `location.href`, which the browser has already percent-encoded).
 */

/** C0 controls but TAB, LF and CR; DEL; the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const CR_LINE_BREAKS = /\r\n?/g;
/** With the `u` flag a paired surrogate is one code point, so only an unpaired half is `Cs`. */
const LONE_SURROGATES = /\p{Cs}/gu;
/** Anything the exact fields refuse: every C0 control (TAB, LF and CR too), DEL, C1, an unpaired surrogate. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Text as stored: line breaks as LF, TAB kept, other controls removed, unpaired surrogates as U+FFFD. */
export function cleanText(text: string): string {
  // Surrogates first: removing a control between two halves must not join them into a character.
  return text.replace(LONE_SURROGATES, '\uFFFD').replace(CR_LINE_BREAKS, '\n').replace(CONTROLS, '');
}

/** Whether an exact field (id, key, URL, pattern, filter) holds a character it may not. */
export function hasControlCharacters(text: string): boolean {
  return UNSTORABLE.test(text);
}

const CONTROL_ERROR = 'Must not contain control characters (U+0000–U+001F, U+007F–U+009F) or unpaired surrogates.';

/** A string people write: cleaned by `cleanText` before any other check (so a length counts what is kept). */
export const humanText = () => z.string().overwrite(cleanText);

/** A string field's schema that refuses control characters instead (ids, keys, URLs, patterns, filters). */
export function exact<T extends z.ZodType<string, string>>(schema: T): T {
  return schema.refine((value) => !hasControlCharacters(value), { error: CONTROL_ERROR });
}

/** An exact string: `exact(z.string())`. */
export const exactText = () => exact(z.string());

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_REMOVED, LINK_REMOVED, SUMMARY_MAX, sanitiseModelText } from '../../../server/digest/model-text.ts';

/** The pieces a hijacked answer is made of: links in every form, addresses, mentions, markup, and look-alikes. */
const hostilePiece = fc.constantFrom(
  'https://heed-admin.evil.example/login',
  'http://10.0.0.1/x',
  'hxxps://evil[.]example',
  'https[:]//evil(dot)example',
  'ｈｔｔｐｓ：／／evil．example',
  'evil\u3002example',
  'evil\u200b.example',
  'heed-admin.evil.example/login',
  'bit.ly/abc',
  '//evil.example',
  'javascript:alert(1)',
  'mailto:ada',
  '[verify](https://evil.example)',
  '<https://evil.example|verify>',
  '<a href="https://evil.example">x</a>',
  '<img src=x onerror=alert(1)>',
  '<script>',
  'security@evil.example',
  'ada (at) evil (dot) example',
  '@channel',
  '@here',
  '@everyone',
  '＠everyone',
  '<!channel>',
  '<!here>',
  '<@U0123ABC>',
  '<@&123456>',
  '<#C123>',
  '<t:1700000000:R>',
  '**bold**',
  '__it__',
  '~~gone~~',
  '`code`',
  '```js',
  '# Heading',
  '> quote',
  '||spoiler||',
  '- [ ] task',
  '\\<',
  '&lt;!channel&gt;',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  ':',
  '/',
  '.',
  '@',
  '\n',
  '\r\n',
  '\u2028',
  '\u0000',
  '\ud800',
);
const plainPiece = fc.constantFrom(
  'Checkout',
  'is',
  'slow',
  'for',
  'some.',
  'Visitors',
  'praise',
  'search,',
  'e.g.',
  '3.5',
  'NPS:32',
  '—',
  '“great”',
  '😀',
  'über',
  '日本語',
  ' ',
);
const hostileAnswer = fc
  .array(fc.oneof(hostilePiece, plainPiece, fc.string({ maxLength: 20 })), { maxLength: 120 })
  .map((parts) => parts.join(''));
const spacedAnswer = fc.array(fc.oneof(hostilePiece, plainPiece), { maxLength: 120 }).map((parts) => parts.join(' '));

/** What the sanitiser promises about every answer. */
function expectSafe(out: string): void {
  expect(out.length).toBeLessThanOrEqual(SUMMARY_MAX);
  expect(out).not.toContain('://');
  expect(out).not.toContain('//');
  // No @-mention or address of any kind: no `@` at all.
  expect(out).not.toContain('@');
  // No markup: tags, Slack and Discord syntax, markdown.
  expect(out).not.toMatch(/[<>[\]*_~`|#\\{}^=]/);
  // No host a client would link: `x.yy` after a letter or digit.
  expect(out).not.toMatch(/[\p{L}\p{N}-]\.\p{L}{2}/u);
  // One paragraph of printable text.
  expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
  expect(out).toBe(out.trim());
}

describe('sanitiseModelText: a model’s answer as safe as a visitor’s words', () => {
  it('never lets a link, URL, address, mention or markup through, and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.oneof(hostileAnswer, spacedAnswer, fc.string({ unit: 'binary', maxLength: 800 })), (answer) =>
        expectSafe(sanitiseModelText(answer)),
      ),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: what it returns is already clean', () => {
    fc.assert(
      fc.property(fc.oneof(hostileAnswer, spacedAnswer), (answer) => {
        const once = sanitiseModelText(answer);
        expect(sanitiseModelText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves a plain summary as the model wrote it', () => {
    const words = fc.array(fc.stringMatching(/^[A-Za-zäöüé]{1,12}$/), { minLength: 1, maxLength: 12 });
    const sentence = fc.tuple(words, fc.constantFrom('.', '!', '?', ',', '')).map(([w, end]) => `${w.join(' ')}${end}`);
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 5 }), (sentences) => {
        const summary = sentences.join(' ');
        fc.pre(summary.length <= SUMMARY_MAX);
        expect(sanitiseModelText(summary)).toBe(summary);
      }),
    );
    const real =
      'Checkout feedback fell from 4.2 to 3.5 stars (−0.7): visitors say the pay button does nothing on phones, e.g. on iOS. Search is praised; NPS:32 (+5). 😀';
    expect(sanitiseModelText(real)).toBe(real);
  });

  it('says where it took something out, and keeps the words around it', () => {
    expect(sanitiseModelText('Your admin token has expired; re-verify it at https://heed-admin.evil.example/login now.')).toBe(
      `Your admin token has expired; re-verify it at ${LINK_REMOVED} now.`,
    );
    expect(sanitiseModelText('Write to security@evil.example, @channel')).toBe(`Write to ${ADDRESS_REMOVED} ${ADDRESS_REMOVED}`);
    expect(sanitiseModelText('Click [here](https://evil.example) or <https://evil.example|there> <!channel>')).toBe('Click here or');
    expect(sanitiseModelText('Visit heed-admin[.]evil[.]example or evil (dot) example')).toBe(`Visit ${LINK_REMOVED} or ${LINK_REMOVED}`);
  });

  it('cuts a long answer at a word, within the cap, ending in an ellipsis', () => {
    const out = sanitiseModelText('word '.repeat(400));
    expect(out.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(out).toMatch(/ word…$/);
  });

  it('is linear: a 2,048-character hostile answer takes under 5 ms (the median of 11 runs)', () => {
    const hostile = [
      '<'.repeat(2048),
      '<a'.repeat(1024),
      '['.repeat(2048),
      '[a]('.repeat(512),
      '[.'.repeat(1024),
      '( ('.repeat(682),
      'a.'.repeat(1024),
      'a:'.repeat(1024),
      '1.1'.repeat(682),
      '@'.repeat(2048),
      ' '.repeat(2048),
      '\u3002'.repeat(2048),
      `${'a'.repeat(2047)}:`,
      `${'.'.repeat(2047)}a`,
      'word '.repeat(410),
    ];
    for (const answer of hostile) {
      const times = Array.from({ length: 11 }, () => {
        const started = performance.now();
        sanitiseModelText(answer);
        return performance.now() - started;
      }).sort((a, b) => a - b);
      // The median: a garbage collection or a neighbour's burst on this shared machine is not the regex.
      expect(times[5], JSON.stringify(answer.slice(0, 8))).toBeLessThan(5);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defang, escapeDiscord, escapeHtml, escapeSlack, fit, headerSafe, httpUrl, lines, oneLine } from '../../../server/notify/escape.ts';

describe('escapeSlack', () => {
  it('turns mentions and links into text that cannot ping or point anywhere', () => {
    expect(escapeSlack('<!channel> hi <@U123>')).toBe('&lt;!channel&gt; hi &lt;@U123&gt;');
    expect(escapeSlack('<https://evil.example|your bank>')).toBe('&lt;https://evil.example|your bank&gt;');
  });

  it('escapes an ampersand first, so an escape the visitor typed shows as typed', () => {
    expect(escapeSlack('&lt;!here&gt; & co')).toBe('&amp;lt;!here&amp;gt; &amp; co');
  });

  it('leaves no raw angle bracket for any input', () => {
    fc.assert(fc.property(fc.string(), (text) => !/[<>]/.test(escapeSlack(text))));
  });
});

describe('escapeDiscord', () => {
  it('shows markdown characters as typed', () => {
    expect(escapeDiscord('**bold** _it_ ~~x~~ `code` ||spoiler|| > quote # title \\')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~x\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\> quote \\# title \\\\',
    );
  });

  it('breaks masked links so a visitor cannot disguise where a link goes', () => {
    expect(escapeDiscord('[your bank](https://evil.example)')).toBe('\\[your bank\\](https://evil.example)');
  });

  it('breaks @everyone, @here and user, role and channel mentions', () => {
    expect(escapeDiscord('@everyone @HERE <@123> <@!123> <@&456> <#789>')).toBe(
      '@\u200beveryone @\u200bHERE <@\u200b123\\> <@\u200b!123\\> <@\u200b&456\\> <\\#789\\>',
    );
  });

  it('leaves an email address as it is', () => {
    expect(escapeDiscord('ada@example.com')).toBe('ada@example.com');
  });
});

describe('escapeHtml', () => {
  it('makes a script tag and attribute breakouts inert text', () => {
    expect(escapeHtml(`<script>alert(1)</script>`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`" onmouseover='x' & more`)).toBe('&quot; onmouseover=&#39;x&#39; &amp; more');
  });
});

describe('headerSafe', () => {
  it('keeps a comment with CR/LF on one line, so it cannot add a header', () => {
    expect(headerSafe('Hello\r\nBcc: victim@example.com\r\n\r\nbody')).toBe('Hello Bcc: victim@example.com body');
  });

  it('removes control and bidi-override characters and collapses whitespace', () => {
    expect(headerSafe('  a\u0000b\tc\u202Egnp.exe\u2028 d  ')).toBe('a b c gnp.exe d');
  });

  it('caps the length with an ellipsis', () => {
    const subject = headerSafe('x'.repeat(500), 100);
    expect(subject).toHaveLength(100);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('never lets a line break or control character through', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !/[\p{Cc}\u2028\u2029]/u.test(headerSafe(text))));
  });
});

describe('httpUrl', () => {
  it('accepts http(s) URLs only', () => {
    expect(httpUrl('https://shop.example/a b')).toBe('https://shop.example/a%20b');
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(httpUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(httpUrl('not a url')).toBeNull();
  });
});

describe('fit', () => {
  it('returns short text rendered and whole', () => {
    expect(fit('a & b', 20, escapeSlack)).toBe('a &amp; b');
  });

  it('measures the rendered text and never cuts an escape in half', () => {
    const out = fit('&'.repeat(100), 23, escapeSlack);
    expect(out).toBe(`${'&amp;'.repeat(4)}…`);
  });

  it('never splits an emoji', () => {
    expect(fit('ab👩‍💻👩‍💻👩‍💻', 8)).toBe('ab👩‍💻…');
  });

  it('always fits and is a prefix of the whole rendering', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 10, max: 60 }), (text, max) => {
        const out = fit(text, max, escapeDiscord);
        const whole = escapeDiscord(text);
        return out.length <= max && (out === whole || whole.startsWith(out.slice(0, -1).trimEnd()));
      }),
    );
  });
});

describe('lines and oneLine', () => {
  const BREAKS = ['\r\n', '\r', '\n', '\v', '\f', '\u0085', '\u2028', '\u2029'];

  it('split on every character a destination may show as a line break, CRLF as one', () => {
    expect(lines(`${BREAKS.map((lineBreak, i) => `${i}${lineBreak}`).join('')}end`)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      'end',
    ]);
  });

  it('leave no line break in text kept on one line, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...BREAKS)), { maxLength: 20 }), (parts) => {
        const text = oneLine(parts.join(''));
        expect(lines(text)).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('defang', () => {
  it('leaves no scheme or dotted host a client would link', () => {
    expect(defang('https://evil.example/login?next=https://x.example')).toBe('hxxps://evil[.]example/login?next=hxxps://x[.]example');
    expect(defang('HTTP://1.2.3.4/')).toBe('HxxP://1[.]2[.]3[.]4/');
    expect(defang('verify at heed-admin.evil.example')).toBe('verify at heed-admin[.]evil[.]example');
  });
});

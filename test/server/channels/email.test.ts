import { describe, expect, it } from 'vitest';
import { buildFeedbackEmail } from '../../../server/channels/email.ts';
import { notification } from '../notify/notification-fixture.ts';

const build = (...args: Parameters<typeof notification>) => buildFeedbackEmail(notification(...args), 'owner@shop.example');

describe('buildFeedbackEmail', () => {
  it('sends to the given address with the rating, project and start of the comment in the subject', () => {
    const email = build();
    expect(email.to).toBe('owner@shop.example');
    expect(email.subject).toBe('[Heed] ★★☆☆☆ (2/5) on Shop: The checkout button does nothing on my phone.');
  });

  it('shows at most 60 characters of the comment in the subject', () => {
    const subject = build({ feedback: { comment: `${'word '.repeat(30)}end` } }).subject;
    expect(subject.startsWith('[Heed] ★★☆☆☆ (2/5) on Shop: word word')).toBe(true);
    expect(subject.slice('[Heed] ★★☆☆☆ (2/5) on Shop: '.length).length).toBeLessThanOrEqual(60);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('keeps CR/LF in a comment out of the subject, so it cannot add headers', () => {
    const subject = build({ feedback: { comment: 'Hi\r\nBcc: victim@example.com\r\n\r\n<b>x</b>' } }).subject;
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('[Heed] ★★☆☆☆ (2/5) on Shop: Hi Bcc: victim@example.com <b>x</b>');
  });

  it('says Feedback in the subject when there is no rating, and no colon when there is no comment', () => {
    expect(build({ feedback: { rating: null } }).subject).toBe('[Heed] Feedback on Shop: The checkout button does nothing on my phone.');
    expect(build({ feedback: { comment: null } }).subject).toBe('[Heed] ★★☆☆☆ (2/5) on Shop');
  });

  it('writes a plain-text part with the comment quoted, the details and the link to the item', () => {
    expect(build({ feedback: { comment: 'Line one\r\nLine two' } }).text).toBe(
      [
        'New feedback on Shop',
        '',
        '★★☆☆☆ (2/5)',
        '',
        '> Line one',
        '> Line two',
        '',
        'Page: https://shop.example/checkout?step=2 “Checkout”',
        'Category: bug',
        'From: ada@example.com',
        'Received: 2024-03-01 14:05 UTC',
        '',
        'Open in Heed: https://heed.example/admin/projects/pk_shop/feedback/7d3c',
      ].join('\n'),
    );
  });

  it('shows a script tag in the comment as text in the HTML part', () => {
    const { html } = build({
      feedback: { comment: '<script>alert(1)</script>', category: '<img src=x onerror=alert(1)>', email: '"><b>@x.io' },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('links the page and the item only when they are http(s)', () => {
    const good = build().html;
    expect(good).toContain(
      '<a href="https://shop.example/checkout?step=2" style="color:#2563eb">shop.example/checkout?step=2</a> “Checkout”',
    );
    expect(good).toContain('href="https://heed.example/admin/projects/pk_shop/feedback/7d3c"');

    const bad = build({ itemUrl: 'javascript:alert(1)', feedback: { page: { url: 'javascript:alert(1)', referrer: null, title: null } } });
    expect(bad.html).not.toMatch(/href="javascript/i);
    expect(bad.html).toContain('>javascript:alert(1)</td>');
    expect(bad.html).not.toContain('Open in Heed');
    expect(bad.text).not.toContain('Open in Heed');
  });

  it('shows a page off the project’s origins as defanged text under “Unverified page”, in neither part a link, never with the title as its label', () => {
    const { text, html } = build({
      feedback: {
        page: { url: 'https://evil.example/login', title: 'URGENT: your workspace will be suspended – verify here', verified: false },
      },
    });
    expect(text).toContain('\nUnverified page: evil[.]example/login “URGENT: your workspace will be suspended – verify here”\n');
    expect(html).toContain(
      '>Unverified page</td><td style="padding:4px 12px 4px 0;vertical-align:top">evil[.]example/login “URGENT: your workspace will be suspended – verify here”</td>',
    );
    // Mail clients link bare URLs and domains themselves: none may be left.
    expect(`${text}\n${html}`).not.toMatch(/https?:\/\/evil|evil\.example/);
  });

  it.each([
    ['a lone CR', '\r'],
    ['a line separator (U+2028)', '\u2028'],
    ['NEL (U+0085)', '\u0085'],
  ])('keeps the plain-text part’s lines its own after %s in a comment or category', (_name, lineBreak) => {
    const { text } = build({ feedback: { comment: `Broken${lineBreak}Rating: ★★★★★`, category: `bug${lineBreak}Rating: ★★★★★` } });
    expect(text).toContain('\n> Broken\n> Rating: ★★★★★\n');
    expect(text).toContain('\nCategory: bug Rating: ★★★★★\n');
  });

  it('escapes quotes in a linked URL so it cannot break out of the attribute', () => {
    const { html } = build({ feedback: { page: { url: "https://shop.example/?q='onmouseover='alert(1)", referrer: null, title: 'T' } } });
    expect(html).toContain('href="https://shop.example/?q=%27onmouseover=%27alert(1)"');
  });

  it('loads nothing from elsewhere: no images, stylesheets or scripts', () => {
    const { html } = build();
    expect(html).not.toMatch(/<(img|link|script|iframe)\b/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toContain('src=');
  });

  describe('a follow-up answer', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.\nOn iOS only.' };

    it('follows the comment in both parts: the question, then the answer quoted', () => {
      const { text, html } = build({ feedback: { followUp } });
      expect(text).toContain(
        '\n> The checkout button does nothing on my phone.\n\nFollow-up: What went wrong?\n> The pay button is greyed out.\n> On iOS only.\n\nPage:',
      );
      expect(html.indexOf('What went wrong?')).toBeGreaterThan(html.indexOf('The checkout button does nothing on my phone.'));
      expect(html).toMatch(/>What went wrong\?<\/p>\n<blockquote [^>]*>The pay button is greyed out\.\nOn iOS only\.<\/blockquote>/);
    });

    it('stands in for the comment in the subject when there is none', () => {
      expect(build({ feedback: { comment: null, followUp } }).subject).toBe(
        '[Heed] ★★☆☆☆ (2/5) on Shop: The pay button is greyed out. On iOS only.',
      );
    });

    it('shows markup in the question or the answer as text, and keeps the question on its one labelled line', () => {
      const { text, html } = build({
        feedback: {
          followUp: { question: '<b>Why?</b>\r\nPage: https://shop.example/pay', answer: '<img src=x onerror=alert(1)>\rRating: ★★★★★' },
        },
      });
      expect(html).not.toMatch(/<(img|b)\b/);
      expect(html).toContain('&lt;b&gt;Why?&lt;/b&gt; Page: https://shop.example/pay');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(text).toContain('\nFollow-up: <b>Why?</b> Page: https://shop.example/pay\n> <img src=x onerror=alert(1)>\n> Rating: ★★★★★\n');
      expect(text.split('\n').filter((line) => line.startsWith('Page:'))).toEqual([
        'Page: https://shop.example/checkout?step=2 “Checkout”',
      ]);
    });
  });

  it('marks the sentiment with the accent colour', () => {
    expect(build().html).toContain('border-top:4px solid #e5484d');
    expect(build({ feedback: { rating: { kind: 'thumbs', value: 1 } } }).html).toContain('border-top:4px solid #30a46c');
  });
});

import { describe, expect, it } from 'vitest';
import { buildSlackMessage } from '../../../server/channels/slack.ts';
import { notification } from '../notify/notification-fixture.ts';

interface SlackMessage {
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; elements?: { type: string; text: string }[] }[];
}

const build = (...args: Parameters<typeof notification>) => buildSlackMessage(notification(...args)) as SlackMessage;
/** Every mrkdwn string Slack will render, fallback included. */
const allText = (m: SlackMessage) => [m.text, ...m.blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)])];
const contextOf = (m: SlackMessage) => m.blocks.find((b) => b.type === 'context')!.elements!.map((e) => e.text);

describe('buildSlackMessage', () => {
  it('leads with the project and the rendered rating, and quotes the comment', () => {
    const m = build();
    expect(m.text).toBe('★★☆☆☆ (2/5) on Shop: The checkout button does nothing on my phone.');
    expect(m.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*New feedback on Shop*\n★★☆☆☆ (2/5)' } });
    expect(m.blocks[1]!.text!.text).toBe('> The checkout button does nothing on my phone.');
  });

  it('lists the page as a link labelled with its own address, its title quoted after it, the category and the email', () => {
    expect(contextOf(build())).toEqual([
      'Page: <https://shop.example/checkout?step=2|shop.example/checkout?step=2> “Checkout”',
      'Category: bug',
      'From: ada@example.com',
    ]);
  });

  it('links to the item in Heed when the server knows its URL, and not otherwise', () => {
    expect(build().blocks.at(-1)!.text!.text).toBe('<https://heed.example/admin/projects/pk_shop/feedback/7d3c|Open in Heed →>');
    expect(allText(build({ itemUrl: null })).join('\n')).not.toContain('Open in Heed');
  });

  it('leaves out the comment, category and email when there are none', () => {
    const m = build({ feedback: { comment: null, category: null, email: null, rating: { kind: 'thumbs', value: 1 } } });
    expect(m.text).toBe('👍 Helpful on Shop');
    expect(m.blocks.map((b) => b.type)).toEqual(['section', 'context', 'section']);
    expect(contextOf(m)).toHaveLength(1);
  });

  it('shows mentions a visitor typed as text, so they cannot ping the channel', () => {
    const m = build({ feedback: { comment: '<!channel> <!here> <@U123> look', category: '<!everyone>', email: '<@U9>@x.io' } });
    for (const text of allText(m)) {
      expect(text).not.toMatch(/<[!@]/);
    }
    expect(m.blocks[1]!.text!.text).toBe('> &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; look');
    expect(m.text).toContain('&lt;!channel&gt;');
  });

  it('does not let a comment forge a link', () => {
    const m = build({ feedback: { comment: '<https://evil.example|Reset your password>' } });
    expect(m.blocks[1]!.text!.text).toBe('> &lt;https://evil.example|Reset your password&gt;');
  });

  it('keeps every line of a multi-line comment inside the quote', () => {
    const m = build({ feedback: { comment: 'first\n> not ours\nthird' } });
    expect(m.blocks[1]!.text!.text).toBe('> first\n> &gt; not ours\n> third');
  });

  it('never links a javascript: page URL, even one marked verified, and shows the title as text', () => {
    const m = build({ feedback: { page: { url: 'javascript:alert(1)', title: 'Click <me>' } } });
    expect(contextOf(m)[0]).toBe('Page: javascript:alert(1) “Click &lt;me&gt;”');
    expect(contextOf(build({ feedback: { page: { url: 'javascript:alert(1)', title: 'Click <me>', verified: false } } }))[0]).toBe(
      'Unverified page: javascript:alert(1) “Click &lt;me&gt;”',
    );
  });

  it('keeps a page title out of the link: it can neither end it early nor change its target', () => {
    const m = build({
      feedback: { page: { url: 'https://shop.example/a|b', referrer: null, title: 'Home|https://evil.example> <!channel>' } },
    });
    expect(contextOf(m)[0]).toBe('Page: <https://shop.example/a%7Cb|shop.example/ab> “Home|https://evil.example&gt; &lt;!channel&gt;”');
  });

  it('labels the link with the page’s address when the page has no title', () => {
    const m = build({ feedback: { page: { url: 'https://shop.example/?a=1&b=2', referrer: null, title: null } } });
    expect(contextOf(m)[0]).toBe('Page: <https://shop.example/?a=1&amp;b=2|shop.example?a=1&amp;b=2>');
  });

  it('shows a page off the project’s origins as defanged text marked unverified, never a link, and never with the title as its label', () => {
    const m = build({
      feedback: {
        page: {
          url: 'https://evil.example/login?next=/workspace',
          title: 'URGENT: your workspace will be suspended – verify here',
          verified: false,
        },
      },
    });
    expect(contextOf(m)[0]).toBe(
      'Unverified page: evil[.]example/login?next=/workspace “URGENT: your workspace will be suspended – verify here”',
    );
    // Nothing Slack would link: no <url|label> and no bare URL or domain (Slack links those itself).
    const text = allText(m).join('\n');
    expect(text).not.toMatch(/<https?:\/\/evil|https?:\/\/evil|evil\.example/);
  });

  it('defangs a URL in an unverified page’s title too', () => {
    const m = build({
      feedback: { page: { url: 'https://evil.example/', title: 'Verify at https://heed-admin.evil.example/login', verified: false } },
    });
    expect(contextOf(m)[0]).toBe('Unverified page: evil[.]example “Verify at hxxps://heed-admin[.]evil[.]example/login”');
  });

  it.each([
    ['a lone CR', '\r'],
    ['CR LF', '\r\n'],
    ['a vertical tab', '\v'],
    ['a form feed', '\f'],
    ['NEL (U+0085)', '\u0085'],
    ['a line separator (U+2028)', '\u2028'],
    ['a paragraph separator (U+2029)', '\u2029'],
  ])('keeps a line after %s in a comment inside the quote, so no rating line can be forged', (_name, lineBreak) => {
    const m = build({ feedback: { comment: `Broken checkout${lineBreak}*Rating:* ★★★★★` } });
    expect(m.blocks[1]!.text!.text).toBe('> Broken checkout\n> *Rating:* ★★★★★');
    expect(m.text).toBe('★★☆☆☆ (2/5) on Shop: Broken checkout *Rating:* ★★★★★');
  });

  it('keeps a category, email and page title on their one line, whatever line breaks they hold', () => {
    const m = build({
      feedback: {
        category: 'bug\r*Rating:* ★★★★★',
        email: 'ada@example.com\u2028*Rating:* ★★★★★',
        page: { title: 'Checkout\n*Rating:* ★★★★★' },
      },
    });
    expect(contextOf(m)).toEqual([
      'Page: <https://shop.example/checkout?step=2|shop.example/checkout?step=2> “Checkout *Rating:* ★★★★★”',
      'Category: bug *Rating:* ★★★★★',
      'From: ada@example.com *Rating:* ★★★★★',
    ]);
  });

  it("truncates a long comment within Slack's 3000-character section limit, after escaping", () => {
    const m = build({ feedback: { comment: '<&>'.repeat(4000) } });
    const quoted = m.blocks[1]!.text!.text;
    expect(quoted.length).toBeLessThanOrEqual(3000);
    expect(quoted.length).toBeGreaterThan(2950);
    expect(quoted).toMatch(/^> (&lt;&amp;&gt;)+(&lt;|&lt;&amp;)?…$/);
    expect(m.text.length).toBeLessThanOrEqual('★★☆☆☆ (2/5) on Shop: '.length + 150);
  });

  describe('a follow-up answer', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.\nOn iOS only.' };

    it('shows its question in bold and the answer quoted, after the comment', () => {
      const m = build({ feedback: { followUp } });
      expect(m.blocks[1]!.text!.text).toBe('> The checkout button does nothing on my phone.');
      expect(m.blocks[2]).toEqual({
        type: 'section',
        text: { type: 'mrkdwn', text: '*What went wrong?*\n> The pay button is greyed out.\n> On iOS only.' },
      });
    });

    it('stands in for the comment in the notification banner when there is none', () => {
      const m = build({ feedback: { comment: null, followUp } });
      expect(m.text).toBe('★★☆☆☆ (2/5) on Shop: The pay button is greyed out. On iOS only.');
      expect(m.blocks[1]!.text!.text).toBe('*What went wrong?*\n> The pay button is greyed out.\n> On iOS only.');
    });

    it('shows mentions and links in the question or the answer as text, and keeps every line of the answer in the quote', () => {
      const m = build({
        feedback: {
          comment: null,
          followUp: {
            question: '<!channel> What\r*Rating:* ★★★★★',
            answer: '<@U123> <https://evil.example|Reset your password>\u2028*Rating:* ★★★★★\n> not ours',
          },
        },
      });
      for (const text of allText(m)) expect(text).not.toMatch(/<[!@]|<https?:\/\/evil/);
      expect(m.blocks[1]!.text!.text).toBe(
        [
          // The question's line break cannot start a line of its own.
          '*&lt;!channel&gt; What *Rating:* ★★★★★*',
          '> &lt;@U123&gt; &lt;https://evil.example|Reset your password&gt;',
          '> *Rating:* ★★★★★',
          '> &gt; not ours',
        ].join('\n'),
      );
    });

    it("is cut like the comment to Slack's 3000-character section limit, after escaping", () => {
      const m = build({ feedback: { followUp: { question: 'What went wrong?', answer: '<&>'.repeat(2000) } } });
      const block = m.blocks[2]!.text!.text;
      expect(block.length).toBeLessThanOrEqual(3000);
      expect(block.length).toBeGreaterThan(2950);
      expect(block).toMatch(/^\*What went wrong\?\*\n> (&lt;&amp;&gt;)+(&lt;|&lt;&amp;)?…$/);
    });
  });

  it('escapes the project name too', () => {
    expect(build({ project: { key: 'pk_x', name: 'A & <B>' } }).blocks[0]!.text!.text).toBe(
      '*New feedback on A &amp; &lt;B&gt;*\n★★☆☆☆ (2/5)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { buildDigestSlackMessage } from '../../../server/channels/slack.ts';
import { DAY, digest, emptyDigest } from '../notify/digest-fixture.ts';

interface Text {
  type: string;
  text: string;
}
interface SlackMessage {
  text: string;
  blocks: { type: string; text?: Text; fields?: Text[]; elements?: Text[] }[];
}

const build = (...args: Parameters<typeof digest>) => buildDigestSlackMessage(digest(...args)) as SlackMessage;
/** Every string Slack will render, fallback included. */
const allText = (m: SlackMessage) => [
  m.text,
  ...m.blocks.flatMap((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => e.text)]),
];
const sectionStarting = (m: SlackMessage, start: string) => m.blocks.find((b) => b.text?.text.startsWith(start))?.text?.text;
const fieldsOf = (m: SlackMessage) => m.blocks.find((b) => b.fields)!.fields!.map((f) => f.text);

/** Every user-facing string at its worst: mentions, forged links, markup, line breaks. */
const HOSTILE = '<!channel> <@U123> <https://evil.example|Reset your password> &amp; <script>alert(1)</script>';

describe('buildDigestSlackMessage', () => {
  it("heads the message with the project, the kind of digest and the period's day, and says the exact period", () => {
    const m = build();
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Shop — daily digest, Tue 24 Nov', emoji: true } });
    expect(m.blocks[1]!.elements![0]!.text).toBe('Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin) · changes against the previous day');
    expect(m.text).toBe('Shop — daily digest, Tue 24 Nov: 48 responses, NPS 32 (+5)');
  });

  it('shows responses, the comment share and each kind with its change, as a site owner reads them', () => {
    expect(fieldsOf(build())).toEqual([
      '*Responses*\n48 (+14%)',
      '*With a comment*\n18 of 48 (38%), mood 😐',
      '*Stars* · 20 ratings\n4.0 / 5 (\u22120.2)',
      '*NPS* · 25 ratings\n8.0 / 10 (+0.4)\nNPS 32 (+5)',
    ]);
  });

  it('says fewer responses as a negative change and a first period as new', () => {
    expect(fieldsOf(build({ count: 38, previousCount: 40 }))[0]).toBe('*Responses*\n38 (\u22125%)');
    expect(fieldsOf(build({ previousCount: 0 }))[0]).toBe('*Responses*\n48 (new)');
  });

  it('spreads the ratings per kind, stars highest first', () => {
    expect(sectionStarting(build(), '*How they rated*')).toBe(
      '*How they rated*\nStars: 5★ 9 · 4★ 6 · 3★ 2 · 2★ 2 · 1★ 1\nNPS: Promoters 12 · Passives 9 · Detractors 4',
    );
  });

  it('lists top themes with their count and a sentiment face', () => {
    expect(sectionStarting(build(), '*Top themes*')).toBe(
      '*Top themes*\n• checkout button — 7 comments 🙁\n• delivery time — 4 comments 😐\n• new design — 3 comments 🙂',
    );
  });

  it('links the best and worst pages', () => {
    const m = build();
    expect(sectionStarting(m, '*Best pages*')).toContain('• <https://shop.example/|shop.example> — 14 responses · score 91/100');
    expect(sectionStarting(m, '*Worst pages*')).toContain(
      '• <https://shop.example/checkout?step=2|shop.example/checkout?step=2> — 9 responses · score 38/100',
    );
  });

  it('never links a javascript: page, and shows it as escaped text', () => {
    const m = build({
      pages: { best: [], worst: [{ page: 'javascript:alert("<!channel>")', verified: true, count: 2, averageScore: 0.1 }] },
    });
    expect(sectionStarting(m, '*Worst pages*')).toBe('*Worst pages*\n• javascript:alert("&lt;!channel&gt;") — 2 responses · score 10/100');
    expect(m.blocks.find((b) => b.text?.text.startsWith('*Best pages*'))).toBeUndefined();
  });

  it('quotes the lowest-rated comments with their rating and page', () => {
    const m = build();
    const i = m.blocks.findIndex((b) => b.text?.text === '*Lowest-rated comments*');
    expect(m.blocks[i + 1]!.text!.text).toBe(
      '> The checkout button does nothing on my phone.\n★☆☆☆☆ (1/5) · <https://shop.example/checkout?step=2|shop.example/checkout?step=2>',
    );
    expect(m.blocks[i + 2]!.text!.text).toBe(
      '> Shipping costs only show up at the very end.\nNPS 3 — detractor · <https://shop.example/shipping|shop.example/shipping>',
    );
  });

  it('shows pages off the project’s origins as defanged text marked unverified, never as links', () => {
    const m = build({
      pages: { best: [], worst: [{ page: 'https://evil.example/login', verified: false, count: 2, averageScore: 0 }] },
      lowest: [{ ...digest().lowest[0]!, page: 'https://evil.example/verify', pageVerified: false }],
    });
    expect(sectionStarting(m, '*Worst pages*')).toBe('*Worst pages*\n• evil[.]example/login (unverified) — 2 responses · score 0/100');
    expect(allText(m)).toContain('> The checkout button does nothing on my phone.\n★☆☆☆☆ (1/5) · evil[.]example/verify (unverified)');
    expect(allText(m).join('\n')).not.toMatch(/https?:\/\/evil|evil\.example/);
  });

  it.each([
    ['a lone CR', '\r'],
    ['a line separator (U+2028)', '\u2028'],
    ['NEL (U+0085)', '\u0085'],
  ])('keeps a line after %s in a comment inside the quote', (_name, lineBreak) => {
    const m = build({ lowest: [{ ...digest().lowest[0]!, comment: `Broken${lineBreak}*Rating:* ★★★★★` }] });
    expect(allText(m)).toContain(
      '> Broken\n> *Rating:* ★★★★★\n★☆☆☆☆ (1/5) · <https://shop.example/checkout?step=2|shop.example/checkout?step=2>',
    );
  });

  describe('a follow-up answer among the lowest-rated', () => {
    const where = '★☆☆☆☆ (1/5) · <https://shop.example/checkout?step=2|shop.example/checkout?step=2>';
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.' };

    it('shows its question in bold and the answer quoted, under the comment', () => {
      const m = build({ lowest: [{ ...digest().lowest[0]!, followUp }] });
      expect(allText(m)).toContain(
        `> The checkout button does nothing on my phone.\n*What went wrong?*\n> The pay button is greyed out.\n${where}`,
      );
    });

    it('is the quote where the visitor wrote no comment', () => {
      const m = build({ lowest: [{ ...digest().lowest[0]!, comment: null, followUp }] });
      expect(allText(m)).toContain(`*What went wrong?*\n> The pay button is greyed out.\n${where}`);
    });

    it('escapes the question and the answer, and keeps a line break in either from starting a line of its own', () => {
      const m = build({
        lowest: [
          {
            ...digest().lowest[0]!,
            comment: null,
            followUp: { question: '<!channel>\r*Rating:* ★★★★★', answer: HOSTILE + '\u2028*Rating:* ★★★★★' },
          },
        ],
      });
      for (const text of allText(m)) expect(text).not.toMatch(/<[!@]|<https?:\/\/evil|<script/);
      expect(allText(m)).toContain(
        `*&lt;!channel&gt; *Rating:* ★★★★★*\n> &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|Reset your password&gt; &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;\n> *Rating:* ★★★★★\n${where}`,
      );
    });

    it('cuts a long comment and answer, both shown, within Slack’s section limit', () => {
      const m = build({
        lowest: [
          { ...digest().lowest[0]!, comment: 'c'.repeat(4000), followUp: { question: 'What went wrong?', answer: '<'.repeat(2000) } },
        ],
      });
      const block = allText(m).find((text) => text.endsWith(where))!;
      expect(block.length).toBeLessThanOrEqual(3000);
      expect(block).toMatch(/^> c+…\n\*What went wrong\?\*\n> (&lt;)+…\n/);
    });
  });

  it('keeps every line of a multi-line comment inside the quote', () => {
    const m = build({ lowest: [{ ...digest().lowest[0]!, comment: 'first\r\n> not ours\nthird' }] });
    expect(allText(m)).toContain(
      '> first\n> &gt; not ours\n> third\n★☆☆☆☆ (1/5) · <https://shop.example/checkout?step=2|shop.example/checkout?step=2>',
    );
  });

  it('ends with the summary and a link to the insights', () => {
    const m = build();
    expect(m.blocks.at(-2)!.text!.text).toBe('*Summary*\nCheckout complaints doubled; most mention the pay button on mobile.');
    expect(m.blocks.at(-1)!.text!.text).toBe('<https://heed.example/admin/projects/pk_shop/insights|Open insights in Heed →>');
  });

  it('leaves out the summary and the link when there are none, and never links a javascript: dashboard URL', () => {
    for (const dashboardUrl of [null, 'javascript:alert(1)']) {
      const text = allText(build({ summary: null, dashboardUrl })).join('\n');
      expect(text).not.toContain('Summary');
      expect(text).not.toContain('Open insights');
    }
  });

  it('shows hostile project names, themes, pages, comments and summaries as text that cannot ping or link', () => {
    const comment = { ...digest().lowest[0]!, comment: HOSTILE, page: `https://shop.example/a|b>${HOSTILE}` };
    const m = build({
      project: { key: 'pk_x', name: HOSTILE },
      themes: [{ phrase: HOSTILE, count: 2, sentiment: -1 }],
      pages: {
        best: [{ page: HOSTILE, verified: true, count: 1, averageScore: 1 }],
        worst: [{ page: `https://shop.example/?q=${HOSTILE}`, verified: true, count: 1, averageScore: 0 }],
      },
      lowest: [comment],
      summary: HOSTILE,
    });
    for (const text of allText(m)) {
      expect(text).not.toMatch(/<[!@]/);
      expect(text).not.toContain('<https://evil');
      expect(text).not.toContain('<script');
    }
    expect(m.blocks[0]!.text!.text).toContain('&lt;!channel&gt;');
    expect(sectionStarting(m, '*Summary*')).toBe(
      '*Summary*\n&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|Reset your password&gt; &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('stays within every Slack limit with many long comments, themes and pages', () => {
    const long = (n: number) => `${'<&> '.repeat(n)}`;
    const m = build({
      project: { key: 'pk_x', name: long(100) },
      themes: Array.from({ length: 200 }, (_, i) => ({ phrase: `${i} ${long(200)}`, count: i, sentiment: 0 })),
      pages: {
        best: Array.from({ length: 100 }, (_, i) => ({
          page: `https://shop.example/${i}/${'p'.repeat(3000)}`,
          verified: true,
          count: i,
          averageScore: 0.9,
        })),
        worst: Array.from({ length: 100 }, (_, i) => ({
          page: `https://shop.example/${i}?${'|'.repeat(3000)}`,
          verified: true,
          count: i,
          averageScore: 0.1,
        })),
      },
      lowest: Array.from({ length: 50 }, (_, i) => ({
        ...digest().lowest[0]!,
        id: `fb_${i}`,
        comment: long(2000),
        page: `https://shop.example/${'x'.repeat(5000)}`,
      })),
      summary: long(2000),
    });
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const header = m.blocks[0]!.text!.text;
    expect(header.length).toBeLessThanOrEqual(150);
    expect(header.endsWith('— daily digest, Tue 24 Nov')).toBe(true);
    for (const block of m.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(10);
        for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(2000);
      }
    }
    expect(m.text.length).toBeLessThanOrEqual(3000);
    // The top ten themes, each shortened.
    expect(sectionStarting(m, '*Top themes*')!.split('\n• ')).toHaveLength(11);
    // Five comments at most, each shortened but there.
    const quoted = m.blocks.filter((b) => b.text?.text.startsWith('> '));
    expect(quoted).toHaveLength(5);
    for (const block of quoted) expect(block.text!.text).toMatch(/…\n★☆☆☆☆ \(1\/5\) · /);
  });

  it('says so when there was no feedback, with how many the period before had', () => {
    const m = buildDigestSlackMessage(emptyDigest()) as SlackMessage;
    expect(m.text).toBe('Shop — daily digest, Tue 24 Nov: No feedback');
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section']);
    expect(m.blocks[1]!.elements![0]!.text).toBe('Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)');
    expect(m.blocks[2]!.text!.text).toBe('*No feedback this period.* (3 responses the previous day)');
    expect((buildDigestSlackMessage(emptyDigest({ previousCount: 0 })) as SlackMessage).blocks[2]!.text!.text).toBe(
      '*No feedback this period.*',
    );
  });

  it("dates a New York project's digest by its own day", () => {
    const to = Date.UTC(2026, 10, 24, 5);
    const m = build({ period: { from: to - DAY, to, timeZone: 'America/New_York' } });
    expect(m.blocks[0]!.text!.text).toBe('Shop — daily digest, Mon 23 Nov');
    expect(m.blocks[1]!.elements![0]!.text).toMatch(/^Mon 23 Nov 00:00 – Tue 24 Nov 00:00 \(America\/New_York\)/);
  });

  it('names a weekly digest by its days and compares with the previous week', () => {
    const m = build({ period: { from: Date.UTC(2026, 10, 16, 8), frequency: 'weekly' } });
    expect(m.blocks[0]!.text!.text).toBe('Shop — weekly digest, Mon 16 Nov – Tue 24 Nov');
    expect(m.blocks[1]!.elements![0]!.text).toContain('changes against the previous week');
  });
});

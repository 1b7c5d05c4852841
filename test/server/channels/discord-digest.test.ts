import { describe, expect, it } from 'vitest';
import { buildDigestDiscordMessage, type DigestDiscordEmbed } from '../../../server/channels/discord.ts';
import { DAY, digest, emptyDigest } from '../notify/digest-fixture.ts';

const embedOf = (...args: Parameters<typeof digest>) => buildDigestDiscordMessage(digest(...args)).embeds[0];
const field = (e: DigestDiscordEmbed, name: string) => e.fields.find((f) => f.name === name)?.value;
/** What counts towards Discord's 6000-character total for an embed. */
const total = (e: DigestDiscordEmbed) =>
  e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('buildDigestDiscordMessage', () => {
  it('sends one embed: the figures as fields, the period and summary as description, linked to the insights', () => {
    expect(buildDigestDiscordMessage(digest())).toEqual({
      embeds: [
        {
          title: 'Shop — daily digest, Tue 24 Nov',
          description:
            'Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)\n\nCheckout complaints doubled; most mention the pay button on mobile.',
          url: 'https://heed.example/admin/projects/pk_shop/insights',
          color: 0x8b8d98,
          timestamp: '2026-11-24T08:00:00.000Z',
          footer: { text: 'Changes against the previous day' },
          fields: [
            { name: 'Responses', value: '48 (+14%)', inline: true },
            { name: 'With a comment', value: '18 of 48 (38%), mood 😐', inline: true },
            { name: 'Stars · 20 ratings', value: '4.0 / 5 (\u22120.2)\n5★ 9 · 4★ 6 · 3★ 2 · 2★ 2 · 1★ 1', inline: true },
            { name: 'NPS · 25 ratings', value: '8.0 / 10 (+0.4)\nNPS 32 (+5)\nPromoters 12 · Passives 9 · Detractors 4', inline: true },
            {
              name: 'Top themes',
              value: '• checkout button — 7 comments 🙁\n• delivery time — 4 comments 😐\n• new design — 3 comments 🙂',
              inline: false,
            },
            {
              name: 'Best pages',
              value:
                '• [shop.example](https://shop.example/) — 14 responses · score 91/100\n• [shop.example/products/kettle](https://shop.example/products/kettle) — 6 responses · score 85/100',
              inline: false,
            },
            {
              name: 'Worst pages',
              value:
                '• [shop.example/checkout?step=2](https://shop.example/checkout?step=2) — 9 responses · score 38/100\n• [shop.example/shipping](https://shop.example/shipping) — 4 responses · score 55/100',
              inline: false,
            },
            { name: '★☆☆☆☆ (1/5) · shop.example/checkout?step=2', value: '> The checkout button does nothing on my phone.', inline: false },
            { name: 'NPS 3 — detractor · shop.example/shipping', value: '> Shipping costs only show up at the very end.', inline: false },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('colours by the mood of the comments: red, grey, green', () => {
    expect(embedOf({ sentiment: -0.5 }).color).toBe(0xe5484d);
    expect(embedOf({ sentiment: null }).color).toBe(0x8b8d98);
    expect(embedOf({ sentiment: 0.4 }).color).toBe(0x30a46c);
  });

  it('breaks @everyone, @here and mentions in the project name, themes, comments and summary', () => {
    const e = embedOf({
      project: { key: 'pk_x', name: '@everyone' },
      themes: [{ phrase: '@here <@123>', count: 2, sentiment: 0 }],
      lowest: [{ ...digest().lowest[0]!, comment: '@everyone look' }],
      summary: '@everyone <@&456>',
    });
    expect(buildDigestDiscordMessage(digest({ summary: '@everyone' })).allowed_mentions).toEqual({ parse: [] });
    expect(e.title).toBe('@\u200beveryone — daily digest, Tue 24 Nov');
    expect(field(e, 'Top themes')).toBe('• @\u200bhere <@\u200b123\\> — 2 comments 😐');
    expect(e.fields.at(-1)!.value).toBe('> @\u200beveryone look');
    expect(e.description).toContain('@\u200beveryone <@\u200b&456\\>');
  });

  it('shows markdown and masked links in a comment or summary as typed, inside our quote', () => {
    const e = embedOf({
      lowest: [{ ...digest().lowest[0]!, comment: '**urgent**\n[login](https://evil.example)\n> x' }],
      summary: '# [bank](https://evil.example)',
    });
    expect(e.fields.at(-1)!.value).toBe('> \\*\\*urgent\\*\\*\n> \\[login\\](https://evil.example)\n> \\> x');
    expect(e.description).toContain('\\# \\[bank\\](https://evil.example)');
  });

  it('shows a lowest-rated item’s follow-up under its comment: the question in bold, the answer quoted, both escaped', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.' };
    expect(embedOf({ lowest: [{ ...digest().lowest[0]!, followUp }] }).fields.at(-1)!.value).toBe(
      '> The checkout button does nothing on my phone.\n**What went wrong?**\n> The pay button is greyed out.',
    );
    const hostile = embedOf({
      lowest: [
        {
          ...digest().lowest[0]!,
          comment: null,
          followUp: { question: '@everyone\n**Why**', answer: '[login](https://evil.example)\r> x' },
        },
      ],
    });
    expect(hostile.fields.at(-1)!.value).toBe('**@\u200beveryone \\*\\*Why\\*\\***\n> \\[login\\](https://evil.example)\n> \\> x');
  });

  it('keeps long comments with long follow-up answers within 1024 per field and 6000 in all', () => {
    const e = embedOf({
      lowest: Array.from({ length: 5 }, (_, i) => ({
        ...digest().lowest[0]!,
        id: `fb_${i}`,
        comment: 'c'.repeat(4000),
        followUp: { question: 'q'.repeat(200), answer: 'a'.repeat(2000) },
      })),
    });
    expect(total(e)).toBeLessThanOrEqual(6000);
    for (const f of e.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(e.fields.at(-1)!.value).toMatch(/^> c+…\n\*\*q+…?\*\*\n> a+…$/);
  });

  it('shows pages off the project’s origins as defanged text marked unverified, never as links', () => {
    const e = embedOf({
      pages: { best: [], worst: [{ page: 'https://evil.example/login', verified: false, count: 2, averageScore: 0 }] },
      lowest: [{ ...digest().lowest[0]!, page: 'https://evil.example/verify', pageVerified: false }],
    });
    expect(field(e, 'Worst pages')).toBe('• evil\\[.\\]example/login (unverified) — 2 responses · score 0/100');
    expect(e.fields.map((f) => f.name)).toContain('★☆☆☆☆ (1/5) · evil\\[.\\]example/verify (unverified)');
    expect(JSON.stringify(e)).not.toMatch(/https?:\/\/evil|evil\.example/);
  });

  it('never links a javascript: page or dashboard URL', () => {
    const e = embedOf({
      dashboardUrl: 'javascript:alert(1)',
      pages: { best: [], worst: [{ page: 'javascript:alert(1)', verified: true, count: 1, averageScore: 0 }] },
    });
    expect(e).not.toHaveProperty('url');
    expect(field(e, 'Worst pages')).toBe('• javascript:alert(1) — 1 response · score 0/100');
    expect(field(e, 'Best pages')).toBeUndefined();
  });

  it('stays within every Discord limit with many long comments, themes and pages, keeping the figures and comments', () => {
    const e = embedOf({
      project: { key: 'pk_x', name: '_'.repeat(400) },
      themes: Array.from({ length: 100 }, (_, i) => ({ phrase: `${i} ${'*'.repeat(500)}`, count: i, sentiment: -1 })),
      pages: {
        best: Array.from({ length: 50 }, (_, i) => ({
          page: `https://shop.example/${i}/${'(p)'.repeat(1000)}`,
          verified: true,
          count: i,
          averageScore: 1,
        })),
        worst: Array.from({ length: 50 }, (_, i) => ({
          page: `https://shop.example/${i}/${'w'.repeat(3000)}`,
          verified: true,
          count: i,
          averageScore: 0,
        })),
      },
      lowest: Array.from({ length: 30 }, (_, i) => ({
        ...digest().lowest[0]!,
        id: `fb_${i}`,
        comment: '_'.repeat(5000),
        page: `https://shop.example/${'x'.repeat(500)}`,
      })),
      summary: '#'.repeat(5000),
    });
    expect(total(e)).toBeLessThanOrEqual(6000);
    expect(total(e)).toBeGreaterThan(5000);
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.title.endsWith('— daily digest, Tue 24 Nov')).toBe(true);
    expect(e.description.length).toBeLessThanOrEqual(4096);
    expect(e.fields.length).toBeLessThanOrEqual(25);
    for (const f of e.fields) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(f.value.length).toBeGreaterThan(0);
    }
    expect(field(e, 'Responses')).toBe('48 (+14%)');
    expect(field(e, 'NPS · 25 ratings')).toContain('NPS 32 (+5)');
    expect(field(e, 'Top themes')).toMatch(/^• 0 (\\\*)+… — 0 comments 🙁/);
    // Pages give way first; the lowest-rated comments stay, shortened.
    const comments = e.fields.filter((f) => f.name.startsWith('★☆☆☆☆ (1/5)'));
    expect(comments).toHaveLength(5);
    for (const f of comments) expect(f.value).toMatch(/^> (\\_)+…$/);
  });

  it('says so when there was no feedback, with no figures', () => {
    const e = buildDigestDiscordMessage(emptyDigest()).embeds[0];
    expect(e.description).toBe(
      'Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)\n\n**No feedback this period.** (3 responses the previous day)',
    );
    expect(e.fields).toEqual([]);
    expect(e.footer.text).toBe('Heed digest');
  });

  it("dates a New York project's digest by its own day", () => {
    const to = Date.UTC(2026, 10, 24, 14);
    const e = embedOf({ period: { from: to - DAY, to, timeZone: 'America/New_York' } });
    expect(e.title).toBe('Shop — daily digest, Tue 24 Nov');
    expect(e.description.startsWith('Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (America/New_York)')).toBe(true);
    expect(e.timestamp).toBe('2026-11-24T14:00:00.000Z');
  });
});

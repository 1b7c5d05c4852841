import { describe, expect, it } from 'vitest';
import { buildDiscordMessage } from '../../../server/channels/discord.ts';
import { notification } from '../notify/notification-fixture.ts';

const build = (...args: Parameters<typeof notification>) => buildDiscordMessage(notification(...args));
const embedOf = (...args: Parameters<typeof notification>) => build(...args).embeds[0];
const field = (name: string, ...args: Parameters<typeof notification>) => embedOf(...args).fields.find((f) => f.name === name)?.value;
/** What counts towards Discord's 6000-character total for an embed. */
const total = (e: ReturnType<typeof embedOf>) =>
  e.title.length + (e.description?.length ?? 0) + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('buildDiscordMessage', () => {
  it('sends one embed: project and rating as title, comment as description, a link to the item and the time', () => {
    expect(build()).toEqual({
      embeds: [
        {
          title: 'Shop — ★★☆☆☆ (2/5)',
          description: 'The checkout button does nothing on my phone.',
          url: 'https://heed.example/admin/projects/pk_shop/feedback/7d3c',
          color: 0xe5484d,
          timestamp: '2024-03-01T14:05:09.000Z',
          fields: [
            { name: 'Page', value: '[shop.example/checkout?step=2](https://shop.example/checkout?step=2) “Checkout”', inline: false },
            { name: 'Category', value: 'bug', inline: true },
            { name: 'Email', value: 'ada@example.com', inline: true },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('always says that no mention may ping', () => {
    expect(build({ feedback: { comment: '@everyone' } }).allowed_mentions).toEqual({ parse: [] });
  });

  it('colours by sentiment: red for low, green for high, grey otherwise', () => {
    expect(embedOf({ feedback: { rating: { kind: 'nps', value: 10 } } }).color).toBe(0x30a46c);
    expect(embedOf({ feedback: { rating: { kind: 'csat', value: 3 } } }).color).toBe(0x8b8d98);
    expect(embedOf({ feedback: { rating: null } }).color).toBe(0x8b8d98);
    expect(embedOf({ feedback: { rating: { kind: 'thumbs', value: 0 } } }).color).toBe(0xe5484d);
  });

  it('breaks @everyone, @here and mentions in what the visitor wrote', () => {
    const e = embedOf({ feedback: { comment: '@everyone @here <@123> <@&456>', category: '@here' } });
    expect(e.description).toBe('@\u200beveryone @\u200bhere <@\u200b123\\> <@\u200b&456\\>');
    expect(field('Category', { feedback: { category: '@here' } })).toBe('@\u200bhere');
  });

  it('shows markdown characters and masked links as typed', () => {
    expect(embedOf({ feedback: { comment: '**urgent** [login](https://evil.example) # help' } }).description).toBe(
      '\\*\\*urgent\\*\\* \\[login\\](https://evil.example) \\# help',
    );
  });

  it('never links a javascript: page URL, even one marked verified', () => {
    expect(field('Page', { feedback: { page: { url: 'javascript:alert(1)', referrer: null, title: 'Pricing' } } })).toBe(
      'javascript:alert(1) “Pricing”',
    );
    expect(field('Page', { feedback: { page: { url: 'javascript:alert(1)', referrer: null, title: null } } })).toBe('javascript:alert(1)');
  });

  it('keeps a page title out of the masked link, and the URL from ending it early', () => {
    const value = field('Page', {
      feedback: { page: { url: 'https://shop.example/a_(b)', referrer: null, title: 'x](https://evil.example)' } },
    });
    expect(value).toBe('[shop.example/a\\_(b)](https://shop.example/a_%28b%29) “x\\](https://evil.example)”');
  });

  it('shows a page off the project’s origins as defanged text under “Unverified page”, never a link, never with the title as its label', () => {
    const e = embedOf({
      feedback: {
        page: { url: 'https://evil.example/login', title: 'URGENT: your workspace will be suspended – verify here', verified: false },
      },
    });
    expect(e.fields[0]).toEqual({
      name: 'Unverified page',
      value: 'evil\\[.\\]example/login “URGENT: your workspace will be suspended – verify here”',
      inline: false,
    });
    // Discord links bare http(s) URLs itself: none may be left.
    expect(JSON.stringify(e.fields)).not.toMatch(/\]\(|https?:\/\/evil|evil\.example/);
  });

  it('keeps a category and email on their one line, whatever line breaks they hold', () => {
    const e = embedOf({ feedback: { category: 'bug\r\nRating: 5', email: 'ada@example.com\u2029Rating: 5' } });
    expect(e.fields.slice(1).map((f) => f.value)).toEqual(['bug Rating: 5', 'ada@example.com Rating: 5']);
  });

  it('leaves out the description, category and email, and the item link, when there are none', () => {
    const e = embedOf({ itemUrl: null, feedback: { comment: null, category: null, email: null } });
    expect(e).not.toHaveProperty('description');
    expect(e).not.toHaveProperty('url');
    expect(e.fields.map((f) => f.name)).toEqual(['Page']);
  });

  it("truncates a long comment to Discord's 4096-character description, after escaping", () => {
    const e = embedOf({ feedback: { comment: '*'.repeat(4000) } });
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.description).toMatch(/^(\\\*)+…$/);
  });

  it('keeps the title within 256 characters and field values within 1024', () => {
    const e = embedOf({
      project: { key: 'pk_x', name: '_'.repeat(300) },
      feedback: {
        category: '#'.repeat(2000),
        email: `${'a'.repeat(1100)}@example.com`,
        page: { url: `https://shop.example/${'p'.repeat(2000)}`, referrer: null, title: 'T'.repeat(300) },
      },
    });
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.title.endsWith('…')).toBe(true);
    for (const f of e.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
  });

  it('keeps the whole embed within 6000 characters by shortening the comment', () => {
    const e = embedOf({
      project: { key: 'pk_x', name: 'P'.repeat(300) },
      feedback: {
        comment: 'c'.repeat(4000),
        category: 'k'.repeat(1100),
        email: 'e'.repeat(1100),
        page: { url: 'https://shop.example/', referrer: null, title: 't'.repeat(1100) },
      },
    });
    expect(total(e)).toBeLessThanOrEqual(6000);
    expect(e.description!.length).toBeGreaterThan(2500);
  });

  describe('a follow-up answer', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.\nOn iOS only.' };

    it('follows the comment: its question in bold, the answer quoted', () => {
      expect(embedOf({ feedback: { followUp } }).description).toBe(
        'The checkout button does nothing on my phone.\n\n**What went wrong?**\n> The pay button is greyed out.\n> On iOS only.',
      );
      expect(embedOf({ feedback: { comment: null, followUp } }).description).toBe(
        '**What went wrong?**\n> The pay button is greyed out.\n> On iOS only.',
      );
    });

    it('breaks mentions and shows markdown as typed in the question and the answer; a line break in the question starts no line', () => {
      const e = embedOf({
        feedback: {
          comment: null,
          followUp: { question: '@everyone **Why**\r\nRating: 5', answer: '<@123> [login](https://evil.example)\r> not ours' },
        },
      });
      expect(e.description).toBe(
        ['**@\u200beveryone \\*\\*Why\\*\\* Rating: 5**', '> <@\u200b123\\> \\[login\\](https://evil.example)', '> \\> not ours'].join(
          '\n',
        ),
      );
    });

    it('shares the description with a long comment: both shown and cut, after escaping, within 4096 characters and the 6000 total', () => {
      const e = embedOf({
        feedback: {
          comment: 'c'.repeat(4000),
          followUp: { question: 'What went wrong?', answer: '*'.repeat(2000) },
          category: 'k'.repeat(1100),
        },
      });
      expect(e.description!.length).toBeLessThanOrEqual(4096);
      expect(total(e)).toBeLessThanOrEqual(6000);
      const [comment, answer] = e.description!.split('\n\n**What went wrong?**\n> ');
      expect(comment).toMatch(/^c{1500,}…$/);
      expect(answer).toMatch(/^(\\\*){700,}…$/);
    });

    it('is shown whole beside a long comment when it fits in half the room', () => {
      const e = embedOf({ feedback: { comment: 'c'.repeat(4000), followUp: { question: 'What went wrong?', answer: 'a'.repeat(1500) } } });
      expect(e.description).toMatch(/^c+…\n\n\*\*What went wrong\?\*\*\n> a{1500}$/);
    });
  });
});

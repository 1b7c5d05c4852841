import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../../server/channels/registry.ts';
import { destinationSchemas } from '../../../server/schemas/destination.ts';
import { FeedbackInputSchema } from '../../../server/schemas/feedback.ts';
import { ExportFeedbackQuerySchema } from '../../../server/schemas/list-feedback.ts';
import { NewProjectSchema, ProjectChangesSchema } from '../../../server/schemas/project.ts';
import { cleanText, hasControlCharacters } from '../../../server/schemas/text.ts';
import { feedbackBody } from '../../helpers/test-app.ts';

/** Any UTF-16 code unit, lone surrogates and every control included: what a JSON body can carry. */
const anyUnits = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength });
/** Mostly controls, line breaks, surrogate halves and ASCII, so every rule is met often. */
const hostileUnits = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0, max: 0x20 }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0x7f, max: 0xa0 }).map((n) => String.fromCharCode(n)),
      fc.constantFrom('\r\n', '\ud800', '\udfff', '😀', 'a', 'é', '\u2028'),
    ),
    maxLength,
  });

const isControl = (unit: number) => unit < 0x20 || (unit >= 0x7f && unit <= 0x9f);
const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/** The rule spelled out code point by code point: what `cleanText` must agree with. */
function referenceClean(text: string): string {
  let out = '';
  const units = text.replace(/\r\n/g, '\n');
  for (let i = 0; i < units.length; i += 1) {
    const unit = units.charCodeAt(i);
    if (
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      i + 1 < units.length &&
      units.charCodeAt(i + 1) >= 0xdc00 &&
      units.charCodeAt(i + 1) <= 0xdfff
    ) {
      out += units.slice(i, i + 2);
      i += 1;
    } else if (isSurrogate(unit)) out += '\ufffd';
    else if (unit === 0x0d) out += '\n';
    else if (unit === 0x09 || unit === 0x0a || !isControl(unit)) out += units[i];
  }
  return out;
}

describe('the control-character rule for stored text', () => {
  it('cleans text people write exactly as the rule says: CR and CRLF as LF, TAB and LF kept, other controls gone, lone surrogates as U+FFFD', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnits(200), hostileUnits(200)), (text) => {
        const cleaned = cleanText(text);
        expect(cleaned).toBe(referenceClean(text));
        expect(cleanText(cleaned)).toBe(cleaned);
        // What is left is storable everywhere: no NUL for Postgres, well-formed UTF-16 for every driver.
        expect(hasControlCharacters(cleaned.replace(/[\t\n]/g, ''))).toBe(false);
        expect(Buffer.from(cleaned, 'utf8').toString('utf8')).toBe(cleaned);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves text without controls as it is, emoji and other scripts included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        fc.pre(!hasControlCharacters(text));
        expect(cleanText(text)).toBe(text);
      }),
    );
  });

  it('finds a control character or lone surrogate wherever one is, and nothing else', () => {
    fc.assert(
      fc.property(anyUnits(100), (text) => {
        const units = [...text].map((c) => c.charCodeAt(0));
        const expected = [...text].some((c) => (c.length === 1 && isSurrogate(c.charCodeAt(0))) || isControl(c.charCodeAt(0)));
        expect(hasControlCharacters(text), JSON.stringify(units)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('stores a visitor’s comment, follow-up, title, category, user agent and metadata cleaned, whatever code units they hold', () => {
    fc.assert(
      fc.property(hostileUnits(300), (text) => {
        const parsed = FeedbackInputSchema.safeParse(
          feedbackBody({
            comment: text,
            followUp: { question: `Why?${text.slice(0, 100)}`, answer: text },
            category: text.slice(0, 40),
            page: { url: 'https://shop.example/', title: text },
            metadata: { note: text },
            context: { locale: 'en', viewport: { width: 1, height: 1 }, userAgent: text },
          }),
        );
        // Cleaning never makes text longer, so each field still fits, and a rating is given: always accepted.
        expect(parsed.success).toBe(true);
        const { comment, followUp, category, page, metadata, context } = parsed.data!;
        for (const value of [comment, followUp?.question, followUp?.answer, category, page.title, metadata?.note, context.userAgent]) {
          if (typeof value === 'string') expect(hasControlCharacters(value.replace(/[\t\n]/g, ''))).toBe(false);
        }
        expect(comment).toBe(cleanText(text).trim() || undefined);
        // A follow-up whose answer cleans to nothing is absent, like such a comment.
        expect(followUp?.answer).toBe(cleanText(text).trim() || undefined);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['page.url', { page: { url: 'https://shop.example/a\u0000b' } }],
    ['page.url', { page: { url: 'https://shop.example/\ud800' } }],
    ['page.referrer', { page: { url: 'https://shop.example/', referrer: 'https://search.example/?q=\u007f' } }],
  ])('refuses a visitor’s %s with a control character or lone surrogate, naming the field', (path, overrides) => {
    const parsed = FeedbackInputSchema.safeParse(feedbackBody(overrides));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('cleans a site owner’s names, texts and categories, and refuses a filter or destination URL with a control character', () => {
    expect(NewProjectSchema.parse({ name: 'Shop\u0000\u0085' }).name).toBe('Shop');
    const changes = ProjectChangesSchema.parse({
      widgetConfig: {
        texts: { title: 'Tell us\u0007' },
        categories: ['Bug\u0000'],
        followUp: { low: { atMost: 2, question: 'Why?\u001b' } },
      },
    });
    expect(changes.widgetConfig).toMatchObject({
      texts: { title: 'Tell us' },
      categories: ['Bug'],
      followUp: { low: { question: 'Why?' } },
    });
    expect(
      destinationSchemas(createChannelRegistry()).NewDestinationSchema.safeParse({
        kind: 'slack',
        url: 'https://hooks.slack.com/services/T/B/\u0000',
        name: 'Team',
      }).error?.issues[0]?.path,
    ).toEqual(['url']);
    for (const query of [{ category: 'Bug\u0000' }, { email: 'ada@example.com\u0000' }, { page: '*\u0000' }, { q: 'slow\u0000' }]) {
      expect(ExportFeedbackQuerySchema.safeParse(query).error?.issues[0]?.path, JSON.stringify(query)).toEqual(Object.keys(query));
    }
  });

  it('is linear: a 2,048-character hostile string is cleaned and checked in under 2 ms (the median of 21 runs)', () => {
    const hostile = [
      '\r'.repeat(2048),
      '\r\n'.repeat(1024),
      '\ud800'.repeat(2048),
      '\u0000\u0085'.repeat(1024),
      'a\r\u0001\ud800'.repeat(512),
    ];
    for (const text of hostile) {
      const times = Array.from({ length: 21 }, () => {
        const started = performance.now();
        hasControlCharacters(cleanText(text));
        return performance.now() - started;
      }).sort((a, b) => a - b);
      // The median: a garbage collection or a neighbour's burst on this shared machine is not the regex.
      expect(times[10], JSON.stringify(text.slice(0, 4))).toBeLessThan(2);
    }
  });
});

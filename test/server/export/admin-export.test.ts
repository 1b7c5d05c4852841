import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecord } from '../../../server/export/csv.ts';
import { CSV_COLUMNS } from '../../../server/export/feedback-export.ts';
import { createTestApp, newFeedback } from '../../helpers/test-app.ts';

describe('exporting feedback', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const body = await t.submit(overrides);
    t.advanceClock(1000);
    return body;
  };
  const download = (path: string) => t.app.request(path, { headers: { Authorization: `Bearer ${t.adminToken}` } });

  it('writes CSV a spreadsheet opens as text: quoted per RFC 4180, formulas neutralised', async () => {
    const hostile = await submit({
      comment: '=HYPERLINK("https://evil.example","Click"), then\r\nnew line',
      followUp: { question: '+What went wrong?', answer: '@SUM(A1:A9), "twice"\nand more' },
      email: 'ada@example.com',
      metadata: { plan: 'pro' },
    });
    const plain = await submit({ comment: '-1 for the colours', category: '@here' });
    const res = await download('/v1/projects/pk_shop/feedback.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="heed-pk_shop-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual([hostile.id, plain.id]);
    expect(rows[0]).toMatchObject({
      ratingKind: 'stars',
      ratingValue: '4',
      // Stored with the line break as LF (server/schemas/text.ts), written as it is inside the quotes.
      comment: `'=HYPERLINK("https://evil.example","Click"), then\nnew line`,
      // The follow-up in two columns, each escaped and neutralised like the comment.
      followUpQuestion: "'+What went wrong?",
      followUpAnswer: `'@SUM(A1:A9), "twice"\nand more`,
      email: 'ada@example.com',
      metadata: '{"plan":"pro"}',
      status: 'new',
      tags: '',
    });
    expect(rows[1]).toMatchObject({ comment: "'-1 for the colours", category: "'@here", followUpQuestion: '', followUpAnswer: '' });
  });

  it('writes NDJSON: one item per line, in the listing’s shape', async () => {
    const followUp = { question: 'What did you love?', answer: 'The "search"\nmostly' };
    const first = await submit({ comment: 'line\nbreak', followUp });
    await submit();
    const res = await download('/v1/projects/pk_shop/feedback.ndjson');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const listed = (await (await download('/v1/projects/pk_shop/feedback?order=oldest')).json()) as { items: unknown[] };
    expect(lines).toEqual(listed.items);
    expect(lines[0]).toMatchObject({ id: first.id, comment: 'line\nbreak', followUp });
    expect(lines[1]).toMatchObject({ followUp: null });
  });

  it('exports every item across many store pages, filtered like the listing', async () => {
    for (let i = 0; i < 1203; i += 1) {
      await t.store.insertFeedback(
        newFeedback(t.project.id, {
          id: `id-${String(i).padStart(5, '0')}`,
          createdAt: 1_000 + i,
          rating: { kind: 'stars', value: (i % 5) + 1 },
          comment: `c${i}`,
        }),
      );
    }
    const all = (await (await download('/v1/projects/pk_shop/feedback.ndjson')).text()).trimEnd().split('\n');
    expect(all).toHaveLength(1203);
    expect(new Set(all.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(1203);
    const low = parse(await (await download('/v1/projects/pk_shop/feedback.csv?ratingMax=1')).text(), { columns: true }) as unknown[];
    expect(low).toHaveLength(241);
  });

  it('refuses bad filters with 400, and answers 401 without a token', async () => {
    const res = await download('/v1/projects/pk_shop/feedback.csv?limit=5');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload');
    expect((await t.app.request('/v1/projects/pk_shop/feedback.csv')).status).toBe(401);
    expect((await download('/v1/projects/pk_nope/feedback.ndjson')).status).toBe(404);
  });
});

/**
 * Every character a spreadsheet may start a formula with: the ASCII ones, their full-width and
 * small forms, and the super/subscript and other compatibility forms of + and =.
 */
const FORMULA_STARTS = [...'=+-@\t\r', ...'＝＋－＠', ...'﹦﹢﹣﹫', ...'⁺⁼₊₌⩵⩶﬩'];

describe('CSV records', () => {
  it('round-trip any text through an RFC 4180 parser, formulas kept as text', () => {
    const formula = fc.tuple(fc.constantFrom(...FORMULA_STARTS), fc.string()).map(([start, rest]) => `${start}${rest}`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), formula, fc.constantFrom('=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\ry', 'a,b', '"q"', 'x\r\ny')), {
          minLength: 1,
          maxLength: 6,
        }),
        (cells) => {
          const [parsed] = parse(csvRecord(cells), { relax_column_count: true }) as string[][];
          expect(parsed).toEqual(cells.map((cell) => (FORMULA_STARTS.some((start) => cell.startsWith(start)) ? `'${cell}` : cell)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('neutralises formulas written with the full-width ＝ ＋ － ＠ a spreadsheet also runs', () => {
    const cells = ['＝HYPERLINK("https://evil.example","Click")', "＋cmd|'/c calc'!A1", '－2+3', '＠SUM(A1:A9)', '﹦1+1'];
    expect(parse(csvRecord(cells)) as string[][]).toEqual([cells.map((cell) => `'${cell}`)]);
  });
});

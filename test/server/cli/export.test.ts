import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../../server/export/feedback-export.ts';
import { createSqliteStore, openSqliteDatabase } from '../../../server/store/sqlite/open-sqlite-store.ts';
import { addProject, newFeedback } from '../../helpers/test-app.ts';
import { heed, requireBuiltBinary, tempDir } from './run-heed.ts';

const DAY = 86_400_000;

describe('heed export <project> --format csv|ndjson [--since …]', () => {
  let dir: string;
  let env: { HEED_DB: string };
  const now = Date.now();

  beforeAll(async () => {
    requireBuiltBinary();
    dir = tempDir();
    env = { HEED_DB: join(dir, 'heed.db') };
    const store = createSqliteStore(openSqliteDatabase(env.HEED_DB));
    const project = await addProject(store);
    // 1,200 old items (more than two of the export's pages) and three from the last days.
    for (let i = 0; i < 1200; i += 1) {
      await store.insertFeedback(newFeedback(project.id, { createdAt: Date.UTC(2025, 0, 1) + i * 60_000, comment: `old ${i}` }));
    }
    const recent = ['=HYPERLINK("https://evil.example")', 'Fast, "friendly"\nand cheap', 'plain'];
    for (const [i, comment] of recent.entries()) {
      await store.insertFeedback(
        newFeedback(project.id, { createdAt: now - (3 - i) * DAY, comment, rating: { kind: 'stars', value: 5 }, email: 'a@b.example' }),
      );
    }
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes CSV to stdout with the server’s columns and escaping, only items since a duration, progress on stderr', async () => {
    const result = await heed(['export', 'pk_shop', '--format', 'csv', '--since', '7d'], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((row) => row.comment)).toEqual(['\'=HYPERLINK("https://evil.example")', 'Fast, "friendly"\nand cheap', 'plain']);
    expect(result.stderr).toMatch(/exported 3 items of pk_shop as CSV\.\n$/);
  }, 30_000);

  it('writes every item as NDJSON in the API’s shape, page after page, since an ISO date', async () => {
    const all = await heed(['export', 'pk_shop', '--format', 'ndjson', '--since', '2024-12-31'], env);
    expect(all.code, all.stderr).toBe(0);
    const items = all.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { comment: string; createdAt: string; page: { verified: boolean }; projectId?: string });
    expect(items).toHaveLength(1203);
    expect(items[0]).toMatchObject({ comment: 'old 0', createdAt: '2025-01-01T00:00:00.000Z', page: { verified: true } });
    expect(items[0]).not.toHaveProperty('projectId');
    expect(items.at(-1)!.comment).toBe('plain');
    expect(all.stderr).toMatch(/^exported \d+ items…\n[\s\S]*exported 1203 items of pk_shop as NDJSON\.\n$/);

    const since = await heed(['export', 'pk_shop', '--format', 'ndjson', '--since', new Date(now - 2.5 * DAY).toISOString()], env);
    expect(
      since.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { comment: string }).comment),
    ).toEqual(['Fast, "friendly"\nand cheap', 'plain']);
  }, 30_000);

  it('fails with exit 1 for an unknown project, writing nothing to stdout', async () => {
    const result = await heed(['export', 'pk_nobody'], env);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'heed export: No project has the key pk_nobody.\n' });
  });
});

/**
 * Fills a project with many realistic feedback rows, fast: straight through better-sqlite3 in
 * large transactions (the store's triggers still keep the rollups, as on the ingest path).
 * Deterministic (a seeded generator), so runs compare.
 */
import type SqliteDatabase from 'better-sqlite3';
import { FEEDBACK_COLUMNS } from '../server/store/kysely/tables.ts';

const KINDS = [
  ['stars', 1, 5],
  ['nps', 0, 10],
  ['csat', 1, 5],
  ['thumbs', 0, 1],
] as const;
const WORDS = ['checkout', 'slow', 'great', 'docs', 'pricing', 'confusing', 'love', 'search', 'broken', 'fast', 'mobile', 'login'];

/** A small seeded PRNG (mulberry32): the same rows every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Inserts `rows` items spread evenly over the `days` before `endMs`, on 200 pages. */
export function seedFeedback(sqlite: SqliteDatabase.Database, projectId: string, rows: number, days: number, endMs: number): void {
  const next = random(42);
  const insert = sqlite.prepare(
    `INSERT INTO feedback (${FEEDBACK_COLUMNS.join(', ')}) VALUES (${FEEDBACK_COLUMNS.map(() => '?').join(', ')})`,
  );
  const span = days * 86_400_000;
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const [kind, min, max] = KINDS[i % KINDS.length]!;
      const comment =
        next() < 0.4 ? Array.from({ length: 3 + Math.floor(next() * 8) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ') : null;
      const row = {
        project_id: projectId,
        id: `seed-${String(i).padStart(8, '0')}`,
        created_at: endMs - span + Math.floor((i / rows) * span),
        rating_kind: kind,
        rating_value: min + Math.floor(next() * (max - min + 1)),
        comment,
        follow_up_question: null,
        follow_up_answer: null,
        category: next() < 0.2 ? 'Bug' : null,
        email: next() < 0.1 ? `visitor${i}@example.com` : null,
        page_url: `https://shop.example/page-${Math.floor(next() * 200)}?ref=${i % 7}`,
        page_referrer: null,
        page_title: 'Page',
        locale: 'en-US',
        viewport_width: 1280,
        viewport_height: 800,
        user_agent: 'bench',
        metadata: null,
      };
      insert.run(FEEDBACK_COLUMNS.map((column) => row[column]));
    }
  });
  for (let from = 0; from < rows; from += 20_000) batch(from, Math.min(rows, from + 20_000));
}

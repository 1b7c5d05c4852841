import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../../server/digest/compose-digest.ts';
import { scheduleDigests } from '../../../server/digest/scheduler.ts';
import { openSqliteStore } from '../../../server/store/sqlite/open-sqlite-store.ts';
import type { NewFeedback, Project } from '../../../server/store/store.ts';
import { addProject, createTempSqliteStore } from '../../helpers/test-app.ts';

const HOUR = 3_600_000;
/** Periods end at 09:00 UTC; this one runs from 2026-11-24T09:00Z to 2026-11-25T09:00Z. */
const TO = Date.parse('2026-11-25T09:00:00Z');
const FROM = TO - 24 * HOUR;

function item(
  project: Project,
  createdAt: number,
  value: number | null,
  comment: string | null,
  page = 'https://shop.example/checkout',
): NewFeedback {
  return {
    id: crypto.randomUUID(),
    projectId: project.id,
    createdAt,
    rating: value === null ? null : { kind: project.widgetConfig.ratingKind, value },
    comment,
    followUp: null,
    category: null,
    email: null,
    page: { url: page, referrer: null, title: null },
    context: { locale: 'en-GB', viewport: { width: 1, height: 1 }, userAgent: null },
    metadata: null,
  };
}

describe('digests', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  let project: Project;
  beforeEach(async () => {
    temp = createTempSqliteStore();
    project = await addProject(temp.store, { digest: { frequency: 'daily', hour: 9, weekday: 1, timeZone: 'UTC' } }, FROM - 48 * HOUR);
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('sums up a seeded period with the figures a site owner would count by hand', async () => {
    const current = [
      item(project, FROM + HOUR, 5, 'Support answered within minutes, great support', 'https://shop.example/help'),
      item(project, FROM + 2 * HOUR, 4, null, 'https://shop.example/help'),
      item(project, FROM + 3 * HOUR, 4, 'The checkout button is slow', 'https://shop.example/checkout?step=1'),
      item(project, FROM + 4 * HOUR, 2, 'Checkout button broken on my phone', 'https://shop.example/checkout?step=2'),
      item(project, FROM + 5 * HOUR, 1, 'Terrible checkout, the checkout button does nothing', 'https://shop.example/checkout'),
    ];
    const previous = [
      item(project, FROM - 2 * HOUR, 5, null),
      item(project, FROM - 3 * HOUR, 5, null),
      item(project, FROM - 4 * HOUR, 4, null),
    ];
    const outside = [item(project, TO, 1, 'After the period'), item(project, FROM - 25 * HOUR, 1, 'Before the previous period')];
    for (const record of [...current, ...previous, ...outside]) await temp.store.insertFeedback(record);

    const digest = await composeDigest(
      temp.store,
      project,
      { from: FROM, to: TO },
      { eventId: 'msg_1', publicUrl: 'https://heed.example' },
    );
    expect(digest).toMatchObject({
      count: 5,
      previousCount: 3,
      withComment: 4,
      period: { from: FROM, to: TO, frequency: 'daily', timeZone: 'UTC' },
    });
    expect(digest.ratings).toEqual([
      { kind: 'stars', count: 5, average: 3.2, previousAverage: 4.67, distribution: { 1: 1, 2: 1, 3: 0, 4: 2, 5: 1 }, score: null },
    ]);
    expect(digest.lowest.map((c) => c.rating?.value)).toEqual([1, 2, 4, 5]);
    expect(digest.lowest[0]!.comment).toBe('Terrible checkout, the checkout button does nothing');
    // Pages without their query string: /checkout (4, 2, 1 → 0.33) and /help (5, 4 → 0.88).
    expect(digest.pages.best).toEqual([{ page: 'https://shop.example/help', verified: true, count: 2, averageScore: 0.88 }]);
    expect(digest.pages.worst).toEqual([{ page: 'https://shop.example/checkout', verified: true, count: 3, averageScore: 0.33 }]);
    expect(digest.lowest.every((c) => c.pageVerified)).toBe(true);
    const themes = Object.fromEntries(digest.themes.map((t) => [t.phrase, t]));
    expect(themes['checkout button']?.count ?? themes['checkout']?.count).toBe(3);
    expect((themes['checkout button'] ?? themes['checkout'])!.sentiment).toBeLessThan(0);
    expect(digest.dashboardUrl).toBe(`https://heed.example/admin/projects/${project.key}/insights`);
  });

  it('reads follow-up answers as visitor text: themes and mood take them in, the lowest-rated quote them with their question', async () => {
    const asked = (value: number, comment: string | null, answer: string) => ({
      ...item(project, FROM + value * HOUR, value, comment),
      // The question repeats on every answer: were it read, "delivery" would be a theme of every one.
      followUp: { question: 'What about the delivery went wrong?', answer },
    });
    const records = [
      asked(1, null, 'The pay button is greyed out, awful'),
      asked(2, 'Slow site', 'Pay button broken on iPhone'),
      asked(3, null, 'Coupon field missing'),
      item(project, FROM + 4 * HOUR, 5, 'Lovely shop'),
    ];
    for (const record of records) await temp.store.insertFeedback(record);

    const digest = await composeDigest(temp.store, project, { from: FROM, to: TO }, { eventId: 'msg_f' });
    // Only the comment counts as one: an answer is not a comment.
    expect(digest.withComment).toBe(2);
    expect(digest.lowest.map((c) => [c.comment, c.followUp?.answer])).toEqual([
      [null, 'The pay button is greyed out, awful'],
      ['Slow site', 'Pay button broken on iPhone'],
      [null, 'Coupon field missing'],
      ['Lovely shop', undefined],
    ]);
    expect(digest.lowest[0]!.followUp).toEqual({
      question: 'What about the delivery went wrong?',
      answer: 'The pay button is greyed out, awful',
    });
    expect(digest.lowest[3]!.followUp).toBeNull();
    const phrases = digest.themes.map((t) => t.phrase);
    expect(phrases).toContain('pay button');
    expect(phrases.some((phrase) => phrase.includes('delivery'))).toBe(false);
    expect(digest.themes.find((t) => t.phrase === 'pay button')).toMatchObject({ count: 2 });
    expect(digest.sentiment).not.toBeNull();
  });

  it('gives NPS with the previous period’s score for an NPS project', async () => {
    const nps = await addProject(temp.store, {
      id: crypto.randomUUID(),
      key: 'pk_nps',
      widgetConfig: { ...project.widgetConfig, ratingKind: 'nps' },
    });
    for (const value of [10, 9, 9, 7, 3]) await temp.store.insertFeedback(item(nps, FROM + HOUR, value, null));
    for (const value of [10, 2]) await temp.store.insertFeedback(item(nps, FROM - HOUR, value, null));
    const digest = await composeDigest(temp.store, nps, { from: FROM, to: TO }, { eventId: 'msg_2' });
    // 3 promoters, 1 detractor of 5: 40; before, 1 and 1 of 2: 0.
    expect(digest.ratings[0]).toMatchObject({ kind: 'nps', score: { name: 'NPS', value: 40, previous: 0 } });
    expect(digest.dashboardUrl).toBeNull();
  });

  it('queues a period once, across restarts, for the destinations that existed when it ended', async () => {
    const destination = (id: string, createdAt: number) =>
      temp.store.createDestination(
        {
          id,
          projectId: project.id,
          kind: 'webhook',
          name: id,
          target: 'https://hooks.example/',
          secret: 'whsec_x',
          events: ['digest'],
          filter: {},
        },
        createdAt,
      );
    await destination('old', FROM - HOUR);
    await destination('instant-only', FROM - HOUR).then(() =>
      temp.store.updateDestination(project.id, 'instant-only', { events: ['feedback.created'] }),
    );
    await destination('newer', TO + HOUR);
    const now = TO + 2 * HOUR;
    expect(await scheduleDigests(temp.store, now)).toBe(1);
    expect(await scheduleDigests(temp.store, now + 60_000)).toBe(0);
    await temp.store.close();
    const reopened = openSqliteStore(temp.path);
    expect(await scheduleDigests(reopened, now + 120_000)).toBe(0);
    expect(await reopened.listMessages('old', 10)).toEqual([
      expect.objectContaining({ event: 'digest', status: 'pending', period: { from: FROM, to: TO } }),
    ]);
    expect(await reopened.listMessages('instant-only', 10)).toEqual([]);
    expect(await reopened.listMessages('newer', 10)).toEqual([]);
    // The next day's period is new: queued for both digest destinations.
    expect(await scheduleDigests(reopened, now + 24 * HOUR)).toBe(1);
    expect(await reopened.listMessages('newer', 10)).toHaveLength(1);
    await reopened.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import type { FeedbackPosition, FeedbackRecord, NewFeedback, NewProject, Store } from '../../server/store/store.ts';
import { globMatches } from '../../contract/glob.ts';
import { PAGE_GLOB_URLS, PAGE_GLOBS } from './page-globs.ts';
import { expectControlCharacterRule } from './control-characters.ts';

export interface StoreFixture {
  store: Store;
  cleanup: () => Promise<void>;
}

function project(key: string): NewProject {
  return {
    id: crypto.randomUUID(),
    key,
    name: `Project ${key}`,
    allowedOrigins: ['https://a.example', 'self'],
    widgetConfig: WidgetConfigSchema.parse({ ratingKind: 'nps', texts: { title: 'Tell us' } }),
    enabled: true,
  };
}

function record(projectId: string, createdAt: number, overrides: Partial<NewFeedback> = {}): NewFeedback {
  return {
    id: crypto.randomUUID(),
    projectId,
    createdAt,
    rating: { kind: 'stars', value: 3 },
    comment: 'It works',
    followUp: { question: 'What did you love?', answer: 'The search' },
    category: 'Bug',
    email: 'ada@example.com',
    page: { url: 'https://a.example/p', referrer: 'https://search.example/', title: 'P' },
    context: { locale: 'de-DE', viewport: { width: 390, height: 844 }, userAgent: 'UA' },
    metadata: { plan: 'pro', seats: 3, beta: true },
    ...overrides,
  };
}

export interface BackendTraits {
  /** Comments reach the search index later, in `indexComments` steps (SQLite's FTS5), rather than on insert (Postgres). */
  indexesCommentsLater: boolean;
  /** The migrations this build ships for the backend's schema: readiness wants every one applied. */
  shippedMigrations: readonly string[];
}

/** The behaviour every Store backend must have; each backend's test file calls this once. */
export function describeStoreContract(
  backend: string,
  open: () => Promise<StoreFixture>,
  { indexesCommentsLater, shippedMigrations }: BackendTraits,
): void {
  describe(`Store contract: ${backend}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('finds a created project by its key with every field intact', async () => {
      const created = await store.createProject(project('k1'), 1000);
      expect(await store.getProjectByKey('k1')).toEqual(created);
      expect(created.widgetConfig.ratingKind).toBe('nps');
      expect(await store.getProjectByKey('missing')).toBeNull();
      expect(await store.listProjects()).toEqual([created]);
    });

    it('disables and re-enables a project by key', async () => {
      await store.createProject(project('k'), 1);
      expect((await store.updateProject('k', { enabled: false }))?.enabled).toBe(false);
      expect((await store.getProjectByKey('k'))?.enabled).toBe(false);
      expect((await store.updateProject('k', { enabled: true }))?.enabled).toBe(true);
      expect((await store.getProjectByKey('k'))?.enabled).toBe(true);
      expect(await store.updateProject('missing', { enabled: false })).toBeNull();
    });

    it('changes only the fields given: widget config, name, origins, retention', async () => {
      const created = await store.createProject(project('k'), 1);
      expect(created.retentionDays).toBeNull();
      const config = WidgetConfigSchema.parse({ ratingKind: 'thumbs', categories: ['Bug'], email: 'off' });
      expect(await store.updateProject('k', { widgetConfig: config })).toEqual({ ...created, widgetConfig: config });
      const renamed = await store.updateProject('k', { name: 'Shop', allowedOrigins: ['https://b.example'], retentionDays: 90 });
      expect(renamed).toEqual({ ...created, widgetConfig: config, name: 'Shop', allowedOrigins: ['https://b.example'], retentionDays: 90 });
      expect(await store.getProjectByKey('k')).toEqual(renamed);
      expect((await store.updateProject('k', { retentionDays: null }))?.retentionDays).toBeNull();
    });

    it('keeps each project’s spam checks: the default, a project’s own, and changes', async () => {
      const plain = await store.createProject(project('plain'), 1);
      expect(plain.antiSpam).toEqual({ minSeconds: 2, turnstile: false });
      await store.createProject({ ...project('strict'), antiSpam: { minSeconds: 5, turnstile: true } }, 1);
      expect((await store.getProjectByKey('strict'))?.antiSpam).toEqual({ minSeconds: 5, turnstile: true });
      await store.updateProject('plain', { antiSpam: { minSeconds: 0, turnstile: true } });
      expect((await store.listProjects()).map((p) => p.antiSpam)).toEqual([
        { minSeconds: 0, turnstile: true },
        { minSeconds: 5, turnstile: true },
      ]);
    });

    it('holds one random signing key per database', async () => {
      const key = await store.serverKey('form_ticket');
      expect(key).toHaveLength(32);
      expect(new Set(key).size).toBeGreaterThan(8);
      expect(await store.serverKey('form_ticket')).toEqual(key);
    });

    it('rotates a key: the new one works, the old one until its grace period ends', async () => {
      const created = await store.createProject(project('old'), 1);
      const rotated = await store.rotateProjectKey('old', 'new', 5_000);
      expect(rotated).toEqual({ ...created, key: 'new' });
      expect(await store.getProjectByKey('new', 4_999)).toEqual(rotated);
      expect(await store.getProjectByKey('old', 4_999)).toEqual(rotated);
      expect(await store.getProjectByKey('old', 5_000)).toBeNull();
      expect(await store.rotateProjectKey('old', 'newer', 9_000)).toBeNull(); // only the current key rotates
      expect(await store.rotateProjectKey('missing', 'x', 9_000)).toBeNull();
    });

    it('refuses a second project with the same key', async () => {
      await store.createProject(project('dup'), 1);
      await expect(store.createProject(project('dup'), 2)).rejects.toThrow();
    });

    it('stores feedback once and reports a replay of the same id as not inserted', async () => {
      const p = await store.createProject(project('k'), 1);
      const item = record(p.id, 5000);
      expect(await store.insertFeedback(item)).toEqual({ inserted: true });
      expect(await store.insertFeedback({ ...item, comment: 'changed' })).toEqual({ inserted: false });
      const page = await store.listFeedback(p.id, { limit: 10 });
      expect(page.items).toEqual([{ ...item, status: 'new', tags: [] }]);
    });

    it('reads one item and keeps the site owner’s status and tags on it', async () => {
      const p = await store.createProject(project('k'), 1);
      const item = record(p.id, 5);
      await store.insertFeedback(item);
      expect(await store.getFeedback(p.id, item.id)).toEqual({ ...item, status: 'new', tags: [] });
      expect(await store.updateFeedback(p.id, item.id, { status: 'resolved', tags: ['billing', 'v2'] })).toEqual({
        ...item,
        status: 'resolved',
        tags: ['billing', 'v2'],
      });
      expect(await store.updateFeedback(p.id, item.id, { tags: [] })).toMatchObject({ status: 'resolved', tags: [] });
      expect(await store.getFeedback(p.id, 'missing')).toBeNull();
      expect(await store.updateFeedback('other', item.id, { status: 'read' })).toBeNull();
    });

    it('filters a listing by time, rating, category, page, comment, email, status and tag', async () => {
      const p = await store.createProject(project('k'), 1);
      const items = [
        record(p.id, 100, {
          rating: { kind: 'stars', value: 1 },
          category: 'Bug',
          page: { url: 'https://a.example/docs/x_y', referrer: null, title: null },
        }),
        record(p.id, 200, { rating: { kind: 'nps', value: 9 }, comment: null, email: null, category: null }),
        record(p.id, 300, { rating: null, page: { url: 'https://a.example/pricing', referrer: null, title: null } }),
      ];
      for (const item of items) await store.insertFeedback(item);
      // A 40-character tag of underscores: 84 bytes as an escaped LIKE pattern, which D1 refused (50 at most).
      const underscored = '_'.repeat(20) + 'a'.repeat(20);
      await store.updateFeedback(p.id, items[2]!.id, { status: 'read', tags: ['100%_sure', underscored] });
      const ids = async (filter: Parameters<Store['listFeedback']>[1]['filter']) =>
        (await store.listFeedback(p.id, { limit: 10, order: 'oldest', filter })).items.map((i) => items.findIndex((x) => x.id === i.id));
      expect(await ids({})).toEqual([0, 1, 2]);
      expect(await ids({ from: 200 })).toEqual([1, 2]);
      expect(await ids({ from: 100, to: 300 })).toEqual([0, 1]);
      expect(await ids({ ratingKind: 'stars', ratingMax: 2 })).toEqual([0]);
      expect(await ids({ ratingMin: 5 })).toEqual([1]);
      expect(await ids({ category: 'Bug' })).toEqual([0, 2]);
      // A page glob's `*` matches any run; `_` (a LIKE wildcard) matches only itself.
      expect(await ids({ page: '*/docs/x_y' })).toEqual([0]);
      expect(await ids({ page: '*/docs/x_z' })).toEqual([]);
      expect(await ids({ page: 'https://a.example/pr*' })).toEqual([2]);
      expect(await ids({ hasComment: false })).toEqual([1]);
      expect(await ids({ hasEmail: true })).toEqual([0, 2]);
      expect(await ids({ status: 'read' })).toEqual([2]);
      expect(await ids({ status: 'new' })).toEqual([0, 1]);
      expect(await ids({ tag: '100%_sure' })).toEqual([2]);
      expect(await ids({ tag: '100' })).toEqual([]);
      expect(await ids({ tag: underscored })).toEqual([2]);
      expect(await ids({ tag: '_'.repeat(20) })).toEqual([]);
    });

    it('filters by page exactly as the glob matcher decides: case counts, and % _ \\ ? [ ] match only themselves', async () => {
      const p = await store.createProject(project('k'), 1);
      const urls = PAGE_GLOB_URLS;
      for (const [i, url] of urls.entries())
        await store.insertFeedback(record(p.id, i + 1, { page: { url, referrer: null, title: null } }));
      for (const glob of PAGE_GLOBS) {
        const started = performance.now();
        const listed = await store.listFeedback(p.id, { limit: 100, order: 'oldest', filter: { page: glob } });
        // A failing `*` is given up, not retried at every place: polynomial in the URL, never exponential.
        expect(performance.now() - started, glob.slice(0, 60)).toBeLessThan(1000);
        expect(
          listed.items.map((i) => i.page.url),
          glob.slice(0, 60),
        ).toEqual(urls.filter((url) => globMatches(glob, url)));
      }
      // Every URL has a `/` and a `:`, but `:` first; `e` then `h` only in some: SQL cannot tell, the matcher refuses
      // runs of rows, and a walk by cursor still sees each match once, in order.
      for (const glob of ['*/*:*', '*e*h*']) {
        const walked: string[] = [];
        let after: FeedbackPosition | undefined;
        do {
          const page = await store.listFeedback(p.id, { limit: 2, order: 'newest', filter: { page: glob }, ...(after ? { after } : {}) });
          walked.push(...page.items.map((i) => i.page.url));
          after = page.next ?? undefined;
        } while (after);
        expect(walked, glob).toEqual(urls.filter((url) => globMatches(glob, url)).reverse());
      }
    });

    it('searches comments by words and word starts, any case and accents, and forgets deleted ones', async () => {
      const p = await store.createProject(project('k'), 1);
      const other = await store.createProject(project('other'), 1);
      const items = [
        record(p.id, 100, { comment: 'The checkout button does nothing on Safari' }),
        record(p.id, 200, { comment: 'Café menu: prices are wrong' }),
        record(p.id, 300, { comment: null }),
        record(p.id, 400, { comment: 'Checkout was quick, thanks!' }),
      ];
      for (const item of items) await store.insertFeedback(item);
      await store.insertFeedback(record(other.id, 500, { comment: 'checkout in another project' }));
      // Half indexed ahead of time, half left for the search to catch up on.
      expect(await store.indexComments(2)).toBe(indexesCommentsLater ? 2 : 0);
      const ids = async (search: string, extra: Parameters<Store['listFeedback']>[1]['filter'] = {}) =>
        (await store.listFeedback(p.id, { limit: 10, order: 'oldest', filter: { search, ...extra } })).items.map((i) =>
          items.findIndex((x) => x.id === i.id),
        );
      expect(await ids('checkout')).toEqual([0, 3]);
      expect(await store.indexComments(10)).toBe(0); // the search caught up on the rest
      expect(await ids('CHECK')).toEqual([0, 3]);
      expect(await ids('checkout safari')).toEqual([0]);
      expect(await ids('cafe')).toEqual([1]);
      expect(await ids('out')).toEqual([]);
      expect(await ids('checkout', { from: 300 })).toEqual([3]);
      // Quotes, operators and column names are searched as words, never read as query syntax.
      expect(await ids('"checkout OR comment:prices')).toEqual([]);
      expect(await ids('prices" wrong(')).toEqual([1]);
      await store.deleteFeedback(p.id, items[0]!.id);
      expect(await ids('checkout')).toEqual([3]);
      expect(await store.deleteFeedbackWhere(p.id, { search: 'thanks' })).toBe(1);
      expect(await ids('checkout')).toEqual([]);
    });

    it('keeps the follow-up question and answer with the item, and null for an item without one', async () => {
      const p = await store.createProject(project('k'), 1);
      const answered = record(p.id, 1, { followUp: { question: 'What went wrong?', answer: 'Zahlung «abgelehnt» 💳\nzweimal' } });
      const plain = record(p.id, 2, { followUp: null });
      for (const item of [answered, plain]) await store.insertFeedback(item);
      expect(await store.getFeedback(p.id, answered.id)).toEqual({ ...answered, status: 'new', tags: [] });
      expect((await store.getFeedback(p.id, plain.id))?.followUp).toBeNull();
      expect((await store.listFeedback(p.id, { limit: 5, order: 'oldest' })).items.map((i) => i.followUp)).toEqual([
        answered.followUp,
        null,
      ]);
    });

    it('searches the follow-up answer with the comment as one text, and forgets an answer when its item is deleted', async () => {
      const p = await store.createProject(project('k'), 1);
      const followUp = (answer: string) => ({ question: 'What went wrong?', answer });
      const items = [
        record(p.id, 100, { comment: 'Checkout failed', followUp: followUp('The Überweisung page timed out') }),
        // An answer without a comment is searchable too.
        record(p.id, 200, { comment: null, followUp: followUp('Überweisung refused twice') }),
        record(p.id, 300, { comment: 'Payment by Überweisung was fine', followUp: null }),
        // The question is the project's text, not the visitor's: never searched.
        record(p.id, 400, { comment: 'Fine', followUp: { question: 'What timed out?', answer: 'Nothing' } }),
      ];
      for (const item of items) await store.insertFeedback(item);
      expect(await store.indexComments(1)).toBe(indexesCommentsLater ? 1 : 0);
      const ids = async (search: string) =>
        (await store.listFeedback(p.id, { limit: 10, order: 'oldest', filter: { search } })).items.map((i) =>
          items.findIndex((x) => x.id === i.id),
        );
      expect(await ids('uberweis')).toEqual([0, 1, 2]);
      expect(await ids('timed')).toEqual([0]);
      // One word in the comment, the other in the answer.
      expect(await ids('checkout UBERWEISUNG')).toEqual([0]);
      expect(await ids('checkout refused')).toEqual([]);
      expect(await store.deleteFeedbackWhere(p.id, { search: 'refused' })).toBe(1);
      expect(await ids('uberweisung')).toEqual([0, 2]);
      await store.deleteFeedback(p.id, items[0]!.id);
      expect(await ids('timed')).toEqual([]);
      expect(await ids('uberweisung')).toEqual([2]);
    });

    it('keeps concurrent inserts, each answered, including replays within one batch', async () => {
      const p = await store.createProject(project('k'), 1);
      const items = Array.from({ length: 120 }, (_, i) => record(p.id, 10_000 + i));
      const results = await Promise.all([...items, items[0]!, items[1]!].map((item) => store.insertFeedback(item)));
      expect(results.filter((r) => r.inserted)).toHaveLength(120);
      expect(results.slice(120)).toEqual([{ inserted: false }, { inserted: false }]);
      const page = await store.listFeedback(p.id, { limit: 500 });
      expect(page.items).toHaveLength(120);
      expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(items.map((i) => i.id)));
    });

    it('does not let one failing row fail the rest of its batch', async () => {
      const p = await store.createProject(project('k'), 1);
      const good = [record(p.id, 1), record(p.id, 2)];
      const orphan = record('no-such-project', 3);
      const settled = await Promise.allSettled([good[0]!, orphan, good[1]!].map((item) => store.insertFeedback(item)));
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.listFeedback(p.id, { limit: 10 })).items).toHaveLength(2);
    });

    it('lists newest first and walks every item exactly once with the cursor, ties broken by id', async () => {
      const p = await store.createProject(project('k'), 1);
      const items = Array.from({ length: 23 }, (_, i) => record(p.id, 1_000 + Math.floor(i / 3)));
      for (const item of items) await store.insertFeedback(item);
      const seen: FeedbackRecord[] = [];
      let after: { createdAt: number; id: string } | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await store.listFeedback(p.id, { limit: 5, ...(after ? { after } : {}) });
        seen.push(...page.items);
        if (!page.next) break;
        after = page.next;
      }
      const expected = [...items].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      expect(seen.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    });

    it('keeps projects apart', async () => {
      const a = await store.createProject(project('a'), 1);
      const b = await store.createProject(project('b'), 1);
      await store.insertFeedback(record(a.id, 1));
      expect((await store.listFeedback(b.id, { limit: 10 })).items).toEqual([]);
    });

    it('stores feedback with only a comment and no optional fields', async () => {
      const p = await store.createProject(project('k'), 1);
      const bare = record(p.id, 1, {
        rating: null,
        followUp: null,
        category: null,
        email: null,
        metadata: null,
        page: { url: 'https://a.example/', referrer: null, title: null },
        context: { locale: 'en', viewport: { width: 0, height: 0 }, userAgent: null },
      });
      await store.insertFeedback(bare);
      expect((await store.listFeedback(p.id, { limit: 1 })).items[0]).toEqual({ ...bare, status: 'new', tags: [] });
    });

    it('keeps daily rollups of every insert, per rating and per page without its query string', async () => {
      const p = await store.createProject(project('k'), 1);
      const day = 86_400_000;
      const page = (url: string) => ({ url, referrer: null, title: null });
      await store.insertFeedback(record(p.id, 3 * day + 5, { rating: { kind: 'stars', value: 5 }, page: page('https://a.example/x?u=1') }));
      await store.insertFeedback(
        record(p.id, 3 * day + 9, { rating: { kind: 'stars', value: 5 }, comment: null, page: page('https://a.example/x') }),
      );
      await store.insertFeedback(record(p.id, 4 * day, { rating: null, page: page('https://a.example/y') }));
      await store.insertFeedback(record(p.id, 9 * day, { rating: { kind: 'nps', value: 0 } }));
      const counts = await store.dailyRatingCounts(p.id, 3, 5);
      expect(counts.sort((a, b) => a.day - b.day)).toEqual([
        { day: 3, ratingKind: 'stars', ratingValue: 5, count: 2, withComment: 1 },
        { day: 4, ratingKind: null, ratingValue: null, count: 1, withComment: 1 },
      ]);
      const ranking = await store.pageRanking(p.id, 3, 5, { limit: 5, minRated: 2 });
      expect(ranking.mostFeedback).toEqual([
        { page: 'https://a.example/x', count: 2, rated: 2, averageScore: 1 },
        { page: 'https://a.example/y', count: 1, rated: 0, averageScore: null },
      ]);
      expect(ranking.best).toEqual([ranking.mostFeedback[0]]);
      expect(ranking.worst).toEqual([ranking.mostFeedback[0]]);
      expect(await store.dailyRatingCounts(p.id, 5, 9)).toEqual([]);
    });

    it('queues a message per subscribed destination in the feedback’s own insert, and forgets it with the feedback', async () => {
      const p = await store.createProject(project('k'), 1);
      const other = await store.createProject(project('other'), 1);
      const destination = (id: string, projectId: string, events: ('feedback.created' | 'digest')[]) =>
        store.createDestination(
          { id, projectId, kind: 'webhook', name: id, target: 'https://hooks.example/x', secret: 'whsec_x', events, filter: {} },
          2,
        );
      await destination('instant', p.id, ['feedback.created']);
      await destination('digest-only', p.id, ['digest']);
      await destination('paused', p.id, ['feedback.created', 'digest']);
      await destination('elsewhere', other.id, ['feedback.created']);
      expect(await store.updateDestination(p.id, 'paused', { enabled: false })).toMatchObject({ enabled: false });
      const item = record(p.id, 5000);
      await store.insertFeedback(item);
      await store.insertFeedback(item); // a replay queues nothing more
      const messages = await store.listMessages('instant', 10);
      expect(messages).toEqual([
        expect.objectContaining({
          destinationId: 'instant',
          event: 'feedback.created',
          feedbackId: item.id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: 5000,
        }),
      ]);
      expect(messages[0]!.id).toMatch(/^msg_[0-9a-f]{32}$/);
      for (const quiet of ['digest-only', 'paused', 'elsewhere']) expect(await store.listMessages(quiet, 10)).toEqual([]);
      await store.deleteFeedback(p.id, item.id);
      expect(await store.listMessages('instant', 10)).toEqual([]);
    });

    it('leases due messages to one worker at a time, counts attempts, and records outcomes', async () => {
      const p = await store.createProject(project('k'), 1);
      await store.createDestination(
        {
          id: 'd',
          projectId: p.id,
          kind: 'slack',
          name: 'Team',
          target: 'https://hooks.slack.example/x',
          secret: null,
          events: ['feedback.created'],
          filter: {},
        },
        1,
      );
      const [first, second] = [record(p.id, 1000), record(p.id, 2000)];
      await store.insertFeedback(first);
      await store.insertFeedback(second);
      expect(await store.claimDueMessages(1500, 60_000, 10)).toEqual([expect.objectContaining({ feedbackId: first.id, attempts: 1 })]);
      // Leased: another worker gets only what is left.
      const claimed = await store.claimDueMessages(2500, 60_000, 10);
      expect(claimed.map((m) => m.feedbackId)).toEqual([second.id]);
      const [a] = await store.listMessages('d', 10).then((all) => all.filter((m) => m.feedbackId === first.id));
      await store.recordAttempt(a!.id, { status: 'pending', nextAttemptAt: 90_000, httpStatus: 503, error: 'HTTP 503' });
      await store.recordAttempt(claimed[0]!.id, { status: 'delivered', at: 2600, httpStatus: 200 });
      expect(await store.claimDueMessages(80_000, 60_000, 10)).toEqual([]);
      // A lease runs out: a crashed worker's message is claimed again.
      const again = await store.claimDueMessages(90_000, 60_000, 10);
      expect(again).toEqual([expect.objectContaining({ id: a!.id, attempts: 2, lastStatus: 503, lastError: 'HTTP 503' })]);
      expect(await store.claimDueMessages(100_000, 60_000, 10)).toEqual([]);
      expect(await store.claimDueMessages(150_001, 60_000, 10)).toEqual([expect.objectContaining({ id: a!.id, attempts: 3 })]);
      await store.recordAttempt(a!.id, { status: 'dead', nextAttemptAt: 150_001, httpStatus: null, error: 'connection refused' });
      expect((await store.listMessages('d', 10)).map((m) => [m.feedbackId, m.status])).toEqual([
        [second.id, 'delivered'],
        [first.id, 'dead'],
      ]);
      expect(await store.replayMessage('d', a!.id, 200_000)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 200_000 });
      expect(await store.replayMessage('d', 'msg_missing', 200_000)).toBeNull();
      expect(await store.claimDueMessages(200_000, 60_000, 10)).toEqual([expect.objectContaining({ id: a!.id, attempts: 1 })]);
      await store.disableDestination('d', 'HTTP 410 Gone');
      expect(await store.getDestination(p.id, 'd')).toMatchObject({ enabled: false, disabledReason: 'HTTP 410 Gone' });
      expect(await store.deleteDestination(p.id, 'd')).toBe(true);
      expect(await store.listMessages('d', 10)).toEqual([]);
      expect(await store.deleteDestination(p.id, 'd')).toBe(false);
    });

    it('never hands one message to two concurrent claimers', async () => {
      const p = await store.createProject(project('k'), 1);
      await store.createDestination(
        {
          id: 'd',
          projectId: p.id,
          kind: 'webhook',
          name: 'Hook',
          target: 'https://hooks.example/x',
          secret: 'whsec_x',
          events: ['feedback.created'],
          filter: {},
        },
        1,
      );
      await Promise.all(Array.from({ length: 40 }, (_, i) => store.insertFeedback(record(p.id, 1000 + i))));
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimDueMessages(5000, 60_000, 10)));
      const ids = claims.flat().map((m) => m.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    });

    it('records a digest period once and queues it for each digest destination that existed before it ended', async () => {
      const p = await store.createProject(project('k'), 1);
      const destination = (id: string, events: ('feedback.created' | 'digest')[], createdAt: number) =>
        store.createDestination(
          { id, projectId: p.id, kind: 'email', name: id, target: 'team@example.com', secret: null, events, filter: {} },
          createdAt,
        );
      await destination('daily', ['digest'], 10);
      await destination('instant-only', ['feedback.created'], 10);
      await destination('too-new', ['digest'], 5000);
      expect(await store.projectsWithDigests()).toEqual([p.id]);
      const period = { from: 1000, to: 2000 };
      const results = await Promise.all([store.recordDigestPeriod(p.id, period, 2001), store.recordDigestPeriod(p.id, period, 2002)]);
      expect(results.sort()).toEqual([false, true]);
      expect(await store.listMessages('daily', 10)).toEqual([
        expect.objectContaining({ event: 'digest', status: 'pending', period, feedbackId: null }),
      ]);
      expect(await store.listMessages('instant-only', 10)).toEqual([]);
      expect(await store.listMessages('too-new', 10)).toEqual([]);
      expect(await store.recordDigestPeriod(p.id, { from: 2000, to: 3000 }, 3001)).toBe(true);
      expect(await store.listMessages('daily', 10)).toHaveLength(2);
    });

    it('counts requests per key within a window, starts again in the next, and forgets old windows', async () => {
      expect(await Promise.all([1, 2, 3].map(() => store.countRequest('client:a', 60_000)))).toEqual(expect.arrayContaining([1, 2, 3]));
      expect(await store.countRequest('client:b', 60_000)).toBe(1);
      expect(await store.countRequest('client:a', 120_000)).toBe(1);
      await store.forgetRequestCounts(120_000);
      // b's window was forgotten; a's current one was kept.
      expect(await store.countRequest('client:b', 60_000)).toBe(1);
      expect(await store.countRequest('client:a', 120_000)).toBe(2);
    });

    it('deletes by filter and by id, and the rollups and page ranking follow', async () => {
      const p = await store.createProject(project('k'), 1);
      const day = 86_400_000;
      const page = (url: string) => ({ url, referrer: null, title: null });
      const keep = record(p.id, day + 1, {
        rating: { kind: 'stars', value: 1 },
        page: page('https://a.example/x'),
        email: 'bo@example.com',
      });
      await store.insertFeedback(keep);
      const erased = [
        record(p.id, day + 2, { rating: { kind: 'stars', value: 5 }, page: page('https://a.example/x'), email: 'Ada@Example.com' }),
        record(p.id, day + 3),
      ];
      for (const item of erased) await store.insertFeedback(item);
      const gone = record(p.id, day + 4, { page: page('https://a.example/z'), email: null });
      await store.insertFeedback(gone);
      expect(await store.deleteFeedbackWhere(p.id, { email: 'ada@example.com' })).toBe(2);
      expect(await store.deleteFeedback(p.id, gone.id)).toBe(true);
      expect(await store.deleteFeedback(p.id, gone.id)).toBe(false);
      expect((await store.listFeedback(p.id, { limit: 10 })).items.map((i) => i.id)).toEqual([keep.id]);
      expect(await store.dailyRatingCounts(p.id, 1, 2)).toEqual([
        { day: 1, ratingKind: 'stars', ratingValue: 1, count: 1, withComment: 1 },
      ]);
      expect((await store.pageRanking(p.id, 1, 2, { limit: 5, minRated: 1 })).mostFeedback).toEqual([
        { page: 'https://a.example/x', count: 1, rated: 1, averageScore: 0 },
      ]);
    });

    it('stores text with control characters alike through the app: cleaned where people wrote it, refused in URLs, keys and filters, never a 500', async () => {
      await expectControlCharacterRule(store);
    });

    it('lists admin tokens oldest first, revoked ones included', async () => {
      const token = (id: string, createdAt: number) => ({
        id,
        secretHash: 'h'.repeat(64),
        scope: 'read' as const,
        label: null,
        createdAt,
        revokedAt: null,
      });
      await store.createAdminToken(token('b', 2));
      await store.createAdminToken(token('a', 1));
      await store.revokeAdminToken('b', 3);
      expect(await store.listAdminTokens()).toEqual([token('a', 1), { ...token('b', 2), revokedAt: 3 }]);
    });

    it('creates, finds and revokes admin tokens', async () => {
      const token = { id: 'abc', secretHash: 'h'.repeat(64), scope: 'read' as const, label: 'ci', createdAt: 5, revokedAt: null };
      await store.createAdminToken(token);
      expect(await store.getAdminToken('abc')).toEqual(token);
      expect(await store.countAdminTokens()).toBe(1);
      expect(await store.revokeAdminToken('abc', 9)).toBe(true);
      expect(await store.revokeAdminToken('abc', 10)).toBe(false);
      expect((await store.getAdminToken('abc'))?.revokedAt).toBe(9);
      expect(await store.countAdminTokens()).toBe(0);
      expect(await store.getAdminToken('nope')).toBeNull();
    });
    it('reads the applied migrations: every one the build ships (readiness compares them)', async () => {
      expect(await store.appliedMigrations()).toEqual([...shippedMigrations]);
    });

    it('counts the outbox backlog due and the dead letters, and tells the database size (readiness and metrics)', async () => {
      const NOW = 1_700_000_000_000;
      const shop = await store.createProject(project('pk_ops'), NOW);
      expect(await store.outboxFigures(NOW)).toEqual({ backlog: 0, dead: 0 });
      const destination = { name: 'Team', target: 'https://hooks.slack.example/x', secret: null, events: ['feedback.created' as const] };
      await store.createDestination({ id: 'd', projectId: shop.id, kind: 'slack', filter: {}, ...destination }, NOW);
      for (let i = 0; i < 3; i += 1) await store.insertFeedback(record(shop.id, NOW + i * 1000));
      expect(await store.outboxFigures(NOW - 1)).toEqual({ backlog: 0, dead: 0 });
      expect(await store.outboxFigures(NOW + 1000)).toEqual({ backlog: 2, dead: 0 });
      const [first] = await store.claimDueMessages(NOW, 60_000, 1);
      await store.recordAttempt(first!.id, { status: 'dead', nextAttemptAt: NOW, httpStatus: 500, error: 'HTTP 500' });
      expect(await store.outboxFigures(NOW + 5000)).toEqual({ backlog: 2, dead: 1 });
      expect(await store.databaseBytes()).toBeGreaterThan(0);
    });
  });
}

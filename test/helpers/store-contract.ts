import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import type { FeedbackRecord, Project, Store } from '../../server/store/store.ts';

export interface StoreFixture {
  store: Store;
  cleanup: () => Promise<void>;
}

function project(key: string): Omit<Project, 'createdAt'> {
  return {
    id: crypto.randomUUID(),
    key,
    name: `Project ${key}`,
    allowedOrigins: ['https://a.example', 'self'],
    widgetConfig: WidgetConfigSchema.parse({ ratingKind: 'nps', texts: { title: 'Tell us' } }),
    enabled: true,
  };
}

function record(projectId: string, createdAt: number, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: crypto.randomUUID(),
    projectId,
    createdAt,
    rating: { kind: 'stars', value: 3 },
    comment: 'It works',
    category: 'Bug',
    email: 'ada@example.com',
    page: { url: 'https://a.example/p', referrer: 'https://search.example/', title: 'P' },
    context: { locale: 'de-DE', viewport: { width: 390, height: 844 }, userAgent: 'UA' },
    metadata: { plan: 'pro', seats: 3, beta: true },
    ...overrides,
  };
}

/** The behaviour every Store backend must have; each backend's test file calls this once. */
export function describeStoreContract(backend: string, open: () => Promise<StoreFixture>): void {
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
      expect(await store.setProjectEnabled('k', false)).toBe(true);
      expect((await store.getProjectByKey('k'))?.enabled).toBe(false);
      expect(await store.setProjectEnabled('k', true)).toBe(true);
      expect((await store.getProjectByKey('k'))?.enabled).toBe(true);
      expect(await store.setProjectEnabled('missing', false)).toBe(false);
    });

    it('replaces a project’s widget config', async () => {
      await store.createProject(project('k'), 1);
      const config = WidgetConfigSchema.parse({ ratingKind: 'thumbs', categories: ['Bug'], email: 'off' });
      expect(await store.setWidgetConfig('k', config)).toBe(true);
      expect((await store.getProjectByKey('k'))?.widgetConfig).toEqual(config);
      expect(await store.setWidgetConfig('missing', config)).toBe(false);
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
      expect(page.items).toEqual([item]);
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
        category: null,
        email: null,
        metadata: null,
        page: { url: 'https://a.example/', referrer: null, title: null },
        context: { locale: 'en', viewport: { width: 0, height: 0 }, userAgent: null },
      });
      await store.insertFeedback(bare);
      expect((await store.listFeedback(p.id, { limit: 1 })).items[0]).toEqual(bare);
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
  });
}

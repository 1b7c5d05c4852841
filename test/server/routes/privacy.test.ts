import { readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention } from '../../../server/jobs/retention.ts';
import { createTestApp } from '../../helpers/test-app.ts';

describe('deleting feedback for privacy and retention', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const submit = (overrides: Record<string, unknown> = {}) => t.submit(overrides);
  const statsCount = async () =>
    (
      (await (await t.app.request('/v1/projects/pk_shop/stats?from=2023-11-01&to=2023-12-01', { headers: auth() })).json()) as {
        count: number;
      }
    ).count;
  const ids = async () => (await t.store.listFeedback(t.project.id, { limit: 100 })).items.map((i) => i.id);

  it('exports, then deletes, everything one person sent (any case), and nothing else', async () => {
    const hers = [await submit({ email: 'Ada@Example.com' }), await submit({ email: 'ada@example.com', comment: 'Second' })];
    const other = await submit({ email: 'bob@example.com' });
    const anonymous = await submit();
    expect(await statsCount()).toBe(4);
    const copy = await t.app.request('/v1/projects/pk_shop/feedback.ndjson?email=ada@example.com', { headers: auth() });
    const lines = (await copy.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((l) => l.id).sort()).toEqual(hers.map((h) => h.id).sort());
    const res = await t.app.request('/v1/projects/pk_shop/feedback?email=ADA@example.com', { method: 'DELETE', headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 2 });
    expect((await ids()).sort()).toEqual([other.id, anonymous.id].sort());
    expect(await statsCount()).toBe(2); // the rollups forget them too
  });

  it('leaves no trace of an erased comment or address in the database file, search index included', async () => {
    await submit({ email: 'zed@example.com', comment: 'Zanzibarquux is my secret' });
    await submit({ comment: 'Ordinary words' });
    expect(await t.store.indexComments(100)).toBe(2); // in the search index before it is erased
    const res = await t.app.request('/v1/projects/pk_shop/feedback?email=zed@example.com', { method: 'DELETE', headers: auth() });
    expect(await res.json()).toEqual({ deleted: 1 });
    await t.store.close();
    const db = new SqliteDatabase(t.dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = readFileSync(t.dbPath);
    for (const trace of ['Zanzibarquux', 'zanzibarquux', 'zed@example.com']) expect(file.includes(trace), trace).toBe(false);
    expect(file.includes('Ordinary words')).toBe(true);
  });

  it('deletes one item by id, rollups included', async () => {
    const gone = await submit();
    const kept = await submit();
    const res = await t.app.request(`/v1/projects/pk_shop/feedback/${gone.id}`, { method: 'DELETE', headers: auth() });
    expect(res.status).toBe(204);
    expect(await ids()).toEqual([kept.id]);
    expect(await statsCount()).toBe(1);
    expect((await t.app.request(`/v1/projects/pk_shop/feedback/${gone.id}`, { method: 'DELETE', headers: auth() })).status).toBe(404);
  });

  it.each(['', '?email=', '?email=not-an-address', '?email=a@b.example&everything=true'])(
    'refuses DELETE /feedback%s with 400 and deletes nothing',
    async (query) => {
      await submit({ email: 'ada@example.com' });
      const res = await t.app.request(`/v1/projects/pk_shop/feedback${query}`, { method: 'DELETE', headers: auth() });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload');
      expect(await ids()).toHaveLength(1);
    },
  );

  it('keeps feedback only as long as the project’s retention period', async () => {
    await t.store.updateProject('pk_shop', { retentionDays: 30 });
    const old = await submit();
    t.advanceClock(20 * 86_400_000);
    const recent = await submit();
    t.advanceClock(11 * 86_400_000);
    expect(await applyRetention(t.store, 1_700_000_000_000 + 31 * 86_400_000)).toEqual({ pk_shop: 1 });
    expect(await ids()).toEqual([recent.id]);
    expect(await ids()).not.toContain(old.id);
    await t.store.updateProject('pk_shop', { retentionDays: null });
    expect(await applyRetention(t.store, 1_700_000_000_000 + 400 * 86_400_000)).toEqual({});
    expect(await ids()).toEqual([recent.id]);
  });
});

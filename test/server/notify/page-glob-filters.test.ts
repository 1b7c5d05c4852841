import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Post } from '../../../server/notify/delivery-worker.ts';
import { matchesFilter } from '../../../server/notify/filter.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

/** The page URL that stalled the server for seconds against a four-star destination filter (issue 17, finding 1). */
const ATTACK_URL = `https://shop.example/${'/'.repeat(330)}`;

describe('page globs meeting visitors’ URLs', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const posted: string[] = [];
  // Nothing leaves the process: the destination's receiver is this recorder.
  const post: Post = async (request) => {
    posted.push(request.body);
    return { status: 200, retryAfter: null };
  };
  beforeEach(async () => {
    posted.length = 0;
    t = await createTestApp({}, { post });
  });
  afterEach(() => t.cleanup());

  const admin = (method: string, path: string, body?: unknown) =>
    t.app.request(`/v1/projects/pk_shop${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const submit = async (url: string) => {
    const body = feedbackBody({ page: { url, title: 'Page' } });
    const res = await t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return body.id as string;
  };

  it('filters a destination by page glob at once for the 330-slash URL that stalled the server, and still forwards matching pages', async () => {
    const filter = { page: 'https://shop.example/*/*/*/*.html' };
    const res = await admin('POST', '/destinations', { kind: 'webhook', name: 'Product pages', url: 'https://hooks.example/heed', filter });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const attack = await t.store.getFeedback(t.project.id, await submit(ATTACK_URL));
    const evaluating = performance.now();
    expect(matchesFilter(filter, attack!)).toBe(false);
    expect(performance.now() - evaluating).toBeLessThan(50);
    const wanted = await submit('https://shop.example/shoes/men/trail/42.html');

    const started = performance.now();
    expect(await t.deliveries.runOnce()).toBe(2);
    const elapsed = performance.now() - started;
    // Before the fix this round took seconds of CPU, during which the server answered nothing; now its
    // time is the database's (35–65 ms on a busy 2-core machine).
    expect(elapsed).toBeLessThan(250);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(wanted);
    const history = (await (await admin('GET', `/destinations/${id}/messages`)).json()) as { items: { status: string }[] };
    expect(history.items.map((m) => m.status).sort()).toEqual(['delivered', 'filtered']);
  });

  it('lists feedback by a page glob where case counts and `%`, `_` and `\\` are only themselves', async () => {
    for (const url of [
      'https://shop.example/docs/x_y',
      'https://shop.example/Docs/x_y',
      'https://shop.example/docs/xzy',
      'https://shop.example/100%/a\\b',
      'https://shop.example/100/ab',
    ]) {
      await submit(url);
    }
    const pages = async (glob: string) => {
      const res = await admin('GET', `/feedback?order=oldest&page=${encodeURIComponent(glob)}`);
      expect(res.status).toBe(200);
      // Sorted: every item has the test clock's time, so the listing orders them by their random ids.
      return ((await res.json()) as { items: { page: { url: string } }[] }).items.map((item) => item.page.url).sort();
    };
    expect(await pages('https://shop.example/docs/*')).toEqual(['https://shop.example/docs/x_y', 'https://shop.example/docs/xzy']);
    expect(await pages('https://shop.example/Docs/*')).toEqual(['https://shop.example/Docs/x_y']);
    expect(await pages('*/x_y')).toEqual(['https://shop.example/Docs/x_y', 'https://shop.example/docs/x_y']);
    expect(await pages('*/100%/*')).toEqual(['https://shop.example/100%/a\\b']);
    expect(await pages('*a\\b')).toEqual(['https://shop.example/100%/a\\b']);
  });

  it('lists by the attack glob over stored 2,048-character URLs within a second', async () => {
    await submit(`https://shop.example/${'/'.repeat(2048 - 21)}`);
    await submit(`https://shop.example/${'a/'.repeat(1013)}b`);
    const started = performance.now();
    const res = await admin('GET', `/feedback?page=${encodeURIComponent('https://shop.example/*/*/*/*.html')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import { usePagesHarness } from './helpers/harness.ts';

/** The snippet a site pastes so that calls made before widget.js arrives are queued, not lost. */
const QUEUE_SNIPPET = '<script>window.Heed=window.Heed||function(){(Heed.q=Heed.q||[]).push(arguments)};</script>';

type Result = { ok: boolean; id: string; queued?: boolean; message?: string; fields?: string[] };
type HeedWindow = { Heed: (...args: unknown[]) => Promise<Result>; seen: string[] };

describe('Heed("submit"): feedback from a site’s own form, through the widget’s outbox', () => {
  const h = usePagesHarness({ key: 'pk_headless', widgetConfig: WidgetConfigSchema.parse({ ratingKind: 'nps' }) });

  async function visit(body: string, page?: Page): Promise<Page> {
    const path = `/own-form-${h.pages.size}.html`;
    const tag = `<script src="${h.heed.origin}/widget.js" data-project="pk_headless" async></script>`;
    h.pages.set(path, `<!doctype html><html lang="en"><head><title>Own form</title></head><body>${body}${tag}</body></html>`);
    const target = page ?? (await h.browser.newPage());
    await target.goto(`${h.site.origin}${path}`);
    return target;
  }

  const stored = async (comment: string) =>
    (await h.heed.store.listFeedback(h.heed.project.id, { limit: 100 })).items.filter((item) => item.comment === comment);

  it('stores the submission once, with the project’s rating kind, the page’s metadata and the same events as the form', async () => {
    const page = await visit(`${QUEUE_SNIPPET}<script>
      window.seen = [];
      Heed('setMetadata', { plan: 'pro' });
      Heed('on', 'submit', (detail) => seen.push('submit:' + detail.id));
      Heed('on', 'open', () => seen.push('open'));
    </script>`);
    await page.waitForFunction(() => typeof (window as unknown as { Heed?: { submit?: unknown } }).Heed?.submit === 'function');
    const result = await page.evaluate(() =>
      (window as unknown as HeedWindow).Heed('submit', {
        rating: 9,
        comment: 'Our own survey',
        category: 'Idea',
        email: 'ada@example.com',
        followUp: { question: 'What would you add?', answer: 'Dark mode' },
        metadata: { step: 'checkout' },
      }),
    );
    expect(result).toMatchObject({ ok: true, queued: false });
    const [item, ...more] = await stored('Our own survey');
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      id: result.id,
      rating: { kind: 'nps', value: 9 },
      category: 'Idea',
      email: 'ada@example.com',
      followUp: { question: 'What would you add?', answer: 'Dark mode' },
      metadata: { plan: 'pro', step: 'checkout' },
    });
    // The widget's own form never opened.
    expect(await page.evaluate(() => (window as unknown as HeedWindow).seen)).toEqual([`submit:${result.id}`]);
    await page.close();
  });

  it('answers a submission the server refuses with its reason, and an error event', async () => {
    const page = await visit(`<script>window.seen = [];</script>`);
    await page.waitForFunction(() => typeof (window as unknown as { Heed?: { submit?: unknown } }).Heed?.submit === 'function');
    const result = await page.evaluate(() => {
      const w = window as unknown as HeedWindow;
      w.Heed('on', 'error', (detail: { message: string }) => w.seen.push(`error:${detail.message}`));
      return w.Heed('submit', { rating: 11 });
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/not valid/) });
    expect(result.fields).toEqual([expect.stringMatching(/^rating/)]);
    expect(await page.evaluate(() => (window as unknown as HeedWindow).seen)).toEqual([`error:${result.message}`]);
    await page.close();
  });

  it('queued before widget.js loaded, sent while the server cannot be reached: kept, and delivered exactly once on the next page load', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    // Only the feedback requests fail, as in a tunnel after the page had loaded.
    await page.route('**/v1/feedback', (route) => route.abort('internetdisconnected'));
    await visit(
      `${QUEUE_SNIPPET}<script>
        window.seen = [];
        Heed('on', 'submit', (detail) => seen.push(detail.queued ? 'queued' : 'sent'));
        Heed('submit', { rating: 3, comment: 'Sent from a tunnel' });
      </script>`,
      page,
    );
    await expect.poll(() => page.evaluate(() => (window as unknown as HeedWindow).seen), { timeout: 15_000 }).toEqual(['queued']);
    await page.close();
    expect(await stored('Sent from a tunnel')).toEqual([]);

    const next = await context.newPage();
    await visit('<p>Back online</p>', next);
    await expect.poll(async () => (await stored('Sent from a tunnel')).length, { timeout: 15_000 }).toBe(1);
    await next.reload();
    await next.waitForTimeout(1500);
    expect(await stored('Sent from a tunnel')).toHaveLength(1);
    await context.close();
  });
});

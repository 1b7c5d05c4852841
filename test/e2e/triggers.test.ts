import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePagesHarness } from './helpers/harness.ts';

describe('triggers', () => {
  const h = usePagesHarness({ key: 'pk_trig' });

  /** A tall page at `path` whose script tag carries `attributes`. */
  async function visit(path: string, attributes: string, page?: Page): Promise<Page> {
    h.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"></head>
       <body><div style="height:4000px">Long article</div>
       <script src="${h.heed.origin}/widget.js" data-project="pk_trig" ${attributes} async></script></body></html>`,
    );
    const target = page ?? (await h.browser.newPage());
    await target.goto(`${h.site.origin}${path}`);
    return target;
  }

  const dialogOpen = (page: Page) => page.getByRole('dialog', { name: 'Send feedback' }).isVisible();

  it('opens by itself after the given seconds, not before', async () => {
    // When it opened, on the page's own clock (the seconds count from the page's start): a look
    // at the dialog one second after goto() returned failed whenever loading took over a second.
    const page = await h.browser.newPage();
    await page.addInitScript(() =>
      addEventListener('heed:open', () => ((window as unknown as { openedAt: number }).openedAt = performance.now())),
    );
    await visit('/after.html', 'data-open-after="2"', page);
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { openedAt: number }).openedAt)).toBeGreaterThanOrEqual(2000);
    await page.close();
  });

  it('opens once the visitor has scrolled past the given share of the page', async () => {
    const page = await visit('/scroll.html', 'data-open-on-scroll="50"');
    await page.waitForTimeout(1500); // armed once the page is idle
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight * 0.3));
    await page.waitForTimeout(300);
    expect(await dialogOpen(page)).toBe(false);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight * 0.6));
    await expect.poll(() => dialogOpen(page)).toBe(true);
    await page.close();
  });

  it('opens when the pointer leaves through the top of the window', async () => {
    const page = await visit('/exit.html', 'data-open-on-exit');
    await page.waitForTimeout(1500);
    await page.mouse.move(400, 300);
    await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, relatedTarget: null, bubbles: true })));
    await expect.poll(() => dialogOpen(page)).toBe(true);
    await page.close();
  });

  it('stays shut on pages the globs do not match, and for visitors outside the sample', async () => {
    const elsewhere = await visit('/blog/post.html', 'data-open-after="1" data-match="/pricing*"');
    const unsampled = await visit('/pricing-unsampled.html', 'data-open-after="1" data-sample="0"');
    await elsewhere.waitForTimeout(2500);
    expect(await dialogOpen(elsewhere)).toBe(false);
    expect(await dialogOpen(unsampled)).toBe(false);
    const matching = await visit('/pricing.html', 'data-open-after="1" data-match="/pricing*"');
    await expect.poll(() => dialogOpen(matching), { timeout: 5000 }).toBe(true);
    await Promise.all([elsewhere.close(), unsampled.close(), matching.close()]);
  });

  it('does not ask again during the cooldown once dismissed, though the launcher still works', async () => {
    const context = await h.browser.newContext();
    const page = await visit('/cool.html', 'data-open-after="1" data-cooldown="7"', await context.newPage());
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(page)).toBe(false);
    await page.reload();
    await page.waitForTimeout(3000);
    expect(await dialogOpen(page)).toBe(false);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await expect.poll(() => dialogOpen(page)).toBe(true);
    await context.close();
  });
});

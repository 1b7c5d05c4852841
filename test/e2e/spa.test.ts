import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPageProblems } from './helpers/browser.ts';
import { useHarness } from './helpers/harness.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'demo');
const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css', svg: 'image/svg+xml' };
const WIDGET_TAG = /<script\s+src="\/widget\.js"[^>]*><\/script>/;

/** The page's own clock at the last click, at each `heed:open`, and a mark that the document was never reloaded. */
interface Marks {
  clickedAt: number;
  opens: number[];
  sameDocument: true;
}

describe('single-page apps: the demo SPA (demo/spa.html, spa.js) on a customer’s origin', () => {
  // The demo's files as they are, except its widget tag: Heed's origin, this project, and the
  // seconds `openAfter` says (its data-match, /spa.html?view=pricing*, /spa.html#/pricing*, is kept).
  let openAfter = '1';
  const h = useHarness({ key: 'pk_spa' }, (path, heedOrigin) => {
    const file = path.split('?')[0]!.slice(1);
    if (!['spa.html', 'spa.js', 'demo.css', 'favicon.svg'].includes(file)) return undefined;
    let body = readFileSync(join(DEMO, file), 'utf8');
    if (file === 'spa.html') {
      const [tag] = WIDGET_TAG.exec(body)!;
      expect(tag).toContain('data-match="/spa.html?view=pricing*, /spa.html#/pricing*"');
      const ours = tag
        .replace('src="/widget.js"', `src="${heedOrigin}/widget.js"`)
        .replace('data-project="demo"', 'data-project="pk_spa"')
        .replace(/data-open-after="\d+"/, `data-open-after="${openAfter}"`);
      body = body.replace(tag, ours);
    }
    return { body, headers: { 'Content-Type': `${TYPES[file.split('.').pop()!]}; charset=utf-8` } };
  });

  /**
   * Opens the SPA's landing view and waits until the triggers are armed (once the page is idle)
   * and, with `outlast`, until the page has been open longer than their `openAfter` seconds.
   */
  async function landOnTheSpa(seconds: string, { outlast = true } = {}): Promise<Page> {
    openAfter = seconds;
    const page = await h.browser.newPage();
    problems.set(page, await watchPageProblems(page));
    await page.addInitScript(() => {
      const marks = { clickedAt: 0, opens: [] as number[], sameDocument: true };
      Object.assign(window, { marks });
      addEventListener('click', () => (marks.clickedAt = performance.now()), true);
      addEventListener('heed:open', () => marks.opens.push(performance.now()));
    });
    await page.goto(`${h.site.origin}/spa.html`);
    await page.waitForFunction(() => '__heedTriggers' in window);
    if (outlast) await page.waitForFunction((ms) => performance.now() > ms, Number(seconds) * 1000 + 500);
    return page;
  }

  /** What went wrong on each page (errors, console errors, CSP violations): nothing may. */
  const problems = new Map<Page, () => Promise<string[]>>();
  async function leave(page: Page) {
    expect(await problems.get(page)!()).toEqual([]);
    await page.close();
  }

  const marks = (page: Page) => page.evaluate(() => (window as unknown as { marks: Marks }).marks);
  const dialogOpen = (page: Page) => page.getByRole('dialog', { name: 'Send feedback' }).isVisible();
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  it('asks on the pricing view only, its seconds counted from the pushState that led there', async () => {
    const page = await landOnTheSpa('1');
    // The page has been open longer than the trigger's seconds: the landing view is not matched.
    expect(await dialogOpen(page)).toBe(false);
    await nav(page, 'Pricing').click();
    expect(new URL(page.url()).search).toBe('?view=pricing');
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    const { clickedAt, opens, sameDocument } = await marks(page);
    expect(sameDocument).toBe(true); // a soft navigation, no page load
    expect(opens).toHaveLength(1);
    expect(opens[0]! - clickedAt).toBeGreaterThanOrEqual(1000);
    await leave(page);
  });

  it('cancels the timer when the visitor leaves the matching view before it fires, and starts it afresh on return', async () => {
    const page = await landOnTheSpa('2');
    await nav(page, 'Pricing').click();
    await page.waitForTimeout(500);
    await nav(page, 'Changelog').click();
    await page.waitForTimeout(3000);
    expect(await dialogOpen(page)).toBe(false);
    expect((await marks(page)).opens).toEqual([]);
    // Back on pricing, the seconds count afresh from that visit.
    await nav(page, 'Pricing').click();
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    const { clickedAt, opens } = await marks(page);
    expect(opens).toHaveLength(1);
    expect(opens[0]! - clickedAt).toBeGreaterThanOrEqual(2000);
    await leave(page);
  });

  it('follows back and forward (popstate)', async () => {
    const page = await landOnTheSpa('1');
    await nav(page, 'Pricing').click();
    await page.waitForTimeout(300);
    await page.goBack(); // to the landing view, before the timer fired
    await expect.poll(() => page.title()).toBe('Lumen Notes — write it down, find it again');
    await page.waitForTimeout(2000);
    expect(await dialogOpen(page)).toBe(false);
    const forwardAt = await page.evaluate(() => performance.now());
    await page.goForward();
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    const { opens, sameDocument } = await marks(page);
    expect(sameDocument).toBe(true);
    expect(opens).toHaveLength(1);
    expect(opens[0]! - forwardAt).toBeGreaterThanOrEqual(1000);
    await leave(page);
  });

  it('follows hash routes (hashchange), which data-match names with their hash', async () => {
    const page = await landOnTheSpa('1');
    await page.evaluate(() => (location.hash = '#/changelog'));
    await expect.poll(() => page.title()).toBe('Changelog — Lumen Notes');
    await page.waitForTimeout(2000);
    expect(await dialogOpen(page)).toBe(false);
    const movedAt = await page.evaluate(() => performance.now());
    await page.evaluate(() => (location.hash = '#/pricing'));
    await expect.poll(() => dialogOpen(page), { timeout: 5000 }).toBe(true);
    const { opens } = await marks(page);
    expect(opens).toHaveLength(1);
    expect(opens[0]! - movedAt).toBeGreaterThanOrEqual(1000);
    // Chromium announces a fragment change three ways (popstate, hashchange, the Navigation API): one page view, one ask.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1500);
    expect((await marks(page)).opens).toHaveLength(1);
    await leave(page);
  });

  it('records the URL and title of the view the visitor sends from, not those the form was opened on', async () => {
    const page = await landOnTheSpa('600', { outlast: false });
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('radio', { name: '4 stars' }).check();
    await dialog.getByLabel('Comment (optional)').fill('Found the plans at last.');
    // The app moves on while the form is open (a pushState of its router).
    await page.evaluate(() => document.querySelector<HTMLAnchorElement>('nav a[data-view="pricing"]')!.click());
    await expect.poll(() => page.title()).toBe('Pricing — Lumen Notes');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    expect((await marks(page)).sameDocument).toBe(true);

    const res = await fetch(`${h.heed.origin}/v1/projects/pk_spa/feedback`, { headers: { Authorization: `Bearer ${h.heed.adminToken}` } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { comment: string; page: { url: string; title: string } }[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      comment: 'Found the plans at last.',
      page: { url: `${h.site.origin}/spa.html?view=pricing`, title: 'Pricing — Lumen Notes' },
    });
    await leave(page);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems } from './helpers/browser.ts';
import { startHeedServer } from './helpers/heed-server.ts';
import { pageWithWidget, startSite, type SitePage } from './helpers/site.ts';

const HOSTILE_CSS = `* { all: unset !important; }
button { display: none !important; }
html, body { font-size: 40px !important; line-height: 3 !important; }`;

describe('the widget on a hostile host page', () => {
  let browser: Browser;
  let heed: Awaited<ReturnType<typeof startHeedServer>>;
  let site: Awaited<ReturnType<typeof startSite>>;
  let siteOrigin: string;

  beforeAll(async () => {
    browser = await launchChromium();
    // The site's origin is known once it listens, so pages are rendered on request.
    let csp = '';
    site = await startSite((path): SitePage => {
      if (path === '/hostile.css') return { body: HOSTILE_CSS, headers: { 'Content-Type': 'text/css' } };
      const key = path === '/other-project.html' ? 'pk_other_site' : 'pk_hostile';
      const body = pageWithWidget(heed.origin, key, '<link rel="stylesheet" href="/hostile.css">').replace(
        '<p>',
        '<button>Buy</button><p>',
      );
      return { body, headers: { 'Content-Security-Policy': csp } };
    });
    siteOrigin = site.origin;
    heed = await startHeedServer({ key: 'pk_hostile', allowedOrigins: [siteOrigin] });
    csp = [
      "default-src 'none'",
      `script-src 'self' ${heed.origin}`,
      "style-src 'self'",
      `connect-src 'self' ${heed.origin}`,
      "img-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await heed?.close();
  });

  it('renders, submits under a strict CSP, and triggers no policy violation or page error', async () => {
    const page = await browser.newPage();
    const problems = await watchPageProblems(page);
    await page.goto(`${siteOrigin}/`);

    const launcher = page.getByRole('button', { name: 'Feedback', exact: true });
    await launcher.waitFor();
    const box = await launcher.boundingBox();
    expect(box && box.width > 40 && box.height >= 40).toBe(true);
    // The page's 40px/3 line-height reset must not reach the launcher's text.
    expect(await launcher.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');

    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const submit = dialog.getByRole('button', { name: 'Send feedback' });
    expect(await submit.evaluate((el) => getComputedStyle(el).display)).not.toBe('none');

    await dialog.getByRole('radio', { name: '2 stars' }).check();
    await dialog.getByLabel('Comment (optional)').fill('Your page fought me, the widget did not.');
    await submit.click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();

    const { items } = await heed.store.listFeedback(heed.project.id, { limit: 5 });
    expect(items.map((i) => [i.rating?.value, i.comment, i.page.url])).toEqual([
      [2, 'Your page fought me, the widget did not.', `${siteOrigin}/`],
    ]);
    expect(await problems()).toEqual([]);
    await page.close();
  });

  it('tells the visitor the truth when the project refuses this site', async () => {
    const page = await browser.newPage();
    // A project that lists only another site's origin.
    await heed.store.createProject(
      { ...heed.project, id: crypto.randomUUID(), key: 'pk_other_site', allowedOrigins: ['https://another.example'] },
      Date.now(),
    );
    await page.goto(`${siteOrigin}/other-project.html`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByLabel('Comment (optional)').fill('hello');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(`does not accept feedback from ${siteOrigin}`);
    await page.close();
  });
});

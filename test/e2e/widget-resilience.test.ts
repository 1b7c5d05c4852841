import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { startHeedServer } from './helpers/heed-server.ts';
import { pageWithWidget, startSite } from './helpers/site.ts';

/** Uncaught errors and unhandled rejections: what would break or pollute a host page. */
function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('the widget when things go wrong', () => {
  let browser: Browser;
  let heed: Awaited<ReturnType<typeof startHeedServer>>;
  let site: Awaited<ReturnType<typeof startSite>>;

  beforeAll(async () => {
    browser = await launchChromium();
    site = await startSite((path) => (path === '/' ? { body: pageWithWidget(heed.origin, 'pk_shop') } : undefined));
    heed = await startHeedServer({ key: 'pk_shop', allowedOrigins: [site.origin] });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await heed?.close();
  });

  async function openForm(page: Page) {
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    return dialog;
  }

  it('loads nothing but the loader until the visitor reaches for the launcher', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Feedback' }).waitFor();
    await page.waitForTimeout(500);
    expect(requested.filter((path) => path !== '/')).toEqual(['/widget.js']);
    await page.getByRole('button', { name: 'Feedback' }).hover();
    await expect.poll(() => requested.some((path) => /^\/widget\/panel\.[0-9a-f]+\.js$/.test(path))).toBe(true);
    await page.close();
  });

  it('opens with the default form when the project config fails, and still delivers', async () => {
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    await page.route('**/v1/projects/*/config', (route) => route.fulfill({ status: 500, body: '<h1>Oops</h1>' }));
    const dialog = await openForm(page);
    await dialog.getByRole('radio', { name: '5 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens with the defaults after 3 s when the config request hangs', async () => {
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    await page.route('**/v1/projects/*/config', () => {}); // never answered
    const dialog = await openForm(page);
    expect(await dialog.getByRole('radio').count()).toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells the visitor the truth when the server cannot be reached, then sends the same feedback once on retry', async () => {
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    await page.route('**/v1/feedback', (route) => route.abort('connectionrefused'));
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('Sent twice, stored once');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Your feedback was not sent. Could not reach the feedback server. Check your connection and try again.');

    await page.unroute('**/v1/feedback');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    const { items } = await heed.store.listFeedback(heed.project.id, { limit: 100 });
    expect(items.filter((item) => item.comment === 'Sent twice, stored once')).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reports an HTML error page from a proxy as an error, not as success', async () => {
    const page = await browser.newPage();
    await page.route('**/v1/feedback', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }),
    );
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('hello');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Your feedback was not sent. The feedback server answered with an error (502).');
    await page.close();
  });

  it('throws nothing into the page when the form script cannot be loaded', async () => {
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.route('**/widget/panel.*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Feedback' }).click();
    await expect.poll(() => warnings.some((w) => w.includes('[heed] The feedback form could not be loaded'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('closes with Escape after sending and gives focus back to the launcher', async () => {
    const page = await browser.newPage();
    const dialog = await openForm(page);
    await dialog.getByRole('radio', { name: '4 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const launcher = page.getByRole('button', { name: 'Feedback' });
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.close();
  });
});

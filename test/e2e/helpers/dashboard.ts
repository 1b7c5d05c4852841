import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** Where page screenshots go: docs/screenshots when refreshing the documented ones, else test-results. */
export const SCREENSHOTS = join(ROOT, process.env.HEED_UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

/** A page signed in to the dashboard at `origin` with `token`. */
export async function signedInPage(browser: Browser, origin: string, token: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${origin}/admin`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until no "Loading…" is left on the page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'));
}

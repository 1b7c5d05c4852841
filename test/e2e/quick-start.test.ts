import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { listDemoFeedback, rateThePricingPage, storedPricingRating } from './helpers/demo-visit.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** `npm start` exactly as the README says, on a fresh database; resolves with everything it printed once listening. */
function npmStart(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`npm start did not listen within 90 s:\n${output}`)), 90_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (/Create another admin token|Admin token \(shown once/.test(output) && /curl|npm run heed/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

describe('quick start: npm start, then a visitor rates the demo page', () => {
  let browser: Browser;
  let started: Awaited<ReturnType<typeof npmStart>>;
  let origin: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-quickstart-'));

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    started = await npmStart({ PORT: String(port), HEED_DB: join(dataDir, 'heed.db') });
  });

  afterAll(async () => {
    await browser?.close();
    if (started?.child.pid) process.kill(-started.child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the embed snippet and a one-time admin token', () => {
    const output = started.output();
    expect(output).toContain(`<script src="${origin}/widget.js" data-project="demo" async></script>`);
    expect(output).toMatch(/Admin token \(shown once[^\n]*\n\s+heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/);
  });

  it('stores a 4-star rating with a comment from the demo page, readable with the admin token', async () => {
    const token = /\b(heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(started.output())![1]!;
    const { problems, cookies } = await rateThePricingPage(browser, origin);
    const items = await listDemoFeedback(origin, token);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject(storedPricingRating(origin));
    expect(cookies).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('works from the keyboard alone: arrows choose, Escape closes, focus returns to the launcher', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const launcher = page.getByRole('button', { name: 'Feedback', exact: true });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect
      .poll(() => dialog.getByRole('radio', { name: '1 star' }).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el))
      .toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await dialog.getByRole('radio', { name: '3 stars' }).isChecked()).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('follows the visitor’s dark system theme (the demo project’s theme is auto)', async () => {
    const page = await browser.newPage({ colorScheme: 'dark' });
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 24, 39)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    await page.close();
  });
});

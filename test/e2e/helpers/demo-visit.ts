import { expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { watchPageProblems } from './browser.ts';

export const DEMO_COMMENT = 'The Pro plan price is clear, but what happens after a year?';

/**
 * A visitor on the demo site's pricing page gives 4 stars with a comment through the widget and
 * sees the thanks; returns what the page saw go wrong and the cookies it was left with.
 */
export async function rateThePricingPage(browser: Browser, origin: string): Promise<{ problems: string[]; cookies: unknown[] }> {
  const page = await browser.newPage();
  const problems = await watchPageProblems(page);
  await page.goto(`${origin}/pricing.html`);
  await page.getByRole('button', { name: 'Feedback', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await dialog.getByRole('radio', { name: '4 stars' }).check();
  await dialog.getByLabel('Comment (optional)').fill(DEMO_COMMENT);
  await dialog.getByRole('button', { name: 'Send feedback' }).click();
  await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
  const result = { problems: await problems(), cookies: await page.context().cookies() };
  await page.close();
  return result;
}

/** The demo project's feedback as the admin API lists it. */
export async function listDemoFeedback(origin: string, token: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${origin}/v1/projects/demo/feedback`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Record<string, unknown>[] }).items;
}

/** What the pricing page's rating looks like once stored. */
export function storedPricingRating(origin: string) {
  return {
    rating: { kind: 'stars', value: 4 },
    comment: DEMO_COMMENT,
    page: { url: `${origin}/pricing.html`, title: 'Pricing — Lumen Notes' },
    context: { locale: 'en' },
  };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems } from './helpers/browser.ts';
import { startHeedServer } from './helpers/heed-server.ts';
import { pageWithWidget, startSite } from './helpers/site.ts';

/**
 * Cloudflare's api.js as far as the widget uses it, served in its place by the browser itself
 * (nothing leaves the machine): it shows a box and hands over a token shortly after rendering.
 */
const FAKE_TURNSTILE_JS = `window.turnstile = {
  render(container, options) {
    const box = document.createElement('div');
    box.textContent = 'Verified';
    container.append(box);
    window.turnstileSiteKey = options.sitekey;
    setTimeout(() => options.callback('token-from-the-challenge'), 300);
    return 'widget-1';
  },
  reset() { window.turnstileResets = (window.turnstileResets || 0) + 1; },
};`;

describe('a project that asks for Turnstile', () => {
  let browser: Browser;
  let heed: Awaited<ReturnType<typeof startHeedServer>>;
  let site: Awaited<ReturnType<typeof startSite>>;
  const verifications: URLSearchParams[] = [];
  // Turnstile's siteverify, on loopback: the token the fake challenge hands out passes.
  const verifier = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      verifications.push(form);
      const success = form.get('secret') === 'e2e-secret' && form.get('response') === 'token-from-the-challenge';
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ success }));
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => verifier.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    site = await startSite(() => ({ body: pageWithWidget(heed.origin, 'pk_guarded') }));
    heed = await startHeedServer(
      { key: 'pk_guarded', allowedOrigins: [site.origin], antiSpam: { minSeconds: 0, turnstile: true } },
      {
        turnstile: {
          siteKey: 'e2e-site-key',
          secretKey: 'e2e-secret',
          verifyUrl: `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/siteverify`,
        },
      },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await heed?.close();
    await new Promise((resolve) => verifier.close(resolve));
  });

  it('shows the challenge in the form and sends its token, which the server verifies with the submission id', async () => {
    const page = await browser.newPage();
    const problems = await watchPageProblems(page);
    await page.route('https://challenges.cloudflare.com/**', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: FAKE_TURNSTILE_JS }),
    );
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByText('Verified').waitFor();
    expect(await page.evaluate(() => (window as unknown as { turnstileSiteKey: string }).turnstileSiteKey)).toBe('e2e-site-key');
    await dialog.getByRole('radio', { name: '5 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();

    const [stored] = (await heed.store.listFeedback(heed.project.id, { limit: 5 })).items;
    expect(stored).toMatchObject({ rating: { kind: 'stars', value: 5 } });
    expect(verifications.map((v) => [v.get('response'), v.get('idempotency_key')])).toEqual([['token-from-the-challenge', stored!.id]]);
    // A token is good for one submission: the next one gets a fresh challenge.
    expect(await page.evaluate(() => (window as unknown as { turnstileResets: number }).turnstileResets)).toBe(1);
    expect(await problems()).toEqual([]);
    await page.close();
  });
});

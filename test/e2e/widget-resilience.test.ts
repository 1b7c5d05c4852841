import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.ts';
import { pageWithWidget } from './helpers/site.ts';

/** Uncaught errors and unhandled rejections: what would break or pollute a host page. */
function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('the widget when things go wrong', () => {
  const h = useHarness({ key: 'pk_shop' }, (path, heedOrigin) =>
    path === '/' ? { body: pageWithWidget(heedOrigin, 'pk_shop') } : undefined,
  );

  async function openForm(page: Page) {
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    return dialog;
  }

  it('loads nothing but the loader until the visitor reaches for the launcher', async () => {
    const page = await h.browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.waitForTimeout(500);
    expect(requested.filter((path) => path !== '/')).toEqual(['/widget.js']);
    await page.getByRole('button', { name: 'Feedback', exact: true }).hover();
    await expect.poll(() => requested.some((path) => /^\/widget\/panel\.[0-9a-f]+\.js$/.test(path))).toBe(true);
    await page.close();
  });

  it('opens with the default form when the project config fails, and still delivers', async () => {
    const page = await h.browser.newPage();
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
    const page = await h.browser.newPage();
    const errors = trackPageErrors(page);
    await page.route('**/v1/projects/*/config', () => {}); // never answered
    const dialog = await openForm(page);
    expect(await dialog.getByRole('radio').count()).toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  const storedWith = async (comment: string) =>
    (await h.heed.store.listFeedback(h.heed.project.id, { limit: 100 })).items.filter((item) => item.comment === comment).length;

  it('queues feedback while the server is unreachable and delivers it exactly once when it is back', async () => {
    const page = await h.browser.newPage();
    const errors = trackPageErrors(page);
    await page.route('**/v1/feedback', (route) => route.abort('connectionrefused'));
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('Queued while unreachable');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback is saved and will be sent as soon as the connection is back.').waitFor();
    expect(await storedWith('Queued while unreachable')).toBe(0);

    await page.unroute('**/v1/feedback');
    await expect.poll(() => storedWith('Queued while unreachable'), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('heed:outbox:')).length)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('submitted offline, the tab closed: the next page load delivers it exactly once', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const dialog = await (async () => {
      await page.goto(`${h.site.origin}/`);
      await page.getByRole('button', { name: 'Feedback', exact: true }).click();
      const d = page.getByRole('dialog', { name: 'Send feedback' });
      await expect.poll(() => d.isVisible()).toBe(true);
      return d;
    })();
    await context.setOffline(true);
    await dialog.getByLabel('Comment (optional)').fill('Written on a train');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback is saved and will be sent as soon as the connection is back.').waitFor();
    await page.close();
    expect(await storedWith('Written on a train')).toBe(0);

    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(`${h.site.origin}/`);
    await expect.poll(() => storedWith('Written on a train'), { timeout: 15_000 }).toBe(1);
    await next.reload();
    await next.waitForTimeout(1500);
    expect(await storedWith('Written on a train')).toBe(1);
    await context.close();
  });

  it('honours 503 with Retry-After, then stores the feedback exactly once', async () => {
    const page = await h.browser.newPage();
    let refused = 0;
    const attemptsAt: number[] = [];
    await page.route('**/v1/feedback', async (route) => {
      attemptsAt.push(Date.now());
      // As the server answers: readable cross-origin, Retry-After exposed.
      const cors = { 'Access-Control-Allow-Origin': h.site.origin, 'Access-Control-Expose-Headers': 'Retry-After' };
      if (refused++ === 0) return route.fulfill({ status: 503, headers: { ...cors, 'Retry-After': '2' }, body: '{"error":{"code":"busy","message":"busy"}}' });
      return route.continue();
    });
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('After a 503');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback is saved and will be sent as soon as the connection is back.').waitFor();
    await expect.poll(() => storedWith('After a 503'), { timeout: 15_000 }).toBe(1);
    // Retry-After: 2 (the backoff alone would retry after 0.5–1.5 s).
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(1900);
    expect(refused).toBe(2);
    await page.close();
  });

  it('delivers feedback, once, when the tab is closed while its request is in flight', async () => {
    const context = await h.browser.newContext();
    // The form's request is held until the tab has gone: what reaches the server then is what
    // outlives the tab (the keepalive request, and the sendBeacon handed over on pagehide).
    let held = 0;
    let release: () => void = () => {};
    const closed = new Promise<void>((resolve) => (release = resolve));
    await context.route('**/v1/feedback', async (route) => {
      held += 1;
      await closed;
      await route.continue().catch(() => {});
    });
    const page = await context.newPage();
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('Sent and gone');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await expect.poll(() => held).toBe(1);
    expect(await storedWith('Sent and gone')).toBe(0);
    await page.close({ runBeforeUnload: true });
    release();
    await expect.poll(() => storedWith('Sent and gone'), { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedWith('Sent and gone')).toBe(1);
    await context.close();
  });

  it('keeps feedback through a proxy’s HTML 502 page and delivers it once the server answers', async () => {
    const page = await h.browser.newPage();
    let failures = 0;
    await page.route('**/v1/feedback', (route) =>
      failures++ === 0
        ? route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' })
        : route.continue(),
    );
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('Through a 502');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback is saved and will be sent as soon as the connection is back.').waitFor();
    await expect.poll(() => storedWith('Through a 502'), { timeout: 15_000 }).toBe(1);
    await page.close();
  });

  it('throws nothing into the page when the form script cannot be loaded', async () => {
    const page = await h.browser.newPage();
    const errors = trackPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.route('**/widget/panel.*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await expect.poll(() => warnings.some((w) => w.includes('[heed] The feedback form could not be loaded'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('closes with Escape after sending and gives focus back to the launcher', async () => {
    const page = await h.browser.newPage();
    const dialog = await openForm(page);
    await dialog.getByRole('radio', { name: '4 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const launcher = page.getByRole('button', { name: 'Feedback', exact: true });
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.close();
  });

  it('opens as a bottom sheet on a phone, above the home indicator', async () => {
    const context = await h.browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Polled: the sheet slides in for 160 ms.
    await expect.poll(async () => {
      const box = (await dialog.boundingBox())!;
      return [box.x, box.width, Math.round(box.y + box.height)];
    }).toEqual([0, 375, 667]);
    await dialog.getByRole('radio', { name: '5 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).tap();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    await context.close();
  });

  it('sends feedback left by an earlier visit once, even with two tabs opening together', async () => {
    const context = await h.browser.newContext();
    const seed = await context.newPage();
    await seed.goto(`${h.site.origin}/`);
    const ids = await seed.evaluate((endpoint) => {
      const made: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const id = crypto.randomUUID();
        made.push(id);
        const payload = { project: 'pk_shop', id, comment: `From an earlier visit ${i}`, page: { url: location.href }, context: { locale: 'en', viewport: { width: 1, height: 1 } } };
        localStorage.setItem(`heed:outbox:${id}`, JSON.stringify({ endpoint, payload, attempts: 1, nextAttemptAt: 0, createdAt: Date.now() }));
      }
      return made;
    }, h.heed.origin);
    await seed.close();

    const posted: string[] = [];
    await context.route('**/v1/feedback', async (route) => {
      posted.push((JSON.parse(route.request().postData() ?? '{}') as { id: string }).id);
      await route.continue();
    });
    const tabs = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all(tabs.map((tab) => tab.goto(`${h.site.origin}/`)));
    await expect.poll(async () => (await Promise.all(ids.map((id) => storedWith(`From an earlier visit ${ids.indexOf(id)}`)))).every((n) => n === 1), { timeout: 15_000 }).toBe(true);
    await tabs[0]!.waitForTimeout(1500);
    expect([...posted].sort()).toEqual([...ids].sort());
    await context.close();
  });

  it('tells listeners when a queued submission is refused later', async () => {
    const page = await h.browser.newPage();
    let calls = 0;
    await page.route('**/v1/feedback', (route) =>
      calls++ === 0
        ? route.abort('connectionrefused')
        : route.fulfill({
            status: 403,
            contentType: 'application/json',
            headers: { 'Access-Control-Allow-Origin': h.site.origin },
            body: '{"error":{"code":"origin_not_allowed","message":"Not from here."}}',
          }),
    );
    await page.goto(`${h.site.origin}/`);
    await page.evaluate(() => {
      const w = window as unknown as { Heed: (...a: unknown[]) => unknown; errors: unknown[] };
      w.errors = [];
      w.Heed('on', 'error', (detail: unknown) => w.errors.push(detail));
    });
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByLabel('Comment (optional)').fill('Refused on retry');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback is saved and will be sent as soon as the connection is back.').waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { errors: { message: string }[] }).errors.map((e) => e.message)), { timeout: 10_000 }).toEqual(['Not from here.']);
    await page.close();
  });
});

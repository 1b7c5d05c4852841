import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.ts';
import { pageWithWidget } from './helpers/site.ts';

const SENT = 'Thank you! Your feedback was sent.';
const QUEUED = 'Thank you! Your feedback is saved and will be sent as soon as the connection is back.';

/**
 * What the host page would notice: uncaught errors and unhandled rejections, and console.error
 * calls made by script. Not counted: the lines Chromium itself logs for a failed request ("Failed
 * to load resource: net::ERR_BLOCKED_BY_CLIENT", CORS refusals), which carry no arguments — no
 * script can silence them and every blocked tracker on the web prints them. The widget's own
 * `[heed]` warnings are deliberate (they tell the site owner why); they are kept apart to assert on.
 */
function watchHostPage(page: Page) {
  const problems: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.args().length > 0) problems.push(`console.error: ${message.text()}`);
    if (message.type() === 'warning' && message.text().startsWith('[heed]')) warnings.push(message.text());
  });
  return { problems, warnings };
}

/** The loader's warning that the form's bundle did not arrive (blocked, offline). */
const formNotLoaded = (warning: string) => /^\[heed\] Could not load \S+\/widget\/panel\.\w+\.js$/.test(warning);

/** Ids of the submissions waiting in the page's outbox. */
const waitingIds = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('heed:outbox:'))
      .map((k) => k.slice('heed:outbox:'.length)),
  );

/** What a hop between the widget and Heed answers in Heed's place. */
interface StandIn {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A real loopback hop in front of Heed, for the widget's `endpoint` (Playwright's route.fulfill
 * adds CORS headers by itself, so it cannot stand for a proxy that sends none). It can go down
 * (connections refused, open ones cut), come back on the same port, hold its answers to POSTs,
 * and answer in Heed's place.
 */
async function startProxy(target: string) {
  const state = { holdMs: 0, posts: 0, standIn: undefined as ((method: string) => StandIn | undefined) | undefined };
  const server = createServer((req, res) => {
    if (req.method === 'POST') state.posts += 1;
    const standIn = state.standIn?.(req.method!);
    if (standIn) return void req.resume().on('end', () => res.writeHead(standIn.status, standIn.headers).end(standIn.body));
    const hold = req.method === 'POST' ? state.holdMs : 0;
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      setTimeout(() => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }, hold);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const down = () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections(); // keep-alive connections would otherwise still be served
    return closed;
  };
  return { origin: `http://127.0.0.1:${port}`, state, down, up: () => listen(port) };
}

describe('the widget when things go wrong', () => {
  const h = useHarness({ key: 'pk_shop' }, (path, heedOrigin) => {
    const url = new URL(path, 'http://site');
    if (url.pathname !== '/') return undefined;
    // `/?endpoint=…` sends feedback and config requests elsewhere (a proxy the test controls), as `init` allows.
    const endpoint = url.searchParams.get('endpoint');
    const init = endpoint
      ? `<script>window.Heed=window.Heed||function(){(Heed.q=Heed.q||[]).push(arguments)};Heed('init',${JSON.stringify({ endpoint })})</script>`
      : '';
    return { body: pageWithWidget(heedOrigin, 'pk_shop', init) };
  });

  async function openForm(page: Page, path = '/') {
    await page.goto(`${h.site.origin}${path}`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    return dialog;
  }

  /** Ids of the stored items with this comment: one row, with the submission's id, is "delivered once". */
  const storedIds = async (comment: string) =>
    (await h.heed.store.listFeedback(h.heed.project.id, { limit: 100 })).items
      .filter((item) => item.comment === comment)
      .map((item) => item.id);
  const storedWith = async (comment: string) => (await storedIds(comment)).length;

  it('loads nothing but the loader until the visitor reaches for the launcher', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.waitForTimeout(500);
    expect(requested.filter((path) => path !== '/')).toEqual(['/widget.js']);
    await page.getByRole('button', { name: 'Feedback', exact: true }).hover();
    await expect.poll(() => requested.some((path) => /^\/widget\/panel\.[0-9a-f]+\.js$/.test(path))).toBe(true);
    expect(host.problems).toEqual([]);
    await page.close();
  });

  it('opens with the default form when the project config fails, and still delivers', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    await page.route('**/v1/projects/*/config', (route) => route.fulfill({ status: 500, body: '<h1>Oops</h1>' }));
    const dialog = await openForm(page);
    await dialog.getByRole('radio', { name: '5 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(SENT).waitFor();
    expect(host.problems).toEqual([]);
    await page.close();
  });

  it('opens with the defaults after 3 s when the config request hangs', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    await page.route('**/v1/projects/*/config', () => {}); // never answered
    const dialog = await openForm(page);
    expect(await dialog.getByRole('radio').count()).toBe(5);
    expect(host.problems).toEqual([]);
    await page.close();
  });

  it('queues feedback while the server is down and delivers it exactly once when it is back', async () => {
    // A real refused connection (nothing listens on the port), for the config request and the POST.
    const proxy = await startProxy(h.heed.origin);
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    await proxy.down();
    const dialog = await openForm(page, `/?endpoint=${proxy.origin}`);
    expect(await dialog.getByRole('radio').count()).toBe(5); // the default form, at once
    await dialog.getByLabel('Comment (optional)').fill('Queued while down');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    const ids = await waitingIds(page);
    expect(ids).toHaveLength(1);
    expect(await storedWith('Queued while down')).toBe(0);

    await proxy.up();
    await expect.poll(() => storedIds('Queued while down'), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => waitingIds(page)).toEqual([]);
    expect(host.problems).toEqual([]);
    await page.close();
    await proxy.down();
  });

  it('thanks the visitor at once when the server takes 10 s to answer, and sends the feedback only once', async () => {
    // The server stores it at once but its answer is held: the widget must not give up and resend.
    const proxy = await startProxy(h.heed.origin);
    proxy.state.holdMs = 10_000;
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    const dialog = await openForm(page, `/?endpoint=${proxy.origin}`);
    await dialog.getByLabel('Comment (optional)').fill('Answered slowly');
    const sentAt = Date.now();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    // The form waits 1.5 s for the first attempt, then thanks the visitor for a queued submission.
    await dialog.getByText(QUEUED).waitFor({ timeout: 4000 });
    expect(Date.now() - sentAt).toBeLessThan(4000);
    const ids = await waitingIds(page);
    expect(ids).toHaveLength(1);

    // Once the answer is in, nothing is left to send (plus 1.5 s for a stray retry to show).
    await expect.poll(() => waitingIds(page), { timeout: 15_000 }).toEqual([]);
    await page.waitForTimeout(1500);
    expect(proxy.state.posts).toBe(1);
    expect(await storedIds('Answered slowly')).toEqual(ids);
    expect(host.problems).toEqual([]);
    await page.close();
    await proxy.down();
  });

  it('submitted offline, the tab closed: the next page load delivers it exactly once', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const host = watchHostPage(page);
    const dialog = await openForm(page);
    await context.setOffline(true);
    await dialog.getByLabel('Comment (optional)').fill('Written on a train');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    await page.close();
    expect(await storedWith('Written on a train')).toBe(0);
    expect(host.problems).toEqual([]);

    await context.setOffline(false);
    const next = await context.newPage();
    const nextHost = watchHostPage(next);
    await next.goto(`${h.site.origin}/`);
    await expect.poll(() => storedWith('Written on a train'), { timeout: 15_000 }).toBe(1);
    await next.reload();
    await next.waitForTimeout(1500);
    expect(await storedWith('Written on a train')).toBe(1);
    expect(nextHost.problems).toEqual([]);
    await context.close();
  });

  it('honours 503 with Retry-After, then stores the feedback exactly once', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    let refused = 0;
    const attemptsAt: number[] = [];
    await page.route('**/v1/feedback', async (route) => {
      attemptsAt.push(Date.now());
      // As the server answers: readable cross-origin, Retry-After exposed.
      const cors = { 'Access-Control-Allow-Origin': h.site.origin, 'Access-Control-Expose-Headers': 'Retry-After' };
      if (refused++ === 0)
        return route.fulfill({ status: 503, headers: { ...cors, 'Retry-After': '2' }, body: '{"error":{"code":"busy","message":"busy"}}' });
      return route.continue();
    });
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('After a 503');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    await expect.poll(() => storedWith('After a 503'), { timeout: 15_000 }).toBe(1);
    // Retry-After: 2 (the backoff alone would retry after 0.5–1.5 s).
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(1900);
    expect(refused).toBe(2);
    expect(host.problems).toEqual([]);
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
    const host = watchHostPage(page);
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
    expect(host.problems).toEqual([]);
    await context.close();
  });

  // A hop between the widget and the server (CDN, proxy, captive portal) answers for it. Only the
  // server's own JSON naming the submission counts as delivered: a portal's 200 login page must
  // not empty the outbox. Without CORS headers the page cannot read the answer: a network error.
  const html = (status: number, headers: Record<string, string>): StandIn => ({
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
    body: '<!doctype html><title>Sign in to the Wi-Fi</title><h1>Bad gateway</h1>',
  });
  it.each([
    { what: 'a CDN’s HTML 502 page (no CORS headers: unreadable)', answer: html(502, {}) },
    { what: 'a proxy’s readable HTML 503 page', answer: html(503, { 'Access-Control-Allow-Origin': '*' }) },
    { what: 'a captive portal’s readable HTML 200 page', answer: html(200, { 'Access-Control-Allow-Origin': '*' }) },
  ])('keeps feedback through $what, for config and POST, and delivers it once the server answers', async ({ what, answer }) => {
    const proxy = await startProxy(h.heed.origin);
    // The config request and the first POST get the page; later POSTs reach the server.
    proxy.state.standIn = (method) => (method === 'GET' || proxy.state.posts === 1 ? answer : undefined);
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    const dialog = await openForm(page, `/?endpoint=${proxy.origin}`);
    expect(await dialog.getByRole('radio').count()).toBe(5); // the default form
    await dialog.getByLabel('Comment (optional)').fill(`Through ${what}`);
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    const ids = await waitingIds(page);
    expect(ids).toHaveLength(1);
    await expect.poll(() => storedIds(`Through ${what}`), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => waitingIds(page)).toEqual([]);
    expect(proxy.state.posts).toBe(2);
    expect(host.problems).toEqual([]);
    await page.close();
    await proxy.down();
  });

  it('blocked like an ad-blocker does, thanks the visitor and delivers once the block is lifted', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    await page.route('**/v1/**', (route) => route.abort('blockedbyclient'));
    const dialog = await openForm(page);
    await dialog.getByLabel('Comment (optional)').fill('Past the blocker');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    const ids = await waitingIds(page);
    expect(ids).toHaveLength(1);
    expect(await storedWith('Past the blocker')).toBe(0);

    await page.unroute('**/v1/**');
    await expect.poll(() => storedIds('Past the blocker'), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => waitingIds(page)).toEqual([]);
    expect(host.problems).toEqual([]);
    await page.close();
  });

  it('with the form script blocked too, throws nothing and delivers waiting feedback once the blocker is off', async () => {
    const context = await h.browser.newContext();
    await context.route('**/v1/feedback', (route) => route.abort('blockedbyclient')); // the beacon on leaving, too
    const first = await context.newPage();
    const firstHost = watchHostPage(first);
    const dialog = await openForm(first);
    await dialog.getByLabel('Comment (optional)').fill('Blocked twice');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(QUEUED).waitFor();
    const ids = await waitingIds(first);
    await first.close();

    // The next visit: the blocker now also takes the form's script, which the outbox needs.
    await context.route('**/widget/panel.*.js', (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    const host = watchHostPage(page);
    await page.goto(`${h.site.origin}/`);
    await expect.poll(() => host.warnings.some(formNotLoaded)).toBe(true);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await expect.poll(() => host.warnings.filter(formNotLoaded).length).toBe(2);
    expect(await storedWith('Blocked twice')).toBe(0);
    expect(await waitingIds(page)).toEqual(ids);

    // The blocker is switched off for the site: the next click brings the form and the waiting feedback goes.
    await context.unrouteAll();
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await page.getByRole('dialog', { name: 'Send feedback' }).waitFor();
    await expect.poll(() => storedIds('Blocked twice'), { timeout: 15_000 }).toEqual(ids);
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await storedIds('Blocked twice')).toEqual(ids);
    expect([...firstHost.problems, ...host.problems]).toEqual([]);
    await context.close();
  });

  it('throws nothing into the page when the form script cannot be loaded', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    await page.route('**/widget/panel.*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await expect.poll(() => host.warnings.some(formNotLoaded)).toBe(true);
    expect(host.problems).toEqual([]);
    await page.close();
  });

  it('closes with Escape after sending and gives focus back to the launcher', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
    const dialog = await openForm(page);
    await dialog.getByRole('radio', { name: '4 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText(SENT).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const launcher = page.getByRole('button', { name: 'Feedback', exact: true });
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(host.problems).toEqual([]);
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
    await expect
      .poll(async () => {
        const box = (await dialog.boundingBox())!;
        return [box.x, box.width, Math.round(box.y + box.height)];
      })
      .toEqual([0, 375, 667]);
    await dialog.getByRole('radio', { name: '5 stars' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).tap();
    await dialog.getByText(SENT).waitFor();
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
        const payload = {
          project: 'pk_shop',
          id,
          comment: `From an earlier visit ${i}`,
          page: { url: location.href },
          context: { locale: 'en', viewport: { width: 1, height: 1 } },
        };
        localStorage.setItem(
          `heed:outbox:${id}`,
          JSON.stringify({ endpoint, payload, attempts: 1, nextAttemptAt: 0, createdAt: Date.now() }),
        );
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
    const hosts = tabs.map(watchHostPage);
    await Promise.all(tabs.map((tab) => tab.goto(`${h.site.origin}/`)));
    await expect
      .poll(
        async () => (await Promise.all(ids.map((id) => storedWith(`From an earlier visit ${ids.indexOf(id)}`)))).every((n) => n === 1),
        { timeout: 15_000 },
      )
      .toBe(true);
    await tabs[0]!.waitForTimeout(1500);
    expect([...posted].sort()).toEqual([...ids].sort());
    expect(hosts.flatMap((host) => host.problems)).toEqual([]);
    await context.close();
  });

  it('tells listeners when a queued submission is refused later', async () => {
    const page = await h.browser.newPage();
    const host = watchHostPage(page);
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
    await dialog.getByText(QUEUED).waitFor();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { errors: { message: string }[] }).errors.map((e) => e.message)), {
        timeout: 10_000,
      })
      .toEqual(['Not from here.']);
    expect(host.problems).toEqual([]);
    await page.close();
  });
});

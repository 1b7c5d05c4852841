import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetConfig } from '../../contract/widget-config.ts';
import { newFeedback } from '../helpers/test-app.ts';
import { axeViolations } from './helpers/axe.ts';
import { watchPageProblems } from './helpers/browser.ts';
import { screenshot, settled, signedInPage } from './helpers/dashboard.ts';
import { usePagesHarness } from './helpers/harness.ts';

const DAY = 86_400_000;

describe('the dashboard at /admin', () => {
  const h = usePagesHarness({ key: 'pk_shop', name: 'Shop' }, { tokenScope: 'admin' });
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  const comments = [
    'Checkout button does nothing on Safari',
    'Love the new dark mode',
    'Shipping costs appear too late at checkout',
    'Search finds nothing for sizes',
    'Checkout was quick',
  ];
  const ids: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const now = Date.now();
    for (let i = 0; i < 40; i += 1) {
      const item = newFeedback(h.heed.project.id, {
        createdAt: now - (i % 20) * DAY - i * 60_000,
        rating: { kind: 'stars', value: (i % 5) + 1 },
        comment: `${comments[i % comments.length]} (#${i})`,
        page: { url: `https://shop.example/${i % 2 ? 'cart' : 'checkout'}?step=${i}`, referrer: null, title: i % 2 ? 'Cart' : 'Checkout' },
        context: { locale: 'en-GB', viewport: { width: i % 3 ? 1280 : 390, height: 800 }, userAgent: 'Mozilla/5.0 (test)' },
        metadata: { plan: i % 2 ? 'pro' : 'free' },
      });
      await h.heed.store.insertFeedback(item);
      ids.push(item.id);
    }
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  const open = (page: Page, path: string) => page.goto(`${h.heed.origin}/admin${path}`).then(() => settled(page));

  it('signs in with an admin token kept in this tab only, refuses a wrong one, and signs out', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const problems = await watchPageProblems(page);
    await page.goto(`${h.heed.origin}/admin`);
    await page.getByLabel('Admin token').fill('heed_0000000000000000_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('This token is not valid, or it was revoked.').waitFor();
    await page.getByLabel('Admin token').fill(h.heed.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('heed:admin-token'))).toBe(h.heed.adminToken);
    expect(await context.cookies()).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await problems()).toEqual([expect.stringContaining('401')]); // the refused sign-in, logged by the browser
    await context.close();
  });

  it('filters the inbox, and resolves items from the keyboard and from their detail', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, '/projects/pk_shop/feedback');
    const list = page.getByRole('list', { name: 'Feedback' });
    expect(await list.getByRole('listitem').count()).toBe(40);

    await page.getByLabel('Search comments').fill('checkout');
    await page.getByLabel('Rating from').fill('1');
    await page.getByLabel('to', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(8);
    for (const text of await list.locator('.comment').allInnerTexts()) expect(text.toLowerCase()).toContain('checkout');
    expect(new URL(page.url()).search).toBe('?ratingMin=1&ratingMax=2&q=checkout');

    // Keyboard: the first item is current; j moves to the second, e resolves it.
    await page.getByRole('heading', { name: 'Inbox' }).click();
    await page.keyboard.press('j');
    const second = list.getByRole('listitem').nth(1);
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('.toolbar .notice').innerText()).toBe('One item marked resolved.');
    await expect.poll(() => second.getAttribute('class')).toContain('resolved');
    // Its detail, then Resolve on the first.
    await list.getByRole('listitem').first().getByRole('button').click();
    const detail = page.getByRole('complementary', { name: 'Feedback' });
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await detail.getByRole('button', { name: 'Reopen' }).waitFor();
    const resolved = (await h.heed.store.listFeedback(h.heed.project.id, { limit: 100, filter: { status: 'resolved' } })).items;
    expect(resolved).toHaveLength(2);
    await screenshot(page, 'inbox-light');
    await page.context().close();
  });

  it('opens a notification’s link straight on its item, marked read, with everything the visitor sent', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    const id = ids[7]!;
    await open(page, `/projects/pk_shop/feedback/${id}`);
    const detail = page.getByRole('complementary', { name: 'Feedback' });
    await detail.getByText('3 of 5 stars').waitFor();
    for (const text of [
      `${comments[7 % comments.length]} (#7)`,
      'Cart',
      'https://shop.example/cart?step=7',
      'en-GB',
      'Desktop · 1280×800',
      'pro',
    ]) {
      await detail.getByText(text).first().waitFor();
    }
    await expect.poll(async () => (await h.heed.store.getFeedback(h.heed.project.id, id))?.status).toBe('read');
    await screenshot(page, 'item-light');
    await page.context().close();
  });

  it('shows a page off the project’s origins as unverified text, never a link, and a page on them as a link to its own address', async () => {
    const phishing = newFeedback(h.heed.project.id, {
      createdAt: Date.now() - 30 * DAY,
      page: { url: 'https://evil.example/login', referrer: null, title: 'URGENT: your workspace will be suspended – verify here' },
    });
    const real = newFeedback(h.heed.project.id, {
      createdAt: Date.now() - 30 * DAY,
      page: { url: `${h.site.origin}/pricing`, referrer: null, title: 'Pricing' },
    });
    for (const item of [phishing, real]) await h.heed.store.insertFeedback(item);
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, `/projects/pk_shop/feedback/${phishing.id}`);
    const detail = page.getByRole('complementary', { name: 'Feedback' });
    await detail.getByText('Unverified', { exact: true }).waitFor();
    await detail.getByText('“URGENT: your workspace will be suspended – verify here”').waitFor();
    expect(await detail.getByRole('link').count()).toBe(0);

    await open(page, `/projects/pk_shop/feedback/${real.id}`);
    const link = detail.getByRole('link', { name: `${h.site.origin}/pricing` });
    expect(await link.getAttribute('href')).toBe(`${h.site.origin}/pricing`);
    await detail.getByText('“Pricing”').waitFor();
    expect(await detail.getByText('Unverified', { exact: true }).count()).toBe(0);
    for (const item of [phishing, real]) await h.heed.store.deleteFeedback(h.heed.project.id, item.id);
    await page.context().close();
  });

  it('shows a follow-up question and its answer under the comment, and a snippet of the answer in the inbox', async () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button stays grey.\nI tried twice.' };
    const asked = newFeedback(h.heed.project.id, {
      createdAt: Date.now() - 30 * DAY,
      rating: { kind: 'stars', value: 1 },
      comment: 'Checkout is broken',
      followUp,
    });
    const answerOnly = newFeedback(h.heed.project.id, { createdAt: Date.now() - 30 * DAY, rating: { kind: 'stars', value: 2 }, followUp });
    for (const item of [asked, answerOnly]) await h.heed.store.insertFeedback(item);
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, `/projects/pk_shop/feedback/${asked.id}`);
    const detail = page.getByRole('complementary', { name: 'Feedback' });
    expect(await detail.locator('.comment-full').innerText()).toBe('Checkout is broken');
    const figure = detail.getByRole('figure', { name: /What went wrong\?/ });
    expect(await figure.locator('.follow-up-question').innerText()).toBe('What went wrong?');
    expect(await figure.getByRole('blockquote').innerText()).toBe('The pay button stays grey.\nI tried twice.');
    await screenshot(page, 'item-follow-up-light');

    // The inbox: the comment where there is one, and the answer's start.
    const list = page.getByRole('list', { name: 'Feedback' });
    await list.getByRole('listitem').filter({ hasText: 'Checkout is broken' }).getByText('Follow-up:').waitFor();
    const onlyAnswer = list
      .getByRole('listitem')
      .filter({ has: page.locator('.answer') })
      .filter({ hasNotText: 'Checkout is broken' });
    expect(await onlyAnswer.locator('.answer').innerText()).toBe('Follow-up: The pay button stays grey.\nI tried twice.');
    expect(await onlyAnswer.getByText('No comment').count()).toBe(0);

    // The search reads answers too.
    await page.getByLabel('Search comments and answers').fill('grey');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    for (const item of [asked, answerOnly]) await h.heed.store.deleteFeedback(h.heed.project.id, item.id);
    await page.context().close();
  });

  it('shows insights with figures, trend, distribution, pages and themes', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, '/projects/pk_shop/insights');
    const feedbackCard = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Feedback' }) });
    expect(await feedbackCard.locator('.figure').innerText()).toBe('40');
    await page.getByRole('img', { name: /Feedback per day: 40 items over 30 periods/ }).waitFor();
    expect(await page.getByRole('list', { name: 'Stars: how people rated' }).getByRole('listitem').allInnerTexts()).toEqual(
      ['1', '2', '3', '4', '5'].map((value) => expect.stringContaining(`${value}`)),
    );
    await page.getByRole('table', { name: 'Most feedback' }).getByText('https://shop.example/checkout').waitFor();
    await page.locator('.themes').getByText('checkout', { exact: true }).waitFor();
    await page.getByRole('combobox', { name: /^Period/ }).selectOption('7');
    await expect.poll(() => feedbackCard.locator('.figure').innerText()).not.toBe('40');
    await screenshot(page, 'insights-light');
    await page.context().close();
  });

  it('runs the preview sandboxed in an origin of its own: the widget works, but its scripts reach neither the token nor the dashboard', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    const problems = await watchPageProblems(page);
    await open(page, '/projects/pk_shop/install');
    const frameElement = page.locator('iframe[title="Widget preview"]');
    expect(await frameElement.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    // The widget still loads, reads the designer's config and sends (to the preview endpoint, which stores nothing).
    const preview = page.frameLocator('iframe[title="Widget preview"]');
    await preview.getByRole('radio', { name: '4 stars' }).check();
    await preview.getByRole('button', { name: 'Send feedback' }).click();
    await preview.getByText('Thank you! Your feedback was sent.').waitFor();
    // What a script in the frame (a compromised widget, a hostile config) can reach.
    const frame = await (await frameElement.elementHandle())!.contentFrame();
    const reach = await frame!.evaluate(() => {
      const attempt = (read: () => unknown) => {
        try {
          return String(read());
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      };
      return {
        origin: self.origin,
        ownStorage: attempt(() => sessionStorage.getItem('heed:admin-token')),
        parentStorage: attempt(() => window.parent.sessionStorage.getItem('heed:admin-token')),
        parentPage: attempt(() => window.parent.document.title),
      };
    });
    expect(reach).toEqual({
      origin: 'null',
      ownStorage: 'blocked: SecurityError',
      parentStorage: 'blocked: SecurityError',
      parentPage: 'blocked: SecurityError',
    });
    expect(await problems()).toEqual([]);
    await page.context().close();
  });

  it('designs the widget: the real widget in the preview follows the designer, and saving stores the config', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, '/projects/pk_shop/install');
    await page.getByText(`<script src="${h.heed.origin}/widget.js" data-project="pk_shop" async></script>`).waitFor();
    const preview = page.frameLocator('iframe[title="Widget preview"]');
    await preview.getByRole('radio', { name: '1 star' }).waitFor();
    await page.getByLabel(/^Rating/).selectOption('nps');
    await page.getByLabel('Title').fill('How likely are you to recommend us?');
    await preview.getByText('How likely are you to recommend us?').waitFor();
    await preview.getByRole('radio', { name: '10' }).waitFor();
    await page.getByLabel('Launcher position').selectOption('bottom-left');
    await page.getByText('data-position="bottom-left"').waitFor();
    await page.getByLabel('After scrolling (% of the page)').fill('50');
    await page.getByLabel('visitor is about to leave').check();
    await page.getByLabel('Only on pages').fill('/pricing*, /docs/*');
    await page.getByLabel('Don’t ask again for').fill('30');
    await page
      .getByText(
        `<script src="${h.heed.origin}/widget.js" data-project="pk_shop" data-position="bottom-left" data-open-on-scroll="50" data-match="/pricing*, /docs/*" data-cooldown="30" data-open-on-exit async></script>`,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Save design' }).click();
    await expect
      .poll(() => page.getByRole('form', { name: 'Widget design' }).locator('.notice, .error').innerText())
      .toBe('Saved: visitors see it within a minute.');
    const project = await h.heed.store.getProjectByKey('pk_shop');
    expect(project?.widgetConfig).toMatchObject({ ratingKind: 'nps', texts: { title: 'How likely are you to recommend us?' } });
    await screenshot(page, 'install-light');
    await page.context().close();
  });

  it('sets follow-up questions in the designer: each band on or off, its threshold on the rating’s scale, its question; the preview asks it', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, '/projects/pk_shop/install');
    const form = page.getByRole('form', { name: 'Widget design' });
    const outcome = form.locator('.notice, .error');
    await page.getByLabel(/^Rating/).selectOption('stars');

    // From the keyboard: Tab to the box, Space turns the band on; its fields appear after it.
    await form.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    const low = form.getByLabel('Low means a rating of at most');
    expect(await low.locator('option').allInnerTexts()).toEqual([
      '1 of 5 stars',
      '2 of 5 stars',
      '3 of 5 stars',
      '4 of 5 stars',
      '5 of 5 stars',
    ]);
    expect(await low.inputValue()).toBe('2');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('What went wrong?');
    expect(await form.getByRole('textbox', { name: 'Question after a low rating' }).inputValue()).toBe('What went wrong?');
    expect(await form.getByRole('textbox', { name: 'Question after a low rating' }).getAttribute('maxlength')).toBe('200');

    await form.getByLabel('Ask one more question after a high rating').check();
    expect(await form.getByLabel('High means a rating of at least').inputValue()).toBe('5');
    await form.getByRole('textbox', { name: 'Question after a high rating' }).fill('What did you love?');

    // The real widget in the preview asks the low question after one star, as its own step. The
    // preview reloads a moment after each change: first wait until it shows the design as it is now.
    const frameElement = page.locator('iframe[title="Widget preview"]');
    const src = async () => new URL((await frameElement.getAttribute('src'))!, h.heed.origin);
    const shown = async () => JSON.parse(Buffer.from((await src()).searchParams.get('config')!, 'base64url').toString()) as WidgetConfig;
    await expect.poll(async () => (await shown()).followUp.high?.question).toBe('What did you love?');
    const preview = (await (await frameElement.elementHandle())!.contentFrame())!;
    await expect.poll(async () => preview.url()).toBe((await src()).href);
    await preview.waitForLoadState('load');
    await preview.getByRole('radio', { name: '1 star' }).check();
    await preview.getByRole('button', { name: 'Next' }).click();
    await preview.getByLabel('What went wrong?').waitFor();

    // The server's refusal shows where the designer's errors show.
    await form.getByRole('textbox', { name: 'Question after a high rating' }).fill('   ');
    await form.getByRole('button', { name: 'Save design' }).click();
    await expect.poll(() => outcome.innerText()).toMatch(/followUp\.high\.question/);
    expect(await outcome.getAttribute('role')).toBe('alert');

    await form.getByRole('textbox', { name: 'Question after a high rating' }).fill('What did you love?');
    await form.getByLabel('High means a rating of at least').selectOption('4');
    await form.getByRole('button', { name: 'Save design' }).click();
    await expect.poll(() => outcome.innerText()).toBe('Saved: visitors see it within a minute.');
    expect((await h.heed.store.getProjectByKey('pk_shop'))?.widgetConfig.followUp).toEqual({
      low: { atMost: 2, question: 'What went wrong?' },
      high: { atLeast: 4, question: 'What did you love?' },
    });

    // Another scale: the thresholds start again on it; a band turned off is saved without it.
    await page.getByLabel(/^Rating/).selectOption('nps');
    expect(await form.getByLabel('Low means a rating of at most').inputValue()).toBe('6');
    expect(await form.getByLabel('High means a rating of at least').inputValue()).toBe('9');
    await form.getByLabel('Ask one more question after a high rating').uncheck();
    expect(await form.getByRole('textbox', { name: 'Question after a high rating' }).count()).toBe(0);
    await form.getByRole('button', { name: 'Save design' }).click();
    await expect.poll(() => outcome.innerText()).toBe('Saved: visitors see it within a minute.');
    expect((await h.heed.store.getProjectByKey('pk_shop'))?.widgetConfig).toMatchObject({
      ratingKind: 'nps',
      followUp: { low: { atMost: 6, question: 'What went wrong?' } },
    });
    expect((await h.heed.store.getProjectByKey('pk_shop'))?.widgetConfig.followUp.high).toBeUndefined();
    await page.context().close();
  });

  it('adds a webhook destination and sends a test to a loopback receiver, then shows it in the history', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    await open(page, '/projects/pk_shop/destinations');
    const { port } = receiver.address() as AddressInfo;
    const form = page.getByRole('form', { name: 'Add a destination' });
    await form.getByLabel('Kind').selectOption('webhook');
    await form.getByLabel('Name').fill('CRM hook');
    await form.getByLabel('URL').fill(`http://127.0.0.1:${port}/hook`);
    await form.getByRole('button', { name: 'Add destination' }).click();
    await page
      .getByRole('region', { name: 'Signing secret' })
      .getByText(/^whsec_/)
      .waitFor();
    await page.getByRole('heading', { name: 'CRM hook' }).waitFor();
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText(/Test delivered \(HTTP 204\)/).waitFor();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    await page.getByRole('button', { name: 'Delivery history' }).click();
    await page.getByRole('table', { name: 'Delivery history' }).getByRole('cell', { name: 'delivered' }).waitFor();
    // Edit: a new name and digests too; the URL stays.
    await page.getByText('Edit', { exact: true }).click();
    const edit = page.getByRole('form', { name: 'Edit CRM hook' });
    await edit.getByLabel('Name').fill('CRM webhook');
    await edit.getByLabel('digests').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'CRM webhook' }).waitFor();
    const [saved] = await h.heed.store.listDestinations(h.heed.project.id);
    expect(saved).toMatchObject({ name: 'CRM webhook', events: ['feedback.created', 'digest'], target: `http://127.0.0.1:${port}/hook` });
    await screenshot(page, 'destinations-light');
    await page.context().close();
  });

  it('creates a token shown once, and revokes it', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    page.on('dialog', (dialog) => void dialog.accept());
    await open(page, '/tokens');
    await page.getByLabel('Label').fill('Nightly export');
    await page.getByLabel('Scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const issued = await page.getByRole('region', { name: 'New token' }).locator('code').innerText();
    expect(issued).toMatch(/^heed_[0-9a-f]{16}_/);
    const res = await fetch(`${h.heed.origin}/v1/projects`, { headers: { Authorization: `Bearer ${issued}` } });
    expect(res.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke token Nightly export' }).click();
    await page
      .getByRole('row', { name: /Nightly export/ })
      .getByText(/^Revoked/)
      .waitFor();
    expect((await fetch(`${h.heed.origin}/v1/projects`, { headers: { Authorization: `Bearer ${issued}` } })).status).toBe(401);
    await screenshot(page, 'tokens-light');
    await page.context().close();
  });

  it('exports what the filters select as CSV', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken, { acceptDownloads: true });
    await open(page, '/projects/pk_shop/feedback?q=safari');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('pk_shop-feedback.csv');
    const rows = parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString()), {
      columns: true,
    }) as { comment: string }[];
    expect(rows.length).toBe(8);
    for (const row of rows) expect(row.comment).toContain('Safari');
    await page.context().close();
  });

  const PAGES = [
    ['projects', '/projects'],
    ['inbox', '/projects/pk_shop/feedback'],
    ['item', `/projects/pk_shop/feedback/ID`],
    ['insights', '/projects/pk_shop/insights'],
    ['install', '/projects/pk_shop/install'],
    ['destinations', '/projects/pk_shop/destinations'],
    ['tokens', '/tokens'],
  ] as const;

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations on any page in the ${colorScheme} theme (screenshots saved)`, async () => {
      // axe is added as a script tag, which the dashboard's policy refuses: this context bypasses it.
      const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken, { colorScheme, bypassCSP: true });
      const found: string[] = [];
      for (const [name, path] of PAGES) {
        await open(page, path.replace('ID', ids[3]!));
        if (name === 'install') await page.frameLocator('iframe[title="Widget preview"]').getByRole('radio').first().waitFor();
        found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
        if (colorScheme === 'dark' || !['inbox', 'item', 'insights', 'install', 'destinations', 'tokens'].includes(name))
          await screenshot(page, `${name}-${colorScheme}`);
      }
      await page.goto(`${h.heed.origin}/admin`);
      expect(found).toEqual([]);
      await page.context().close();
    });
  }

  it('fits a 375 px wide phone screen on every page', async () => {
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken, { viewport: { width: 375, height: 740 } });
    for (const [name, path] of PAGES) {
      await open(page, path.replace('ID', ids[3]!));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(375);
      if (name === 'inbox' || name === 'insights') await screenshot(page, `${name}-phone`);
    }
    await page.context().close();
  });
});

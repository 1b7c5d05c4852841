import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePagesHarness } from './helpers/harness.ts';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';

/** The snippet a site pastes so that calls made before widget.js arrives are queued, not lost. */
const QUEUE_SNIPPET = '<script>window.Heed=window.Heed||function(){(Heed.q=Heed.q||[]).push(arguments)};</script>';

describe('the widget API', () => {
  const h = usePagesHarness({ key: 'pk_api' });

  /** Serves `body` (with `{{widget}}` replaced by the script tag) at a fresh path and opens it. */
  async function visit(body: string, attributes = '', { lang = 'en', locale }: { lang?: string; locale?: string } = {}): Promise<Page> {
    const path = `/page-${h.pages.size}.html`;
    const tag = `<script src="${h.heed.origin}/widget.js" data-project="pk_api" ${attributes} async></script>`;
    h.pages.set(
      path,
      `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>API</title></head><body>${body.replace('{{widget}}', tag)}</body></html>`,
    );
    const page = await h.browser.newPage(locale ? { locale } : {});
    await page.goto(`${h.site.origin}${path}`);
    return page;
  }

  const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Send feedback' });

  it('replays calls queued before the script loaded: identify, setMetadata, on and open', async () => {
    const page = await visit(`${QUEUE_SNIPPET}
      <script>
        window.seen = [];
        Heed('identify', { id: 'u-7', email: 'grace@example.com', name: 'Grace' });
        Heed('setMetadata', { plan: 'team' });
        Heed('on', 'open', () => seen.push('open'));
        Heed('on', 'submit', (detail) => seen.push('submit:' + detail.id));
        Heed('open');
      </script>{{widget}}`);
    const dialog = dialogOf(page);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Comment (optional)').fill('Queued calls work');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();

    const { items } = await h.heed.store.listFeedback(h.heed.project.id, { limit: 50 });
    const item = items.find((i) => i.comment === 'Queued calls work')!;
    expect(item).toMatchObject({ email: 'grace@example.com', metadata: { plan: 'team', userId: 'u-7', userName: 'Grace' } });
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open', `submit:${item.id}`]);
    await page.close();
  });

  it('keeps the order of calls made before the form loaded: open then close ends closed', async () => {
    const page = await visit(`${QUEUE_SNIPPET}<script>Heed('open'); Heed('close');</script>{{widget}}`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.waitForTimeout(1000);
    expect(await dialogOf(page).isVisible()).toBe(false);
    await page.close();
  });

  it('lets an on() listener be removed before the form has loaded', async () => {
    const page = await visit(`${QUEUE_SNIPPET}<script>
        window.seen = [];
        Heed('on', 'open', () => seen.push('queued before load'));
      </script>{{widget}}`);
    // The loader has replaced the queue; the form itself has not loaded yet.
    await page.waitForFunction(() => !('q' in ((window as unknown as { Heed?: object }).Heed ?? { q: 1 })));
    await page.evaluate(() => {
      const w = window as unknown as { Heed: (...a: unknown[]) => unknown; seen: string[] };
      const off = w.Heed('on', 'open', () => w.seen.push('removed')) as () => void;
      off();
      w.Heed('open');
    });
    await expect.poll(() => dialogOf(page).isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['queued before load']);
    await page.close();
  });

  it('does not pull focus from the page when code closes the form', async () => {
    const page = await visit('<input id="search" aria-label="Search">{{widget}}');
    await page.evaluate(() => (window as unknown as { Heed: (c: string) => void }).Heed('open'));
    await expect.poll(() => dialogOf(page).isVisible()).toBe(true);
    await page.getByLabel('Search').focus();
    await page.evaluate(() => (window as unknown as { Heed: (c: string) => void }).Heed('close'));
    await expect.poll(() => dialogOf(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.close();
  });

  it('opens from any element with data-heed-open, and gives focus back to it', async () => {
    const page = await visit(`<button id="ask" data-heed-open>Tell us what you think</button>{{widget}}`);
    await page.getByRole('button', { name: 'Tell us what you think' }).click();
    const dialog = dialogOf(page);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ask');
    await page.close();
  });

  it('draws no launcher with data-position="none", and still opens from code', async () => {
    const page = await visit('{{widget}}', 'data-position="none"');
    await page.waitForFunction(() => typeof (window as unknown as { Heed?: unknown }).Heed === 'function');
    expect(await page.getByRole('button', { name: 'Feedback', exact: true }).isVisible()).toBe(false);
    await page.evaluate(() => (window as unknown as { Heed: (c: string) => void }).Heed('open'));
    await expect.poll(() => dialogOf(page).isVisible()).toBe(true);
    await page.close();
  });

  it('puts the launcher and the form in the corner it is told, and shows and hides the launcher', async () => {
    const page = await visit('{{widget}}', 'data-position="top-left"');
    const launcher = page.getByRole('button', { name: 'Feedback', exact: true });
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeLessThan(100);
    expect(box.y).toBeLessThan(100);
    await launcher.click();
    const dialogBox = (await dialogOf(page).boundingBox())!;
    expect(dialogBox.x).toBeLessThan(100);
    expect(dialogBox.y).toBeGreaterThan(box.y);

    await page.evaluate(() => (window as unknown as { Heed: { hide(): void } }).Heed.hide());
    await expect.poll(() => launcher.isVisible()).toBe(false);
    await page.evaluate(() => (window as unknown as { Heed: { show(): void } }).Heed.show());
    await expect.poll(() => launcher.isVisible()).toBe(true);
    await page.close();
  });

  it.each([
    { side: 'right', attributes: 'data-position="side-right" data-label="Ideas?"', label: 'Ideas?' },
    { side: 'left', attributes: 'data-position="side-left"', label: 'Feedback' },
  ])('draws a side tab on the $side edge, vertical and centred, the form beside it', async ({ side, attributes, label }) => {
    const page = await visit('{{widget}}', attributes);
    const tab = page.getByRole('button', { name: label, exact: true });
    await tab.waitFor();
    const box = (await tab.boundingBox())!;
    const viewport = page.viewportSize()!;
    if (side === 'right') expect(Math.round(box.x + box.width)).toBe(viewport.width);
    else expect(box.x).toBe(0);
    expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThan(2);
    expect(box.height).toBeGreaterThan(box.width); // vertical, not stretched across the page
    await tab.click();
    const dialog = (await dialogOf(page).boundingBox())!;
    if (side === 'right') expect(dialog.x + dialog.width).toBeLessThanOrEqual(box.x);
    else expect(dialog.x).toBeGreaterThanOrEqual(box.x + box.width);
    await page.close();
  });

  it('sends the metadata given to open() with submissions from that opening only', async () => {
    const page = await visit('{{widget}}');
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.evaluate(() => (window as unknown as { Heed: (...a: unknown[]) => void }).Heed('open', { metadata: { feature: 'export' } }));
    const dialog = dialogOf(page);
    await dialog.getByLabel('Comment (optional)').fill('About export');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await dialog.getByLabel('Comment (optional)').fill('General');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    const items = (await h.heed.store.listFeedback(h.heed.project.id, { limit: 50 })).items;
    expect(items.find((i) => i.comment === 'About export')?.metadata).toEqual({ feature: 'export' });
    expect(items.find((i) => i.comment === 'General')?.metadata).toBeNull();
    await page.close();
  });

  it('warns about a late init, an unknown event and a language it has no texts for', async () => {
    const page = await h.browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const path = `/page-${h.pages.size}.html`;
    h.pages.set(
      path,
      `<!doctype html><html><body><script src="${h.heed.origin}/widget.js" data-project="pk_api" data-locale="sv"></script>
      <script>Heed('init', { position: 'top-left' }); Heed('on', 'opened', () => {}); Heed('open');</script></body></html>`,
    );
    await page.goto(`${h.site.origin}${path}`);
    await expect.poll(() => dialogOf(page).isVisible()).toBe(true);
    const all = warnings.join('\n');
    expect(all).toContain('"init" must come before widget.js loads');
    expect(all).toContain('No "opened" event');
    expect(all).toContain('No texts for locale "sv"');
    await page.close();
  });

  it('works as an ES module from npm: load(), identify() and open(options) before the script has loaded', async () => {
    const esm = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'widget-package', 'index.js'), 'utf8');
    h.pages.set('/npm/widget.js', esm);
    const page = await visit(`<script type="module">
        import { load, identify, open, on } from '/npm/widget.js';
        window.events = [];
        load({ project: 'pk_api', endpoint: '${h.heed.origin}', position: 'bottom-left' });
        load({ project: 'pk_api', endpoint: '${h.heed.origin}' }); // a second call adds nothing
        identify({ id: 'npm-user' });
        on('submit', (detail) => events.push(detail.id));
        open({ metadata: { from: 'npm' } });
      </script>`);
    const dialog = dialogOf(page);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.locator('script[data-heed-loader]').count()).toBe(1);
    await dialog.getByLabel('Comment (optional)').fill('Loaded from npm');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    const item = (await h.heed.store.listFeedback(h.heed.project.id, { limit: 50 })).items.find((i) => i.comment === 'Loaded from npm')!;
    expect(item.metadata).toEqual({ from: 'npm', userId: 'npm-user' });
    expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual([item.id]);
    const launcher = (await page.getByRole('button', { name: 'Feedback', exact: true }).boundingBox())!;
    expect(launcher.x).toBeLessThan(100); // bottom-left, from load()'s options
    await page.close();
  });

  it('draws one widget when the snippet is pasted twice, in <head> or in the body', async () => {
    for (const where of ['head', 'body']) {
      const path = `/page-${h.pages.size}.html`;
      const tag = `<script src="${h.heed.origin}/widget.js" data-project="pk_api"></script>`;
      const twice = `${tag}${tag}`;
      h.pages.set(
        path,
        `<!doctype html><html lang="en"><head>${where === 'head' ? twice : ''}</head><body><p>Shop</p>${where === 'body' ? twice : ''}</body></html>`,
      );
      const page = await h.browser.newPage();
      await page.goto(`${h.site.origin}${path}`);
      await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
      expect(await page.locator('heed-widget').count()).toBe(1);
      await page.close();
    }
  });

  it('removes itself with destroy()', async () => {
    const page = await visit('{{widget}}');
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    await page.evaluate(() => (window as unknown as { Heed: { destroy(): void } }).Heed.destroy());
    expect(await page.locator('heed-widget').count()).toBe(0);
    expect(await page.evaluate(() => 'Heed' in window)).toBe(false);
    await page.close();
  });

  it('warns about an unknown command, a bad position and a bad endpoint instead of throwing', async () => {
    const page = await h.browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const path = `/page-${h.pages.size}.html`;
    h.pages.set(
      path,
      `<!doctype html><html><body><script src="${h.heed.origin}/widget.js" data-project="pk_api" data-position="middle" data-endpoint="http://[bad"></script><script>Heed('fly')</script></body></html>`,
    );
    await page.goto(`${h.site.origin}${path}`);
    await expect.poll(() => warnings.join('\n')).toContain('Unknown command "fly"');
    // The form still opens, drawn bottom-right, on the script's own origin (the default endpoint);
    // its bundle warns about the position (the loader leaves the check to it, for size).
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    expect(warnings.join('\n')).toContain('position must be one of');
    expect(warnings.join('\n')).toContain(`data-endpoint is not a URL: http://[bad; using ${h.heed.origin}.`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks what the project configured: categories, a follow-up question, a required email', async () => {
    await h.heed.store.createProject(
      {
        ...h.heed.project,
        id: crypto.randomUUID(),
        key: 'pk_topics',
        widgetConfig: WidgetConfigSchema.parse({
          categories: ['Bug', 'Idea'],
          email: 'required',
          followUp: { low: { atMost: 2, question: 'What went wrong?' } },
        }),
      },
      Date.now(),
    );
    const topicsPage = await h.browser.newPage();
    // A page button that opens the form on the Bug category.
    const path = `/page-${h.pages.size}.html`;
    h.pages.set(
      path,
      `<!doctype html><html lang="en"><body><button data-heed-open="Bug">Report a bug</button>
       <script src="${h.heed.origin}/widget.js" data-project="pk_topics" async></script></body></html>`,
    );
    await topicsPage.goto(`${h.site.origin}${path}`);
    await topicsPage.getByRole('button', { name: 'Report a bug' }).click();
    const dialog = dialogOf(topicsPage);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Bug' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: '1 star' }).check();
    await dialog.getByLabel('Comment (optional)').fill('The coupon field rejects valid codes');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Enter your email address so we can reply.');
    await dialog.getByLabel('Email').fill('ada@example.com');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByLabel('What went wrong?').fill('SAVE10 is refused');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    const topics = await h.heed.store.getProjectByKey('pk_topics');
    const { items } = await h.heed.store.listFeedback(topics!.id, { limit: 5 });
    expect(items.map((i) => [i.category, i.rating?.value, i.comment, i.email, i.followUp])).toEqual([
      ['Bug', 1, 'The coupon field rejects valid codes', 'ada@example.com', { question: 'What went wrong?', answer: 'SAVE10 is refused' }],
    ]);
    await topicsPage.close();
  });

  it('renders inline inside the page with data-mount: no launcher, no dialog, always open', async () => {
    const page = await visit(
      '<main><h1>Docs</h1><section id="rate-this"></section><p>More text</p></main>{{widget}}',
      'data-mount="#rate-this"',
    );
    const region = page.getByRole('region', { name: 'Send feedback' });
    await region.waitFor();
    expect(await page.locator('#rate-this heed-widget').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Feedback', exact: true }).isVisible()).toBe(false);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true); // focus not stolen
    // A box in the page's flow as wide as its place, framing the whole form (not an inline box broken across lines).
    const [box, place] = await Promise.all([region.boundingBox(), page.locator('#rate-this').boundingBox()]);
    expect(await region.evaluate((el) => getComputedStyle(el).display)).toBe('block');
    expect(box!.width).toBeCloseTo(place!.width, 0);
    expect(box!.height).toBeGreaterThan(200);
    await region.getByRole('radio', { name: '3 stars' }).check();
    await page.keyboard.press('Escape'); // stays
    await region.getByRole('button', { name: 'Send feedback' }).click();
    await region.getByText('Thank you! Your feedback was sent.').waitFor();
    await page.close();
  });

  it('falls back to the launcher, with a warning, when data-mount matches nothing', async () => {
    const page = await h.browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const path = `/page-${h.pages.size}.html`;
    h.pages.set(
      path,
      `<!doctype html><html lang="en"><body><script src="${h.heed.origin}/widget.js" data-project="pk_api" data-mount="#nowhere"></script></body></html>`,
    );
    await page.goto(`${h.site.origin}${path}`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
    expect(warnings.join('\n')).toContain('No element matches data-mount="#nowhere"');
    await page.close();
  });

  describe('languages', () => {
    async function openAny(page: Page) {
      await page.getByRole('button', { name: 'Feedback', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      return dialog;
    }

    it('speaks the page’s language (German here)', async () => {
      const page = await visit('{{widget}}', '', { lang: 'de' });
      const dialog = await openAny(page);
      expect(await dialog.getAttribute('aria-labelledby')).toBe('title');
      await dialog.getByRole('group', { name: 'Wie bewerten Sie diese Seite?' }).waitFor();
      await dialog.getByRole('radio', { name: '4 Sterne' }).check();
      await dialog.getByRole('button', { name: 'Feedback senden' }).click();
      await dialog.getByText('Vielen Dank! Ihr Feedback wurde gesendet.').waitFor();
      expect(await dialog.getAttribute('lang')).toBe('de');
      await page.close();
    });

    it('falls back to the browser’s language when the page has none', async () => {
      const page = await visit('{{widget}}', '', { lang: '', locale: 'fr-FR' });
      const dialog = await openAny(page);
      await dialog.getByRole('button', { name: 'Envoyer' }).waitFor();
      await page.close();
    });

    it('lays the form out right to left for Hebrew, chosen with data-locale', async () => {
      const page = await visit('{{widget}}', 'data-locale="he"');
      const dialog = await openAny(page);
      expect(await dialog.getAttribute('dir')).toBe('rtl');
      await dialog.getByRole('group', { name: 'איך היית מדרג/ת את הדף הזה?' }).waitFor();
      const closeBox = (await dialog.getByRole('button', { name: 'סגירה' }).boundingBox())!;
      const dialogBox = (await dialog.boundingBox())!;
      expect(closeBox.x - dialogBox.x).toBeLessThan(dialogBox.width / 2); // the close button sits at the start: the left
      await page.close();
    });

    it('lets the page override any text with init', async () => {
      const page = await visit(
        `${QUEUE_SNIPPET}<script>Heed('init', { texts: { title: 'Help us improve', submit: 'Send it' } })</script>{{widget}}`,
      );
      const dialog = await openAny(page);
      await page.getByRole('dialog', { name: 'Help us improve' }).waitFor();
      await dialog.getByRole('button', { name: 'Send it' }).waitFor();
      await page.close();
    });
  });
});

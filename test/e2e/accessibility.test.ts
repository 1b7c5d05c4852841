import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations as violations } from './helpers/axe.ts';
import { useHarness } from './helpers/harness.ts';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import { RATING_KINDS } from '../../contract/rating-kinds.ts';
import { pageWithWidget } from './helpers/site.ts';

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  const h = useHarness({ key: 'pk_stars' }, (path, heedOrigin) => {
    if (path === '/inline.html') {
      const tag = `<script src="${heedOrigin}/widget.js" data-project="pk_stars" data-mount="#here" async></script>`;
      return {
        body: `<!doctype html><html lang="en"><head><title>Inline</title></head><body><main><h1>Docs</h1><div id="here"></div></main>${tag}</body></html>`,
      };
    }
    const [, key, lang] = /^\/(pk_[a-z]+)(?:\.([a-z]{2}))?\.html$/.exec(path) ?? [];
    if (!key) return undefined;
    const body = pageWithWidget(heedOrigin, key);
    return { body: lang ? body.replace('<html lang="en">', `<html lang="${lang}">`) : body };
  });
  beforeAll(async () => {
    // The stars project shows every optional part of the form too.
    await h.heed.store.updateProject('pk_stars', {
      widgetConfig: WidgetConfigSchema.parse({
        categories: ['Bug', 'Idea', 'Praise'],
        email: 'required',
        followUp: { low: { atMost: 2, question: 'What went wrong?' } },
      }),
    });
    for (const kind of RATING_KINDS.filter((k) => k !== 'stars')) {
      await h.heed.store.createProject(
        { ...h.heed.project, id: crypto.randomUUID(), key: `pk_${kind}`, widgetConfig: WidgetConfigSchema.parse({ ratingKind: kind }) },
        Date.now(),
      );
    }
  });

  async function openForm(page: Page, key: string) {
    await page.goto(`${h.site.origin}/${key}.html`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    return dialog;
  }

  it('sees inside the widget’s shadow root (so the zero counts below mean something)', async () => {
    const page = await h.browser.newPage();
    const dialog = await openForm(page, 'pk_stars');
    await dialog.evaluate((el) => {
      const bad = document.createElement('input'); // no label
      bad.style.color = '#eee'; // and unreadable
      el.append(bad);
    });
    expect((await violations(page)).join('\n')).toMatch(/^label:/m);
    await page.close();
  });

  it('has no violations with the form inline in the page', async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.site.origin}/inline.html`);
    await page.getByRole('region', { name: 'Send feedback' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it.each(['he', 'ar', 'ja'])('has no violations in %s, open and after an error', async (lang) => {
    const page = await h.browser.newPage();
    await page.goto(`${h.site.origin}/pk_nps.${lang}.html`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getAttribute('lang')).toBe(lang);
    expect(await violations(page)).toEqual([]);
    await dialog.locator('button[type=submit]').click();
    await dialog.getByRole('alert').filter({ hasText: /./ }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} theme`, () => {
      it('has no violations with the form closed', async () => {
        const page = await h.browser.newPage({ colorScheme: scheme });
        await page.goto(`${h.site.origin}/pk_stars.html`);
        await page.getByRole('button', { name: 'Feedback', exact: true }).waitFor();
        expect(await violations(page)).toEqual([]);
        await page.close();
      });

      for (const kind of RATING_KINDS) {
        it(`has no violations with the ${kind} form open and a choice made`, async () => {
          const page = await h.browser.newPage({ colorScheme: scheme });
          const dialog = await openForm(page, `pk_${kind}`);
          expect(await violations(page)).toEqual([]);
          await dialog.getByRole('radio').first().check();
          if (kind === 'stars') await dialog.getByRole('radio', { name: 'Idea' }).check();
          expect(await violations(page)).toEqual([]);
          await page.close();
        });
      }

      it('has no violations on the follow-up question’s step', async () => {
        const page = await h.browser.newPage({ colorScheme: scheme });
        const dialog = await openForm(page, 'pk_stars');
        await dialog.getByRole('radio', { name: '1 star' }).check();
        await dialog.getByLabel('Email').fill('ada@example.com'); // the project requires one
        await dialog.getByRole('button', { name: 'Next' }).click();
        await dialog.getByLabel('What went wrong?').fill('It is slow');
        expect(await violations(page)).toEqual([]);
        await page.close();
      });

      it('has no violations showing an error and after sending', async () => {
        const page = await h.browser.newPage({ colorScheme: scheme });
        const dialog = await openForm(page, 'pk_stars');
        await dialog.getByRole('button', { name: 'Send feedback' }).click();
        await dialog.getByRole('alert').getByText('Choose a rating or write a comment.').waitFor();
        expect(await violations(page)).toEqual([]);
        await dialog.getByLabel('Comment (optional)').fill('Accessible?');
        await dialog.getByLabel('Email').fill('ada@example.com');
        await dialog.getByRole('button', { name: 'Send feedback' }).click();
        await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
        expect(await violations(page)).toEqual([]);
        await page.close();
      });
    });
  }
});

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATING_KINDS, type RatingKind } from '../../contract/rating-kinds.ts';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import { useHarness } from './helpers/harness.ts';
import { pageWithWidget } from './helpers/site.ts';

/*
 * Takes the screenshots in docs/widget.md: every rating kind in the light and dark themes, on a
 * 375 px phone and right to left, each with a choice made. The files are rewritten on each run,
 * so the docs always show the form as built.
 */
const DOCS = join(import.meta.dirname, '..', '..', 'docs');
const OUT = join(DOCS, 'images', 'widget');

const VARIANTS = {
  light: { colorScheme: 'light', width: 900, height: 760, lang: 'en' },
  dark: { colorScheme: 'dark', width: 900, height: 760, lang: 'en' },
  phone: { colorScheme: 'light', width: 375, height: 740, lang: 'en' },
  rtl: { colorScheme: 'light', width: 900, height: 760, lang: 'he' },
} as const;
type Variant = keyof typeof VARIANTS;

/** The choice each screenshot shows made, so selection states show. */
const CHOICE: Record<RatingKind, number> = { stars: 3, emoji: 3, thumbs: 0, nps: 8, csat: 3 };

const fileName = (kind: RatingKind, variant: Variant) => `${kind}-${variant}.png`;

describe('the widget’s screenshots in docs/widget.md', () => {
  const h = useHarness({ key: 'pk_stars' }, (path, heedOrigin) => {
    const [, key, lang] = /^\/(pk_[a-z]+)\.([a-z]{2})\.html$/.exec(path) ?? [];
    if (!key) return undefined;
    return { body: pageWithWidget(heedOrigin, key).replace('<html lang="en">', `<html lang="${lang}">`) };
  });
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const config = (ratingKind: RatingKind) => WidgetConfigSchema.parse({ ratingKind, categories: ['Bug', 'Idea', 'Praise'] });
    await h.heed.store.updateProject('pk_stars', { widgetConfig: config('stars') });
    for (const kind of RATING_KINDS.filter((k) => k !== 'stars')) {
      await h.heed.store.createProject(
        { ...h.heed.project, id: crypto.randomUUID(), key: `pk_${kind}`, widgetConfig: config(kind) },
        Date.now(),
      );
    }
  });

  async function shoot(page: Page, kind: RatingKind, variant: Variant): Promise<Buffer> {
    await page.goto(`${h.site.origin}/pk_${kind}.${VARIANTS[variant].lang}.html`);
    await page.locator('heed-widget').getByRole('button').first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator(`input[name=rating][value="${CHOICE[kind]}"]`).check();
    await dialog.locator('input[name=category]').nth(1).check();
    // The pointer and focus off the choices (hover and the focus ring are not the look shown).
    await page.mouse.move(0, 0);
    await dialog.evaluate((element) => ((element.getRootNode() as ShadowRoot).activeElement as HTMLElement | null)?.blur());
    return variant === 'phone' ? page.screenshot() : dialog.screenshot();
  }

  for (const kind of RATING_KINDS) {
    it(`shows the ${kind} form in every variant`, async () => {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        const { colorScheme, width, height } = VARIANTS[variant];
        // Reduced motion: no opening animation to wait out.
        const page = await h.browser.newPage({ colorScheme, reducedMotion: 'reduce', viewport: { width, height } });
        const png = await shoot(page, kind, variant);
        await page.close();
        // A PNG of a drawn form: its signature, and more than a blank image's few hundred bytes.
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length).toBeGreaterThan(5000);
        writeFileSync(join(OUT, fileName(kind, variant)), png);
      }
    });
  }

  it('shows the follow-up question’s step', async () => {
    await h.heed.store.updateProject('pk_stars', {
      widgetConfig: WidgetConfigSchema.parse({ followUp: { low: { atMost: 2, question: 'What went wrong?' } } }),
    });
    const page = await h.browser.newPage({ colorScheme: 'light', viewport: { width: 900, height: 760 } });
    await page.goto(`${h.site.origin}/pk_stars.en.html`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '2 stars' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByLabel('What went wrong?').fill('The page jumped while I typed.');
    await page.mouse.move(0, 0);
    const png = await dialog.screenshot();
    await page.close();
    expect(png.length).toBeGreaterThan(5000);
    writeFileSync(join(OUT, 'follow-up.png'), png);
  });

  it('are each shown in docs/widget.md', () => {
    const doc = readFileSync(join(DOCS, 'widget.md'), 'utf8');
    expect(doc).toContain('images/widget/follow-up.png');
    for (const kind of RATING_KINDS) {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        expect(doc).toContain(`images/widget/${fileName(kind, variant)}`);
        expect(statSync(join(OUT, fileName(kind, variant))).size).toBeGreaterThan(5000);
      }
    }
  });
});

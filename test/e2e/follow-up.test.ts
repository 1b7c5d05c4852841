import { describe, expect, it } from 'vitest';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import { useHarness } from './helpers/harness.ts';
import { pageWithWidget } from './helpers/site.ts';

describe('a follow-up question, from the visitor’s rating to the site owner’s API', () => {
  const h = useHarness(
    {
      key: 'pk_follow',
      widgetConfig: WidgetConfigSchema.parse({
        ratingKind: 'nps',
        followUp: { low: { atMost: 6, question: 'What should we fix first?' }, high: { atLeast: 9, question: 'What do you love?' } },
      }),
    },
    (path, heedOrigin) => (path === '/' ? { body: pageWithWidget(heedOrigin, 'pk_follow') } : undefined),
  );

  const api = async () => {
    const response = await fetch(`${h.heed.origin}/v1/projects/pk_follow/feedback`, {
      headers: { Authorization: `Bearer ${h.heed.adminToken}` },
    });
    return ((await response.json()) as { items: { rating: { value: number }; comment: string | null; followUp: unknown }[] }).items;
  };

  it('asks the question of the rating’s band as its own step and stores the answer beside the comment', async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByRole('radio', { name: '3' }).check();
    await dialog.getByLabel('Comment (optional)').fill('Search is slow');
    await dialog.getByRole('button', { name: 'Next' }).click();
    // The detractors' question, focused, on its own step.
    const answer = dialog.getByLabel('What should we fix first?');
    await expect.poll(() => answer.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await dialog.getByLabel('Comment (optional)').count()).toBe(0);
    await answer.fill('The search index');
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();

    expect(await api()).toEqual([
      expect.objectContaining({
        rating: expect.objectContaining({ value: 3 }),
        comment: 'Search is slow',
        followUp: { question: 'What should we fix first?', answer: 'The search index' },
      }),
    ]);
    await page.close();
  });

  it('asks nothing more for a rating outside both bands', async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.site.origin}/`);
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByRole('radio', { name: '8' }).check();
    await dialog.getByRole('button', { name: 'Send feedback' }).click();
    await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
    expect((await api()).find((item) => item.rating.value === 8)).toMatchObject({ followUp: null });
    await page.close();
  });
});

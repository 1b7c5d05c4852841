import { describe, expect, it } from 'vitest';
import { watchPageProblems } from './helpers/browser.ts';
import { settled, signedInPage } from './helpers/dashboard.ts';
import { usePagesHarness } from './helpers/harness.ts';
import { pageWithWidget } from './helpers/site.ts';
import { FOLLOW_UP_QUESTION_MAX_LENGTH } from '../../contract/submission.ts';
import { XSS_PAYLOADS } from './helpers/xss-payloads.ts';

const PER_SUBMISSION = 5;
/** Payloads per follow-up answer, and the most its question holds (FOLLOW_UP_QUESTION_MAX_LENGTH). */
const PER_ANSWER = 10;
/** Safe inside an inline script: no `</script>` can close it early. */
const scriptString = (text: string) => JSON.stringify(text).replace(/</g, '\\u003c');

describe('stored XSS: injection payloads sent through the widget are shown as text in every dashboard view', () => {
  const h = usePagesHarness({ key: 'pk_shop' }, { tokenScope: 'admin' });
  const groups = Array.from({ length: Math.ceil(XSS_PAYLOADS.length / PER_SUBMISSION) }, (_, i) =>
    XSS_PAYLOADS.slice(i * PER_SUBMISSION, (i + 1) * PER_SUBMISSION),
  );

  /** Payloads joined by spaces while they fit a question. */
  const questionOf = (payloads: string[]) =>
    payloads.reduce((question, payload) => {
      const longer = question ? `${question} ${payload}` : payload;
      return longer.length <= FOLLOW_UP_QUESTION_MAX_LENGTH ? longer : question;
    }, '');
  const answers = Array.from({ length: Math.ceil(XSS_PAYLOADS.length / PER_ANSWER) }, (_, i) => {
    const payloads = XSS_PAYLOADS.slice(i * PER_ANSWER, (i + 1) * PER_ANSWER);
    return { id: crypto.randomUUID(), question: questionOf(payloads.slice().reverse()), answer: payloads.join('\n') };
  });

  it(`keeps ${XSS_PAYLOADS.length} payloads inert in comments, follow-up questions and answers, page titles, page URLs and metadata`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    // Each submission: five payloads in the comment, one as the page's title, one in its URL and one as metadata.
    for (const [index, group] of groups.entries()) {
      h.pages.set('/xss', pageWithWidget(h.heed.origin, 'pk_shop', `<script>document.title = ${scriptString(group[0]!)}</script>`));
      const visitor = await h.browser.newPage();
      await visitor.goto(`${h.site.origin}/xss?n=${index}&q=${encodeURIComponent(group[1]!)}`);
      await visitor.evaluate(
        (note) => (window as unknown as { Heed: (...args: unknown[]) => void }).Heed('setMetadata', { note }),
        group[2]!,
      );
      await visitor.getByRole('button', { name: 'Feedback', exact: true }).click();
      const dialog = visitor.getByRole('dialog', { name: 'Send feedback' });
      await dialog.getByRole('radio', { name: '1 star' }).check();
      await dialog.getByLabel('Comment (optional)').fill(group.join('\n'));
      await dialog.getByRole('button', { name: 'Send feedback' }).click();
      await dialog.getByText('Thank you! Your feedback was sent.').waitFor();
      await visitor.close();
    }
    const stored = (await h.heed.store.listFeedback(h.heed.project.id, { limit: 100, order: 'oldest' })).items;
    expect(stored).toHaveLength(groups.length);
    // Follow-ups as a visitor's script can send them: the question comes from the browser too, so it is visitor text.
    for (const { id, question, answer } of answers) {
      const res = await fetch(`${h.heed.origin}/v1/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: h.site.origin },
        body: JSON.stringify({
          project: 'pk_shop',
          id,
          rating: { kind: 'stars', value: 1 },
          followUp: { question, answer },
          page: { url: `${h.site.origin}/xss-follow-up` },
          context: { locale: 'en', viewport: { width: 1280, height: 800 } },
        }),
      });
      expect(res.status).toBe(201);
    }

    // The dashboard under its own Content-Security-Policy: any script that ran, any handler that
    // fired or any blocked load shows up as a dialog, a violation or a console error.
    const page = await signedInPage(h.browser, h.heed.origin, h.heed.adminToken);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const problems = await watchPageProblems(page);
    await page.reload();
    await settled(page);

    await page.goto(`${h.heed.origin}/admin/projects/pk_shop/feedback`);
    await settled(page);
    const list = page.getByRole('list', { name: 'Feedback' });
    const listed = (await list.locator('.comment').allInnerTexts()).join('\n');
    for (const payload of XSS_PAYLOADS) expect(listed).toContain(payload);
    const listedAnswers = (await list.locator('.answer').allInnerTexts()).join('\n');
    for (const payload of XSS_PAYLOADS) expect(listedAnswers).toContain(payload);

    for (const [index, item] of stored.entries()) {
      const group = groups[index]!;
      await page.goto(`${h.heed.origin}/admin/projects/pk_shop/feedback/${item.id}`);
      await settled(page);
      const detail = page.getByRole('complementary', { name: 'Feedback' });
      expect(await detail.locator('.comment-full').innerText()).toBe(group.join('\n'));
      // The page is on the project's origin: a link labelled with its own address, the title quoted as text.
      expect(await detail.getByRole('link', { name: item.page.url, exact: true }).getAttribute('href')).toBe(item.page.url);
      expect(await detail.getByText(`“${group[0]!}”`, { exact: true }).count()).toBe(1);
      expect(await detail.locator('dd').filter({ hasText: group[2]! }).first().innerText()).toBe(group[2]!);
    }
    for (const { id, question, answer } of answers) {
      await page.goto(`${h.heed.origin}/admin/projects/pk_shop/feedback/${id}`);
      await settled(page);
      const detail = page.getByRole('complementary', { name: 'Feedback' });
      expect(await detail.locator('.follow-up-question').innerText()).toBe(question);
      expect(await detail.locator('.follow-up-answer').innerText()).toBe(answer);
    }

    await page.goto(`${h.heed.origin}/admin/projects/pk_shop/insights`);
    await settled(page);
    await page.goto(`${h.heed.origin}/admin/projects/pk_shop/feedback?q=alert`);
    await settled(page);

    expect(dialogs).toEqual([]);
    expect(await problems()).toEqual([]);
    // Nothing was added to the page by a payload: no element a payload names exists outside the text.
    expect(
      await page.evaluate(
        () => document.querySelectorAll('main script, main iframe, main img, main svg:not(.chart svg), main object, main embed').length,
      ),
    ).toBe(0);
    await page.context().close();
  }, 180_000);
});

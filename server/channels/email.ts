import type { Digest, DigestComment, DigestPage } from '../digest/digest.ts';
import {
  KIND_NAMES,
  NO_FEEDBACK,
  averageFigure,
  commentShare,
  digestTitle,
  distributionLine,
  headline,
  pageFigures,
  periodLabel,
  periodRange,
  plural,
  previousNote,
  previousPeriod,
  responsesFigure,
  scoreFigure,
  sentimentMarker,
  sentimentWord,
} from '../notify/digest-format.ts';
import { escapeHtml, fit, headerSafe, httpUrl, lines, oneLine } from '../notify/escape.ts';
import { emailPage, emailPageAddress, pageName } from '../notify/links.ts';
import type { FeedbackNotification, OutgoingEmail } from '../notify/notification.ts';
import { renderRating, ratingSentiment, type Sentiment } from '../notify/render-rating.ts';
import type { Channel } from './channel.ts';
import { emailTarget } from './targets.ts';

/** How much of the comment an item's subject shows. */
const SUBJECT_COMMENT_MAX = 60;
/** How much of the project name a digest's subject shows; the figures and the date come after it. */
const SUBJECT_NAME_MAX = 60;
const SUBJECT_MAX = 200;
/** How much of a theme, page, comment and summary a digest shows. */
const THEME_MAX = 120;
const PAGE_MAX = 200;
const COMMENT_MAX = 1000;
/** How much of a follow-up question and answer a digest shows. */
const QUESTION_MAX = 200;
const ANSWER_MAX = 1000;
const SUMMARY_MAX = 4000;
const THEMES_SHOWN = 10;
const PAGES_SHOWN = 5;
const LOWEST_SHOWN = 5;

/** An item's accent by its rating, a digest's by its mood. */
const ACCENTS: Record<Sentiment | ReturnType<typeof sentimentWord>, string> = {
  negative: '#e5484d',
  neutral: '#8b8d98',
  mixed: '#8b8d98',
  positive: '#30a46c',
};

/** `2024-03-01 14:05 UTC`: the server cannot know the reader's time zone, so it says which it uses. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Quoted line by line, on every character a mail client shows as a line break: the quote marker is ours. */
const quoteText = (text: string) =>
  lines(text)
    .map((line) => `> ${line}`)
    .join('\n');

/** The follow-up question in the plain text: labelled, on one line, so it cannot pass for one of our lines. */
const followUpLine = (question: string) => `Follow-up: ${oneLine(question)}`;

const QUOTE_STYLE = 'margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d2d7;white-space:pre-wrap;font-size:15px';

/** One line under the comment, as each part of the email shows it. */
interface Detail {
  name: string;
  text: string;
  html: string;
}

/**
 * One piece of feedback as an email, text and HTML. The subject is one header-safe line; the HTML
 * escapes every visitor string, links only http(s) URLs and loads nothing from elsewhere (inline
 * styles only), so opening it reveals nothing to anyone.
 */
export function buildFeedbackEmail(n: FeedbackNotification, to: string): OutgoingEmail {
  const { feedback: f } = n;
  const rating = renderRating(f.rating);
  const lead = f.rating ? rating : 'Feedback';
  // The comment, or the follow-up answer where there is no comment.
  const said = f.comment || f.followUp?.answer;
  const snippet = said ? `: ${headerSafe(said, SUBJECT_COMMENT_MAX)}` : '';
  const subject = headerSafe(`[Heed] ${lead} on ${n.project.name}${snippet}`);

  const details: Detail[] = [{ name: pageName(f.page.verified), ...emailPage(f.page) }];
  // One line each: a line break in a category could otherwise forge a line of the plain text.
  if (f.category) details.push({ name: 'Category', text: oneLine(f.category), html: escapeHtml(f.category) });
  if (f.email) details.push({ name: 'From', text: oneLine(f.email), html: escapeHtml(f.email) });
  details.push({ name: 'Received', text: utc(f.createdAt), html: utc(f.createdAt) });
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  const text = [
    `New feedback on ${n.project.name}`,
    '',
    rating,
    ...(f.comment ? ['', quoteText(f.comment)] : []),
    // The question on one labelled line: a line break in it cannot start a line that reads as ours.
    ...(f.followUp ? ['', followUpLine(f.followUp.question), quoteText(f.followUp.answer)] : []),
    '',
    ...details.map((d) => `${d.name}: ${d.text}`),
    ...(itemUrl ? ['', `Open in Heed: ${itemUrl}`] : []),
  ].join('\n');

  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c1d21">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;border-top:4px solid ${ACCENTS[ratingSentiment(f.rating)]};padding:20px 24px">
<p style="margin:0 0 4px;font-size:13px;color:#6b6f76">New feedback on ${escapeHtml(n.project.name)}</p>
<p style="margin:0 0 16px;font-size:20px">${escapeHtml(rating)}</p>
${f.comment ? `<blockquote style="${QUOTE_STYLE}">${escapeHtml(f.comment)}</blockquote>\n` : ''}${f.followUp ? `<p style="margin:0 0 4px;font-size:14px;font-weight:600">${escapeHtml(oneLine(f.followUp.question))}</p>\n<blockquote style="${QUOTE_STYLE}">${escapeHtml(f.followUp.answer)}</blockquote>\n` : ''}<table style="border-collapse:collapse;font-size:13px">
${details.map((d) => `<tr><td style="${cell};color:#6b6f76">${d.name}</td><td style="${cell}">${d.html}</td></tr>`).join('\n')}
</table>
${itemUrl ? `<p style="margin:20px 0 0"><a href="${escapeHtml(itemUrl)}" style="display:inline-block;padding:8px 14px;background:#1c1d21;color:#fff;border-radius:6px;text-decoration:none">Open in Heed</a></p>\n` : ''}</div>
</body></html>`;

  return { to, subject, text, html };
}

/** One figure as each part of the email shows it. */
interface Figure {
  name: string;
  value: string;
  /** A second, quieter line: how the ratings spread. */
  detail?: string;
}

const page = (url: string, verified: boolean) => emailPageAddress(url, verified, PAGE_MAX);

/**
 * One digest as an email, text and HTML: the subject says the project, the response count, the
 * headline score with its change and the period (`[Heed] Shop — 42 responses, NPS 32 (+5) — Tue
 * 24 Nov`) on one header-safe line. The HTML escapes every string that is not ours, links only
 * http(s) URLs and loads nothing from elsewhere (inline styles only).
 */
export function buildDigestEmail(d: Digest, to: string): OutgoingEmail {
  const name = headerSafe(d.project.name, SUBJECT_NAME_MAX);
  const subject = headerSafe(`[Heed] ${name} — ${headline(d)} — ${periodLabel(d.period)}`, SUBJECT_MAX);
  const title = digestTitle(d, oneLine(d.project.name));
  const range = periodRange(d.period);
  const before = previousNote(d);
  const since = `Changes against ${previousPeriod(d.period.frequency)}.`;
  const dashboard = d.dashboardUrl && httpUrl(d.dashboardUrl);
  const summary = d.summary?.trim() ? fit(d.summary.trim(), SUMMARY_MAX) : null;

  const figures: Figure[] = [];
  if (d.count > 0) {
    figures.push({ name: 'Responses', value: responsesFigure(d) });
    figures.push({
      name: 'With a comment',
      value: `${commentShare(d)}${d.sentiment === null ? '' : `, mood ${sentimentMarker(d.sentiment)} ${sentimentWord(d.sentiment)}`}`,
    });
    for (const r of d.ratings.filter((rating) => rating.count > 0)) {
      const score = scoreFigure(r);
      figures.push({
        name: `${KIND_NAMES[r.kind]} (${plural(r.count, 'rating')})`,
        value: `${averageFigure(r)}${score ? ` · ${score}` : ''}`,
        detail: distributionLine(r),
      });
    }
  }
  const themes = d.themes
    .slice(0, THEMES_SHOWN)
    .map((t) => ({ phrase: fit(oneLine(t.phrase), THEME_MAX), figures: `${plural(t.count, 'comment')} ${sentimentMarker(t.sentiment)}` }));
  const pageLists = (
    [
      ['Best pages', d.pages.best],
      ['Worst pages', d.pages.worst],
    ] as const
  )
    .map(([heading, pages]) => ({ heading, pages: pages.slice(0, PAGES_SHOWN) as DigestPage[] }))
    .filter((list) => list.pages.length > 0);
  const lowest: DigestComment[] = d.count > 0 ? d.lowest.slice(0, LOWEST_SHOWN) : [];
  const commentOf = (c: DigestComment) => c.comment && fit(c.comment.trim(), COMMENT_MAX);
  const followUpOf = (c: DigestComment) =>
    c.followUp && { question: fit(oneLine(c.followUp.question), QUESTION_MAX), answer: fit(c.followUp.answer.trim(), ANSWER_MAX) };

  const section = (heading: string, lines: string[]) => (lines.length ? ['', heading, ...lines] : []);
  const text = [
    title,
    range,
    '',
    ...(d.count === 0
      ? [`${NO_FEEDBACK}${before ? ` (${before})` : ''}`]
      : figures.map((f) => `${f.name}: ${f.value}${f.detail ? `\n  ${f.detail}` : ''}`)),
    ...(d.count > 0
      ? section(
          'Top themes',
          themes.map((t) => `- ${t.phrase}: ${t.figures}`),
        )
      : []),
    ...(d.count > 0
      ? pageLists.flatMap((list) =>
          section(
            list.heading,
            list.pages.map((p) => `- ${page(p.page, p.verified).text}: ${pageFigures(p)}`),
          ),
        )
      : []),
    ...section(
      'Lowest-rated comments',
      lowest.flatMap((c, i) => {
        const [comment, followUp] = [commentOf(c), followUpOf(c)];
        return [
          ...(i > 0 ? [''] : []),
          ...(comment ? [quoteText(comment)] : []),
          ...(followUp ? [followUpLine(followUp.question), quoteText(followUp.answer)] : []),
          `  — ${renderRating(c.rating)} on ${page(c.page, c.pageVerified).text}`,
        ];
      }),
    ),
    ...(summary ? ['', 'Summary', summary] : []),
    ...(d.count > 0 ? ['', since] : []),
    ...(dashboard ? [''] : []),
    ...(dashboard ? [`Open insights in Heed: ${dashboard}`] : []),
  ].join('\n');

  const muted = 'color:#6b6f76';
  const h2 = 'margin:20px 0 8px;font-size:14px;font-weight:600';
  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const list = (items: string[]) =>
    `<ul style="margin:0;padding:0 0 0 18px;font-size:14px">\n${items.map((item) => `<li style="margin:0 0 4px">${item}</li>`).join('\n')}\n</ul>`;
  const htmlSection = (heading: string, body: string) => `<h2 style="${h2}">${heading}</h2>\n${body}\n`;

  const body = [
    d.count === 0
      ? `<p style="margin:0;font-size:16px">${NO_FEEDBACK}${before ? ` <span style="${muted}">(${escapeHtml(before)})</span>` : ''}</p>\n`
      : `<table style="border-collapse:collapse;font-size:14px">\n${figures
          .map(
            (f) =>
              `<tr><td style="${cell};${muted}">${escapeHtml(f.name)}</td><td style="${cell}">${escapeHtml(f.value)}${f.detail ? `<br><span style="${muted}">${escapeHtml(f.detail)}</span>` : ''}</td></tr>`,
          )
          .join('\n')}\n</table>\n`,
    d.count > 0 && themes.length
      ? htmlSection(
          'Top themes',
          list(themes.map((t) => `${escapeHtml(t.phrase)} <span style="${muted}">— ${escapeHtml(t.figures)}</span>`)),
        )
      : '',
    ...(d.count > 0 ? pageLists : []).map((l) =>
      htmlSection(
        l.heading,
        list(l.pages.map((p) => `${page(p.page, p.verified).html} <span style="${muted}">— ${escapeHtml(pageFigures(p))}</span>`)),
      ),
    ),
    lowest.length
      ? htmlSection(
          'Lowest-rated comments',
          lowest
            .map((c) => {
              const [comment, followUp] = [commentOf(c), followUpOf(c)];
              return `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #d0d2d7;font-size:14px">${comment ? `<div style="white-space:pre-wrap">${escapeHtml(comment)}</div>` : ''}${followUp ? `<div style="margin-top:${comment ? 8 : 0}px;font-weight:600">${escapeHtml(followUp.question)}</div><div style="white-space:pre-wrap">${escapeHtml(followUp.answer)}</div>` : ''}<div style="margin-top:4px;font-size:12px;${muted}">${escapeHtml(renderRating(c.rating))} on ${page(c.page, c.pageVerified).html}</div></blockquote>`;
            })
            .join('\n'),
        )
      : '',
    summary ? htmlSection('Summary', `<p style="margin:0;font-size:14px;white-space:pre-wrap">${escapeHtml(summary)}</p>`) : '',
  ].join('');

  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c1d21">
<div style="max-width:600px;margin:0 auto;background:#fff;border-radius:8px;border-top:4px solid ${ACCENTS[sentimentWord(d.sentiment)]};padding:20px 24px">
<p style="margin:0 0 4px;font-size:18px;font-weight:600">${escapeHtml(title)}</p>
<p style="margin:0 0 16px;font-size:13px;${muted}">${escapeHtml(range)}</p>
${body}${d.count > 0 ? `<p style="margin:20px 0 0;font-size:12px;${muted}">${since}</p>\n` : ''}${dashboard ? `<p style="margin:16px 0 0"><a href="${escapeHtml(dashboard)}" style="display:inline-block;padding:8px 14px;background:#1c1d21;color:#fff;border-radius:6px;text-decoration:none">Open insights in Heed</a></p>\n` : ''}</div>
</body></html>`;

  return { to, subject, text, html };
}

/** Email through the server's mail transport (SMTP on Node), to one address. */
export const email: Channel = {
  kind: 'email',
  transport: 'email',
  target: emailTarget,
  item: (notification, to) => buildFeedbackEmail(notification, to.target),
  digest: (digest, to) => buildDigestEmail(digest, to.target),
};

import { escapeHtml, headerSafe, httpUrl, lines, oneLine } from './escape.ts';
import { emailPage, pageName } from './links.ts';
import type { FeedbackNotification, OutgoingEmail } from './notification.ts';
import { renderRating, ratingSentiment, type Sentiment } from './render-rating.ts';

/** How much of the comment the subject shows. */
const SUBJECT_COMMENT_MAX = 60;

const ACCENTS: Record<Sentiment, string> = { negative: '#e5484d', neutral: '#8b8d98', positive: '#30a46c' };

/** `2024-03-01 14:05 UTC`: the server cannot know the reader's time zone, so it says which it uses. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

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
  const snippet = f.comment ? `: ${headerSafe(f.comment, SUBJECT_COMMENT_MAX)}` : '';
  const subject = headerSafe(`[Heed] ${lead} on ${n.project.name}${snippet}`);

  const details: Detail[] = [
    { name: pageName(f.page.verified), ...emailPage(f.page) },
  ];
  // One line each: a line break in a category could otherwise forge a line of the plain text.
  if (f.category) details.push({ name: 'Category', text: oneLine(f.category), html: escapeHtml(f.category) });
  if (f.email) details.push({ name: 'From', text: oneLine(f.email), html: escapeHtml(f.email) });
  details.push({ name: 'Received', text: utc(f.createdAt), html: utc(f.createdAt) });
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  const text = [
    `New feedback on ${n.project.name}`,
    '',
    rating,
    ...(f.comment ? ['', ...lines(f.comment).map((line) => `> ${line}`)] : []),
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
${f.comment ? `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d2d7;white-space:pre-wrap;font-size:15px">${escapeHtml(f.comment)}</blockquote>\n` : ''}<table style="border-collapse:collapse;font-size:13px">
${details.map((d) => `<tr><td style="${cell};color:#6b6f76">${d.name}</td><td style="${cell}">${d.html}</td></tr>`).join('\n')}
</table>
${itemUrl ? `<p style="margin:20px 0 0"><a href="${escapeHtml(itemUrl)}" style="display:inline-block;padding:8px 14px;background:#1c1d21;color:#fff;border-radius:6px;text-decoration:none">Open in Heed</a></p>\n` : ''}</div>
</body></html>`;

  return { to, subject, text, html };
}

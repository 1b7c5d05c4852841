import { escapeSlack, fit, httpUrl } from './escape.ts';
import type { FeedbackNotification } from './notification.ts';
import { renderRating } from './render-rating.ts';

/** Slack rejects a section or context text longer than this. */
const TEXT_MAX = 3000;
/** Enough of the comment for a phone's notification banner. */
const FALLBACK_COMMENT_MAX = 150;
/** A link whose label would be shorter than this is shown as text instead. */
const LABEL_MIN = 20;

/** Escaped and quoted line by line: the quote marker is ours, so a visitor's `>` cannot end it. */
const quote = (text: string) =>
  escapeSlack(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * `<url|label>` in at most `max` characters when the URL is http(s), else the label as text. The
 * URL's `|` is encoded and the label loses `|` and `>`: either would end a part of the link early
 * and let a visitor choose where it points.
 */
function slackLink(url: string, label: string, max: number): string {
  const href = httpUrl(url);
  const target = href && escapeSlack(href).replace(/\|/g, '%7C');
  const room = target ? max - target.length - 3 : 0;
  if (!target || room < LABEL_MIN) return fit(label, max, escapeSlack);
  return `<${target}|${fit(label.replace(/[|>]/g, ''), room, escapeSlack)}>`;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** An incoming-webhook Block Kit message for one piece of feedback; every visitor string is escaped. */
export function buildSlackMessage(n: FeedbackNotification): object {
  const { feedback: f } = n;
  const project = escapeSlack(n.project.name);
  const rating = renderRating(f.rating);

  const details = [
    `Page: ${slackLink(f.page.url, f.page.title ?? f.page.url, TEXT_MAX - 'Page: '.length)}`,
    f.category && `Category: ${fit(f.category, TEXT_MAX - 'Category: '.length, escapeSlack)}`,
    f.email && `From: ${fit(f.email, TEXT_MAX - 'From: '.length, escapeSlack)}`,
  ].filter((text): text is string => Boolean(text));
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  return {
    text: `${rating} on ${project}${f.comment ? `: ${fit(f.comment, FALLBACK_COMMENT_MAX, escapeSlack)}` : ''}`,
    blocks: [
      { type: 'section', text: mrkdwn(`*New feedback on ${project}*\n${rating}`) },
      ...(f.comment ? [{ type: 'section', text: mrkdwn(fit(f.comment, TEXT_MAX, quote)) }] : []),
      { type: 'context', elements: details.map(mrkdwn) },
      // A link, not a button: a button makes Slack flag the app for having no interactivity endpoint.
      ...(itemUrl ? [{ type: 'section', text: mrkdwn(slackLink(itemUrl, 'Open in Heed →', TEXT_MAX)) }] : []),
    ],
  };
}

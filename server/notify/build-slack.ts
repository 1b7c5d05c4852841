import { escapeSlack, fit, httpUrl, lines, oneLine } from './escape.ts';
import { slackLink, slackPage } from './links.ts';
import type { FeedbackNotification } from './notification.ts';
import { renderRating } from './render-rating.ts';

/** Slack rejects a section or context text longer than this. */
const TEXT_MAX = 3000;
/** Enough of the comment for a phone's notification banner. */
const FALLBACK_COMMENT_MAX = 150;

/**
 * Escaped and quoted line by line, on every character Slack shows as a line break: the quote
 * marker is ours, so neither a visitor's `>` nor a lone CR can end it.
 */
const quote = (text: string) =>
  lines(escapeSlack(text))
    .map((line) => `> ${line}`)
    .join('\n');

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** An incoming-webhook Block Kit message for one piece of feedback; every visitor string is escaped. */
export function buildSlackMessage(n: FeedbackNotification): object {
  const { feedback: f } = n;
  const project = escapeSlack(n.project.name);
  const rating = renderRating(f.rating);

  const details = [
    slackPage(f.page, TEXT_MAX),
    // One line each: a line break in a category could otherwise forge a line of its own.
    f.category && `Category: ${fit(oneLine(f.category), TEXT_MAX - 'Category: '.length, escapeSlack)}`,
    f.email && `From: ${fit(oneLine(f.email), TEXT_MAX - 'From: '.length, escapeSlack)}`,
  ].filter((text): text is string => Boolean(text));
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  return {
    text: `${rating} on ${project}${f.comment ? `: ${fit(oneLine(f.comment), FALLBACK_COMMENT_MAX, escapeSlack)}` : ''}`,
    blocks: [
      { type: 'section', text: mrkdwn(`*New feedback on ${project}*\n${rating}`) },
      ...(f.comment ? [{ type: 'section', text: mrkdwn(fit(f.comment, TEXT_MAX, quote)) }] : []),
      { type: 'context', elements: details.map(mrkdwn) },
      // A link, not a button: a button makes Slack flag the app for having no interactivity endpoint.
      ...(itemUrl ? [{ type: 'section', text: mrkdwn(slackLink(itemUrl, 'Open in Heed →', TEXT_MAX)) }] : []),
    ],
  };
}

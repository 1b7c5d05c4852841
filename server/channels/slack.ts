import type { FollowUp } from '../../contract/submission.ts';
import type { Digest, DigestComment, DigestPage, DigestRating } from '../digest/digest.ts';
import {
  KIND_NAMES,
  NO_FEEDBACK,
  averageFigure,
  commentShare,
  digestTitle,
  distributionLine,
  headline,
  listWithin,
  pageFigures,
  periodRange,
  plural,
  previousNote,
  previousPeriod,
  responsesFigure,
  scoreFigure,
  sentimentMarker,
} from '../notify/digest-format.ts';
import { escapeSlack, fit, httpUrl, lines, oneLine, shareRoom } from '../notify/escape.ts';
import { slackLink, slackPage, slackPageAddress } from '../notify/links.ts';
import type { FeedbackNotification } from '../notify/notification.ts';
import { renderRating } from '../notify/render-rating.ts';
import { jsonRequest, type Channel } from './channel.ts';
import { tokenUrlTarget } from './targets.ts';

/** Slack rejects a message over any of these (`text`: a section's or context's text). */
const LIMITS = { blocks: 50, text: 3000, field: 2000, fields: 10, header: 150 };
/** Enough of the comment for a phone's notification banner. */
const FALLBACK_COMMENT_MAX = 150;
/** How much of a project name, theme, page and comment one line or quote of a digest shows. */
const NAME_MAX = 80;
const THEME_MAX = 120;
const PAGE_MAX = 400;
const COMMENT_MAX = 700;
/** A follow-up question's most (it is one line), and what a digest adds for an answer beside a comment. */
const QUESTION_MAX = 300;
const ANSWER_MAX = 500;
/** Lists stop here even when more would fit: a digest is read at a glance. */
const THEMES_SHOWN = 10;
const PAGES_SHOWN = 5;
const LOWEST_SHOWN = 5;

/**
 * Escaped and quoted line by line, on every character Slack shows as a line break: the quote
 * marker is ours, so neither a visitor's `>` nor a lone CR can end it.
 */
const quote = (text: string) =>
  lines(escapeSlack(text))
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * The follow-up in at most `max` characters: its question in bold on one line (a line break in it
 * cannot start a line of its own), the answer quoted under it. Both come from the visitor's
 * browser, so both are escaped.
 */
function followUpText({ question, answer }: FollowUp, max: number): string {
  const asked = fit(oneLine(question), Math.min(QUESTION_MAX, Math.floor(max / 2)) - 3, escapeSlack);
  const head = asked ? `*${asked}*\n` : '';
  return `${head}${fit(answer, max - head.length, quote)}`;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(fit(text, LIMITS.text)) });

/** An incoming-webhook Block Kit message for one piece of feedback; every visitor string is escaped. */
export function buildSlackMessage(n: FeedbackNotification): object {
  const { feedback: f } = n;
  const project = escapeSlack(n.project.name);
  const rating = renderRating(f.rating);

  const details = [
    slackPage(f.page, LIMITS.text),
    // One line each: a line break in a category could otherwise forge a line of its own.
    f.category && `Category: ${fit(oneLine(f.category), LIMITS.text - 'Category: '.length, escapeSlack)}`,
    f.email && `From: ${fit(oneLine(f.email), LIMITS.text - 'From: '.length, escapeSlack)}`,
  ].filter((text): text is string => Boolean(text));
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);
  // The banner shows the comment, or the follow-up answer where there is no comment.
  const said = f.comment || f.followUp?.answer;

  return {
    text: `${rating} on ${project}${said ? `: ${fit(oneLine(said), FALLBACK_COMMENT_MAX, escapeSlack)}` : ''}`,
    blocks: [
      { type: 'section', text: mrkdwn(`*New feedback on ${project}*\n${rating}`) },
      ...(f.comment ? [{ type: 'section', text: mrkdwn(fit(f.comment, LIMITS.text, quote)) }] : []),
      ...(f.followUp ? [{ type: 'section', text: mrkdwn(followUpText(f.followUp, LIMITS.text)) }] : []),
      { type: 'context', elements: details.map(mrkdwn) },
      // A link, not a button: a button makes Slack flag the app for having no interactivity endpoint.
      ...(itemUrl ? [{ type: 'section', text: mrkdwn(slackLink(itemUrl, 'Open in Heed →', LIMITS.text)) }] : []),
    ],
  };
}

function ratingField(r: DigestRating): string {
  const score = scoreFigure(r);
  return fit(`*${KIND_NAMES[r.kind]}* · ${plural(r.count, 'rating')}\n${averageFigure(r)}${score ? `\n${score}` : ''}`, LIMITS.field);
}

const pageLine = (p: DigestPage) => `• ${slackPageAddress(p.page, p.verified, PAGE_MAX)} — ${pageFigures(p)}`;

/** The comment quoted, then the follow-up question and its quoted answer, then the rating and page. */
function commentBlock(c: DigestComment) {
  const where = `${renderRating(c.rating)} · ${slackPageAddress(c.page, c.pageVerified, PAGE_MAX)}`;
  const room = Math.min(COMMENT_MAX + (c.comment && c.followUp ? ANSWER_MAX : 0), LIMITS.text - where.length - 2);
  const said = shareRoom(
    (max) => (c.comment ? fit(c.comment, max, quote) : ''),
    (max) => (c.followUp ? followUpText(c.followUp, max) : ''),
    room,
  );
  return section([...said.filter(Boolean), where].join('\n'));
}

/**
 * An incoming-webhook Block Kit message for one digest: figures with their changes, how ratings
 * spread, themes, best and worst pages, the lowest-rated comments, the summary and a link to the
 * dashboard. Every visitor, operator and model string is escaped; every text fits Slack's limits.
 */
export function buildDigestSlackMessage(d: Digest): object {
  const title = digestTitle(d, fit(oneLine(d.project.name), NAME_MAX, escapeSlack));
  const blocks: object[] = [
    // Slack's escaping rule covers every text object, plain_text included.
    { type: 'header', text: { type: 'plain_text', text: fit(title, LIMITS.header), emoji: true } },
    {
      type: 'context',
      elements: [mrkdwn(`${periodRange(d.period)}${d.count > 0 ? ` · changes against ${previousPeriod(d.period.frequency)}` : ''}`)],
    },
  ];

  if (d.count === 0) {
    const before = previousNote(d);
    blocks.push(section(`*${NO_FEEDBACK}*${before ? ` (${before})` : ''}`));
  } else {
    const rated = d.ratings.filter((r) => r.count > 0);
    const fields = [
      `*Responses*\n${responsesFigure(d)}`,
      `*With a comment*\n${commentShare(d)}${d.sentiment === null ? '' : `, mood ${sentimentMarker(d.sentiment)}`}`,
      ...rated.map(ratingField),
    ];
    blocks.push({ type: 'section', fields: fields.slice(0, LIMITS.fields).map(mrkdwn) });
    if (rated.length)
      blocks.push(section(`*How they rated*\n${rated.map((r) => `${KIND_NAMES[r.kind]}: ${distributionLine(r)}`).join('\n')}`));

    const themes = d.themes
      .slice(0, THEMES_SHOWN)
      .map((t) => `• ${fit(oneLine(t.phrase), THEME_MAX, escapeSlack)} — ${plural(t.count, 'comment')} ${sentimentMarker(t.sentiment)}`);
    if (themes.length) blocks.push(section(listWithin('*Top themes*', themes, LIMITS.text)));
    for (const [name, pages] of [
      ['Best pages', d.pages.best],
      ['Worst pages', d.pages.worst],
    ] as const) {
      if (pages.length) blocks.push(section(listWithin(`*${name}*`, pages.slice(0, PAGES_SHOWN).map(pageLine), LIMITS.text)));
    }

    const lowest = d.lowest.slice(0, LOWEST_SHOWN);
    if (lowest.length) blocks.push(section('*Lowest-rated comments*'), ...lowest.map(commentBlock));
  }

  if (d.summary) blocks.push(section(`*Summary*\n${fit(d.summary.trim(), LIMITS.text - '*Summary*\n'.length, escapeSlack)}`));
  const dashboard = d.dashboardUrl && httpUrl(d.dashboardUrl);
  // A link, not a button: a button makes Slack flag the app for having no interactivity endpoint.
  if (dashboard) blocks.push(section(slackLink(dashboard, 'Open insights in Heed →', LIMITS.text)));

  return {
    text: fit(`${title}: ${headline(d)}`, LIMITS.text),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}

/** Slack incoming webhooks: Block Kit JSON posted to the hook's URL, whose last path segment is its token. */
export const slack: Channel = {
  kind: 'slack',
  transport: 'http',
  target: tokenUrlTarget,
  item: (notification, to) => jsonRequest(to.target, buildSlackMessage(notification)),
  digest: (digest, to) => jsonRequest(to.target, buildDigestSlackMessage(digest)),
};

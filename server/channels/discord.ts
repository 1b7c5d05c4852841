import type { FollowUp } from '../../contract/submission.ts';
import type { Digest, DigestComment, DigestPage, DigestRating } from '../digest/digest.ts';
import {
  KIND_NAMES,
  NO_FEEDBACK,
  averageFigure,
  commentShare,
  digestTitle,
  distributionLine,
  listWithin,
  pageFigures,
  periodRange,
  plural,
  previousNote,
  previousPeriod,
  responsesFigure,
  scoreFigure,
  sentimentMarker,
  sentimentWord,
} from '../notify/digest-format.ts';
import { escapeDiscord, fit, httpUrl, lines, oneLine, shareRoom } from '../notify/escape.ts';
import { discordPage, discordPageAddress, pageName, pageText } from '../notify/links.ts';
import type { FeedbackNotification } from '../notify/notification.ts';
import { renderRating, ratingSentiment, type Sentiment } from '../notify/render-rating.ts';
import { jsonRequest, type Channel } from './channel.ts';
import { tokenUrlTarget } from './targets.ts';

/** Discord rejects the whole message when an embed goes over any of these. */
const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 };

/** How much of a project name, theme, page, summary and comment a digest shows. */
const NAME_MAX = 80;
const THEME_MAX = 120;
const PAGE_MAX = 300;
const SUMMARY_MAX = 1500;
const COMMENT_MAX = 500;
/** A follow-up question's most (it is one line), and what a digest adds for an answer beside a comment. */
const QUESTION_MAX = 300;
const ANSWER_MAX = 400;
/** A comment's field name: its rating and page. */
const COMMENT_NAME_MAX = 120;
/** A shortened part below this says too little: it is left out instead. */
const PART_MIN = 40;
const THEMES_SHOWN = 10;
const PAGES_SHOWN = 5;
const LOWEST_SHOWN = 5;

/** An item's colour by its rating, a digest's by its mood. */
const COLOURS: Record<Sentiment | ReturnType<typeof sentimentWord>, number> = {
  negative: 0xe5484d,
  neutral: 0x8b8d98,
  mixed: 0x8b8d98,
  positive: 0x30a46c,
};

export interface DiscordField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordEmbed {
  title: string;
  description?: string;
  url?: string;
  color: number;
  fields: DiscordField[];
  timestamp: string;
}

export interface DiscordMessage {
  embeds: [DiscordEmbed];
  allowed_mentions: { parse: [] };
}

/** Escaped and quoted line by line: the quote marker is ours (a visitor's `>` is escaped). */
const quote = (text: string) =>
  lines(escapeDiscord(text))
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * The follow-up in at most `max` characters: its question in bold on one line (a line break in it
 * cannot start a line of its own), the answer quoted under it. Both come from the visitor's
 * browser, so both are escaped.
 */
function followUpText({ question, answer }: FollowUp, max: number): string {
  const asked = fit(oneLine(question), Math.min(QUESTION_MAX, Math.floor(max / 2)) - 5, escapeDiscord);
  const head = asked ? `**${asked}**\n` : '';
  return `${head}${fit(answer, max - head.length, quote)}`;
}

/** A webhook message with one embed; mentions never ping, whatever the text says. */
export function buildDiscordMessage(n: FeedbackNotification): DiscordMessage {
  const { feedback: f } = n;
  const title = fit(`${n.project.name} — ${renderRating(f.rating)}`, LIMITS.title, escapeDiscord);
  const fields: DiscordField[] = [{ name: pageName(f.page.verified), value: discordPage(f.page, LIMITS.fieldValue), inline: false }];
  // One line each: a line break in a category could otherwise forge a line of its own.
  if (f.category) fields.push({ name: 'Category', value: fit(oneLine(f.category), LIMITS.fieldValue, escapeDiscord), inline: true });
  if (f.email) fields.push({ name: 'Email', value: fit(oneLine(f.email), LIMITS.fieldValue, escapeDiscord), inline: true });
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  const embed: DiscordEmbed = { title, color: COLOURS[ratingSentiment(f.rating)], fields, timestamp: new Date(f.createdAt).toISOString() };
  if (f.comment || f.followUp) {
    // The comment and the follow-up under it share what the 6000-character total leaves after the title and fields.
    const used = title.length + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    const said = shareRoom(
      (max) => (f.comment ? fit(f.comment, max, escapeDiscord) : ''),
      (max) => (f.followUp ? followUpText(f.followUp, max) : ''),
      Math.min(LIMITS.description, LIMITS.total - used) - 2,
    );
    embed.description = said.filter(Boolean).join('\n\n');
  }
  if (itemUrl) embed.url = itemUrl;
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

export interface DigestDiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  fields: DiscordField[];
  footer: { text: string };
  timestamp: string;
}

export interface DigestDiscordMessage {
  embeds: [DigestDiscordEmbed];
  allowed_mentions: { parse: [] };
}

/**
 * A field whose value can be shortened to fit the embed's total: `render(max)` returns at most
 * `max` characters. Fixed fields (figures) render the same at any size they are given.
 */
interface Part {
  name: string;
  inline: boolean;
  render: (max: number) => string;
  /**
   * When it is shortened (or left out) to keep the embed within 6000 characters: lower first;
   * undefined for figures, which are never shortened. The summary goes last of all.
   */
  shrinkOrder?: number;
}

/** Pages go first, then themes, then the lowest-rated comments (the last of them first). */
const SHRINK = { bestPages: 0, worstPages: 1, themes: 2, comments: 3 };

function ratingPart(r: DigestRating): Part {
  const score = scoreFigure(r);
  const value = [averageFigure(r), score, distributionLine(r)].filter(Boolean).join('\n');
  return { name: `${KIND_NAMES[r.kind]} · ${plural(r.count, 'rating')}`, inline: true, render: (max) => fit(value, max) };
}

const pageLine = (p: DigestPage) => `• ${discordPageAddress(p.page, p.verified, PAGE_MAX)} — ${pageFigures(p)}`;

function commentPart(c: DigestComment, i: number): Part {
  return {
    name: fit(`${renderRating(c.rating)} · ${pageText(c.page, c.pageVerified)}`, COMMENT_NAME_MAX, escapeDiscord),
    inline: false,
    // The comment quoted, then the follow-up question and its quoted answer.
    render: (max) =>
      shareRoom(
        (room) => (c.comment ? fit(c.comment, room, quote) : ''),
        (room) => (c.followUp ? followUpText(c.followUp, room) : ''),
        Math.min(max, COMMENT_MAX + (c.comment && c.followUp ? ANSWER_MAX : 0)) - 1,
      )
        .filter(Boolean)
        .join('\n'),
    shrinkOrder: SHRINK.comments + (LOWEST_SHOWN - i) / 10,
  };
}

const size = (fields: DiscordField[]) => fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * A webhook message with one embed for one digest: the figures and their changes as fields, the
 * themes, pages and lowest-rated comments, the summary as the description. Mentions never ping,
 * visitor and model text is escaped, and the embed stays within every Discord limit (6000 in all)
 * by shortening the pages, then the themes, the comments and the summary.
 */
export function buildDigestDiscordMessage(d: Digest): DigestDiscordMessage {
  const title = fit(digestTitle(d, fit(oneLine(d.project.name), NAME_MAX, escapeDiscord)), LIMITS.title);
  const before = previousNote(d);
  const footer = { text: d.count > 0 ? `Changes against ${previousPeriod(d.period.frequency)}` : 'Heed digest' };
  const range = periodRange(d.period);
  const summary = d.summary?.trim();
  const describe = (max: number) => {
    const lead = d.count === 0 ? `${range}\n\n**${NO_FEEDBACK}**${before ? ` (${before})` : ''}` : range;
    const room = Math.min(SUMMARY_MAX, max - lead.length - 2);
    return summary && room >= PART_MIN ? `${lead}\n\n${fit(summary, room, escapeDiscord)}` : lead;
  };

  const parts: Part[] = [];
  if (d.count > 0) {
    const fixed = (name: string, value: string): Part => ({ name, inline: true, render: () => value });
    parts.push(fixed('Responses', responsesFigure(d)));
    parts.push(fixed('With a comment', `${commentShare(d)}${d.sentiment === null ? '' : `, mood ${sentimentMarker(d.sentiment)}`}`));
    parts.push(...d.ratings.filter((r) => r.count > 0).map(ratingPart));
    const themes = d.themes
      .slice(0, THEMES_SHOWN)
      .map((t) => `• ${fit(oneLine(t.phrase), THEME_MAX, escapeDiscord)} — ${plural(t.count, 'comment')} ${sentimentMarker(t.sentiment)}`);
    if (themes.length)
      parts.push({ name: 'Top themes', inline: false, render: (max) => listWithin('', themes, max), shrinkOrder: SHRINK.themes });
    for (const [name, pages, shrinkOrder] of [
      ['Best pages', d.pages.best, SHRINK.bestPages],
      ['Worst pages', d.pages.worst, SHRINK.worstPages],
    ] as const) {
      const lines = pages.slice(0, PAGES_SHOWN).map(pageLine);
      if (lines.length) parts.push({ name, inline: false, render: (max) => listWithin('', lines, max), shrinkOrder });
    }
    parts.push(...d.lowest.slice(0, LOWEST_SHOWN).map(commentPart));
  }

  // Everything at its own limit first; then, while over the total, shorten the parts in their
  // order, leaving out any that would be too short to say anything, and the summary last of all.
  let description = describe(LIMITS.description);
  const fields: (DiscordField | null)[] = parts
    .slice(0, LIMITS.fields)
    .map((p) => ({ name: p.name, value: p.render(LIMITS.fieldValue), inline: p.inline }));
  const total = () => title.length + description.length + footer.text.length + size(fields.filter((f) => f !== null));
  const shrinkable = [...fields.keys()]
    .filter((i) => parts[i]!.shrinkOrder !== undefined)
    .sort((a, b) => parts[a]!.shrinkOrder! - parts[b]!.shrinkOrder!);
  for (const i of shrinkable) {
    const field = fields[i]!;
    const over = total() - LIMITS.total;
    if (over <= 0) break;
    const max = field.value.length - over;
    if (max >= PART_MIN) field.value = parts[i]!.render(max);
    else fields[i] = null;
  }
  if (total() > LIMITS.total) description = describe(description.length - (total() - LIMITS.total));

  const embed: DigestDiscordEmbed = {
    title,
    description,
    color: COLOURS[sentimentWord(d.sentiment)],
    fields: fields.filter((f) => f !== null),
    footer,
    timestamp: new Date(d.period.to).toISOString(),
  };
  const dashboard = d.dashboardUrl && httpUrl(d.dashboardUrl);
  if (dashboard) embed.url = dashboard;
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/** Discord webhooks: an embed posted to the hook's URL, whose last path segment is its token. */
export const discord: Channel = {
  kind: 'discord',
  transport: 'http',
  target: tokenUrlTarget,
  item: (notification, to) => jsonRequest(to.target, buildDiscordMessage(notification)),
  digest: (digest, to) => jsonRequest(to.target, buildDigestDiscordMessage(digest)),
};

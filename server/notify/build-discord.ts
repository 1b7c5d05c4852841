import { escapeDiscord, fit, httpUrl, oneLine } from './escape.ts';
import { discordPage, pageName } from './links.ts';
import type { FeedbackNotification } from './notification.ts';
import { renderRating, ratingSentiment, type Sentiment } from './render-rating.ts';

/** Discord rejects the whole message when an embed goes over any of these. */
const LIMITS = { title: 256, description: 4096, fieldValue: 1024, total: 6000 };

const COLOURS: Record<Sentiment, number> = { negative: 0xe5484d, neutral: 0x8b8d98, positive: 0x30a46c };

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

/** A webhook message with one embed; mentions never ping, whatever the text says. */
export function buildDiscordMessage(n: FeedbackNotification): DiscordMessage {
  const { feedback: f } = n;
  const title = fit(`${n.project.name} — ${renderRating(f.rating)}`, LIMITS.title, escapeDiscord);
  const fields: DiscordField[] = [
    { name: pageName(f.page.verified), value: discordPage(f.page, LIMITS.fieldValue), inline: false },
  ];
  // One line each: a line break in a category could otherwise forge a line of its own.
  if (f.category) fields.push({ name: 'Category', value: fit(oneLine(f.category), LIMITS.fieldValue, escapeDiscord), inline: true });
  if (f.email) fields.push({ name: 'Email', value: fit(oneLine(f.email), LIMITS.fieldValue, escapeDiscord), inline: true });
  const itemUrl = n.itemUrl && httpUrl(n.itemUrl);

  const embed: DiscordEmbed = { title, color: COLOURS[ratingSentiment(f.rating)], fields, timestamp: new Date(f.createdAt).toISOString() };
  if (f.comment) {
    // The comment gets what the 6000-character total leaves after the title and fields.
    const used = title.length + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    embed.description = fit(f.comment, Math.min(LIMITS.description, LIMITS.total - used), escapeDiscord);
  }
  if (itemUrl) embed.url = itemUrl;
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

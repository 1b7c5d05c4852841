import { escapeDiscord, escapeHtml, escapeSlack, fit, httpUrl } from './escape.ts';

/** Links in each destination's markup, made only for http(s) URLs. */

/** A link whose label would be shorter than this is shown as text instead. */
const LABEL_MIN = 20;

/**
 * Slack `<url|label>` in at most `max` characters when the URL is http(s), else the label as text.
 * The URL's `|` is encoded and the label loses `|` and `>`: either would end a part of the link
 * early and let a visitor choose where it points.
 */
export function slackLink(url: string, label: string, max: number): string {
  const href = httpUrl(url);
  const target = href && escapeSlack(href).replace(/\|/g, '%7C');
  const room = target ? max - target.length - 3 : 0;
  if (!target || room < LABEL_MIN) return fit(label, max, escapeSlack);
  return `<${target}|${fit(label.replace(/[|>]/g, ''), room, escapeSlack)}>`;
}

/**
 * Discord `[label](url)` in at most `max` characters when the URL is http(s), else the label as
 * text. Parentheses are encoded in the URL since `)` would end the link early.
 */
export function discordLink(url: string, label: string, max: number): string {
  const href = httpUrl(url)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  const room = href ? max - href.length - 4 : 0;
  if (!href || room < LABEL_MIN) return fit(label, max, escapeDiscord);
  return `[${fit(label, room, escapeDiscord)}](${href})`;
}

/** An escaped HTML link when the URL is http(s), else the escaped text: no `javascript:` href ever. */
export function htmlLink(url: string, label: string, style = 'color:#2563eb'): string {
  const href = httpUrl(url);
  return href ? `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

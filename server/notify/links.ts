import { defang, escapeDiscord, escapeHtml, escapeSlack, fit, httpUrl, oneLine } from './escape.ts';
import { pageLabel } from './digest-format.ts';

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

/**
 * Pages as every destination shows them. A page is verified when it is on one of the project's
 * allowed origins (`isVerifiedPage`); anyone with the public key can send any other URL and title,
 * so such a page is never a link: its address is defanged text, marked unverified. A verified page
 * links with its own address as the label, never the visitor's title: a script can send any title
 * with a real page too, and the reader should see where a link goes. The title follows as quoted text.
 */
export interface PageRef {
  url: string;
  title: string | null;
  verified: boolean;
}

/** How much of a page title a notification shows. */
const TITLE_MAX = 200;

/** What a page's line is called. */
export const pageName = (verified: boolean) => (verified ? 'Page' : 'Unverified page');

/** An unverified page's address as text no client links: `evil[.]example/login`. */
const defangedPage = (url: string) => defang(oneLine(pageLabel(url)));

/** A digest's page as plain text: `shop.example/checkout`, or `evil[.]example/login (unverified)`. */
export const pageText = (url: string, verified: boolean) => (verified ? oneLine(pageLabel(url)) : `${defangedPage(url)} (unverified)`);

/** The title after the address, quoted on one line; defanged too where the page is not verified. */
function quotedTitle({ title, verified }: PageRef, render: (text: string) => string): string {
  if (!title?.trim()) return '';
  const text = verified ? oneLine(title) : defang(oneLine(title));
  return fit(text, TITLE_MAX + 3, (t) => ` “${render(t)}”`);
}

/** A digest's page in Slack: a link when verified, else `evil[.]example/login (unverified)`. */
export const slackPageAddress = (url: string, verified: boolean, max: number) =>
  verified ? slackLink(url, pageText(url, true), max) : fit(pageText(url, false), max, escapeSlack);

/** A digest's page in Discord, as in Slack. */
export const discordPageAddress = (url: string, verified: boolean, max: number) =>
  verified ? discordLink(url, pageText(url, true), max) : fit(pageText(url, false), max, escapeDiscord);

/** A digest's page in an email: the HTML link (or text) and the plain-text line. */
export function emailPageAddress(url: string, verified: boolean, max: number): { text: string; html: string } {
  const href = verified ? httpUrl(url) : null;
  const label = fit(pageText(url, verified), max);
  return href ? { text: `${label} <${href}>`, html: htmlLink(href, label) } : { text: label, html: escapeHtml(label) };
}

/** A notification's page line in Slack mrkdwn, within `max` characters with its name. */
export function slackPage(page: PageRef, max: number): string {
  const name = `${pageName(page.verified)}: `;
  const title = quotedTitle(page, escapeSlack);
  const room = max - name.length - title.length;
  return `${name}${page.verified ? slackLink(page.url, pageText(page.url, true), room) : fit(defangedPage(page.url), room, escapeSlack)}${title}`;
}

/** A notification's page as a Discord field value, within `max` characters. */
export function discordPage(page: PageRef, max: number): string {
  const title = quotedTitle(page, escapeDiscord);
  const room = max - title.length;
  return `${page.verified ? discordLink(page.url, pageText(page.url, true), room) : fit(defangedPage(page.url), room, escapeDiscord)}${title}`;
}

/** A notification's page in an email: the plain-text line (the full URL, which mail clients link) and the HTML cell. */
export function emailPage(page: PageRef): { text: string; html: string } {
  const href = page.verified ? httpUrl(page.url) : null;
  const title = quotedTitle(page, (t) => t);
  if (href) return { text: `${href}${title}`, html: `${htmlLink(href, pageText(href, true))}${escapeHtml(title)}` };
  const text = `${defangedPage(page.url)}${title}`;
  return { text, html: escapeHtml(text) };
}

import { globMatches } from '../../contract/glob.ts';
import { warn } from '../warn.ts';

/**
 * Opening the form by itself: after some seconds, after scrolling so far, on exit intent, only on
 * some pages, for a share of visitors, and not again for some days after a visitor answered or
 * dismissed it. Decisions that must persist live in localStorage; Heed sets no cookies.
 */
export interface TriggerOptions {
  /** Seconds after the page loaded (in a single-page app: after the route changed). */
  openAfter?: number;
  /** Percent of the page scrolled (0–100). */
  openOnScroll?: number;
  /** When the pointer leaves through the top of the window (desktop pointers only). */
  openOnExit?: boolean;
  /** Path globs (`/pricing*`, `/docs/*`); `*` matches anything. Absent: every page. See `routeMatches`. */
  match?: string[];
  /** Percent of visitors who are ever asked (the draw is kept per visitor). */
  sample?: number;
  /** Days not to ask again after a visitor answered or dismissed the form. */
  cooldown?: number;
}

const DAY_MS = 86_400_000;

function number(name: string, value: unknown, max: number): number | undefined {
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (String(value).trim() !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed <= max) return parsed;
  warn(`${name} must be a number from 0 to ${max}; got "${String(value)}". It is ignored.`);
  return undefined;
}

/** Reads raw settings (strings from data- attributes, values from init), warning about bad ones. */
export function parseTriggers(raw: Record<string, unknown>): TriggerOptions {
  const options: TriggerOptions = {};
  if (raw.openAfter !== undefined) options.openAfter = number('openAfter', raw.openAfter, 86_400);
  if (raw.openOnScroll !== undefined) options.openOnScroll = number('openOnScroll', raw.openOnScroll, 100);
  if (raw.openOnExit !== undefined) options.openOnExit = raw.openOnExit !== false && raw.openOnExit !== 'false';
  if (raw.sample !== undefined) options.sample = number('sample', raw.sample, 100);
  if (raw.cooldown !== undefined) options.cooldown = number('cooldown', raw.cooldown, 3650);
  if (raw.match !== undefined) {
    const patterns = Array.isArray(raw.match) ? raw.match.map(String) : String(raw.match).split(',');
    options.match = patterns.map((p) => p.trim()).filter(Boolean);
  }
  for (const key of Object.keys(options) as (keyof TriggerOptions)[]) if (options[key] === undefined) delete options[key];
  return options;
}

/** Whether `path` matches any glob; `*` is any run of characters. */
export function pathMatches(patterns: string[] | undefined, path: string): boolean {
  if (!patterns?.length) return true;
  return patterns.some((pattern) => globMatches(pattern, path));
}

/** A hash that names a route (`#/pricing`, `#!/pricing`) rather than a place on the page (`#faq`). */
const hashRoute = (): string => (/^#!?\//.test(location.hash) ? location.hash : '');

/**
 * The page view the visitor is on: the path, with the hash route of a hash-routed app. Queries
 * are left out: apps rewrite them as the visitor filters or types, which makes no new page.
 */
export const pageView = (): string => location.pathname + hashRoute().split('?')[0];

/**
 * Whether the current URL matches: the globs are tried on the path (`/pricing`), on the path with
 * its hash route (`/app#/pricing`) and on that with the query (`/app?view=pricing`), so an app
 * that routes by hash or by query can be matched too; plain paths match as they always have.
 */
export function routeMatches(patterns: string[] | undefined): boolean {
  const { pathname, search } = location;
  return [pathname, pageView(), pathname + search + hashRoute()].some((route) => pathMatches(patterns, route));
}

const sampleKey = (project: string) => `heed:sample:${project}`;
const cooldownKey = (project: string) => `heed:cooldown:${project}`;

/** Draws once per visitor and keeps the draw, so the same visitor is asked, or not, every time. */
export function inSample(project: string, percent: number | undefined, storage: Storage, random: () => number = Math.random): boolean {
  if (percent === undefined || percent >= 100) return true;
  const kept = storage.getItem(sampleKey(project));
  const draw = kept === null ? random() * 100 : Number(kept);
  if (kept === null) storage.setItem(sampleKey(project), String(draw));
  return draw < percent;
}

export function inCooldown(project: string, storage: Storage, now: number): boolean {
  return Number(storage.getItem(cooldownKey(project)) ?? 0) > now;
}

export function startCooldown(project: string, days: number | undefined, storage: Storage, now: number): void {
  if (days) storage.setItem(cooldownKey(project), String(now + days * DAY_MS));
}

/**
 * Arms the configured triggers if this page and visitor qualify; the first to fire calls `open`
 * once. `since` is when the page view began on the performance.now() clock: 0, the page's start,
 * or a single-page app's route change. Returns a function that disarms them.
 */
export function armTriggers(project: string, options: TriggerOptions, open: () => void, storage: Storage, since = 0): () => void {
  const cleanups: (() => void)[] = [];
  const disarm = () => cleanups.splice(0).forEach((cleanup) => cleanup());
  if (!routeMatches(options.match) || inCooldown(project, storage, Date.now())) return disarm;
  if (!inSample(project, options.sample, storage)) return disarm;
  const fire = () => {
    disarm();
    // Answered or dismissed on this very page since the triggers were armed: stay shut.
    if (!inCooldown(project, storage, Date.now())) open();
  };
  if (options.openAfter !== undefined) {
    // Counted from the page view's start, not from when the triggers were armed (once the page is idle).
    const timer = setTimeout(fire, Math.max(0, options.openAfter * 1000 - (performance.now() - since)));
    cleanups.push(() => clearTimeout(timer));
  }
  if (options.openOnScroll !== undefined) {
    const threshold = options.openOnScroll;
    const onScroll = () => {
      const scrollable = document.documentElement.scrollHeight - innerHeight;
      if (scrollable <= 0 || (scrollY / scrollable) * 100 >= threshold) fire();
    };
    addEventListener('scroll', onScroll, { passive: true });
    cleanups.push(() => removeEventListener('scroll', onScroll));
  }
  if (options.openOnExit && matchMedia('(pointer: fine)').matches) {
    const onLeave = (event: MouseEvent) => {
      if (!event.relatedTarget && event.clientY <= 0) fire();
    };
    document.addEventListener('mouseout', onLeave);
    cleanups.push(() => document.removeEventListener('mouseout', onLeave));
  }
  return disarm;
}

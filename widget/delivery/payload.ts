import {
  LANGUAGE_TAG,
  PAGE_TITLE_MAX_LENGTH,
  PAGE_URL_MAX_LENGTH,
  USER_AGENT_MAX_LENGTH,
  type FeedbackPayload,
  type FollowUp,
  type Rating,
} from '../../contract/submission.ts';

/** What the visitor filled in. */
export interface Answers {
  rating?: Rating | undefined;
  comment?: string | undefined;
  /** The follow-up question the rating called for, and the visitor's answer. */
  followUp?: FollowUp | undefined;
  email?: string | undefined;
  category?: string | undefined;
  /** The hidden field only bots fill. */
  honeypot?: string | undefined;
  /** The form ticket from the project's config, and a Turnstile token where the project asks for one. */
  ticket?: string | undefined;
  turnstileToken?: string | undefined;
}

/** The parts of the browser a payload reads, so tests can pass their own. */
export interface PageEnvironment {
  url: string;
  referrer: string;
  title: string;
  /** Candidate language tags, best first (the page's lang, then the browser's). */
  languages: string[];
  width: number;
  height: number;
  userAgent: string;
}

/** The page's language, then the browser's, best first. */
export const pageLanguages = (): string[] => [document.documentElement.lang, ...(navigator.languages ?? []), navigator.language];

export function readPageEnvironment(): PageEnvironment {
  return {
    url: location.href,
    referrer: document.referrer,
    title: document.title,
    languages: pageLanguages(),
    width: innerWidth,
    height: innerHeight,
    userAgent: navigator.userAgent,
  };
}

/** The first usable BCP 47 tag (`en_US` is common in the wild and becomes `en-US`). */
export function pickLocale(candidates: (string | undefined)[]): string {
  for (const candidate of candidates) {
    const tag = candidate?.trim().replace(/_/g, '-');
    if (tag && LANGUAGE_TAG.test(tag)) return tag;
  }
  return 'en';
}

/**
 * An http(s) URL without its fragment (tokens often live there), or undefined. A hash route
 * (`#/pricing`, `#!/pricing`: single-page apps) is kept up to its own `?`, where such tokens go.
 */
export function cleanUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = /^#!?\//.test(url.hash) ? url.hash.split('?')[0]! : '';
    return url.href.slice(0, PAGE_URL_MAX_LENGTH);
  } catch {
    return undefined;
  }
}

/**
 * The body of POST /v1/feedback. The server validates it; the widget only makes sure what the
 * browser reports (odd lang attributes, app referrers) cannot get a visitor's feedback refused.
 */
export function buildPayload(
  project: string,
  id: string,
  answers: Answers,
  page: PageEnvironment,
  metadata: Record<string, string | number | boolean> = {},
): FeedbackPayload {
  const referrer = cleanUrl(page.referrer);
  // Undefined fields are left out of the JSON; empty answers are sent as none.
  return {
    project,
    id,
    metadata: Object.keys(metadata).length ? metadata : undefined,
    rating: answers.rating,
    comment: answers.comment || undefined,
    followUp: answers.followUp?.answer ? answers.followUp : undefined,
    email: answers.email || undefined,
    category: answers.category || undefined,
    honeypot: answers.honeypot || undefined,
    ticket: answers.ticket,
    turnstileToken: answers.turnstileToken,
    page: {
      url: cleanUrl(page.url) ?? page.url.slice(0, PAGE_URL_MAX_LENGTH),
      ...(referrer ? { referrer } : {}),
      ...(page.title ? { title: page.title.slice(0, PAGE_TITLE_MAX_LENGTH) } : {}),
    },
    context: {
      locale: pickLocale(page.languages),
      viewport: { width: Math.round(page.width), height: Math.round(page.height) },
      userAgent: page.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
    },
  };
}

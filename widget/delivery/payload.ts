import type { FeedbackPayload } from '../../server/schemas/feedback.ts';
import type { RatingKind } from '../../server/schemas/rating.ts';
import { createUuid } from '../uuid.ts';

/** What the visitor filled in. */
export interface Answers {
  rating?: { kind: RatingKind; value: number };
  comment?: string;
  email?: string;
}

/** The parts of the browser a payload reads, so tests can pass their own. */
export interface PageEnvironment {
  url: string;
  referrer: string;
  title: string;
  locale: string;
  width: number;
  height: number;
  userAgent: string;
}

export function readPageEnvironment(): PageEnvironment {
  return {
    url: location.href,
    referrer: document.referrer,
    title: document.title,
    locale: document.documentElement.lang || navigator.language || 'en',
    width: innerWidth,
    height: innerHeight,
    userAgent: navigator.userAgent,
  };
}

/** The body of POST /v1/feedback; the server validates it, the widget only shapes it. */
export function buildPayload(project: string, answers: Answers, page: PageEnvironment, id = createUuid()): FeedbackPayload {
  return {
    project,
    id,
    ...(answers.rating ? { rating: answers.rating } : {}),
    ...(answers.comment ? { comment: answers.comment } : {}),
    ...(answers.email ? { email: answers.email } : {}),
    page: {
      url: page.url.slice(0, 2048),
      ...(page.referrer ? { referrer: page.referrer.slice(0, 2048) } : {}),
      ...(page.title ? { title: page.title.slice(0, 300) } : {}),
    },
    context: {
      locale: page.locale,
      viewport: { width: Math.round(page.width), height: Math.round(page.height) },
      userAgent: page.userAgent.slice(0, 512),
    },
  };
}

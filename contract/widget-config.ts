import type { RatingKind } from './rating-kinds.ts';
import { FOLLOW_UP_QUESTION_MAX_LENGTH } from './submission.ts';

export { FOLLOW_UP_QUESTION_MAX_LENGTH };

/**
 * What the widget reads from `GET /v1/projects/:key/config`, and what a project's widget config
 * holds before its owner changes anything. The server's WidgetConfigSchema (server/schemas/project.ts)
 * takes its defaults and limits from here, and a type test holds it to `WidgetConfig`; the widget
 * opens with `DEFAULT_WIDGET_CONFIG` when the config cannot be read in time. The widget imports
 * single constants from here: keep every export a plain constant or a small pure function (no zod).
 */

export const THEME_MODES = ['light', 'dark', 'auto'] as const;
/** `auto` follows the visitor's system. */
export type ThemeMode = (typeof THEME_MODES)[number];

export const EMAIL_FIELDS = ['optional', 'required', 'off'] as const;
/** Whether the form asks for an email address; `off` shows no field. */
export type EmailField = (typeof EMAIL_FIELDS)[number];

/** Each text the owner may set in place of the widget's own (translated) one, and its length limit. */
export const WIDGET_TEXT_MAX_LENGTH = { title: 120, commentLabel: 120, submit: 40, thanks: 200 } as const;
/** Topics the visitor picks one of; each is as long as a submission's `category` may be (contract/submission.ts). */
export const MAX_CATEGORIES = 8;

export interface WidgetConfig {
  ratingKind: RatingKind;
  texts: { [Text in keyof typeof WIDGET_TEXT_MAX_LENGTH]?: string };
  /** `accent` is a `#rrggbb` colour. */
  theme: { accent?: string; mode: ThemeMode };
  /** None means no picker. */
  categories: string[];
  email: EmailField;
  /** One more question, asked as its own step after a low (≤ atMost) or a high (≥ atLeast) rating. */
  followUp: {
    low?: { atMost: number; question: string };
    high?: { atLeast: number; question: string };
  };
}

/** The follow-up question a rating calls for (the low band first), if any. */
export function followUpQuestion(followUp: WidgetConfig['followUp'], rating: number | null): string | undefined {
  const { low, high } = followUp;
  if (rating === null) return undefined;
  return low && rating <= low.atMost ? low.question : high && rating >= high.atLeast ? high.question : undefined;
}

/** A project's widget config until its owner sets one, and the widget's until it has read it. */
export const DEFAULT_WIDGET_CONFIG: WidgetConfig = {
  ratingKind: 'stars',
  texts: {},
  theme: { mode: 'auto' },
  categories: [],
  email: 'optional',
  followUp: {},
};

/** The widget config as served: a custom accent comes with the text colour that reads on it (`#111827` or `#ffffff`). */
export interface ServedWidgetConfig extends WidgetConfig {
  theme: WidgetConfig['theme'] & { onAccent?: string };
}

/** `GET /v1/projects/:key/config`'s answer. */
export interface WidgetConfigResponse extends ServedWidgetConfig {
  project: string;
  /** The form ticket a submission carries, and how long after it was issued one may be sent; for projects with a minimum time. */
  ticket?: string;
  minSeconds?: number;
  /** For projects that ask for Cloudflare Turnstile. */
  turnstileSiteKey?: string;
}

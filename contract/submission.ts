import type { RatingKind } from './rating-kinds.ts';

/**
 * A feedback submission (`POST /v1/feedback`): its shape and the rules its fields follow. The server
 * builds its zod schema from these (server/schemas/feedback.ts, held to `FeedbackPayload` by a
 * type test); the widget trims what the browser reports to them, so a visitor's feedback is never
 * refused for a page's odd title or a script's metadata. The widget imports single constants from
 * here: keep every export a plain constant or a small pure function (no zod).
 *
 * Lengths count UTF-16 code units, as `String.length` and zod do, after the server's cleaning of
 * people's text (control characters removed, trimmed).
 */

/** A project's public key. */
export const PROJECT_KEY = /^[A-Za-z0-9_-]{1,64}$/;
export const COMMENT_MAX_LENGTH = 4000;
/** The topic the visitor picked: one of the widget config's categories, which share this limit. */
export const CATEGORY_MAX_LENGTH = 40;
export const EMAIL_MAX_LENGTH = 254;
/** The follow-up question as the visitor saw it (the project's, from its widget config), and its answer. */
export const FOLLOW_UP_QUESTION_MAX_LENGTH = 200;
export const FOLLOW_UP_ANSWER_MAX_LENGTH = 2000;
/** `page.url` and `page.referrer`: absolute http(s) URLs. */
export const PAGE_URL_MAX_LENGTH = 2048;
export const PAGE_TITLE_MAX_LENGTH = 300;
export const USER_AGENT_MAX_LENGTH = 512;
/** The largest viewport width or height, in whole CSS pixels. */
export const VIEWPORT_MAX = 100_000;
/** `context.locale`: a BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;

export const METADATA_MAX_KEYS = 30;
export const METADATA_KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A metadata value's length, when it is a string (numbers and booleans have none). */
export const METADATA_VALUE_MAX_LENGTH = 500;

/** The fields only spam checks read (none is stored). */
export const TICKET_MAX_LENGTH = 100;
export const HONEYPOT_MAX_LENGTH = 2000;
export const TURNSTILE_TOKEN_MAX_LENGTH = 4096;

/** Whether the server takes this metadata entry (it refuses the whole submission otherwise); the count is the caller's. */
export function isAcceptableMetadata(key: string, value: unknown): value is MetadataValue {
  const fits =
    typeof value === 'string' ? value.length <= METADATA_VALUE_MAX_LENGTH : typeof value === 'number' || typeof value === 'boolean';
  return fits && METADATA_KEY.test(key);
}

export type MetadataValue = string | number | boolean;

export interface FollowUp {
  question: string;
  answer: string;
}

export interface Rating {
  kind: RatingKind;
  /** A whole number in the kind's range (contract/rating-kinds.ts). */
  value: number;
}

/** What a client sends; a rating, a comment, or both. Empty strings count as absent. Unknown fields are ignored. */
export interface FeedbackPayload {
  /** A project's public key (`PROJECT_KEY`). */
  project: string;
  /** A UUID the client makes (the widget: v7): the submission's idempotency key, compared in any case. */
  id: string;
  rating?: Rating | undefined;
  comment?: string | undefined;
  /**
   * The question the form asked after the rating (by its score band) and the visitor's answer. An
   * empty answer counts as absent; a follow-up does not stand in for the rating or the comment.
   */
  followUp?: FollowUp | undefined;
  category?: string | undefined;
  email?: string | undefined;
  page: { url: string; referrer?: string | undefined; title?: string | undefined };
  context: { locale: string; viewport: { width: number; height: number }; userAgent?: string | undefined };
  metadata?: Record<string, MetadataValue> | undefined;
  /** The form ticket from the project's config response (see its `minSeconds`). */
  ticket?: string | undefined;
  /** The widget's hidden field: people leave it empty, form-filling bots do not. */
  honeypot?: string | undefined;
  /** Cloudflare Turnstile's token, for projects that ask for it. */
  turnstileToken?: string | undefined;
}

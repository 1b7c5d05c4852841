import type { RatingKind } from '../../contract/rating-kinds.ts';
import type { FollowUp } from '../../contract/submission.ts';

/** One rating kind's figures for the period, with the previous period's for comparison. */
export interface DigestRating {
  kind: RatingKind;
  count: number;
  average: number;
  previousAverage: number | null;
  /** Count per value, every value of the kind's scale listed. */
  distribution: Record<string, number>;
  /** NPS (promoters − detractors, in points) and CSAT (share of 4–5, in percent), where the kind has one. */
  score: { name: 'NPS' | 'CSAT'; value: number; previous: number | null } | null;
}

export interface DigestPage {
  page: string;
  /** On one of the project's allowed origins (`isVerifiedPage`): only then is it linked. */
  verified: boolean;
  count: number;
  /** Average rating scaled 0–1 across kinds. */
  averageScore: number;
}

/** An item with words from the visitor: a comment, a follow-up answer, or both. */
export interface DigestComment {
  id: string;
  rating: { kind: RatingKind; value: number } | null;
  comment: string | null;
  /** The question the form asked after the rating, and the visitor's answer. */
  followUp: FollowUp | null;
  page: string;
  /** Whether `page` is on one of the project's allowed origins. */
  pageVerified: boolean;
  createdAt: number;
}

export interface DigestTheme {
  phrase: string;
  /** Items mentioning it (in the comment or the follow-up answer). */
  count: number;
  /** −1 (negative) … 1 (positive), averaged over those items. */
  sentiment: number;
}

/** Everything a digest says about one period, as every destination kind renders it. */
export interface Digest {
  /** Stable per message, across retries. */
  eventId: string;
  type: 'digest';
  project: { key: string; name: string };
  period: { from: number; to: number; frequency: 'daily' | 'weekly'; timeZone: string };
  count: number;
  previousCount: number;
  withComment: number;
  ratings: DigestRating[];
  pages: { best: DigestPage[]; worst: DigestPage[] };
  /** The lowest-rated items with a comment or a follow-up answer, lowest first (up to 5). */
  lowest: DigestComment[];
  themes: DigestTheme[];
  /** Mean sentiment of the period's comments and follow-up answers, −1 … 1, or null without any. */
  sentiment: number | null;
  /**
   * A short written summary by the operator's language model, when one is configured and answered in
   * time: untrusted text (comments can steer the model), one plain paragraph after `sanitiseModelText`.
   */
  summary: string | null;
  /** The project's insights in the dashboard, when the server knows its public URL. */
  dashboardUrl: string | null;
}

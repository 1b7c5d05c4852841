import type { Generated } from 'kysely';

/** Row types of the SQL schema in ../migrations, as Kysely sees them. */
export interface Database {
  projects: ProjectsTable;
  feedback: FeedbackTable;
  admin_tokens: AdminTokensTable;
  project_keys: ProjectKeysTable;
  feedback_daily: FeedbackDailyTable;
  feedback_daily_pages: FeedbackDailyPagesTable;
  server_keys: ServerKeysTable;
  destinations: DestinationsTable;
  outbox: OutboxTable;
  digests: DigestsTable;
  request_counts: RequestCountsTable;
}

/** Migration 0009: rate-limit windows shared by every instance on the database. */
export interface RequestCountsTable {
  key: string;
  window_start: number;
  count: number;
}

/** Migration 0007. */
export interface DestinationsTable {
  id: string;
  project_id: string;
  kind: string;
  name: string;
  target: string;
  secret: string | null;
  events: string;
  filter: string;
  enabled: number;
  disabled_reason: string | null;
  created_at: number;
}

export interface OutboxTable {
  id: string;
  destination_id: string;
  project_id: string;
  event: string;
  feedback_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  period_from: number | null;
  period_to: number | null;
}

/** Migration 0008: the digest periods recorded (a trigger queues their messages). */
export interface DigestsTable {
  project_id: string;
  period_from: number;
  period_to: number;
  created_at: number;
}

/** Rollups kept by triggers (migration 0004); the app only reads them. */
export interface FeedbackDailyTable {
  project_id: string;
  day: number;
  rating_kind: string;
  rating_value: number;
  count: number;
  with_comment: number;
}

export interface FeedbackDailyPagesTable {
  project_id: string;
  day: number;
  page: string;
  count: number;
  rated: number;
  score_sum: number;
}

export interface ProjectKeysTable {
  key: string;
  project_id: string;
  valid_until: number;
}

export interface ProjectsTable {
  id: string;
  key: string;
  name: string;
  allowed_origins: string;
  widget_config: string;
  enabled: number;
  created_at: number;
  retention_days: number | null;
  min_submit_seconds: number;
  turnstile: number;
  digest: string;
}

/** Signing keys made by migration 0006. */
export interface ServerKeysTable {
  name: string;
  secret: Uint8Array;
}

export interface FeedbackTable {
  project_id: string;
  id: string;
  created_at: number;
  rating_kind: string | null;
  rating_value: number | null;
  comment: string | null;
  category: string | null;
  email: string | null;
  page_url: string;
  page_referrer: string | null;
  page_title: string | null;
  locale: string;
  viewport_width: number;
  viewport_height: number;
  user_agent: string | null;
  metadata: string | null;
  /** Migration 0010: both set or both null. */
  follow_up_question: string | null;
  follow_up_answer: string | null;
  /** Defaulted by the database on insert ('new', no tags). */
  status: Generated<string>;
  tags: string | null;
}

/** Every feedback column, in one fixed order (for hand-built parameter lists). */
export const FEEDBACK_COLUMNS = [
  'project_id',
  'id',
  'created_at',
  'rating_kind',
  'rating_value',
  'comment',
  'category',
  'email',
  'page_url',
  'page_referrer',
  'page_title',
  'locale',
  'viewport_width',
  'viewport_height',
  'user_agent',
  'metadata',
  'follow_up_question',
  'follow_up_answer',
] as const satisfies readonly (keyof FeedbackTable)[];

/** A row as the ingest path writes it: the site owner's triage fields start at their defaults. */
export type NewFeedbackRow = Pick<FeedbackTable, (typeof FEEDBACK_COLUMNS)[number]>;

export interface AdminTokensTable {
  id: string;
  secret_hash: string;
  scope: string;
  label: string | null;
  created_at: number;
  revoked_at: number | null;
}

import type { RatingKind } from '../../contract/rating-kinds.ts';
import type { FollowUp } from '../../contract/submission.ts';
import type { FeedbackStatus } from '../schemas/feedback-item.ts';
import type { AntiSpam, DigestSchedule, WidgetConfig } from '../schemas/project.ts';
import type { ForwardingStore } from './forwarding.ts';

export interface Project {
  id: string;
  key: string;
  name: string;
  allowedOrigins: string[];
  widgetConfig: WidgetConfig;
  enabled: boolean;
  /** Days feedback is kept; null keeps it until deleted. */
  retentionDays: number | null;
  antiSpam: AntiSpam;
  digest: DigestSchedule;
  createdAt: number;
}

export type NewProject = Omit<Project, 'createdAt' | 'retentionDays' | 'antiSpam' | 'digest'> & {
  retentionDays?: number | null;
  antiSpam?: AntiSpam;
  digest?: DigestSchedule;
};

/** What an admin may change on a project; absent fields stay as they are. */
export type ProjectChanges = Partial<
  Pick<Project, 'name' | 'allowedOrigins' | 'widgetConfig' | 'enabled' | 'retentionDays' | 'antiSpam' | 'digest'>
>;

/** One piece of feedback as the ingest path stores it (timestamps in epoch ms). */
export interface NewFeedback {
  id: string;
  projectId: string;
  createdAt: number;
  rating: { kind: RatingKind; value: number } | null;
  comment: string | null;
  /** The follow-up question asked after the rating, and the visitor's answer (searched with the comment). */
  followUp: FollowUp | null;
  category: string | null;
  email: string | null;
  page: { url: string; referrer: string | null; title: string | null };
  context: { locale: string; viewport: { width: number; height: number }; userAgent: string | null };
  metadata: Record<string, string | number | boolean> | null;
}

/** A stored piece of feedback with the site owner's triage: new ones are `new`, untagged. */
export interface FeedbackRecord extends NewFeedback {
  status: FeedbackStatus;
  tags: string[];
}

export type FeedbackChanges = Partial<Pick<FeedbackRecord, 'status' | 'tags'>>;

/**
 * Narrows a listing; every field is optional and they combine with AND.
 */
export interface FeedbackFilter {
  from?: number;
  /** Exclusive. */
  to?: number;
  ratingKind?: RatingKind;
  ratingMin?: number;
  ratingMax?: number;
  category?: string;
  /** Compared without regard to case. */
  email?: string;
  /** A glob over the page URL, as contract/glob.ts defines it. */
  page?: string;
  hasComment?: boolean;
  hasEmail?: boolean;
  status?: FeedbackStatus;
  tag?: string;
  /**
   * Words that must all appear (each as a prefix), any case and accents, in the comment and the
   * follow-up answer read as one text: one word may be in each.
   */
  search?: string;
}

export interface ListFeedbackOptions {
  limit: number;
  /** Continue after this item (in the listing's order). */
  after?: FeedbackPosition;
  /** Newest first unless `oldest`. */
  order?: 'newest' | 'oldest';
  filter?: FeedbackFilter;
}
/** Where a page of feedback ends; the next page starts strictly after it (newest first). */
export interface FeedbackPosition {
  createdAt: number;
  id: string;
}

export interface FeedbackPage {
  items: FeedbackRecord[];
  /** Position of the last item when more may follow, else null. */
  next: FeedbackPosition | null;
}

/** One day's count of one rating (kind and value null: feedback without a rating), from the rollups. */
export interface DailyRatingCount {
  /** UTC days since the epoch. */
  day: number;
  ratingKind: RatingKind | null;
  ratingValue: number | null;
  count: number;
  withComment: number;
}

/** One page's feedback over a period; `averageScore` is its mean rating scaled to 0–1 (null: none rated). */
export interface PageStats {
  page: string;
  count: number;
  rated: number;
  averageScore: number | null;
}

export interface PageRanking {
  mostFeedback: PageStats[];
  /** Highest average among pages with at least `minRated` ratings; `worst` the lowest. */
  best: PageStats[];
  worst: PageStats[];
}

export type TokenScope = 'read' | 'write' | 'admin';

export interface AdminToken {
  id: string;
  secretHash: string;
  scope: TokenScope;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/** Projects: their settings, keys and key rotation. */
export interface ProjectStore {
  createProject(project: NewProject, now: number): Promise<Project>;
  /**
   * The project with this key: its current one, or one it had before a rotation while that key's
   * grace period lasts at `now` (default: the current time).
   */
  getProjectByKey(key: string, now?: number): Promise<Project | null>;
  listProjects(): Promise<Project[]>;
  /** By its internal id (what feedback and messages refer to). */
  getProject(id: string): Promise<Project | null>;
  /** Applies the changes; null if no project has this (current) key. */
  updateProject(key: string, changes: ProjectChanges): Promise<Project | null>;
  /** Gives the project `newKey`; the old key keeps working until `oldKeyValidUntil`. Null if no project has `key`. */
  rotateProjectKey(key: string, newKey: string, oldKeyValidUntil: number): Promise<Project | null>;
}

/** Feedback items: ingest, listing, triage, deletion and the search index (comments and follow-up answers). */
export interface FeedbackStore {
  /** Stores feedback once per (project, id); `inserted` is false for a replay. Resolves only once durable. */
  insertFeedback(record: NewFeedback): Promise<{ inserted: boolean }>;
  listFeedback(projectId: string, options: ListFeedbackOptions): Promise<FeedbackPage>;
  getFeedback(projectId: string, id: string): Promise<FeedbackRecord | null>;
  /** Applies the triage changes; null if there is no such item. */
  updateFeedback(projectId: string, id: string, changes: FeedbackChanges): Promise<FeedbackRecord | null>;
  /** Deletes one item (its rollups follow); false if there was none. */
  deleteFeedback(projectId: string, id: string): Promise<boolean>;
  /** Deletes every item of the project matching `filter` (a privacy request by email, retention by age); returns how many. */
  deleteFeedbackWhere(projectId: string, filter: Omit<FeedbackFilter, 'page'>): Promise<number>;
  /**
   * Brings the search index up to date with up to `limit` more items (their comment and follow-up
   * answer); returns how many it indexed. Searches catch up by themselves; a periodic call keeps that catch-up short.
   */
  indexComments(limit: number): Promise<number>;
}

/** Figures over a period, from the rollups the store keeps exact on every insert and delete. */
export interface StatsStore {
  /** The daily rollups of [fromDay, toDay) (UTC days since the epoch). */
  dailyRatingCounts(projectId: string, fromDay: number, toDay: number): Promise<DailyRatingCount[]>;
  pageRanking(projectId: string, fromDay: number, toDay: number, options: { limit: number; minRated: number }): Promise<PageRanking>;
}

/** Request counts per window, shared by every instance on the database (rate limits). */
export interface RequestCountStore {
  /**
   * Counts one request against `key` in the window that starts at `windowStart` (a new window
   * starts the count again); answers the count so far.
   */
  countRequest(key: string, windowStart: number): Promise<number>;
  /** Forgets the counts of windows that started before `before`. */
  forgetRequestCounts(before: number): Promise<void>;
}

/** Admin tokens, stored as hashes. */
export interface TokenStore {
  createAdminToken(token: AdminToken): Promise<void>;
  getAdminToken(id: string): Promise<AdminToken | null>;
  /** Every token, revoked ones included, oldest first. */
  listAdminTokens(): Promise<AdminToken[]>;
  countAdminTokens(): Promise<number>;
  revokeAdminToken(id: string, now: number): Promise<boolean>;
}

/** The server's own secrets, apart from the tokens: the admin routes check tokens and never need these. */
export interface ServerKeyStore {
  /** A signing key made once for the database (`form_ticket`); every instance on it gets the same bytes. */
  serverKey(name: 'form_ticket'): Promise<Uint8Array>;
}

/** The outbox as an operator watches it. */
export interface OutboxFigures {
  /** Pending messages due by now: what delivery is behind on (messages waiting for a later retry are not counted). */
  backlog: number;
  /** Messages that will not be tried again unless an admin replays them. */
  dead: number;
}

/** What an operator's probes and metrics read (GET /readyz, GET /metrics): cheap queries on indexed columns. */
export interface OperationsStore {
  /**
   * The migrations the database records as applied (file names such as `0001_initial.sql`), sorted;
   * rejects when the database cannot be reached, which is how readiness sees a database gone.
   */
  appliedMigrations(): Promise<string[]>;
  outboxFigures(now: number): Promise<OutboxFigures>;
  /** The database's size in bytes (its main file on SQLite), or null where the backend cannot tell. */
  databaseBytes(): Promise<number | null>;
}

/**
 * Everything the app needs from a database, one interface per aggregate; each consumer takes only
 * the ones it uses. Each backend (SQLite, D1, Postgres) passes the same contract suite.
 */
export interface Store
  extends ProjectStore, FeedbackStore, StatsStore, RequestCountStore, TokenStore, ServerKeyStore, ForwardingStore, OperationsStore {
  close(): Promise<void>;
}

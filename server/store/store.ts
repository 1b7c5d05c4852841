import type { RatingKind } from '../schemas/rating.ts';
import type { WidgetConfig } from '../schemas/project.ts';

export interface Project {
  id: string;
  key: string;
  name: string;
  allowedOrigins: string[];
  widgetConfig: WidgetConfig;
  enabled: boolean;
  createdAt: number;
}

export type NewProject = Omit<Project, 'createdAt'>;

/** One stored piece of feedback, as the admin API returns it (timestamps in epoch ms). */
export interface FeedbackRecord {
  id: string;
  projectId: string;
  createdAt: number;
  rating: { kind: RatingKind; value: number } | null;
  comment: string | null;
  category: string | null;
  email: string | null;
  page: { url: string; referrer: string | null; title: string | null };
  context: { locale: string; viewport: { width: number; height: number }; userAgent: string | null };
  metadata: Record<string, string | number | boolean> | null;
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

export type TokenScope = 'read' | 'write' | 'admin';

export interface AdminToken {
  id: string;
  secretHash: string;
  scope: TokenScope;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Everything the app needs from a database. Routes see only this; each backend
 * (SQLite now, D1 and Postgres later) passes the same contract suite.
 */
export interface Store {
  createProject(project: NewProject, now: number): Promise<Project>;
  getProjectByKey(key: string): Promise<Project | null>;
  listProjects(): Promise<Project[]>;
  /** False if no project has this key. */
  setProjectEnabled(key: string, enabled: boolean): Promise<boolean>;
  /** Replaces what the project's widget shows; false if no project has this key. */
  setWidgetConfig(key: string, config: WidgetConfig): Promise<boolean>;

  /** Stores feedback once per (project, id); `inserted` is false for a replay. Resolves only once durable. */
  insertFeedback(record: FeedbackRecord): Promise<{ inserted: boolean }>;
  listFeedback(projectId: string, options: { limit: number; after?: FeedbackPosition }): Promise<FeedbackPage>;

  createAdminToken(token: AdminToken): Promise<void>;
  getAdminToken(id: string): Promise<AdminToken | null>;
  countAdminTokens(): Promise<number>;
  revokeAdminToken(id: string, now: number): Promise<boolean>;

  close(): Promise<void>;
}

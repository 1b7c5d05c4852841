-- Portable across SQLite, D1 and Postgres: text ids made by the app, epoch-ms integer
-- timestamps, 0/1 integers for booleans, JSON kept as text.
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,
  widget_config TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE feedback (
  project_id TEXT NOT NULL REFERENCES projects (id),
  id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  rating_kind TEXT,
  rating_value INTEGER,
  comment TEXT,
  email TEXT,
  page_url TEXT NOT NULL,
  page_referrer TEXT,
  page_title TEXT,
  locale TEXT NOT NULL,
  viewport_width INTEGER NOT NULL,
  viewport_height INTEGER NOT NULL,
  user_agent TEXT,
  metadata TEXT,
  PRIMARY KEY (project_id, id)
);

-- Newest-first listing and its cursor walk (project, created_at, id).
CREATE INDEX feedback_by_project_time ON feedback (project_id, created_at, id);

CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  scope TEXT NOT NULL,
  label TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

-- Spam checks per project. Projects from earlier releases keep accepting what they accepted
-- (no minimum time); new projects get the app's default.
ALTER TABLE projects ADD COLUMN min_submit_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN turnstile INTEGER NOT NULL DEFAULT 0;

-- Keys the server signs with, made once per database so every instance on it shares them.
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  secret BLOB NOT NULL
);
INSERT INTO server_keys (name, secret) VALUES ('form_ticket', randomblob(32));

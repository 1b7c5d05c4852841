-- Rate limits shared by every instance on the database (several Node boxes on Postgres, Workers
-- isolates on D1): one row per key, counting the requests of its current one-minute window.
CREATE TABLE request_counts (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX request_counts_by_window ON request_counts (window_start);

-- Full-text search over comments (FTS5, word and prefix matching, accents ignored).
--
-- Indexing is deferred: an insert only queues its comment in comment_search_pending (one small
-- B-tree insert), and the index catches up in batches, before every search and every few seconds,
-- because indexing each commit's few rows as they arrive cost 40% of ingest throughput
-- (docs/benchmarks.md).
CREATE TABLE comment_search_pending (
  project_id TEXT NOT NULL,
  feedback_id TEXT NOT NULL,
  PRIMARY KEY (project_id, feedback_id)
) WITHOUT ROWID;

-- The feedback table has no INTEGER PRIMARY KEY, so VACUUM may renumber its rowids; `seq` gives
-- each indexed comment a stable key in the index instead.
CREATE TABLE comment_search_ids (
  seq INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL,
  feedback_id TEXT NOT NULL,
  UNIQUE (project_id, feedback_id)
);

-- A regular (not contentless) table with secure-delete: deleting an item removes its words from
-- the index pages at once, so an erased comment leaves no trace here (contentless tables only
-- mark deletions and keep the words until a merge).
CREATE VIRTUAL TABLE comment_search USING fts5 (comment, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO comment_search (comment_search, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER comment_search_queue AFTER INSERT ON feedback WHEN new.comment IS NOT NULL BEGIN
  INSERT INTO comment_search_pending (project_id, feedback_id) VALUES (new.project_id, new.id);
END;

CREATE TRIGGER comment_search_forget AFTER DELETE ON feedback WHEN old.comment IS NOT NULL BEGIN
  DELETE FROM comment_search_pending WHERE project_id = old.project_id AND feedback_id = old.id;
  DELETE FROM comment_search
    WHERE rowid = (SELECT seq FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id);
  DELETE FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id;
END;

-- Comments stored before this release: queued like new ones.
INSERT INTO comment_search_pending (project_id, feedback_id) SELECT project_id, id FROM feedback WHERE comment IS NOT NULL;

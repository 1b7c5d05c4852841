-- Full-text search over comments (FTS5, word and prefix matching, accents ignored).
--
-- Indexing is deferred: an insert only records its comment in comment_search_ids, and the index
-- catches up in batches (before every search, and every few seconds), because indexing each
-- commit's few rows as they arrive cost 40% of ingest throughput (docs/benchmarks.md).
--
-- The feedback table has no INTEGER PRIMARY KEY, so VACUUM may renumber its rowids; `seq` gives
-- each commented item a stable key for the index instead. AUTOINCREMENT never reuses one, so a
-- seq above indexed_up_to is always a comment still to index.
CREATE TABLE comment_search_ids (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL,
  feedback_id TEXT NOT NULL,
  UNIQUE (project_id, feedback_id)
);

-- A regular (not contentless) table with secure-delete: deleting an item removes its words from
-- the index pages at once, so an erased comment leaves no trace here (contentless tables only
-- mark deletions and keep the words until a merge).
CREATE VIRTUAL TABLE comment_search USING fts5 (comment, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO comment_search (comment_search, rank) VALUES ('secure-delete', 1);

CREATE TABLE comment_search_progress (indexed_up_to INTEGER NOT NULL);
INSERT INTO comment_search_progress (indexed_up_to) VALUES (0);

CREATE TRIGGER comment_search_insert AFTER INSERT ON feedback WHEN new.comment IS NOT NULL BEGIN
  INSERT INTO comment_search_ids (project_id, feedback_id) VALUES (new.project_id, new.id);
END;

-- Deleting a row the index has not reached yet deletes nothing there, which is right.
CREATE TRIGGER comment_search_delete AFTER DELETE ON feedback WHEN old.comment IS NOT NULL BEGIN
  DELETE FROM comment_search
    WHERE rowid = (SELECT seq FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id);
  DELETE FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id;
END;

-- Comments stored before this release: queued like new ones.
INSERT INTO comment_search_ids (project_id, feedback_id) SELECT project_id, id FROM feedback WHERE comment IS NOT NULL;

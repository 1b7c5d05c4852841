-- Full-text search over comments (FTS5, word and prefix matching, accents ignored).
-- The feedback table has no INTEGER PRIMARY KEY, so VACUUM may renumber its rowids; this table
-- gives each commented item a stable integer key for the index instead.
CREATE TABLE comment_search_ids (
  rowid INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL,
  feedback_id TEXT NOT NULL,
  UNIQUE (project_id, feedback_id)
);

-- A regular (not contentless) table with secure-delete: deleting an item removes its words from
-- the index pages at once, so an erased comment leaves no trace here (contentless tables only
-- mark deletions and keep the words until a merge).
CREATE VIRTUAL TABLE comment_search USING fts5 (comment, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO comment_search (comment_search, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER comment_search_insert AFTER INSERT ON feedback WHEN new.comment IS NOT NULL BEGIN
  INSERT INTO comment_search_ids (project_id, feedback_id) VALUES (new.project_id, new.id);
  INSERT INTO comment_search (rowid, comment)
    SELECT rowid, new.comment FROM comment_search_ids WHERE project_id = new.project_id AND feedback_id = new.id;
END;

CREATE TRIGGER comment_search_delete AFTER DELETE ON feedback WHEN old.comment IS NOT NULL BEGIN
  DELETE FROM comment_search
    WHERE rowid = (SELECT rowid FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id);
  DELETE FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id;
END;

-- Comments stored before this release.
INSERT INTO comment_search_ids (project_id, feedback_id) SELECT project_id, id FROM feedback WHERE comment IS NOT NULL;
INSERT INTO comment_search (rowid, comment)
  SELECT s.rowid, f.comment FROM comment_search_ids s JOIN feedback f ON f.project_id = s.project_id AND f.id = s.feedback_id;

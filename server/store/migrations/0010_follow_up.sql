-- The follow-up question the form asked after the rating (by its score band) and the visitor's
-- answer: both set or both null.
ALTER TABLE feedback ADD COLUMN follow_up_question TEXT;
ALTER TABLE feedback ADD COLUMN follow_up_answer TEXT;

-- The search finds words in the answer too, with the comment as one text (a search's words may be
-- spread over both). The index's one column (still named `comment`) now holds the comment and the
-- answer on separate lines (fts5-search.ts writes it). No row has an answer yet, so every index row
-- is already what the new indexer would write: nothing is rebuilt, and the upgrade does not hold
-- the write lock while a large database is indexed again. Only the triggers change: an item with an
-- answer but no comment is queued, and forgotten when deleted.
DROP TRIGGER comment_search_queue;
DROP TRIGGER comment_search_forget;

CREATE TRIGGER comment_search_queue AFTER INSERT ON feedback
WHEN new.comment IS NOT NULL OR new.follow_up_answer IS NOT NULL BEGIN
  INSERT INTO comment_search_pending (project_id, feedback_id) VALUES (new.project_id, new.id);
END;

CREATE TRIGGER comment_search_forget AFTER DELETE ON feedback
WHEN old.comment IS NOT NULL OR old.follow_up_answer IS NOT NULL BEGIN
  DELETE FROM comment_search_pending WHERE project_id = old.project_id AND feedback_id = old.id;
  DELETE FROM comment_search
    WHERE rowid = (SELECT seq FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id);
  DELETE FROM comment_search_ids WHERE project_id = old.project_id AND feedback_id = old.id;
END;

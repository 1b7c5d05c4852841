-- Daily rollups (UTC days since the epoch) that keep stats fast on any amount of feedback: a
-- period's figures read a few rows per day instead of every item. Triggers keep them exact on
-- insert and delete, in the same transaction as the item itself.

-- A rating scaled to 0–1 (each kind from its lowest to its highest value), to compare pages
-- whatever their kind; and the page without its query string, to group visits of one page.
ALTER TABLE feedback ADD COLUMN rating_score REAL GENERATED ALWAYS AS (
  CASE rating_kind
    WHEN 'stars' THEN (rating_value - 1) / 4.0
    WHEN 'emoji' THEN (rating_value - 1) / 4.0
    WHEN 'csat' THEN (rating_value - 1) / 4.0
    WHEN 'nps' THEN rating_value / 10.0
    WHEN 'thumbs' THEN rating_value * 1.0
  END
) VIRTUAL;
ALTER TABLE feedback ADD COLUMN page_path TEXT GENERATED ALWAYS AS (
  CASE WHEN instr(page_url, '?') > 0 THEN substr(page_url, 1, instr(page_url, '?') - 1) ELSE page_url END
) VIRTUAL;

-- Per day and rating (kind '' and value -1 when there is none): how many, how many with a comment.
CREATE TABLE feedback_daily (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  rating_kind TEXT NOT NULL,
  rating_value INTEGER NOT NULL,
  count INTEGER NOT NULL,
  with_comment INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, rating_kind, rating_value)
);

-- Per day and page: how many, how many rated, and the sum of their scaled ratings, to rank pages.
CREATE TABLE feedback_daily_pages (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  count INTEGER NOT NULL,
  rated INTEGER NOT NULL,
  score_sum REAL NOT NULL,
  PRIMARY KEY (project_id, day, page)
);

CREATE TRIGGER feedback_rollup_insert AFTER INSERT ON feedback
BEGIN
  INSERT INTO feedback_daily (project_id, day, rating_kind, rating_value, count, with_comment)
  VALUES (new.project_id, new.created_at / 86400000, coalesce(new.rating_kind, ''), coalesce(new.rating_value, -1), 1, new.comment IS NOT NULL)
  ON CONFLICT (project_id, day, rating_kind, rating_value)
  DO UPDATE SET count = count + 1, with_comment = with_comment + excluded.with_comment;

  INSERT INTO feedback_daily_pages (project_id, day, page, count, rated, score_sum)
  VALUES (new.project_id, new.created_at / 86400000, new.page_path, 1, new.rating_score IS NOT NULL, coalesce(new.rating_score, 0))
  ON CONFLICT (project_id, day, page)
  DO UPDATE SET count = count + 1, rated = rated + excluded.rated, score_sum = score_sum + excluded.score_sum;
END;

-- A deleted item (privacy request, retention) leaves no trace in the rollups either.
CREATE TRIGGER feedback_rollup_delete AFTER DELETE ON feedback
BEGIN
  UPDATE feedback_daily SET count = count - 1, with_comment = with_comment - (old.comment IS NOT NULL)
  WHERE project_id = old.project_id AND day = old.created_at / 86400000
    AND rating_kind = coalesce(old.rating_kind, '') AND rating_value = coalesce(old.rating_value, -1);
  UPDATE feedback_daily_pages
  SET count = count - 1, rated = rated - (old.rating_score IS NOT NULL), score_sum = score_sum - coalesce(old.rating_score, 0)
  WHERE project_id = old.project_id AND day = old.created_at / 86400000 AND page = old.page_path;
  DELETE FROM feedback_daily WHERE project_id = old.project_id AND day = old.created_at / 86400000 AND count = 0;
  DELETE FROM feedback_daily_pages WHERE project_id = old.project_id AND day = old.created_at / 86400000 AND count = 0;
END;

-- Feedback stored before this migration.
INSERT INTO feedback_daily (project_id, day, rating_kind, rating_value, count, with_comment)
SELECT project_id, created_at / 86400000, coalesce(rating_kind, ''), coalesce(rating_value, -1), count(*), sum(comment IS NOT NULL)
FROM feedback
GROUP BY 1, 2, 3, 4;

INSERT INTO feedback_daily_pages (project_id, day, page, count, rated, score_sum)
SELECT project_id, created_at / 86400000, page_path, count(*), sum(rating_score IS NOT NULL), coalesce(sum(rating_score), 0)
FROM feedback
GROUP BY 1, 2, 3;

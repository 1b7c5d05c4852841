-- ../../migrations/0010_follow_up.sql for Postgres: the follow-up question asked after the rating
-- and the visitor's answer (both set or both null), and the search over the comment and the
-- answer as one text (a search's words may be spread over both).
ALTER TABLE feedback ADD COLUMN follow_up_question TEXT, ADD COLUMN follow_up_answer TEXT;

-- The index's expression is postgres-backend.ts's search expression, character for character.
-- Nullable columns without a default are added without rewriting the table; the index is built
-- again over every row (one transaction with the rest, so a failure leaves the old one).
DROP INDEX feedback_comment_search;
CREATE INDEX feedback_comment_search ON feedback
  USING gin (to_tsvector('simple', heed_fold(coalesce(comment, '') || ' ' || coalesce(follow_up_answer, ''))));

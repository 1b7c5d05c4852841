-- The Postgres schema, equivalent to ../../migrations/0001–0009 (SQLite, D1) at once; later
-- migrations follow them one for one. Same conventions: text ids made by the app, epoch-ms BIGINT
-- timestamps, 0/1 integers, JSON kept as text. Ids and keys sort bytewise (COLLATE "C") as in
-- SQLite, so cursors and listings order the same on every backend.

CREATE TABLE projects (
  id TEXT COLLATE "C" PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,
  widget_config TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  retention_days INTEGER,
  min_submit_seconds INTEGER NOT NULL DEFAULT 0,
  turnstile INTEGER NOT NULL DEFAULT 0,
  digest TEXT NOT NULL DEFAULT '{"frequency":"daily","hour":9,"weekday":1,"timeZone":"UTC"}'
);

CREATE TABLE project_keys (
  key TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
  valid_until BIGINT NOT NULL
);

CREATE TABLE feedback (
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
  id TEXT COLLATE "C" NOT NULL,
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
  category TEXT,
  status TEXT NOT NULL DEFAULT 'new',
  tags TEXT,
  -- As in SQLite's 0004: the rating scaled to 0–1, and the page without its query string.
  rating_score DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE rating_kind
      WHEN 'stars' THEN (rating_value - 1) / 4.0
      WHEN 'emoji' THEN (rating_value - 1) / 4.0
      WHEN 'csat' THEN (rating_value - 1) / 4.0
      WHEN 'nps' THEN rating_value / 10.0
      WHEN 'thumbs' THEN rating_value * 1.0
    END
  ) STORED,
  page_path TEXT COLLATE "C" GENERATED ALWAYS AS (split_part(page_url, '?', 1)) STORED,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX feedback_by_project_time ON feedback (project_id, created_at, id);

-- Comment search (SQLite uses FTS5): Postgres text search over the comment folded to lower case
-- without accents. heed_fold is a fixed map rather than the unaccent extension, which is not
-- immutable (an index cannot use it) and needs rights a hosted database may not grant.
CREATE FUNCTION heed_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(lower($1), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹøđłħŧı', 'aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttuuuuuvvwwwwwxxyzzzhtwyaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyyodlhti')
$$;
CREATE INDEX feedback_comment_search ON feedback USING gin (to_tsvector('simple', heed_fold(coalesce(comment, ''))));

CREATE TABLE admin_tokens (
  id TEXT COLLATE "C" PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  scope TEXT NOT NULL,
  label TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE feedback_daily (
  project_id TEXT COLLATE "C" NOT NULL,
  day INTEGER NOT NULL,
  rating_kind TEXT COLLATE "C" NOT NULL,
  rating_value INTEGER NOT NULL,
  count INTEGER NOT NULL,
  with_comment INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, rating_kind, rating_value)
);

CREATE TABLE feedback_daily_pages (
  project_id TEXT COLLATE "C" NOT NULL,
  day INTEGER NOT NULL,
  page TEXT COLLATE "C" NOT NULL,
  count INTEGER NOT NULL,
  rated INTEGER NOT NULL,
  score_sum DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (project_id, day, page)
);

CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  secret BYTEA NOT NULL
);
-- 32 bytes from two v4 UUIDs (gen_random_uuid draws from a strong source; 244 random bits),
-- because pgcrypto's gen_random_bytes is an extension a hosted database may not have.
INSERT INTO server_keys (name, secret)
VALUES ('form_ticket', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

CREATE TABLE destinations (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  secret TEXT,
  events TEXT NOT NULL,
  filter TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX destinations_by_project ON destinations (project_id);

CREATE TABLE outbox (
  id TEXT COLLATE "C" PRIMARY KEY,
  destination_id TEXT COLLATE "C" NOT NULL,
  project_id TEXT COLLATE "C" NOT NULL,
  event TEXT NOT NULL,
  feedback_id TEXT COLLATE "C",
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until BIGINT,
  last_status INTEGER,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  period_from BIGINT,
  period_to BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_destination ON outbox (destination_id, created_at);
CREATE INDEX outbox_by_feedback ON outbox (project_id, feedback_id);

CREATE TABLE digests (
  project_id TEXT COLLATE "C" NOT NULL,
  period_from BIGINT NOT NULL,
  period_to BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, period_from)
);

CREATE TABLE request_counts (
  key TEXT COLLATE "C" PRIMARY KEY,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX request_counts_by_window ON request_counts (window_start);

-- SQLite's triggers, as trigger functions: rollups and outbox messages in the feedback's own insert.
CREATE FUNCTION heed_feedback_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feedback_daily AS d (project_id, day, rating_kind, rating_value, count, with_comment)
  VALUES (NEW.project_id, NEW.created_at / 86400000, coalesce(NEW.rating_kind, ''), coalesce(NEW.rating_value, -1), 1, (NEW.comment IS NOT NULL)::int)
  ON CONFLICT (project_id, day, rating_kind, rating_value)
  DO UPDATE SET count = d.count + 1, with_comment = d.with_comment + excluded.with_comment;

  INSERT INTO feedback_daily_pages AS d (project_id, day, page, count, rated, score_sum)
  VALUES (NEW.project_id, NEW.created_at / 86400000, NEW.page_path, 1, (NEW.rating_score IS NOT NULL)::int, coalesce(NEW.rating_score, 0))
  ON CONFLICT (project_id, day, page)
  DO UPDATE SET count = d.count + 1, rated = d.rated + excluded.rated, score_sum = d.score_sum + excluded.score_sum;

  INSERT INTO outbox (id, destination_id, project_id, event, feedback_id, status, next_attempt_at, created_at)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), d.id, NEW.project_id, 'feedback.created', NEW.id, 'pending', NEW.created_at, NEW.created_at
  FROM destinations d
  WHERE d.project_id = NEW.project_id AND d.enabled = 1 AND d.events LIKE '%"feedback.created"%';
  RETURN NULL;
END
$$;
CREATE TRIGGER feedback_inserted AFTER INSERT ON feedback FOR EACH ROW EXECUTE FUNCTION heed_feedback_inserted();

-- A deleted item (privacy request, retention) leaves no trace in the rollups or the outbox.
CREATE FUNCTION heed_feedback_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_day INTEGER := OLD.created_at / 86400000;
BEGIN
  UPDATE feedback_daily SET count = count - 1, with_comment = with_comment - (OLD.comment IS NOT NULL)::int
  WHERE project_id = OLD.project_id AND day = old_day
    AND rating_kind = coalesce(OLD.rating_kind, '') AND rating_value = coalesce(OLD.rating_value, -1);
  UPDATE feedback_daily_pages
  SET count = count - 1, rated = rated - (OLD.rating_score IS NOT NULL)::int, score_sum = score_sum - coalesce(OLD.rating_score, 0)
  WHERE project_id = OLD.project_id AND day = old_day AND page = OLD.page_path;
  DELETE FROM feedback_daily WHERE project_id = OLD.project_id AND day = old_day AND count = 0;
  DELETE FROM feedback_daily_pages WHERE project_id = OLD.project_id AND day = old_day AND count = 0;
  DELETE FROM outbox WHERE project_id = OLD.project_id AND feedback_id = OLD.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER feedback_deleted AFTER DELETE ON feedback FOR EACH ROW EXECUTE FUNCTION heed_feedback_deleted();

CREATE FUNCTION heed_digest_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (id, destination_id, project_id, event, status, next_attempt_at, created_at, period_from, period_to)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), d.id, NEW.project_id, 'digest', 'pending', NEW.created_at, NEW.created_at, NEW.period_from, NEW.period_to
  FROM destinations d
  WHERE d.project_id = NEW.project_id AND d.enabled = 1 AND d.events LIKE '%"digest"%' AND d.created_at < NEW.period_to;
  RETURN NULL;
END
$$;
CREATE TRIGGER digest_recorded AFTER INSERT ON digests FOR EACH ROW EXECUTE FUNCTION heed_digest_recorded();

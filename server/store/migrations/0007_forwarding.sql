-- Forwarding: where each project's summaries go, and a transactional outbox of messages to send.

CREATE TABLE destinations (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  -- The URL (Slack, Discord, webhook).
  target TEXT NOT NULL,
  -- The webhook signing secret (whsec_…). Kept as it is: signing needs it (unlike admin tokens,
  -- which are only compared, and so only hashed).
  secret TEXT,
  -- JSON: the events it receives, and the filter for instant notifications.
  events TEXT NOT NULL,
  filter TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  -- Why the server turned it off (a 410 from the receiver), if it did.
  disabled_reason TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX destinations_by_project ON destinations (project_id);

-- One row per message. It holds no content: the payload is built from the feedback when sent, so
-- erasing feedback (which deletes its messages, below) leaves nothing behind here.
CREATE TABLE outbox (
  -- The event id: stable across retries, so receivers can deduplicate.
  id TEXT PRIMARY KEY,
  destination_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  event TEXT NOT NULL,
  feedback_id TEXT,
  -- pending, delivered, filtered (the destination's filter did not match), dead (out of attempts).
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  -- A worker that claimed the message holds it until then; a crashed worker's claim runs out.
  lease_until BIGINT,
  last_status INTEGER,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_destination ON outbox (destination_id, created_at);
CREATE INDEX outbox_by_feedback ON outbox (project_id, feedback_id);

-- In the feedback's own transaction: a stored item always has its messages, whatever crashes next.
CREATE TRIGGER outbox_feedback_created AFTER INSERT ON feedback BEGIN
  INSERT INTO outbox (id, destination_id, project_id, event, feedback_id, status, next_attempt_at, created_at)
    SELECT 'msg_' || lower(hex(randomblob(16))), d.id, new.project_id, 'feedback.created', new.id, 'pending', new.created_at, new.created_at
    FROM destinations d
    WHERE d.project_id = new.project_id AND d.enabled = 1 AND d.events LIKE '%"feedback.created"%';
END;

CREATE TRIGGER outbox_feedback_erased AFTER DELETE ON feedback BEGIN
  DELETE FROM outbox WHERE project_id = old.project_id AND feedback_id = old.id;
END;

-- Digests: each project's schedule, one row per period sent (so a period goes out once, whatever
-- restarts or how many instances), and the period a digest message is about.
ALTER TABLE projects ADD COLUMN digest TEXT NOT NULL DEFAULT '{"frequency":"daily","hour":9,"weekday":1,"timeZone":"UTC"}';

CREATE TABLE digests (
  project_id TEXT NOT NULL,
  period_from BIGINT NOT NULL,
  period_to BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, period_from)
);

ALTER TABLE outbox ADD COLUMN period_from BIGINT;
ALTER TABLE outbox ADD COLUMN period_to BIGINT;

-- In the period's own insert: a period recorded always has its messages, one per destination that
-- takes digests and existed when the period ended (a new destination starts with the next one).
CREATE TRIGGER outbox_digest AFTER INSERT ON digests BEGIN
  INSERT INTO outbox (id, destination_id, project_id, event, status, next_attempt_at, created_at, period_from, period_to)
    SELECT 'msg_' || lower(hex(randomblob(16))), d.id, new.project_id, 'digest', 'pending', new.created_at, new.created_at, new.period_from, new.period_to
    FROM destinations d
    WHERE d.project_id = new.project_id AND d.enabled = 1 AND d.events LIKE '%"digest"%' AND d.created_at < new.period_to;
END;

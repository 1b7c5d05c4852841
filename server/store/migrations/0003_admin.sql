-- How many days a project keeps feedback; NULL keeps it until deleted.
ALTER TABLE projects ADD COLUMN retention_days INTEGER;

-- Keys replaced by a rotation stay accepted until valid_until (epoch ms), so pages still
-- carrying them keep working while the site is redeployed.
CREATE TABLE project_keys (
  key TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id),
  valid_until BIGINT NOT NULL
);

-- What the site owner made of an item (new, read, resolved) and their tags (a JSON array).
ALTER TABLE feedback ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE feedback ADD COLUMN tags TEXT;

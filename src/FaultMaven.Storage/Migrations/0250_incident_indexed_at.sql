-- When the incident's current embedding was made (null until first embedded), so that an open incident gaining
-- findings in a burst is embedded again at most once per refresh interval rather than on every new finding.
ALTER TABLE incidents ADD COLUMN indexed_at timestamptz;

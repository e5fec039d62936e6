-- Incidents are grouped per source and stay open while findings keep arriving.
ALTER TABLE incidents
    ADD COLUMN source           text,
    ADD COLUMN last_activity_at timestamptz,
    ADD COLUMN finding_count    integer NOT NULL DEFAULT 0;

UPDATE incidents SET last_activity_at = opened_at WHERE last_activity_at IS NULL;

CREATE INDEX incidents_open_source_idx ON incidents (source, last_activity_at DESC) WHERE status = 'open';

-- What the incident's current embedding was made from, so the indexer finds incidents that opened, gained findings
-- or were resolved since (null until first embedded).
ALTER TABLE incidents
    ADD COLUMN indexed_status        text,
    ADD COLUMN indexed_finding_count integer;

CREATE INDEX incidents_unindexed_idx ON incidents (last_activity_at)
    WHERE indexed_status IS DISTINCT FROM status OR indexed_finding_count IS DISTINCT FROM finding_count;

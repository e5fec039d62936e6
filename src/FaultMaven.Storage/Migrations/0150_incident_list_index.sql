-- GET /incidents pages newest activity first by (last_activity_at, id), optionally of one status. Without an index on
-- that order, every page read and sorted the whole table (measured in docs/benchmarks.md, "API at scale").
CREATE INDEX incidents_activity_idx ON incidents (last_activity_at DESC, id DESC);
CREATE INDEX incidents_status_activity_idx ON incidents (status, last_activity_at DESC, id DESC);

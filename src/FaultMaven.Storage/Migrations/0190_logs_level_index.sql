-- GET /logs?level= keeps the rows at or above a level (`level = ANY(warn, error, fatal)`), newest first. An index on
-- (level, ts) cannot give that order for several levels at once, so the query walked logs_ts_idx and threw away the
-- ~96 % of rows below error (2,500 buffers for a page of errors, 20,000 for fatal, at 1 M rows: docs/benchmarks.md,
-- "Level filter"). Partial indexes over the rare levels give it in order. The planner proves the query's level list
-- implies an index's predicate (e.g. {error,fatal} or {fatal} implies the error index), so it picks the narrowest.
-- Only the rows they cover pay for them on insert, and the full (level, ts) index they replace goes. IF NOT EXISTS:
-- an operator may build them beforehand with CREATE INDEX CONCURRENTLY (docs/operations.md).
CREATE INDEX IF NOT EXISTS logs_warn_ts_idx ON logs (ts DESC, id DESC) WHERE level IN ('warn', 'error', 'fatal');
CREATE INDEX IF NOT EXISTS logs_error_ts_idx ON logs (ts DESC, id DESC) WHERE level IN ('error', 'fatal');
CREATE INDEX IF NOT EXISTS logs_source_error_ts_idx ON logs (source, ts DESC, id DESC) WHERE level IN ('error', 'fatal');
DROP INDEX IF EXISTS logs_level_ts_idx;

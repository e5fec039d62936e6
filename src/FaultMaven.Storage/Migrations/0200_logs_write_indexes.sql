-- Every index on logs is paid for on every stored row: in the load runs the logs sink spent two thirds of its time in
-- COPY, and PostgreSQL's own COPY into a copy of logs ran at a third of its rate into a plain table (docs/benchmarks.md,
-- "End-to-end load"). (source, template_id) serves no query the product runs (logs are read newest first by time,
-- source and level, or by raw position; templates are read from log_templates), so it goes. The indexes left, and the
-- query each serves, are listed in LogIndexTests: a new one must name its query there.
DROP INDEX IF EXISTS logs_source_template_idx;

-- A raw position names the raw record's fingerprint too (a hash of its timestamp, key and value, set by the worker
-- where it reads logs.raw). A broker that lost its data, or a topic deleted and created again, starts its offsets at
-- 0: without the fingerprint, new lines at offsets used before were skipped as replays (docs/decisions.md, decision 14).
-- Rows stored before keep fingerprint 0; the sealed columns' associated data does not include it, so they still open.
ALTER TABLE logs ADD COLUMN raw_fingerprint bigint NOT NULL DEFAULT 0;
ALTER TABLE logs DROP CONSTRAINT logs_raw_position_key;
ALTER TABLE logs ADD CONSTRAINT logs_raw_position_key UNIQUE (raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint);

ALTER TABLE dead_letters ADD COLUMN raw_fingerprint bigint NOT NULL DEFAULT 0;
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_raw_position_step_key;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_raw_position_step_key UNIQUE (raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint, step);

-- The Kafka cluster the worker last read from. A worker that finds another one at start rewinds its consumer groups to
-- the start of every topic, because positions committed in the new cluster may have been carried over from the old
-- one (a broker that lost its data, the dev broker on any restart); the fingerprint above keeps the re-read from
-- storing anything twice.
CREATE TABLE kafka_cluster (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    cluster_id text NOT NULL,
    seen_at    timestamptz NOT NULL
);

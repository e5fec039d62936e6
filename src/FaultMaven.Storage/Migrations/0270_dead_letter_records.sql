-- How many Kafka records a dead letter stands for. 1 for a record a step refused (every row stored before this column);
-- N for a run of N records the broker dropped before the worker read them (step 'broker', no payload, raw_offset = the
-- run's last offset, raw_fingerprint = the record read after it), stored as one row rather than N. Counting what went
-- in sums this column: lines in = rows + sum(records) of dead letters + counted collapsed repeats (decision 29).
ALTER TABLE dead_letters
    ADD COLUMN records bigint NOT NULL DEFAULT 1 CONSTRAINT dead_letters_records_check CHECK (records >= 1);

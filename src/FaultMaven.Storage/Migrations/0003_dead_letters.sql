-- Records a pipeline step could not process, with the original bytes. One row per raw position and step.
CREATE TABLE dead_letters (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason        text NOT NULL,
    step          text NOT NULL,
    source        text,
    raw_topic     text NOT NULL,
    raw_partition integer NOT NULL,
    raw_offset    bigint NOT NULL,
    raw_index     integer NOT NULL,
    payload       bytea NOT NULL,
    failed_at     timestamptz NOT NULL,
    CONSTRAINT dead_letters_raw_position_step_key UNIQUE (raw_topic, raw_partition, raw_offset, raw_index, step)
);

CREATE INDEX dead_letters_failed_at_idx ON dead_letters (failed_at DESC, id DESC);

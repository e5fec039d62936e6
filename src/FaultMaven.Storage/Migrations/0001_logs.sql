-- Normalized log events. The raw Kafka position is the identity of an event, so a replay inserts nothing new.
CREATE TABLE logs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ts            timestamptz NOT NULL,
    source        text NOT NULL,
    service       text,
    host          text,
    level         text NOT NULL CHECK (level IN ('unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal')),
    message       text NOT NULL,
    attributes    jsonb NOT NULL DEFAULT '{}',
    raw_topic     text NOT NULL,
    raw_partition integer NOT NULL,
    raw_offset    bigint NOT NULL,
    raw_index     integer NOT NULL,
    CONSTRAINT logs_raw_position_key UNIQUE (raw_topic, raw_partition, raw_offset, raw_index)
);

-- Newest-first keyset paging, with and without a source filter.
CREATE INDEX logs_source_ts_idx ON logs (source, ts DESC, id DESC);
CREATE INDEX logs_ts_idx ON logs (ts DESC, id DESC);
CREATE INDEX logs_level_ts_idx ON logs (level, ts DESC);

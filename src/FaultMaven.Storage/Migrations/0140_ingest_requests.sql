-- HTTP ingestion requests that carried an Idempotency-Key: a retry with the same key from the same caller is answered
-- with the first answer instead of producing its records again. The answer holds the source name and counts, no log
-- text. Rows older than a day are removed as new keys arrive.
CREATE TABLE ingest_requests (
    caller       text NOT NULL,
    key          text NOT NULL,
    started_at   timestamptz NOT NULL,
    completed_at timestamptz,
    status       integer,
    response     text,
    PRIMARY KEY (caller, key)
);

CREATE INDEX ingest_requests_started_at_idx ON ingest_requests (started_at);

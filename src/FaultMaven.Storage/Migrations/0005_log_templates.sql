-- Templates mined from log messages; the id is the miner's own, so it is not generated here.
CREATE TABLE log_templates (
    id         bigint PRIMARY KEY,
    template   text NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    count      bigint NOT NULL DEFAULT 0,
    example    text
);

-- Detector results. The id is derived from what was found, so replays and updates land on the same row.
CREATE TABLE findings (
    id            text PRIMARY KEY,
    kind          text NOT NULL,
    severity      text NOT NULL CHECK (severity IN ('unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal')),
    source        text NOT NULL,
    service       text,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    title         text NOT NULL,
    count         bigint NOT NULL,
    baseline      double precision,
    score         double precision NOT NULL,
    model_version text,
    templates     jsonb NOT NULL DEFAULT '[]',
    examples      jsonb NOT NULL DEFAULT '[]',
    evidence      jsonb NOT NULL DEFAULT '[]',
    first_seen    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    incident_id   text
);

CREATE INDEX findings_window_end_idx ON findings (window_end DESC, id DESC);
CREATE INDEX findings_source_window_end_idx ON findings (source, window_end DESC);
CREATE INDEX findings_incident_idx ON findings (incident_id) WHERE incident_id IS NOT NULL;

-- Incidents group findings; recommendations are what the agents proposed for one.
CREATE TABLE incidents (
    id          text PRIMARY KEY,
    title       text NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    severity    text NOT NULL CHECK (severity IN ('unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal')),
    service     text,
    opened_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolution  text,
    summary     text,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);

CREATE INDEX incidents_open_idx ON incidents (opened_at DESC) WHERE status = 'open';

ALTER TABLE findings
    ADD CONSTRAINT findings_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE SET NULL;

CREATE TABLE recommendations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    root_cause  text NOT NULL,
    title       text NOT NULL,
    steps       jsonb NOT NULL DEFAULT '[]',
    commands    jsonb NOT NULL DEFAULT '[]',
    confidence  double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX recommendations_incident_idx ON recommendations (incident_id, created_at DESC);

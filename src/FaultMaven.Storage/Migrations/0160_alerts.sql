-- Alerts received from Alertmanager's webhook, each tied to the finding that stands for it and the incident it opened
-- or joined. Alertmanager names an alert by its label fingerprint; the same labels firing again later start a new
-- alert, so the key includes startsAt.
CREATE TABLE alerts (
    fingerprint   text NOT NULL,
    starts_at     timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('firing', 'resolved')),
    ends_at       timestamptz,
    source        text NOT NULL,
    alert_name    text,
    labels        jsonb NOT NULL DEFAULT '{}',
    annotations   jsonb NOT NULL DEFAULT '{}',
    generator_url text,
    finding_id    text NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    incident_id   text REFERENCES incidents (id) ON DELETE SET NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (fingerprint, starts_at),
    CHECK ((status = 'resolved') = (ends_at IS NOT NULL))
);

CREATE INDEX alerts_incident_idx ON alerts (incident_id) WHERE incident_id IS NOT NULL;

-- What engineers reported after trying a suggested root cause; the tallies per root cause rank later suggestions.
-- The note is free text, so it is sealed (never null: an absent note is a sealed empty string, which key rotation can re-seal).
CREATE TABLE feedback (
    id          uuid PRIMARY KEY,
    incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    root_cause  text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('worked', 'partly', 'did-not-work')),
    note        bytea NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX feedback_root_cause_idx ON feedback (root_cause, outcome);
CREATE INDEX feedback_incident_idx ON feedback (incident_id, created_at DESC);

-- Session anomaly models trained by the worker on each source's recent history, one row per trained version.
-- The model column holds SessionAnomalyModel.Serialize(): template ids and statistics of their counts, no log text,
-- so unlike logs and findings it is stored in clear. The version is a hash of the model, so two sources with identical
-- histories share one; the key includes the source to keep a row for each.
CREATE TABLE session_models (
    version        text NOT NULL,
    source         text NOT NULL,
    trained_at     timestamptz NOT NULL,
    session_count  integer NOT NULL,
    template_count integer NOT NULL,
    model          bytea NOT NULL,
    PRIMARY KEY (source, version)
);

CREATE INDEX session_models_source_trained_at_idx ON session_models (source, trained_at DESC);

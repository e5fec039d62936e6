-- Every incident embedding, with the model that produced it and the text it was made from, so that a vector index
-- can be rebuilt from here and a model change can re-embed everything. No foreign key to incidents: an incident is
-- embedded when it opens, possibly before the sink has written its row.
CREATE TABLE incident_embeddings (
    incident_id   text PRIMARY KEY,
    model         text NOT NULL,
    dimensions    integer NOT NULL CHECK (dimensions > 0),
    embedding     real[] NOT NULL CHECK (cardinality(embedding) = dimensions),
    embedded_text text NOT NULL,
    title         text NOT NULL,
    resolution    text,
    service       text,
    team          text,
    status        text NOT NULL CHECK (status IN ('open', 'resolved')),
    embedded_at   timestamptz NOT NULL
);

CREATE INDEX incident_embeddings_model_idx ON incident_embeddings (model, embedded_at);

-- Templates are mined per source, so a template is identified by its source and its miner's id (stable across
-- restarts). Each log row keeps its template: it holds no secret (masking ran before mining), so it stays searchable.
ALTER TABLE logs
    ADD COLUMN template_id integer,
    ADD COLUMN template    text;

CREATE INDEX logs_source_template_idx ON logs (source, template_id) WHERE template_id IS NOT NULL;

ALTER TABLE log_templates DROP CONSTRAINT log_templates_pkey;
ALTER TABLE log_templates ADD COLUMN source text NOT NULL DEFAULT '';
ALTER TABLE log_templates ALTER COLUMN source DROP DEFAULT;
ALTER TABLE log_templates ADD PRIMARY KEY (source, id);
CREATE INDEX log_templates_last_seen_idx ON log_templates (last_seen DESC, id DESC);

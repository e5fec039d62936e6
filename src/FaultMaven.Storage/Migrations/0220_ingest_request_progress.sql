-- An upload the broker stopped acknowledging part way (issue 16): instead of forgetting the key, the API keeps which
-- chunks of each part reached logs.raw, so a retry with the same key sends only the rest. `progress` holds chunk
-- indexes, counts, offsets and a digest of each part's chunks, no log text; `interrupted_at` marks a claim a retry may
-- take over at once (a claim still running has it NULL).
ALTER TABLE ingest_requests
    ADD COLUMN progress jsonb,
    ADD COLUMN interrupted_at timestamptz;

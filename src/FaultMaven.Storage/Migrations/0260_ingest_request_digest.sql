-- What a completed request under an Idempotency-Key asked for: a SHA-256 over its endpoint and, per part (the source of
-- the body, or a file of a multipart body), the source and a digest of the part's decoded lines. A later request with
-- the key is answered with the stored answer only when it asks for the same (422 otherwise): without it, a key reused
-- for another body or source got the first request's answer and its own lines were never stored. No log text; NULL for
-- a row completed before this column, whose key keeps replaying unchecked until the row expires (a day).
ALTER TABLE ingest_requests
    ADD COLUMN request_digest text;

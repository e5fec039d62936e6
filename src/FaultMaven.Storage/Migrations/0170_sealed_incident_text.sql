-- What people write when they resolve an incident, and the text incidents are embedded from (which includes it), are
-- free text that may hold what logs hold: sealed like log messages (Encryption/FieldCipher.cs). Rows written before
-- become version-0 envelopes (a zero byte, then the plaintext) until `fm keys rotate --resume` seals them. A missing
-- resolution stays NULL; key rotation skips NULLs.
ALTER TABLE incidents
    ALTER COLUMN resolution TYPE bytea USING '\x00'::bytea || convert_to(resolution, 'UTF8');

ALTER TABLE incident_embeddings
    ALTER COLUMN embedded_text TYPE bytea USING '\x00'::bytea || convert_to(embedded_text, 'UTF8'),
    ALTER COLUMN resolution TYPE bytea USING '\x00'::bytea || convert_to(resolution, 'UTF8');

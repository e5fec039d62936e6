-- Log text, dead-letter payloads and finding examples/evidence are stored sealed (AES-256-GCM envelopes, see
-- Encryption/FieldCipher.cs). Rows written before this migration become version-0 envelopes (a zero byte, then the
-- plaintext) until `fm keys rotate --resume` seals them.
ALTER TABLE logs ALTER COLUMN attributes DROP DEFAULT;
ALTER TABLE logs
    ALTER COLUMN message TYPE bytea USING '\x00'::bytea || convert_to(message, 'UTF8'),
    ALTER COLUMN attributes TYPE bytea USING '\x00'::bytea || convert_to(attributes::text, 'UTF8');

ALTER TABLE dead_letters ALTER COLUMN payload TYPE bytea USING '\x00'::bytea || payload;

ALTER TABLE findings ALTER COLUMN examples DROP DEFAULT, ALTER COLUMN evidence DROP DEFAULT;
ALTER TABLE findings
    ALTER COLUMN examples TYPE bytea USING '\x00'::bytea || convert_to(examples::text, 'UTF8'),
    ALTER COLUMN evidence TYPE bytea USING '\x00'::bytea || convert_to(evidence::text, 'UTF8');

-- The key id in an envelope's header; null for plaintext (version 0) values. For key status and re-encryption.
CREATE FUNCTION sealed_key_id(value bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT CASE WHEN get_byte(value, 0) = 1 THEN convert_from(substring(value FROM 3 FOR get_byte(value, 1)), 'UTF8') END
$$;

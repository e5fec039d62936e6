-- The item a sink could not store, by its own identity: a log event's raw position (the key its row would have had), a
-- finding's id. A sink's dead letter was keyed by the position of the record that carried the item (an offset of
-- logs.normalized or findings) alone, and a restarted worker that produces the item again (the events a source carried
-- across its last commit, a finding updated by a replay) writes it to a new offset: every restart stored the source's
-- last dead letters once more. NULL for a dead letter of a whole record (a line the normalizer rejected, a record a
-- sink could not decode), which its raw position keys.
ALTER TABLE dead_letters ADD COLUMN item_id text;
CREATE UNIQUE INDEX dead_letters_step_item_key ON dead_letters (step, item_id) WHERE item_id IS NOT NULL;

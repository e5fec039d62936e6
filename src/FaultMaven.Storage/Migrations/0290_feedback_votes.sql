-- One vote per caller per incident and root cause (decision 30): the same "did not work" posted 30 times by one client
-- counted 30 times and moved every later ranking. A vote's id is now derived from its caller, incident and root cause
-- (FeedbackRepository.VoteId), so a repeat replaces the caller's vote instead of adding one; `caller` names who voted
-- (the token's subject) and `updated_at` when the vote last changed. Rows stored before keep a NULL caller and count
-- as they did: who sent them is not known.
ALTER TABLE feedback
    ADD COLUMN caller     text,
    ADD COLUMN updated_at timestamptz;

UPDATE feedback SET updated_at = created_at;

ALTER TABLE feedback ALTER COLUMN updated_at SET NOT NULL;

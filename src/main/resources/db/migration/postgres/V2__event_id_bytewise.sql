-- Event ids are machine-made ASCII ("<identity>:<line>"): compare them bytewise. The database's
-- default collation made every primary-key comparison a locale-aware one, the bulk of the cost of
-- inserting a batch.
ALTER TABLE ${events} ALTER COLUMN event_id TYPE text COLLATE "C";

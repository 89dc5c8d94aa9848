-- Schema version 4: each event carries the hash of the case's previous event and its own
-- (SHA-256 over the previous hash and the event's canonical JSON), so editing, removing or
-- reordering a stored event is found by `casepath-server verify-history`. Events stored before
-- this version are chained when the server migrates (db/history.ts).
ALTER TABLE events ADD COLUMN previous_hash text;
ALTER TABLE events ADD COLUMN hash text;

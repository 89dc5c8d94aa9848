-- Schema version 13: a coordinator's or supervisor's pull carries the kept changes of the
-- provider's cases, not only their own (docs/server.md, "Push"). Every change still open for
-- review is marked as changed now, so each device gets it at its next pull: a lead's device that
-- was already past it gets the team's, and the author's device, which holds it, changes nothing.
UPDATE conflicts SET txid = pg_current_xact_id() WHERE resolved_at IS NULL;
-- A pull reads the kept changes of its window by transaction, for a lead not by worker: an index
-- on it, so that long polls do not read the whole table every 250 ms.
CREATE INDEX IF NOT EXISTS conflicts_by_txid ON conflicts (txid);

-- Schema version 13: a coordinator's or supervisor's pull carries the kept changes of the
-- provider's cases, not only their own (docs/server.md, "Push"). Every change still open for
-- review is marked as changed now, so each device gets it at its next pull: a lead's device that
-- was already past it gets the team's, and the author's device, which holds it, changes nothing.
UPDATE conflicts SET txid = pg_current_xact_id() WHERE resolved_at IS NULL;

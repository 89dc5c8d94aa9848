-- Schema version 12: which restore of this database it is. `casepath-server restore` (and
-- `casepath-server restored`, after pg_restore) gives it a new id, and every pull cursor carries
-- it: a device that synced with the database before it went back to a backup starts over, and
-- sends again what its worker recorded since (docs/server.md, "Backup, restore, upgrade").
-- No row: the database as first made (cursors carry the cluster's identity alone, as before).
CREATE TABLE database_incarnation (
  only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  id           text NOT NULL,
  restored_at  timestamptz NOT NULL DEFAULT now()
);

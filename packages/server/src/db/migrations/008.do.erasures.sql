-- Schema version 8: erasure. A case erased at the person's request leaves only this row: its
-- opaque id (no name or reference), who erased it and when, so that every device of the
-- provider erases it at its next pull and a device that still has it cannot bring it back.
CREATE TABLE erasures (
  case_id          text PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  provider_id      text NOT NULL REFERENCES providers (id),
  erased_by        text NOT NULL,
  erased_at        timestamptz NOT NULL DEFAULT now(),
  txid             xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX erasures_by_provider ON erasures (provider_id, txid);

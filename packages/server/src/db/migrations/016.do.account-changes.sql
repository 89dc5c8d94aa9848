-- Schema version 16: what was done to staff accounts, by whom and when, so an organisation can
-- tell who gave whom a new password or took a second factor away (GET /api/admin/account-changes).
-- Role changes and moves between providers stay in their own tables (14, 15), which the listing
-- reads beside this one. `changed_by` is a worker's id, or, for what the server's command line
-- or demo data did, a label with a space in it, which no worker's id has.
CREATE TABLE account_changes (
  id               bigserial PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  worker_id        text NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  change           text NOT NULL,
  detail           jsonb NOT NULL DEFAULT '{}',
  changed_at       timestamptz NOT NULL DEFAULT now(),
  changed_by       text NOT NULL
);
CREATE INDEX account_changes_by_time ON account_changes (organisation_id, changed_at DESC, id DESC);

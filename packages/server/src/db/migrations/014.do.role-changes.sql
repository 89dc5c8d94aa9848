-- Schema version 14: an administrator gives a worker another role (POST /api/admin/workers/:id/role).
-- Each change is kept: the role held before it, the one after, when and by whom. An event a worker
-- recorded offline before the change, in the role they held then, stays theirs when it is sent
-- after it; and the organisation can tell who gave whom which role.
CREATE TABLE role_changes (
  worker_id   text NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  from_role   text NOT NULL,
  to_role     text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  changed_by  text NOT NULL
);
CREATE INDEX role_changes_by_worker ON role_changes (worker_id, changed_at);

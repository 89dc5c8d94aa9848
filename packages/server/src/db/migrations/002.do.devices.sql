-- Schema version 2: the devices that sync, so an administrator can see which have not been
-- heard from (a phone left in a drawer with unsent work) and when each last pushed.
CREATE TABLE devices (
  id              text PRIMARY KEY,
  worker_id       text NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  last_push_at    timestamptz NOT NULL DEFAULT now(),
  events_pushed   integer NOT NULL DEFAULT 0
);
CREATE INDEX devices_by_worker ON devices (worker_id);

-- Schema version 15: an administrator moves a worker to another of the organisation's providers
-- (POST /api/admin/workers/:id/provider), as staff move between an organisation's centres. Each
-- move is kept: the provider before, the one after, when and by whom.
CREATE TABLE provider_moves (
  worker_id      text NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  from_provider  text,
  to_provider    text NOT NULL,
  moved_at       timestamptz NOT NULL DEFAULT now(),
  moved_by       text NOT NULL
);
CREATE INDEX provider_moves_by_worker ON provider_moves (worker_id, moved_at);

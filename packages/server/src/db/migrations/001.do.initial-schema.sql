-- Casepath server, schema version 1. Forward-only: never edit a migration that has shipped;
-- add the next numbered file instead.

CREATE TABLE organisations (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE providers (
  id               text PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  name             text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_by_organisation ON providers (organisation_id);

-- Staff accounts. role: a case role of the vocabulary, or 'analyst' (aggregates only) or
-- 'admin' (accounts only). provider_id is null for organisation-wide accounts.
CREATE TABLE workers (
  id               text PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  provider_id      text REFERENCES providers (id),
  email            text NOT NULL UNIQUE,
  display_name     text NOT NULL,
  role             text NOT NULL,
  password_hash    text NOT NULL,
  failed_sign_ins  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  disabled         boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workers_by_organisation ON workers (organisation_id);

-- Only a hash of the session token is stored: a copy of the table signs nobody in.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  worker_id    text NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_by_worker ON sessions (worker_id);

-- An organisation's adapted plan templates and instruments, immutable per version.
CREATE TABLE templates (
  organisation_id  text NOT NULL REFERENCES organisations (id),
  template_id      text NOT NULL,
  version          integer NOT NULL,
  body             jsonb NOT NULL,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, template_id, version)
);
CREATE TABLE instruments (
  organisation_id  text NOT NULL REFERENCES organisations (id),
  instrument_id    text NOT NULL,
  version          text NOT NULL,
  body             jsonb NOT NULL,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, instrument_id, version)
);

-- A case's head: where its history ends, and the state there (replay's CaseState without its
-- history), kept up to date in the same transaction as every append.
CREATE TABLE cases (
  id                text PRIMARY KEY,
  organisation_id   text NOT NULL REFERENCES organisations (id),
  provider_id       text NOT NULL REFERENCES providers (id),
  template_id       text NOT NULL,
  template_version  integer NOT NULL,
  opened_by         text NOT NULL,
  head_seq          integer NOT NULL,
  state             jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_by_provider ON cases (provider_id);

-- The append-only logs. seq is the order of recording on the server; txid orders pulls: rows
-- are read only below the oldest transaction still running, so no pull skips a row that
-- commits late (see docs/server.md).
CREATE TABLE events (
  case_id      text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  id           text NOT NULL UNIQUE,
  body         jsonb NOT NULL,
  recorded_by  text NOT NULL,
  device_id    text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (case_id, seq)
);
CREATE INDEX events_by_txid ON events (txid, case_id, seq);

-- Who works on a case (from worker.assign / worker.unassign), for access; and when access
-- changed, so that a pull sends a newly assigned worker the whole history.
CREATE TABLE case_team (
  case_id    text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  worker_id  text NOT NULL,
  PRIMARY KEY (case_id, worker_id)
);
CREATE INDEX case_team_by_worker ON case_team (worker_id);
CREATE TABLE access_changes (
  case_id    text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  worker_id  text NOT NULL,
  granted    boolean NOT NULL,
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX access_changes_by_worker ON access_changes (worker_id, txid);

-- Events a device pushed that could not be appended: kept for review, never dropped.
CREATE TABLE conflicts (
  event_id     text PRIMARY KEY,
  case_id      text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  worker_id    text NOT NULL,
  device_id    text,
  event        jsonb NOT NULL,
  known_seq    integer NOT NULL,
  head_seq     integer NOT NULL,
  rule         text NOT NULL,
  reason       text NOT NULL,
  changed_by   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  resolved_at  timestamptz,
  resolved_by  text,
  resolution   text
);
CREATE INDEX conflicts_by_case ON conflicts (case_id);
CREATE INDEX conflicts_by_worker ON conflicts (worker_id, txid);

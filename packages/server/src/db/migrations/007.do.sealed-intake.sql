-- Schema version 7: the sealed public intake. An organisation's intake key is kept as its public
-- half and its private half locked with a passphrase that the server never sees, so the server
-- cannot open what people send. First contacts are stored as sealed in their browsers.
CREATE TABLE intake_keys (
  key_id           text PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  locked_key       jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  retired_at       timestamptz
);
-- One current key per organisation; retired ones still open what was sealed to them.
CREATE UNIQUE INDEX intake_keys_current ON intake_keys (organisation_id) WHERE retired_at IS NULL;

-- The organisation's own first-contact form (FirstContactForm in core); the default when absent.
CREATE TABLE intake_forms (
  organisation_id  text PRIMARY KEY REFERENCES organisations (id),
  form             jsonb NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE first_contacts (
  id           uuid PRIMARY KEY,
  provider_id  text NOT NULL REFERENCES providers (id),
  key_id       text NOT NULL REFERENCES intake_keys (key_id),
  sealed       jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  -- Set when a worker turned it into a case (or answered it otherwise).
  case_id      text,
  handled_by   text REFERENCES workers (id),
  handled_at   timestamptz
);
CREATE INDEX first_contacts_by_provider ON first_contacts (provider_id, received_at);

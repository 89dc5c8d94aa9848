-- Schema version 3: an umbrella organisation (a regional network, a funder) receives its member
-- providers' aggregate files: counts only, never case data, each pushed signed with the member's
-- own Ed25519 key, whose public half the umbrella registered.
CREATE TABLE aggregate_members (
  provider_id      text PRIMARY KEY,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  public_key       text NOT NULL,
  added_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE aggregate_files (
  provider_id  text NOT NULL REFERENCES aggregate_members (provider_id) ON DELETE CASCADE,
  as_of        date NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  sha256       text NOT NULL,
  file         jsonb NOT NULL,
  PRIMARY KEY (provider_id, as_of)
);

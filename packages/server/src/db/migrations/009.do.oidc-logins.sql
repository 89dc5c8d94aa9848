-- Schema version 9: OpenID Connect sign-in. A sign-in started with the organisation's identity
-- provider waits here (its state, nonce and PKCE verifier) until the provider sends the person
-- back, at most ten minutes; in the database so that any server process can finish it.
CREATE TABLE oidc_logins (
  state       text PRIMARY KEY,
  nonce       text NOT NULL,
  verifier    text NOT NULL,
  return_to   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

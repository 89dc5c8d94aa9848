-- Schema version 5: who read which cases, when and how (a case opened in full, cases sent to a
-- device by a pull), for the organisation's supervisors. Never the content, only that it was read.
CREATE TABLE access_log (
  id               bigserial PRIMARY KEY,
  at               timestamptz NOT NULL DEFAULT now(),
  organisation_id  text NOT NULL REFERENCES organisations (id),
  provider_id      text,
  worker_id        text NOT NULL,
  action           text NOT NULL,
  case_ids         text[] NOT NULL,
  detail           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX access_log_by_case ON access_log USING gin (case_ids);
CREATE INDEX access_log_by_time ON access_log (organisation_id, at DESC);

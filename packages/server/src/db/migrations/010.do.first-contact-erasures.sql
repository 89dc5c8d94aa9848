-- Schema version 10: requests for help are not kept for ever. One is erased when the person asks
-- or the organisation declines it, and every one after the organisation's retention period
-- (CASEPATH_INTAKE_KEEP_DAYS); by then a case holds what the work needs. What stays is its
-- opaque id, why and when, so that a device still sending it is told "already received" and
-- the server does not store it again.
CREATE TABLE first_contact_erasures (
  id           uuid PRIMARY KEY,
  provider_id  text NOT NULL REFERENCES providers (id),
  why          text NOT NULL CHECK (why IN ('asked', 'not-for-us', 'kept-too-long')),
  erased_by    text,
  erased_at    timestamptz NOT NULL DEFAULT now()
);

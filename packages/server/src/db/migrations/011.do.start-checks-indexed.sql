-- Schema version 11: what the server checks at every start finds its rows through indexes that
-- are empty once the database is up to date, instead of reading every event. Rows stored before
-- sealing existed (schema 10 and older, sealed at start by sealPlainRows) and events stored
-- before the history was hash-chained (schema 3 and older, chained by chainUnhashedEvents) are
-- the only rows these partial indexes ever hold; before, each start read the whole events table
-- twice (about 0.2 s at 150,000 events, growing with the history).
CREATE INDEX events_in_plain ON events (case_id) WHERE jsonb_typeof(body) <> 'string';
CREATE INDEX cases_in_plain ON cases (id) WHERE jsonb_typeof(state) <> 'string';
CREATE INDEX conflicts_in_plain ON conflicts (case_id) WHERE jsonb_typeof(event) <> 'string';
CREATE INDEX events_unchained ON events (case_id) WHERE hash IS NULL;

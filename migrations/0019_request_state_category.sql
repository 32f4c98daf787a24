-- 0019: a State's requests of one category found by an index (the desk's possible duplicates): the
-- desk asked for every pair of a State's requests in a category, n² rows (4 million for 2,000 requests
-- of one State, 47 s); it now asks, for each open request, the first other one of the same State and
-- category, walking this index in id order.
CREATE INDEX IF NOT EXISTS request_state_category ON request(state_iso3, category, id);

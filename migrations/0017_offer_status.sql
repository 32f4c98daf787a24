-- 0017: open offers found without reading every offer (the analysis of assistance, the board's counts).
-- At 40,000 reports the demo holds 17,679 offers of which 73 are open: reading them by status walks
-- this index, not the table.
CREATE INDEX IF NOT EXISTS offer_status ON offer(status);

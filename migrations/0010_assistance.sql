-- Assistance: requests (a State's needs), offers (what a partner can give), partners, and a
-- partner's interest in a request with the State's answer.  A request or offer that came from
-- a published report names its source (report, question, row): publishing a later version
-- updates or withdraws it, never duplicates it; a report of a later cycle supersedes the open
-- requests and offers of the State's earlier reports.  Lists of codes (categories, kinds, regions,
-- States, languages, paragraphs) are JSON arrays: the domain reads them whole to match.
CREATE TABLE partner (            -- who offers: a donor State, an organisation, an NGO, a trust fund
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- a State's ISO3, or a short name
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('state', 'organisation', 'ngo', 'fund', 'other')),
  state_iso3  TEXT REFERENCES state(iso3),           -- kind 'state': the State
  synthetic   INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A partner account speaks for one partner (user.org stays its display text).
ALTER TABLE user ADD COLUMN partner_id INTEGER REFERENCES partner(id);

-- The partners of the partner accounts that exist already, one per organisation text.
INSERT INTO partner (code, name, kind)
  SELECT DISTINCT 'p' || min(id), org, 'other' FROM user WHERE role = 'partner' AND org IS NOT NULL GROUP BY org;
UPDATE user SET partner_id = (SELECT p.id FROM partner p WHERE p.name = user.org AND p.kind = 'other')
  WHERE role = 'partner';

CREATE TABLE request (
  id             INTEGER PRIMARY KEY,
  state_iso3     TEXT NOT NULL REFERENCES state(iso3),
  category       TEXT NOT NULL,            -- taxonomy category id
  kind           TEXT NOT NULL,            -- taxonomy kind id
  title          TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  estimated_cost REAL,                     -- in currency; NULL: not estimated
  currency       TEXT NOT NULL DEFAULT 'USD',
  period_start   TEXT,                     -- YYYY-MM
  period_end     TEXT,
  paragraphs     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(paragraphs)),
  in_plan        INTEGER,                  -- 1 in the national action plan or a regional road map, 0 not, NULL unsaid
  languages      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
  proposal       TEXT CHECK (proposal IS NULL OR json_valid(proposal)),   -- a file reference {sha256, name, type, bytes}
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'closed', 'withdrawn', 'superseded')),
  report_id      INTEGER REFERENCES report(id),   -- the source: NULL when filed outside a report
  question       TEXT,
  row_index      INTEGER,
  version        INTEGER,                  -- the report version it was last read from
  cycle          INTEGER REFERENCES cycle(year),
  synthetic      INTEGER NOT NULL DEFAULT 0,
  created_by     INTEGER REFERENCES user(id),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (report_id, question, row_index)
);
CREATE INDEX request_state ON request(state_iso3, status);
CREATE INDEX request_status ON request(status, category);

CREATE TABLE offer (
  id             INTEGER PRIMARY KEY,
  partner_id     INTEGER NOT NULL REFERENCES partner(id),
  title          TEXT NOT NULL,
  categories     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories)),   -- [] any
  kinds          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(kinds)),        -- [] any
  regions        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions)),      -- M49 codes; with states [] anywhere
  states         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(states)),       -- ISO3
  budget_min     REAL,
  budget_max     REAL,
  currency       TEXT NOT NULL DEFAULT 'USD',
  period_start   TEXT,
  period_end     TEXT,
  languages      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
  description    TEXT NOT NULL DEFAULT '',
  contact        TEXT NOT NULL DEFAULT '',
  contact_public INTEGER NOT NULL DEFAULT 0,   -- the contact shows to everyone, else to signed-in users
  is_call        INTEGER NOT NULL DEFAULT 0,   -- a trust fund's call for proposals: needs stated in a national report only
  deadline       TEXT,                         -- a call's closing date
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'withdrawn', 'superseded')),
  report_id      INTEGER REFERENCES report(id),
  question       TEXT,
  row_index      INTEGER,
  version        INTEGER,
  synthetic      INTEGER NOT NULL DEFAULT 0,
  created_by     INTEGER REFERENCES user(id),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (report_id, question, row_index)
);
CREATE INDEX offer_partner ON offer(partner_id, status);

CREATE TABLE interest (            -- a partner's interest in a request, and the State's answer
  request_id  INTEGER NOT NULL REFERENCES request(id),
  partner_id  INTEGER NOT NULL REFERENCES partner(id),
  status      TEXT NOT NULL DEFAULT 'interested' CHECK (status IN ('interested', 'accepted', 'declined', 'withdrawn')),
  note        TEXT NOT NULL DEFAULT '',
  offer_id    INTEGER REFERENCES offer(id),
  synthetic   INTEGER NOT NULL DEFAULT 0,
  created_by  INTEGER REFERENCES user(id),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  decided_by  INTEGER REFERENCES user(id),
  decided_at  TEXT,
  PRIMARY KEY (request_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX interest_partner ON interest(partner_id);

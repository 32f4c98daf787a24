-- Joint baseline assessments (PoA BMS8 outcome, para 90): the Secretariat opens one for a
-- request with the requesting State and one or more partners; each side records findings,
-- needs and capacities by category.  Visible to the parties and the Secretariat only, or to
-- everyone when the State and every partner agree.
CREATE TABLE baseline (
  id            INTEGER PRIMARY KEY,
  request_id    INTEGER NOT NULL REFERENCES request(id),
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  note          TEXT NOT NULL DEFAULT '',     -- the Secretariat's note when opening it: its scope
  summary       TEXT NOT NULL DEFAULT '',     -- the result, attached to the request
  state_public  INTEGER NOT NULL DEFAULT 0,   -- the requesting State agrees to make it public
  synthetic     INTEGER NOT NULL DEFAULT 0,
  created_by    INTEGER REFERENCES user(id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  completed_by  INTEGER REFERENCES user(id),
  completed_at  TEXT,
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX baseline_request ON baseline(request_id);

CREATE TABLE baseline_partner (    -- the partners taking part, and whether each agrees to publish
  baseline_id    INTEGER NOT NULL REFERENCES baseline(id),
  partner_id     INTEGER NOT NULL REFERENCES partner(id),
  agrees_public  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (baseline_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX baseline_partner_partner ON baseline_partner(partner_id);

CREATE TABLE baseline_finding (    -- one side's findings for one category
  baseline_id  INTEGER NOT NULL REFERENCES baseline(id),
  party        INTEGER NOT NULL,   -- 0: the requesting State; else the partner's id
  category     TEXT NOT NULL,      -- taxonomy category id
  findings     TEXT NOT NULL DEFAULT '',
  needs        TEXT NOT NULL DEFAULT '',
  capacities   TEXT NOT NULL DEFAULT '',
  updated_by   INTEGER REFERENCES user(id),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (baseline_id, party, category)
) WITHOUT ROWID;

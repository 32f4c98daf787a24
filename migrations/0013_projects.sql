-- Projects (PoA BMS8 outcome, para 97): an accepted match becomes a project of the requesting
-- State and its partners, answering one or more requests; both sides post progress reports
-- (substantive and financial) on the schedule they set.  Completing a project completes its
-- requests (through the procedure of domain/assist_stage.c).
CREATE TABLE project (
  id                INTEGER PRIMARY KEY,
  title             TEXT NOT NULL,
  state_iso3        TEXT NOT NULL REFERENCES state(iso3),
  description       TEXT NOT NULL DEFAULT '',
  budget            REAL,
  currency          TEXT NOT NULL DEFAULT 'USD',
  period_start      TEXT,            -- YYYY-MM
  period_end        TEXT,
  agency            TEXT NOT NULL DEFAULT '',     -- the implementing agency
  schedule          TEXT NOT NULL DEFAULT 'quarterly' CHECK (schedule IN ('quarterly', 'half-yearly')),
  financial_public  INTEGER NOT NULL DEFAULT 0,   -- the parties chose to publish the financial detail
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  synthetic         INTEGER NOT NULL DEFAULT 0,
  created_by        INTEGER REFERENCES user(id),
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  completed_at      TEXT
);
CREATE INDEX project_state ON project(state_iso3, status);

CREATE TABLE project_partner (
  project_id  INTEGER NOT NULL REFERENCES project(id),
  partner_id  INTEGER NOT NULL REFERENCES partner(id),
  PRIMARY KEY (project_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX project_partner_partner ON project_partner(partner_id);

CREATE TABLE project_request (
  project_id  INTEGER NOT NULL REFERENCES project(id),
  request_id  INTEGER NOT NULL REFERENCES request(id),
  PRIMARY KEY (project_id, request_id)
) WITHOUT ROWID;
CREATE INDEX project_request_request ON project_request(request_id);

CREATE TABLE progress_report (     -- one side's report for one period: never changed, a correction is a new one
  id           INTEGER PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES project(id),
  period_end   TEXT NOT NULL,      -- YYYY-MM-DD: the last day of the period it covers
  party        INTEGER NOT NULL,   -- 0: the requesting State; else the partner's id
  activities   TEXT NOT NULL DEFAULT '',
  results      TEXT NOT NULL DEFAULT '',      -- results against the requests
  paragraphs   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(paragraphs)),   -- PoA and ITI paragraphs served
  committed    REAL,
  disbursed    REAL,
  spent        REAL,
  synthetic    INTEGER NOT NULL DEFAULT 0,
  created_by   INTEGER REFERENCES user(id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX progress_report_project ON progress_report(project_id, period_end);

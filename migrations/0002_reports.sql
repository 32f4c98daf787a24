-- 0002: national reports.  A report is one State's report for one cycle.  Its working
-- answers live in report_answer (one row per question, each with its own revision for
-- optimistic concurrency); every publication freezes the answers into report_version,
-- which is never updated or deleted.

CREATE TABLE report (
  id           INTEGER PRIMARY KEY,
  state_iso3   TEXT NOT NULL REFERENCES state(iso3),
  cycle        INTEGER NOT NULL REFERENCES cycle(year),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published')),
  language     TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
  synthetic    INTEGER NOT NULL DEFAULT 0,      -- demo content: every page that shows it says so
  version      INTEGER NOT NULL DEFAULT 0,      -- latest published version, 0 when none
  prefilled_from INTEGER REFERENCES report(id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  submitted_at TEXT,
  UNIQUE (state_iso3, cycle)
);
CREATE INDEX report_cycle_status ON report(cycle, status);

CREATE TABLE report_answer (
  report_id   INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  question    TEXT NOT NULL,                    -- stable question id from the cycle's template
  value       TEXT NOT NULL CHECK (json_valid(value)),
  rev         INTEGER NOT NULL DEFAULT 1,       -- bumped on every change; a stale rev is a conflict
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_by  INTEGER REFERENCES user(id),
  PRIMARY KEY (report_id, question)
);

CREATE TABLE report_version (
  report_id    INTEGER NOT NULL REFERENCES report(id),
  version      INTEGER NOT NULL CHECK (version >= 1),
  answers      TEXT NOT NULL CHECK (json_valid(answers)),   -- {"question id": value, ...}
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  published_by INTEGER REFERENCES user(id),
  note         TEXT,                                         -- what the correction changed, in words
  PRIMARY KEY (report_id, version)
);

CREATE TRIGGER report_version_no_update BEFORE UPDATE ON report_version
BEGIN SELECT RAISE(ABORT, 'a published version is never changed'); END;
CREATE TRIGGER report_version_no_delete BEFORE DELETE ON report_version
BEGIN SELECT RAISE(ABORT, 'a published version is never deleted'); END;

CREATE TABLE report_event (                     -- submit, return (with comments), publish
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES report(id),
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  user_id     INTEGER REFERENCES user(id),
  action      TEXT NOT NULL CHECK (action IN ('start', 'submit', 'return', 'publish', 'reopen')),
  comment     TEXT
);
CREATE INDEX report_event_report ON report_event(report_id);

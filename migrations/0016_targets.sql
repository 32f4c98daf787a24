-- 0016: voluntary national and regional targets (BMS8 outcome, para 29) and their progress.
-- A target belongs to one State (set by its focal points) or to one M49 region (recorded by the
-- Secretariat on behalf of the region's States, as they agreed it): exactly one of state_iso3 and
-- region.  Its indicator is free text, and may name a question of the reporting template
-- (number, yes/no or yes/no/developing): then the State's published answers give progress points
-- too.  Those are read from the published versions each time (domain/target.c), never stored,
-- so a correction is followed at once and a draft never counts; target_progress holds only what
-- a user recorded.
CREATE TABLE target (
  id              INTEGER PRIMARY KEY,
  state_iso3      TEXT REFERENCES state(iso3),
  region          TEXT REFERENCES region(code),
  title           TEXT NOT NULL,
  paragraphs      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(paragraphs)),   -- PoA and ITI paragraphs
  indicator       TEXT NOT NULL,                 -- in words
  question        TEXT,                          -- a template question id the indicator is measured by, or NULL
  unit            TEXT NOT NULL DEFAULT '',
  baseline_value  REAL,
  baseline_year   INTEGER,
  target_value    REAL NOT NULL,
  target_year     INTEGER NOT NULL,
  notes           TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'withdrawn')),
  synthetic       INTEGER NOT NULL DEFAULT 0,
  created_by      INTEGER REFERENCES user(id),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK ((state_iso3 IS NULL) <> (region IS NULL)),
  CHECK (baseline_year IS NULL OR baseline_year <= target_year)
);
CREATE INDEX target_state ON target(state_iso3, status);
CREATE INDEX target_region ON target(region, status);

CREATE TABLE target_progress (     -- a value recorded by a user; never changed (a correction is a new entry)
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES target(id),
  value        REAL NOT NULL,
  year         INTEGER NOT NULL,
  date         TEXT,                -- YYYY-MM-DD when known (then year is its year)
  note         TEXT NOT NULL DEFAULT '',
  synthetic    INTEGER NOT NULL DEFAULT 0,
  recorded_by  INTEGER REFERENCES user(id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX target_progress_target ON target_progress(target_id, year);

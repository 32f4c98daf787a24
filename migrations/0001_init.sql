-- 0001: reference data, documents, cycles, accounts, audit.
-- Reference tables are filled by `poaiss init` from data generated at build time.

CREATE TABLE region (            -- UN M49 regions (level 1) and subregions (level 2; 3 = intermediate)
  code      TEXT PRIMARY KEY,    -- three-digit M49 code, e.g. '002' Africa, '014' Eastern Africa
  name      TEXT NOT NULL,       -- English name
  parent    TEXT REFERENCES region(code),
  level     INTEGER NOT NULL CHECK (level IN (1, 2, 3))
);

CREATE TABLE regional_group (    -- the five UN regional groups
  code      TEXT PRIMARY KEY,    -- 'AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'
  name      TEXT NOT NULL,
  ord       INTEGER NOT NULL
);

CREATE TABLE state (
  iso3        TEXT PRIMARY KEY CHECK (length(iso3) = 3),
  iso2        TEXT NOT NULL UNIQUE,
  numeric     TEXT NOT NULL,
  name        TEXT NOT NULL,               -- UN short name in English
  official_name TEXT,                      -- ISO official name where given
  status      TEXT NOT NULL CHECK (status IN ('member', 'observer')),
  region      TEXT REFERENCES region(code),      -- M49 region (level 1)
  subregion   TEXT REFERENCES region(code),      -- M49 subregion (level 2)
  intermediate TEXT REFERENCES region(code),     -- M49 intermediate region, where one exists
  grp         TEXT REFERENCES regional_group(code)  -- NULL for States in no group
);

CREATE TABLE state_name (        -- names in the six UN languages
  iso3  TEXT NOT NULL REFERENCES state(iso3),
  lang  TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
  name  TEXT NOT NULL,
  PRIMARY KEY (iso3, lang)
);

CREATE TABLE organisation (      -- regional and subregional organisations
  code   TEXT PRIMARY KEY,       -- 'AU', 'ECOWAS', ...
  name   TEXT NOT NULL,          -- full English name
  kind   TEXT NOT NULL CHECK (kind IN ('regional', 'subregional', 'international')),
  url    TEXT
);

CREATE TABLE organisation_member (
  org   TEXT NOT NULL REFERENCES organisation(code),
  iso3  TEXT NOT NULL REFERENCES state(iso3),
  PRIMARY KEY (org, iso3)
);
CREATE INDEX organisation_member_iso3 ON organisation_member(iso3);

CREATE TABLE document (          -- instruments: PoA, later ITI and meeting outcomes
  code   TEXT PRIMARY KEY,       -- 'PoA'
  title  TEXT NOT NULL,
  symbol TEXT,                   -- UN document symbol, e.g. 'A/CONF.192/15'
  year   INTEGER
);

CREATE TABLE document_section (
  doc    TEXT NOT NULL REFERENCES document(code),
  num    TEXT NOT NULL,          -- roman numeral: 'I', 'II', ...
  title  TEXT NOT NULL,
  ord    INTEGER NOT NULL,
  PRIMARY KEY (doc, num)
);

CREATE TABLE document_paragraph (
  doc      TEXT NOT NULL,
  section  TEXT NOT NULL,
  num      INTEGER NOT NULL,
  address  TEXT NOT NULL,        -- stable address, e.g. 'PoA II.4'
  heading  TEXT,                 -- a subheading that opens this paragraph ('At the national level')
  text     TEXT NOT NULL,        -- subparagraphs (a), (b) ... each on a line of its own
  ord      INTEGER NOT NULL,
  PRIMARY KEY (doc, section, num),
  UNIQUE (address),
  FOREIGN KEY (doc, section) REFERENCES document_section(doc, num)
);

CREATE TABLE meeting (           -- BMS and RevCon; each closes a reporting cycle
  code        TEXT PRIMARY KEY,  -- 'BMS9', 'RevCon4'
  kind        TEXT NOT NULL CHECK (kind IN ('BMS', 'RevCon', 'MGE', 'Conference')),
  name        TEXT NOT NULL,
  starts      TEXT,              -- ISO date
  ends        TEXT,
  year        INTEGER NOT NULL
);

CREATE TABLE cycle (             -- a biennial reporting cycle, named by the year reports fall due
  year        INTEGER PRIMARY KEY,
  meeting     TEXT REFERENCES meeting(code),
  opens       TEXT NOT NULL,     -- ISO date
  deadline    TEXT NOT NULL,     -- ISO date
  status      TEXT NOT NULL CHECK (status IN ('closed', 'open', 'planned'))
);

CREATE TABLE user (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name        TEXT NOT NULL,
  email       TEXT,
  role        TEXT NOT NULL CHECK (role IN ('focal_point', 'partner', 'secretariat', 'admin')),
  state_iso3  TEXT REFERENCES state(iso3),   -- the State a focal point speaks for
  org         TEXT,                          -- a partner's organisation or donor State
  pw_hash     TEXT NOT NULL,
  disabled    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (role <> 'focal_point' OR state_iso3 IS NOT NULL)
);

CREATE TABLE session (
  token_hash  BLOB PRIMARY KEY,  -- BLAKE2b of the cookie value; the value itself is never stored
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,  -- unix seconds
  expires_at  INTEGER NOT NULL
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
  id          INTEGER PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  label       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER,           -- NULL: does not expire
  revoked     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE login_failure (     -- throttling: recent failed logins per account and per address
  key   TEXT NOT NULL,           -- 'u:<username>' or 'a:<address>'
  at    INTEGER NOT NULL
);
CREATE INDEX login_failure_key ON login_failure(key, at);

CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  user_id  INTEGER REFERENCES user(id),   -- NULL: the command line or the system
  actor    TEXT NOT NULL,                 -- username or 'cli'
  action   TEXT NOT NULL,                 -- 'user.add', 'token.create', 'login', ...
  object   TEXT,                          -- 'user:12', 'report:40'
  detail   TEXT                           -- JSON
);

-- Assistance II, the Secretariat's structured procedure (PoA BMS8 outcome, para 88): every
-- request moves through named stages, each move recorded with who, when and a note.  The
-- allowed moves are one table in the domain (domain/assist_stage.c), not here.
--
-- request.status stays the coarse status the lists filter on; the domain derives it from the
-- stage in the same write (received..circulated: open; matched, implementation: matched;
-- completed and closed: closed, or withdrawn / superseded after the close reason).
ALTER TABLE request ADD COLUMN stage TEXT NOT NULL DEFAULT 'received'
  CHECK (stage IN ('received', 'acknowledged', 'assessment', 'circulated', 'matched', 'implementation',
                   'completed', 'closed'));
ALTER TABLE request ADD COLUMN stage_since TEXT;          -- when it entered its stage (UTC, ISO 8601)
ALTER TABLE request ADD COLUMN close_reason TEXT
  CHECK (close_reason IS NULL OR close_reason IN ('withdrawn', 'duplicate', 'funded_elsewhere', 'not_feasible',
                                                  'superseded'));
ALTER TABLE request ADD COLUMN assessment INTEGER NOT NULL DEFAULT 0;   -- 1: with a joint baseline assessment

UPDATE request SET
  stage = CASE status WHEN 'open' THEN 'received' WHEN 'matched' THEN 'matched' ELSE 'closed' END,
  close_reason = CASE status WHEN 'withdrawn' THEN 'withdrawn' WHEN 'closed' THEN 'withdrawn'
                             WHEN 'superseded' THEN 'superseded' END,
  stage_since = updated_at;
UPDATE request SET status = 'withdrawn' WHERE status = 'closed';
CREATE INDEX request_stage_now ON request(stage, stage_since);

CREATE TABLE request_stage (       -- every move of a request: the stage it entered
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES request(id),
  stage       TEXT NOT NULL,
  reason      TEXT,                -- the close reason, for 'closed'
  note        TEXT NOT NULL DEFAULT '',
  user_id     INTEGER REFERENCES user(id),   -- NULL: the system (a report's publication)
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  synthetic   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX request_stage_request ON request_stage(request_id, id);
INSERT INTO request_stage (request_id, stage, reason, at, synthetic)
  SELECT id, stage, close_reason, stage_since, synthetic FROM request;

CREATE TABLE stage_target (        -- the Secretariat's target number of days in each open stage
  stage       TEXT PRIMARY KEY CHECK (stage IN ('received', 'acknowledged', 'assessment', 'circulated', 'matched',
                                                'implementation')),
  days        INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
  updated_by  INTEGER REFERENCES user(id),
  updated_at  TEXT
) WITHOUT ROWID;
INSERT INTO stage_target (stage, days) VALUES
  ('received', 14), ('acknowledged', 30), ('assessment', 90), ('circulated', 120), ('matched', 60),
  ('implementation', 730);

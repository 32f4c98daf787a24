-- 0006: file attachments (answers of type `file`).
--
-- attachment holds each file's bytes once, addressed by their SHA-256: the same file
-- uploaded twice, or carried from one cycle's report to the next, is stored once.  type is
-- the media type sniffed from the bytes when they were uploaded, never the client's claim.
-- Rows are never updated: content addressing makes a row immutable by construction.
--
-- report_attachment links a file to the report it was uploaded to (or carried into by
-- pre-fill).  An answer may refer only to a file linked to its own report, so one State
-- cannot borrow another's upload by naming its hash.  Whether a file may be downloaded is
-- decided from the report's answers (working or published) that refer to it, not from
-- this table: a link alone never makes a file visible.

CREATE TABLE attachment (
  sha256   TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  bytes    INTEGER NOT NULL CHECK (bytes >= 0 AND bytes = length(content)),
  type     TEXT NOT NULL,
  content  BLOB NOT NULL,
  created  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);   -- a rowid table: SQLite keeps large blobs better there than in a WITHOUT ROWID b-tree

CREATE TABLE report_attachment (
  report_id  INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  sha256     TEXT NOT NULL REFERENCES attachment(sha256),
  created_by INTEGER REFERENCES user(id),
  created    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (report_id, sha256)
) WITHOUT ROWID;

CREATE TRIGGER attachment_no_update BEFORE UPDATE ON attachment
BEGIN SELECT RAISE(ABORT, 'an attachment is never changed'); END;

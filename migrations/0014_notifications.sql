-- Notifications: every step that concerns someone puts a message in this outbox, in the same
-- transaction as the step.  The recipient's pages show it; with `serve --sendmail PATH` it is
-- also delivered by e-mail, in the recipient's language, retried, and sent once.  The text is
-- written when shown or sent, from kind and params, in the reader's language.
ALTER TABLE user ADD COLUMN lang TEXT CHECK (lang IS NULL OR lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));

CREATE TABLE notification (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES user(id),
  kind             TEXT NOT NULL,                 -- a key of the domain's message table (domain/notify.c)
  object           TEXT NOT NULL DEFAULT '',      -- the path of what it is about
  params           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  dedup            TEXT,                          -- at most one message per user and key (a stage overdue, a report due)
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  read_at          TEXT,
  email_state      TEXT NOT NULL DEFAULT 'none'
                   CHECK (email_state IN ('none', 'pending', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,                       -- unix seconds
  last_error       TEXT,
  sent_at          TEXT,
  synthetic        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (user_id, dedup)
);
CREATE INDEX notification_user ON notification(user_id, id);
CREATE INDEX notification_outbox ON notification(email_state, next_attempt_at);
-- The unread count shown in every signed-in page's navigation.
CREATE INDEX notification_unread ON notification(user_id) WHERE read_at IS NULL;

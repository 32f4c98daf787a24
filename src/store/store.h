/*
 * store: the SQLite database, and the only place with SQL.
 *
 * Connections: one writer, serialised by a mutex, every write a BEGIN IMMEDIATE
 * transaction; one reader per thread, opened on first use, with its prepared
 * statements cached (keyed by the address of their static SQL text).  Every read
 * statement is reset as soon as it is done, so the WAL can be checkpointed.
 *
 * Reads hand rows to a callback; the strings in a row are lent for the duration of the
 * call.  Functions return 0 on success, 1 for "not found" where that is a possible
 * answer, -1 on a database error (logged to stderr).
 */
#ifndef POAISS_STORE_STORE_H
#define POAISS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;

/** Open (creating when create is true) and migrate the database.  NULL on failure, with a message. */
struct store *store_open(const char *path, bool create, char *err, size_t errlen);
/** Close every connection.  No other thread may use the store any more. */
void store_close(struct store *s);
/** The schema version after migration. */
int store_schema_version(struct store *s);
/**
 * Examine the database at path without changing it (read-only; not migrated): integrity_check,
 * foreign_key_check, the schema version and every table (with its columns), index, trigger and
 * view the embedded migrations make.  A line per check to out.  The number of problems found
 * (0: sound), -1 when path cannot be opened as a database.
 */
long store_check(const char *path, FILE *out);
/**
 * Copy the database to the new file `to` as one consistent snapshot (one backup step, in one
 * read transaction: commits meanwhile do not restart it).  The copy is written to tmp (lent; a
 * file the caller created, empty, in to's directory; NULL: to.partial-XXXXXX made here), synced,
 * then linked to `to`; on failure
 * tmp is removed and `to` never exists half-written.  -1 with a message, also when `to` exists.
 */
int store_backup(struct store *s, const char *to, const char *tmp, char *err, size_t errlen);
/**
 * A number that changes whenever the database has changed since the last call on any
 * thread: at once after this process's commits (store_tx_commit), within a millisecond of
 * another process's (PRAGMA data_version, asked at most once a millisecond).  Caches of
 * rendered data keep the number they were made at.
 */
unsigned long store_data_generation(struct store *s);
/**
 * A time budget for this thread's read queries (store/budget.c): once this thread has spent
 * budget_us microseconds of processor time from now, the read statement running is interrupted
 * (it fails like a database error).  budget_us <= 0 arms nothing.  The writer is never interrupted.
 */
void store_budget_begin(long long budget_us);
/** Disarm this thread's budget; true when it interrupted a statement since store_budget_begin. */
bool store_budget_end(void);
/** True when this thread's armed budget has interrupted a statement. */
bool store_budget_exceeded(void);
/** True when the reference data has been loaded. */
bool store_is_initialised(struct store *s);

/* ---- transactions (writer) ---- */
/** Begin a write transaction (takes the writer lock). */
int store_tx_begin(struct store *s);
/**
 * Give the writer a page cache of this many megabytes (0: SQLite's default 2 MB) for a
 * bulk write: an import that grows the full-text index by hundreds of megabytes in one
 * transaction otherwise spends its time re-reading the pages it just wrote.
 */
int store_bulk_cache(struct store *s, int megabytes);
int store_tx_commit(struct store *s);
void store_tx_rollback(struct store *s);
/**
 * End the write transaction: commit when ok, else roll back.  0 after a commit; -1 when !ok or
 * the commit failed (then nothing was written).  The transaction is over either way.
 */
int store_tx_end(struct store *s, bool ok);

/* ---- reference data (store/ref.c) ---- */
/** Load the generated reference data SQL (inside a transaction). */
int store_ref_load_sql(struct store *s, const char *sql);
int store_doc_add(struct store *s, const char *code, const char *title, const char *symbol, int year);
int store_doc_section_add(struct store *s, const char *doc, const char *num, const char *title, int ord);
int store_doc_paragraph_add(struct store *s, const char *doc, const char *section, int num, const char *address,
                            const char *heading, const char *text, int ord);

struct store_state {
    const char *iso3, *iso2, *numeric, *name, *local_name, *official_name, *status;
    const char *region, *region_name, *subregion, *subregion_name, *intermediate, *intermediate_name;
    const char *grp, *grp_name;
};
struct store_state_filter {
    const char *region;      /* M49 code of a region, subregion or intermediate region */
    const char *grp;         /* regional group code */
    const char *org;         /* organisation code */
    const char *q;           /* substring of a name, any language */
    const char *lang;        /* language of local_name */
};
typedef int (*store_state_cb)(const struct store_state *st, void *ctx);
int store_states_each(struct store *s, const struct store_state_filter *f, store_state_cb cb, void *ctx);
int store_state_get(struct store *s, const char *iso3, const char *lang, store_state_cb cb, void *ctx);

struct store_name { const char *lang, *name; };
int store_state_names_each(struct store *s, const char *iso3, int (*cb)(const struct store_name *, void *), void *ctx);

/*
 * Names of regions, groups and organisations, official State names and the States of an
 * organisation come in lang ("ar" ... "es"; NULL or "en": English), each in English where
 * the reference data has no name in lang (table ref_name, migration 0007).
 */
struct store_region { const char *code, *name, *parent; int level; int count; };
int store_regions_each(struct store *s, const char *lang, int (*cb)(const struct store_region *, void *), void *ctx);
/** 0 when code is a known region, 1 when not. */
int store_region_get(struct store *s, const char *code, int (*cb)(const struct store_region *, void *), void *ctx);

struct store_group { const char *code, *name; int count; };
int store_groups_each(struct store *s, const char *lang, int (*cb)(const struct store_group *, void *), void *ctx);

struct store_org { const char *code, *name, *kind, *url; int count; };
int store_orgs_each(struct store *s, const char *lang, const char *member_iso3, int (*cb)(const struct store_org *, void *),
                    void *ctx);
int store_org_get(struct store *s, const char *code, const char *lang, int (*cb)(const struct store_org *, void *),
                  void *ctx);
/** The member States of organisation code, by their short name in lang. */
int store_org_members_each(struct store *s, const char *code, const char *lang,
                           int (*cb)(const char *iso3, const char *name, void *), void *ctx);
struct arena;
/**
 * The name of a reference item in lang (kind "region", "group", "org", "meeting" or
 * "official"; code its code): *out owned by the arena.  0 found, 1 none (English is then
 * the item's own name), -1 error (logged).
 */
int store_ref_name_read(struct store *s, struct arena *a, const char *kind, const char *code, const char *lang,
                        const char **out);
/** How many names ref_name holds (0 in a database made before migration 0007); -1 on error. */
int store_ref_names_count(struct store *s);

/* ---- cycles and meetings (store/cycle.c) ----
 * A cycle's status is not stored: domain/cycle.c computes it from these dates and today. */
struct store_cycle {
    int year; const char *meeting, *meeting_name, *kind, *starts, *ends, *opens, *deadline;
    int template_year;      /* the cycle whose template it answers; 0: its own */
};
int store_cycles_each(struct store *s, int (*cb)(const struct store_cycle *, void *), void *ctx);
/** Add a benchmark cycle unless it exists (`poaiss demo --scale`), inside a transaction.  1 added, 0 existed, -1 error. */
int store_cycle_add(struct store *s, int year, const char *opens, const char *deadline);
/**
 * Add a cycle after every existing one (inside a transaction): meeting may be NULL,
 * template_year 0 when the cycle has its own template.  1 added, 0 when a cycle of this
 * year or a later one exists, -1 error.
 */
int store_cycle_insert(struct store *s, int year, const char *meeting, const char *opens, const char *deadline,
                       int template_year);
/** Change a cycle's opening date and deadline (inside a transaction).  1 changed, 0 no such cycle, -1 error. */
int store_cycle_dates_set(struct store *s, int year, const char *opens, const char *deadline);

struct arena;
struct store_meeting { const char *code, *kind, *name, *starts, *ends; int year, cycle; /* 0: closes no cycle */ };
/** A meeting by code (case-sensitive), copied into a; cycle: the cycle it closes.  0 found, 1 not, -1 error. */
int store_meeting_read(struct store *s, struct arena *a, const char *code, struct store_meeting *out);
/** Add a meeting (inside a transaction).  1 added, 0 when the code exists, -1 error. */
int store_meeting_add(struct store *s, const struct store_meeting *m);
/** Set a meeting's dates (inside a transaction).  1 changed, 0 no such meeting, -1 error. */
int store_meeting_dates_set(struct store *s, const char *code, const char *starts, const char *ends);

struct store_doc { const char *code, *title, *symbol; int year; };
int store_doc_get(struct store *s, const char *code, int (*cb)(const struct store_doc *, void *), void *ctx);
struct store_section { const char *num, *title; };
int store_doc_sections_each(struct store *s, const char *doc, int (*cb)(const struct store_section *, void *), void *ctx);
struct store_paragraph { const char *section, *address, *heading, *text; int num; };
int store_doc_paragraphs_each(struct store *s, const char *doc, int (*cb)(const struct store_paragraph *, void *), void *ctx);

struct store_counts { int states, members, observers, orgs, paragraphs, cycles, users; };
int store_counts_get(struct store *s, struct store_counts *out);

/* ---- reference data as values (store/ref_list.c) ----
 * The same rows as the _each functions above, copied into the caller's arena: the caller
 * owns them as long as the arena lives.  0 ok, 1 not found (single reads), -1 error (logged). */
struct arena;
struct store_report;
int store_states_list(struct store *s, struct arena *a, const struct store_state_filter *f, struct store_state **out,
                      size_t *n);
int store_state_read(struct store *s, struct arena *a, const char *iso3, const char *lang, struct store_state *out);
int store_state_names_list(struct store *s, struct arena *a, const char *iso3, struct store_name **out, size_t *n);
int store_orgs_list(struct store *s, struct arena *a, const char *lang, const char *member_iso3, struct store_org **out,
                    size_t *n);
/** Every cycle, newest first. */
int store_cycles_list(struct store *s, struct arena *a, struct store_cycle **out, size_t *n);
/** Reports as store_reports_each chooses them. */
int store_reports_list(struct store *s, struct arena *a, const char *iso3, int cycle, const char *status,
                       bool published_only, struct store_report **out, size_t *n);
int store_regions_list(struct store *s, struct arena *a, const char *lang, struct store_region **out, size_t *n);
int store_groups_list(struct store *s, struct arena *a, const char *lang, struct store_group **out, size_t *n);
/** 0 when the cycle exists, 1 when not, -1 on error. */
int store_cycle_exists(struct store *s, int year);

/* ---- accounts (store/account.c) ---- */
struct store_user {
    long long id; const char *username, *name, *email, *role, *state_iso3, *org, *pw_hash; bool disabled;
};
typedef int (*store_user_cb)(const struct store_user *u, void *ctx);
/** Add a user (inside a transaction).  Returns the new id, 0 when the username is taken, -1 on error. */
long long store_user_add(struct store *s, const char *username, const char *name, const char *email, const char *role,
                         const char *state_iso3, const char *org, const char *pw_hash);
int store_user_by_name(struct store *s, const char *username, store_user_cb cb, void *ctx);
int store_user_by_id(struct store *s, long long id, store_user_cb cb, void *ctx);
int store_users_each(struct store *s, store_user_cb cb, void *ctx);

int store_session_add(struct store *s, const uint8_t *hash, size_t hlen, long long user_id, const char *csrf,
                      long long now, long long expires);
/** Find a live session; cb gets the user and csrf.  1 when none. */
int store_session_get(struct store *s, const uint8_t *hash, size_t hlen, long long now,
                      int (*cb)(const struct store_user *u, const char *csrf, void *ctx), void *ctx);
int store_session_delete(struct store *s, const uint8_t *hash, size_t hlen);
int store_sessions_expire(struct store *s, long long now);

long long store_token_add(struct store *s, const uint8_t *hash, size_t hlen, long long user_id, const char *label,
                          long long now, long long expires);
int store_token_get(struct store *s, const uint8_t *hash, size_t hlen, long long now, store_user_cb cb, void *ctx);
/** An API token as listed (never its secret).  revoked_at: unix seconds, 0 while valid; expires_at 0: never. */
struct store_token {
    long long id, user_id; const char *username, *label; long long created_at, expires_at, revoked_at;
};
/** Each token, newest first: of one user (user_id > 0) or of everyone (0). */
int store_tokens_each(struct store *s, long long user_id, int (*cb)(const struct store_token *t, void *ctx), void *ctx);
/** One token by id through the writer (inside a transaction).  0 found, 1 not, -1 error. */
int store_token_by_id(struct store *s, long long id, int (*cb)(const struct store_token *t, void *ctx), void *ctx);
/** Revoke a token at time now (kept, so the list shows it; api_token.revoked holds the time). */
int store_token_revoke(struct store *s, long long id, long long now);

/** Disable or enable an account (in a transaction).  1 changed, 0 no such account or already so, -1 error. */
int store_user_set_disabled(struct store *s, long long id, bool disabled);
/** Replace an account's password hash (in a transaction). */
int store_user_set_password(struct store *s, long long id, const char *pw_hash);
/** End every session of a user except the one whose hash is keep (NULL: all).  The number ended, or -1. */
int store_sessions_end(struct store *s, long long user_id, const uint8_t *keep, size_t klen);
/** The user's live sessions (for the admin page), or -1. */
int store_sessions_count(struct store *s, long long user_id, long long now);

/** Record a failed (or, until it succeeds, pending) sign-in under key.  Its row id, or -1. */
long long store_login_failure_add(struct store *s, const char *key, long long now);
/** Failures for key since the given time, read through the writer so that, inside the
 *  transaction that then records an attempt, counting and recording are one step. */
int store_login_failures_count(struct store *s, const char *key, long long since);
int store_login_failures_clear(struct store *s, const char *key);
/** Forget one recorded attempt (a sign-in that succeeded). */
int store_login_failure_delete(struct store *s, long long id);

/** Append to the audit log (inside the caller's transaction). */
int store_audit_add(struct store *s, long long user_id, const char *actor, const char *action, const char *object,
                    const char *detail_json);
struct store_audit { long long id; const char *at, *actor, *action, *object, *detail; };
int store_audit_each(struct store *s, int limit, int (*cb)(const struct store_audit *, void *), void *ctx);

/* ---- national reports (store/report.c) ---- */
struct store_report {
    long long id; const char *state_iso3; int cycle; const char *status, *language; bool synthetic;
    int version; long long prefilled_from; const char *created_at, *updated_at, *submitted_at;
};
typedef int (*store_report_cb)(const struct store_report *r, void *ctx);
/** 0 found, 1 not found.  With writer=true the read goes through the writer (inside a transaction). */
int store_report_get(struct store *s, long long id, bool writer, store_report_cb cb, void *ctx);
int store_report_find(struct store *s, const char *iso3, int cycle, bool writer, store_report_cb cb, void *ctx);
/** Reports filtered (NULL/0 for any); published_only hides every report without a published version. */
int store_reports_each(struct store *s, const char *iso3, int cycle, const char *status, bool published_only,
                       store_report_cb cb, void *ctx);
/** Create a draft (in a transaction).  Returns its id, 0 when one exists for (state, cycle), -1 on error. */
long long store_report_add(struct store *s, const char *iso3, int cycle, const char *language, bool synthetic,
                           long long prefilled_from);
int store_report_set_status(struct store *s, long long id, const char *status, int version);
int store_report_event_add(struct store *s, long long id, long long user_id, const char *action, const char *comment);
/** The same at a given time (ISO 8601 UTC; NULL: now).  For synthetic data only: real events happen now. */
int store_report_event_add_at(struct store *s, long long id, long long user_id, const char *action, const char *comment,
                              const char *at);
/** Set a report's creation, last change (also of its answers) and submission times (synthetic data only). */
int store_report_dates_set(struct store *s, long long id, const char *created, const char *updated, const char *submitted);

struct store_answer { const char *question, *value; long long rev; const char *updated_at; };
typedef int (*store_answer_cb)(const struct store_answer *a, void *ctx);
int store_answers_each(struct store *s, long long report_id, bool writer, store_answer_cb cb, void *ctx);
/** The current rev of one answer (0 when unanswered), through the writer.  -1 on error. */
long long store_answer_rev(struct store *s, long long report_id, const char *question, char **value_out);
/** Set (value JSON) or clear (value NULL) an answer; bumps its rev.  In a transaction.  Call store_report_touch after. */
int store_answer_put(struct store *s, long long report_id, const char *question, const char *value, long long user_id);
/** Mark the report changed now. */
int store_report_touch(struct store *s, long long report_id);
/**
 * One question across every published report (its latest version) of the cycles first..last
 * (0, 0: every cycle; the cross-view asks for the real cycles only, so that the benchmark cycles'
 * 39,000 reports are never read): cb gets the State, the cycle and the answer as JSON text
 * (NULL: no response), by State name then cycle.
 */
int store_question_answers(struct store *s, const char *question, const char *lang, int first, int last,
                           int (*cb)(const char *iso3, const char *name, int cycle, const char *value, void *ctx), void *ctx);
/**
 * Every published report of a cycle (its latest version), optionally of a region (any M49
 * level) or regional group, by State name: cb gets the State, the report and its answers
 * as one JSON object.
 */
struct store_cycle_answers { const char *iso3, *name; long long report_id; const char *answers; bool synthetic; };
int store_cycle_answers(struct store *s, int cycle, const char *lang, const char *region, const char *grp,
                        int (*cb)(const struct store_cycle_answers *a, void *ctx), void *ctx);
/** Freeze the working answers into version n (in a transaction). */
int store_report_version_add(struct store *s, long long report_id, int version, long long user_id, const char *note);
/** The same, published at a given time (NULL: now; synthetic data only). */
int store_report_version_add_at(struct store *s, long long report_id, int version, long long user_id, const char *note,
                                const char *at);
struct store_version { int version; const char *answers, *published_at, *note; };
int store_report_versions_each(struct store *s, long long report_id, int (*cb)(const struct store_version *, void *), void *ctx);
struct store_event { const char *at, *action, *comment, *actor; };
int store_report_events_each(struct store *s, long long report_id, int (*cb)(const struct store_event *, void *), void *ctx);

/* ---- one State across cycles (store/state_answers.c) ---- */
/** A report's latest published version: answers is the JSON object {question id: value}. */
struct store_published {
    long long report_id; int cycle, version; bool synthetic; const char *language, *published_at, *answers;
};
/** The State's published reports (latest version of each), oldest cycle first.  Drafts are never read. */
int store_state_published_each(struct store *s, const char *iso3,
                               int (*cb)(const struct store_published *p, void *ctx), void *ctx);

/* ---- published answers as values (store/answers_list.c) ----
 * The same rows as store_question_answers, store_cycle_answers and store_state_published_each,
 * copied into the caller's arena (owned by it).  0 ok, -1 error (logged). */
/** One State's answer to one question in one cycle; value is JSON text, NULL: no response. */
struct store_question_answer { const char *iso3, *name; int cycle; const char *value; };
int store_question_answers_list(struct store *s, struct arena *a, const char *question, const char *lang, int first, int last,
                                struct store_question_answer **out, size_t *n);
int store_cycle_answers_list(struct store *s, struct arena *a, int cycle, const char *lang, const char *region,
                             const char *grp, struct store_cycle_answers **out, size_t *n);
int store_state_published_list(struct store *s, struct arena *a, const char *iso3, struct store_published **out,
                               size_t *n);

/* ---- attachments (store/attachment.c) ---- */
/** Store a file's bytes under their SHA-256 (in a transaction); storing the same bytes again does nothing. */
int store_attachment_put(struct store *s, const char *sha256, const char *type, const void *data, size_t len);
/** Remove a stored file that no report links and no request's proposal names (in a transaction): a request's
    proposal replaced or removed, whose file would otherwise wait for the collector (a day) outside every quota. */
int store_attachment_drop_unused(struct store *s, const char *sha256);
/** Link a stored file to a report (in a transaction): the report's answers may then refer to it. */
int store_attachment_link(struct store *s, long long report_id, const char *sha256, long long user_id);
/** Give to_report every link of from_report (pre-fill, in a transaction). */
int store_attachment_links_copy(struct store *s, long long from_report, long long to_report);
/** Is the file linked to the report?  0 yes (its size and sniffed type out), 1 no, -1 error.  Through the writer. */
int store_attachment_linked(struct store *s, long long report_id, const char *sha256, long long *bytes, char *type,
                            size_t typelen);
/**
 * Does the report refer to the file, in its working answers (published false) or in any
 * published version (true), and is the file linked to the report (an upload to it or a pre-fill)?
 * 1 yes, with the name the reference gives it in name; 0 no; -1 error.
 */
int store_attachment_ref_name(struct store *s, long long report_id, const char *sha256, bool published, char *name,
                              size_t namelen);
struct store_attachment { const char *sha256, *type; size_t bytes; const void *content; };
/** A stored file; its bytes are lent for the duration of the callback.  0 found, 1 not found. */
int store_attachment_get(struct store *s, const char *sha256, int (*cb)(const struct store_attachment *a, void *ctx),
                         void *ctx);

/* ---- upload quotas and the collector (store/quota.c) ---- */
/**
 * The bytes of the files linked to report_id, and of those user_id linked to any report or
 * filed as a request's proposal, each file once, leaving out the file sha256 (so that adding
 * it costs its size only when it is new).  An id <= 0 gives 0.  In a transaction (the writer).
 */
int store_upload_usage(struct store *s, long long report_id, long long user_id, const char *sha256,
                       long long *report_bytes, long long *account_bytes);
/** What store_attachment_collect removed. */
struct store_collected { long long links, files, bytes; };
/**
 * In a transaction: remove the links made at or before `before` (ISO 8601 UTC text) that their report
 * refers to in neither its working answers nor any published version, then the files stored
 * at or before `before` that no link and no request's proposal names.  0, or -1 (logged).
 */
int store_attachment_collect(struct store *s, const char *before, struct store_collected *r);

/* ---- search (store/fts.c) ---- */
struct buf;
/** A search hit: one answer of a report's latest published version. */
struct store_hit {
    long long report_id; int version; const char *question, *lang;
    const char *snippet;     /* the answer text around the matches, each match between \x02 and \x03 */
    double rank;             /* poaiss_rank (BM25 without IDF, store/fts.c): lower is better; 0 when not ranked */
};
/**
 * Search the published reports with an FTS5 query (make one from user text with
 * store_search_quote), best first.  total (may be NULL) gets the number of hits.
 * 0 on success, -2 when fts_query is not a valid FTS5 query, -1 on a database error.
 */
int store_search(struct store *s, const char *fts_query, int limit, int offset,
                 int (*cb)(const struct store_hit *h, void *ctx), void *ctx, long *total);
/**
 * Turn any user text into a safe FTS5 query: words become quoted terms ("word"), a
 * trailing * keeps a prefix search ("marq"*), "double quoted phrases" stay phrases;
 * operators, brackets, control characters and invalid UTF-8 lose their meaning.  A term
 * that FTS5 would read as one already written (same words, ignoring ASCII case and
 * punctuation, same prefix flag) is dropped: "the the" is one phrase.  At most 16 terms.
 * -1 (out empty) when nothing searchable is left.
 */
int store_search_quote(const char *user_query, struct buf *out);

/**
 * Rebuild the full-text index from the latest published versions (in a transaction).
 * The trigger keeps it current; this is for a changed tokenizer and for benchmarks.
 * rows gets the number of indexed answers.
 */
int store_search_rebuild(struct store *s, long long *rows);
/**
 * A bulk write that only adds reports (import, demo), inside one transaction: store_bulk_begin
 * switches the search trigger off on the writer and returns the highest report id so far
 * (-1 on error); store_bulk_end indexes every report added since, in one statement, and
 * switches the trigger back on; store_bulk_abort only switches it back on (before a rollback).
 */
long long store_bulk_begin(struct store *s);
int store_bulk_end(struct store *s, long long last_before);
void store_bulk_abort(struct store *s);
/*
 * An import indexes its reports itself (store/bulk_index.c, domain/bulk_index.c), from the answers
 * it has parsed, with the rows the trigger would write; it ends with store_bulk_end_indexed
 * instead of store_bulk_end.  All of them run on the writer, inside the bulk write.
 */
/** The number of a question in search_question (given once, never reused), added if new; question lent. The number, or -1. */
int store_bulk_question(struct store *s, const char *question);
/* One row of the full-text index: rowid report_id * 65536 + question_n; strings lent. */
struct store_index_row {
    long long report_id;
    int question_n, version;
    const char *question, *lang, *text;
    size_t len;                          /* of text */
};
/** Insert count index rows (rows lent), in one statement.  0 or -1. */
int store_bulk_index_rows(struct store *s, const struct store_index_row *rows, size_t count);
/* One answer_value row; value lent ('' for an answer with a row in the index). */
struct store_value_row {
    int question_n;
    const char *value;
    long long report_id;
};
/** Insert count answer_value rows not there yet (rows lent), in one statement.  0 or -1. */
int store_bulk_value_rows(struct store *s, const struct store_value_row *rows, size_t count);
/* One answer of a report: the question id and the answer as JSON text, both lent. */
struct store_answer_row { const char *question, *value; };
/** Add count answers to report_id, a report that has none yet (an import's new report), in one statement: the rows
    store_answer_put adds one by one.  rows lent.  0 or -1. */
int store_bulk_answers(struct store *s, long long report_id, const struct store_answer_row *rows, size_t count);
/** SQLite's text for a REAL, as the trigger's group_concat writes it, into out (n bytes); asked on this thread's read
    connection (any thread).  0, or -1 if it does not fit. */
int store_real_text(struct store *s, double d, char *out, size_t n);
/** End a bulk write whose rows were indexed one by one: the search trigger back on, FTS5's default hashsize. 0 or -1. */
int store_bulk_end_indexed(struct store *s);

/*
 * Ranking costs FTS5 a few microseconds for every matching answer.  When more
 * answers than this match (after the filters), the results come newest first instead
 * (highest report id first), which costs nothing more; the caller says so to the user.
 */
#define STORE_SEARCH_RANK_MAX 5000

/**
 * Filters that combine with the text (0 / NULL: any).  answer applies only with question:
 * the answer to it equals answer (a string answer, a selected option, or "other" for an
 * answer with an other text).
 */
struct store_search_filter {
    int cycle; const char *region, *grp, *question, *answer;
    const char *questions;   /* a JSON array of question ids (a section's), or NULL: any */
    const char *lang;        /* the language of the region and group facets' labels; NULL: English (not a filter) */
};
/**
 * store_search with filters.  With an empty fts_query and a question in f, every answer to
 * that question (browsing: newest cycle first, then by State; the snippet is the answer's
 * text, unmarked; read from answer_value, migration 0018); with an empty fts_query and no
 * question, nothing.  The search is counted once per connection (store/search_scan.c): the
 * facets and other pages of the same search, until the data changes, cost no second pass.
 * Hits beyond the first 10,020 (the last page one may ask for) are not listed.
 */
int store_search_filtered(struct store *s, const char *fts_query, const struct store_search_filter *f, int limit, int offset,
                          int (*cb)(const struct store_hit *h, void *ctx), void *ctx, long *total);
/**
 * Build the map of published reports that every search counts with (store/search_scan.c), so that
 * the first search after a start does not pay for it: `poaiss serve` calls it before it listens.
 * Opens this thread's read connection.  0, or -1 (logged) on a database error.
 */
int store_search_warm(struct store *s);
/**
 * Keep an index of the search's terms in memory from now on (store/search_terms.c: each term with
 * the answers that hold it), built by a background thread at a lower priority when called and after
 * each publication, so that a search for common words does not read FTS5 match by match; until it
 * holds the newest publication a search reads it for the other reports and a small index made from
 * the text of those published since (FTS5 before the first build, or past 64 of them).  For
 * long-running programs (`poaiss serve`).
 * wait: return once the first index is built.  0, or -1 when the thread could not start.  store_close
 * stops it.
 */
int store_search_terms_start(struct store *s, bool wait);
/** Hold the term index's builder (true: it builds no new index until released with false); for tests and
    benchmarks of an index behind the data. */
void store_search_terms_hold(struct store *s, bool hold);
/**
 * Counts of matching answers by facet ("cycle", "region" (M49 level 1), "subregion" (level 2),
 * "group", "question" (every question, largest first), and with a question in f "answer": the
 * answer values as above), largest first (cycles newest first); cb gets value, label, count.  An empty fts_query browses as store_search_filtered does.
 */
int store_search_facet(struct store *s, const char *fts_query, const struct store_search_filter *f, const char *facet,
                       int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx);


/* ---- where reports stand (store/desk.c) ----
 * Rows copied into the caller's arena.  0 ok, -1 error (logged). */
/** A report waiting for someone: submitted (for the Secretariat) or returned (for the State). */
struct store_desk_row {
    long long id; const char *iso3, *name; int cycle; const char *status; int version; bool synthetic;
    const char *submitted_at;        /* when it was last submitted */
    const char *returned_at, *comment;   /* its latest return (NULL when never returned) */
};
/** Every submitted or returned report, the one waiting longest first; name in lang. */
int store_desk_list(struct store *s, struct arena *a, const char *lang, struct store_desk_row **out, size_t *n);
/** A cycle's progress in one M49 region: States, and how many have a published report, a draft, a submitted one. */
struct store_progress_row { const char *region, *region_name; int states, reported, drafts, submitted; };
/** The progress of cycle by region (level 1), by region name; States without a region last (region ""). */
int store_cycle_progress_list(struct store *s, struct arena *a, int cycle, struct store_progress_row **out, size_t *n);
/** One line of a report's history: action start, save, import, submit, return, publish or reopen. */
struct store_history_row { const char *at, *action, *actor, *comment; };
/** A report's events with the saves and imports of the audit log, in order. */
int store_report_history_list(struct store *s, struct arena *a, long long report_id, struct store_history_row **out,
                              size_t *n);

/* ---- the analysis of implementation (store/analysis.c) ----
 * Published reports only (the latest version of each; drafts never), in cycles first..last.
 * Rows copied into the caller's arena.  0 ok, -1 error (logged). */
/** A published report: its State, cycle, id, whether synthetic, and when it was last submitted (NULL: never). */
struct store_analysis_report { const char *iso3; int cycle; long long report_id; bool synthetic; const char *submitted_at; };
/** Every published report of the cycles first..last, by cycle then State code. */
int store_analysis_reports(struct store *s, struct arena *a, int first, int last, struct store_analysis_report **out,
                           size_t *n);
/** How many questions one read of answers takes at most. */
#define STORE_ANALYSIS_MAXQ 8
/** A published report's answers to the questions asked: value[i] is JSON text, NULL for no response. */
struct store_analysis_answer {
    const char *iso3; int cycle; long long report_id; bool synthetic; const char *value[STORE_ANALYSIS_MAXQ];
};
/**
 * The answers to questions[0..nq) (at most STORE_ANALYSIS_MAXQ) in every published report of the
 * cycles first..last, by cycle then State code: a row per report.
 */
int store_analysis_answers(struct store *s, struct arena *a, const char *const *questions, size_t nq, int first, int last,
                           struct store_analysis_answer **out, size_t *n);
/** A request for assistance (never a superseded one): its State, taxonomy, status and stage of the procedure. */
struct store_analysis_request {
    long long id; const char *iso3, *category, *kind, *status, *stage; bool synthetic;
};
int store_analysis_requests(struct store *s, struct arena *a, struct store_analysis_request **out, size_t *n);
/** An open offer: its categories, kinds, regions and States as JSON arrays of codes ([]: any, anywhere). */
struct store_analysis_offer { long long id; const char *categories, *kinds, *regions, *states; bool synthetic; };
/** Every open offer, by id. */
int store_analysis_offers(struct store *s, struct arena *a, struct store_analysis_offer **out, size_t *n);
/** A finished stay of a request in a stage of the procedure: the stage and its days (by stage, then days). */
struct store_analysis_stay { const char *stage; double days; };
int store_analysis_stage_days(struct store *s, struct arena *a, struct store_analysis_stay **out, size_t *n);

#endif

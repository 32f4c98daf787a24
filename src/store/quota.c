/*
 * quota: the room uploaded files take, and the removal of files nothing refers to (see
 * domain/quota.h for the rules).  A report "refers" to a file when its working answers or
 * any of its published versions hold an object whose "sha256" is the file's; a request
 * refers to its proposal.  Answers may refer only to files linked to their own report
 * (migrations/0006_attachments.sql), so a report's references are read from its own rows.
 */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

/* The report ?1 refers to the file ?2 (working answers or a published version). */
/* No report is linked to the file row f and no request names it as its proposal. */
#define FILE_UNUSED(f)                                                                                               \
    "NOT EXISTS (SELECT 1 FROM report_attachment l WHERE l.sha256 = " f ".sha256) "                                  \
    "AND NOT EXISTS (SELECT 1 FROM request q WHERE q.proposal IS NOT NULL AND instr(q.proposal, " f ".sha256) "      \
    "AND json_extract(q.proposal, '$.sha256') = " f ".sha256)"

#define REPORT_REFERS(rep, sha)                                                                                      \
    "(EXISTS (SELECT 1 FROM report_answer a, json_tree(a.value) t WHERE a.report_id = " rep                         \
    " AND instr(a.value, " sha ") AND t.key = 'sha256' AND t.atom = " sha ") OR "                                     \
    "EXISTS (SELECT 1 FROM report_version v, json_tree(v.answers) t WHERE v.report_id = " rep                       \
    " AND instr(v.answers, " sha ") AND t.key = 'sha256' AND t.atom = " sha "))"

int store_upload_usage(struct store *s, long long report_id, long long user_id, const char *sha256,
                       long long *report_bytes, long long *account_bytes)
{
    static const char REPORT[] = "SELECT coalesce(sum(a.bytes), 0) FROM report_attachment l JOIN attachment a ON a.sha256 = l.sha256 "
                                 "WHERE l.report_id = ?1 AND l.sha256 <> ?2";
    static const char ACCOUNT[] =
        "SELECT coalesce(sum(bytes), 0) FROM attachment WHERE sha256 <> ?2 AND sha256 IN ("
        "SELECT sha256 FROM report_attachment WHERE created_by = ?1 "
        "UNION SELECT json_extract(proposal, '$.sha256') FROM request WHERE created_by = ?1 AND proposal IS NOT NULL)";
    struct store_conn *c = store_writer(s);
    long long *out[2] = { report_bytes, account_bytes };
    const char *sql[2] = { REPORT, ACCOUNT };
    long long key[2] = { report_id, user_id };
    for (int i = 0; i < 2; i++) {
        *out[i] = 0;
        if (key[i] <= 0) continue;
        sqlite3_stmt *st = store_stmt(c, sql[i]);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, key[i]);
        store_bind_text(st, 2, sha256 ? sha256 : "");
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) *out[i] = sqlite3_column_int64(st, 0);
        else store_log_error(c->db, __func__);
        store_done(st);
        if (rc != SQLITE_ROW) return -1;
    }
    return 0;
}

int store_attachment_drop_unused(struct store *s, const char *sha256)
{
    static const char SQL[] = "DELETE FROM attachment AS f WHERE f.sha256 = ?1 AND " FILE_UNUSED("f");
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    store_bind_text(st, 1, sha256);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(c->db, __func__);
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_attachment_collect(struct store *s, const char *before, struct store_collected *r)
{
    /* 1. Links made at or before `before` (whole seconds: a grace of 0 takes what was made this second too) that their report does not refer to. */
    static const char LINKS[] = "DELETE FROM report_attachment AS l WHERE l.created <= ?1 AND NOT "
                                REPORT_REFERS("l.report_id", "l.sha256");
    /* 2. Files made at or before `before` that no link and no request's proposal names. */
    static const char FILES[] = "DELETE FROM attachment AS f WHERE f.created <= ?1 AND " FILE_UNUSED("f") " RETURNING bytes";
    struct store_conn *c = store_writer(s);
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st = store_stmt(c, LINKS);
    if (!st) return -1;
    store_bind_text(st, 1, before);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) r->links = sqlite3_changes64(c->db);
    else store_log_error(c->db, "store_attachment_collect links");
    store_done(st);
    if (rc != SQLITE_DONE) return -1;
    st = store_stmt(c, FILES);
    if (!st) return -1;
    store_bind_text(st, 1, before);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        r->files++;
        r->bytes += sqlite3_column_int64(st, 0);
    }
    if (rc != SQLITE_DONE) store_log_error(c->db, "store_attachment_collect files");
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

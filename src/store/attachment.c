/*
 * attachment: the bytes of uploaded files, content-addressed by SHA-256, and their links
 * to reports (see migrations/0006_attachments.sql).  Whether a report refers to a file is
 * read from its answers with json_tree, so it can never disagree with what is shown.
 */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

static int step_write(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_attachment_put(struct store *s, const char *sha256, const char *type, const void *data, size_t len)
{
    static const char SQL[] = "INSERT INTO attachment(sha256, bytes, type, content) VALUES (?1, ?2, ?3, ?4) "
                              "ON CONFLICT(sha256) DO NOTHING";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, sha256);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
    store_bind_text(st, 3, type);
    sqlite3_bind_blob64(st, 4, len ? data : "", (sqlite3_uint64)len, SQLITE_STATIC);
    return step_write(st, __func__);
}

int store_attachment_link(struct store *s, long long report_id, const char *sha256, long long user_id)
{
    static const char SQL[] = "INSERT INTO report_attachment(report_id, sha256, created_by) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT(report_id, sha256) DO NOTHING";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, sha256);
    if (user_id > 0) sqlite3_bind_int64(st, 3, user_id); else sqlite3_bind_null(st, 3);
    return step_write(st, __func__);
}

int store_attachment_links_copy(struct store *s, long long from_report, long long to_report)
{
    static const char SQL[] = "INSERT INTO report_attachment(report_id, sha256, created_by) "
                              "SELECT ?2, sha256, created_by FROM report_attachment WHERE report_id = ?1 "
                              "ON CONFLICT(report_id, sha256) DO NOTHING";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, from_report);
    sqlite3_bind_int64(st, 2, to_report);
    return step_write(st, __func__);
}

int store_attachment_linked(struct store *s, long long report_id, const char *sha256, long long *bytes, char *type,
                            size_t typelen)
{
    static const char SQL[] = "SELECT a.bytes, a.type FROM report_attachment l JOIN attachment a ON a.sha256 = l.sha256 "
                              "WHERE l.report_id = ?1 AND l.sha256 = ?2";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, sha256);
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW) {
        if (bytes) *bytes = sqlite3_column_int64(st, 0);
        if (type) snprintf(type, typelen, "%s", store_col(st, 1) ? store_col(st, 1) : "");
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        store_log_error(sqlite3_db_handle(st), __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_attachment_ref_name(struct store *s, long long report_id, const char *sha256, bool published, char *name,
                              size_t namelen)
{
    /* A reference is an object with a member "sha256", anywhere in an answer (file answers, table cells); t.path is
     * that object, so its "name" is beside the hash.  Published: the latest version that refers to it.  Only a file
     * linked to the report counts: an answer naming another report's file never makes it readable here. */
#define LINKED "EXISTS (SELECT 1 FROM report_attachment l WHERE l.report_id = ?1 AND l.sha256 = ?2)"
    static const char WORKING[] =
        "SELECT json_extract(a.value, t.path || '.name') FROM report_answer a, json_tree(a.value) t "
        "WHERE a.report_id = ?1 AND t.key = 'sha256' AND t.atom = ?2 AND " LINKED " LIMIT 1";
    static const char PUBLISHED[] =
        "SELECT json_extract(v.answers, t.path || '.name') FROM report_version v, json_tree(v.answers) t "
        "WHERE v.report_id = ?1 AND t.key = 'sha256' AND t.atom = ?2 AND " LINKED " ORDER BY v.version DESC LIMIT 1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, published ? PUBLISHED : WORKING) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, sha256);
    int rc = sqlite3_step(st), ret = 0;
    if (rc == SQLITE_ROW) {
        const char *n = store_col(st, 0);
        snprintf(name, namelen, "%s", n && sqlite3_column_type(st, 0) == SQLITE_TEXT ? n : "");
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_attachment_get(struct store *s, const char *sha256, int (*cb)(const struct store_attachment *a, void *ctx),
                         void *ctx)
{
    static const char SQL[] = "SELECT sha256, type, bytes, content FROM attachment WHERE sha256 = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, sha256);
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW) {
        struct store_attachment a = { store_col(st, 0), store_col(st, 1), (size_t)sqlite3_column_int64(st, 2),
                                      sqlite3_column_blob(st, 3) };
        a.bytes = (size_t)sqlite3_column_bytes(st, 3);
        cb(&a, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

/* report: national reports, their working answers, published versions and events. */
#include <stdio.h>
#include <stdlib.h>

#include "store/internal.h"
#include "util/mem.h"

static int step_write(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static struct store_conn *conn(struct store *s, bool writer)
{
    return writer ? store_writer(s) : store_reader(s);
}

#define REPORT_COLS "SELECT id, state_iso3, cycle, status, language, synthetic, version, prefilled_from, " \
                    "created_at, updated_at, submitted_at FROM report "

static void report_row(sqlite3_stmt *st, struct store_report *r)
{
    r->id = sqlite3_column_int64(st, 0); r->state_iso3 = store_col(st, 1); r->cycle = sqlite3_column_int(st, 2);
    r->status = store_col(st, 3); r->language = store_col(st, 4); r->synthetic = sqlite3_column_int(st, 5) != 0;
    r->version = sqlite3_column_int(st, 6); r->prefilled_from = sqlite3_column_int64(st, 7);
    r->created_at = store_col(st, 8); r->updated_at = store_col(st, 9); r->submitted_at = store_col(st, 10);
}

static int one(sqlite3_stmt *st, store_report_cb cb, void *ctx)
{
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW) {
        struct store_report r;
        report_row(st, &r);
        if (cb) cb(&r, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        store_log_error(sqlite3_db_handle(st), "report");
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_report_get(struct store *s, long long id, bool writer, store_report_cb cb, void *ctx)
{
    static const char SQL[] = REPORT_COLS "WHERE id = ?1";
    struct store_conn *c = conn(s, writer);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    return one(st, cb, ctx);
}

int store_report_find(struct store *s, const char *iso3, int cycle, bool writer, store_report_cb cb, void *ctx)
{
    static const char SQL[] = REPORT_COLS "WHERE state_iso3 = ?1 AND cycle = ?2";
    struct store_conn *c = conn(s, writer);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    sqlite3_bind_int(st, 2, cycle);
    return one(st, cb, ctx);
}

int store_reports_each(struct store *s, const char *iso3, int cycle, const char *status, bool published_only,
                       store_report_cb cb, void *ctx)
{
    static const char SQL[] = REPORT_COLS
        "WHERE (?1 IS NULL OR state_iso3 = ?1) AND (?2 = 0 OR cycle = ?2) AND (?3 IS NULL OR status = ?3) "
        "AND (?4 = 0 OR version > 0) ORDER BY cycle DESC, state_iso3";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    sqlite3_bind_int(st, 2, cycle);
    store_bind_text(st, 3, status);
    sqlite3_bind_int(st, 4, published_only);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_report r;
        report_row(st, &r);
        if (cb(&r, ctx)) break;
    }
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

long long store_report_add(struct store *s, const char *iso3, int cycle, const char *language, bool synthetic,
                           long long prefilled_from)
{
    static const char SQL[] = "INSERT INTO report(state_iso3, cycle, status, language, synthetic, prefilled_from) "
                              "VALUES (?1, ?2, 'draft', ?3, ?4, ?5) ON CONFLICT(state_iso3, cycle) DO NOTHING";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    sqlite3_bind_int(st, 2, cycle);
    store_bind_text(st, 3, language);
    sqlite3_bind_int(st, 4, synthetic);
    if (prefilled_from > 0) sqlite3_bind_int64(st, 5, prefilled_from); else sqlite3_bind_null(st, 5);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_changes(c->db) ? sqlite3_last_insert_rowid(c->db) : 0;
}

int store_report_set_status(struct store *s, long long id, const char *status, int version)
{
    static const char SQL[] = "UPDATE report SET status = ?2, version = ?3, "
                              "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                              "submitted_at = CASE WHEN ?2 = 'submitted' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                              "ELSE submitted_at END WHERE id = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, status);
    sqlite3_bind_int(st, 3, version);
    return step_write(st, __func__);
}

int store_report_event_add(struct store *s, long long id, long long user_id, const char *action, const char *comment)
{
    return store_report_event_add_at(s, id, user_id, action, comment, NULL);
}

int store_report_event_add_at(struct store *s, long long id, long long user_id, const char *action, const char *comment,
                              const char *at)
{
    static const char SQL[] = "INSERT INTO report_event(report_id, user_id, action, comment, at) "
                              "VALUES (?1, ?2, ?3, ?4, coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    if (user_id > 0) sqlite3_bind_int64(st, 2, user_id); else sqlite3_bind_null(st, 2);
    store_bind_text(st, 3, action);
    store_bind_text(st, 4, comment);
    store_bind_text(st, 5, at);
    return step_write(st, __func__);
}

int store_report_dates_set(struct store *s, long long id, const char *created, const char *updated, const char *submitted)
{
    static const char REPORT[] = "UPDATE report SET created_at = ?2, updated_at = ?3, "
                                 "submitted_at = CASE WHEN submitted_at IS NULL THEN NULL ELSE ?4 END WHERE id = ?1";
    static const char ANSWERS[] = "UPDATE report_answer SET updated_at = ?2 WHERE report_id = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), REPORT);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, created);
    store_bind_text(st, 3, updated);
    store_bind_text(st, 4, submitted);
    if (step_write(st, __func__) < 0) return -1;
    st = store_stmt(store_writer(s), ANSWERS);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, updated);
    return step_write(st, __func__);
}

int store_answers_each(struct store *s, long long report_id, bool writer, store_answer_cb cb, void *ctx)
{
    static const char SQL[] = "SELECT question, value, rev, updated_at FROM report_answer WHERE report_id = ?1 ORDER BY question";
    struct store_conn *c = conn(s, writer);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_answer a = { store_col(st, 0), store_col(st, 1), sqlite3_column_int64(st, 2), store_col(st, 3) };
        if (cb(&a, ctx)) break;
    }
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

long long store_answer_rev(struct store *s, long long report_id, const char *question, char **value_out)
{
    static const char SQL[] = "SELECT rev, value FROM report_answer WHERE report_id = ?1 AND question = ?2";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, question);
    long long rev = 0;
    if (value_out) *value_out = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rev = sqlite3_column_int64(st, 0);
        if (value_out) *value_out = xstrdup(store_col(st, 1));
    } else if (rc != SQLITE_DONE) {
        rev = -1;
    }
    store_done(st);
    return rev;
}

int store_answer_put(struct store *s, long long report_id, const char *question, const char *value, long long user_id)
{
    static const char SET[] =
        "INSERT INTO report_answer(report_id, question, value, updated_by) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(report_id, question) DO UPDATE SET value = excluded.value, rev = rev + 1, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), updated_by = excluded.updated_by";
    static const char CLEAR[] = "DELETE FROM report_answer WHERE report_id = ?1 AND question = ?2";
    sqlite3_stmt *st = store_stmt(store_writer(s), value ? SET : CLEAR);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, question);
    if (value) {
        store_bind_text(st, 3, value);
        if (user_id > 0) sqlite3_bind_int64(st, 4, user_id); else sqlite3_bind_null(st, 4);
    }
    return step_write(st, __func__);
}

int store_report_touch(struct store *s, long long report_id)
{
    static const char TOUCH[] = "UPDATE report SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
    sqlite3_stmt *t = store_stmt(store_writer(s), TOUCH);
    if (!t) return -1;
    sqlite3_bind_int64(t, 1, report_id);
    return step_write(t, __func__);
}

int store_report_version_add(struct store *s, long long report_id, int version, long long user_id, const char *note)
{
    return store_report_version_add_at(s, report_id, version, user_id, note, NULL);
}

int store_report_version_add_at(struct store *s, long long report_id, int version, long long user_id, const char *note,
                                const char *at)
{
    static const char SQL[] =
        "INSERT INTO report_version(report_id, version, answers, published_by, note, published_at) "
        "SELECT ?1, ?2, coalesce(json_group_object(question, json(value)), '{}'), ?3, ?4, "
        "coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
        "FROM (SELECT question, value FROM report_answer WHERE report_id = ?1 ORDER BY question)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    sqlite3_bind_int(st, 2, version);
    if (user_id > 0) sqlite3_bind_int64(st, 3, user_id); else sqlite3_bind_null(st, 3);
    store_bind_text(st, 4, note);
    store_bind_text(st, 5, at);
    return step_write(st, __func__);
}

int store_report_versions_each(struct store *s, long long report_id, int (*cb)(const struct store_version *, void *), void *ctx)
{
    static const char SQL[] = "SELECT version, answers, published_at, note FROM report_version WHERE report_id = ?1 ORDER BY version";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_version v = { sqlite3_column_int(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3) };
        if (cb(&v, ctx)) break;
    }
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_report_events_each(struct store *s, long long report_id, int (*cb)(const struct store_event *, void *), void *ctx)
{
    static const char SQL[] = "SELECT e.at, e.action, e.comment, coalesce(u.username, 'cli') FROM report_event e "
                              "LEFT JOIN user u ON u.id = e.user_id WHERE e.report_id = ?1 ORDER BY e.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_event e = { store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3) };
        if (cb(&e, ctx)) break;
    }
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_question_answers(struct store *s, const char *question, const char *lang, int first, int last,
                           int (*cb)(const char *iso3, const char *name, int cycle, const char *value, void *ctx), void *ctx)
{
    static const char SQL[] =
        "SELECT r.state_iso3, coalesce(n.name, st.name), r.cycle, "
        "       (v.answers -> printf('$.\"%w\"', ?1)) IS NOT NULL, v.answers -> printf('$.\"%w\"', ?1) "
        "FROM report r JOIN report_version v ON v.report_id = r.id AND v.version = r.version "
        "JOIN state st ON st.iso3 = r.state_iso3 LEFT JOIN state_name n ON n.iso3 = st.iso3 AND n.lang = ?2 "
        "WHERE r.version > 0 AND r.cycle BETWEEN ?3 AND ?4 ORDER BY fold(coalesce(n.name, st.name)), r.cycle";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, question);
    store_bind_text(st, 2, lang ? lang : "en");
    sqlite3_bind_int(st, 3, first > 0 ? first : 0);
    sqlite3_bind_int(st, 4, last > 0 ? last : 1 << 30);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *value = sqlite3_column_int(st, 3) ? store_col(st, 4) : NULL;
        if (cb(store_col(st, 0), store_col(st, 1), sqlite3_column_int(st, 2), value, ctx)) break;
    }
    store_done(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    store_log_error(c->db, "question answers");
    return -1;
}

int store_cycle_answers(struct store *s, int cycle, const char *lang, const char *region, const char *grp,
                        int (*cb)(const struct store_cycle_answers *a, void *ctx), void *ctx)
{
    static const char SQL[] =
        "SELECT r.state_iso3, coalesce(n.name, st.name), r.id, v.answers, r.synthetic "
        "FROM report r JOIN report_version v ON v.report_id = r.id AND v.version = r.version "
        "JOIN state st ON st.iso3 = r.state_iso3 LEFT JOIN state_name n ON n.iso3 = st.iso3 AND n.lang = ?2 "
        "WHERE r.version > 0 AND r.cycle = ?1 AND (?3 IS NULL OR ?3 IN (st.region, st.subregion, st.intermediate)) "
        "AND (?4 IS NULL OR st.grp = ?4) ORDER BY fold(coalesce(n.name, st.name))";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int(st, 1, cycle);
    store_bind_text(st, 2, lang ? lang : "en");
    store_bind_text(st, 3, region && *region ? region : NULL);
    store_bind_text(st, 4, grp && *grp ? grp : NULL);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_cycle_answers a = { store_col(st, 0), store_col(st, 1), sqlite3_column_int64(st, 2), store_col(st, 3),
                                         sqlite3_column_int(st, 4) != 0 };
        if (cb(&a, ctx)) break;
    }
    store_done(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    store_log_error(c->db, "cycle answers");
    return -1;
}

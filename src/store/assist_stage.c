/*
 * store/assist_stage: a request's stage, its history, the stage targets and the desk's reads
 * (see store/assist_stage.h).
 */
#include "store/assist_stage.h"

#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

int store_request_stage_read(struct store *s, struct arena *a, long long id, struct store_stage_row *out)
{
    static const char SQL[] =
        "SELECT q.id, q.state_iso3, q.stage, q.stage_since, q.close_reason, "
        "  (SELECT coalesce(x.user_id, 0) FROM request_stage x WHERE x.request_id = q.id ORDER BY x.id DESC LIMIT 1) "
        "FROM request q WHERE q.id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->iso3 = DUP(a, store_col(st, 1));
        out->stage = DUP(a, store_col(st, 2));
        out->stage_since = DUP(a, store_col(st, 3));
        out->close_reason = DUP(a, store_col(st, 4));
        out->last_user = sqlite3_column_int64(st, 5);
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, "request stage read");
    }
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_request_stage_write(struct store *s, long long id, const char *stage, const char *reason, const char *status,
                              const char *at)
{
    static const char SQL[] =
        "UPDATE request SET stage = ?2, close_reason = ?3, status = ?4, stage_since = coalesce(?5, " NOW "), "
        "  updated_at = coalesce(?5, " NOW ") WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, stage);
    store_bind_text(st, 3, reason);
    store_bind_text(st, 4, status);
    store_bind_text(st, 5, at);
    if (store_step_done(st, "request stage write") < 0) return -1;
    return sqlite3_changes(c->db) ? 0 : 1;
}

int store_request_stage_add(struct store *s, long long id, const char *stage, const char *reason, const char *note,
                            long long user_id, const char *at, bool synthetic)
{
    static const char SQL[] =
        "INSERT INTO request_stage (request_id, stage, reason, note, user_id, at, synthetic) "
        "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, " NOW "), ?7)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, stage);
    store_bind_text(st, 3, reason);
    store_bind_text(st, 4, note ? note : "");
    if (user_id > 0) sqlite3_bind_int64(st, 5, user_id);
    else sqlite3_bind_null(st, 5);
    store_bind_text(st, 6, at);
    sqlite3_bind_int(st, 7, synthetic);
    return store_step_done(st, "request stage add");
}

int store_request_stage_backdate(struct store *s, long long id, const char *at)
{
    static const char *const SQL[] = {
        "UPDATE request_stage SET at = ?2 WHERE id = (SELECT min(id) FROM request_stage WHERE request_id = ?1)",
        "UPDATE request SET created_at = ?2, "
        "  stage_since = CASE WHEN (SELECT count(*) FROM request_stage x WHERE x.request_id = ?1) = 1 THEN ?2 ELSE stage_since END, "
        "  updated_at = CASE WHEN (SELECT count(*) FROM request_stage x WHERE x.request_id = ?1) = 1 THEN ?2 ELSE updated_at END "
        "WHERE id = ?1",
    };
    struct store_conn *c = store_writer(s);
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = c ? store_stmt(c, SQL[i]) : NULL;
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, at);
        if (store_step_done(st, "request stage backdate") < 0) return -1;
    }
    return 0;
}

const char *store_user_username(struct store *s, struct arena *a, long long user_id)
{
    static const char SQL[] = "SELECT username FROM user WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, user_id);
    const char *name = sqlite3_step(st) == SQLITE_ROW ? DUP(a, store_col(st, 0)) : NULL;
    store_done(st);
    return name;
}

static void step_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_stage_step *x = elem;
    x->stage = DUP(a, store_col(st, 0));
    x->reason = DUP(a, store_col(st, 1));
    x->note = DUP(a, store_col(st, 2));
    x->at = DUP(a, store_col(st, 3));
    x->user_id = sqlite3_column_int64(st, 4);
    x->user_name = DUP(a, store_col(st, 5));
    x->user_role = DUP(a, store_col(st, 6));
    x->user_state = DUP(a, store_col(st, 7));
    x->synthetic = sqlite3_column_int(st, 8) != 0;
}

int store_request_stages_list(struct store *s, struct arena *a, long long id, struct store_stage_step **out, size_t *n)
{
    static const char SQL[] =
        "SELECT x.stage, x.reason, x.note, x.at, coalesce(x.user_id, 0), u.name, u.role, u.state_iso3, x.synthetic "
        "FROM request_stage x LEFT JOIN user u ON u.id = x.user_id WHERE x.request_id = ?1 ORDER BY x.at, x.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, id);
    return store_rows(st, a, sizeof **out, step_row, NULL, out, n, "request stages");
}

static void target_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_stage_target *t = elem;
    t->stage = DUP(a, store_col(st, 0));
    t->days = sqlite3_column_int(st, 1);
    t->updated_by = DUP(a, store_col(st, 2));
    t->updated_at = DUP(a, store_col(st, 3));
}

int store_stage_targets_list(struct store *s, struct arena *a, struct store_stage_target **out, size_t *n)
{
    static const char SQL[] =
        "SELECT t.stage, t.days, u.name, t.updated_at FROM stage_target t LEFT JOIN user u ON u.id = t.updated_by";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, target_row, NULL, out, n, "stage targets");
}

int store_stage_target_set(struct store *s, const char *stage, int days, long long user_id)
{
    static const char SQL[] =
        "UPDATE stage_target SET days = ?2, updated_by = ?3, updated_at = " NOW " WHERE stage = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, stage);
    sqlite3_bind_int(st, 2, days);
    if (user_id > 0) sqlite3_bind_int64(st, 3, user_id);
    else sqlite3_bind_null(st, 3);
    if (store_step_done(st, "stage target set") < 0) return -1;
    return sqlite3_changes(c->db) ? 0 : 1;
}

static void desk_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_desk_request *r = elem;
    r->id = sqlite3_column_int64(st, 0);
    r->iso3 = DUP(a, store_col(st, 1));
    r->state_name = DUP(a, store_col(st, 2));
    r->region = DUP(a, store_col(st, 3));
    r->title = DUP(a, store_col(st, 4));
    r->category = DUP(a, store_col(st, 5));
    r->stage = DUP(a, store_col(st, 6));
    r->stage_since = DUP(a, store_col(st, 7));
    r->synthetic = sqlite3_column_int(st, 8) != 0;
}

int store_desk_requests(struct store *s, struct arena *a, const char *lang, const char *stage, const char *region,
                        struct store_desk_request **out, size_t *n)
{
    static const char SQL[] =
        "SELECT q.id, q.state_iso3, coalesce(sn.name, st.name), st.region, q.title, q.category, q.stage, "
        "  coalesce(q.stage_since, q.updated_at), q.synthetic "
        "FROM request q JOIN state st ON st.iso3 = q.state_iso3 "
        "LEFT JOIN state_name sn ON sn.iso3 = q.state_iso3 AND sn.lang = ?1 "
        "WHERE (?2 IS NULL AND q.stage NOT IN ('completed', 'closed') OR q.stage = ?2) "
        "  AND (?3 IS NULL OR ?3 IN (st.region, st.subregion, st.intermediate)) "
        "ORDER BY coalesce(q.stage_since, q.updated_at), q.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        store_bind_text(st, 2, stage);
        store_bind_text(st, 3, region);
    }
    return store_rows(st, a, sizeof **out, desk_row, NULL, out, n, "desk requests");
}

static void count_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_stage_count *k = elem;
    k->stage = DUP(a, store_col(st, 0));
    k->n = sqlite3_column_int(st, 1);
}

int store_stage_counts(struct store *s, struct arena *a, struct store_stage_count **out, size_t *n)
{
    static const char SQL[] = "SELECT stage, count(*) FROM request GROUP BY stage";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, count_row, NULL, out, n, "stage counts");
}

static void duplicate_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_duplicate *d = elem;
    d->id = sqlite3_column_int64(st, 0);
    d->other = sqlite3_column_int64(st, 1);
    d->other_title = DUP(a, store_col(st, 2));
    d->in_project = sqlite3_column_int(st, 3) != 0;
}

int store_request_duplicates(struct store *s, struct arena *a, struct store_duplicate **out, size_t *n)
{
    /* For each open request, at most one other: the first (by id) of the same State and category that is in a
       project (not cancelled) without it, else the first that is open for an overlapping period.  Periods are
       YYYY-MM text: they compare as dates; a missing bound overlaps everything.  Each is one walk of
       request_state_category (migration 0019) that stops at the first match; the projects' requests are few, so
       the first is read from them (CROSS JOIN keeps that order).  Pairs of requests, as this was once asked,
       were n² rows: 4 million for 2,000 requests of one State and category. */
    static const char SQL[] =
        "WITH d AS (SELECT q.id AS id, "
        "  (SELECT min(o.id) FROM project_request pr CROSS JOIN project p CROSS JOIN request o "
        "    WHERE p.id = pr.project_id AND p.status <> 'cancelled' AND o.id = pr.request_id AND o.id <> q.id "
        "      AND o.state_iso3 = q.state_iso3 AND o.category = q.category "
        "      AND NOT EXISTS (SELECT 1 FROM project_request y WHERE y.project_id = p.id AND y.request_id = q.id)) AS p, "
        "  (SELECT o.id FROM request o INDEXED BY request_state_category "
        "    WHERE o.state_iso3 = q.state_iso3 AND o.category = q.category AND o.id <> q.id "
        "      AND o.stage NOT IN ('completed', 'closed') "
        "      AND (q.period_start IS NULL OR o.period_end IS NULL OR q.period_start <= o.period_end) "
        "      AND (o.period_start IS NULL OR q.period_end IS NULL OR o.period_start <= q.period_end) "
        "    ORDER BY o.id LIMIT 1) AS x "
        "  FROM request q WHERE q.stage NOT IN ('completed', 'closed')) "
        "SELECT d.id, r.id, r.title, d.p IS NOT NULL FROM d JOIN request r ON r.id = coalesce(d.p, d.x) ORDER BY d.id";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, duplicate_row, NULL, out, n, "request duplicates");
}

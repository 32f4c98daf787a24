/*
 * store/project: projects, their partners and requests, progress reports (see store/project.h).
 */
#include "store/project.h"

#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

/* ---------------------------------------------------------------- projects */

#define PROJECT_COLS \
    "p.id, p.title, p.state_iso3, coalesce(sn.name, st.name), p.description, p.budget, p.currency, p.period_start, " \
    "p.period_end, p.agency, p.schedule, p.financial_public, p.status, p.synthetic, p.created_by, p.created_at, " \
    "p.updated_at, p.completed_at "
#define PROJECT_FROM \
    "FROM project p JOIN state st ON st.iso3 = p.state_iso3 " \
    "LEFT JOIN state_name sn ON sn.iso3 = p.state_iso3 AND sn.lang = ?1 "

static void project_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_project *p = elem;
    p->id = sqlite3_column_int64(st, 0);
    p->title = DUP(a, store_col(st, 1));
    p->iso3 = DUP(a, store_col(st, 2));
    p->state_name = DUP(a, store_col(st, 3));
    p->description = DUP(a, store_col(st, 4));
    p->has_budget = sqlite3_column_type(st, 5) != SQLITE_NULL;
    p->budget = sqlite3_column_double(st, 5);
    p->currency = DUP(a, store_col(st, 6));
    p->period_start = DUP(a, store_col(st, 7));
    p->period_end = DUP(a, store_col(st, 8));
    p->agency = DUP(a, store_col(st, 9));
    p->schedule = DUP(a, store_col(st, 10));
    p->financial_public = sqlite3_column_int(st, 11) != 0;
    p->status = DUP(a, store_col(st, 12));
    p->synthetic = sqlite3_column_int(st, 13) != 0;
    p->created_by = sqlite3_column_int64(st, 14);
    p->created_at = DUP(a, store_col(st, 15));
    p->updated_at = DUP(a, store_col(st, 16));
    p->completed_at = DUP(a, store_col(st, 17));
}

int store_projects_list(struct store *s, struct arena *a, const char *lang, const struct store_project_filter *f,
                        struct store_project **out, size_t *n)
{
    static const char SQL[] =
        "SELECT " PROJECT_COLS PROJECT_FROM
        "WHERE (?2 IS NULL OR p.state_iso3 = ?2) AND (?3 IS NULL OR p.status = ?3) "
        "  AND (?4 IS NULL OR EXISTS (SELECT 1 FROM project_request pr JOIN request q ON q.id = pr.request_id "
        "                             WHERE pr.project_id = p.id AND q.category = ?4)) "
        "  AND (?5 = 0 OR EXISTS (SELECT 1 FROM project_partner pp WHERE pp.project_id = p.id AND pp.partner_id = ?5)) "
        "ORDER BY p.created_at DESC, p.id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        store_bind_text(st, 2, f->iso3);
        store_bind_text(st, 3, f->status);
        store_bind_text(st, 4, f->category);
        sqlite3_bind_int64(st, 5, f->partner_id);
    }
    return store_rows(st, a, sizeof **out, project_row, NULL, out, n, "projects list");
}

int store_project_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_project *out)
{
    static const char SQL[] = "SELECT " PROJECT_COLS PROJECT_FROM "WHERE p.id = ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        sqlite3_bind_int64(st, 2, id);
    }
    return store_row(st, a, project_row, NULL, out, "project get");
}

long long store_project_insert(struct store *s, const struct store_project *p)
{
    static const char SQL[] =
        "INSERT INTO project (title, state_iso3, description, budget, currency, period_start, period_end, agency, "
        "  schedule, financial_public, status, synthetic, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, p->title);
    store_bind_text(st, 2, p->iso3);
    store_bind_text(st, 3, p->description ? p->description : "");
    store_bind_real(st, 4, p->has_budget, p->budget);
    store_bind_text(st, 5, p->currency ? p->currency : "USD");
    store_bind_text(st, 6, p->period_start);
    store_bind_text(st, 7, p->period_end);
    store_bind_text(st, 8, p->agency ? p->agency : "");
    store_bind_text(st, 9, p->schedule ? p->schedule : "quarterly");
    sqlite3_bind_int(st, 10, p->financial_public);
    store_bind_text(st, 11, p->status ? p->status : "active");
    sqlite3_bind_int(st, 12, p->synthetic);
    store_bind_id(st, 13, p->created_by);
    if (store_step_done(st, "project insert") < 0) return -1;
    return sqlite3_last_insert_rowid(c->db);
}

int store_project_set_status(struct store *s, long long id, const char *status)
{
    static const char SQL[] =
        "UPDATE project SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
        "  completed_at = CASE WHEN ?2 = 'completed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE completed_at END "
        "WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, status);
    if (store_step_done(st, "project status") < 0) return -1;
    return sqlite3_changes(c->db) ? 0 : 1;
}

static int link_add(struct store *s, const char *sql, long long project_id, long long other, const char *where)
{
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, sql) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int64(st, 2, other);
    return store_step_done(st, where);
}

int store_project_partner_add(struct store *s, long long project_id, long long partner_id)
{
    static const char SQL[] = "INSERT OR IGNORE INTO project_partner (project_id, partner_id) VALUES (?1, ?2)";
    return link_add(s, SQL, project_id, partner_id, "project partner");
}

int store_project_request_add(struct store *s, long long project_id, long long request_id)
{
    static const char SQL[] = "INSERT OR IGNORE INTO project_request (project_id, request_id) VALUES (?1, ?2)";
    return link_add(s, SQL, project_id, request_id, "project request");
}

static void partner_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_project_partner *)elem = (struct store_project_partner){
        sqlite3_column_int64(st, 0), DUP(a, store_col(st, 1)), DUP(a, store_col(st, 2)), DUP(a, store_col(st, 3)),
        DUP(a, store_col(st, 4)) };
}

int store_project_partners(struct store *s, struct arena *a, long long project_id, struct store_project_partner **out,
                           size_t *n)
{
    static const char SQL[] =
        "SELECT pa.id, pa.code, pa.name, pa.kind, pa.state_iso3 FROM project_partner pp "
        "JOIN partner pa ON pa.id = pp.partner_id WHERE pp.project_id = ?1 ORDER BY pa.name, pa.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, project_id);
    return store_rows(st, a, sizeof **out, partner_row, NULL, out, n, "project partners");
}

static void request_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_project_request *)elem = (struct store_project_request){
        sqlite3_column_int64(st, 0), DUP(a, store_col(st, 1)), DUP(a, store_col(st, 2)), DUP(a, store_col(st, 3)),
        DUP(a, store_col(st, 4)), DUP(a, store_col(st, 5)) };
}

int store_project_requests(struct store *s, struct arena *a, long long project_id, struct store_project_request **out,
                           size_t *n)
{
    static const char SQL[] =
        "SELECT q.id, q.title, q.category, q.kind, q.status, q.stage FROM project_request pr "
        "JOIN request q ON q.id = pr.request_id WHERE pr.project_id = ?1 ORDER BY q.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, project_id);
    return store_rows(st, a, sizeof **out, request_row, NULL, out, n, "project requests");
}

int store_projects_of_request(struct store *s, struct arena *a, long long request_id, long long **out, size_t *n)
{
    static const char SQL[] = "SELECT project_id FROM project_request WHERE request_id = ?1 ORDER BY project_id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, request_id);
    return store_rows(st, a, sizeof **out, store_row_id, NULL, out, n, "projects of request");
}

long long store_partner_of_state(struct store *s, const char *iso3)
{
    static const char SQL[] = "SELECT id FROM partner WHERE kind = 'state' AND state_iso3 = ?1 ORDER BY id LIMIT 1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_log_error(c->db, "partner of state"); id = -1; }
    store_done(st);
    return id;
}

/* ---------------------------------------------------------------- progress reports */

static void progress_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_progress *r = elem;
    r->id = sqlite3_column_int64(st, 0);
    r->project_id = sqlite3_column_int64(st, 1);
    r->party = sqlite3_column_int64(st, 2);
    r->period_end = DUP(a, store_col(st, 3));
    r->activities = DUP(a, store_col(st, 4));
    r->results = DUP(a, store_col(st, 5));
    r->paragraphs = DUP(a, store_col(st, 6));
    r->has_committed = sqlite3_column_type(st, 7) != SQLITE_NULL;
    r->committed = sqlite3_column_double(st, 7);
    r->has_disbursed = sqlite3_column_type(st, 8) != SQLITE_NULL;
    r->disbursed = sqlite3_column_double(st, 8);
    r->has_spent = sqlite3_column_type(st, 9) != SQLITE_NULL;
    r->spent = sqlite3_column_double(st, 9);
    r->synthetic = sqlite3_column_int(st, 10) != 0;
    r->created_by = sqlite3_column_int64(st, 11);
    r->created_at = DUP(a, store_col(st, 12));
}

int store_progress_list(struct store *s, struct arena *a, long long project_id, struct store_progress **out, size_t *n)
{
    static const char SQL[] =
        "SELECT id, project_id, party, period_end, activities, results, paragraphs, committed, disbursed, spent, "
        "  synthetic, created_by, created_at FROM progress_report WHERE project_id = ?1 ORDER BY period_end, id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, project_id);
    return store_rows(st, a, sizeof **out, progress_row, NULL, out, n, "progress list");
}

long long store_progress_insert(struct store *s, const struct store_progress *r)
{
    static const char SQL[] =
        "INSERT INTO progress_report (project_id, period_end, party, activities, results, paragraphs, committed, "
        "  disbursed, spent, synthetic, created_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, r->project_id);
    store_bind_text(st, 2, r->period_end);
    sqlite3_bind_int64(st, 3, r->party);
    store_bind_text(st, 4, r->activities ? r->activities : "");
    store_bind_text(st, 5, r->results ? r->results : "");
    store_bind_text(st, 6, r->paragraphs ? r->paragraphs : "[]");
    store_bind_real(st, 7, r->has_committed, r->committed);
    store_bind_real(st, 8, r->has_disbursed, r->disbursed);
    store_bind_real(st, 9, r->has_spent, r->spent);
    sqlite3_bind_int(st, 10, r->synthetic);
    store_bind_id(st, 11, r->created_by);
    store_bind_text(st, 12, r->created_at);
    if (store_step_done(st, "progress insert") < 0) return -1;
    return sqlite3_last_insert_rowid(c->db);
}

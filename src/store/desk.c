/*
 * desk: where reports stand, read for the Secretariat's desk and a State's own page —
 * the reports waiting for someone, a cycle's progress by region, and a report's history
 * (its events and the saves in the audit log).  Rows are copied into the caller's arena.
 * 0 on success, -1 on a database error (logged).
 */
#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

static void desk_list_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_desk_row *d = elem;
    d->id = sqlite3_column_int64(st, 0);
    d->iso3 = DUP(a, store_col(st, 1));
    d->name = DUP(a, store_col(st, 2));
    d->cycle = sqlite3_column_int(st, 3);
    d->status = DUP(a, store_col(st, 4));
    d->version = sqlite3_column_int(st, 5);
    d->synthetic = sqlite3_column_int(st, 6) != 0;
    d->submitted_at = DUP(a, store_col(st, 7));
    d->returned_at = DUP(a, store_col(st, 8));
    d->comment = DUP(a, store_col(st, 9));
}

int store_desk_list(struct store *s, struct arena *a, const char *lang, struct store_desk_row **out, size_t *n)
{
    /* The latest return of a returned report: its comment and time. */
    static const char SQL[] =
        "SELECT r.id, r.state_iso3, coalesce(n.name, st.name), r.cycle, r.status, r.version, r.synthetic, r.submitted_at, "
        "       e.at, e.comment "
        "FROM report r JOIN state st ON st.iso3 = r.state_iso3 "
        "LEFT JOIN state_name n ON n.iso3 = st.iso3 AND n.lang = ?1 "
        "LEFT JOIN report_event e ON e.id = (SELECT max(x.id) FROM report_event x WHERE x.report_id = r.id AND x.action = 'return') "
        "WHERE r.status IN ('submitted', 'returned') "
        "ORDER BY coalesce(CASE r.status WHEN 'returned' THEN e.at END, r.submitted_at, r.updated_at), r.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) store_bind_text(st, 1, lang ? lang : "en");
    return store_rows(st, a, sizeof **out, desk_list_row, NULL, out, n, "desk list");
}

static void cycle_progress_list_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_progress_row *p = elem;
    p->region = DUP(a, store_col(st, 0));
    p->region_name = DUP(a, store_col(st, 1));
    p->states = sqlite3_column_int(st, 2);
    p->reported = sqlite3_column_int(st, 3);
    p->drafts = sqlite3_column_int(st, 4);
    p->submitted = sqlite3_column_int(st, 5);
}

int store_cycle_progress_list(struct store *s, struct arena *a, int cycle, struct store_progress_row **out, size_t *n)
{
    /* Every State by its M49 region (level 1); a report counts once, by where it stands. */
    static const char SQL[] =
        "SELECT coalesce(st.region, ''), coalesce(rg.name, ''), count(*), "
        "       sum(r.version > 0), sum(r.version = 0 AND r.status IN ('draft', 'returned')), "
        "       sum(r.version = 0 AND r.status = 'submitted') "
        "FROM state st LEFT JOIN region rg ON rg.code = st.region "
        "LEFT JOIN report r ON r.state_iso3 = st.iso3 AND r.cycle = ?1 "
        "GROUP BY st.region ORDER BY st.region IS NULL, rg.name";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int(st, 1, cycle);
    return store_rows(st, a, sizeof **out, cycle_progress_list_row, NULL, out, n, "cycle progress list");
}

static void report_history_list_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_history_row *h = elem;
    h->at = DUP(a, store_col(st, 0));
    h->action = DUP(a, store_col(st, 1));
    h->actor = DUP(a, store_col(st, 2));
    h->comment = DUP(a, store_col(st, 3));
}

int store_report_history_list(struct store *s, struct arena *a, long long report_id, struct store_history_row **out,
                              size_t *n)
{
    /*
     * The report's events, and its saves and imports from the audit log.  Events are dated to
     * the second, the log to the millisecond: both are compared to the second, and within one
     * second a start comes first, then saves, then the other events, each in its own order.
     */
    static const char SQL[] =
        "SELECT at, action, actor, comment FROM ("
        "  SELECT e.at AS at, e.action AS action, coalesce(u.username, 'cli') AS actor, e.comment AS comment, "
        "         CASE e.action WHEN 'start' THEN 0 ELSE 2 END AS rank, e.id AS seq "
        "  FROM report_event e LEFT JOIN user u ON u.id = e.user_id WHERE e.report_id = ?1 "
        "  UNION ALL "
        "  SELECT substr(l.at, 1, 19) || 'Z', CASE l.action WHEN 'report.import' THEN 'import' ELSE 'save' END, l.actor, NULL, 1, l.id "
        "  FROM audit_log l WHERE l.object = 'report:' || ?1 AND l.action IN ('report.save', 'report.import')"
        ") ORDER BY substr(at, 1, 19), rank, seq";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, report_id);
    return store_rows(st, a, sizeof **out, report_history_list_row, NULL, out, n, "report history list");
}

/*
 * store/analysis: the reads behind the analysis of implementation (domain/analysis.h).
 *
 * Every read of reports takes the latest published version of each report (r.version > 0:
 * drafts never count, exactly as /cycles/{year} and /questions/{id} read them) and is bounded
 * to a range of cycles, so that it walks the index on report(cycle, ...) and not every report
 * of the database: at 40,000 reports (demo --scale 44) the real cycles hold about 1,800.
 * Rows are copied into the caller's arena.
 */
#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"
#include "util/jsonscan.h"

#define DUP(a, x) arena_strdup((a), (x))

static void report_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_analysis_report *)elem = (struct store_analysis_report){
        DUP(a, store_col(st, 0)), sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3) != 0,
        DUP(a, store_col(st, 4)) };
}

int store_analysis_reports(struct store *s, struct arena *a, int first, int last, struct store_analysis_report **out,
                           size_t *n)
{
    static const char SQL[] = "SELECT state_iso3, cycle, id, synthetic, submitted_at FROM report "
                              "WHERE cycle BETWEEN ?1 AND ?2 AND version > 0 ORDER BY cycle, state_iso3";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int(st, 1, first);
        sqlite3_bind_int(st, 2, last);
    }
    return store_rows(st, a, sizeof **out, report_row, NULL, out, n, "analysis reports");
}

/* The questions whose values store_analysis_answers keeps, for answer_row. */
struct answer_keys {
    const char *const *questions;
    size_t nq;
};

static void answer_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    const struct answer_keys *k = ctx;
    struct store_analysis_answer *r = elem;
    *r = (struct store_analysis_answer){ DUP(a, store_col(st, 0)), sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2),
                                         sqlite3_column_int(st, 3) != 0, { NULL } };
    struct jsonscan_value val[STORE_ANALYSIS_MAXQ];
    const char *doc = (const char *)sqlite3_column_text(st, 4);
    jsonscan_top(doc, (size_t)sqlite3_column_bytes(st, 4), k->questions, k->nq, val);
    for (size_t i = 0; i < k->nq; i++)
        if (val[i].p && !(val[i].n == 4 && memcmp(val[i].p, "null", 4) == 0)) r->value[i] = arena_strndup(a, val[i].p, val[i].n);
}

int store_analysis_answers(struct store *s, struct arena *a, const char *const *questions, size_t nq, int first, int last,
                           struct store_analysis_answer **out, size_t *n)
{
    /* The answers document as it is stored, scanned for the keys (util/jsonscan.h): the same values as
       answers -> '$."id"' (JSON null is no response, as an absent key), at a fraction of the cost. */
    static const char SQL[] =
        "SELECT r.state_iso3, r.cycle, r.id, r.synthetic, v.answers "
        "FROM report r JOIN report_version v ON v.report_id = r.id AND v.version = r.version "
        "WHERE r.cycle BETWEEN ?1 AND ?2 AND r.version > 0 ORDER BY r.cycle, r.state_iso3";
    struct answer_keys k = { questions, nq > STORE_ANALYSIS_MAXQ ? STORE_ANALYSIS_MAXQ : nq };
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int(st, 1, first);
        sqlite3_bind_int(st, 2, last);
    }
    return store_rows(st, a, sizeof **out, answer_row, &k, out, n, "analysis answers");
}

static void request_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_analysis_request *)elem = (struct store_analysis_request){
        sqlite3_column_int64(st, 0), DUP(a, store_col(st, 1)), DUP(a, store_col(st, 2)), DUP(a, store_col(st, 3)),
        DUP(a, store_col(st, 4)), DUP(a, store_col(st, 5)), sqlite3_column_int(st, 6) != 0 };
}

int store_analysis_requests(struct store *s, struct arena *a, struct store_analysis_request **out, size_t *n)
{
    /* By the status index: without it (and without ORDER BY id, which asked for the table's order) the
       planner reads all 31,000 requests at 40,000 reports, of which 160 are not superseded. */
    static const char SQL[] = "SELECT id, state_iso3, category, kind, status, stage, synthetic FROM request INDEXED BY request_status "
                              "WHERE status IN ('open', 'matched', 'closed', 'withdrawn')";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, request_row, NULL, out, n, "analysis requests");
}

static void offer_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_analysis_offer *)elem = (struct store_analysis_offer){
        sqlite3_column_int64(st, 0), DUP(a, store_col(st, 1)), DUP(a, store_col(st, 2)), DUP(a, store_col(st, 3)),
        DUP(a, store_col(st, 4)), sqlite3_column_int(st, 5) != 0 };
}

int store_analysis_offers(struct store *s, struct arena *a, struct store_analysis_offer **out, size_t *n)
{
    static const char SQL[] = "SELECT id, categories, kinds, regions, states, synthetic FROM offer INDEXED BY offer_status WHERE status = 'open'";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, offer_row, NULL, out, n, "analysis offers");
}

static void stay_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    *(struct store_analysis_stay *)elem = (struct store_analysis_stay){ DUP(a, store_col(st, 0)), sqlite3_column_double(st, 1) };
}

int store_analysis_stage_days(struct store *s, struct arena *a, struct store_analysis_stay **out, size_t *n)
{
    /* Each move's stage and the days until the request's next move: a finished stay in that stage.  The
       requests counted are those of store_analysis_requests: a superseded one (a later report replaced it)
       left "received" because it was replaced, not because it was handled, and is left out here as it is
       from the needs (at 40,000 reports they are 31,000 of 31,200 requests: counted, they would make the
       median of "received" the time between two reports and cost a sort of every move). */
    static const char SQL[] =
        "SELECT stage, julianday(next_at) - julianday(at) FROM ("
        "  SELECT stage, at, lead(at) OVER (PARTITION BY request_id ORDER BY id) AS next_at FROM request_stage"
        "  WHERE request_id IN (SELECT id FROM request WHERE status IN ('open', 'matched', 'closed', 'withdrawn'))"
        ") WHERE next_at IS NOT NULL ORDER BY stage, 2";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, stay_row, NULL, out, n, "analysis stage days");
}

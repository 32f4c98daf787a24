/*
 * store/assistance: requests, offers, partners and interests (see store/assistance.h).
 */
#include "store/assistance.h"

#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

/* ---------------------------------------------------------------- requests */

#define REQUEST_COLS \
    "q.id, q.state_iso3, coalesce(sn.name, st.name), q.category, q.kind, q.title, q.description, q.estimated_cost, " \
    "q.currency, q.period_start, q.period_end, q.paragraphs, q.languages, q.in_plan, q.proposal, q.status, " \
    "q.report_id, q.question, q.row_index, q.version, q.cycle, q.synthetic, q.created_by, q.created_at, q.updated_at, " \
    "(SELECT count(*) FROM interest i WHERE i.request_id = q.id AND i.status <> 'withdrawn'), " \
    "q.stage, coalesce(q.stage_since, q.updated_at), q.close_reason, q.lang "
#define REQUEST_FROM \
    "FROM request q JOIN state st ON st.iso3 = q.state_iso3 " \
    "LEFT JOIN state_name sn ON sn.iso3 = q.state_iso3 AND sn.lang = ?1 "

static void request_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_request *r = elem;
    r->id = sqlite3_column_int64(st, 0);
    r->iso3 = DUP(a, store_col(st, 1));
    r->state_name = DUP(a, store_col(st, 2));
    r->category = DUP(a, store_col(st, 3));
    r->kind = DUP(a, store_col(st, 4));
    r->title = DUP(a, store_col(st, 5));
    r->description = DUP(a, store_col(st, 6));
    r->has_cost = sqlite3_column_type(st, 7) != SQLITE_NULL;
    r->cost = sqlite3_column_double(st, 7);
    r->currency = DUP(a, store_col(st, 8));
    r->period_start = DUP(a, store_col(st, 9));
    r->period_end = DUP(a, store_col(st, 10));
    r->paragraphs = DUP(a, store_col(st, 11));
    r->languages = DUP(a, store_col(st, 12));
    r->in_plan = sqlite3_column_type(st, 13) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 13) != 0;
    r->proposal = DUP(a, store_col(st, 14));
    r->status = DUP(a, store_col(st, 15));
    r->report_id = sqlite3_column_int64(st, 16);
    r->question = DUP(a, store_col(st, 17));
    r->row = sqlite3_column_int(st, 18);
    r->version = sqlite3_column_int(st, 19);
    r->cycle = sqlite3_column_int(st, 20);
    r->synthetic = sqlite3_column_int(st, 21) != 0;
    r->created_by = sqlite3_column_int64(st, 22);
    r->created_at = DUP(a, store_col(st, 23));
    r->updated_at = DUP(a, store_col(st, 24));
    r->interests = sqlite3_column_int(st, 25);
    r->stage = DUP(a, store_col(st, 26));
    r->stage_since = DUP(a, store_col(st, 27));
    r->close_reason = DUP(a, store_col(st, 28));
    r->lang = DUP(a, store_col(st, 29));
}

int store_requests_list(struct store *s, struct arena *a, const char *lang, const struct store_request_filter *f,
                        struct store_request **out, size_t *n)
{
    static const char SQL[] =
        "SELECT " REQUEST_COLS REQUEST_FROM
        "WHERE (?2 IS NULL OR q.state_iso3 = ?2) AND (?3 IS NULL OR q.category = ?3) AND (?4 IS NULL OR q.kind = ?4) "
        "  AND (?5 IS NULL OR ?5 IN (st.region, st.subregion, st.intermediate)) AND (?6 IS NULL OR q.status = ?6) "
        "  AND (?7 = 0 OR q.cycle = ?7) AND (?8 = 0 OR q.status IN ('open', 'matched')) "
        "ORDER BY q.updated_at DESC, q.id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        store_bind_text(st, 2, f->iso3);
        store_bind_text(st, 3, f->category);
        store_bind_text(st, 4, f->kind);
        store_bind_text(st, 5, f->region);
        store_bind_text(st, 6, f->status);
        sqlite3_bind_int(st, 7, f->cycle);
        sqlite3_bind_int(st, 8, f->public_only);
    }
    return store_rows(st, a, sizeof **out, request_row, NULL, out, n, "requests list");
}

int store_request_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_request *out)
{
    static const char SQL[] = "SELECT " REQUEST_COLS REQUEST_FROM "WHERE q.id = ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        sqlite3_bind_int64(st, 2, id);
    }
    return store_row(st, a, request_row, NULL, out, "request get");
}

static long long by_source(struct store *s, const char *sql, long long report_id, const char *question, int row)
{
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, sql) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, question);
    sqlite3_bind_int(st, 3, row);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_log_error(c->db, "by source"); id = -1; }
    store_done(st);
    return id;
}

long long store_request_by_source(struct store *s, long long report_id, const char *question, int row)
{
    static const char SQL[] = "SELECT id FROM request WHERE report_id = ?1 AND question = ?2 AND row_index = ?3";
    return by_source(s, SQL, report_id, question, row);
}

long long store_request_save(struct store *s, const struct store_request *r)
{
    static const char INSERT[] =
        "INSERT INTO request (state_iso3, category, kind, title, description, estimated_cost, currency, period_start, "
        "  period_end, paragraphs, languages, in_plan, proposal, status, report_id, question, row_index, version, cycle, "
        "  synthetic, created_by, id, stage, stage_since, lang) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'open', ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
        "  'received', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?23)";
    /* A new request enters the procedure as received (domain/assist_stage.c owns every later move). */
    static const char FIRST[] =
        "INSERT INTO request_stage (request_id, stage, user_id, at, synthetic) "
        "SELECT id, 'received', created_by, stage_since, synthetic FROM request WHERE id = ?1";
    static const char UPDATE[] =
        "UPDATE request SET state_iso3 = ?1, category = ?2, kind = ?3, title = ?4, description = ?5, estimated_cost = ?6, "
        "  currency = ?7, period_start = ?8, period_end = ?9, paragraphs = ?10, languages = ?11, in_plan = ?12, "
        "  proposal = ?13, report_id = ?15, question = ?16, row_index = ?17, version = ?18, cycle = ?19, "
        "  synthetic = ?20, created_by = coalesce(created_by, ?21), lang = ?23, "
        "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?22";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, r->id ? UPDATE : INSERT) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, r->iso3);
    store_bind_text(st, 2, r->category);
    store_bind_text(st, 3, r->kind);
    store_bind_text(st, 4, r->title);
    store_bind_text(st, 5, r->description ? r->description : "");
    store_bind_real(st, 6, r->has_cost, r->cost);
    store_bind_text(st, 7, r->currency ? r->currency : "USD");
    store_bind_text(st, 8, r->period_start);
    store_bind_text(st, 9, r->period_end);
    store_bind_text(st, 10, r->paragraphs ? r->paragraphs : "[]");
    store_bind_text(st, 11, r->languages ? r->languages : "[]");
    if (r->in_plan < 0) sqlite3_bind_null(st, 12);
    else sqlite3_bind_int(st, 12, r->in_plan != 0);
    store_bind_text(st, 13, r->proposal);
    store_bind_id(st, 15, r->report_id);
    store_bind_text(st, 16, r->report_id ? r->question : NULL);
    if (r->report_id) sqlite3_bind_int(st, 17, r->row);
    else sqlite3_bind_null(st, 17);
    if (r->report_id) sqlite3_bind_int(st, 18, r->version);
    else sqlite3_bind_null(st, 18);
    if (r->cycle) sqlite3_bind_int(st, 19, r->cycle);
    else sqlite3_bind_null(st, 19);
    sqlite3_bind_int(st, 20, r->synthetic);
    store_bind_id(st, 21, r->created_by);
    store_bind_id(st, 22, r->id);
    store_bind_text(st, 23, r->lang);
    if (store_step_done(st, "request save") < 0) return -1;
    if (r->id) return r->id;
    long long id = sqlite3_last_insert_rowid(c->db);
    if (!(st = store_stmt(c, FIRST))) return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_done(st, "request first stage") < 0 ? -1 : id;
}

/* The ids a writer statement with ?1 bound (and ?2, ?3 when given) selects, into the arena. */
static int ids_of(struct store *s, struct arena *a, const char *sql, long long b1, const char *b1s, const char *b2, int b3,
                  long long **ids, size_t *n)
{
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, sql) : NULL;
    if (st) {
        if (b1s) store_bind_text(st, 1, b1s);
        else sqlite3_bind_int64(st, 1, b1);
        if (b2) store_bind_text(st, 2, b2);
        if (b2) sqlite3_bind_int(st, 3, b3);
    }
    return store_rows(st, a, sizeof **ids, store_row_id, NULL, ids, n, "request ids");
}

int store_requests_from(struct store *s, struct arena *a, long long report_id, const char *question, int row, long long **ids,
                        size_t *n)
{
    static const char SQL[] =
        "SELECT id FROM request WHERE report_id = ?1 AND question = ?2 AND row_index >= ?3 "
        "  AND stage NOT IN ('completed', 'closed') ORDER BY id";
    return ids_of(s, a, SQL, report_id, NULL, question, row, ids, n);
}

int store_requests_to_supersede(struct store *s, struct arena *a, const char *iso3, long long **ids, size_t *n)
{
    static const char SQL[] =
        "SELECT id FROM request WHERE state_iso3 = ?1 AND report_id IS NOT NULL AND status = 'open' "
        "  AND cycle < (SELECT max(cycle) FROM report WHERE state_iso3 = ?1 AND version > 0) ORDER BY id";
    return ids_of(s, a, SQL, 0, iso3, NULL, 0, ids, n);
}

int store_offers_supersede(struct store *s, const char *iso3)
{
    static const char OFF[] =
        "UPDATE offer SET status = 'superseded', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE status = 'open' AND report_id IN (SELECT id FROM report WHERE state_iso3 = ?1 "
        "  AND cycle < (SELECT max(cycle) FROM report WHERE state_iso3 = ?1 AND version > 0))";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, OFF) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    if (store_step_done(st, "supersede") < 0) return -1;
    return sqlite3_changes(c->db);
}

/* ---------------------------------------------------------------- offers */

#define OFFER_COLS \
    "o.id, o.partner_id, p.code, p.name, p.kind, p.state_iso3, o.title, o.categories, o.kinds, o.regions, o.states, " \
    "o.budget_min, o.budget_max, o.currency, o.period_start, o.period_end, o.languages, o.description, o.contact, " \
    "o.contact_public, o.is_call, o.deadline, o.status, o.report_id, o.question, o.row_index, o.version, o.synthetic, " \
    "o.created_by, o.created_at, o.updated_at "
#define OFFER_FROM "FROM offer o JOIN partner p ON p.id = o.partner_id "

static void offer_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_offer *o = elem;
    o->id = sqlite3_column_int64(st, 0);
    o->partner_id = sqlite3_column_int64(st, 1);
    o->partner_code = DUP(a, store_col(st, 2));
    o->partner_name = DUP(a, store_col(st, 3));
    o->partner_kind = DUP(a, store_col(st, 4));
    o->partner_iso3 = DUP(a, store_col(st, 5));
    o->title = DUP(a, store_col(st, 6));
    o->categories = DUP(a, store_col(st, 7));
    o->kinds = DUP(a, store_col(st, 8));
    o->regions = DUP(a, store_col(st, 9));
    o->states = DUP(a, store_col(st, 10));
    o->has_min = sqlite3_column_type(st, 11) != SQLITE_NULL;
    o->budget_min = sqlite3_column_double(st, 11);
    o->has_max = sqlite3_column_type(st, 12) != SQLITE_NULL;
    o->budget_max = sqlite3_column_double(st, 12);
    o->currency = DUP(a, store_col(st, 13));
    o->period_start = DUP(a, store_col(st, 14));
    o->period_end = DUP(a, store_col(st, 15));
    o->languages = DUP(a, store_col(st, 16));
    o->description = DUP(a, store_col(st, 17));
    o->contact = DUP(a, store_col(st, 18));
    o->contact_public = sqlite3_column_int(st, 19) != 0;
    o->is_call = sqlite3_column_int(st, 20) != 0;
    o->deadline = DUP(a, store_col(st, 21));
    o->status = DUP(a, store_col(st, 22));
    o->report_id = sqlite3_column_int64(st, 23);
    o->question = DUP(a, store_col(st, 24));
    o->row = sqlite3_column_int(st, 25);
    o->version = sqlite3_column_int(st, 26);
    o->synthetic = sqlite3_column_int(st, 27) != 0;
    o->created_by = sqlite3_column_int64(st, 28);
    o->created_at = DUP(a, store_col(st, 29));
    o->updated_at = DUP(a, store_col(st, 30));
}

int store_offers_list(struct store *s, struct arena *a, const struct store_offer_filter *f, struct store_offer **out, size_t *n)
{
    static const char SQL[] =
        "SELECT " OFFER_COLS OFFER_FROM
        "WHERE (?1 = 0 OR o.partner_id = ?1) AND (?2 IS NULL OR o.status = ?2) AND (?3 = 0 OR o.status = 'open') "
        "  AND (?4 IS NULL OR o.categories = '[]' OR EXISTS (SELECT 1 FROM json_each(o.categories) WHERE value = ?4)) "
        "  AND (?5 IS NULL OR o.kinds = '[]' OR EXISTS (SELECT 1 FROM json_each(o.kinds) WHERE value = ?5)) "
        "ORDER BY o.updated_at DESC, o.id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, f->partner_id);
        store_bind_text(st, 2, f->status);
        sqlite3_bind_int(st, 3, f->open_only);
        store_bind_text(st, 4, f->category);
        store_bind_text(st, 5, f->kind);
    }
    return store_rows(st, a, sizeof **out, offer_row, NULL, out, n, "offers list");
}

int store_offer_get(struct store *s, struct arena *a, long long id, struct store_offer *out)
{
    static const char SQL[] = "SELECT " OFFER_COLS OFFER_FROM "WHERE o.id = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
    }
    return store_row(st, a, offer_row, NULL, out, "offer get");
}

long long store_offer_by_source(struct store *s, long long report_id, const char *question, int row)
{
    static const char SQL[] = "SELECT id FROM offer WHERE report_id = ?1 AND question = ?2 AND row_index = ?3";
    return by_source(s, SQL, report_id, question, row);
}

long long store_offer_save(struct store *s, const struct store_offer *o)
{
    static const char INSERT[] =
        "INSERT INTO offer (partner_id, title, categories, kinds, regions, states, budget_min, budget_max, currency, "
        "  period_start, period_end, languages, description, contact, contact_public, is_call, deadline, status, "
        "  report_id, question, row_index, version, synthetic, created_by, id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
        "  ?24, ?25)";
    static const char UPDATE[] =
        "UPDATE offer SET partner_id = ?1, title = ?2, categories = ?3, kinds = ?4, regions = ?5, states = ?6, "
        "  budget_min = ?7, budget_max = ?8, currency = ?9, period_start = ?10, period_end = ?11, languages = ?12, "
        "  description = ?13, contact = ?14, contact_public = ?15, is_call = ?16, deadline = ?17, status = ?18, "
        "  report_id = ?19, question = ?20, row_index = ?21, version = ?22, synthetic = ?23, "
        "  created_by = coalesce(created_by, ?24), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?25";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, o->id ? UPDATE : INSERT) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, o->partner_id);
    store_bind_text(st, 2, o->title);
    store_bind_text(st, 3, o->categories ? o->categories : "[]");
    store_bind_text(st, 4, o->kinds ? o->kinds : "[]");
    store_bind_text(st, 5, o->regions ? o->regions : "[]");
    store_bind_text(st, 6, o->states ? o->states : "[]");
    store_bind_real(st, 7, o->has_min, o->budget_min);
    store_bind_real(st, 8, o->has_max, o->budget_max);
    store_bind_text(st, 9, o->currency ? o->currency : "USD");
    store_bind_text(st, 10, o->period_start);
    store_bind_text(st, 11, o->period_end);
    store_bind_text(st, 12, o->languages ? o->languages : "[]");
    store_bind_text(st, 13, o->description ? o->description : "");
    store_bind_text(st, 14, o->contact ? o->contact : "");
    sqlite3_bind_int(st, 15, o->contact_public);
    sqlite3_bind_int(st, 16, o->is_call);
    store_bind_text(st, 17, o->deadline);
    store_bind_text(st, 18, o->status ? o->status : "open");
    store_bind_id(st, 19, o->report_id);
    store_bind_text(st, 20, o->report_id ? o->question : NULL);
    if (o->report_id) sqlite3_bind_int(st, 21, o->row);
    else sqlite3_bind_null(st, 21);
    if (o->report_id) sqlite3_bind_int(st, 22, o->version);
    else sqlite3_bind_null(st, 22);
    sqlite3_bind_int(st, 23, o->synthetic);
    store_bind_id(st, 24, o->created_by);
    store_bind_id(st, 25, o->id);
    if (store_step_done(st, "offer save") < 0) return -1;
    return o->id ? o->id : sqlite3_last_insert_rowid(c->db);
}

int store_offers_withdraw_from(struct store *s, long long report_id, const char *question, int row)
{
    static const char SQL[] =
        "UPDATE offer SET status = 'withdrawn', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE report_id = ?1 AND question = ?2 AND row_index >= ?3 AND status = 'open'";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, report_id);
    store_bind_text(st, 2, question);
    sqlite3_bind_int(st, 3, row);
    if (store_step_done(st, "offers withdraw") < 0) return -1;
    return sqlite3_changes(c->db);
}

/* ---------------------------------------------------------------- partners */

long long store_partner_ensure(struct store *s, const char *code, const char *name, const char *kind, const char *iso3,
                               bool synthetic)
{
    static const char INS[] =
        "INSERT INTO partner (code, name, kind, state_iso3, synthetic) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO NOTHING";
    static const char SEL[] = "SELECT id FROM partner WHERE code = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, INS) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, name);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, iso3);
    sqlite3_bind_int(st, 5, synthetic);
    if (store_step_done(st, "partner ensure") < 0) return -1;
    st = store_stmt(c, SEL);
    if (!st) return -1;
    store_bind_text(st, 1, code);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (rc != SQLITE_ROW) store_log_error(c->db, "partner ensure");
    store_done(st);
    return id;
}

int store_partner_get(struct store *s, struct arena *a, long long id, struct store_partner *out)
{
    static const char SQL[] = "SELECT id, code, name, kind, state_iso3, synthetic FROM partner WHERE id = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->code = DUP(a, store_col(st, 1));
        out->name = DUP(a, store_col(st, 2));
        out->kind = DUP(a, store_col(st, 3));
        out->iso3 = DUP(a, store_col(st, 4));
        out->synthetic = sqlite3_column_int(st, 5) != 0;
    } else if (rc != SQLITE_DONE) store_log_error(c->db, "partner get");
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

long long store_partner_by_code(struct store *s, const char *code)
{
    static const char SQL[] = "SELECT id FROM partner WHERE code = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, code);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_log_error(c->db, "partner by code"); id = -1; }
    store_done(st);
    return id;
}

long long store_partner_of_user(struct store *s, long long user_id)
{
    static const char SQL[] = "SELECT partner_id FROM user WHERE id = ?1 AND role = 'partner'";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_log_error(c->db, "partner of user"); id = -1; }
    store_done(st);
    return id;
}

int store_partner_set_user(struct store *s, long long user_id, long long partner_id)
{
    static const char SQL[] = "UPDATE user SET partner_id = ?2 WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, partner_id);
    return store_step_done(st, "partner set user");
}

/* ---------------------------------------------------------------- interests */

int store_interest_set(struct store *s, const struct store_interest *i, long long user_id)
{
    static const char SQL[] =
        "INSERT INTO interest (request_id, partner_id, status, note, offer_id, synthetic, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (request_id, partner_id) DO UPDATE SET status = excluded.status, note = excluded.note, "
        "  offer_id = excluded.offer_id, decided_by = NULL, decided_at = NULL";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, i->request_id);
    sqlite3_bind_int64(st, 2, i->partner_id);
    store_bind_text(st, 3, i->status ? i->status : "interested");
    store_bind_text(st, 4, i->note ? i->note : "");
    store_bind_id(st, 5, i->offer_id);
    sqlite3_bind_int(st, 6, i->synthetic);
    store_bind_id(st, 7, user_id);
    return store_step_done(st, "interest set");
}

int store_interest_decide(struct store *s, long long request_id, long long partner_id, const char *status, long long user_id)
{
    static const char SQL[] =
        "UPDATE interest SET status = ?3, decided_by = ?4, decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE request_id = ?1 AND partner_id = ?2 AND status <> 'withdrawn'";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, request_id);
    sqlite3_bind_int64(st, 2, partner_id);
    store_bind_text(st, 3, status);
    store_bind_id(st, 4, user_id);
    if (store_step_done(st, "interest decide") < 0) return -1;
    return sqlite3_changes(c->db) ? 0 : 1;
}

static void interest_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_interest *i = elem;
    i->request_id = sqlite3_column_int64(st, 0);
    i->partner_id = sqlite3_column_int64(st, 1);
    i->offer_id = sqlite3_column_int64(st, 2);
    i->partner_name = DUP(a, store_col(st, 3));
    i->status = DUP(a, store_col(st, 4));
    i->note = DUP(a, store_col(st, 5));
    i->created_at = DUP(a, store_col(st, 6));
    i->decided_at = DUP(a, store_col(st, 7));
    i->synthetic = sqlite3_column_int(st, 8) != 0;
    i->partner_code = DUP(a, store_col(st, 9));
}

int store_interests_list(struct store *s, struct arena *a, long long request_id, long long partner_id,
                         struct store_interest **out, size_t *n)
{
    static const char SQL[] =
        "SELECT i.request_id, i.partner_id, i.offer_id, p.name, i.status, i.note, i.created_at, i.decided_at, i.synthetic, p.code "
        "FROM interest i JOIN partner p ON p.id = i.partner_id "
        "WHERE (?1 = 0 OR i.request_id = ?1) AND (?2 = 0 OR i.partner_id = ?2) "
        "ORDER BY i.created_at, i.request_id, i.partner_id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, request_id);
        sqlite3_bind_int64(st, 2, partner_id);
    }
    return store_rows(st, a, sizeof **out, interest_row, NULL, out, n, "interests list");
}

/* ---------------------------------------------------------------- States */

const char *store_state_name(struct store *s, struct arena *a, const char *iso3)
{
    static const char SQL[] = "SELECT name FROM state WHERE iso3 = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return NULL;
    store_bind_text(st, 1, iso3);
    const char *name = sqlite3_step(st) == SQLITE_ROW ? DUP(a, store_col(st, 0)) : NULL;
    store_done(st);
    return name;
}

static void place_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_state_place *p = elem;
    p->iso3 = DUP(a, store_col(st, 0));
    p->region = DUP(a, store_col(st, 1));
    p->subregion = DUP(a, store_col(st, 2));
    p->intermediate = DUP(a, store_col(st, 3));
}

int store_state_places(struct store *s, struct arena *a, struct store_state_place **out, size_t *n)
{
    static const char SQL[] = "SELECT iso3, region, subregion, intermediate FROM state ORDER BY iso3";
    struct store_conn *c = store_reader(s);
    return store_rows(c ? store_stmt(c, SQL) : NULL, a, sizeof **out, place_row, NULL, out, n, "state places");
}

int store_published_assist_each(struct store *s, int (*cb)(const struct store_published_assist *p, void *ctx), void *ctx)
{
    static const char SQL[] =
        "SELECT r.id, r.state_iso3, r.language, r.cycle, r.version, r.synthetic, "
        "  json_object('assist.needs.any', v.answers -> '$.\"assist.needs.any\"', 'assist.needs', v.answers -> '$.\"assist.needs\"', "
        "              'assist.offer', v.answers -> '$.\"assist.offer\"', 'assist.offers', v.answers -> '$.\"assist.offers\"') "
        "FROM report r JOIN report_version v ON v.report_id = r.id AND v.version = r.version "
        "WHERE r.version > 0 ORDER BY r.id";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_published_assist p = {
            .report_id = sqlite3_column_int64(st, 0), .iso3 = store_col(st, 1), .language = store_col(st, 2),
            .cycle = sqlite3_column_int(st, 3), .version = sqlite3_column_int(st, 4), .synthetic = sqlite3_column_int(st, 5) != 0,
            .answers = store_col(st, 6),
        };
        stop = cb(&p, ctx);
    }
    if (!stop && rc != SQLITE_DONE) store_log_error(c->db, "published assistance");
    store_done(st);
    return stop > 0 ? 0 : stop < 0 || (rc != SQLITE_DONE && rc != SQLITE_ROW) ? -1 : 0;
}

/*
 * Unit tests for domain/project.c and project_prefill.c: a project made from an accepted
 * interest (who may, every field checked), the reporting periods of each schedule, reports due
 * and late, the financial detail hidden from the public unless the parties publish it, reports
 * never changed (a correction is a new one), completion (and its requests completed through
 * the procedure), and the next national report pre-filled from the projects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/notify.h"
#include "domain/project.h"
#include "domain/report.h"
#include "store/assistance.h"
#include "store/project.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;
static struct principal kenya, france, unoda, donor, ngo, public_;
static long long req1, req2, req_fra;
/* The last input of create() stays until the next call: an unknown field's error names one of its keys (lent). */
static json_t *last_in;
static struct project_moves last_moves;

static json_t *js(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v) fail_msg("bad JSON %s: %s", s, e.text);
    return v;
}

static long long partner_for(struct principal *p, const char *code, const char *kind, const char *iso3)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_partner_ensure(db, code, code, kind, iso3, false);
    assert_true(id > 0);
    if (p) assert_int_equal(store_partner_set_user(db, p->user_id, id), 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static long long request(const struct principal *who, const char *body)
{
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    json_t *in = js(body);
    long long id = assist_request_create(db, who, in, &errs, &e);
    json_decref(in);
    assert_true(id > 0);
    return id;
}

static time_t utc(int y, int m, int d)
{
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
    return timegm(&tm);
}

static int setup(void **state)
{
    (void)state;
    setenv("POAISS_TODAY", "2026-02-01", 1);   /* the 2026 cycle is open on this day (domain/cycle.c) */
    db = unit_db_open("project", dbpath);
    if (!db) return -1;
    unit_user(db, "kenya", "focal_point", "KEN", &kenya);
    unit_user(db, "france", "focal_point", "FRA", &france);
    unit_user(db, "unoda", "secretariat", NULL, &unoda);
    unit_user(db, "donor", "partner", NULL, &donor);
    unit_user(db, "ngo", "partner", NULL, &ngo);
    partner_for(&donor, "donor", "other", NULL);
    partner_for(&ngo, "ngo", "other", NULL);
    partner_for(NULL, "fra-state", "state", "FRA");
    auth_public(&public_);
    i18n_init();
    i18n_set_lang("en");
    req1 = request(&kenya, "{\"category\": \"stockpile\", \"kind\": \"training\", \"title\": \"Armoury training\"}");
    req2 = request(&kenya, "{\"category\": \"marking_recordkeeping\", \"kind\": \"equipment\", \"title\": \"Marking machines\"}");
    req_fra = request(&france, "{\"category\": \"stockpile\", \"kind\": \"training\", \"title\": \"French need\"}");
    struct err e = ERR_NONE;
    if (assist_interest_mark(db, &donor, req1, "We can fund it", 0, &e) < 0) return -1;
    if (assist_interest_decide(db, &kenya, req1, "donor", true, &e) < 0) return -1;
    if (assist_interest_mark(db, &ngo, req2, "Maybe", 0, &e) < 0) return -1;   /* not accepted */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(last_in);
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}


static long long create(const struct principal *who, const char *body, struct assist_field_errors *errs, struct err *e)
{
    json_decref(last_in);
    last_in = js(body);
    return project_create(db, who, last_in, errs, &last_moves, e);
}

static bool has_field(const struct assist_field_errors *errs, const char *field)
{
    for (size_t i = 0; i < errs->n; i++)
        if (strcmp(errs->v[i].field, field) == 0) return true;
    return false;
}

static void test_periods(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    const char *st[16], *en[16];
    size_t n = project_periods(&a, "2027-02", "2027-12", "quarterly", utc(2028, 6, 1), st, en, 16);
    assert_int_equal(n, 4);
    assert_string_equal(st[0], "2027-02");
    assert_string_equal(en[0], "2027-04-30");
    assert_string_equal(en[1], "2027-07-31");
    assert_string_equal(en[2], "2027-10-31");
    assert_string_equal(en[3], "2027-12-31");   /* the last one ends with the project */
    n = project_periods(&a, "2027-09", NULL, "half-yearly", utc(2028, 3, 1), st, en, 16);
    assert_int_equal(n, 2);
    assert_string_equal(en[0], "2028-02-29");   /* a leap year */
    assert_string_equal(st[1], "2028-03");
    assert_int_equal(project_periods(&a, "2030-01", NULL, "quarterly", utc(2028, 3, 1), st, en, 16), 0);   /* not begun */
    assert_int_equal(project_periods(&a, "2020-01", NULL, "quarterly", utc(2028, 3, 1), st, en, 3), 3);     /* at most max */
    arena_cleanup(&a);
}

#define GOOD(extra) "{\"title\": \"Armoury project\", \"requests\": [%lld], \"partners\": [\"donor\"], \"budget\": 100000, " \
                    "\"period_start\": \"2025-01\", \"period_end\": \"2027-12\"" extra "}"

static void test_create_who_and_fields(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    /* the partner whose interest was accepted */
    long long id = create(&donor, arena_printf(&a, GOOD(""), req1), &errs, &e);
    assert_true(id > 0);
    struct project p;
    assert_int_equal(project_get(db, &a, &public_, "en", utc(2026, 1, 15), id, &p, &e), 0);
    assert_string_equal(p.iso3, "KEN");
    assert_int_equal(p.nparties, 2);
    assert_int_equal(p.parties[0].id, 0);
    assert_string_equal(p.parties[1].code, "donor");
    assert_int_equal(p.nrequests, 1);
    assert_string_equal(p.schedule, "quarterly");
    assert_false(p.may_report);
    assert_false(p.may_complete);
    /* a partner without an accepted interest, naming itself */
    e = ERR_NONE;
    assert_int_equal(create(&ngo, arena_printf(&a, "{\"title\": \"x\", \"requests\": [%lld], \"partners\": [\"ngo\"], "
                                                   "\"period_start\": \"2026-01\"}", req2), &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_true(has_field(&errs, "partners"));
    /* a partner not named in it */
    e = ERR_NONE;
    assert_int_equal(create(&ngo, arena_printf(&a, GOOD(""), req1), &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* the focal point of another State; the public */
    e = ERR_NONE;
    assert_int_equal(create(&france, arena_printf(&a, GOOD(""), req1), &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    e = ERR_NONE;
    assert_int_equal(create(&public_, arena_printf(&a, GOOD(""), req1), &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* the State's focal point: every partner needs an accepted interest */
    e = ERR_NONE;
    assert_int_equal(create(&kenya, arena_printf(&a, "{\"title\": \"x\", \"requests\": [%lld], \"partners\": [\"donor\", \"ngo\"], "
                                                     "\"period_start\": \"2026-01\"}", req1), &errs, &e), -1);
    assert_true(has_field(&errs, "partners"));
    /* the Secretariat records any partner */
    e = ERR_NONE;
    long long sid = create(&unoda, arena_printf(&a, "{\"title\": \"Marking\", \"requests\": [%lld], \"partners\": [\"ngo\"], "
                                                    "\"period_start\": \"2026-01\", \"schedule\": \"half-yearly\", "
                                                    "\"currency\": \"EUR\", \"budget\": 50000}", req2), &errs, &e);
    assert_true(sid > 0);
    assert_int_equal(last_moves.n, 1);   /* req2 was never matched: its stage does not allow implementation */
    assert_int_equal(last_moves.v[0].request, req2);
    assert_int_equal(project_get(db, &a, &public_, "en", utc(2026, 1, 15), id, &p, &e), 0);
    assert_string_equal(p.requests[0].stage, "implementation");   /* req1 was matched when its interest was accepted */
    /* every field checked */
    e = ERR_NONE;
    assert_int_equal(create(&unoda, arena_printf(&a, "{\"title\": \"\", \"requests\": [%lld, %lld], \"partners\": [\"nobody\"], "
                                                     "\"period_start\": \"2026-13\", \"period_end\": \"2025-01\", \"budget\": -1, "
                                                     "\"schedule\": \"monthly\", \"currency\": \"usd\", \"financial_public\": 1, "
                                                     "\"colour\": \"red\"}", req1, req_fra), &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    const char *fields[] = { "title", "requests", "partners", "period_start", "budget", "schedule", "currency", "financial_public", "colour" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!has_field(&errs, fields[i])) fail_msg("no error for %s", fields[i]);
    e = ERR_NONE;
    assert_int_equal(create(&unoda, "{\"title\": \"x\", \"requests\": [], \"partners\": [\"donor\"], \"period_start\": \"2026-01\"}", &errs, &e), -1);
    assert_true(has_field(&errs, "requests"));
    e = ERR_NONE;
    assert_int_equal(create(&unoda, "[1]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    arena_cleanup(&a);
}

/* The project of test_create_who_and_fields made by donor (the first project). */
static long long first_project(struct arena *a)
{
    struct project *v;
    size_t n;
    struct err e = ERR_NONE;
    struct project_filter f = { .iso3 = "KEN", .partner_id = store_partner_by_code(db, "donor") };
    assert_int_equal(project_list(db, a, &public_, "en", utc(2026, 1, 15), &f, &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].title, "Armoury project") == 0) return v[i].id;
    fail_msg("no first project");
    return 0;
}

static long long report(const struct principal *who, long long pid, time_t now, const char *body, struct assist_field_errors *errs,
                        struct err *e)
{
    json_t *in = js(body);
    long long id = project_report_add(db, who, pid, now, in, errs, e);
    json_decref(in);
    return id;
}

static void test_reports_and_finance(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    long long pid = first_project(&a);
    time_t now = utc(2026, 1, 15);
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    assert_true(report(&donor, pid, now, "{\"period_end\": \"2025-03-31\", \"activities\": \"Trained 40 staff\", "
                                          "\"results\": \"Two armouries secured\", \"paragraphs\": [\"PoA II.17\"], "
                                          "\"committed\": 100000, \"disbursed\": 60000, \"spent\": 20000}", &errs, &e) > 0);
    assert_true(report(&kenya, pid, now, "{\"period_end\": \"2025-03-31\", \"activities\": \"Chose the sites\", \"spent\": 0}", &errs, &e) > 0);
    /* a correction: a new report for the same period */
    assert_true(report(&donor, pid, now, "{\"period_end\": \"2025-03-31\", \"activities\": \"Trained 42 staff\", "
                                          "\"committed\": 100000, \"disbursed\": 70000, \"spent\": 30000}", &errs, &e) > 0);
    /* refused: a partner not in it, a period not of the project, money in the wrong order, hostile paragraphs, nothing said */
    e = ERR_NONE;
    assert_int_equal(report(&ngo, pid, now, "{\"period_end\": \"2025-03-31\", \"activities\": \"x\"}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    e = ERR_NONE;
    assert_int_equal(report(&unoda, pid, now, "{\"period_end\": \"2025-03-31\", \"activities\": \"x\"}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    e = ERR_NONE;
    assert_int_equal(report(&donor, pid, now, "{\"period_end\": \"2025-03-30\", \"activities\": \"x\"}", &errs, &e), -1);
    assert_true(has_field(&errs, "period_end"));
    e = ERR_NONE;
    assert_int_equal(report(&donor, pid, now, "{\"period_end\": \"2026-06-30\", \"activities\": \"x\"}", &errs, &e), -1);
    assert_true(has_field(&errs, "period_end"));   /* not begun */
    e = ERR_NONE;
    assert_int_equal(report(&donor, pid, now, "{\"period_end\": \"2025-06-30\", \"committed\": 10, \"disbursed\": 20, \"spent\": 30}", &errs, &e), -1);
    assert_true(has_field(&errs, "disbursed"));
    assert_true(has_field(&errs, "spent"));
    e = ERR_NONE;
    assert_int_equal(report(&donor, pid, now, "{\"period_end\": \"2025-06-30\", \"activities\": \"x\", \"paragraphs\": [\"<b>\"], \"spent\": -5}", &errs, &e), -1);
    assert_true(has_field(&errs, "paragraphs"));
    assert_true(has_field(&errs, "spent"));
    e = ERR_NONE;
    assert_int_equal(report(&donor, pid, now, "{\"period_end\": \"2025-06-30\"}", &errs, &e), -1);
    assert_true(has_field(&errs, "activities"));

    /* the public sees what was done, not the money */
    struct project p;
    assert_int_equal(project_get(db, &a, &public_, "en", now, pid, &p, &e), 0);
    assert_int_equal(p.nreports, 3);
    assert_false(p.finance_visible);
    assert_false(p.total.has);
    for (size_t i = 0; i < p.nreports; i++) assert_false(p.reports[i].has_committed || p.reports[i].has_disbursed || p.reports[i].has_spent);
    assert_string_equal(p.latest_activities, "Trained 42 staff");
    assert_true(p.reports[0].corrected);
    assert_false(p.reports[2].corrected);
    assert_int_equal(p.reports[0].paragraphs.n, 1);
    /* the parties and the Secretariat see it: the budget line takes each party's latest figures */
    const struct principal *insiders[] = { &donor, &kenya, &unoda };
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(project_get(db, &a, insiders[k], "en", now, pid, &p, &e), 0);
        assert_true(p.finance_visible);
        assert_true(p.total.has);
        assert_true(p.total.committed == 100000 && p.total.disbursed == 70000 && p.total.spent == 30000);
        assert_true(p.periods[0].line.disbursed == 70000);
        assert_false(p.over_budget);
    }
    assert_int_equal(project_get(db, &a, &kenya, "en", now, pid, &p, &e), 0);
    assert_int_equal(p.my_party, 0);
    assert_true(p.may_report && p.may_complete);
    assert_int_equal(project_get(db, &a, &ngo, "en", now, pid, &p, &e), 0);
    assert_int_equal(p.my_party, -1);
    assert_false(p.finance_visible || p.may_report || p.may_complete);
    assert_int_equal(project_get(db, &a, &unoda, "en", now, pid, &p, &e), 0);
    assert_false(p.may_report);
    assert_true(p.may_complete);
    arena_cleanup(&a);
}

static void test_due_and_late(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    long long pid = first_project(&a);
    time_t now = utc(2026, 1, 15);
    struct project p;
    struct err e = ERR_NONE;
    assert_int_equal(project_get(db, &a, &public_, "en", now, pid, &p, &e), 0);
    assert_int_equal(p.nperiods, 5);   /* 2025-01 .. 2026-01 begun */
    assert_int_equal(p.periods[0].state[0], PROJECT_REPORTED);
    assert_int_equal(p.periods[0].state[1], PROJECT_REPORTED);
    assert_string_equal(p.periods[1].end, "2025-06-30");
    assert_string_equal(p.periods[1].due, "2025-07-30");
    assert_int_equal(p.periods[1].state[0], PROJECT_LATE);
    assert_int_equal(p.periods[3].state[1], PROJECT_DUE);      /* 2025-12-31 + 30 days is 2026-01-30 */
    assert_int_equal(p.periods[4].state[1], PROJECT_NOT_YET);  /* 2026-01 .. 03 */
    assert_int_equal(p.late, 4);                               /* two periods, two parties */
    struct project_due *d;
    size_t n;
    assert_int_equal(project_reports_due(db, &a, now, &d, &n, &e), 0);
    int late = 0, due = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].project_id != pid) continue;
        assert_false(strcmp(d[i].period_end, "2025-03-31") == 0);
        if (d[i].late) late++;
        else due++;
        if (d[i].party) assert_string_equal(d[i].party_code, "donor");
        else assert_string_equal(d[i].party_code, "KEN");
    }
    assert_int_equal(late, 4);
    assert_int_equal(due, 2);
    /* the sweep tells each party of what it owes, once per period however often it runs */
    long long donor_had = notify_unread_count(db, donor.user_id);
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(project_notify_due(db, now) >= 3);
    assert_int_equal(store_tx_commit(db), 0);
    long long donor_now = notify_unread_count(db, donor.user_id);
    assert_true(donor_now >= donor_had + 3);   /* two late periods and one due, at least, of this project */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(project_notify_due(db, now), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(notify_unread_count(db, donor.user_id), donor_now);
    /* a report ends the lateness of its party only, and tells the other party */
    struct assist_field_errors errs;
    json_t *in = js("{\"period_end\": \"2025-06-30\", \"results\": \"late but here\"}");
    assert_true(project_report_add(db, &kenya, pid, now, in, &errs, &e) > 0);
    json_decref(in);
    assert_int_equal(notify_unread_count(db, donor.user_id), donor_now + 1);
    assert_int_equal(project_get(db, &a, &public_, "en", now, pid, &p, &e), 0);
    assert_int_equal(p.periods[1].state[0], PROJECT_REPORTED);
    assert_int_equal(p.periods[1].state[1], PROJECT_LATE);
    assert_int_equal(p.late, 3);
    arena_cleanup(&a);
}

static void test_financial_public(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long id = create(&unoda, arena_printf(&a, "{\"title\": \"Open books\", \"requests\": [%lld], \"partners\": [\"donor\"], "
                                                   "\"period_start\": \"2025-01\", \"budget\": 10, \"financial_public\": true}", req1),
                          &errs, &e);
    assert_true(id > 0);
    json_t *in = js("{\"period_end\": \"2025-03-31\", \"committed\": 20}");
    assert_true(project_report_add(db, &donor, id, utc(2026, 1, 15), in, &errs, &e) > 0);
    json_decref(in);
    struct project p;
    assert_int_equal(project_get(db, &a, &public_, "en", utc(2026, 1, 15), id, &p, &e), 0);
    assert_true(p.finance_visible);
    assert_true(p.reports[0].has_committed);
    assert_true(p.over_budget);   /* allowed, flagged */
    arena_cleanup(&a);
}

static void test_prefill(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    /* France, a partner State (fra-state), in a Kenyan project recorded by the Secretariat */
    long long id = create(&unoda, arena_printf(&a, "{\"title\": \"French support\", \"requests\": [%lld], \"partners\": [\"fra-state\"], "
                                                   "\"period_start\": \"2026-01\", \"budget\": 75000}", req1), &errs, &e);
    assert_true(id > 0);
    struct report_result r;
    if (report_start(db, &kenya, "KEN", 2026, &r, &e) < 0) fail_msg("start: %s %s", e.msg, e.arg ? e.arg : "");
    report_result_cleanup(&r);
    char *v = NULL;
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_answer_rev(db, r.id, "assist.received.list", &v) > 0);
    json_t *rows = js(v);
    free(v);
    assert_true(json_array_size(rows) >= 3);
    bool found = false;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *d = json_string_value(json_object_get(x, "description"));
        if (d && strcmp(d, arena_printf(&a, "French support (project %lld)", id)) == 0) {
            found = true;
            assert_string_equal(json_string_value(json_object_get(x, "provider")), "fra-state");
            assert_string_equal(json_string_value(json_object_get(x, "category")), "stockpile");
            assert_string_equal(json_string_value(json_object_get(x, "start")), "2026-01");
            assert_string_equal(json_string_value(json_object_get(x, "status")), "ongoing");
            assert_true(json_number_value(json_object_get(x, "amount_usd")) == 75000);
        }
    }
    assert_true(found);
    json_decref(rows);
    assert_true(store_answer_rev(db, r.id, "assist.received", &v) > 0);
    assert_string_equal(v, "\"yes\"");
    free(v);
    store_tx_rollback(db);
    /* France's report lists it as assistance provided */
    assert_int_equal(report_start(db, &france, "FRA", 2026, &r, &e), 0);
    report_result_cleanup(&r);
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_answer_rev(db, r.id, "assist.provided.list", &v) > 0);
    rows = js(v);
    free(v);
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "recipient")), "Kenya");
    json_decref(rows);
    store_tx_rollback(db);
    arena_cleanup(&a);
}

static void test_complete(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    long long pid = first_project(&a);
    struct err e = ERR_NONE;
    struct project_moves moves;
    assert_int_equal(project_complete(db, &ngo, pid, NULL, &moves, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    e = ERR_NONE;
    assert_int_equal(project_complete(db, &public_, pid, NULL, &moves, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* the other projects answering its request first: the request waits for the last one */
    struct project *v;
    size_t n;
    struct project_filter f = { .status = "active" };
    assert_int_equal(project_list(db, &a, &public_, "en", time(NULL), &f, &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        if (v[i].id == pid || v[i].requests[0].id != req1) continue;
        assert_int_equal(project_complete(db, &unoda, v[i].id, NULL, &moves, &e), 0);
        assert_int_equal(moves.n, 1);
        assert_int_equal(moves.v[0].request, req1);
    }
    e = ERR_NONE;
    assert_int_equal(project_complete(db, &kenya, pid, "All done", &moves, &e), 0);
    struct project p;
    assert_int_equal(project_get(db, &a, &public_, "en", time(NULL), pid, &p, &e), 0);
    assert_string_equal(p.status, "completed");
    assert_non_null(p.completed_at);
    /* its request went through the procedure: implementation when the project started, completed now */
    assert_int_equal(moves.n, 0);
    assert_string_equal(p.requests[0].stage, "completed");
    assert_string_equal(p.requests[0].status, "closed");
    /* once only; no more reports */
    e = ERR_NONE;
    assert_int_equal(project_complete(db, &kenya, pid, NULL, &moves, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    struct assist_field_errors errs;
    json_t *in = js("{\"period_end\": \"2025-03-31\", \"activities\": \"after\"}");
    e = ERR_NONE;
    assert_int_equal(project_report_add(db, &donor, pid, time(NULL), in, &errs, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    json_decref(in);
    e = ERR_NONE;
    assert_int_equal(project_get(db, &a, &public_, "en", time(NULL), 999999, &p, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_create_who_and_fields),
        cmocka_unit_test(test_reports_and_finance),
        cmocka_unit_test(test_due_and_late),
        cmocka_unit_test(test_financial_public),
        cmocka_unit_test(test_prefill),
        cmocka_unit_test(test_complete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

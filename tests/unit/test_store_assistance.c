/*
 * Unit tests for store/assistance.c: requests and offers saved and read back field by field
 * (NULLs kept as NULL), list filters (State, category, region at any M49 level, status,
 * cycle, open only), finding a row by its source, withdrawing rows from an index on,
 * superseding an earlier cycle's rows, partners made once, interests and answers, and the
 * published assistance answers of every report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/assist_stage.h"
#include "store/assistance.h"
#include "util/arena.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("store-assistance", dbpath);
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static long long save_request(const char *iso3, const char *category, long long report, int row, int cycle)
{
    struct store_request q = { .iso3 = iso3, .category = category, .kind = "training", .title = "T", .in_plan = -1,
                               .report_id = report, .question = "assist.needs", .row = row, .cycle = cycle, .version = 1 };
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_request_save(db, &q);
    assert_true(id > 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static void test_requests(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    assert_int_equal(store_tx_begin(db), 0);
    long long r1 = store_report_add(db, "KEN", 2024, "en", false, 0), r2 = store_report_add(db, "KEN", 2026, "en", false, 0);
    assert_int_equal(store_report_set_status(db, r2, "published", 1), 0);
    assert_int_equal(store_tx_commit(db), 0);
    long long a1 = save_request("KEN", "stockpile", r1, 0, 2024);
    save_request("KEN", "tracing", r1, 1, 2024);
    save_request("KEN", "tracing", r1, 2, 2024);
    long long b1 = save_request("PER", "stockpile", 0, 0, 0);
    struct store_request q;
    assert_int_equal(store_request_get(db, &a, "fr", a1, &q), 0);
    assert_string_equal(q.state_name, "Kenya");
    assert_false(q.has_cost);
    assert_int_equal(q.in_plan, -1);
    assert_null(q.proposal);
    assert_null(q.period_start);
    assert_string_equal(q.paragraphs, "[]");
    assert_string_equal(q.currency, "USD");
    assert_int_equal(store_request_get(db, &a, "en", b1, &q), 0);
    assert_int_equal(q.report_id, 0);
    assert_null(q.question);
    assert_int_equal(store_request_get(db, &a, "en", 99999, &q), 1);

    struct store_request *rows;
    size_t n;
    struct store_request_filter f = { .category = "stockpile" };
    assert_int_equal(store_requests_list(db, &a, "en", &f, &rows, &n), 0);
    assert_int_equal(n, 2);
    f = (struct store_request_filter){ .region = "014" };   /* Eastern Africa: Kenya */
    assert_int_equal(store_requests_list(db, &a, "en", &f, &rows, &n), 0);
    assert_int_equal(n, 3);
    f = (struct store_request_filter){ .region = "019" };   /* the Americas: Peru */
    assert_int_equal(store_requests_list(db, &a, "en", &f, &rows, &n), 0);
    assert_int_equal(n, 1);
    f = (struct store_request_filter){ .cycle = 2024, .iso3 = "KEN" };
    assert_int_equal(store_requests_list(db, &a, "en", &f, &rows, &n), 0);
    assert_int_equal(n, 3);

    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_request_by_source(db, r1, "assist.needs", 1) > 0, 1);
    assert_int_equal(store_request_by_source(db, r1, "assist.needs", 7), 0);
    /* rows 1 and 2 are gone from a later version: the store lists them, the domain closes them (assist_stage) */
    long long *ids;
    size_t nids;
    assert_int_equal(store_requests_from(db, &a, r1, "assist.needs", 1, &ids, &nids), 0);
    assert_int_equal(nids, 2);
    for (size_t i = 0; i < nids; i++) {
        assert_int_equal(store_request_stage_write(db, ids[i], "closed", "withdrawn", "withdrawn", NULL), 0);
        assert_int_equal(store_request_stage_add(db, ids[i], "closed", "withdrawn", "", 0, NULL, false), 0);
    }
    assert_int_equal(store_requests_from(db, &a, r1, "assist.needs", 1, &ids, &nids), 0);
    assert_int_equal(nids, 0);   /* already closed */
    assert_int_equal(store_tx_commit(db), 0);
    f = (struct store_request_filter){ .public_only = true, .iso3 = "KEN" };
    assert_int_equal(store_requests_list(db, &a, "en", &f, &rows, &n), 0);
    assert_int_equal(n, 1);

    /* a published report of 2026 supersedes the open requests of 2024 */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_requests_to_supersede(db, &a, "KEN", &ids, &nids), 0);
    assert_int_equal(nids, 1);
    assert_int_equal(ids[0], a1);
    assert_int_equal(store_requests_to_supersede(db, &a, "PER", &ids, &nids), 0);
    assert_int_equal(nids, 0);   /* filed outside a report: never superseded */
    assert_int_equal(store_tx_commit(db), 0);
    /* a new request is open, received, with its first step */
    assert_int_equal(store_request_get(db, &a, "en", a1, &q), 0);
    assert_string_equal(q.status, "open");
    assert_string_equal(q.stage, "received");
    assert_non_null(q.stage_since);
    assert_null(q.close_reason);
    struct store_stage_step *steps;
    size_t nsteps;
    assert_int_equal(store_request_stages_list(db, &a, a1, &steps, &nsteps), 0);
    assert_int_equal(nsteps, 1);
    assert_string_equal(steps[0].stage, "received");
    arena_cleanup(&a);
}

static void test_partners_offers_interests(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    assert_int_equal(store_tx_begin(db), 0);
    long long p = store_partner_ensure(db, "nor", "Norway", "state", "NOR", false);
    assert_true(p > 0);
    assert_int_equal(store_partner_ensure(db, "NOR", "Other name", "ngo", NULL, true), p);   /* codes ignore case; made once */
    struct store_offer o = { .partner_id = p, .title = "Fund", .categories = "[\"stockpile\"]", .has_max = true, .budget_max = 9e5 };
    long long oid = store_offer_save(db, &o);
    struct store_offer any = { .partner_id = p, .title = "Any" };
    long long aid = store_offer_save(db, &any);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_partner_by_code(db, "nor"), p);
    assert_int_equal(store_partner_by_code(db, "xyz"), 0);
    struct store_partner pr;
    assert_int_equal(store_partner_get(db, &a, p, &pr), 0);
    assert_string_equal(pr.name, "Norway");
    struct store_offer got;
    assert_int_equal(store_offer_get(db, &a, oid, &got), 0);
    assert_false(got.has_min);
    assert_true(got.has_max);
    assert_string_equal(got.partner_name, "Norway");
    assert_string_equal(got.kinds, "[]");
    struct store_offer *rows;
    size_t n;
    struct store_offer_filter f = { .category = "stockpile" };   /* names it, or takes every category */
    assert_int_equal(store_offers_list(db, &a, &f, &rows, &n), 0);
    assert_int_equal(n, 2);
    f = (struct store_offer_filter){ .category = "tracing" };
    assert_int_equal(store_offers_list(db, &a, &f, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, aid);

    struct store_request *reqs;
    struct store_request_filter rf = { .iso3 = "PER" };
    assert_int_equal(store_requests_list(db, &a, "en", &rf, &reqs, &n), 0);
    long long rid = reqs[0].id;
    struct store_interest in = { .request_id = rid, .partner_id = p, .note = "n", .offer_id = oid };
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_interest_set(db, &in, 0), 0);
    assert_int_equal(store_interest_set(db, &in, 0), 0);          /* once per partner and request */
    assert_int_equal(store_interest_decide(db, rid, p, "accepted", 0), 0);
    assert_int_equal(store_interest_decide(db, rid, 424242, "accepted", 0), 1);
    assert_int_equal(store_tx_commit(db), 0);
    struct store_interest *iv;
    assert_int_equal(store_interests_list(db, &a, rid, 0, &iv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(iv[0].status, "accepted");
    assert_non_null(iv[0].decided_at);
    assert_int_equal(store_request_get(db, &a, "en", rid, &reqs[0]), 0);
    assert_int_equal(reqs[0].interests, 1);
    arena_cleanup(&a);
}

static int count_cb(const struct store_published_assist *p, void *ctx)
{
    assert_non_null(strstr(p->answers, "assist.needs"));
    (*(int *)ctx)++;
    return 0;
}

static void test_published_each(void **state)
{
    (void)state;
    int n = 0;
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_published_assist_each(db, count_cb, &n), 0);
    assert_int_equal(n, 0);   /* the report marked published has no version row: nothing to read */
    long long r = store_report_add(db, "FRA", 2026, "fr", false, 0);
    assert_int_equal(store_report_version_add(db, r, 1, 0, NULL), 0);
    assert_int_equal(store_report_set_status(db, r, "published", 1), 0);
    assert_int_equal(store_published_assist_each(db, count_cb, &n), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(n, 1);
    struct arena a = ARENA_INIT;
    struct store_state_place *pl;
    size_t np;
    assert_int_equal(store_state_places(db, &a, &pl, &np), 0);
    assert_int_equal(np, 195);
    assert_string_equal(store_state_name(db, &a, "KEN"), "Kenya");
    assert_null(store_state_name(db, &a, "XXX"));
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests), cmocka_unit_test(test_partners_offers_interests), cmocka_unit_test(test_published_each),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests for domain/match.c: each factor of the score on its own (category, kind, place,
 * budget, period, language, the trust fund's report rule), the sum, ranking ties and the
 * top-k order, the threaded ranking of a whole set agreeing with one-by-one ranking, and the
 * date parsers with hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/match.h"

#define TODAY 20793      /* 2026-12-06 */

/* A request of category bit 0, kind bit 0, State 7 in continent bit 0 and subregion bit 1. */
static struct match_request req(void)
{
    return (struct match_request){ .id = 1, .category = 1, .kind = 1, .state = 7, .places = 3, .continent = 1, .cost = 120000,
                                   .start = 2027 * 12, .end = 2028 * 12, .langs = 1u << 2, .from_report = true };
}

/* An offer that fits on every factor. */
static struct match_offer off(void)
{
    return (struct match_offer){ .id = 10, .categories = 1, .kinds = 1, .places = 2, .budget_min = 50000, .budget_max = 500000,
                                 .start = 2026 * 12, .end = 2029 * 12, .langs = 1u << 2 };
}

static struct match_result score(const struct match_request *r, const struct match_offer *o)
{
    struct match_result res;
    match_score(r, o, TODAY, &res);
    return res;
}

static void test_full_fit(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    struct match_result res = score(&r, &o);
    assert_int_equal(res.score, 100);
    for (int f = 0; f < MATCH_NFACTORS - 1; f++) assert_true(res.f[f].fits);
    assert_int_equal(res.place_bit, 1);          /* the subregion, not the continent */
    assert_int_equal(res.language_bit, 2);
}

static void test_category(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.categories = 2;
    assert_int_equal(score(&r, &o).score, -1);   /* another category: not a candidate */
    o.categories = 0;
    struct match_result res = score(&r, &o);
    assert_int_equal(res.f[MATCH_CATEGORY].points, 20);
    assert_int_equal(res.f[MATCH_CATEGORY].how, MH_ANY);
    assert_int_equal(res.score, 85);
}

static void test_kind(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.kinds = 2;
    struct match_result res = score(&r, &o);
    assert_false(res.f[MATCH_KIND].fits);
    assert_int_equal(res.f[MATCH_KIND].points, 0);
    assert_int_equal(res.score, 85);
    o.kinds = 0;
    assert_int_equal(score(&r, &o).f[MATCH_KIND].points, 10);
    o.kinds = 1;
    r.kind = 0;
    assert_int_equal(score(&r, &o).f[MATCH_KIND].how, MH_UNKNOWN);
}

static void test_place(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.places = 1;                                /* the continent only */
    struct match_result res = score(&r, &o);
    assert_int_equal(res.f[MATCH_PLACE].points, 16);
    assert_int_equal(res.f[MATCH_PLACE].how, MH_CONTINENT);
    o.places = 4;                                /* elsewhere */
    res = score(&r, &o);
    assert_false(res.f[MATCH_PLACE].fits);
    assert_int_equal(res.f[MATCH_PLACE].points, 0);
    uint16_t sorted[] = { 3, 7, 9 };             /* names the State (sorted, as the set keeps them) */
    o.states = sorted;
    o.nstates = 3;
    res = score(&r, &o);
    assert_int_equal(res.f[MATCH_PLACE].points, 20);
    assert_int_equal(res.place_bit, -1);
    o.places = 0;
    o.nstates = 0;
    assert_int_equal(score(&r, &o).f[MATCH_PLACE].how, MH_ANY);
}

static void test_budget(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    r.cost = 600000;
    struct match_result res = score(&r, &o);
    assert_int_equal(res.f[MATCH_BUDGET].how, MH_ABOVE);
    assert_false(res.f[MATCH_BUDGET].fits);
    r.cost = 1000;
    res = score(&r, &o);
    assert_int_equal(res.f[MATCH_BUDGET].how, MH_BELOW);
    assert_int_equal(res.f[MATCH_BUDGET].points, 5);
    r.cost = -1;
    assert_int_equal(score(&r, &o).f[MATCH_BUDGET].points, 8);
    r.cost = 500000;                             /* the bounds are inside */
    assert_int_equal(score(&r, &o).f[MATCH_BUDGET].points, 15);
    o.budget_min = o.budget_max = -1;
    assert_int_equal(score(&r, &o).f[MATCH_BUDGET].how, MH_UNKNOWN);
}

static void test_period(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.end = 2026 * 12 + 5;                       /* ends before the request starts */
    struct match_result res = score(&r, &o);
    assert_int_equal(res.f[MATCH_PERIOD].how, MH_ENDS_BEFORE);
    assert_false(res.f[MATCH_PERIOD].fits);
    o = off();
    o.start = 2029 * 12 + 1;
    o.end = 2030 * 12;
    assert_int_equal(score(&r, &o).f[MATCH_PERIOD].how, MH_OTHER);
    o = off();
    o.start = o.end = 0;
    assert_int_equal(score(&r, &o).f[MATCH_PERIOD].points, 6);
    o = off();
    o.is_call = true;
    o.deadline = TODAY - 1;
    assert_int_equal(score(&r, &o).f[MATCH_PERIOD].how, MH_CLOSED);
    o.deadline = TODAY;                          /* closes today: still open */
    assert_int_equal(score(&r, &o).f[MATCH_PERIOD].how, MH_OPEN_UNTIL);
}

static void test_language(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.langs = 1u << 3;
    struct match_result res = score(&r, &o);
    assert_false(res.f[MATCH_LANGUAGE].fits);
    assert_int_equal(res.score, 95);
    o.langs = 0;
    assert_int_equal(score(&r, &o).f[MATCH_LANGUAGE].points, 2);
}

static void test_call_needs_report(void **state)
{
    (void)state;
    struct match_request r = req();
    struct match_offer o = off();
    o.is_call = true;
    o.deadline = TODAY + 30;
    assert_int_equal(score(&r, &o).score, 100);
    r.from_report = false;
    struct match_result res = score(&r, &o);
    assert_false(res.f[MATCH_REPORT].fits);
    assert_int_equal(res.score, 30);
}

static void test_ranking(void **state)
{
    (void)state;
    struct match_set *m = match_set_new();
    assert_int_equal(match_set_bit(m, MATCH_T_CATEGORY, "stockpile"), 0);
    assert_int_equal(match_set_bit(m, MATCH_T_CATEGORY, "stockpile"), 0);
    assert_int_equal(match_set_lookup(m, MATCH_T_CATEGORY, "tracing"), -1);
    assert_string_equal(match_set_code(m, MATCH_T_CATEGORY, 0), "stockpile");
    assert_null(match_set_code(m, MATCH_T_CATEGORY, 5));
    char code[16];
    for (int i = 0; i < 8; i++) {                /* the kinds table holds 8 codes, then refuses */
        snprintf(code, sizeof code, "k%d", i);
        assert_int_equal(match_set_bit(m, MATCH_T_KIND, code), i);
    }
    assert_int_equal(match_set_bit(m, MATCH_T_KIND, "k8"), -1);
    struct match_request r = req();
    struct match_offer a = off(), b = off(), c = off(), d = off();
    a.id = 1; b.id = 2; c.id = 3; d.id = 4;
    b.langs = 1u << 4;                           /* 95 */
    c.categories = 2;                            /* not a candidate */
    d.kinds = 2;                                 /* 85 */
    uint16_t st[] = { 7 };
    a.states = st;
    a.nstates = 1;
    match_set_add_offer(m, &a);
    match_set_add_offer(m, &b);
    match_set_add_offer(m, &c);
    match_set_add_offer(m, &d);
    struct match_offer e = off();
    e.id = 5;                                    /* 100, like a: the newer id first */
    match_set_add_offer(m, &e);
    match_set_add_request(m, &r);
    struct match_hit top[3];
    size_t n = match_top_offers(m, &r, TODAY, top, 3);
    assert_int_equal(n, 3);
    assert_int_equal(top[0].id, 5);
    assert_int_equal(top[1].id, 1);
    assert_int_equal(top[2].id, 2);
    assert_int_equal(top[2].score, 95);
    assert_non_null(match_set_offer(m, 4));
    assert_null(match_set_offer(m, 99));
    struct match_hit rt[2];
    assert_int_equal(match_top_requests(m, match_set_offer(m, 3), TODAY, rt, 2), 0);
    assert_int_equal(match_top_requests(m, match_set_offer(m, 4), TODAY, rt, 2), 1);
    match_set_free(m);
}

/* The whole set ranked on threads (scanning) gives what one-by-one ranking on the index gives. */
static void test_all_agrees(void **state)
{
    (void)state;
    struct match_set *m = match_set_new();
    srand(7);
    for (int i = 0; i < 300; i++) {
        struct match_request r = req();
        r.id = i + 1;
        r.category = 1u << (rand() % 5);
        r.kind = (uint8_t)(1u << (rand() % 6));
        r.cost = rand() % 3 ? rand() % 1000000 : -1;
        r.places = 1u << (rand() % 8);
        match_set_add_request(m, &r);
        struct match_offer o = off();
        o.id = i + 1;
        o.categories = rand() % 4 ? 1u << (rand() % 5) : 0;
        o.kinds = (uint8_t)(rand() % 2 ? 1u << (rand() % 6) : 0);
        o.places = rand() % 3 ? 1u << (rand() % 8) : 0;
        o.budget_max = rand() % 800000;
        match_set_add_offer(m, &o);
    }
    size_t k = 10, nreq = match_set_requests(m);
    struct match_hit *all = calloc(nreq * k, sizeof *all);
    size_t *counts = calloc(nreq, sizeof *counts);
    match_all(m, TODAY, k, 3, all, counts);     /* a full scan of every offer */
    match_set_index(m);                          /* one by one, on the index by category */
    for (size_t i = 0; i < nreq; i++) {
        struct match_hit one[10];
        size_t n = match_top_offers(m, match_set_request(m, (long long)i + 1), TODAY, one, k);
        assert_int_equal(n, counts[i]);
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(one[j].id, all[i * k + j].id);
            if (j) assert_true(one[j - 1].score >= one[j].score);
        }
    }
    free(all);
    free(counts);
    match_set_free(m);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(match_month("2027-03"), 2027 * 12 + 2);
    assert_int_equal(match_month("2027-03-31"), 2027 * 12 + 2);
    assert_int_equal(match_month("2027-13"), 0);
    assert_int_equal(match_month("2027-3"), 0);
    assert_int_equal(match_month("abcd-03"), 0);
    assert_int_equal(match_month(NULL), 0);
    assert_int_equal(match_month(""), 0);
    assert_int_equal(match_day("1970-01-01"), 0);
    assert_int_equal(match_day("2026-12-06"), TODAY);
    assert_int_equal(match_day("2026-12-06x"), 0);
    assert_int_equal(match_day("2026-12-32"), 0);
    assert_int_equal(match_day("2026-12"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_fit), cmocka_unit_test(test_category), cmocka_unit_test(test_kind),
        cmocka_unit_test(test_place), cmocka_unit_test(test_budget), cmocka_unit_test(test_period),
        cmocka_unit_test(test_language), cmocka_unit_test(test_call_needs_report), cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_all_agrees), cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests: domain/analysis_*.c, the analysis of implementation.  Reporting rates and their
 * denominators, first-time reporters, States that stopped, States that never reported, late
 * reports; shares of an answer with "no response" in the denominator, a renamed question
 * followed to its old id, a merged one not compared, the sums of figures with their coverage;
 * SDG 16.4.2 pooled over the States with both figures; assistance with nothing measured yet;
 * drafts never count; the summary sentences; unknown cycles and questions; failed reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/analysis.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("analysis", arrange())

static int arrange(void)
{
    setenv("POAISS_TODAY", "2026-12-06", 1);
    i18n_init();
    i18n_set_lang("en");
    xv_report(db, "KEN", 2022, "{\"coord.nap\": \"no\", \"sdg.seized\": {\"total\": 10}, \"sdg.traced\": 1}", false);
    xv_report(db, "PER", 2022, "{\"coord.body\": \"yes\"}", false);
    xv_report(db, "KEN", 2024,
              "{\"coord.nap\": \"yes\", \"sdg1642.seized\": {\"pistols\": 5, \"total\": 20}, \"sdg1642.found\": {\"rifles\": 5},"
              " \"sdg1642.traced\": 5, \"challenges.obstacles\": \"funding\"}", false);
    long long fra = xv_report(db, "FRA", 2024, "{\"coord.body\": \"yes\", \"sdg1642.seized\": {\"total\": 10}, \"sdg1642.traced\": 30}", false);
    xv_report(db, "DEU", 2024, "{\"coord.nap\": \"developing\", \"sdg1642.seized\": {\"total\": 1000}, \"sdg1642.traced\": 1000}", true);
    xv_report(db, "BRA", 2026, "{\"challenges\": \"funding and training\"}", false);
    /* France submitted its 2024 report after the deadline (31 March 2024). */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_report_set_status(db, fra, "submitted", 1), 0);
    assert_int_equal(store_report_set_status(db, fra, "published", 1), 0);
    assert_int_equal(store_report_dates_set(db, fra, "2024-01-10T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-02T10:00:00Z"), 0);
    assert_int_equal(store_tx_commit(db), 0);
    return 0;
}

static size_t cycle_ix(const struct analysis_reporting *r, int year)
{
    for (size_t i = 0; i < r->ncycles; i++)
        if (r->cycles[i].year == year) return i;
    fail_msg("no cycle %d", year);
    return 0;
}

static const struct analysis_state *state_of(const struct analysis_reporting *r, const char *iso3)
{
    for (size_t i = 0; i < r->nstates; i++)
        if (strcmp(r->states[i].iso3, iso3) == 0) return &r->states[i];
    fail_msg("no State %s", iso3);
    return NULL;
}

static void test_reporting_rates(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_reporting r;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_reporting_get(db, &a, "en", 2024, &r, &e), 0);
    /* Only cycles with a published report are analysed: 2022, 2024, 2026. */
    assert_int_equal(r.ncycles, 3);
    assert_int_equal(r.cycles[0].year, 2022);
    assert_int_equal(r.cycle, 2024);
    const struct analysis_cycle *c22 = &r.cycles[cycle_ix(&r, 2022)], *c24 = &r.cycles[cycle_ix(&r, 2024)],
                                *c26 = &r.cycles[cycle_ix(&r, 2026)];
    assert_int_equal(c22->reported, 2);
    assert_int_equal(c24->reported, 2);   /* Germany's draft does not count */
    assert_int_equal(c26->reported, 1);
    assert_int_equal(c24->states, (int)r.nstates);   /* the denominator: every State of the list */
    assert_int_equal(c24->first_time, 1);             /* France */
    assert_int_equal(c24->stopped, 1);                /* Peru */
    assert_int_equal(c24->late, 1);                   /* France, after the deadline */
    assert_int_equal(c26->first_time, 1);             /* Brazil */
    assert_int_equal(c26->stopped, 2);                /* Kenya and France */
    assert_int_equal(c22->first_time, 0);             /* the first cycle analysed has no earlier one */
    assert_int_equal(r.never, (int)r.nstates - 4);
    assert_true(state_of(&r, "FRA")->first_time);
    assert_true(state_of(&r, "FRA")->late);
    assert_true(state_of(&r, "PER")->stopped);
    assert_int_equal(state_of(&r, "DEU")->report, 0);
    assert_int_equal(state_of(&r, "DEU")->reports, 0);
    assert_int_equal(state_of(&r, "KEN")->reports, 2);
    /* By region: Africa (002) has Kenya in 2022 and 2024. */
    bool africa = false;
    for (size_t i = 0; i < r.nareas; i++) {
        if (r.areas[i].kind != ANALYSIS_REGION || strcmp(r.areas[i].code, "002") != 0) continue;
        africa = true;
        assert_int_equal(r.areas[i].reported[cycle_ix(&r, 2024)], 1);
        assert_true(r.areas[i].states[0] >= 54);
    }
    assert_true(africa);
    /* The charts: the rate, with its counts, and the map with a tile per State. */
    const struct chart *rate = analysis_chart_find(r.charts, r.ncharts, "rate");
    assert_non_null(rate);
    assert_int_equal(rate->series[0].n[1], 2);
    assert_int_equal(rate->series[0].of[1], (int)r.nstates);
    assert_true(fabs(rate->series[0].v[1] - 200.0 / (double)r.nstates) < 1e-9);
    assert_non_null(strstr(rate->summary, "went from 1\xc2\xa0% in 2022 to 1\xc2\xa0% in 2024 (2 of "));
    assert_false(rate->synthetic);
    const struct chart *map = analysis_chart_find(r.charts, r.ncharts, "map");
    assert_non_null(map);
    assert_int_equal(map->ntiles, r.nstates);
    for (size_t i = 0; i < map->ntiles; i++) {
        if (strcmp(map->tiles[i].code, "FRA") == 0) assert_int_equal(map->tiles[i].value, 1);   /* late */
        if (strcmp(map->tiles[i].code, "KEN") == 0) assert_int_equal(map->tiles[i].value, 0);
        if (strcmp(map->tiles[i].code, "DEU") == 0) assert_int_equal(map->tiles[i].value, 2);
    }
    const struct chart *changes = analysis_chart_find(r.charts, r.ncharts, "changes");
    assert_string_equal(changes->summary,
                        "In 2024, 1 States reported for the first time, 1 States that had reported in 2022 did not, and 1 reports came after the deadline.");
    arena_cleanup(&a);
}

static void test_reporting_default_and_unknown_cycle(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_reporting r;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_reporting_get(db, &a, "en", 0, &r, &e), 0);
    assert_int_equal(r.cycle, 2026);   /* the newest with a published report */
    assert_int_equal(analysis_reporting_get(db, &a, "en", 2010, &r, &e), -1);   /* nothing published: not analysed */
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static const struct analysis_qcycle *qc_of(const struct analysis_question *x, int year)
{
    for (size_t i = 0; i < x->ncycles; i++)
        if (x->cycles[i].year == year) return &x->cycles[i];
    fail_msg("no cycle %d", year);
    return NULL;
}

static size_t value_ix(const struct analysis_question *x, const char *v)
{
    for (size_t k = 0; k < x->nvalues; k++)
        if (strcmp(x->values[k], v) == 0) return k;
    fail_msg("no value %s", v);
    return 0;
}

static void test_question_shares(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_question x;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_question_get(db, &a, "en", "coord.nap", NULL, &x, &e), 0);
    const struct analysis_qcycle *q24 = qc_of(&x, 2024), *q22 = qc_of(&x, 2022);
    assert_string_equal(q24->asked_as, "coord.nap");
    assert_int_equal(q24->reporting, 2);     /* Kenya and France; Germany's draft never */
    assert_int_equal(q24->answered, 1);      /* France left it unanswered: in the denominator as no response */
    assert_int_equal(q24->count[value_ix(&x, "yes")], 1);
    assert_int_equal(q24->count[value_ix(&x, "developing")], 0);
    assert_int_equal(q22->count[value_ix(&x, "no")], 1);
    const struct chart *trend = analysis_chart_find(x.charts, x.ncharts, "trend");
    assert_non_null(trend);
    assert_int_equal(trend->kind, CHART_STACKED);
    assert_int_equal(trend->nseries, x.nvalues + 1);   /* the values and "No response" */
    assert_true(fabs(trend->series[value_ix(&x, "yes")].v[1] - 50.0) < 1e-9);
    assert_string_equal(trend->series[x.nvalues].label, "No response");
    assert_int_equal(trend->series[x.nvalues].n[1], 1);
    assert_string_equal(trend->summary, "The share of reporting States answering \"Yes\" went from 0\xc2\xa0% in 2022 to 0\xc2\xa0% in 2026.");
    assert_string_equal(trend->series[0].href[1], "/questions/coord.nap?cycle=2024&answer=yes");
    /* A region: Europe (150) has France only. */
    struct analysis_qfilter f = { 2024, "150", NULL };
    assert_int_equal(analysis_question_get(db, &a, "en", "coord.nap", &f, &x, &e), 0);
    assert_int_equal(qc_of(&x, 2024)->reporting, 1);
    assert_int_equal(qc_of(&x, 2024)->answered, 0);
    arena_cleanup(&a);
}

static void test_question_renamed_merged_figures(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_question x;
    struct err e = ERR_NONE;
    /* sdg1642.seized was sdg.seized until 2022: followed back, its total summed with its coverage. */
    assert_int_equal(analysis_question_get(db, &a, "en", "sdg1642.seized", NULL, &x, &e), 0);
    assert_string_equal(qc_of(&x, 2022)->asked_as, "sdg.seized");
    assert_string_equal(qc_of(&x, 2024)->asked_as, "sdg1642.seized");
    size_t total = x.nfields;
    for (size_t f = 0; f < x.nfields; f++)
        if (strcmp(x.fields[f], "total") == 0) total = f;
    assert_true(total < x.nfields);
    assert_true(fabs(qc_of(&x, 2022)->sum[total] - 10) < 1e-9);
    assert_int_equal(qc_of(&x, 2022)->figures[total], 1);
    assert_int_equal(qc_of(&x, 2022)->reporting, 2);
    assert_true(fabs(qc_of(&x, 2024)->sum[total] - 30) < 1e-9);   /* Kenya 20, France 10; Germany's draft never */
    assert_int_equal(qc_of(&x, 2024)->figures[total], 2);
    struct analysis_qfilter in2024 = { 2024, NULL, NULL };
    assert_int_equal(analysis_question_get(db, &a, "en", "sdg1642.seized", &in2024, &x, &e), 0);
    assert_string_equal(x.charts[0].summary,
                        "In 2024, 2 of 2 reporting States gave a figure for \"Total (give it also where no breakdown by kind is available)\"; together they reported 30.");
    /* challenges was two questions until 2024: the cycle is shown as merged, with no share. */
    assert_int_equal(analysis_question_get(db, &a, "en", "challenges", NULL, &x, &e), 0);
    assert_null(qc_of(&x, 2024)->asked_as);
    assert_non_null(strstr(qc_of(&x, 2024)->merged, "challenges.obstacles"));
    assert_string_equal(qc_of(&x, 2026)->asked_as, "challenges");
    assert_int_equal(qc_of(&x, 2026)->answered, 1);
    /* A number question: the sum and how many gave one. */
    assert_int_equal(analysis_question_get(db, &a, "en", "sdg1642.traced", NULL, &x, &e), 0);
    assert_string_equal(qc_of(&x, 2022)->asked_as, "sdg.traced");
    assert_true(fabs(qc_of(&x, 2024)->sum[0] - 35) < 1e-9);
    assert_int_equal(qc_of(&x, 2024)->figures[0], 2);
    /* Unknown question, unknown cycle. */
    assert_int_equal(analysis_question_get(db, &a, "en", "no.such.question", NULL, &x, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    struct analysis_qfilter f = { 2010, NULL, NULL };
    assert_int_equal(analysis_question_get(db, &a, "en", "coord.nap", &f, &x, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static void test_sdg(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_sdg x;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_sdg_get(db, &a, "en", 2024, &x, &e), 0);
    assert_int_equal(x.cycle, 2024);
    assert_true(x.found_asked);
    const struct analysis_sdg_total *t24 = NULL, *t22 = NULL;
    for (size_t i = 0; i < x.ncycles; i++) {
        if (x.cycles[i].year == 2024) t24 = &x.cycles[i];
        if (x.cycles[i].year == 2022) t22 = &x.cycles[i];
    }
    assert_non_null(t24);
    assert_non_null(t22);
    /* Kenya: 20 seized + 5 found, 5 traced; France's 30 traced of 10 is inconsistent; Germany's draft never. */
    assert_int_equal(t24->total, 25);
    assert_int_equal(t24->traced, 5);
    assert_int_equal(t24->counted, 1);
    assert_int_equal(t24->reporting, 2);
    assert_int_equal(t24->inconsistent, 1);
    assert_int_equal(t22->total, 10);   /* sdg.seized, followed back */
    assert_int_equal(t22->traced, 1);
    assert_non_null(strstr(x.charts[0].summary, "went from 10\xc2\xa0% in 2022 to 20\xc2\xa0% in 2024 (5 of 25 weapons, from 1 States)"));
    bool ken = false;
    for (size_t i = 0; i < x.nstates; i++)
        if (strcmp(x.states[i].iso3, "KEN") == 0) {
            ken = true;
            assert_int_equal(x.states[i].found, 5);
            assert_int_equal(x.states[i].surrendered, -1);
            assert_true(x.states[i].counted);
        }
    assert_true(ken);
    assert_int_equal(analysis_sdg_get(db, &a, "en", 2016, &x, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static void test_assistance_not_measured(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_assist x;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_assist_get(db, &a, "en", &x, &e), 0);
    assert_int_equal(x.requests, 0);
    assert_int_equal(x.nstages, 0);
    assert_true(x.ncategories > 0);
    assert_int_equal(x.ncharts, 4);
    assert_string_equal(x.charts[3].summary, "Of 0 requests for assistance, 0 (—) found a match and 0 (—) were completed.");
    arena_cleanup(&a);
}

/* The median days in a stage: over the stays of the requests counted (a superseded one's stay is not). */
static void test_assistance_stage_days(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    char *msg = NULL;
    int rc = sqlite3_exec(h,
        "INSERT INTO request (id, state_iso3, category, kind, title, status, stage) VALUES "
        " (9001, 'KEN', 'stockpile', 'training', 'Live one', 'open', 'acknowledged'),"
        " (9002, 'KEN', 'stockpile', 'training', 'Live two', 'open', 'acknowledged'),"
        " (9003, 'KEN', 'stockpile', 'training', 'Replaced', 'superseded', 'closed');"
        "INSERT INTO request_stage (request_id, stage, at) VALUES "
        " (9001, 'received', '2026-01-01T00:00:00Z'), (9001, 'acknowledged', '2026-01-05T00:00:00Z'),"
        " (9002, 'received', '2026-01-01T00:00:00Z'), (9002, 'acknowledged', '2026-01-07T00:00:00Z'),"
        " (9003, 'received', '2024-01-01T00:00:00Z'), (9003, 'closed', '2026-01-01T00:00:00Z');",
        NULL, NULL, &msg);
    if (rc != SQLITE_OK) fail_msg("%s", msg ? msg : "?");
    sqlite3_close(h);
    struct arena a = ARENA_INIT;
    struct analysis_assist x;
    struct err e = ERR_NONE;
    assert_int_equal(analysis_assist_get(db, &a, "en", &x, &e), 0);
    assert_int_equal(x.requests, 2);
    assert_int_equal(x.nstages, 1);
    assert_string_equal(x.stages[0].stage, "received");
    assert_int_equal(x.stages[0].stays, 2);                 /* not the superseded request's 731 days */
    assert_true(fabs(x.stages[0].median_days - 5.0) < 1e-9);
    arena_cleanup(&a);
}

static void test_failed_read(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct analysis_question x;
    struct err e = ERR_NONE;
    xv_break(dbpath, true);
    assert_int_equal(analysis_question_get(db, &a, "en", "coord.nap", NULL, &x, &e), -1);
    assert_int_equal(e.code, ERR_STORE);
    xv_break(dbpath, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reporting_rates), cmocka_unit_test(test_reporting_default_and_unknown_cycle),
        cmocka_unit_test(test_question_shares), cmocka_unit_test(test_question_renamed_merged_figures),
        cmocka_unit_test(test_sdg), cmocka_unit_test(test_assistance_not_measured), cmocka_unit_test(test_assistance_stage_days), cmocka_unit_test(test_failed_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests: domain/search, the read side of full-text search: hits with their report's State,
 * cycle and question, names in the asked language, drafts never found, paging, facets (the
 * sections adding up the questions, the answer facet counted without the answer filter),
 * browsing a question's answers, notices for filters that cannot match, every malformed request
 * refused with ERR_INVALID (or let through when lenient), and a failed read as ERR_STORE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/search.h"
#include "domain/template.h"
#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static char dbpath[96];
static struct store *db;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("search", dbpath);
    if (!db) return -1;
    xv_report(db, "KEN", 2024, "{\"coord.nap\": \"no\", \"manuf.marking.exceptions\": \"Antique firearms are exempt from marking.\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.nap\": \"yes\", \"manuf.marking.exceptions\": \"Marking is required on every firearm.\"}", false);
    xv_report(db, "DEU", 2024, "{\"coord.nap\": \"developing\", \"manuf.marking.exceptions\": \"A zebra marking draft.\"}", true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static struct search_request words(const char *q)
{
    return (struct search_request){ .q = q, .limit = SEARCH_PAGE_SIZE, .facets = true, .names = true };
}

static const struct search_hit *hit_of(const struct search_result *r, const char *iso3)
{
    for (size_t i = 0; i < r->nhits; i++)
        if (strcmp(r->hits[i].iso3, iso3) == 0) return &r->hits[i];
    return NULL;
}

static long count_of(const struct search_facet *f, const char *value)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].value, value) == 0) return f->v[i].count;
    return -1;
}

static void test_hits(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = words("marking");
    assert_int_equal(search_run(db, &a, &rq, "fr", &r, &e), 0);
    assert_int_equal(r.total, 2);                 /* the draft's answer is never found */
    assert_int_equal(r.nhits, 2);
    assert_false(r.newest);
    assert_int_equal(r.notice, SEARCH_NOTICE_NONE);
    const struct search_hit *ken = hit_of(&r, "KEN");
    assert_non_null(ken);
    assert_int_equal(ken->cycle, 2024);
    assert_int_equal(ken->version, 1);
    assert_false(ken->synthetic);
    assert_string_equal(ken->question, "manuf.marking.exceptions");
    assert_non_null(ken->q);
    assert_string_equal(ken->q->id, "manuf.marking.exceptions");
    assert_non_null(strchr(ken->snippet, '\x02'));
    assert_string_equal(search_snippet_plain(&a, ken->snippet), "Antique firearms are exempt from marking.");
    assert_string_equal(hit_of(&r, "FRA")->name, "France");
    assert_string_equal(ken->name, "Kenya");

    rq = words("zebra");
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 0);
    assert_int_equal(r.nhits, 0);

    /* A page of one: the total stays, one hit; without names none is read. */
    rq = (struct search_request){ .q = "marking", .offset = 1, .limit = 1 };
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 2);
    assert_int_equal(r.nhits, 1);
    assert_null(r.hits[0].name);
    assert_int_equal(r.facets[SEARCH_FACET_CYCLE].n, 0);   /* no facets asked */
    /* Only the count. */
    rq.limit = 0;
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 2);
    assert_int_equal(r.nhits, 0);
    arena_cleanup(&a);
}

static void test_facets(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = words("marking");
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(count_of(&r.facets[SEARCH_FACET_CYCLE], "2024"), 2);
    assert_int_equal(count_of(&r.facets[SEARCH_FACET_GROUP], "AFR"), 1);
    assert_int_equal(count_of(&r.facets[SEARCH_FACET_GROUP], "WEOG"), 1);
    assert_int_equal(count_of(&r.facets[SEARCH_FACET_REGION], "002"), 1);
    for (size_t i = 0; i < r.facets[SEARCH_FACET_GROUP].n; i++) assert_non_null(r.facets[SEARCH_FACET_GROUP].v[i].label);
    const struct search_facet *qf = &r.facets[SEARCH_FACET_QUESTION];
    assert_int_equal(qf->n, 1);
    assert_string_equal(qf->v[0].value, "manuf.marking.exceptions");
    assert_non_null(qf->v[0].q);
    /* The sections add up to the total, each with its title. */
    const struct search_facet *sf = &r.facets[SEARCH_FACET_SECTION];
    long sum = 0;
    for (size_t i = 0; i < sf->n; i++) { sum += sf->v[i].count; assert_non_null(sf->v[i].label); }
    assert_int_equal(sum, r.total);
    assert_string_equal(sf->v[0].value, qf->v[0].q->section_id);
    assert_false(r.has_answers);   /* no question chosen */
    const char *section = qf->v[0].q->section_id;

    /* A filter narrows the hits and the facets. */
    rq.group = "AFR";
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.hits[0].iso3, "KEN");
    assert_int_equal(count_of(&r.facets[SEARCH_FACET_GROUP], "WEOG"), -1);
    /* A section: only its questions. */
    rq = words("marking");
    rq.section = "1";
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, strcmp(section, "1") == 0 ? 2 : 0);
    rq.section = section;
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 2);
    arena_cleanup(&a);
}

static void test_browse(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = { .question = "coord.nap", .limit = SEARCH_PAGE_SIZE, .facets = true };
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 2);
    assert_non_null(r.question);
    assert_true(r.has_answers);
    /* Every value in the template's order, counted without the answer filter. */
    assert_true(r.answers.n >= 3);
    assert_string_equal(r.answers.v[0].value, "yes");
    assert_int_equal(count_of(&r.answers, "yes"), 1);
    assert_int_equal(count_of(&r.answers, "no"), 1);
    assert_int_equal(count_of(&r.answers, "developing"), 0);   /* the draft's is not counted */

    rq.answer = "no";
    rq.cycle = "2024";
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.hits[0].iso3, "KEN");
    assert_string_equal(r.hits[0].snippet, "no");
    assert_string_equal(r.answer, "no");
    assert_int_equal(count_of(&r.answers, "yes"), 1);   /* still in view */
    arena_cleanup(&a);
}

static void test_notices(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = { .question = "no.such.question", .limit = SEARCH_PAGE_SIZE, .facets = true };
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.notice, SEARCH_NOTICE_NO_QUESTION);
    assert_int_equal(r.total, 0);
    rq.question = "manuf.marking.exceptions";
    rq.answer = "no";
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.notice, SEARCH_NOTICE_NOT_CHOICE);
    rq.question = "coord.nap";
    rq.answer = "maybe";
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_int_equal(r.notice, SEARCH_NOTICE_NOT_AN_ANSWER);
    assert_int_equal(r.nhits, 0);
    assert_true(r.has_answers);   /* the facets still show what can be chosen */
    arena_cleanup(&a);
}

static void expect_invalid(struct search_request rq, const char *why)
{
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    if (search_run(db, &a, &rq, "en", &r, &e) != -1) fail_msg("accepted: %s", why);
    assert_int_equal(e.code, ERR_INVALID);
    assert_non_null(e.msg);
    arena_cleanup(&a);
}

static void test_invalid(void **state)
{
    (void)state;
    char long_q[SEARCH_Q_MAX + 2];
    memset(long_q, 'a', sizeof long_q - 1);
    long_q[sizeof long_q - 1] = '\0';
    char long_answer[102];
    memset(long_answer, 'b', sizeof long_answer - 1);
    long_answer[sizeof long_answer - 1] = '\0';
    expect_invalid((struct search_request){ .q = "marking", .cycle = "20x4" }, "cycle 20x4");
    expect_invalid((struct search_request){ .q = "marking", .region = "999" }, "region 999");
    expect_invalid((struct search_request){ .q = "marking", .group = "XX" }, "group XX");
    expect_invalid((struct search_request){ .q = "marking", .section = "99" }, "section 99");
    expect_invalid((struct search_request){ .q = "marking", .section = "1; DROP" }, "section text");
    expect_invalid((struct search_request){ .q = "marking", .answer = "no" }, "answer without question");
    expect_invalid((struct search_request){ .q = "marking", .question = "coord.nap", .answer = long_answer }, "long answer");
    expect_invalid((struct search_request){ .q = long_q }, "long text");
    expect_invalid((struct search_request){ .q = "\"" }, "nothing to search for");
    expect_invalid((struct search_request){ .q = "" }, "no text, no question");
    expect_invalid((struct search_request){ 0 }, "nothing at all");

    /* Lenient (the page): the answer without a question is left out. */
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = { .q = "marking", .answer = "no", .lenient = true, .limit = 5 };
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    assert_null(r.answer);
    assert_int_equal(r.total, 2);
    /* Hostile text is quoted, never an FTS5 operator. */
    rq = (struct search_request){ .q = "NEAR(marking OR \"firearm* -x", .limit = 5 };
    assert_int_equal(search_run(db, &a, &rq, "en", &r, &e), 0);
    arena_cleanup(&a);
}

static void test_store_failure(void **state)
{
    (void)state;
    xv_break(dbpath, true);
    struct arena a = ARENA_INIT;
    struct search_result r;
    struct err e = ERR_NONE;
    struct search_request rq = { .question = "coord.nap", .limit = 5, .facets = true };
    int rc = search_run(db, &a, &rq, "en", &r, &e);
    xv_break(dbpath, false);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_STORE);
    arena_cleanup(&a);
}

static void test_facet_names(void **state)
{
    (void)state;
    assert_string_equal(search_facet_name(SEARCH_FACET_CYCLE), "cycle");
    assert_string_equal(search_facet_name(SEARCH_FACET_SUBREGION), "subregion");
    assert_string_equal(search_facet_name(SEARCH_FACET_QUESTION), "question");
    assert_string_equal(search_facet_name(SEARCH_NFACETS), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hits),   cmocka_unit_test(test_facets),        cmocka_unit_test(test_browse),
        cmocka_unit_test(test_notices), cmocka_unit_test(test_invalid),      cmocka_unit_test(test_store_failure),
        cmocka_unit_test(test_facet_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

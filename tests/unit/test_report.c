/* Unit tests: domain/report, the rules that keep answers honest (issue 9): a file reference only
 * where the template asks for a file, and skip logic applied at every save. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/auth.h"
#include "domain/report.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "store/store.h"

static char dbpath[64];
static struct principal kenya;
static long long rid;

static int setup_db(void **state)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/poaiss-unit-report-%d.db", (int)getpid());
    char err[256];
    struct store *s = store_open(dbpath, true, err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return -1; }
    FILE *devnull = fopen("/dev/null", "w");
    int rc = setup_demo(s, devnull, err, sizeof err);
    fclose(devnull);
    if (rc < 0 || template_init(err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); return -1; }
    char cookie[AUTH_SECRET_LEN];
    if (auth_login(s, "kenya", "kenya-demo-2026", "10.9.0.1", &kenya, cookie) != AUTH_OK) return -1;
    struct report_result r;
    report_start(s, &kenya, "KEN", template_latest_cycle(), &r);
    if (r.code != REPORT_OK) { fprintf(stderr, "start: %s\n", r.message); return -1; }
    rid = r.id;
    *state = s;
    return 0;
}

static int teardown_db(void **state)
{
    store_close(*state);
    char p[96];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath); unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath); unlink(p);
    return 0;
}

/* Save one change at the answer's current revision. */
static enum report_code save(struct store *s, const char *q, json_t *value, json_t **details)
{
    json_t *revs = NULL, *answers = report_answers(s, rid, &revs);
    json_t *changes = json_pack("[{s:s, s:o, s:I}]", "question", q, "value", value,
                                "rev", json_integer_value(json_object_get(revs, q)));
    struct report_result r;
    report_save(s, &kenya, rid, changes, &r);
    json_decref(changes);
    json_decref(revs);
    json_decref(answers);
    if (details) *details = json_incref(r.details);
    report_result_cleanup(&r);
    return r.code;
}

static json_t *answer(struct store *s, const char *q)
{
    json_t *a = report_answers(s, rid, NULL), *v = json_incref(json_object_get(a, q));
    json_decref(a);
    return v;
}

static void test_file_reference_only_where_a_file_is_asked(void **state)
{
    struct store *s = *state;
    static const char PDF[] = "%PDF-1.4\n%%EOF\n";
    const char *sha = "3b8b0d3bb2c0ee2fa1c1d7e8e2c5aa2fd6d83c7d3a2b1e5f0c9d8a7b6c5d4e3f";
    struct report_blob blob = { sha, "application/pdf", PDF, sizeof PDF - 1 };
    struct report_result r;
    report_attach(s, &kenya, rid, &blob, &r);   /* linked to this report */
    assert_int_equal(r.code, REPORT_OK);
    report_result_cleanup(&r);
    json_t *ref = json_pack("{s:s, s:s, s:I, s:s}", "name", "plan.pdf", "type", "application/pdf", "bytes",
                            (json_int_t)(sizeof PDF - 1), "sha256", sha);
    /* Not a file question: refused, however it is wrapped. */
    assert_int_equal(save(s, "challenges", json_incref(ref), NULL), REPORT_INVALID);
    assert_int_equal(save(s, "challenges", json_pack("[{s:O}]", "x", ref), NULL), REPORT_INVALID);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:O}", "from", ref), NULL), REPORT_INVALID);
    assert_int_equal(save(s, "assist.needs", json_pack("[{s:s, s:O}]", "category", "marking_recordkeeping", "description", ref), NULL),
                     REPORT_INVALID);
    assert_null(answer(s, "challenges"));
    /* A file question that applies: accepted. */
    assert_int_equal(save(s, "coord.nap", json_string("yes"), NULL), REPORT_OK);
    assert_int_equal(save(s, "coord.nap.file", json_incref(ref), NULL), REPORT_OK);
    json_t *got = answer(s, "coord.nap.file");
    assert_true(json_equal(got, ref));
    json_decref(got);
    /* A file column of a table: accepted; a hash not linked to the report: refused. */
    assert_int_equal(save(s, "assist.needs.any", json_string("yes"), NULL), REPORT_OK);
    assert_int_equal(save(s, "assist.needs", json_pack("[{s:s, s:O}]", "category", "marking_recordkeeping", "proposal_file", ref), NULL),
                     REPORT_OK);
    json_object_set_new(ref, "sha256", json_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_int_equal(save(s, "coord.nap.file", json_incref(ref), NULL), REPORT_INVALID);
    json_decref(ref);
}

static void test_inactive_answers_dropped_at_save(void **state)
{
    struct store *s = *state;
    assert_int_equal(save(s, "coord.nap", json_string("yes"), NULL), REPORT_OK);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2024, "to", 2028), NULL), REPORT_OK);
    json_t *y = answer(s, "coord.nap.years");
    assert_non_null(y);
    json_decref(y);
    json_t *details = NULL;
    assert_int_equal(save(s, "coord.nap", json_string("no"), &details), REPORT_OK);
    /* Both dependants (the years and the file) are cleared by the same save, and listed. */
    int dropped = 0;
    json_t *e;
    size_t i;
    json_array_foreach(details, i, e) if (json_is_true(json_object_get(e, "dropped"))) dropped++;
    json_decref(details);
    assert_int_equal(dropped, 2);
    assert_null(answer(s, "coord.nap.years"));
    assert_null(answer(s, "coord.nap.file"));
    /* An answer to a question that does not apply is not kept. */
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2020, "to", 2021), NULL), REPORT_OK);
    assert_null(answer(s, "coord.nap.years"));
    /* Developing makes them apply again. */
    assert_int_equal(save(s, "coord.nap", json_string("developing"), NULL), REPORT_OK);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2020, "to", 2021), NULL), REPORT_OK);
    y = answer(s, "coord.nap.years");
    assert_non_null(y);
    json_decref(y);
}

static void test_report_inactive(void **state)
{
    (void)state;
    const struct template *t = template_get(template_latest_cycle());
    json_t *a = json_pack("{s:s, s:{s:i}, s:{s:s}, s:s}", "coord.nap", "no", "coord.nap.years", "from", 2020,
                          "coord.nap.file", "name", "x.pdf", "challenges", "text");
    json_t *gone = report_inactive(t, a);
    assert_int_equal(json_array_size(gone), 2);
    assert_string_equal(json_string_value(json_array_get(gone, 0)), "coord.nap.years");
    assert_string_equal(json_string_value(json_array_get(gone, 1)), "coord.nap.file");
    assert_int_equal(json_object_size(a), 4);   /* the caller's object is not changed */
    json_decref(gone);
    json_object_set_new(a, "coord.nap", json_string("yes"));
    gone = report_inactive(t, a);
    assert_int_equal(json_array_size(gone), 0);
    json_decref(gone);
    json_object_del(a, "coord.nap");   /* unanswered target: inactive too */
    gone = report_inactive(t, a);
    assert_int_equal(json_array_size(gone), 2);
    json_decref(gone);
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_inactive),
        cmocka_unit_test(test_file_reference_only_where_a_file_is_asked),
        cmocka_unit_test(test_inactive_answers_dropped_at_save),
    };
    json_object_seed(0);
    if (auth_init() < 0) return 1;
    return cmocka_run_group_tests(tests, setup_db, teardown_db);
}

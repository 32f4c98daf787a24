/* Unit tests: web/params (route and query parameters checked once, limits from the reference data). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/setup.h"
#include "store/store.h"
#include "web/params.h"
#include "unit.h"

UNIT_DB_FIXTURE("params", 0)

static const struct param_spec ARGS[] = { { "state", PARAM_STATE, 0, 0, PARAM_SUFFIX }, { "cycle", PARAM_CYCLE, 0, 0, 0 } };
static const struct param_spec QUERY[] = {
    { "region", PARAM_REGION, 0, 0, 0 }, { "page", PARAM_INT, 1, 50, 0 }, { "q", PARAM_TEXT, 0, 5, 0 },
    { "id", PARAM_ID, 0, 0, 0 }, { "sha", PARAM_SHA256, 0, 0, 0 }, { "question", PARAM_QUESTION, 0, 0, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};

/* Check a request with these two captures and this query string; the request is cleaned up by the caller. */
static int run(struct store *s, struct http_request *req, const char *a0, const char *a1, const char *query, struct err *e)
{
    memset(req, 0, sizeof *req);
    req->args[0] = a0;
    req->args[1] = a1;
    req->nargs = a1 ? 2 : 1;
    if (query) assert_int_equal(http_params_parse(&req->query, query, strlen(query)), 0);
    *e = ERR_NONE;
    return params_check(s, req, ARGS, 2, QUERY, e);
}

static void test_path(void **state)
{
    struct store *s = *state;
    struct http_request req;
    struct err e;
    assert_int_equal(run(s, &req, "ken", "2026", NULL, &e), 0);
    assert_string_equal(web_arg(&req, 0)->s, "KEN");   /* canonical upper case */
    assert_int_equal(web_arg(&req, 1)->n, 2026);
    assert_int_equal(req.fmt, TABLE_PAGE);
    http_request_cleanup(&req);

    assert_int_equal(run(s, &req, "KEN.csv", "2010", NULL, &e), 0);
    assert_string_equal(web_arg(&req, 0)->s, "KEN");
    assert_int_equal(req.fmt, TABLE_CSV);
    http_request_cleanup(&req);

    const struct { const char *a0, *a1; enum err_code code; } bad[] = {
        { "XYZ", "2026", ERR_NOT_FOUND }, { "KENYA", "2026", ERR_INVALID }, { "K3N", "2026", ERR_INVALID },
        { "", "2026", ERR_INVALID }, { "KEN.pdf", "2026", ERR_INVALID }, { "KEN", "1999", ERR_NOT_FOUND },
        { "KEN", "2102", ERR_NOT_FOUND }, { "KEN", "20x6", ERR_INVALID }, { "KEN", "-2026", ERR_INVALID },
        { "KEN", "99999999999999999999", ERR_INVALID }, { "KEN", "", ERR_INVALID },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run(s, &req, bad[i].a0, bad[i].a1, NULL, &e), -1);
        if (e.code != bad[i].code) fail_msg("%s %s: code %d", bad[i].a0, bad[i].a1, e.code);
        assert_non_null(e.msg);
        http_request_cleanup(&req);
    }
    /* A cycle the reference data gains is valid at once: no range typed in code. */
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_cycle_add(s, 2102, "2101-01-01", "2102-01-01"), 1);
    assert_int_equal(store_tx_commit(s), 0);
    assert_int_equal(run(s, &req, "KEN", "2102", NULL, &e), 0);
    http_request_cleanup(&req);
}

static void test_query(void **state)
{
    struct store *s = *state;
    struct http_request req;
    struct err e;
    assert_int_equal(run(s, &req, "KEN", "2026", "region=014&page=3&q=abc&undeclared=%3Cx%3E&id=12", &e), 0);
    assert_string_equal(web_q(&req, "region")->s, "014");
    assert_int_equal(web_q(&req, "page")->n, 3);
    assert_int_equal(web_q(&req, "id")->n, 12);
    assert_false(web_q(&req, "undeclared")->set);   /* a handler cannot read what the route does not declare */
    assert_false(web_q(&req, "sha")->set);
    http_request_cleanup(&req);

    assert_int_equal(run(s, &req, "KEN", "2026", "region=&page=", &e), 0);   /* empty: any */
    assert_false(web_q(&req, "region")->set);
    http_request_cleanup(&req);

    const char *bad[] = { "region=999", "region=%3Cscript%3E", "page=0", "page=51", "page=1e3", "q=abcdef",
                          "id=0", "sha=ABCDEF", "sha=" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
                          "question=a%20b", "question=../etc" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run(s, &req, "KEN", "2026", bad[i], &e), -1);
        if (e.code != ERR_INVALID) fail_msg("%s: code %d", bad[i], e.code);
        http_request_cleanup(&req);
    }
    /* Characters, not bytes: five Cyrillic letters are five. */
    assert_int_equal(run(s, &req, "KEN", "2026", "q=%D0%B0%D0%B1%D0%B2%D0%B3%D0%B4", &e), 0);
    http_request_cleanup(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_path), cmocka_unit_test(test_query) };
    return cmocka_run_group_tests(tests, setup, teardown);
}

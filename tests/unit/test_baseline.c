/*
 * Unit tests for domain/baseline.c (and store/baseline.c under it): who may open a joint
 * baseline assessment and for which requests, who sees it (the parties, the Secretariat,
 * everyone only once public), each side writing only its own findings, publication only
 * while the State and every partner agree (a change of findings asks the others again),
 * completion with a summary, and every field checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assistance.h"
#include "domain/baseline.h"
#include "domain/notify.h"
#include "store/assistance.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;
static struct principal kenya, france, unoda, admin, donor, ngo, public_;
static long long donor_pid, ngo_pid, request_id, closed_id;

static long long partner_for(struct principal *p, const char *code)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_partner_ensure(db, code, code, "other", NULL, false);
    assert_true(id > 0);
    if (p) assert_int_equal(store_partner_set_user(db, p->user_id, id), 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static json_t *js(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, JSON_DECODE_ANY, &e);
    if (!v) fail_msg("bad JSON %s: %s", s, e.text);
    return v;
}

static long long file_request(const char *title)
{
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    json_t *in = json_pack("{s:s, s:s, s:s}", "category", "stockpile", "kind", "training", "title", title);
    long long id = assist_request_create(db, &kenya, in, &errs, &e);
    json_decref(in);
    assert_true(id > 0);
    return id;
}

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("baseline", dbpath);
    if (!db) return -1;
    unit_user(db, "kenya", "focal_point", "KEN", &kenya);
    unit_user(db, "france", "focal_point", "FRA", &france);
    unit_user(db, "unoda", "secretariat", NULL, &unoda);
    unit_user(db, "admin", "admin", NULL, &admin);
    unit_user(db, "donor", "partner", NULL, &donor);
    unit_user(db, "ngo", "partner", NULL, &ngo);
    donor_pid = partner_for(&donor, "donor");
    ngo_pid = partner_for(&ngo, "ngo");
    partner_for(NULL, "fund");
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_partner_ensure(db, "kenya-itself", "Kenya as a donor", "state", "KEN", false) > 0);
    assert_int_equal(store_tx_commit(db), 0);
    auth_public(&public_);
    i18n_init();
    i18n_set_lang("en");
    request_id = file_request("Train armoury staff");
    closed_id = file_request("An older need");
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    json_t *in = js("{\"status\": \"withdrawn\"}");
    assert_int_equal(assist_request_update(db, &kenya, closed_id, in, &errs, &e), 0);
    json_decref(in);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

/* Open an assessment as who with partners (JSON text); the id, or -1 with *e. */
static long long open_as(const struct principal *who, long long req, const char *partners, struct baseline_field_errors *errs,
                         struct err *e)
{
    json_t *p = js(partners);
    errs->n = 0;
    *e = ERR_NONE;
    long long id = baseline_open(db, who, req, p, "Scope (test).", errs, e);
    json_decref(p);
    return id;
}

static int update_as(const struct principal *who, long long id, const char *in, struct baseline_field_errors *errs, struct err *e)
{
    json_t *v = js(in);
    *e = ERR_NONE;
    int rc = baseline_update(db, who, id, v, errs, e);
    json_decref(v);
    return rc;
}

static bool has_field_error(const struct baseline_field_errors *errs, const char *field)
{
    for (size_t i = 0; i < errs->n; i++)
        if (strcmp(errs->v[i].field, field) == 0) return true;
    return false;
}

/* The one assessment every test after test_open works on. */
static long long the_id;

static void test_open(void **state)
{
    (void)state;
    struct baseline_field_errors errs;
    struct err e;
    /* only the Secretariat opens one */
    assert_int_equal(open_as(&kenya, request_id, "[\"donor\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(open_as(&donor, request_id, "[\"donor\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(open_as(&admin, request_id, "[\"donor\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* a closed request cannot get one; an unknown request is not found */
    assert_int_equal(open_as(&unoda, closed_id, "[\"donor\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    assert_int_equal(open_as(&unoda, 999999, "[\"donor\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* partners: at least one, each known, not the requesting State itself */
    assert_int_equal(open_as(&unoda, request_id, "[]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_true(has_field_error(&errs, "partners"));
    assert_int_equal(open_as(&unoda, request_id, "[\"donor\", \"nobody\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(open_as(&unoda, request_id, "[\"kenya-itself\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(open_as(&unoda, request_id, "\"donor\"", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    /* a problem found by the caller stops the opening too */
    json_t *p = js("[\"donor\"]");
    errs.n = 1;
    snprintf(errs.v[0].field, sizeof errs.v[0].field, "x");
    errs.v[0].msg = "This field is not known: check its name.";
    assert_int_equal(baseline_open(db, &unoda, request_id, p, NULL, &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    json_decref(p);
    /* the Secretariat opens it (a partner named twice, any case, counts once) */
    the_id = open_as(&unoda, request_id, "[\"donor\", \"fund\", \"DONOR\"]", &errs, &e);
    assert_true(the_id > 0);
    struct arena a = ARENA_INIT;
    struct baseline b;
    assert_int_equal(baseline_get(db, &a, &unoda, "en", the_id, &b, &e), 0);
    assert_int_equal(b.nparties, 3);
    assert_int_equal(b.parties[0].party, 0);
    assert_string_equal(b.parties[0].code, "KEN");
    assert_string_equal(b.status, "open");
    assert_string_equal(b.note, "Scope (test).");
    assert_false(b.is_public);
    assert_int_equal(b.side, -1);
    assert_false(b.may_write);
    assert_true(b.may_complete);
    /* one under way at a time */
    assert_int_equal(open_as(&unoda, request_id, "[\"ngo\"]", &errs, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    arena_cleanup(&a);
}

static void test_who_sees(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct baseline b;
    struct err e;
    const struct principal *may[] = { &kenya, &donor, &unoda, &admin };
    const long long sides[] = { 0, donor_pid, -1, -1 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(baseline_get(db, &a, may[i], "en", the_id, &b, &e), 0);
        assert_int_equal(b.side, sides[i]);
        assert_int_equal(b.may_write, sides[i] >= 0);
    }
    const struct principal *may_not[] = { &public_, &france, &ngo };
    for (size_t i = 0; i < 3; i++) {
        e = ERR_NONE;
        assert_int_equal(baseline_get(db, &a, may_not[i], "en", the_id, &b, &e), -1);
        assert_int_equal(e.code, ERR_NOT_FOUND);
    }
    struct baseline *v;
    size_t n;
    assert_int_equal(baseline_list_of_request(db, &a, &public_, "en", request_id, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(baseline_list_of_request(db, &a, &ngo, "en", request_id, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(baseline_list_of_request(db, &a, &unoda, "en", request_id, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(baseline_list_of_request(db, &a, &donor, "en", request_id, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, the_id);
    arena_cleanup(&a);
}

static const struct baseline_finding *finding(const struct baseline *b, long long party, const char *cat)
{
    for (size_t i = 0; i < b->nfindings; i++)
        if (b->findings[i].party == party && strcmp(b->findings[i].category, cat) == 0) return &b->findings[i];
    return NULL;
}

static void test_sides(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct baseline_field_errors errs;
    struct err e;
    struct baseline b;
    /* the opening told Kenya's focal point and the donor; the NGO takes no part */
    long long kenya_had = notify_unread_count(db, kenya.user_id), donor_had = notify_unread_count(db, donor.user_id);
    assert_true(kenya_had >= 1 && donor_had >= 1);
    assert_int_equal(notify_unread_count(db, ngo.user_id), 0);
    assert_int_equal(update_as(&kenya, the_id, "{\"findings\": [{\"category\": \"stockpile\", \"findings\": \"Doors missing\", "
                                               "\"needs\": \"Doors\", \"capacities\": \"A unit\"}]}", &errs, &e), 0);
    assert_int_equal(update_as(&donor, the_id, "{\"findings\": [{\"category\": \"stockpile\", \"findings\": \"Confirmed\"}, "
                                               "{\"category\": \"marking_recordkeeping\", \"needs\": \"Software\"}]}", &errs, &e), 0);
    assert_int_equal(baseline_get(db, &a, &unoda, "en", the_id, &b, &e), 0);
    assert_int_equal(b.nfindings, 3);
    /* each side's new findings told the other side, not itself */
    assert_int_equal(notify_unread_count(db, donor.user_id), donor_had + 1);
    assert_int_equal(notify_unread_count(db, kenya.user_id), kenya_had + 1);
    assert_string_equal(finding(&b, 0, "stockpile")->findings, "Doors missing");   /* the donor's write left Kenya's side */
    assert_string_equal(finding(&b, donor_pid, "stockpile")->findings, "Confirmed");
    assert_string_equal(finding(&b, donor_pid, "marking_recordkeeping")->needs, "Software");
    assert_null(finding(&b, 0, "marking_recordkeeping"));
    /* empty texts remove a side's category */
    assert_int_equal(update_as(&donor, the_id, "{\"findings\": [{\"category\": \"marking_recordkeeping\"}]}", &errs, &e), 0);
    assert_int_equal(baseline_get(db, &a, &unoda, "en", the_id, &b, &e), 0);
    assert_null(finding(&b, donor_pid, "marking_recordkeeping"));
    /* not parties: not found (they may not see it) or forbidden (the Secretariat) */
    assert_int_equal(update_as(&ngo, the_id, "{\"findings\": []}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(update_as(&france, the_id, "{\"public\": true}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(update_as(&unoda, the_id, "{\"findings\": []}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(update_as(&admin, the_id, "{\"public\": true}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* a party does not write the summary or complete it */
    assert_int_equal(update_as(&kenya, the_id, "{\"summary\": \"Mine\"}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(update_as(&donor, the_id, "{\"status\": \"completed\"}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    arena_cleanup(&a);
}

static bool is_public(void)
{
    struct arena a = ARENA_INIT;
    struct baseline b;
    struct err e = ERR_NONE;
    int rc = baseline_get(db, &a, &public_, "en", the_id, &b, &e);
    arena_cleanup(&a);
    return rc == 0;
}

static void test_public(void **state)
{
    (void)state;
    struct baseline_field_errors errs;
    struct err e;
    assert_int_equal(update_as(&kenya, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_false(is_public());
    assert_int_equal(update_as(&donor, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_false(is_public());   /* the fund has not agreed */
    /* the fund has no account here: an account of its own speaks for it */
    struct principal fund;
    unit_user(db, "fund", "partner", NULL, &fund);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_partner_set_user(db, fund.user_id, store_partner_by_code(db, "fund")), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(update_as(&fund, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_true(is_public());
    /* saving the same findings again changes nothing: still public */
    assert_int_equal(update_as(&donor, the_id, "{\"findings\": [{\"category\": \"stockpile\", \"findings\": \"Confirmed\"}]}", &errs, &e), 0);
    assert_true(is_public());
    /* a change of findings asks the others again; the side that changed keeps its agreement */
    assert_int_equal(update_as(&donor, the_id, "{\"findings\": [{\"category\": \"stockpile\", \"findings\": \"Revised\"}]}", &errs, &e), 0);
    assert_false(is_public());
    struct arena a = ARENA_INIT;
    struct baseline b;
    assert_int_equal(baseline_get(db, &a, &unoda, "en", the_id, &b, &e), 0);
    for (size_t i = 0; i < b.nparties; i++) assert_int_equal(b.parties[i].agrees_public, b.parties[i].party == donor_pid);
    arena_cleanup(&a);
    assert_int_equal(update_as(&kenya, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_int_equal(update_as(&fund, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_true(is_public());
    /* one party withdraws: shared between the parties again */
    assert_int_equal(update_as(&fund, the_id, "{\"public\": false}", &errs, &e), 0);
    assert_false(is_public());
    assert_int_equal(update_as(&fund, the_id, "{\"public\": true}", &errs, &e), 0);
    assert_true(is_public());
}

static void test_validation(void **state)
{
    (void)state;
    struct baseline_field_errors errs;
    struct err e;
    assert_int_equal(update_as(&kenya, the_id, "{\"findings\": [{\"category\": \"nope\", \"findings\": 3}, {\"category\": \"stockpile\"}, "
                                               "{\"category\": \"stockpile\", \"colour\": 1}], \"public\": \"yes\", \"x\": 1}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    const char *expect[] = { "findings[0].category", "findings[0].findings", "findings[2].colour", "findings[2].category", "public", "x" };
    for (size_t i = 0; i < 6; i++)
        if (!has_field_error(&errs, expect[i])) fail_msg("no error for %s", expect[i]);
    assert_int_equal(update_as(&kenya, the_id, "{}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(update_as(&kenya, the_id, "{\"findings\": {\"category\": \"stockpile\"}}", &errs, &e), -1);
    assert_true(has_field_error(&errs, "findings"));
    char *big = malloc(5100 + 64);
    memset(big, 'a', 5001);
    big[5001] = 0;
    char *in = malloc(5200);
    snprintf(in, 5200, "{\"findings\": [{\"category\": \"stockpile\", \"needs\": \"%s\"}]}", big);
    assert_int_equal(update_as(&kenya, the_id, in, &errs, &e), -1);
    assert_true(has_field_error(&errs, "findings[0].needs"));
    big[5000] = 0;   /* 5,000 characters are fine; so is text that looks like markup */
    snprintf(in, 5200, "{\"findings\": [{\"category\": \"gender\", \"needs\": \"%s\", \"findings\": \"<script>x</script>\"}]}", big);
    assert_int_equal(update_as(&kenya, the_id, in, &errs, &e), 0);
    free(big);
    free(in);
    /* completion: a status other than completed, or no summary, is refused */
    assert_int_equal(update_as(&unoda, the_id, "{\"status\": \"open\"}", &errs, &e), -1);
    assert_true(has_field_error(&errs, "status"));
    assert_int_equal(update_as(&unoda, the_id, "{\"status\": \"completed\", \"summary\": \"  \"}", &errs, &e), -1);
    assert_true(has_field_error(&errs, "summary"));
    /* a check alone writes nothing */
    json_t *v = js("{\"summary\": \"Draft\"}");
    assert_int_equal(baseline_check(db, &unoda, the_id, v, &errs, &e), 0);
    json_decref(v);
    struct arena a = ARENA_INIT;
    struct baseline b;
    assert_int_equal(baseline_get(db, &a, &unoda, "en", the_id, &b, &e), 0);
    assert_string_equal(b.summary, "");
    assert_int_equal(update_as(&unoda, the_id, "{\"status\": \"completed\", \"summary\": \"Both sides agree on the gaps.\"}", &errs, &e), 0);
    assert_int_equal(baseline_get(db, &a, &kenya, "en", the_id, &b, &e), 0);
    assert_string_equal(b.status, "completed");
    assert_string_equal(b.summary, "Both sides agree on the gaps.");
    assert_non_null(b.completed_at);
    assert_false(b.may_complete);
    /* completed: findings and summary no longer change; agreement to publish still may */
    assert_int_equal(update_as(&kenya, the_id, "{\"findings\": [{\"category\": \"stockpile\", \"findings\": \"Late\"}]}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    assert_int_equal(update_as(&unoda, the_id, "{\"summary\": \"Again\"}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    assert_int_equal(update_as(&kenya, the_id, "{\"public\": true}", &errs, &e), 0);
    /* and the request can have another one now */
    assert_true(open_as(&unoda, request_id, "[\"ngo\"]", &errs, &e) > 0);
    arena_cleanup(&a);
}

static int audit_count_cb(const struct store_audit *r, void *ctx)
{
    if (strncmp(r->action, "baseline.", 9) == 0) (*(int *)ctx)++;
    return 0;
}

static void test_audited(void **state)
{
    (void)state;
    int n = 0;
    assert_int_equal(store_audit_each(db, 1000, audit_count_cb, &n), 0);
    assert_true(n >= 15);   /* two openings, the findings, every agreement, the completion */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open),
        cmocka_unit_test(test_who_sees),
        cmocka_unit_test(test_sides),
        cmocka_unit_test(test_public),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

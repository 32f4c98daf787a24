/*
 * Unit tests: domain/report, a national report's life: start (only the State's own focal
 * point, only in an open cycle, once), save with revisions and conflicts (all or nothing),
 * check, submit, return, publish, reopen and correct; published versions are never
 * overwritten; a focal point of another State, a partner or the public are refused (and do
 * not even learn that a draft exists); hostile changes (unknown questions, huge or deeply
 * nested values, malformed lists); a file reference only where the template asks for a file,
 * and skip logic applied at every save (report_inactive).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "unit.h"

static struct err err;   /* the last operation's error */
static int arrange(void);
UNIT_DB_FIXTURE("report", arrange())
static struct principal kenya, france, unoda, donor, public_;

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    setenv("POAISS_TODAY", "2026-02-01", 1);   /* the 2026 cycle is open on this day (domain/cycle.c) */
    if (unit_user(db, "kenya", "focal_point", "KEN", &kenya) < 0 || unit_user(db, "france", "focal_point", "FRA", &france) < 0 ||
        unit_user(db, "unoda", "secretariat", NULL, &unoda) < 0 || unit_user(db, "donor", "partner", NULL, &donor) < 0)
        return -1;
    auth_public(&public_);
    return 0;
}

struct rep { char status[16]; int version; long long prefilled_from; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct rep *p = ctx;
    snprintf(p->status, sizeof p->status, "%s", r->status);
    p->version = r->version;
    p->prefilled_from = r->prefilled_from;
    return 0;
}

static struct rep report_of(long long id)
{
    struct rep p = { "", -1, 0 };
    assert_int_equal(store_report_get(db, id, false, rep_cb, &p), 0);
    return p;
}

/* Save one change; value is JSON text. */
static enum err_code save1(const struct principal *who, long long id, const char *qid, const char *value, long long rev,
                              struct report_result *r)
{
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    json_t *changes = json_pack("[{s:s, s:o, s:I}]", "question", qid, "value", v, "rev", (json_int_t)rev);
    report_save(db, who, id, changes, r, &err);
    json_decref(changes);
    return err.code;
}

static long long start_ken(void)
{
    struct report_result r;
    report_start(db, &kenya, "KEN", 2026, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_true(r.id > 0);
    report_result_cleanup(&r);
    return r.id;
}

static long long rev_of(long long id, const char *qid)
{
    json_t *revs = NULL, *a = report_answers(db, id, &revs);
    long long rev = json_integer_value(json_object_get(revs, qid));
    json_decref(a);
    json_decref(revs);
    return rev;
}

static void test_start(void **state)
{
    (void)state;
    struct report_result r;
    report_start(db, &france, "KEN", 2026, &r, &err);       /* a focal point of another State */
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_start(db, &unoda, "KEN", 2026, &r, &err);        /* the Secretariat does not write reports */
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_start(db, &public_, "KEN", 2026, &r, &err);
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_start(db, &kenya, "KEN", 2022, &r, &err);        /* closed */
    assert_int_equal(err.code, ERR_STATE);
    report_start(db, &kenya, "KEN", 2099, &r, &err);        /* no such cycle */
    assert_int_equal(err.code, ERR_STATE);
    report_start(db, &kenya, "KEN", -1, &r, &err);
    assert_int_equal(err.code, ERR_STATE);
    long long id = start_ken();
    assert_int_equal(start_ken(), id);                /* once: the same report again */
    struct rep p = report_of(id);
    assert_string_equal(p.status, "draft");
    assert_int_equal(p.version, 0);
    assert_int_equal(p.prefilled_from, 0);            /* Kenya has no published report yet */
    json_t *a = report_answers(db, id, NULL);
    assert_int_equal(json_object_size(a), 0);
    json_decref(a);
}

static void test_save_revisions_and_conflicts(void **state)
{
    (void)state;
    long long id = start_ken();
    struct report_result r;
    assert_int_equal(save1(&kenya, id, "coord.body", "\"yes\"", 0, &r), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r.details, 0), "rev")), 1);
    report_result_cleanup(&r);
    /* An invalid draft is saved, with a warning. */
    assert_int_equal(save1(&kenya, id, "coord.body.members", "{\"women\": \"many\"}", 0, &r), ERR_OK);
    assert_non_null(json_string_value(json_object_get(json_array_get(r.details, 0), "warning")));
    report_result_cleanup(&r);
    /* A stale revision: nothing saved, both values shown. */
    assert_int_equal(save1(&kenya, id, "coord.body", "\"no\"", 0, &r), ERR_CONFLICT);
    json_t *c = json_array_get(r.details, 0);
    assert_string_equal(json_string_value(json_object_get(c, "question")), "coord.body");
    assert_string_equal(json_string_value(json_object_get(c, "yours")), "no");
    assert_string_equal(json_string_value(json_object_get(c, "theirs")), "yes");
    assert_int_equal(json_integer_value(json_object_get(c, "rev")), 1);
    assert_int_equal(json_integer_value(json_object_get(c, "your_rev")), 0);
    report_result_cleanup(&r);
    /* All or nothing: one conflict in a list keeps the good change out too. */
    json_t *changes = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "question", "coord.nap", "value", "yes", "rev", 0,
                                "question", "coord.body", "value", "no", "rev", 0);
    report_save(db, &kenya, id, changes, &r, &err);
    json_decref(changes);
    assert_int_equal(err.code, ERR_CONFLICT);
    report_result_cleanup(&r);
    json_t *a = report_answers(db, id, NULL);
    assert_string_equal(json_string_value(json_object_get(a, "coord.body")), "yes");
    json_decref(a);
    /* With the current revision the change goes in, and the revision moves on. */
    assert_int_equal(save1(&kenya, id, "coord.body", "\"developing\"", 1, &r), ERR_OK);
    report_result_cleanup(&r);
    assert_int_equal(rev_of(id, "coord.body"), 2);
    /* Clearing: null, "" and {} all mean no answer. */
    assert_int_equal(save1(&kenya, id, "coord.body.members", "{}", 1, &r), ERR_OK);
    report_result_cleanup(&r);
    a = report_answers(db, id, NULL);
    assert_null(json_object_get(a, "coord.body.members"));
    json_decref(a);
}

static void test_save_hostile(void **state)
{
    (void)state;
    long long id = start_ken();
    struct report_result r;
    assert_int_equal(save1(&kenya, id, "no.such.question", "1", 0, &r), ERR_INVALID);
    assert_non_null(strstr(r.text, "no such question"));
    report_result_cleanup(&r);
    assert_int_equal(save1(&kenya, id, "'; DROP TABLE report; --", "1", 0, &r), ERR_INVALID);
    report_result_cleanup(&r);
    /* Not a list, an empty list, a list of non-objects, a missing rev. */
    const char *bad[] = { "{}", "[]", "[1, 2]", "[{\"question\": \"coord.body\", \"value\": \"yes\"}]",
                          "[{\"question\": \"coord.body\", \"rev\": 0}]", "\"coord.body\"" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *c = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        report_save(db, &kenya, id, c, &r, &err);
        json_decref(c);
        assert_int_equal(err.code, ERR_INVALID);
        report_result_cleanup(&r);
    }
    report_save(db, &kenya, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_INVALID);
    /* More than 1000 changes. */
    json_t *many = json_array();
    for (int i = 0; i < 1001; i++) json_array_append_new(many, json_pack("{s:s, s:s, s:i}", "question", "coord.body", "value", "yes", "rev", 0));
    report_save(db, &kenya, id, many, &r, &err);
    json_decref(many);
    assert_int_equal(err.code, ERR_INVALID);
    /* An answer over 64 KB, or nested deeper than a table of rows. */
    char *big = malloc(REPORT_MAX_ANSWER_BYTES + 16);
    memset(big, 'a', REPORT_MAX_ANSWER_BYTES + 8);
    big[REPORT_MAX_ANSWER_BYTES + 8] = 0;
    json_t *c = json_pack("[{s:s, s:s, s:i}]", "question", "challenges", "value", big, "rev", 0);
    free(big);
    report_save(db, &kenya, id, c, &r, &err);
    json_decref(c);
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(save1(&kenya, id, "challenges", "[[[[[[\"deep\"]]]]]]", 0, &r), ERR_INVALID);
    report_result_cleanup(&r);
    /* A file answer must name a file uploaded to this report. */
    assert_int_equal(save1(&kenya, id, "coord.nap.file",
                           "{\"name\": \"x.pdf\", \"type\": \"application/pdf\", \"bytes\": 3, \"sha256\": "
                           "\"0000000000000000000000000000000000000000000000000000000000000000\"}", 0, &r), ERR_INVALID);
    report_result_cleanup(&r);
    /* No report. */
    assert_int_equal(save1(&kenya, 999999, "coord.body", "\"yes\"", 0, &r), ERR_NOT_FOUND);
    report_result_cleanup(&r);
}

static void test_other_state_refused(void **state)
{
    (void)state;
    long long id = start_ken();
    struct report_result r;
    /* Another State's focal point, a partner, the public: the draft does not exist for them. */
    const struct principal *outsiders[] = { &france, &donor, &public_ };
    for (size_t i = 0; i < 3; i++) {
        assert_false(report_may_see_draft(outsiders[i], "KEN"));
        assert_int_equal(save1(outsiders[i], id, "coord.body", "\"no\"", 1, &r), ERR_NOT_FOUND);
        report_result_cleanup(&r);
        report_check(db, outsiders[i], id, &r, &err);
        assert_int_equal(err.code, ERR_NOT_FOUND);
        report_result_cleanup(&r);
        report_submit(db, outsiders[i], id, &r, &err);
        assert_int_equal(err.code, ERR_NOT_FOUND);
        report_reopen(db, outsiders[i], id, &r, &err);
        assert_int_equal(err.code, ERR_NOT_FOUND);
        json_t *imp = json_pack("{s:s}", "coord.body", "no");
        report_import(db, outsiders[i], id, imp, &r, &err);
        json_decref(imp);
        assert_int_equal(err.code, ERR_NOT_FOUND);
        report_result_cleanup(&r);
    }
    /* The Secretariat sees the draft but does not write it. */
    assert_true(report_may_see_draft(&unoda, "KEN"));
    assert_true(report_may_see_draft(&kenya, "KEN"));
    assert_false(report_may_see_draft(&kenya, "FRA"));
    assert_int_equal(save1(&unoda, id, "coord.body", "\"no\"", 2, &r), ERR_FORBIDDEN);
    report_result_cleanup(&r);
    /* A principal whose State is spelled in another case is not Kenya's. */
    struct principal ken_lower = kenya;
    snprintf(ken_lower.state_iso3, sizeof ken_lower.state_iso3, "ken");
    assert_int_equal(save1(&ken_lower, id, "coord.body", "\"no\"", 2, &r), ERR_NOT_FOUND);
    report_result_cleanup(&r);
    json_t *a = report_answers(db, id, NULL);
    assert_string_equal(json_string_value(json_object_get(a, "coord.body")), "developing");
    json_decref(a);
}

static int version_cb(const struct store_version *v, void *ctx)
{
    json_t *list = ctx;
    json_array_append_new(list, json_pack("{s:i, s:o, s:s?}", "version", v->version, "answers", json_loads(v->answers, 0, NULL),
                                          "note", v->note));
    return 0;
}

static void test_check_submit_return_publish_reopen(void **state)
{
    (void)state;
    long long id = start_ken();
    struct report_result r;
    /* Check lists the missing required answer; submit refuses with the same list. */
    report_check(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    bool poc = false;
    size_t i;
    json_t *e;
    json_array_foreach(r.details, i, e) poc |= strcmp(json_string_value(json_object_get(e, "question")), "coord.poc") == 0;
    assert_true(poc);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_INVALID);
    assert_true(json_array_size(r.details) > 0);
    report_result_cleanup(&r);
    assert_string_equal(report_of(id).status, "draft");

    assert_int_equal(save1(&kenya, id, "coord.poc", "{\"title\": \"Ms\", \"name\": \"A. Focal\", \"organisation\": \"NFP\", "
                           "\"email\": \"poc@example.org\"}", 0, &r), ERR_OK);
    report_result_cleanup(&r);
    report_check(db, &kenya, id, &r, &err);
    assert_int_equal(json_array_size(r.details), 0);
    report_result_cleanup(&r);
    /* Publishing a draft, or anyone but the focal point submitting, is refused. */
    report_publish(db, &unoda, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_STATE);
    report_submit(db, &unoda, id, &r, &err);
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_submit(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_string_equal(report_of(id).status, "submitted");
    /* Submitted: no more changes until reopened. */
    assert_int_equal(save1(&kenya, id, "coord.body", "\"no\"", 2, &r), ERR_STATE);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_STATE);

    /* Only the Secretariat returns, and only with a comment. */
    report_return(db, &kenya, id, "fix it", &r, &err);
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_return(db, &unoda, id, "", &r, &err);
    assert_int_equal(err.code, ERR_INVALID);
    report_return(db, &unoda, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_INVALID);
    report_return(db, &unoda, id, "Please add the laws.", &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_string_equal(report_of(id).status, "returned");
    /* Returned: the focal point may change it and submit again. */
    assert_int_equal(save1(&kenya, id, "coord.body", "\"yes\"", 2, &r), ERR_OK);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);

    /* Only the Secretariat publishes: version 1. */
    report_publish(db, &kenya, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_publish(db, &donor, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_NOT_FOUND);
    report_publish(db, &unoda, id, "First version", &r, &err);
    assert_int_equal(err.code, ERR_OK);
    struct rep p = report_of(id);
    assert_string_equal(p.status, "published");
    assert_int_equal(p.version, 1);
    report_publish(db, &unoda, id, NULL, &r, &err);          /* twice: refused */
    assert_int_equal(err.code, ERR_STATE);
    report_return(db, &unoda, id, "too late", &r, &err);
    assert_int_equal(err.code, ERR_STATE);

    /* A correction: reopen, change, submit, publish: version 2; version 1 stays as it was. */
    report_reopen(db, &unoda, id, &r, &err);
    assert_int_equal(err.code, ERR_FORBIDDEN);
    report_reopen(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_string_equal(report_of(id).status, "draft");
    assert_int_equal(report_of(id).version, 1);
    report_reopen(db, &kenya, id, &r, &err);                 /* a draft is not reopened */
    assert_int_equal(err.code, ERR_STATE);
    assert_int_equal(save1(&kenya, id, "coord.body", "\"no\"", 3, &r), ERR_OK);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    report_publish(db, &unoda, id, "Correction", &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_int_equal(report_of(id).version, 2);

    json_t *versions = json_array();
    assert_int_equal(store_report_versions_each(db, id, version_cb, versions), 0);
    assert_int_equal(json_array_size(versions), 2);
    json_t *v1 = json_array_get(versions, 0), *v2 = json_array_get(versions, 1);
    assert_int_equal(json_integer_value(json_object_get(v1, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(v1, "answers"), "coord.body")), "yes");
    assert_string_equal(json_string_value(json_object_get(json_object_get(v2, "answers"), "coord.body")), "no");
    assert_string_equal(json_string_value(json_object_get(v1, "note")), "First version");
    json_t *diff = report_diff(json_object_get(v1, "answers"), json_object_get(v2, "answers"));
    assert_int_equal(json_array_size(diff), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(diff, 0), "question")), "coord.body");
    json_decref(diff);
    json_decref(versions);
    /* Versions are never overwritten: writing version 1 again fails and changes nothing. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_report_version_add(db, id, 1, unoda.user_id, "overwrite") < 0);
    store_tx_rollback(db);
    versions = json_array();
    store_report_versions_each(db, id, version_cb, versions);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(versions, 0), "answers"), "coord.body")), "yes");
    json_decref(versions);
}

static void test_prefill_from_published(void **state)
{
    (void)state;
    /* France published in 2024 (by the Secretariat, as an import would); its 2026 report starts from it. */
    assert_int_equal(store_tx_begin(db), 0);
    long long old = store_report_add(db, "FRA", 2024, "fr", false, 0);
    assert_true(old > 0);
    assert_int_equal(store_answer_put(db, old, "coord.body", "\"yes\"", 0), 0);
    assert_int_equal(store_answer_put(db, old, "no.longer.asked", "\"x\"", 0), 0);
    assert_int_equal(store_report_set_status(db, old, "published", 1), 0);
    assert_int_equal(store_report_version_add(db, old, 1, 0, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct report_result r;
    report_start(db, &france, "FRA", 2026, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    assert_int_equal(report_of(r.id).prefilled_from, old);
    json_t *a = report_answers(db, r.id, NULL);
    assert_string_equal(json_string_value(json_object_get(a, "coord.body")), "yes");
    assert_null(json_object_get(a, "no.longer.asked"));
    json_decref(a);
}

static void test_import_all_or_nothing(void **state)
{
    (void)state;
    struct report_result r;
    report_start(db, &france, "FRA", 2026, &r, &err);
    long long id = r.id;
    json_t *bad = json_pack("{s:s, s:i, s:{s:s}}", "coord.body", "perhaps", "no.such", 1, "coord.poc", "name", "X");
    report_import(db, &france, id, bad, &r, &err);
    json_decref(bad);
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(json_array_size(r.details), 2);
    report_result_cleanup(&r);
    json_t *a = report_answers(db, id, NULL);
    assert_string_equal(json_string_value(json_object_get(a, "coord.body")), "yes");   /* untouched */
    json_decref(a);
    report_import(db, &france, id, NULL, &r, &err);
    assert_int_equal(err.code, ERR_INVALID);
    json_t *good = json_pack("{s:s, s:s}", "coord.body", "developing", "challenges", "=1+1 is text here");
    report_import(db, &france, id, good, &r, &err);
    json_decref(good);
    assert_int_equal(err.code, ERR_OK);
    a = report_answers(db, id, NULL);
    assert_int_equal(json_object_size(a), 2);               /* the import replaces the working answers */
    assert_string_equal(json_string_value(json_object_get(a, "coord.body")), "developing");
    json_decref(a);
}

static void test_diff(void **state)
{
    (void)state;
    json_t *before = json_pack("{s:s, s:i, s:s}", "a", "x", "b", 1, "gone", "y");
    json_t *after = json_pack("{s:s, s:i, s:s}", "a", "x", "b", 2, "new", "z");
    json_t *d = report_diff(before, after);
    assert_int_equal(json_array_size(d), 3);
    bool b = false, gone = false, added = false;
    size_t i;
    json_t *e;
    json_array_foreach(d, i, e) {
        const char *q = json_string_value(json_object_get(e, "question"));
        if (!strcmp(q, "b")) b = json_integer_value(json_object_get(e, "after")) == 2;
        if (!strcmp(q, "gone")) gone = json_is_null(json_object_get(e, "after"));
        if (!strcmp(q, "new")) added = json_is_null(json_object_get(e, "before"));
    }
    assert_true(b && gone && added);
    json_decref(d);
    d = report_diff(before, before);
    assert_int_equal(json_array_size(d), 0);
    json_decref(d);
    json_decref(before);
    json_decref(after);
}

/* Save one change at the answer's current revision. */
/* Issue 9: Peru's draft, for the tests of file references and skip logic. */
static struct principal peru;
static long long rid;

static void peru_draft(void)
{
    if (rid) return;
    assert_true(unit_user(db, "peru", "focal_point", "PER", &peru) > 0);
    struct report_result r;
    report_start(db, &peru, "PER", 2026, &r, &err);
    assert_int_equal(err.code, ERR_OK);
    rid = r.id;
    report_result_cleanup(&r);
}

static enum err_code save(struct store *s, const char *q, json_t *value, json_t **details)
{
    json_t *revs = NULL, *answers = report_answers(s, rid, &revs);
    json_t *changes = json_pack("[{s:s, s:o, s:I}]", "question", q, "value", value,
                                "rev", json_integer_value(json_object_get(revs, q)));
    struct report_result r;
    report_save(s, &peru, rid, changes, &r, &err);
    json_decref(changes);
    json_decref(revs);
    json_decref(answers);
    if (details) *details = json_incref(r.details);
    report_result_cleanup(&r);
    return err.code;
}

static json_t *answer(struct store *s, const char *q)
{
    json_t *a = report_answers(s, rid, NULL), *v = json_incref(json_object_get(a, q));
    json_decref(a);
    return v;
}

static void test_file_reference_only_where_a_file_is_asked(void **state)
{
    (void)state;
    struct store *s = db;
    peru_draft();
    static const char PDF[] = "%PDF-1.4\n%%EOF\n";
    const char *sha = "3b8b0d3bb2c0ee2fa1c1d7e8e2c5aa2fd6d83c7d3a2b1e5f0c9d8a7b6c5d4e3f";
    struct report_blob blob = { sha, "application/pdf", PDF, sizeof PDF - 1 };
    struct report_result r;
    report_attach(s, &peru, rid, &blob, &r, &err);   /* linked to this report */
    assert_int_equal(err.code, ERR_OK);
    report_result_cleanup(&r);
    json_t *ref = json_pack("{s:s, s:s, s:I, s:s}", "name", "plan.pdf", "type", "application/pdf", "bytes",
                            (json_int_t)(sizeof PDF - 1), "sha256", sha);
    /* Not a file question: refused, however it is wrapped. */
    assert_int_equal(save(s, "challenges", json_incref(ref), NULL), ERR_INVALID);
    assert_int_equal(save(s, "challenges", json_pack("[{s:O}]", "x", ref), NULL), ERR_INVALID);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:O}", "from", ref), NULL), ERR_INVALID);
    assert_int_equal(save(s, "assist.needs", json_pack("[{s:s, s:O}]", "category", "marking_recordkeeping", "description", ref), NULL),
                     ERR_INVALID);
    assert_null(answer(s, "challenges"));
    /* A file question that applies: accepted. */
    assert_int_equal(save(s, "coord.nap", json_string("yes"), NULL), ERR_OK);
    assert_int_equal(save(s, "coord.nap.file", json_incref(ref), NULL), ERR_OK);
    json_t *got = answer(s, "coord.nap.file");
    assert_true(json_equal(got, ref));
    json_decref(got);
    /* A file column of a table: accepted; a hash not linked to the report: refused. */
    assert_int_equal(save(s, "assist.needs.any", json_string("yes"), NULL), ERR_OK);
    assert_int_equal(save(s, "assist.needs", json_pack("[{s:s, s:O}]", "category", "marking_recordkeeping", "proposal_file", ref), NULL),
                     ERR_OK);
    json_object_set_new(ref, "sha256", json_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_int_equal(save(s, "coord.nap.file", json_incref(ref), NULL), ERR_INVALID);
    json_decref(ref);
}

static void test_inactive_answers_dropped_at_save(void **state)
{
    (void)state;
    struct store *s = db;
    peru_draft();
    assert_int_equal(save(s, "coord.nap", json_string("yes"), NULL), ERR_OK);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2024, "to", 2028), NULL), ERR_OK);
    json_t *y = answer(s, "coord.nap.years");
    assert_non_null(y);
    json_decref(y);
    json_t *details = NULL;
    assert_int_equal(save(s, "coord.nap", json_string("no"), &details), ERR_OK);
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
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2020, "to", 2021), NULL), ERR_OK);
    assert_null(answer(s, "coord.nap.years"));
    /* Developing makes them apply again. */
    assert_int_equal(save(s, "coord.nap", json_string("developing"), NULL), ERR_OK);
    assert_int_equal(save(s, "coord.nap.years", json_pack("{s:i, s:i}", "from", 2020, "to", 2021), NULL), ERR_OK);
    y = answer(s, "coord.nap.years");
    assert_non_null(y);
    json_decref(y);
}

static void test_report_inactive(void **state)
{
    (void)state;
    const struct template *t = template_get(2026);
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

/* Errors are codes with English msgids (error.h); 0 or -1 as e says; a composed message is "%s" over r.text. */
static void test_errors_are_codes(void **state)
{
    (void)state;
    struct report_result r;
    err = (struct err){ ERR_STORE, "stale", "stale" };
    assert_int_equal(report_submit(db, &kenya, 999999, &r, &err), -1);
    assert_int_equal(err.code, ERR_NOT_FOUND);
    assert_string_equal(err.msg, "There is no such report.");
    assert_null(err.arg);
    report_result_cleanup(&r);
    peru_draft();
    long long id = rid;
    report_check(db, &peru, id, &r, &err);
    assert_int_equal(err.code, ERR_OK);   /* success leaves no error behind */
    report_result_cleanup(&r);
    assert_null(err.msg);
    assert_int_equal(save1(&peru, id, "no.such.question", "1", 0, &r), ERR_INVALID);
    assert_string_equal(err.msg, "%s");
    assert_ptr_equal(err.arg, r.text);
    assert_non_null(strstr(r.text, "Change 1: no such question"));
    report_result_cleanup(&r);
    assert_int_equal(report_reopen(db, &peru, id, &r, &err), -1);   /* a draft: nothing to reopen */
    assert_int_equal(err.code, ERR_STATE);
    assert_string_equal(err.msg, "Only a submitted or a published report can be reopened.");
    report_result_cleanup(&r);
}

/* The status rule, every status by every step (and statuses that do not exist). */
static void test_status_allows(void **state)
{
    (void)state;
    static const struct { const char *status; bool edit, submit, publish, ret, reopen; } T[] = {
        { "draft", true, true, false, false, false },      { "returned", true, true, false, false, false },
        { "submitted", false, false, true, true, true },   { "published", false, false, false, false, true },
        { "withdrawn", false, false, false, false, false }, { "", false, false, false, false, false },
        { NULL, false, false, false, false, false },
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        assert_int_equal(report_status_allows(T[i].status, REPORT_STEP_EDIT), T[i].edit);
        assert_int_equal(report_status_allows(T[i].status, REPORT_STEP_SUBMIT), T[i].submit);
        assert_int_equal(report_status_allows(T[i].status, REPORT_STEP_PUBLISH), T[i].publish);
        assert_int_equal(report_status_allows(T[i].status, REPORT_STEP_RETURN), T[i].ret);
        assert_int_equal(report_status_allows(T[i].status, REPORT_STEP_REOPEN), T[i].reopen);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start), cmocka_unit_test(test_save_revisions_and_conflicts),
        cmocka_unit_test(test_save_hostile), cmocka_unit_test(test_other_state_refused),
        cmocka_unit_test(test_check_submit_return_publish_reopen), cmocka_unit_test(test_prefill_from_published),
        cmocka_unit_test(test_import_all_or_nothing), cmocka_unit_test(test_diff),
        cmocka_unit_test(test_report_inactive), cmocka_unit_test(test_file_reference_only_where_a_file_is_asked),
        cmocka_unit_test(test_inactive_answers_dropped_at_save), cmocka_unit_test(test_errors_are_codes),
        cmocka_unit_test(test_status_allows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

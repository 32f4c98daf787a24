/*
 * Unit tests: domain/authz, the one place that decides.  The whole matrix of roles and
 * actions, with and without a State, the focal point of another State, a focal point whose
 * State is empty or spelled differently, a role without an account, an unknown action
 * (default deny), and who may read an attached file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/authz.h"

enum { PUB, FP, SEC, ADM, PARTNER, NWHO };
static struct principal who[NWHO];

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < NWHO; i++) auth_public(&who[i]);
    who[FP].role = ROLE_FOCAL_POINT; who[FP].user_id = 1; strcpy(who[FP].state_iso3, "KEN");
    who[SEC].role = ROLE_SECRETARIAT; who[SEC].user_id = 2;
    who[ADM].role = ROLE_ADMIN; who[ADM].user_id = 3;
    who[PARTNER].role = ROLE_PARTNER; who[PARTNER].user_id = 4;
    return 0;
}

static void test_matrix(void **state)
{
    (void)state;
    /* Expected answer for KEN's objects, by action then principal (public, focal point of KEN, Secretariat, admin, partner). */
    static const struct { enum authz_action a; bool ok[NWHO]; } M[] = {
        { AUTHZ_PUBLIC,       { 1, 1, 1, 1, 1 } },
        { AUTHZ_SIGNED_IN,    { 0, 1, 1, 1, 1 } },
        { AUTHZ_STATE_EDIT,   { 0, 1, 0, 0, 0 } },
        { AUTHZ_PUBLISH,      { 0, 0, 1, 0, 0 } },
        { AUTHZ_DRAFT_READ,   { 0, 1, 1, 1, 0 } },
        { AUTHZ_AUDIT_READ,   { 0, 0, 1, 1, 0 } },
        { AUTHZ_USERS_MANAGE, { 0, 0, 0, 1, 0 } },
        { AUTHZ_OWN_ACCOUNT,  { 0, 1, 1, 1, 1 } },
        { AUTHZ_ASSIST_ALL,   { 0, 0, 1, 1, 0 } },
        { AUTHZ_ASSIST_PROCESS, { 0, 0, 1, 0, 0 } },
        { AUTHZ_TARGET_EDIT,  { 0, 1, 0, 0, 0 } },
        { AUTHZ_PROJECT_RECORD, { 0, 1, 1, 0, 1 } },
    };
    for (size_t i = 0; i < sizeof M / sizeof M[0]; i++)
        for (int w = 0; w < NWHO; w++)
            if (authz_allowed(&who[w], M[i].a, "KEN") != M[i].ok[w]) fail_msg("action %d, principal %d", (int)M[i].a, w);
}

static void test_other_state(void **state)
{
    (void)state;
    const struct principal *fp = &who[FP];
    assert_false(authz_allowed(fp, AUTHZ_STATE_EDIT, "FRA"));
    assert_false(authz_allowed(fp, AUTHZ_DRAFT_READ, "FRA"));
    assert_false(authz_allowed(fp, AUTHZ_STATE_EDIT, NULL));
    assert_false(authz_allowed(fp, AUTHZ_STATE_EDIT, "ken"));      /* codes are compared exactly */
    assert_false(authz_allowed(fp, AUTHZ_STATE_EDIT, "KENX"));
    assert_false(authz_allowed(fp, AUTHZ_STATE_EDIT, ""));
    assert_false(authz_allowed(fp, AUTHZ_PROJECT_RECORD, "FRA"));   /* a project of its own State only */
    assert_false(authz_allowed(fp, AUTHZ_PROJECT_RECORD, NULL));
    /* A focal point without a State edits no State's objects. */
    struct principal nostate = *fp;
    nostate.state_iso3[0] = 0;
    assert_false(authz_allowed(&nostate, AUTHZ_STATE_EDIT, "KEN"));
    assert_false(authz_allowed(&nostate, AUTHZ_DRAFT_READ, "KEN"));
    /* The Secretariat reads every State's drafts but writes none. */
    assert_true(authz_allowed(&who[SEC], AUTHZ_DRAFT_READ, "FRA"));
    assert_false(authz_allowed(&who[SEC], AUTHZ_STATE_EDIT, "FRA"));
}

/* Voluntary targets: a State's by its focal points; a region's (no State) by the Secretariat only. */
static void test_target_edit(void **state)
{
    (void)state;
    static const bool REGION[NWHO] = { 0, 0, 1, 0, 0 };
    for (int w = 0; w < NWHO; w++) assert_int_equal(authz_allowed(&who[w], AUTHZ_TARGET_EDIT, NULL), REGION[w]);
    assert_false(authz_allowed(&who[FP], AUTHZ_TARGET_EDIT, "FRA"));
    assert_false(authz_allowed(&who[SEC], AUTHZ_TARGET_EDIT, "FRA"));
}

static void test_no_account(void **state)
{
    (void)state;
    /* A role without an account (user_id 0) is not signed in. */
    struct principal p = who[SEC];
    p.user_id = 0;
    assert_false(authz_allowed(&p, AUTHZ_SIGNED_IN, NULL));
    /* An action outside the list is refused to everyone. */
    for (int w = 0; w < NWHO; w++) assert_false(authz_allowed(&who[w], (enum authz_action)99, "KEN"));
}

static void test_assist_party(void **state)
{
    (void)state;
    /* The parties of an assessment or project of KEN: its focal points, the partners taking part. */
    static const bool W_IN[NWHO] = { 0, 1, 0, 0, 1 }, W_OUT[NWHO] = { 0, 1, 0, 0, 0 };
    static const bool R_IN[NWHO] = { 0, 1, 1, 1, 1 }, R_OUT[NWHO] = { 0, 1, 1, 1, 0 };
    for (int w = 0; w < NWHO; w++) {
        assert_int_equal(authz_assist_party_write(&who[w], "KEN", true), W_IN[w]);
        assert_int_equal(authz_assist_party_write(&who[w], "KEN", false), W_OUT[w]);
        assert_int_equal(authz_assist_party_read(&who[w], "KEN", true), R_IN[w]);
        assert_int_equal(authz_assist_party_read(&who[w], "KEN", false), R_OUT[w]);
    }
    /* Another State's focal point is no party. */
    assert_false(authz_assist_party_read(&who[FP], "FRA", false));
    assert_false(authz_assist_party_write(&who[FP], "FRA", true));
}

static void test_attachment_read(void **state)
{
    (void)state;
    /* Referred to by a published version: anyone. */
    for (int w = 0; w < NWHO; w++) assert_true(authz_attachment_read(&who[w], "KEN", true, false));
    /* Only in the working answers: those who read the State's drafts. */
    assert_true(authz_attachment_read(&who[FP], "KEN", false, true));
    assert_true(authz_attachment_read(&who[SEC], "KEN", false, true));
    assert_false(authz_attachment_read(&who[PUB], "KEN", false, true));
    assert_false(authz_attachment_read(&who[PARTNER], "KEN", false, true));
    assert_false(authz_attachment_read(&who[FP], "FRA", false, true));
    /* Referred to by nothing (uploaded, then dropped): nobody, not even the State. */
    for (int w = 0; w < NWHO; w++) assert_false(authz_attachment_read(&who[w], "KEN", false, false));
}

/* Tokens and sessions of an account: its owner and admins. */
static void test_account(void **state)
{
    (void)state;
    assert_true(authz_account(&who[FP], who[FP].user_id));
    assert_false(authz_account(&who[FP], who[SEC].user_id));
    assert_false(authz_account(&who[SEC], who[FP].user_id));
    assert_true(authz_account(&who[ADM], who[FP].user_id));
    assert_false(authz_account(&who[PUB], 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix), cmocka_unit_test(test_other_state), cmocka_unit_test(test_target_edit), cmocka_unit_test(test_no_account),
        cmocka_unit_test(test_assist_party),
        cmocka_unit_test(test_attachment_read), cmocka_unit_test(test_account),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

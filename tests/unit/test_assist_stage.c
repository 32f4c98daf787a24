/*
 * Unit tests for domain/assist_stage.c and assist_desk.c: the move table (every allowed move,
 * refused moves with their reason, close reasons, who may make which move, the stage ->
 * status mapping), moves written with their history and audit, the targets, and the desk
 * (days in stage, overdue, whom a stage waits for, possible duplicates) and the overdue list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "domain/notify.h"
#include "domain/assistance.h"
#include "store/assist_stage.h"
#include "store/assistance.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;
static struct principal kenya, france, unoda, admin, donor, public_;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("assist_stage", dbpath);
    if (!db) return -1;
    unit_user(db, "kenya", "focal_point", "KEN", &kenya);
    unit_user(db, "france", "focal_point", "FRA", &france);
    unit_user(db, "unoda", "secretariat", NULL, &unoda);
    unit_user(db, "root", "admin", NULL, &admin);
    unit_user(db, "donor", "partner", NULL, &donor);
    auth_public(&public_);
    i18n_init();
    i18n_set_lang("en");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

/* A request of iso3 filed outside a report, through the store (as a publication or a form would). */
static long long request(const char *iso3, const char *category, const char *start, const char *end)
{
    struct store_request q = { .iso3 = iso3, .category = category, .kind = "training", .title = "Need", .in_plan = -1,
                               .period_start = start, .period_end = end, .created_by = kenya.user_id };
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_request_save(db, &q);
    assert_true(id > 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static const char *status_of(long long id)
{
    static char out[32];
    struct arena a = ARENA_INIT;
    struct store_request q;
    assert_int_equal(store_request_get(db, &a, "en", id, &q), 0);
    snprintf(out, sizeof out, "%s/%s/%s", q.stage, q.status, q.close_reason ? q.close_reason : "-");
    arena_cleanup(&a);
    return out;
}

#define SEC ASSIST_BY_SECRETARIAT
#define ST ASSIST_BY_STATE
#define SYS ASSIST_BY_SYSTEM

static void test_table(void **state)
{
    (void)state;
    /* every id parses back; labels are msgids */
    for (int i = 0; i < ASSIST_STAGE_N; i++) {
        assert_int_equal(assist_stage_parse(assist_stage_id((enum assist_stage)i)), i);
        assert_true(strlen(assist_stage_msgid((enum assist_stage)i)) > 0);
    }
    for (int i = 1; i < ASSIST_CLOSE_N; i++) assert_int_equal(assist_close_parse(assist_close_id((enum assist_close)i)), i);
    assert_int_equal(assist_stage_parse("open"), -1);
    assert_int_equal(assist_close_parse("bored"), -1);
    assert_int_equal(assist_close_parse(""), ASSIST_CLOSE_NONE);

    /* the allowed moves, one by one */
    static const struct { enum assist_stage from, to; unsigned by; } OK[] = {
        { ASSIST_STAGE_RECEIVED, ASSIST_STAGE_ACKNOWLEDGED, SEC },
        { ASSIST_STAGE_ACKNOWLEDGED, ASSIST_STAGE_ASSESSMENT, SEC },
        { ASSIST_STAGE_ACKNOWLEDGED, ASSIST_STAGE_CIRCULATED, SEC },
        { ASSIST_STAGE_ASSESSMENT, ASSIST_STAGE_CIRCULATED, SEC },
        { ASSIST_STAGE_MATCHED, ASSIST_STAGE_CIRCULATED, SEC },
        { ASSIST_STAGE_CIRCULATED, ASSIST_STAGE_MATCHED, SEC },
        { ASSIST_STAGE_CIRCULATED, ASSIST_STAGE_MATCHED, SYS },
        { ASSIST_STAGE_RECEIVED, ASSIST_STAGE_MATCHED, SYS },
        { ASSIST_STAGE_ASSESSMENT, ASSIST_STAGE_MATCHED, SYS },
        { ASSIST_STAGE_MATCHED, ASSIST_STAGE_IMPLEMENTATION, SEC },
        { ASSIST_STAGE_MATCHED, ASSIST_STAGE_IMPLEMENTATION, SYS },
        { ASSIST_STAGE_IMPLEMENTATION, ASSIST_STAGE_MATCHED, SYS },
        { ASSIST_STAGE_IMPLEMENTATION, ASSIST_STAGE_COMPLETED, SYS },
        { ASSIST_STAGE_IMPLEMENTATION, ASSIST_STAGE_COMPLETED, SEC },
        { ASSIST_STAGE_CLOSED, ASSIST_STAGE_RECEIVED, SEC },
        { ASSIST_STAGE_CLOSED, ASSIST_STAGE_RECEIVED, SYS },
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++)
        assert_int_equal(assist_stage_check(OK[i].from, OK[i].to, ASSIST_CLOSE_NONE, OK[i].by, NULL), ASSIST_MOVE_OK);

    /* refused moves, with their reason in words */
    const char *why = NULL;
    assert_int_equal(assist_stage_check(ASSIST_STAGE_RECEIVED, ASSIST_STAGE_CIRCULATED, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_string_equal(why, "A request that is received must be acknowledged before it is circulated.");
    assert_int_equal(assist_stage_check(ASSIST_STAGE_RECEIVED, ASSIST_STAGE_MATCHED, 0, SEC, &why), ASSIST_MOVE_NOT_YOURS);
    assert_int_equal(assist_stage_check(ASSIST_STAGE_COMPLETED, ASSIST_STAGE_RECEIVED, 0, SEC | SYS, &why), ASSIST_MOVE_REFUSED);
    assert_string_equal(why, "A completed request does not move any more.");
    assert_int_equal(assist_stage_check(ASSIST_STAGE_CIRCULATED, ASSIST_STAGE_ACKNOWLEDGED, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_string_equal(why, "A request does not go back to an earlier stage of the procedure.");
    assert_int_equal(assist_stage_check(ASSIST_STAGE_ACKNOWLEDGED, ASSIST_STAGE_IMPLEMENTATION, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_string_equal(why, "A request goes into implementation only once it is matched.");
    assert_int_equal(assist_stage_check(ASSIST_STAGE_MATCHED, ASSIST_STAGE_COMPLETED, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_int_equal(assist_stage_check(ASSIST_STAGE_CLOSED, ASSIST_STAGE_CIRCULATED, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_string_equal(why, "A closed request must be reopened as received before it moves on.");
    assert_int_equal(assist_stage_check(ASSIST_STAGE_MATCHED, ASSIST_STAGE_MATCHED, 0, SEC, &why), ASSIST_MOVE_REFUSED);
    assert_int_equal(assist_stage_check(ASSIST_STAGE_CLOSED, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_DUPLICATE, SEC, &why), ASSIST_MOVE_REFUSED);

    /* closing: the Secretariat with its four reasons, the State withdraws, only the system supersedes */
    for (int st = ASSIST_STAGE_RECEIVED; st <= ASSIST_STAGE_IMPLEMENTATION; st++) {
        for (int r = ASSIST_CLOSE_WITHDRAWN; r <= ASSIST_CLOSE_NOT_FEASIBLE; r++)
            assert_int_equal(assist_stage_check((enum assist_stage)st, ASSIST_STAGE_CLOSED, (enum assist_close)r, SEC, NULL), ASSIST_MOVE_OK);
        assert_int_equal(assist_stage_check((enum assist_stage)st, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_WITHDRAWN, ST, NULL), ASSIST_MOVE_OK);
        assert_int_equal(assist_stage_check((enum assist_stage)st, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_DUPLICATE, ST, &why),
                         ASSIST_MOVE_NOT_YOURS);
        assert_int_equal(assist_stage_check((enum assist_stage)st, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_SUPERSEDED, SEC, &why),
                         ASSIST_MOVE_NOT_YOURS);
        assert_string_equal(why, "A request is superseded only by a later report of its State.");
        assert_int_equal(assist_stage_check((enum assist_stage)st, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_SUPERSEDED, SYS, NULL), ASSIST_MOVE_OK);
    }
    assert_int_equal(assist_stage_check(ASSIST_STAGE_COMPLETED, ASSIST_STAGE_CLOSED, ASSIST_CLOSE_WITHDRAWN, SEC, NULL), ASSIST_MOVE_REFUSED);
    /* a focal point makes no other move */
    assert_int_equal(assist_stage_check(ASSIST_STAGE_RECEIVED, ASSIST_STAGE_ACKNOWLEDGED, 0, ST, &why), ASSIST_MOVE_NOT_YOURS);
    /* A move a focal point can never make is refused as not theirs, whatever the stage (not "not from here"). */
    assert_int_equal(assist_stage_check(ASSIST_STAGE_ACKNOWLEDGED, ASSIST_STAGE_ACKNOWLEDGED, 0, ST, &why), ASSIST_MOVE_NOT_YOURS);
    assert_int_equal(assist_stage_check(ASSIST_STAGE_RECEIVED, ASSIST_STAGE_IMPLEMENTATION, 0, ST, &why), ASSIST_MOVE_NOT_YOURS);
    assert_string_equal(why, "A focal point may withdraw its State's request; the Secretariat makes the other moves.");
    assert_int_equal(assist_stage_close_reasons(ASSIST_STAGE_CIRCULATED, ST), 1u << ASSIST_CLOSE_WITHDRAWN);
    assert_int_equal(assist_stage_close_reasons(ASSIST_STAGE_CIRCULATED, SEC),
                     (1u << ASSIST_CLOSE_WITHDRAWN) | (1u << ASSIST_CLOSE_DUPLICATE) | (1u << ASSIST_CLOSE_FUNDED_ELSEWHERE) |
                         (1u << ASSIST_CLOSE_NOT_FEASIBLE));

    /* the next stages offered to the Secretariat */
    enum assist_stage next[ASSIST_STAGE_N];
    size_t n = assist_stage_next(ASSIST_STAGE_ACKNOWLEDGED, SEC, next);
    assert_int_equal(n, 3);
    assert_int_equal(next[0], ASSIST_STAGE_ASSESSMENT);
    assert_int_equal(next[1], ASSIST_STAGE_CIRCULATED);
    assert_int_equal(next[2], ASSIST_STAGE_CLOSED);
    assert_int_equal(assist_stage_next(ASSIST_STAGE_COMPLETED, SEC | SYS, next), 0);

    /* the mapping to the coarse status */
    assert_string_equal(assist_stage_status(ASSIST_STAGE_RECEIVED, 0), "open");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_CIRCULATED, 0), "open");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_MATCHED, 0), "matched");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_IMPLEMENTATION, 0), "matched");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_COMPLETED, 0), "closed");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_CLOSED, ASSIST_CLOSE_WITHDRAWN), "withdrawn");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_CLOSED, ASSIST_CLOSE_SUPERSEDED), "superseded");
    assert_string_equal(assist_stage_status(ASSIST_STAGE_CLOSED, ASSIST_CLOSE_DUPLICATE), "closed");

    /* whom stages wait for */
    assert_int_equal(assist_stage_waiting(ASSIST_STAGE_RECEIVED), ASSIST_WAIT_SECRETARIAT);
    assert_int_equal(assist_stage_waiting(ASSIST_STAGE_ASSESSMENT), ASSIST_WAIT_STATE | ASSIST_WAIT_PARTNERS);
    assert_int_equal(assist_stage_waiting(ASSIST_STAGE_CIRCULATED), ASSIST_WAIT_PARTNERS);
    assert_int_equal(assist_stage_waiting(ASSIST_STAGE_IMPLEMENTATION), ASSIST_WAIT_PROJECT);
    assert_int_equal(assist_stage_waiting(ASSIST_STAGE_CLOSED), ASSIST_WAIT_NONE);

    /* who is who */
    assert_int_equal(assist_stage_actors(&unoda, "KEN"), SEC);
    assert_int_equal(assist_stage_actors(&kenya, "KEN"), ST);
    assert_int_equal(assist_stage_actors(&france, "KEN"), 0);
    assert_int_equal(assist_stage_actors(&admin, "KEN"), 0);
    assert_int_equal(assist_stage_actors(&donor, "KEN"), 0);
    assert_int_equal(assist_stage_actors(&public_, "KEN"), 0);
}

static int count_cb(const struct store_audit *x, void *ctx)
{
    if (strcmp(x->action, "request.stage") == 0) (*(int *)ctx)++;
    return 0;
}

static void test_moves(void **state)
{
    (void)state;
    struct err e;
    long long id = request("KEN", "stockpile", "2027-01", "2027-12");
    assert_string_equal(status_of(id), "received/open/-");

    /* walk it through every stage; each move of the Secretariat's tells Kenya's focal point, the system's do not */
    long long told = notify_unread_count(db, kenya.user_id);
    assert_int_equal(assist_stage_move(db, &unoda, id, "acknowledged", NULL, "Thank you", &e), 0);
    assert_int_equal(notify_unread_count(db, kenya.user_id), told + 1);
    struct arena na = ARENA_INIT;
    struct notify_item *msg;
    size_t nmsg;
    long long total;
    assert_int_equal(notify_list(db, &na, kenya.user_id, "en", true, 1, &msg, &nmsg, &total, &e), 0);
    assert_string_equal(msg[0].kind, "request_acknowledged");
    arena_cleanup(&na);
    assert_int_equal(assist_stage_move(db, &unoda, id, "assessment", "", "", &e), 0);
    assert_int_equal(notify_unread_count(db, kenya.user_id), told + 2);
    assert_string_equal(status_of(id), "assessment/open/-");
    assert_int_equal(assist_stage_move(db, &unoda, id, "circulated", NULL, NULL, &e), 0);
    assert_int_equal(assist_stage_move(db, &unoda, id, "matched", NULL, NULL, &e), 0);
    assert_string_equal(status_of(id), "matched/matched/-");
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(assist_stage_move_tx(db, 0, id, "implementation", NULL, "Project started", &e), 0);
    assert_int_equal(assist_stage_move_tx(db, 0, id, "implementation", NULL, NULL, &e), 0);   /* already: nothing */
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(notify_unread_count(db, kenya.user_id), told + 4);
    assert_int_equal(assist_stage_move(db, &unoda, id, "completed", NULL, NULL, &e), 0);
    assert_string_equal(status_of(id), "completed/closed/-");
    assert_int_equal(assist_stage_move(db, &unoda, id, "closed", "duplicate", NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.msg, "A completed request does not move any more.");

    struct arena a = ARENA_INIT;
    struct assist_stage_now now;
    assert_int_equal(assist_stage_get(db, &a, &kenya, id, time(NULL), &now, &e), 0);
    assert_int_equal(now.nsteps, 7);
    assert_string_equal(now.steps[0].stage, "received");
    assert_string_equal(now.steps[0].by, "kenya");   /* who filed it */
    assert_string_equal(now.steps[1].stage, "acknowledged");
    assert_string_equal(now.steps[1].note, "Thank you");
    assert_string_equal(now.steps[1].by, "unoda");
    assert_true(now.steps[5].by_system);
    assert_false(now.steps[4].by_system);
    assert_string_equal(now.stage, "completed");
    assert_int_equal(now.target, 0);
    assert_false(now.overdue);
    assert_int_equal(now.nnext, 0);
    assert_false(now.can_withdraw);
    /* the public sees roles, not names */
    assert_int_equal(assist_stage_get(db, &a, &public_, id, time(NULL), &now, &e), 0);
    assert_true(now.steps[1].by_msgid);
    assert_string_equal(now.steps[1].by, "UN Secretariat");
    assert_string_equal(now.steps[0].by, "The requesting State");
    arena_cleanup(&a);

    /* input errors */
    long long b = request("KEN", "tracing", NULL, NULL);
    assert_int_equal(assist_stage_move(db, &unoda, b, "open", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.arg, "stage");
    assert_int_equal(assist_stage_move(db, &unoda, b, "closed", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.arg, "reason");
    assert_int_equal(assist_stage_move(db, &unoda, b, "closed", "bored", NULL, &e), -1);
    assert_string_equal(e.arg, "reason");
    assert_int_equal(assist_stage_move(db, &unoda, b, "acknowledged", "duplicate", NULL, &e), -1);
    assert_string_equal(e.arg, "reason");
    char *longnote = malloc(2100);
    memset(longnote, 'x', 2099);
    longnote[2099] = 0;
    assert_int_equal(assist_stage_move(db, &unoda, b, "acknowledged", NULL, longnote, &e), -1);
    assert_string_equal(e.arg, "note");
    free(longnote);
    assert_int_equal(assist_stage_move(db, &unoda, 999999, "acknowledged", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* refused by the table, and who may */
    assert_int_equal(assist_stage_move(db, &unoda, b, "circulated", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(assist_stage_move(db, &kenya, b, "acknowledged", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_stage_move(db, &france, b, "closed", "withdrawn", NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_stage_move(db, &public_, b, "closed", "withdrawn", NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_stage_move(db, &admin, b, "acknowledged", NULL, NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_stage_move(db, &kenya, b, "closed", "not_feasible", NULL, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(status_of(b), "received/open/-");
    /* the State withdraws; the Secretariat reopens; then closes as a duplicate */
    assert_int_equal(assist_stage_move(db, &kenya, b, "closed", "withdrawn", "Funded by our budget", &e), 0);
    assert_string_equal(status_of(b), "closed/withdrawn/withdrawn");
    assert_int_equal(assist_stage_move(db, &unoda, b, "received", NULL, "Withdrawn by mistake", &e), 0);
    assert_string_equal(status_of(b), "received/open/-");
    assert_int_equal(assist_stage_move(db, &unoda, b, "closed", "duplicate", NULL, &e), 0);
    assert_string_equal(status_of(b), "closed/closed/duplicate");

    /* the audit log has the moves */
    int found = 0;
    assert_int_equal(store_audit_each(db, 100, count_cb, &found), 0);
    assert_int_equal(found, 8);   /* 5 moves of the first request (its implementation by the system is in its history only), 3 of the second */
}

static void test_targets(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e;
    struct assist_stage_target t[ASSIST_STAGE_OPEN_N];
    assert_int_equal(assist_stage_targets(db, &a, t, &e), 0);
    assert_int_equal(t[ASSIST_STAGE_RECEIVED].days, 14);
    assert_int_equal(t[ASSIST_STAGE_IMPLEMENTATION].days, 730);
    assert_null(t[ASSIST_STAGE_RECEIVED].updated_by);
    struct assist_stage_field_error errs[ASSIST_STAGE_N + 1];
    size_t nerrs;
    json_t *in = json_pack("{s:i}", "received", 10);
    assert_int_equal(assist_stage_targets_set(db, &kenya, in, errs, &nerrs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_stage_targets_set(db, &unoda, in, errs, &nerrs, &e), 0);
    json_decref(in);
    in = json_pack("{s:i, s:i, s:f, s:s}", "closed", 3, "acknowledged", 0, "matched", 2.5, "assessment", "ten");
    assert_int_equal(assist_stage_targets_set(db, &unoda, in, errs, &nerrs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(nerrs, 4);
    json_decref(in);
    assert_int_equal(assist_stage_targets(db, &a, t, &e), 0);
    assert_int_equal(t[ASSIST_STAGE_RECEIVED].days, 10);
    assert_string_equal(t[ASSIST_STAGE_RECEIVED].updated_by, "unoda");
    assert_int_equal(t[ASSIST_STAGE_ACKNOWLEDGED].days, 30);
    /* back to the default, for the desk below */
    in = json_pack("{s:i}", "received", 14);
    assert_int_equal(assist_stage_targets_set(db, &unoda, in, errs, &nerrs, &e), 0);
    json_decref(in);
    arena_cleanup(&a);
}

static const struct assist_desk_row *row_of(const struct assist_desk *d, long long id)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->rows[i].id == id) return &d->rows[i];
    return NULL;
}

static void test_desk(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e;
    time_t now = time(NULL);
    /* an old request of Peru, received 40 days ago: overdue (target 14) */
    long long old = request("PER", "stockpile", NULL, NULL);
    char at[32];
    time_t then = now - 40 * 86400;
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&then));
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_request_stage_backdate(db, old, at), 0);
    assert_int_equal(store_tx_commit(db), 0);
    /* two of Ghana in the same category with overlapping periods, one of another period */
    long long g1 = request("GHA", "marking", "2027-01", "2027-12"), g2 = request("GHA", "marking", "2027-06", "2028-06");
    long long g3 = request("GHA", "marking", "2029-01", "2029-12");
    /* circulated 10 days ago: not overdue (target 120) */
    then = now - 10 * 86400;
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&then));
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(assist_stage_move_at(db, unoda.user_id, g3, "acknowledged", NULL, NULL, at, true, &e), 0);
    assert_int_equal(store_tx_commit(db), 0);

    struct assist_desk d;
    struct assist_desk_filter f = { .stage = -1 };
    assert_int_equal(assist_desk_get(db, &a, &kenya, "en", now, &f, &d, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(assist_desk_get(db, &a, &public_, "en", now, &f, &d, &e), -1);
    assert_int_equal(assist_desk_get(db, &a, &admin, "en", now, &f, &d, &e), 0);   /* admins read it */
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_int_equal(d.rows[0].id, old);   /* the overdue one first */
    assert_true(d.rows[0].overdue);
    assert_int_equal(d.rows[0].days_in_stage, 40);
    assert_int_equal(d.rows[0].target, 14);
    assert_int_equal(d.rows[0].waiting, ASSIST_WAIT_SECRETARIAT);
    assert_int_equal(d.overdue, 1);
    assert_true(d.counts[ASSIST_STAGE_RECEIVED] >= 3);
    assert_true(d.counts[ASSIST_STAGE_CLOSED] >= 1);
    const struct assist_desk_row *r = row_of(&d, g1);
    assert_non_null(r);
    assert_int_equal(r->duplicate_of, g2);
    assert_false(r->overdue);
    assert_int_equal(row_of(&d, g2)->duplicate_of, g1);
    r = row_of(&d, g3);
    assert_int_equal(r->duplicate_of, 0);   /* another period */
    assert_int_equal(r->days_in_stage, 10);
    assert_int_equal(r->stage, ASSIST_STAGE_ACKNOWLEDGED);
    for (size_t i = 0; i < d.n; i++) assert_true(d.rows[i].stage < ASSIST_STAGE_COMPLETED);

    /* filters */
    f = (struct assist_desk_filter){ .stage = -1, .overdue_only = true };
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.overdue, 1);
    f = (struct assist_desk_filter){ .stage = ASSIST_STAGE_ACKNOWLEDGED };
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.rows[0].id, g3);
    f = (struct assist_desk_filter){ .stage = -1, .region = "019" };   /* the Americas: Peru only */
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.rows[0].id, old);
    f = (struct assist_desk_filter){ .stage = ASSIST_STAGE_CLOSED };
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_true(d.n >= 1);
    for (size_t i = 0; i < d.n; i++) assert_int_equal(d.rows[i].stage, ASSIST_STAGE_CLOSED);

    /* a closed request is no duplicate any more */
    assert_int_equal(assist_stage_move(db, &unoda, g2, "closed", "duplicate", NULL, &e), 0);
    f = (struct assist_desk_filter){ .stage = -1 };
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", now, &f, &d, &e), 0);
    assert_int_equal(row_of(&d, g1)->duplicate_of, 0);

    /* the overdue list for the sweep */
    struct assist_overdue *o;
    size_t n;
    assert_int_equal(assist_stage_overdue(db, &a, now, &o, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].request_id, old);
    assert_string_equal(o[0].stage, "received");
    assert_string_equal(o[0].iso3, "PER");
    assert_int_equal(o[0].target, 14);
    assert_int_equal(assist_stage_overdue(db, &a, now + 400 * 86400, &o, &n), 0);
    assert_int_equal(n, 3);   /* a year later, every open request: old, g1, g3 */
    arena_cleanup(&a);
}

/*
 * Many open requests of one State and category (a probe filed 2,300: the desk asked for every pair, 4 million
 * rows, 47 s): each is listed with one possible duplicate, the first other (by id), and the list has one row
 * for each request, not one for each pair.
 */
static void test_desk_many_requests(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    long long ids[120];
    for (int i = 0; i < 120; i++) ids[i] = request("NGA", "brokering", NULL, NULL);
    struct store_duplicate *dups;
    size_t nd;
    assert_int_equal(store_request_duplicates(db, &a, &dups, &nd), 0);
    size_t mine = 0;
    for (size_t i = 0; i < nd; i++) {
        if (dups[i].id < ids[0] || dups[i].id > ids[119]) continue;
        mine++;
        assert_int_equal(dups[i].other, dups[i].id == ids[0] ? ids[1] : ids[0]);
        assert_false(dups[i].in_project);
        if (i) assert_true(dups[i].id > dups[i - 1].id);   /* one each, in id order */
    }
    assert_int_equal(mine, 120);
    struct assist_desk d;
    struct assist_desk_filter f = { .stage = -1 };
    struct err e = ERR_NONE;
    assert_int_equal(assist_desk_get(db, &a, &unoda, "en", time(NULL), &f, &d, &e), 0);
    size_t listed = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.rows[i].id >= ids[0] && d.rows[i].id <= ids[119]) {
            listed++;
            assert_int_equal(d.rows[i].duplicate_of, d.rows[i].id == ids[0] ? ids[1] : ids[0]);
        }
    assert_int_equal(listed, 120);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_moves),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_desk),
        cmocka_unit_test(test_desk_many_requests),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests for domain/notify.c, notify_sweep.c and notify_send.c (and store/notify.c under
 * them): who each notify_* reaches (disabled accounts never), dedup, a message written in two
 * languages with unknown and hostile parameters, reading one's own and marking read, the
 * language of messages, the sweep's runner with sources defined here, the events wired in the
 * domain (a partner's interest, the State's answer, a returned report), and delivery through
 * tests/fake_sendmail.sh: sent once, retried with backoff, failed after N, a crash's 'sending'
 * rows, a sendmail that hangs, headers that no user data can break.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>

#include "domain/assistance.h"
#include "domain/notify.h"
#include "domain/notify_send.h"
#include "domain/report.h"
#include "store/assistance.h"
#include "store/notify.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;
static struct principal kenya, kenya2, kenya_off, france, unoda, admin, donor, donor2, ngo;
static long long donor_partner, ngo_partner;
static char maildir[128];

static long long partner_for(struct principal *p, const char *code)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_partner_by_code(db, code);
    if (id == 0) id = store_partner_ensure(db, code, strcmp(code, "donor") == 0 ? "Donor agency" : "An NGO", "other", NULL, false);
    assert_true(id > 0);
    assert_int_equal(store_partner_set_user(db, p->user_id, id), 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("notify", dbpath);
    if (!db) return -1;
    unit_user(db, "kenya", "focal_point", "KEN", &kenya);
    unit_user(db, "kenya2", "focal_point", "KEN", &kenya2);
    unit_user(db, "kenya_off", "focal_point", "KEN", &kenya_off);
    unit_user(db, "france", "focal_point", "FRA", &france);
    unit_user(db, "unoda", "secretariat", NULL, &unoda);
    unit_user(db, "admin", "admin", NULL, &admin);
    unit_user(db, "donor", "partner", NULL, &donor);
    unit_user(db, "donor2", "partner", NULL, &donor2);
    unit_user(db, "ngo", "partner", NULL, &ngo);
    donor_partner = partner_for(&donor, "donor");
    partner_for(&donor2, "donor");
    ngo_partner = partner_for(&ngo, "ngo");
    char err[256];
    if (auth_user_set_disabled(db, NULL, kenya_off.user_id, true, err, sizeof err) != 0) return -1;
    i18n_init();
    i18n_set_lang("en");
    snprintf(maildir, sizeof maildir, "/tmp/poaiss-notify-mail-%d", (int)getpid());
    mkdir(maildir, 0700);
    setenv("FAKE_SENDMAIL_DIR", maildir, 1);
    return 0;
}

static void maildir_clear(void)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -f %s/mail.* %s/fail %s/hang %s/tmp.*", maildir, maildir, maildir, maildir);
    assert_int_equal(system(cmd), 0);
}

static int teardown(void **state)
{
    (void)state;
    maildir_clear();
    rmdir(maildir);
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

/* ---------------------------------------------------------------- helpers */

static long long count_of(long long user, const char *kind)
{
    struct arena a = ARENA_INIT;
    struct store_notify_row *rows;
    size_t n;
    long long total, k = 0;
    assert_int_equal(store_notify_list(db, &a, user, false, 0, 1000, &rows, &n, &total), 0);
    for (size_t i = 0; i < n; i++)
        if (!kind || strcmp(rows[i].kind, kind) == 0) k++;
    arena_cleanup(&a);
    return k;
}

/* Run f inside a write transaction and commit; its result. */
#define IN_TX(expr)                                       \
    ({                                                    \
        assert_int_equal(store_tx_begin(db), 0);          \
        int r_ = (expr);                                  \
        assert_int_equal(store_tx_commit(db), 0);         \
        r_;                                               \
    })

/* The newest message of user: its id, subject and body in lang. */
static long long newest(long long user, const char *lang, struct arena *a, const char **subject, const char **body)
{
    struct notify_item *it;
    size_t n;
    long long total;
    struct err e = ERR_NONE;
    assert_int_equal(notify_list(db, a, user, lang, false, 1, &it, &n, &total, &e), 0);
    assert_true(n > 0);
    if (subject) *subject = it[0].subject;
    if (body) *body = it[0].body;
    return it[0].id;
}

/* ---------------------------------------------------------------- recipients */

static void test_recipients(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s}", "title", "Marking machines");
    long long k0 = count_of(kenya.user_id, NULL), k2 = count_of(kenya2.user_id, NULL), off = count_of(kenya_off.user_id, NULL);
    long long fr = count_of(france.user_id, NULL);
    /* the State's enabled focal points, nobody else */
    assert_int_equal(IN_TX(notify_state(db, "KEN", NOTIFY_STAGE_MOVED, "/assistance/requests/1", p, NULL)), 2);
    assert_int_equal(count_of(kenya.user_id, NULL), k0 + 1);
    assert_int_equal(count_of(kenya2.user_id, NULL), k2 + 1);
    assert_int_equal(count_of(kenya_off.user_id, NULL), off);
    assert_int_equal(count_of(france.user_id, NULL), fr);
    /* every account of a partner */
    long long d1 = count_of(donor.user_id, NULL), d2 = count_of(donor2.user_id, NULL), ng = count_of(ngo.user_id, NULL);
    assert_int_equal(IN_TX(notify_partner(db, donor_partner, NOTIFY_PROJECT_CREATED, "/projects/1", p, NULL)), 2);
    assert_int_equal(count_of(donor.user_id, NULL), d1 + 1);
    assert_int_equal(count_of(donor2.user_id, NULL), d2 + 1);
    assert_int_equal(count_of(ngo.user_id, NULL), ng);
    /* the Secretariat's accounts, not the administrators */
    long long un = count_of(unoda.user_id, NULL), ad = count_of(admin.user_id, NULL);
    assert_int_equal(IN_TX(notify_secretariat(db, NOTIFY_BASELINE_UPDATED, "/baselines/1", p, NULL)), 1);
    assert_int_equal(count_of(unoda.user_id, NULL), un + 1);
    assert_int_equal(count_of(admin.user_id, NULL), ad);
    /* one account; a disabled one gets nothing; nobody for an unknown State or partner 0 */
    assert_int_equal(IN_TX(notify_user(db, france.user_id, NOTIFY_PROGRESS_DUE, "/projects/1", p, NULL)), 1);
    assert_int_equal(IN_TX(notify_user(db, kenya_off.user_id, NOTIFY_PROGRESS_DUE, "/projects/1", p, NULL)), 0);
    assert_int_equal(IN_TX(notify_state(db, "ZZZ", NOTIFY_STAGE_MOVED, NULL, p, NULL)), 0);
    assert_int_equal(IN_TX(notify_partner(db, 0, NOTIFY_STAGE_MOVED, NULL, p, NULL)), 0);
    /* params NULL is {} */
    assert_int_equal(IN_TX(notify_user(db, france.user_id, NOTIFY_STAGE_MOVED, NULL, NULL, NULL)), 1);
    json_decref(p);
}

static void test_dedup(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s, s:{s:s}, s:i}", "title", "Stockpile", "stage", "msgid", "Received", "days", 12);
    long long k0 = count_of(kenya.user_id, "stage_overdue"), f0 = count_of(france.user_id, "stage_overdue");
    assert_int_equal(IN_TX(notify_state(db, "KEN", NOTIFY_STAGE_OVERDUE, "/assistance/requests/7", p, "overdue:7:received")), 2);
    assert_int_equal(IN_TX(notify_state(db, "KEN", NOTIFY_STAGE_OVERDUE, "/assistance/requests/7", p, "overdue:7:received")), 0);
    assert_int_equal(IN_TX(notify_user(db, kenya.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, "overdue:7:received")), 0);
    assert_int_equal(count_of(kenya.user_id, "stage_overdue"), k0 + 1);
    /* the same key is another account's own */
    assert_int_equal(IN_TX(notify_user(db, france.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, "overdue:7:received")), 1);
    assert_int_equal(count_of(france.user_id, "stage_overdue"), f0 + 1);
    /* another key, or none, makes another message */
    assert_int_equal(IN_TX(notify_user(db, kenya.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, "overdue:7:acknowledged")), 1);
    assert_int_equal(IN_TX(notify_user(db, kenya.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, NULL)), 1);
    assert_int_equal(IN_TX(notify_user(db, kenya.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, NULL)), 1);
    assert_int_equal(count_of(kenya.user_id, "stage_overdue"), k0 + 4);
    /* a step rolled back leaves no message */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(notify_user(db, kenya.user_id, NOTIFY_STAGE_OVERDUE, NULL, p, NULL), 1);
    store_tx_rollback(db);
    assert_int_equal(count_of(kenya.user_id, "stage_overdue"), k0 + 4);
    json_decref(p);
}

/* ---------------------------------------------------------------- rendering */

static void test_render_languages(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    const char *subject, *body;
    const char *params = "{\"title\": \"Marquage\", \"state\": {\"state\": \"DEU\"}, \"answer\": {\"msgid\": \"Accepted\"}}";
    notify_render(db, &a, "en", "interest_answered", params, &subject, &body);
    assert_string_equal(subject, "Your interest in “Marquage”: Accepted");
    assert_string_equal(body, "Germany answered your interest in its request for assistance “Marquage”: Accepted.");
    notify_render(db, &a, "fr", "interest_answered", params, &subject, &body);
    assert_non_null(strstr(subject, "Marquage"));
    assert_non_null(strstr(body, "Allemagne"));          /* the State's name in French */
    assert_non_null(strstr(body, "Acceptée"));           /* the answer's msgid translated */
    assert_null(strstr(body, "Germany"));
    /* the thread's language is put back */
    assert_string_equal(i18n_lang(), "en");
    /* numbers and dates in the reader's language */
    notify_render(db, &a, "ar", "stage_overdue", "{\"title\": \"T\", \"stage\": \"S\", \"days\": 12}", &subject, &body);
    assert_non_null(strstr(body, "١٢"));
    notify_render(db, &a, "fr", "progress_due", "{\"title\": \"T\", \"due\": {\"date\": \"2027-03-31\"}}", &subject, &body);
    assert_non_null(strstr(body, "31 mars 2027"));
    arena_cleanup(&a);
}

static void test_render_unknown_and_hostile(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    const char *subject, *body;
    /* a name with no parameter writes nothing; a parameter no message names is ignored */
    notify_render(db, &a, "en", "stage_moved", "{\"stage\": \"Received\", \"other\": \"x\"}", &subject, &body);
    assert_string_equal(subject, "Request “”: now Received");
    assert_string_equal(body, "The request for assistance “” moved to the stage “Received”.");   /* no note: no blank lines */
    /* a value is never read as a pattern, nor as a format */
    notify_render(db, &a, "en", "stage_moved", "{\"title\": \"%(stage)s %s %n %%\", \"stage\": \"S\", \"note\": \"<b>&\"}",
                  &subject, &body);
    assert_string_equal(subject, "Request “%(stage)s %s %n %%”: now S");
    assert_non_null(strstr(body, "<b>&"));              /* plain text: pages escape it */
    /* values of other types, arrays, null: nothing */
    notify_render(db, &a, "en", "stage_moved", "{\"title\": [1, 2], \"stage\": null, \"note\": {\"x\": 1}}", &subject, &body);
    assert_string_equal(subject, "Request “”: now");
    /* params that are not JSON, not an object, or NULL */
    notify_render(db, &a, "en", "stage_moved", "not json", &subject, &body);
    assert_string_equal(subject, "Request “”: now");
    notify_render(db, &a, "en", "stage_moved", "[1]", &subject, &body);
    notify_render(db, &a, "en", "stage_moved", NULL, &subject, &body);
    assert_string_equal(subject, "Request “”: now");
    /* a kind this version does not know, an unknown language */
    notify_render(db, &a, "xx", "kind_of_the_future", "{}", &subject, &body);
    assert_string_equal(subject, "Notification");
    assert_string_equal(body, "");
    /* every kind has words with a key that parses back */
    for (int k = 0; k < NOTIFY_KIND_COUNT; k++) {
        enum notify_kind back;
        assert_int_equal(notify_kind_parse(notify_kind_key((enum notify_kind)k), &back), 0);
        assert_int_equal((int)back, k);
        notify_render(db, &a, "en", notify_kind_key((enum notify_kind)k), "{}", &subject, &body);
        assert_true(strlen(subject) > 5 && strlen(body) > 5);
        assert_null(strstr(subject, "%("));
        assert_null(strstr(body, "%("));
    }
    enum notify_kind k;
    assert_int_equal(notify_kind_parse("nope", &k), -1);
    assert_int_equal(notify_kind_parse(NULL, &k), -1);
    arena_cleanup(&a);
}

/* ---------------------------------------------------------------- reading, read marks, language */

static void test_list_and_read(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s}", "title", "Read me");
    for (int i = 0; i < 3; i++) IN_TX(notify_user(db, ngo.user_id, NOTIFY_PROGRESS_POSTED, "/projects/9", p, NULL));
    IN_TX(notify_user(db, donor.user_id, NOTIFY_PROGRESS_POSTED, "/projects/9", p, NULL));
    json_decref(p);
    struct arena a = ARENA_INIT;
    struct notify_item *it;
    size_t n;
    long long total;
    struct err e = ERR_NONE;
    long long unread = notify_unread_count(db, ngo.user_id);
    assert_true(unread >= 3);
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", true, 1, &it, &n, &total, &e), 0);
    assert_int_equal(total, unread);
    assert_true(it[0].id > it[1].id);                        /* newest first */
    assert_null(it[0].read_at);
    assert_string_equal(it[0].object, "/projects/9");
    assert_string_equal(it[0].kind, "progress_posted");
    /* marking another account's message does nothing */
    long long theirs = newest(donor.user_id, "en", &a, NULL, NULL);
    assert_int_equal(notify_mark_read(db, ngo.user_id, &theirs, 1, &e), 0);
    assert_int_equal(notify_unread_count(db, donor.user_id) > 0, 1);
    /* one of one's own */
    long long mine[2] = { it[0].id, 0 };
    assert_int_equal(notify_mark_read(db, ngo.user_id, mine, 2, &e), 1);
    assert_int_equal(notify_mark_read(db, ngo.user_id, mine, 1, &e), 0);   /* already read */
    assert_int_equal(notify_unread_count(db, ngo.user_id), unread - 1);
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", false, 1, &it, &n, &total, &e), 0);
    assert_non_null(it[0].read_at);
    /* all of one's own */
    assert_int_equal(notify_mark_read(db, ngo.user_id, NULL, 0, &e), unread - 1);
    assert_int_equal(notify_unread_count(db, ngo.user_id), 0);
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", true, 1, &it, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_true(notify_unread_count(db, donor.user_id) > 0);
    assert_int_equal(notify_unread_count(db, 0), 0);
    /* pages of NOTIFY_PAGE_SIZE */
    p = json_pack("{s:s}", "title", "Many");
    for (int i = 0; i < NOTIFY_PAGE_SIZE + 5; i++) IN_TX(notify_user(db, ngo.user_id, NOTIFY_PROGRESS_DUE, NULL, p, NULL));
    json_decref(p);
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", true, 1, &it, &n, &total, &e), 0);
    assert_int_equal(n, NOTIFY_PAGE_SIZE);
    assert_int_equal(total, NOTIFY_PAGE_SIZE + 5);
    long long last_of_first = it[n - 1].id;
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", true, 2, &it, &n, &total, &e), 0);
    assert_int_equal(n, 5);
    assert_true(it[0].id < last_of_first);
    assert_int_equal(notify_list(db, &a, ngo.user_id, "en", true, 9, &it, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    arena_cleanup(&a);
}

static void test_lang(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    assert_null(notify_lang_get(db, &a, france.user_id));
    assert_int_equal(notify_lang_default(db, france.user_id, "fr"), 0);
    assert_string_equal(notify_lang_get(db, &a, france.user_id), "fr");
    assert_int_equal(notify_lang_default(db, france.user_id, "es"), 0);     /* a choice stays */
    assert_string_equal(notify_lang_get(db, &a, france.user_id), "fr");
    assert_int_equal(notify_lang_set(db, france.user_id, "ar", &e), 0);
    assert_string_equal(notify_lang_get(db, &a, france.user_id), "ar");
    assert_int_equal(notify_lang_set(db, france.user_id, "de", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(notify_lang_set(db, france.user_id, "fr'); DROP TABLE user; --", &e), -1);
    assert_string_equal(notify_lang_get(db, &a, france.user_id), "ar");
    assert_int_equal(notify_lang_set(db, france.user_id, NULL, &e), 0);
    assert_null(notify_lang_get(db, &a, france.user_id));
    assert_int_equal(notify_lang_default(db, france.user_id, "xx"), 0);   /* not a language: nothing */
    assert_null(notify_lang_get(db, &a, france.user_id));
    assert_int_equal(notify_lang_set(db, france.user_id, "fr", &e), 0);
    arena_cleanup(&a);
}

/* ---------------------------------------------------------------- sweeps */

static int source_calls;

/* A source: Kenya's focal points are told that request 41 is overdue, once. */
static int source_overdue(struct store *s, time_t now)
{
    source_calls++;
    json_t *p = json_pack("{s:s, s:s, s:I}", "title", "Swept", "stage", "Received", "days", (json_int_t)(now / 86400 % 100));
    int n = notify_state(s, "KEN", NOTIFY_STAGE_OVERDUE, "/assistance/requests/41", p, "overdue:41:received");
    json_decref(p);
    return n;
}

/* A source that fails halfway: what it added is rolled back. */
static int source_broken(struct store *s, time_t now)
{
    (void)now;
    source_calls++;
    notify_user(s, france.user_id, NOTIFY_PROGRESS_DUE, NULL, NULL, "broken");
    return -1;
}

/* A source due only from a given time: the report due on day 20000. */
static int source_due(struct store *s, time_t now)
{
    source_calls++;
    if (now < (time_t)20000 * 86400) return 0;
    json_t *p = json_pack("{s:s, s:{s:s}}", "title", "Project", "due", "date", "2024-10-04");
    int n = notify_partner(s, donor_partner, NOTIFY_PROGRESS_DUE, "/projects/3", p, "due:3:2024-10-04");
    json_decref(p);
    return n;
}

static void test_sweep(void **state)
{
    (void)state;
    const notify_source_fn sources[] = { source_overdue, source_due };
    long long k0 = count_of(kenya.user_id, "stage_overdue"), d0 = count_of(donor.user_id, "progress_due");
    source_calls = 0;
    assert_int_equal(notify_sweep_sources(db, (time_t)19999 * 86400, sources, 2), 2);   /* Kenya's two focal points */
    assert_int_equal(source_calls, 2);
    assert_int_equal(count_of(kenya.user_id, "stage_overdue"), k0 + 1);
    assert_int_equal(count_of(donor.user_id, "progress_due"), d0);
    /* again: nothing new, until the report falls due */
    assert_int_equal(notify_sweep_sources(db, (time_t)19999 * 86400 + 300, sources, 2), 0);
    assert_int_equal(notify_sweep_sources(db, (time_t)20000 * 86400, sources, 2), 2);
    assert_int_equal(count_of(donor.user_id, "progress_due"), d0 + 1);
    assert_int_equal(notify_sweep_sources(db, (time_t)20001 * 86400, sources, 2), 0);
    assert_int_equal(count_of(kenya.user_id, "stage_overdue"), k0 + 1);
    /* a failing source is rolled back and reported; the others still run */
    const notify_source_fn mixed[] = { source_broken, source_overdue, NULL, source_broken };
    long long f0 = count_of(france.user_id, "progress_due");
    source_calls = 0;
    assert_int_equal(notify_sweep_sources(db, 0, mixed, 4), -1);
    assert_int_equal(source_calls, 2);                   /* NULL ends the table */
    assert_int_equal(count_of(france.user_id, "progress_due"), f0);
    /* the built-in table runs (it may be empty) and holds no transaction open */
    assert_true(notify_sweep(db, time(NULL)) >= 0);
    assert_int_equal(store_tx_begin(db), 0);
    store_tx_rollback(db);
}

/* ---------------------------------------------------------------- events of the domain */

static void test_events(void **state)
{
    (void)state;
    struct err e = ERR_NONE;
    json_t *in = json_pack("{s:s, s:s, s:s}", "category", "stockpile", "kind", "training", "title", "Armoury training");
    struct assist_field_errors errs = { .n = 0 };
    long long req = assist_request_create(db, &kenya, in, &errs, &e);
    json_decref(in);
    assert_true(req > 0);
    long long k0 = count_of(kenya.user_id, "interest_marked"), k2 = count_of(kenya2.user_id, "interest_marked");
    long long f0 = count_of(france.user_id, "interest_marked"), d0 = count_of(donor.user_id, "interest_marked");
    assert_int_equal(assist_interest_mark(db, &donor, req, "We fund training.", 0, &e), 0);
    assert_int_equal(count_of(kenya.user_id, "interest_marked"), k0 + 1);
    assert_int_equal(count_of(kenya2.user_id, "interest_marked"), k2 + 1);
    assert_int_equal(count_of(france.user_id, "interest_marked"), f0);
    assert_int_equal(count_of(donor.user_id, "interest_marked"), d0);
    struct arena a = ARENA_INIT;
    const char *subject, *body;
    newest(kenya.user_id, "en", &a, &subject, &body);
    assert_string_equal(subject, "Donor agency is interested in “Armoury training”");
    assert_non_null(strstr(body, "We fund training."));
    /* a refused mark tells nobody */
    assert_int_equal(assist_interest_mark(db, &kenya, req, NULL, 0, &e), -1);
    assert_int_equal(count_of(kenya.user_id, "interest_marked"), k0 + 1);
    /* the State's answer: every account of the partner, not the other partner's */
    long long a1 = count_of(donor.user_id, "interest_answered"), a2 = count_of(donor2.user_id, "interest_answered");
    long long n0 = count_of(ngo.user_id, "interest_answered");
    assert_int_equal(assist_interest_decide(db, &kenya, req, "donor", true, &e), 0);
    assert_int_equal(count_of(donor.user_id, "interest_answered"), a1 + 1);
    assert_int_equal(count_of(donor2.user_id, "interest_answered"), a2 + 1);
    assert_int_equal(count_of(ngo.user_id, "interest_answered"), n0);
    newest(donor.user_id, "fr", &a, &subject, &body);
    assert_non_null(strstr(body, "Acceptée"));
    struct notify_item *it;
    size_t n;
    long long total;
    assert_int_equal(notify_list(db, &a, donor.user_id, "en", false, 1, &it, &n, &total, &e), 0);
    char object[64];
    snprintf(object, sizeof object, "/assistance/requests/%lld", req);
    assert_string_equal(it[0].object, object);
    /* a report returned by the Secretariat: the State's focal points, with the comment */
    assert_int_equal(store_tx_begin(db), 0);
    long long rep = store_report_add(db, "KEN", 2026, "en", false, 0);
    assert_true(rep > 0);
    assert_int_equal(store_report_set_status(db, rep, "submitted", 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
    long long r0 = count_of(kenya.user_id, "report_returned"), rf = count_of(france.user_id, "report_returned");
    struct report_result rr;
    assert_int_equal(report_return(db, &unoda, rep, "Please complete section 3.", &rr, &e), 0);
    report_result_cleanup(&rr);
    assert_int_equal(count_of(kenya.user_id, "report_returned"), r0 + 1);
    assert_int_equal(count_of(kenya2.user_id, "report_returned") > 0, 1);
    assert_int_equal(count_of(france.user_id, "report_returned"), rf);
    newest(kenya.user_id, "en", &a, &subject, &body);
    assert_string_equal(subject, "Your national report for 2026 was returned");
    assert_non_null(strstr(body, "Kenya"));
    assert_non_null(strstr(body, "Please complete section 3."));
    arena_cleanup(&a);
}

/* ---------------------------------------------------------------- delivery */

static char sendmail_path[PATH_MAX];

static struct notify_mailer mailer(void)
{
    if (!sendmail_path[0]) assert_non_null(realpath("tests/fake_sendmail.sh", sendmail_path));
    return (struct notify_mailer){ .sendmail = sendmail_path, .from = "poaiss@example.org",
                                   .base_url = "https://poaiss.example.org", .max_attempts = 3, .timeout_s = 5,
                                   .backoff_s = 60 };
}

static int mails(void)
{
    int n = 0;
    char p[300];
    for (;;) {
        snprintf(p, sizeof p, "%s/mail.%d", maildir, n + 1);
        if (access(p, F_OK) != 0) return n;
        n++;
    }
}

static char *mail_text(int i)
{
    char p[300];
    snprintf(p, sizeof p, "%s/mail.%d", maildir, i);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    static char text[16384];
    size_t k = fread(text, 1, sizeof text - 1, f);
    text[k] = '\0';
    fclose(f);
    return text;
}

/* An account with an e-mail address (and a name that tries to add a header). */
static long long mail_user(const char *username, const char *email, const char *name, const char *lang)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_user_add(db, username, name, email, "focal_point", "PER", NULL, "!no-password");
    assert_true(id > 0);
    if (lang) assert_int_equal(store_user_lang_set(db, id, lang, false), 1);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

static void mail_state(long long id, const char *want, int attempts)
{
    struct arena a = ARENA_INIT;
    const char *state, *err;
    int n;
    assert_int_equal(store_notify_mail_state(db, &a, id, &state, &n, &err), 0);
    assert_string_equal(state, want);
    assert_int_equal(n, attempts);
    arena_cleanup(&a);
}

static long long last_id(long long user)
{
    struct arena a = ARENA_INIT;
    long long id = newest(user, "en", &a, NULL, NULL);
    arena_cleanup(&a);
    return id;
}

static void test_mail_off(void **state)
{
    (void)state;
    /* without --sendmail nothing is queued: email_state stays 'none' */
    long long u = mail_user("peru_off", "peru.off@example.org", "Peru", NULL);
    notify_mail_enable(false);
    IN_TX(notify_user(db, u, NOTIFY_STAGE_MOVED, "/assistance/requests/1", NULL, NULL));
    mail_state(last_id(u), "none", 0);
    struct notify_mailer m = mailer();
    maildir_clear();
    assert_int_equal(notify_deliver_one(db, &m, time(NULL)), 0);
    assert_int_equal(mails(), 0);
}

static void test_mail_sent_once(void **state)
{
    (void)state;
    maildir_clear();
    long long u = mail_user("peru_mail", "focal.point@peru.example.org", "Ana María\r\nBcc: victim@example.org", "es");
    long long nomail = mail_user("peru_nomail", NULL, "No address", NULL);
    notify_mail_enable(true);
    json_t *p = json_pack("{s:s, s:s}", "title", "Señales\r\nBcc: evil@example.org", "stage", "Recibida");
    IN_TX(notify_user(db, u, NOTIFY_STAGE_MOVED, "/assistance/requests/5", p, NULL));
    IN_TX(notify_user(db, nomail, NOTIFY_STAGE_MOVED, "/assistance/requests/5", p, NULL));
    notify_mail_enable(false);
    json_decref(p);
    long long id = last_id(u);
    mail_state(id, "pending", 0);
    mail_state(last_id(nomail), "none", 0);   /* no address: only the page */
    struct notify_mailer m = mailer();
    time_t now = time(NULL);
    assert_int_equal(notify_deliver_one(db, &m, now), 1);
    assert_int_equal(notify_deliver_one(db, &m, now), 0);      /* sent once */
    assert_int_equal(notify_deliver_one(db, &m, now + 86400), 0);
    assert_int_equal(mails(), 1);
    mail_state(id, "sent", 1);
    char *t = mail_text(1);
    /* the headers: ours, in order, each on its line; nothing of the user's raw */
    char *end = strstr(t, "\n\n");
    assert_non_null(end);
    *end = '\0';
    const char *body = end + 2;
    assert_non_null(strstr(t, "From: poaiss@example.org\n"));
    assert_non_null(strstr(t, "<focal.point@peru.example.org>\n"));
    assert_non_null(strstr(t, "\nSubject: =?UTF-8?B?"));
    assert_non_null(strstr(t, "\nDate: "));
    assert_non_null(strstr(t, "+0000\n"));
    char mid[80];
    snprintf(mid, sizeof mid, "\nMessage-ID: <poaiss.notification.%lld@example.org>\n", id);
    assert_non_null(strstr(t, mid));
    assert_non_null(strstr(t, "\nMIME-Version: 1.0\n"));
    assert_non_null(strstr(t, "\nContent-Type: text/plain; charset=UTF-8\n"));
    assert_non_null(strstr(t, "\nContent-Transfer-Encoding: quoted-printable\n"));
    assert_non_null(strstr(t, "\nContent-Language: es"));
    assert_null(strstr(t, "Bcc"));
    assert_null(strchr(t, '\r'));
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        assert_true(len <= 78);                                  /* RFC 5322 line length */
        assert_true(l[0] == ' ' || memchr(l, ':', len) != NULL);   /* a header or its continuation */
        for (size_t i = 0; i < len; i++) assert_true((unsigned char)l[i] >= 0x20 && (unsigned char)l[i] < 0x7f);
    }
    /* the body: quoted-printable ASCII, with the link to the object */
    assert_non_null(strstr(body, "https://poaiss.example.org/assistance/requests/5"));
    assert_non_null(strstr(body, "https://poaiss.example.org/account/notifications"));
    assert_non_null(strstr(body, "Se=C3=B1ales"));            /* "Señales", UTF-8 quoted */
    for (const char *c = body; *c; c++) assert_true(*c == '\n' || ((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f));
    /* sendmail's arguments: -t -oi, from the headers */
    char p2[300];
    snprintf(p2, sizeof p2, "%s/mail.1.args", maildir);
    FILE *f = fopen(p2, "r");
    char args[64] = "";
    assert_non_null(fgets(args, sizeof args, f));
    fclose(f);
    assert_string_equal(args, "-t -oi\n");
}

static void test_mail_compose_words(void **state)
{
    (void)state;
    /* long and multi-byte subjects split into encoded words of at most 75 characters, never inside a character */
    struct notify_mailer m = mailer();
    struct buf b = BUF_INIT;
    char subject[600] = "";
    for (int i = 0; i < 60; i++) strcat(subject, "ع");   /* 2 bytes each */
    strcat(subject, "中文字");                              /* 3 bytes each */
    notify_mail_compose(&b, &m, "a@example.org", "Ω", "ar", 7, "/x", subject, "body\nline", (time_t)1796515200);
    const char *t = buf_cstr(&b);
    assert_non_null(strstr(t, "Date: Sun, 06 Dec 2026 00:00:00 +0000\n"));
    const char *s = strstr(t, "Subject: ");
    assert_non_null(s);
    /* decode the words back: the subject must come back whole */
    struct buf back = BUF_INIT;
    const char *w = s;
    while ((w = strstr(w, "=?UTF-8?B?")) != NULL && w < strstr(s, "\nDate:")) {
        w += 10;
        const char *q = strstr(w, "?=");
        assert_true(q - w + 12 <= 75);
        unsigned char raw[128];
        size_t rawlen;
        assert_int_equal(sodium_base642bin(raw, sizeof raw, w, (size_t)(q - w), NULL, &rawlen, NULL,
                                           sodium_base64_VARIANT_ORIGINAL), 0);
        assert_true(utf8_valid_text((const char *)raw, rawlen));   /* each word whole characters */
        buf_append(&back, raw, rawlen);
        w = q + 2;
    }
    assert_string_equal(buf_cstr(&back), subject);
    /* a non-local object gets no link */
    buf_clear(&b);
    notify_mail_compose(&b, &m, "a@example.org", NULL, NULL, 8, "//evil.example.org/x", "S", "B", 0);
    assert_null(strstr(buf_cstr(&b), "evil"));
    assert_non_null(strstr(buf_cstr(&b), "Content-Language: en"));
    buf_cleanup(&b);
    buf_cleanup(&back);
    /* addresses */
    assert_true(notify_address_ok("focal.point+poa@gov.example.org"));
    assert_false(notify_address_ok("a@b\r\nBcc: x@y"));
    assert_false(notify_address_ok("Name <a@b.org>"));
    assert_false(notify_address_ok("a b@c.org"));
    assert_false(notify_address_ok("a@@b.org"));
    assert_false(notify_address_ok("@b.org"));
    assert_false(notify_address_ok(NULL));
    char err[200];
    struct notify_mailer bad = m;
    bad.from = "poaiss@x.org\nBcc: y@z.org";
    assert_int_equal(notify_mailer_check(&bad, err, sizeof err), -1);
    bad = m;
    bad.base_url = "javascript:alert(1)";
    assert_int_equal(notify_mailer_check(&bad, err, sizeof err), -1);
    bad = m;
    bad.sendmail = "/nonexistent/sendmail";
    assert_int_equal(notify_mailer_check(&bad, err, sizeof err), -1);
    assert_int_equal(notify_mailer_check(&m, err, sizeof err), 0);
}

static void test_mail_retry_and_fail(void **state)
{
    (void)state;
    maildir_clear();
    long long u = mail_user("peru_retry", "retry@peru.example.org", "Retry", NULL);
    notify_mail_enable(true);
    IN_TX(notify_user(db, u, NOTIFY_PROGRESS_DUE, "/projects/1", NULL, NULL));
    notify_mail_enable(false);
    long long id = last_id(u);
    char fail[300];
    snprintf(fail, sizeof fail, "%s/fail", maildir);
    FILE *f = fopen(fail, "w");
    fclose(f);
    struct notify_mailer m = mailer();
    time_t now = 1800000000;
    assert_int_equal(notify_deliver_one(db, &m, now), 1);
    mail_state(id, "pending", 1);
    assert_int_equal(notify_deliver_one(db, &m, now + 59), 0);     /* not before the backoff */
    assert_int_equal(notify_deliver_one(db, &m, now + 60), 1);
    mail_state(id, "pending", 2);
    assert_int_equal(notify_deliver_one(db, &m, now + 60 + 119), 0);   /* doubled */
    assert_int_equal(notify_deliver_one(db, &m, now + 60 + 120), 1);
    mail_state(id, "failed", 3);                                   /* max_attempts 3 */
    assert_int_equal(notify_deliver_one(db, &m, now + 86400), 0);
    struct arena a = ARENA_INIT;
    const char *st, *err;
    int n;
    assert_int_equal(store_notify_mail_state(db, &a, id, &st, &n, &err), 0);
    assert_non_null(strstr(err, "exited with status 75"));
    assert_non_null(strstr(err, "fake sendmail: temporary failure second line"));   /* one line */
    arena_cleanup(&a);
    assert_int_equal(mails(), 0);
    /* a retry that works sends it once */
    unlink(fail);
    notify_mail_enable(true);
    IN_TX(notify_user(db, u, NOTIFY_PROGRESS_DUE, "/projects/2", NULL, NULL));
    notify_mail_enable(false);
    id = last_id(u);
    f = fopen(fail, "w");
    fclose(f);
    assert_int_equal(notify_deliver_one(db, &m, now), 1);
    unlink(fail);
    assert_int_equal(notify_deliver_one(db, &m, now + 60), 1);
    assert_int_equal(notify_deliver_one(db, &m, now + 86400), 0);
    mail_state(id, "sent", 2);
    assert_int_equal(mails(), 1);
}

static void test_mail_bad_address_hang_recover(void **state)
{
    (void)state;
    maildir_clear();
    struct notify_mailer m = mailer();
    /* an address that could carry a header fails at once, without running sendmail */
    long long bad = mail_user("peru_bad", "x@example.org\nBcc: y@example.org", "Bad", NULL);
    notify_mail_enable(true);
    IN_TX(notify_user(db, bad, NOTIFY_PROGRESS_DUE, NULL, NULL, NULL));
    notify_mail_enable(false);
    assert_int_equal(notify_deliver_one(db, &m, time(NULL)), 1);
    mail_state(last_id(bad), "failed", 1);
    assert_int_equal(mails(), 0);
    /* a sendmail that does not finish is stopped after the time limit and retried later */
    long long u = mail_user("peru_hang", "hang@peru.example.org", "Hang", NULL);
    notify_mail_enable(true);
    IN_TX(notify_user(db, u, NOTIFY_PROGRESS_DUE, NULL, NULL, NULL));
    notify_mail_enable(false);
    char hang[300];
    snprintf(hang, sizeof hang, "%s/hang", maildir);
    FILE *f = fopen(hang, "w");
    fclose(f);
    m.timeout_s = 1;
    time_t t0 = time(NULL);
    assert_int_equal(notify_deliver_one(db, &m, t0), 1);
    assert_true(time(NULL) - t0 <= 3);
    mail_state(last_id(u), "pending", 1);
    unlink(hang);
    /* a message left 'sending' by a stopped server is not sent again */
    assert_int_equal(store_tx_begin(db), 0);
    struct arena a = ARENA_INIT;
    struct store_notify_mail msg;
    assert_int_equal(store_notify_claim(db, &a, t0 + 86400, &msg), 0);
    assert_int_equal(store_tx_commit(db), 0);
    mail_state(msg.id, "sending", 1);
    assert_int_equal(notify_mail_recover(db), 1);
    mail_state(msg.id, "failed", 1);
    assert_int_equal(notify_deliver_one(db, &m, t0 + 86400), 0);
    assert_int_equal(notify_mail_recover(db), 0);
    arena_cleanup(&a);
}

static void test_worker(void **state)
{
    (void)state;
    maildir_clear();
    long long u = mail_user("peru_worker", "worker@peru.example.org", "Worker", "fr");
    notify_mail_enable(true);
    IN_TX(notify_user(db, u, NOTIFY_PROGRESS_DUE, "/projects/4", NULL, NULL));
    notify_mail_enable(false);
    struct notify_mailer m = mailer();
    struct notify_worker *w = notify_worker_start(db, &m, 0, 1);
    assert_non_null(w);
    for (int i = 0; i < 100 && mails() < 1; i++) usleep(50000);
    notify_worker_stop(w);
    assert_int_equal(mails(), 1);
    mail_state(last_id(u), "sent", 1);
    assert_non_null(strstr(mail_text(1), "Content-Language: fr"));
    /* without a mailer it only sweeps, and stops at once */
    w = notify_worker_start(db, NULL, 300, 60);
    assert_non_null(w);
    notify_worker_stop(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recipients),
        cmocka_unit_test(test_dedup),
        cmocka_unit_test(test_render_languages),
        cmocka_unit_test(test_render_unknown_and_hostile),
        cmocka_unit_test(test_list_and_read),
        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_mail_off),
        cmocka_unit_test(test_mail_sent_once),
        cmocka_unit_test(test_mail_compose_words),
        cmocka_unit_test(test_mail_retry_and_fail),
        cmocka_unit_test(test_mail_bad_address_hang_recover),
        cmocka_unit_test(test_worker),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

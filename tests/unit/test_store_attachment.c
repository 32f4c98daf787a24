/*
 * Unit tests: store/attachment, uploaded files addressed by their SHA-256: storing the same
 * bytes twice keeps one copy (put is idempotent), links to reports (and their copy on
 * pre-fill), whether a file is linked, and the name a report's working answers or published
 * versions give it (ref_name), including references inside table cells and text that only
 * looks like a hash; and domain/attachment's attachment_open over them: who is served a
 * file, under which name, with nothing appended when it is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attachment.h"
#include "unit.h"

static int arrange(void);
UNIT_DB_FIXTURE("store-attachment", arrange())
static long long ken, fra;            /* two reports */
static char sha_a[65], sha_b[65], sha_c[65];
static const char A[] = "%PDF-1.4 first file", B[] = "%PDF-1.4 second file", C[] = "";

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    attachment_sha256(A, strlen(A), sha_a);
    attachment_sha256(B, strlen(B), sha_b);
    attachment_sha256(C, 0, sha_c);
    if (store_tx_begin(db) < 0) return -1;
    ken = store_report_add(db, "KEN", 2026, "en", false, 0);
    fra = store_report_add(db, "FRA", 2026, "fr", false, 0);
    return ken > 0 && fra > 0 && store_tx_commit(db) == 0 ? 0 : -1;
}

struct got { int calls; char type[64]; size_t bytes; char content[64]; };

static int get_cb(const struct store_attachment *a, void *ctx)
{
    struct got *g = ctx;
    g->calls++;
    snprintf(g->type, sizeof g->type, "%s", a->type);
    g->bytes = a->bytes;
    if (a->bytes) memcpy(g->content, a->content, a->bytes < sizeof g->content ? a->bytes : sizeof g->content - 1);
    return 0;
}

static void test_put_is_idempotent(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_put(db, sha_a, "application/pdf", A, strlen(A)), 0);
    assert_int_equal(store_attachment_put(db, sha_a, "application/pdf", A, strlen(A)), 0);
    /* The same hash again with another type or other bytes changes nothing: the first copy stays. */
    assert_int_equal(store_attachment_put(db, sha_a, "image/png", B, strlen(B)), 0);
    assert_int_equal(store_attachment_put(db, sha_c, "application/pdf", C, 0), 0);      /* an empty file */
    assert_int_equal(store_tx_commit(db), 0);
    struct got g = { 0 };
    assert_int_equal(store_attachment_get(db, sha_a, get_cb, &g), 0);
    assert_int_equal(g.calls, 1);
    assert_string_equal(g.type, "application/pdf");
    assert_int_equal(g.bytes, strlen(A));
    assert_memory_equal(g.content, A, strlen(A));
    struct got e = { 0 };
    assert_int_equal(store_attachment_get(db, sha_c, get_cb, &e), 0);
    assert_int_equal(e.bytes, 0);
    /* Unknown, malformed and hostile hashes are simply not found. */
    struct got none = { 0 };
    assert_int_equal(store_attachment_get(db, sha_b, get_cb, &none), 1);
    assert_int_equal(store_attachment_get(db, "", get_cb, &none), 1);
    assert_int_equal(store_attachment_get(db, "' OR 1=1 --", get_cb, &none), 1);
    assert_int_equal(none.calls, 0);
}

/* store_attachment_linked reads through the writer: inside a transaction, as report_save calls it. */
static int linked(long long id, const char *sha, long long *bytes, char *type, size_t typelen)
{
    assert_int_equal(store_tx_begin(db), 0);
    int rc = store_attachment_linked(db, id, sha, bytes, type, typelen);
    store_tx_rollback(db);
    return rc;
}

static void test_link_and_linked(void **state)
{
    (void)state;
    long long bytes = -1;
    char type[64] = "unset";
    assert_int_equal(linked(ken, sha_a, &bytes, type, sizeof type), 1);   /* stored, not linked */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_link(db, ken, sha_a, 0), 0);
    assert_int_equal(store_attachment_link(db, ken, sha_a, 0), 0);                             /* twice: one link */
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(linked(ken, sha_a, &bytes, type, sizeof type), 0);
    assert_int_equal(bytes, (long long)strlen(A));
    assert_string_equal(type, "application/pdf");
    assert_int_equal(linked(ken, sha_a, NULL, NULL, 0), 0);
    /* Linked to Kenya's report only. */
    assert_int_equal(linked(fra, sha_a, &bytes, type, sizeof type), 1);
    assert_int_equal(linked(999999, sha_a, &bytes, type, sizeof type), 1);
    /* A link to bytes never stored, or to no report, is refused by the database. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_link(db, ken, sha_b, 0), -1);
    store_tx_rollback(db);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_link(db, 999999, sha_a, 0), -1);
    store_tx_rollback(db);
    assert_int_equal(linked(ken, sha_b, &bytes, type, sizeof type), 1);
    /* Pre-fill copies the links, once. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_links_copy(db, ken, fra), 0);
    assert_int_equal(store_attachment_links_copy(db, ken, fra), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(linked(fra, sha_a, &bytes, type, sizeof type), 0);
}

static void put_answer(long long id, const char *qid, const char *value)
{
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_answer_put(db, id, qid, value, 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static void test_ref_name_working_and_published(void **state)
{
    (void)state;
    char name[256] = "";
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, false, name, sizeof name), 0);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, true, name, sizeof name), 0);
    /* Text that merely contains the hash is no reference. */
    char text[128];
    snprintf(text, sizeof text, "\"see %s\"", sha_a);
    put_answer(ken, "challenges", text);
    snprintf(text, sizeof text, "{\"note\": \"%s\"}", sha_a);
    put_answer(ken, "coord.poc", text);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, false, name, sizeof name), 0);
    /* A working answer refers to it: working yes, published not yet. */
    char ref[256];
    snprintf(ref, sizeof ref, "{\"name\": \"plan d’action.pdf\", \"type\": \"application/pdf\", \"bytes\": %zu, \"sha256\": \"%s\"}",
             strlen(A), sha_a);
    put_answer(ken, "coord.nap.file", ref);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, false, name, sizeof name), 1);
    assert_string_equal(name, "plan d’action.pdf");
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, true, name, sizeof name), 0);
    assert_int_equal(store_attachment_ref_name(db, fra, sha_a, false, name, sizeof name), 0);   /* linked, not referred to */
    /* Published as version 1: now both. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_report_version_add(db, ken, 1, 0, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, true, name, sizeof name), 1);
    assert_string_equal(name, "plan d’action.pdf");
    /* The working copy drops it: still in the published version, no longer in the working answers. */
    put_answer(ken, "coord.nap.file", NULL);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, false, name, sizeof name), 0);
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, true, name, sizeof name), 1);
    /* Inside a table cell, with a name that is not text: found, with an empty name; a short buffer cuts the name. */
    snprintf(ref, sizeof ref, "[{\"title\": \"x\", \"file\": {\"name\": 42, \"sha256\": \"%s\"}}]", sha_a);
    put_answer(fra, "assist.offers", ref);
    strcpy(name, "unchanged");
    assert_int_equal(store_attachment_ref_name(db, fra, sha_a, false, name, sizeof name), 1);
    assert_string_equal(name, "");
    snprintf(ref, sizeof ref, "{\"name\": \"a-very-long-name.pdf\", \"sha256\": \"%s\"}", sha_a);
    put_answer(ken, "coord.nap.file", ref);
    char small[8];
    assert_int_equal(store_attachment_ref_name(db, ken, sha_a, false, small, sizeof small), 1);
    assert_string_equal(small, "a-very-");
}

/* attachment_open (domain/attachment.c): the bytes into a buffer, with the visible reference's name, for whoever may see it. */
static void test_open_fills_buffer(void **state)
{
    (void)state;
    struct principal public_, france;
    auth_public(&public_);
    assert_true(unit_user(db, "france", "focal_point", "FRA", &france) > 0);
    struct buf out = BUF_INIT;
    buf_puts(&out, "x");
    struct attachment_file f;
    /* Published in KEN's version 1: anyone, under the published reference's name. */
    assert_int_equal(attachment_open(db, &public_, ken, sha_a, &out, &f), ATTACHMENT_SERVED);
    assert_int_equal(out.len, 1 + strlen(A));
    assert_memory_equal(out.data + 1, A, strlen(A));
    assert_string_equal(f.type, "application/pdf");
    assert_string_equal(f.name, "plan d’action.pdf");
    assert_false(f.draft_only);
    /* Only FRA's working copy refers to it: absent to the public (nothing appended), served to France's focal point. */
    buf_clear(&out);
    assert_int_equal(attachment_open(db, &public_, fra, sha_a, &out, &f), ATTACHMENT_ABSENT);
    assert_int_equal(out.len, 0);
    assert_int_equal(attachment_open(db, &france, fra, sha_a, &out, &f), ATTACHMENT_SERVED);
    assert_int_equal(out.len, strlen(A));
    assert_true(f.draft_only);
    assert_true(f.name[0] != '\0');
    /* No reference, no such report, a malformed hash: absent, the buffer untouched. */
    buf_clear(&out);
    assert_int_equal(attachment_open(db, &france, fra, sha_b, &out, &f), ATTACHMENT_ABSENT);
    assert_int_equal(attachment_open(db, &public_, ken + fra + 100, sha_a, &out, &f), ATTACHMENT_ABSENT);
    assert_int_equal(attachment_open(db, &public_, ken, "' OR 1=1 --", &out, &f), ATTACHMENT_ABSENT);
    assert_int_equal(out.len, 0);
    buf_cleanup(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_is_idempotent), cmocka_unit_test(test_link_and_linked),
        cmocka_unit_test(test_ref_name_working_and_published), cmocka_unit_test(test_open_fills_buffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

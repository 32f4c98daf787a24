/*
 * xview_fixture.h: shared by the cross-view unit tests (test_crossview.c, test_section_view.c,
 * test_changes.c, test_store_answers_list.c): reports written straight through the store,
 * published (one version) or left as drafts, and a way to break the database's reads.
 * Include after unit.h.
 */
#ifndef POAISS_TESTS_XVIEW_FIXTURE_H
#define POAISS_TESTS_XVIEW_FIXTURE_H

#include <jansson.h>
#include <sqlite3.h>

/* A report of iso3 for cycle with the answers of the JSON object text `answers`, published as version 1 unless draft. */
static inline long long xv_report(struct store *db, const char *iso3, int cycle, const char *answers, bool draft)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_report_add(db, iso3, cycle, "en", false, 0);
    assert_true(id > 0);
    json_t *o = json_loads(answers, 0, NULL);
    assert_non_null(o);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        assert_int_equal(store_answer_put(db, id, k, text, 0), 0);
        free(text);
    }
    json_decref(o);
    if (!draft) {
        assert_int_equal(store_report_version_add(db, id, 1, 0, NULL), 0);
        assert_int_equal(store_report_set_status(db, id, "published", 1), 0);
    }
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

/* Rename the published versions' table behind the store's back, so that its reads fail (and back). */
static inline void xv_break(const char *dbpath, bool broken)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    sqlite3_exec(h, "PRAGMA legacy_alter_table = ON", NULL, NULL, NULL);   /* leave the triggers (custom tokenizer) alone */
    char *msg = NULL;
    int rc = sqlite3_exec(h, broken ? "ALTER TABLE report_version RENAME TO report_version_x"
                                    : "ALTER TABLE report_version_x RENAME TO report_version", NULL, NULL, &msg);
    if (rc != SQLITE_OK) fail_msg("%s", msg ? msg : "?");
    sqlite3_close(h);
}

#endif

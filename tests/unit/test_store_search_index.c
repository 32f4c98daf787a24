/*
 * Unit tests: store/search_index, filling the full-text index: a bulk write switches the
 * publication trigger off and indexes what it added in one statement at its end (an aborted
 * one indexes nothing), and a rebuild gives back exactly the index the trigger keeps: the
 * latest published version of each report, one row per answered question, file hashes left out.
 * The answers by value (answer_value, migration 0018) follow the same rules: kept at each
 * publication, replaced by a new version, filled by a bulk write at its end, rebuilt the same;
 * browsing a question's answers by value reads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "unit.h"
#include "util/buf.h"

UNIT_DB_FIXTURE("store-search-index", 0)

static long long sql_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_reader(db)->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int hit_cb(const struct store_hit *h, void *ctx) { (void)h; (*(int *)ctx)++; return 0; }

static long hits(const char *word)
{
    struct buf q = BUF_INIT;
    assert_int_equal(store_search_quote(word, &q), 0);
    int n = 0;
    long total = -1;
    assert_int_equal(store_search(db, buf_cstr(&q), 50, 0, hit_cb, &n, &total), 0);
    buf_cleanup(&q);
    return total;
}

/* A published report (inside the caller's transaction) with a text answer and a file answer. */
static long long published(const char *iso3, int cycle, const char *text)
{
    long long id = store_report_add(db, iso3, cycle, "en", false, 0);
    assert_true(id > 0);
    char v[256];
    snprintf(v, sizeof v, "\"%s\"", text);
    assert_int_equal(store_answer_put(db, id, "challenges.comments", v, 0), 0);
    assert_int_equal(store_answer_put(db, id, "coord.nap.file", "{\"name\": \"plan.pdf\", \"type\": \"application/pdf\", "
                     "\"bytes\": 3, \"sha256\": \"abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd\"}", 0), 0);
    assert_int_equal(store_report_set_status(db, id, "published", 1), 0);
    assert_int_equal(store_report_version_add(db, id, 1, 0, NULL), 0);
    return id;
}

static void test_trigger_then_bulk(void **state)
{
    (void)state;
    /* Normal publication: the trigger indexes at once. */
    assert_int_equal(store_tx_begin(db), 0);
    published("KEN", 2024, "armoury inventories");
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(hits("armoury"), 1);
    /* A bulk write: nothing is indexed until its end, then everything it added. */
    assert_int_equal(store_tx_begin(db), 0);
    long long last = store_bulk_begin(db);
    assert_true(last > 0);
    published("FRA", 2024, "marquage des armes");
    published("PER", 2024, "armoury marking");
    assert_int_equal(store_bulk_end(db, last), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(hits("armoury"), 2);
    assert_int_equal(hits("marquage"), 1);
    /* The file's hash is never indexed, its name is. */
    assert_int_equal(hits("abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd"), 0);
    assert_int_equal(hits("plan"), 3);
    /* An aborted bulk write leaves nothing behind, and the trigger works again afterwards. */
    assert_int_equal(store_tx_begin(db), 0);
    last = store_bulk_begin(db);
    published("GHA", 2024, "abandoned import");
    store_bulk_abort(db);
    store_tx_rollback(db);
    assert_int_equal(hits("abandoned"), 0);
    assert_int_equal(store_tx_begin(db), 0);
    published("GHA", 2024, "after the abort");
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(hits("abort"), 1);
}

static void test_rebuild_matches_trigger(void **state)
{
    (void)state;
    /* A correction: version 2 replaces version 1 in the index. */
    assert_int_equal(store_tx_begin(db), 0);
    long long id = published("NGA", 2024, "first wording");
    assert_int_equal(store_answer_put(db, id, "challenges.comments", "\"second wording\"", 0), 0);
    assert_int_equal(store_report_set_status(db, id, "published", 2), 0);
    assert_int_equal(store_report_version_add(db, id, 2, 0, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(hits("first"), 0);
    assert_int_equal(hits("second"), 1);
    long long rows_before = sql_int("SELECT count(*) FROM search_answer");
    long long sum_before = sql_int("SELECT sum(rowid * 7 + version) FROM search_answer");
    /* Empty the index by hand, then rebuild: the same rows come back. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(sqlite3_exec(store_writer(db)->db, "DELETE FROM search_answer", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(hits("armoury"), 0);
    long long rows = -1;
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_search_rebuild(db, &rows), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(rows, rows_before);
    assert_int_equal(sql_int("SELECT count(*) FROM search_answer"), rows_before);
    assert_int_equal(sql_int("SELECT sum(rowid * 7 + version) FROM search_answer"), sum_before);
    assert_int_equal(hits("armoury"), 2);
    assert_int_equal(hits("first"), 0);
    /* Twice in a row: the same again. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_search_rebuild(db, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(sql_int("SELECT count(*) FROM search_answer"), rows_before);
}

/* A report published with answers (a JSON object), inside the caller's transaction; version v. */
static void publish_answers(long long id, int v, const char *question, const char *value)
{
    assert_int_equal(store_answer_put(db, id, question, value, 0), 0);
    assert_int_equal(store_report_set_status(db, id, "published", v), 0);
    assert_int_equal(store_report_version_add(db, id, v, 0, NULL), 0);
}

/* Browsing: the answers to question that give value ("" : every answer to it). */
static long browse(const char *question, const char *value, int cycle)
{
    struct store_search_filter f = { .cycle = cycle, .question = question, .answer = *value ? value : NULL };
    int n = 0;
    long total = -1;
    assert_int_equal(store_search_filtered(db, "", &f, 20, 0, hit_cb, &n, &total), 0);
    assert_int_equal(n, total < 20 ? total : 20);
    return total;
}

static long long values_of(long long report, const char *question)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM answer_value a JOIN search_question q ON q.n = a.question_n "
                              "WHERE a.report_id = %lld AND q.question = '%s'", report, question);
    return sql_int(sql);
}

static void test_answer_values(void **state)
{
    (void)state;
    /* Publication: '' for the answer, and each of its values: a string answer, the selected options, other. */
    assert_int_equal(store_tx_begin(db), 0);
    long long zaf = store_report_add(db, "ZAF", 2022, "en", false, 0);
    assert_int_equal(store_answer_put(db, zaf, "transfer.euc.verify",
                                      "{\"selected\": [\"authenticity\", \"delivery\"], \"other\": \"site visits\"}", 0), 0);
    publish_answers(zaf, 1, "coord.nap", "\"no\"");
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(values_of(zaf, "coord.nap"), 2);
    assert_int_equal(values_of(zaf, "transfer.euc.verify"), 4);
    assert_int_equal(browse("coord.nap", "no", 2022), 1);
    assert_int_equal(browse("coord.nap", "", 2022), 1);
    assert_int_equal(browse("transfer.euc.verify", "delivery", 0), 1);
    assert_int_equal(browse("transfer.euc.verify", "other", 0), 1);
    assert_int_equal(browse("transfer.euc.verify", "training", 0), 0);
    /* A new version replaces the values of the old one. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_answer_put(db, zaf, "transfer.euc.verify", "{\"selected\": [\"authenticity\"]}", 0), 0);
    publish_answers(zaf, 2, "coord.nap", "\"yes\"");
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(browse("coord.nap", "no", 2022), 0);
    assert_int_equal(browse("coord.nap", "yes", 2022), 1);
    assert_int_equal(browse("coord.nap", "", 2022), 1);
    assert_int_equal(browse("transfer.euc.verify", "delivery", 0), 0);
    assert_int_equal(browse("transfer.euc.verify", "other", 0), 0);
    assert_int_equal(values_of(zaf, "transfer.euc.verify"), 2);
    /* A draft's answers are never there; a bulk write adds its reports' at its end. */
    assert_int_equal(store_tx_begin(db), 0);
    long long bra = store_report_add(db, "BRA", 2022, "en", false, 0);
    assert_int_equal(store_answer_put(db, bra, "coord.nap", "\"developing\"", 0), 0);
    long long last = store_bulk_begin(db);
    long long ind = store_report_add(db, "IND", 2022, "en", false, 0);
    publish_answers(ind, 1, "coord.nap", "\"developing\"");
    assert_int_equal(values_of(ind, "coord.nap"), 0);
    assert_int_equal(store_bulk_end(db, last), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(values_of(ind, "coord.nap"), 2);
    assert_int_equal(values_of(bra, "coord.nap"), 0);
    assert_int_equal(browse("coord.nap", "developing", 2022), 1);
    assert_int_equal(browse("coord.nap", "", 2022), 2);
    /* A rebuild gives back the same rows. */
    long long rows = sql_int("SELECT count(*) FROM answer_value");
    long long sum = sql_int("SELECT sum(report_id * 131 + question_n * 7 + length(value)) FROM answer_value");
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(sqlite3_exec(store_writer(db)->db, "DELETE FROM answer_value", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_search_rebuild(db, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(sql_int("SELECT count(*) FROM answer_value"), rows);
    assert_int_equal(sql_int("SELECT sum(report_id * 131 + question_n * 7 + length(value)) FROM answer_value"), sum);
    /* Every indexed answer has its '' row, and nothing else has one. */
    assert_int_equal(sql_int("SELECT count(*) FROM answer_value WHERE value = ''"), sql_int("SELECT count(*) FROM search_answer"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trigger_then_bulk), cmocka_unit_test(test_rebuild_matches_trigger),
        cmocka_unit_test(test_answer_values),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

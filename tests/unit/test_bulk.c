/*
 * Unit tests: domain/bulk, reports in and out as JSON Lines.  An import is all or nothing:
 * every error is reported with its line number and nothing is written; a good file comes back
 * identical from the export (the round trip); drafts are imported but never exported; hostile
 * lines (not JSON, duplicate keys, wrong types, unknown States and questions) are refused.
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
#include <sqlite3.h>

#include "domain/bulk.h"
#include "domain/report.h"
#include "unit.h"

UNIT_DB_FIXTURE("bulk", 0)

/* Import text into s; the error output into *errs (owned) when errs is not NULL. */
static long import_into(struct store *s, const char *text, char **errs)
{
    char *copy = strdup(text);
    FILE *in = fmemopen(copy, strlen(copy), "r");
    assert_non_null(in);
    char *e = NULL;
    size_t elen = 0;
    FILE *err = open_memstream(&e, &elen);
    long n = bulk_import(s, in, err, NULL);
    fclose(in);
    free(copy);
    fclose(err);
    if (errs) *errs = e; else free(e);
    return n;
}

static long import_text(const char *text, char **errs) { return import_into(db, text, errs); }

static char *export_text(int cycle, long *n)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    *n = bulk_export(db, cycle, f);
    fclose(f);
    return out;
}

static int count_cb(const struct store_report *r, void *ctx) { (void)r; (*(int *)ctx)++; return 0; }

static int reports(void)
{
    int n = 0;
    assert_int_equal(store_reports_each(db, NULL, 0, NULL, false, count_cb, &n), 0);
    return n;
}

static void test_errors_have_line_numbers_and_nothing_is_written(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {\"coord.body\": \"yes\"}}\n"
        "\n"                                                                                    /* blank: skipped */
        "not json\n"                                                                            /* line 3 */
        "{\"state\": \"XYZ\", \"cycle\": 2024, \"answers\": {}}\n"                              /* 4: no such State */
        "{\"state\": \"FRA\", \"cycle\": 2023, \"answers\": {}}\n"                              /* 5: no template */
        "{\"state\": \"PER\", \"cycle\": 2024, \"status\": \"lost\", \"answers\": {}}\n"        /* 6: bad status */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": {\"coord.body\": \"perhaps\"}}\n"   /* 7: bad value */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": {\"no.such\": 1}}\n"                /* 8: no such question */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": []}\n"                              /* 9: answers not an object */
        "{\"state\": \"GHA\", \"state\": \"KEN\", \"cycle\": 2024, \"answers\": {}}\n"          /* 10: duplicate key */
        "[1, 2, 3]\n";                                                                          /* 11: not an object */
    char *errs;
    assert_int_equal(import_text(text, &errs), -1);
    const char *want[] = { "line 3:", "line 4: state", "line 5: cycle", "line 6: status", "line 7: coord.body",
                           "line 8: no.such", "line 9: answers", "line 10:", "line 11:", "nothing was imported" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(errs, want[i])) fail_msg("missing \"%s\" in:\n%s", want[i], errs);
    assert_null(strstr(errs, "line 1:"));
    assert_null(strstr(errs, "line 2:"));
    free(errs);
    assert_int_equal(reports(), 0);            /* the good first line was not written either */
}

static void test_duplicate_report_refused_whole(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {}}\n"
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {}}\n";
    char *errs;
    assert_int_equal(import_text(text, &errs), -1);
    assert_non_null(strstr(errs, "line 2: this State already has a report"));
    free(errs);
    assert_int_equal(reports(), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"en\", \"synthetic\": false, "
        "\"answers\": {\"coord.body\": \"yes\", \"coord.poc\": {\"name\": \"Amina Wanjiru\", \"email\": \"a@example.org\"}, "
        "\"challenges.comments\": \"Côte d’Ivoire, 中国, \\\"quotes\\\" and\\nlines\"}}\n"
        "{\"state\": \"FRA\", \"cycle\": 2022, \"status\": \"published\", \"language\": \"fr\", \"synthetic\": true, "
        "\"answers\": {\"coord.body\": \"developing\"}}\n"
        "{\"state\": \"PER\", \"cycle\": 2024, \"status\": \"draft\", \"language\": \"es\", \"answers\": {\"coord.body\": \"no\"}}\n";
    char *errs;
    long imported = import_text(text, &errs);
    if (imported != 3) fail_msg("%s", errs);
    free(errs);
    assert_int_equal(reports(), 3);
    long n;
    char *out = export_text(0, &n);
    assert_int_equal(n, 2);                    /* the draft is never exported */
    assert_null(strstr(out, "PER"));
    /* Each exported line is the imported one, with its version. */
    json_t *in_lines[2] = { json_loads(text, JSON_DISABLE_EOF_CHECK, NULL), NULL };
    const char *second = strchr(text, '\n') + 1;
    in_lines[1] = json_loads(second, JSON_DISABLE_EOF_CHECK, NULL);
    char *line = out;
    int matched = 0;
    for (char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        assert_int_equal(json_integer_value(json_object_get(o, "version")), 1);
        for (int i = 0; i < 2; i++)
            if (!strcmp(json_string_value(json_object_get(o, "state")), json_string_value(json_object_get(in_lines[i], "state")))) {
                assert_true(json_equal(json_object_get(o, "answers"), json_object_get(in_lines[i], "answers")));
                assert_int_equal(json_integer_value(json_object_get(o, "cycle")), json_integer_value(json_object_get(in_lines[i], "cycle")));
                assert_string_equal(json_string_value(json_object_get(o, "language")), json_string_value(json_object_get(in_lines[i], "language")));
                assert_true(json_equal(json_object_get(o, "synthetic"), json_object_get(in_lines[i], "synthetic")));
                matched++;
            }
        json_decref(o);
    }
    assert_int_equal(matched, 2);
    json_decref(in_lines[0]);
    json_decref(in_lines[1]);
    free(out);
    /* One cycle only. */
    out = export_text(2022, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "\"FRA\""));
    free(out);
    out = export_text(2010, &n);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);
    /* The export is ASCII: non-ASCII text is escaped, and an export imports again elsewhere. */
    out = export_text(0, &n);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) assert_true(*p < 0x80);
    free(out);
}

static void test_empty_input(void **state)
{
    (void)state;
    int before = reports();
    assert_int_equal(import_text("", NULL), 0);
    assert_int_equal(import_text("\n\n", NULL), 0);
    assert_int_equal(reports(), before);
}

/* The export holds no raw '<' (an answer's markup is escaped as the API escapes it) and still reads back the same. */
static void test_export_escapes_markup(void **state)
{
    (void)state;
    const char *text = "{\"state\": \"MEX\", \"cycle\": 2022, \"status\": \"published\", \"language\": \"es\", "
                       "\"answers\": {\"challenges.comments\": \"</script><script>alert(1)</script> a < b\"}}\n";
    char *errs;
    long imported = import_text(text, &errs);
    if (imported != 1) fail_msg("%s", errs);
    free(errs);
    long n;
    char *out = export_text(2022, &n);
    assert_true(n >= 1);
    assert_null(strchr(out, '<'));
    char *line = strstr(out, "\"MEX\"");
    assert_non_null(line);
    while (line > out && line[-1] != '\n') line--;
    char *nl = strchr(line, '\n');
    assert_non_null(nl);
    *nl = 0;
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "answers"), "challenges.comments")),
                        "</script><script>alert(1)</script> a < b");
    json_decref(o);
    free(out);
}

/* Reports of every kind of answer the index reads: choices with and without "other", text in
   several scripts and over 100 characters, integers, reals, a table with a choice inside, a file
   (whose sha256 is not indexed), and one draft (not indexed). */
static const char INDEX_LINES[] =
    "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"en\", \"answers\": {"
    "\"coord.body\": \"yes\", \"coord.nap\": \"yes\", \"manuf.any\": \"yes\", \"manuf.marking\": \"yes\", \"manuf.records\": \"yes\","
    "\"iti.trace.received\": 12, \"manuf.records.years\": 20, \"iti.trace.received.days\": 54.5,"
    "\"manuf.marking.content\": {\"selected\": [\"manufacturer\", \"serial\", \"year\"], \"other\": \"proof mark\"},"
    "\"surplus.destroyed\": [{\"weapons\": 338, \"date\": \"2022-01\", \"method\": \"crushing\", \"origin\": \"seized\","
    " \"notes\": \"Destruction was carried out by cutting under the supervision of independent observers.\"}],"
    "\"coord.nap.file\": {\"name\": \"plan.pdf\", \"type\": \"application/pdf\", \"bytes\": 1234,"
    " \"sha256\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}}\n"
    "{\"state\": \"FRA\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"fr\", \"answers\": {"
    "\"coord.body\": \"no\", \"manuf.any\": \"yes\", \"manuf.marking\": \"developing\", \"transfer.laws\": \"yes\", \"iti.trace.received\": 3,"
    "\"iti.trace.received.days\": 30.0, \"manuf.marking.content\": {\"selected\": [\"country\"]},"
    "\"transfer.laws.list\": [{\"title\": \"Loi n\\u00b0 2012-304 relative aux armes \\u00e0 feu\", \"summary\": "
    "\"Les licences d'exportation sont refus\\u00e9es lorsqu'il existe un risque manifeste de d\\u00e9tournement ou de "
    "violations graves des droits de l'homme; \\u0437\\u0430\\u043a\\u043e\\u043d \\u043e\\u0431 \\u043e\\u0440\\u0443\\u0436\\u0438\\u0438.\","
    " \"since\": \"2012\"}]}}\n"
    "{\"state\": \"GHA\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"en\", \"answers\": {"
    "\"coord.body\": \"developing\", \"manuf.any\": \"yes\", \"manuf.records\": \"developing\", \"manuf.records.years\": 0,"
    "\"iti.trace.received\": 1, \"iti.trace.received.days\": 0.1}}\n"
    "{\"state\": \"PER\", \"cycle\": 2024, \"status\": \"draft\", \"answers\": {\"coord.body\": \"yes\"}}\n";

/* More reports, imported into a database that already has some. */
static const char MORE_LINES[] =
    "{\"state\": \"MEX\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"es\", \"answers\": {"
    "\"coord.body\": \"yes\", \"manuf.any\": \"yes\", \"manuf.marking\": \"yes\","
    "\"manuf.marking.content\": {\"selected\": [\"manufacturer\", \"country\"]}, \"iti.trace.received\": 7}}\n"
    "{\"state\": \"BRA\", \"cycle\": 2022, \"status\": \"published\", \"language\": \"en\", \"answers\": {"
    "\"coord.body\": \"developing\", \"manuf.any\": \"yes\"}}\n";

static int no_hit(const struct store_hit *h, void *ctx) { (void)h; (void)ctx; return 0; }

/* The writer starts on the first lines while the last are still being checked: a bad last line
   after 300 good ones still leaves nothing behind (no report, no search row). */
static void test_late_error_leaves_nothing(void **state)
{
    (void)state;
    static const char *const STATES[] = { "KEN", "FRA", "GHA", "PER", "MEX", "BRA", "IND", "JPN", "NGA", "CAN",
                                          "DEU", "ITA", "ESP", "ARG", "CHL", "COL", "EGY", "ZAF", "AUS", "NZL",
                                          "SWE", "NOR", "FIN", "POL", "ROU", "TUR", "IRN", "PAK", "BGD", "THA",
                                          "VNM", "PHL", "IDN", "MYS" };
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int n = 0;
    for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
        for (int cycle = 2010; cycle <= 2026; cycle += 2, n++)
            fprintf(f, "{\"state\": \"%s\", \"cycle\": %d, \"status\": \"published\", \"answers\": {\"coord.body\": \"yes\"}}\n",
                    STATES[i], cycle);
    fprintf(f, "{\"state\": \"KEN\", \"cycle\": 2025, \"answers\": {}}\n");
    fclose(f);
    assert_true(n >= 300);
    int before = reports();
    long total_before = -1, total_after = -1;
    assert_int_equal(store_search(db, "\"yes\"", 1, 0, no_hit, NULL, &total_before), 0);
    char *errs;
    assert_int_equal(import_text(text, &errs), -1);
    char want[64];
    snprintf(want, sizeof want, "line %d: cycle", n + 1);
    if (!strstr(errs, want) || !strstr(errs, "1 error(s): nothing was imported")) fail_msg("%s", errs);
    free(errs);
    free(text);
    assert_int_equal(reports(), before);
    assert_int_equal(store_search(db, "\"yes\"", 1, 0, no_hit, NULL, &total_after), 0);
    assert_int_equal(total_after, total_before);
}

static int search_cb(const struct store_hit *h, void *ctx)
{
    fprintf(ctx, "hit %lld %s %s %d\n", h->report_id, h->question, h->lang, h->version);
    return 0;
}

/* Everything the search reads of a database, by report and question (numbers of questions and
   rowids are only names): the indexed texts and sizes, the answers by value, and a search. */
static char *index_snapshot(const char *path, struct store *s)
{
    static const char *const SQL[] = {
        "SELECT c.c2, c.c1, c.c0, c.c3, c.c4, hex(d.sz) FROM search_answer_content c JOIN search_answer_docsize d USING (id) "
        "ORDER BY c.c2, c.c1",
        "SELECT a.report_id, q.question, a.value FROM answer_value a JOIN search_question q ON q.n = a.question_n ORDER BY 1, 2, 3",
        "SELECT 'hash', count(*) FROM search_answer_content WHERE c0 LIKE '%0123456789abcdef%'",
        "SELECT 'index', name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'answer_value' ORDER BY name",
        "SELECT 'integrity', * FROM pragma_integrity_check",
        /* and what the import writes besides (one statement for a report's answers): the same rows as publishing */
        "SELECT 'answer', report_id, question, value, rev, quote(updated_by), length(updated_at) FROM report_answer ORDER BY 2, 3",
        "SELECT 'version', report_id, version, answers, quote(published_by) FROM report_version ORDER BY 2, 3",
    };
    sqlite3 *d;
    assert_int_equal(sqlite3_open_v2(path, &d, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (size_t i = 0; i < sizeof SQL / sizeof SQL[0]; i++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(d, SQL[i], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) fprintf(f, "%s|", (const char *)sqlite3_column_text(st, c));
            fputc('\n', f);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(d);
    static const char *const QUERIES[] = { "\"destruction\"", "\"armes\"", "\"54.5\"", "\"proof\"", "\"yes\"" };
    for (size_t i = 0; i < sizeof QUERIES / sizeof QUERIES[0]; i++) {
        long total = -1;
        assert_int_equal(store_search(s, QUERIES[i], 50, 0, search_cb, f, &total), 0);
        fprintf(f, "%s: %ld\n", QUERIES[i], total);
    }
    fclose(f);
    return out;
}

/* Publish each published line the slow way: its answers one by one, then a version, with the
   trigger on report_version indexing it (what a focal point's publication does). */
static void publish_one_by_one(struct store *s, const char *text)
{
    char *copy = strdup(text), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_t *o = json_loads(line, 0, NULL), *v;
        assert_non_null(o);
        const char *status = json_string_value(json_object_get(o, "status")), *k;
        const char *lang = json_string_value(json_object_get(o, "language"));
        int cycle = (int)json_integer_value(json_object_get(o, "cycle"));
        json_t *answers = json_object_get(o, "answers"), *inactive = report_inactive(template_get(cycle), answers);
        size_t i;
        json_array_foreach(inactive, i, v) json_object_del(answers, json_string_value(v));
        json_decref(inactive);
        assert_int_equal(store_tx_begin(s), 0);
        long long id = store_report_add(s, json_string_value(json_object_get(o, "state")), cycle, lang ? lang : "en", false, 0);
        assert_true(id > 0);
        json_object_foreach(answers, k, v) {
            char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            assert_int_equal(store_answer_put(s, id, k, js, 0), 0);
            free(js);
        }
        if (status && strcmp(status, "published") == 0) {
            assert_int_equal(store_report_set_status(s, id, "published", 1), 0);
            assert_int_equal(store_report_version_add(s, id, 1, 0, "imported"), 0);
        }
        assert_int_equal(store_tx_commit(s), 0);
        json_decref(o);
    }
    free(copy);
}

/* An import indexes its reports (full text, answers by value) exactly as publishing them one at a
   time does: the import computes the rows itself, the trigger in SQL. */
static void test_import_indexes_as_publication(void **state)
{
    (void)state;
    char fast_path[96], slow_path[96];
    struct store *fast = unit_db_open("bulk-fast", fast_path), *slow = unit_db_open("bulk-slow", slow_path);
    assert_non_null(fast);
    assert_non_null(slow);
    char *errs;
    long n = import_into(fast, INDEX_LINES, &errs);
    if (n != 4) fail_msg("%s", errs);
    free(errs);
    publish_one_by_one(slow, INDEX_LINES);
    char *a = index_snapshot(fast_path, fast), *b = index_snapshot(slow_path, slow);
    assert_string_equal(a, b);
    /* The snapshot holds what it should: every published answer, the values, and no file hash. */
    assert_non_null(strstr(a, "|manuf.marking.content|other|"));
    assert_non_null(strstr(a, "|manuf.marking.content|serial|"));
    assert_non_null(strstr(a, "1|iti.trace.received.days|54.5|"));
    assert_non_null(strstr(a, "2|iti.trace.received.days|30.0|"));
    assert_non_null(strstr(a, "1|coord.nap.file|plan.pdf application/pdf 1234|"));
    assert_non_null(strstr(a, "hash|0|"));
    assert_non_null(strstr(a, "\"destruction\": 1"));
    assert_null(strstr(a, "PER"));
    /* Into an empty answer_value the import builds the index by report at its end: it is there, as the migration made it. */
    assert_non_null(strstr(a, "index|answer_value_report|CREATE INDEX answer_value_report ON answer_value(report_id)|"));
    assert_non_null(strstr(a, "integrity|ok|"));
    assert_non_null(strstr(a, "answer|1|manuf.records.years|20|1|NULL|24|"));
    assert_non_null(strstr(a, "answer|4|coord.body|\"yes\"|1|NULL|24|"));   /* the draft's answers too */
    free(a);
    free(b);
    /* A second import, into a table that has rows (the index kept row by row), still indexes as publication does. */
    n = import_into(fast, MORE_LINES, &errs);
    if (n != 2) fail_msg("%s", errs);
    free(errs);
    publish_one_by_one(slow, MORE_LINES);
    a = index_snapshot(fast_path, fast);
    b = index_snapshot(slow_path, slow);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "|manuf.marking.content|manufacturer country|1|es|"));
    assert_non_null(strstr(a, "|manuf.marking.content|country|"));
    assert_non_null(strstr(a, "index|answer_value_report|"));
    assert_non_null(strstr(a, "integrity|ok|"));
    free(a);
    free(b);
    store_close(fast);
    store_close(slow);
    unit_db_remove(fast_path);
    unit_db_remove(slow_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_have_line_numbers_and_nothing_is_written),
        cmocka_unit_test(test_duplicate_report_refused_whole), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_input), cmocka_unit_test(test_export_escapes_markup),
        cmocka_unit_test(test_import_indexes_as_publication), cmocka_unit_test(test_late_error_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

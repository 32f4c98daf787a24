/*
 * Unit tests: domain/template, the reporting templates as data: every cycle loads, benchmark
 * cycles reuse them in turn, questions are found by id, skip logic, the carry-over of ids
 * through renames, splits and merges, option labels and answer values, and answer checks
 * that refuse wrong types, unknown options, out-of-range numbers and overlong text.
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

#include "domain/template.h"

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (template_init(err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); return -1; }
    return 0;
}

static const struct template_question *q_of(int cycle, const char *id)
{
    const struct template *t = template_get(cycle);
    assert_non_null(t);
    const struct template_question *q = template_question(t, id);
    if (!q) fail_msg("no question %s in %d", id, cycle);
    return q;
}

static void test_cycles(void **state)
{
    (void)state;
    assert_int_equal(template_count(), 9);
    assert_int_equal(template_latest_cycle(), 2026);
    for (int y = 2010; y <= 2026; y += 2) {
        const struct template *t = template_get(y);
        assert_non_null(t);
        assert_int_equal(t->cycle, y);
        assert_true(t->nq > 20);
        assert_true(y == 2010 || t->based_on == y - 2);
    }
    assert_null(template_get(2011));
    assert_null(template_get(2008));
    assert_null(template_get(0));
    assert_null(template_get(-2026));
    /* Benchmark cycles: 2100 + 2i reuses the i-th template in year order, round and round. */
    assert_int_equal(template_get(2100)->cycle, 2010);
    assert_int_equal(template_get(2116)->cycle, 2026);
    assert_int_equal(template_get(2118)->cycle, 2010);
    assert_null(template_get(2101));
    assert_null(template_get(TEMPLATE_BENCH_FIRST + 2 * TEMPLATE_BENCH_MAX));
}

static void test_questions(void **state)
{
    (void)state;
    const struct template *t = template_get(2026);
    const struct template_question *q = q_of(2026, "coord.body");
    assert_string_equal(q->number, "1.1");
    assert_string_equal(answer_type_name(q->type), "ynd");
    assert_non_null(q->section_id);
    assert_non_null(q->text);
    assert_ptr_equal(template_question(t, "coord.body"), &t->q[0]);   /* template order */
    assert_null(template_question(t, "no.such"));
    assert_null(template_question(t, ""));
    assert_null(template_question(t, "COORD.BODY"));
    /* Ids are unique within a template. */
    for (size_t i = 0; i < t->nq; i++) assert_ptr_equal(template_question(t, t->q[i].id), &t->q[i]);
    json_t *tax = template_taxonomy();
    assert_true(json_array_size(json_object_get(tax, "categories")) > 5);
    assert_true(json_array_size(json_object_get(tax, "kinds")) > 2);
    assert_true(template_max_file_bytes() > 0);
}

static void test_skip_logic(void **state)
{
    (void)state;
    const struct template_question *d = q_of(2026, "coord.body.details");
    json_t *a = json_object();
    assert_false(template_applies(d, a));                         /* not answered: skipped */
    json_object_set_new(a, "coord.body", json_string("no"));
    assert_false(template_applies(d, a));
    json_object_set_new(a, "coord.body", json_string("developing"));
    assert_true(template_applies(d, a));
    json_object_set_new(a, "coord.body", json_integer(1));       /* a wrong type does not open it */
    assert_false(template_applies(d, a));
    json_decref(a);
    assert_true(template_applies(q_of(2026, "coord.body"), NULL)); /* no condition */
}

static void test_carry_over(void **state)
{
    (void)state;
    const char *to[8];
    /* unchanged */
    assert_int_equal(template_carry_over(template_get(2026), "coord.body", to, 8), 1);
    assert_string_equal(to[0], "coord.body");
    /* renamed in 2022 */
    assert_int_equal(template_carry_over(template_get(2022), "coord.nap.upload", to, 8), 1);
    assert_string_equal(to[0], "coord.nap.file");
    /* split in 2024 */
    assert_int_equal(template_carry_over(template_get(2024), "coord.contact", to, 8), 2);
    assert_true((!strcmp(to[0], "coord.poc") && !strcmp(to[1], "coord.poc.iti")) ||
                (!strcmp(to[1], "coord.poc") && !strcmp(to[0], "coord.poc.iti")));
    assert_int_equal(template_carry_over(template_get(2024), "coord.contact", to, 1), 1);   /* max respected */
    /* merged in 2026 */
    assert_int_equal(template_carry_over(template_get(2026), "challenges.obstacles", to, 8), 1);
    assert_string_equal(to[0], "challenges");
    assert_int_equal(template_carry_over(template_get(2026), "challenges.opportunities", to, 8), 1);
    /* unknown */
    assert_int_equal(template_carry_over(template_get(2026), "no.such", to, 8), 0);
    assert_int_equal(template_carry_over(template_get(2026), "", to, 8), 0);
}

static void test_labels_and_values(void **state)
{
    (void)state;
    const struct template_question *who = q_of(2026, "transfer.import.marking.who");
    assert_string_equal(answer_value_label(who, "importer"), "The importer");
    assert_string_equal(answer_value_label(who, "nope"), "nope");   /* unknown: the value itself */
    const char *v[16];
    size_t n = answer_values(who, v, 16);
    assert_int_equal(n, 4);
    assert_string_equal(v[0], "importer");
    assert_string_equal(v[3], "other");
    const struct template_question *body = q_of(2026, "coord.body");
    assert_int_equal(answer_values(body, v, 16), 3);
    assert_string_equal(v[2], "developing");
    assert_string_equal(answer_value_label(body, "yes"), "Yes");
    assert_string_equal(answer_value_label(body, "maybe"), "maybe");
    assert_int_equal(answer_values(q_of(2026, "challenges"), v, 16), 0);
    assert_int_equal(answer_values(who, v, 2), 2);
}

/* Check a value given as JSON text. */
static int check(const char *qid, const char *value)
{
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    char err[256] = "";
    int rc = answer_check(q_of(2026, qid), v, err, sizeof err);
    if (rc < 0) assert_true(strlen(err) > 0);                     /* every refusal says why */
    json_decref(v);
    return rc;
}

static void test_check_value(void **state)
{
    (void)state;
    assert_int_equal(check("coord.body", "\"yes\""), 0);
    assert_int_equal(check("coord.body", "\"developing\""), 0);
    assert_int_equal(check("coord.body", "\"perhaps\""), -1);
    assert_int_equal(check("coord.body", "\"YES\""), -1);
    assert_int_equal(check("coord.body", "true"), -1);
    assert_int_equal(check("coord.body", "[\"yes\"]"), -1);
    assert_int_equal(check("manuf.records.years", "20"), 0);
    assert_int_equal(check("manuf.records.years", "-1"), -1);
    assert_int_equal(check("manuf.records.years", "201"), -1);
    assert_int_equal(check("manuf.records.years", "2.5"), -1);      /* integer only */
    assert_int_equal(check("manuf.records.years", "{}"), -1);
    assert_int_equal(check("iti.trace.received.days", "2.5"), 0);
    assert_int_equal(check("transfer.import.marking.who", "\"importer\""), 0);
    assert_int_equal(check("transfer.import.marking.who", "\"nope\""), -1);
    assert_int_equal(check("manuf.marking.parts", "{\"selected\": [\"frame\", \"barrel\"]}"), 0);
    assert_int_equal(check("manuf.marking.parts", "{\"selected\": [\"nope\"]}"), -1);
    assert_int_equal(check("manuf.marking.parts", "\"frame\""), -1);
    assert_int_equal(check("coord.body.members", "{\"women\": 4, \"men\": 7}"), 0);
    assert_int_equal(check("coord.body.members", "{\"women\": \"many\"}"), -1);
    assert_int_equal(check("coord.body.members", "{\"women\": -1}"), -1);
    assert_int_equal(check("challenges", "\"=1+1, text like any other\""), 0);
    assert_int_equal(check("challenges", "42"), -1);
    /* max_length 2000: 2000 characters of CJK (6000 bytes) pass; 8001 bytes are refused.  (The check counts
       bytes against 4 x max_length, so 2001 to 8000 ASCII characters also pass: see the report of issue 8.) */
    struct buf_like { char *p; size_t n; } t = { malloc(8001 + 3), 0 };
    t.p[t.n++] = '"';
    for (int i = 0; i < 2000; i++) { memcpy(t.p + t.n, "\xE4\xB8\xAD", 3); t.n += 3; }
    t.p[t.n++] = '"';
    t.p[t.n] = 0;
    assert_int_equal(check("manuf.marking.exceptions", t.p), 0);
    t.n = 0;
    t.p[t.n++] = '"';
    memset(t.p + t.n, 'a', 8001);
    t.n += 8001;
    t.p[t.n++] = '"';
    t.p[t.n] = 0;
    assert_int_equal(check("manuf.marking.exceptions", t.p), -1);
    free(t.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycles), cmocka_unit_test(test_questions), cmocka_unit_test(test_skip_logic),
        cmocka_unit_test(test_carry_over), cmocka_unit_test(test_labels_and_values), cmocka_unit_test(test_check_value),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

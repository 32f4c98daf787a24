/*
 * Unit tests for domain/answer_cell.c: the answer types on spreadsheet cells.  Table-driven:
 * reading (a cell into the value of a type, or the message a person gets) and showing (a
 * value into what its cell shows), then the round trip show -> read for every type, with
 * hostile cells (errors, cut text, NaN-like text, huge numbers, odd JSON).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/answer_cell.h"

#define SINGLE "{\"options\":[{\"id\":\"police\",\"label\":\"Police\"},{\"id\":\"army\",\"label\":\"Armed forces\"}],\"other\":true}"
#define MULTI "{\"options\":[{\"id\":\"export\",\"label\":\"Export\"},{\"id\":\"import\",\"label\":\"Import\"}],\"other\":true}"

struct read_case {
    enum answer_type type;
    const char *spec;           /* NULL: none */
    struct answer_cell cell;
    int rc;
    const char *want;           /* rc 1: the value's compact JSON; rc -1: a part of the message */
};

static const struct read_case READS[] = {
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_NUM, NULL, 42, false, false }, 1, "42" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_NUM, NULL, 2.5, false, false }, 1, "2.5" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, " 17 ", 0, false, false }, 1, "17" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "12345678901234567890", 0, false, false }, 1, "1.2345678901234567e19" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "9007199254740993", 0, false, false }, 1, "9007199254740993" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "ten", 0, false, false }, -1, "enter a number" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "nan", 0, false, false }, -1, "enter a number" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "0x10", 0, false, false }, -1, "enter a number" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "inf", 0, false, false }, -1, "enter a number" },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_STR, "   ", 0, false, false }, 0, NULL },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_EMPTY, NULL, 0, false, false }, 0, NULL },
    { ANSWER_NUMBER, NULL, { ANSWER_CELL_ERR, "#DIV/0!", 0, false, false }, -1, "error (#DIV/0!)" },
    { ANSWER_TEXT, NULL, { ANSWER_CELL_STR, "x", 0, true, false }, -1, "more than 64 KB" },
    { ANSWER_YN, NULL, { ANSWER_CELL_STR, "YES", 0, false, false }, 1, "\"yes\"" },
    { ANSWER_YN, NULL, { ANSWER_CELL_BOOL, NULL, 0, false, false }, 1, "\"no\"" },
    { ANSWER_YN, NULL, { ANSWER_CELL_STR, "Developing", 0, false, false }, -1, "choose Yes or No" },
    { ANSWER_YND, NULL, { ANSWER_CELL_STR, "developing", 0, false, false }, 1, "\"developing\"" },
    { ANSWER_SINGLE, SINGLE, { ANSWER_CELL_STR, "Armed forces", 0, false, false }, 1, "\"army\"" },
    { ANSWER_SINGLE, SINGLE, { ANSWER_CELL_STR, "armed FORCES", 0, false, false }, 1, "\"army\"" },
    { ANSWER_SINGLE, SINGLE, { ANSWER_CELL_STR, "police", 0, false, false }, 1, "\"police\"" },
    { ANSWER_SINGLE, SINGLE, { ANSWER_CELL_STR, "Other", 0, false, false }, 1, "\"other\"" },
    { ANSWER_SINGLE, SINGLE, { ANSWER_CELL_STR, "Navy", 0, false, false }, -1, "one of the values" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "Export; import", 0, false, false }, 1, "{\"selected\":[\"export\",\"import\"]}" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "Export, Import", 0, false, false }, 1, "{\"selected\":[\"export\",\"import\"]}" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "Export; Other: river ports", 0, false, false }, 1,
      "{\"selected\":[\"export\"],\"other\":\"river ports\"}" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "Import;Other: a; b\nc", 0, false, false }, 1,
      "{\"selected\":[\"import\"],\"other\":\"a; b\\nc\"}" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "Smuggling", 0, false, false }, -1, "\"Smuggling\" is not one of the choices" },
    { ANSWER_MULTI, MULTI, { ANSWER_CELL_STR, "{\"selected\":[\"export\"]}", 0, false, false }, 1, "{\"selected\":[\"export\"]}" },
    { ANSWER_DATE, NULL, { ANSWER_CELL_NUM, NULL, 2024, false, false }, 1, "\"2024\"" },
    { ANSWER_DATE, NULL, { ANSWER_CELL_NUM, NULL, 45292, false, false }, 1, "\"2024-01-01\"" },
    { ANSWER_DATE, NULL, { ANSWER_CELL_NUM, NULL, 43830, false, true }, 1, "\"2024-01-01\"" },
    { ANSWER_DATE, NULL, { ANSWER_CELL_NUM, NULL, -5, false, false }, -1, "a year, or a date" },
    { ANSWER_DATE, NULL, { ANSWER_CELL_STR, "2024-05", 0, false, false }, 1, "\"2024-05\"" },
    { ANSWER_TEXT, NULL, { ANSWER_CELL_STR, "  line 1\r\nline 2\r  ", 0, false, false }, 1, "\"line 1\\nline 2\"" },
    { ANSWER_TEXT, NULL, { ANSWER_CELL_NUM, NULL, 1e20, false, false }, 1, "\"1e+20\"" },
    { ANSWER_TEXT, NULL, { ANSWER_CELL_BOOL, NULL, 1, false, false }, 1, "\"TRUE\"" },
    { ANSWER_TEXT, NULL, { ANSWER_CELL_STR, "{\"sha256\":\"ab\"}", 0, false, false }, 1, "\"{\\\"sha256\\\":\\\"ab\\\"}\"" },
    { ANSWER_FILE, NULL, { ANSWER_CELL_STR, "{\"sha256\":\"ab\"}", 0, false, false }, 1, "{\"sha256\":\"ab\"}" },
    { ANSWER_FILE, NULL, { ANSWER_CELL_STR, "{broken", 0, false, false }, 1, "\"{broken\"" },
};

static json_t *spec_of(const char *s)
{
    return s ? json_loads(s, 0, NULL) : NULL;
}

static void test_read_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof READS / sizeof READS[0]; i++) {
        const struct read_case *c = &READS[i];
        json_t *spec = spec_of(c->spec), *v = NULL;
        char msg[200] = "";
        int rc = answer_cell_read(c->type, spec, &c->cell, &v, msg, sizeof msg);
        if (rc != c->rc) fail_msg("case %zu: rc %d, want %d (%s)", i, rc, c->rc, msg);
        if (rc == 1) {
            char *got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            if (strcmp(got, c->want) != 0) fail_msg("case %zu: %s, want %s", i, got, c->want);
            free(got);
        } else if (rc < 0 && !strstr(msg, c->want)) {
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, msg, c->want);
        } else if (rc == 0) {
            assert_null(v);
        }
        json_decref(v);
        json_decref(spec);
    }
}

struct show_case {
    enum answer_type type;
    const char *spec, *value;   /* value: JSON, NULL for none */
    enum answer_cell_kind kind;
    const char *shown;          /* STR: the text; NUM: the number's JSON */
    bool textual, json;
};

static const struct show_case SHOWS[] = {
    { ANSWER_NUMBER, NULL, "12", ANSWER_CELL_NUM, "12", false, false },
    { ANSWER_NUMBER, NULL, "1.5", ANSWER_CELL_NUM, "1.5", false, false },
    { ANSWER_NUMBER, NULL, NULL, ANSWER_CELL_EMPTY, NULL, false, false },
    { ANSWER_NUMBER, NULL, "null", ANSWER_CELL_EMPTY, NULL, false, false },
    { ANSWER_YND, NULL, "\"developing\"", ANSWER_CELL_STR, "Developing", false, false },
    { ANSWER_YN, NULL, "\"maybe\"", ANSWER_CELL_STR, "maybe", false, false },
    { ANSWER_SINGLE, SINGLE, "\"army\"", ANSWER_CELL_STR, "Armed forces", false, false },
    { ANSWER_SINGLE, SINGLE, "\"other\"", ANSWER_CELL_STR, "Other", false, false },
    { ANSWER_MULTI, MULTI, "{\"selected\":[\"import\",\"export\"],\"other\":\"ports\"}", ANSWER_CELL_STR,
      "Import; Export; Other: ports", true, false },
    { ANSWER_MULTI, MULTI, "{\"selected\":[\"other\"]}", ANSWER_CELL_STR, "Other", true, false },
    { ANSWER_MULTI, MULTI, "{\"selected\":[1]}", ANSWER_CELL_STR, "{\"selected\":[1]}", true, true },
    { ANSWER_TEXT, NULL, "\"<b>&\"", ANSWER_CELL_STR, "<b>&", true, false },
    { ANSWER_TEXT, NULL, "true", ANSWER_CELL_STR, "TRUE", true, false },
    { ANSWER_FILE, NULL, "{\"sha256\":\"ab\"}", ANSWER_CELL_STR, "{\"sha256\":\"ab\"}", true, true },
};

static void test_show_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof SHOWS / sizeof SHOWS[0]; i++) {
        const struct show_case *c = &SHOWS[i];
        json_t *spec = spec_of(c->spec), *v = c->value ? json_loads(c->value, JSON_DECODE_ANY, NULL) : NULL;
        struct answer_cell_shown s;
        answer_cell_show(c->type, spec, v, &s);
        if (s.kind != c->kind) fail_msg("case %zu: kind %d, want %d", i, s.kind, c->kind);
        if (c->kind == ANSWER_CELL_STR && strcmp(s.s, c->shown) != 0) fail_msg("case %zu: \"%s\", want \"%s\"", i, s.s, c->shown);
        if (c->kind == ANSWER_CELL_NUM) {
            char *n = json_dumps(s.num, JSON_ENCODE_ANY);
            if (strcmp(n, c->shown) != 0) fail_msg("case %zu: %s, want %s", i, n, c->shown);
            free(n);
        }
        if (c->kind != ANSWER_CELL_EMPTY && (s.textual != c->textual || s.json != c->json))
            fail_msg("case %zu: textual %d json %d", i, s.textual, s.json);
        answer_cell_shown_free(&s);
        json_decref(v);
        json_decref(spec);
    }
}

/* What a cell shows reads back as the same value, for every type that has a single cell. */
static void test_round_trip(void **state)
{
    (void)state;
    static const struct { enum answer_type type; const char *spec, *value; } RT[] = {
        { ANSWER_NUMBER, NULL, "-3.25" }, { ANSWER_NUMBER, NULL, "9007199254740993" },
        { ANSWER_YN, NULL, "\"yes\"" }, { ANSWER_YND, NULL, "\"developing\"" },
        { ANSWER_SINGLE, SINGLE, "\"army\"" }, { ANSWER_SINGLE, SINGLE, "\"other\"" },
        { ANSWER_MULTI, MULTI, "{\"selected\":[\"export\",\"import\"],\"other\":\"river; ports\"}" },
        { ANSWER_TEXT, NULL, "\"a\\nb\"" }, { ANSWER_DATE, NULL, "\"2024-02-29\"" },
        { ANSWER_URL, NULL, "\"https://example.org/a\"" }, { ANSWER_EMAIL, NULL, "\"a@example.org\"" },
        { ANSWER_FILE, NULL, "{\"sha256\":\"ab\",\"name\":\"x.pdf\"}" },
    };
    for (size_t i = 0; i < sizeof RT / sizeof RT[0]; i++) {
        json_t *spec = spec_of(RT[i].spec), *v = json_loads(RT[i].value, JSON_DECODE_ANY, NULL), *back = NULL;
        struct answer_cell_shown s;
        answer_cell_show(RT[i].type, spec, v, &s);
        struct answer_cell c = { .kind = s.kind == ANSWER_CELL_NUM ? ANSWER_CELL_NUM : ANSWER_CELL_STR, .s = s.s,
                                 .d = s.num ? json_number_value(s.num) : 0 };
        if (json_is_integer(s.num) && (json_integer_value(s.num) >= 9007199254740992LL)) {
            /* a cell holds a double: an integer past 2^53 goes as text (xlsx_write's put_number) */
            char b[32];
            snprintf(b, sizeof b, "%lld", (long long)json_integer_value(s.num));
            c = (struct answer_cell){ .kind = ANSWER_CELL_STR, .s = b };
            char msg[200];
            assert_int_equal(answer_cell_read(RT[i].type, spec, &c, &back, msg, sizeof msg), 1);
        } else {
            char msg[200];
            int rc = answer_cell_read(RT[i].type, spec, &c, &back, msg, sizeof msg);
            if (rc != 1) fail_msg("case %zu: %s", i, msg);
        }
        if (!json_equal(v, back)) {
            char *a = json_dumps(v, JSON_ENCODE_ANY), *b = json_dumps(back, JSON_ENCODE_ANY);
            fail_msg("case %zu: %s came back as %s", i, a, b);
        }
        answer_cell_shown_free(&s);
        json_decref(back);
        json_decref(v);
        json_decref(spec);
    }
}

static void test_choices(void **state)
{
    (void)state;
    json_t *spec = spec_of(SINGLE), *l = answer_cell_choices(ANSWER_SINGLE, spec);
    assert_int_equal(json_array_size(l), 3);
    assert_string_equal(json_string_value(json_array_get(l, 2)), "Other");
    json_decref(l);
    l = answer_cell_choices(ANSWER_YND, NULL);
    assert_int_equal(json_array_size(l), 3);
    json_decref(l);
    assert_null(answer_cell_choices(ANSWER_TEXT, NULL));
    assert_null(answer_cell_choices(ANSWER_SINGLE, NULL));   /* no options: no list */
    json_decref(spec);
}

static void test_text_helpers(void **state)
{
    (void)state;
    char *t = answer_cell_trim("\t a\r\rb \n");
    assert_string_equal(t, "a\n\nb");
    free(t);
    assert_true(answer_cell_ieq("Yes", "yES"));
    assert_false(answer_cell_ieq("Yes", "Ye"));
    char q[8];
    answer_cell_quote("\xC3\xA9\xC3\xA9\xC3\xA9", 3, q, sizeof q);   /* "ééé": cut before the second é's last byte */
    assert_string_equal(q, "\xC3\xA9");
    struct answer_cell blank = { .kind = ANSWER_CELL_STR, .s = " \r\n\t" }, cut = { .kind = ANSWER_CELL_STR, .s = " ", .toolong = true };
    assert_false(answer_cell_filled(&blank));
    assert_true(answer_cell_filled(&cut));
    assert_false(answer_cell_filled(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_table), cmocka_unit_test(test_show_table), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_choices), cmocka_unit_test(test_text_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

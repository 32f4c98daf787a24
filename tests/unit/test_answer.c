/*
 * Unit tests for domain/answer.c and domain/answer_html.c: every answer type through
 * every operation (parse, validate, text, short text, HTML, form inputs and reading them
 * back, CSV value, demo value), with hostile values.  Table-driven: each case is a spec
 * (the question's JSON as a template gives it), a value, and what must come out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/answer.h"
#include "domain/template.h"
#include "util/i18n.h"
#include "util/text.h"

/* A question built as the template loader builds it (type and members parsed once). */
struct tq {
    struct template_question q;
    struct answer_member m[16];
    json_t *json;
};

static void tq_make(struct tq *t, const char *spec)
{
    memset(t, 0, sizeof *t);
    json_error_t e;
    t->json = json_loads(spec, 0, &e);
    if (!t->json) fail_msg("bad spec %s: %s", spec, e.text);
    t->q.id = json_string_value(json_object_get(t->json, "id"));
    t->q.number = json_string_value(json_object_get(t->json, "number"));
    t->q.text = "?";
    t->q.json = t->json;
    assert_int_equal(answer_type_parse(json_string_value(json_object_get(t->json, "type")), false, &t->q.type), 0);
    if (t->q.type == ANSWER_CONTACT) {
        t->q.members = ANSWER_CONTACT_MEMBERS;
        t->q.nmembers = ANSWER_CONTACT_NMEMBERS;
        return;
    }
    json_t *list = json_object_get(t->json, t->q.type == ANSWER_TABLE ? "columns" : "fields"), *m;
    size_t i;
    json_array_foreach(list, i, m) {
        t->m[i].id = json_string_value(json_object_get(m, "id"));
        t->m[i].label = json_string_value(json_object_get(m, "label"));
        t->m[i].json = m;
        assert_int_equal(answer_type_parse(json_string_value(json_object_get(m, "type")), true, &t->m[i].type), 0);
    }
    t->q.members = t->m;
    t->q.nmembers = json_array_size(list);
}

static void tq_free(struct tq *t)
{
    json_decref(t->json);
}

static json_t *js(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!v) fail_msg("bad value %s: %s", s, e.text);
    return v;
}

/* ---- specs ---- */

#define S_YND "{\"id\":\"q.ynd\",\"number\":\"1.1\",\"type\":\"ynd\"}"
#define S_YN "{\"id\":\"q.yn\",\"number\":\"1.2\",\"type\":\"yn\"}"
#define S_NUM "{\"id\":\"q.num\",\"number\":\"1.3\",\"type\":\"number\",\"min\":0,\"max\":200,\"integer\":true}"
#define S_REAL "{\"id\":\"q.real\",\"number\":\"1.4\",\"type\":\"number\"}"
#define S_TEXT "{\"id\":\"q.text\",\"number\":\"1.5\",\"type\":\"text\",\"max_length\":10}"
#define S_LONG "{\"id\":\"q.long\",\"number\":\"1.6\",\"type\":\"text\",\"max_length\":5000,\"multiline\":true}"
#define S_SINGLE "{\"id\":\"q.single\",\"number\":\"1.7\",\"type\":\"single\",\"other\":true," \
    "\"options\":[{\"id\":\"yearly\",\"label\":\"Once a year\"},{\"id\":\"never\",\"label\":\"Never\"}]}"
#define S_MULTI "{\"id\":\"q.multi\",\"number\":\"1.8\",\"type\":\"multi\",\"other\":true," \
    "\"options\":[{\"id\":\"serial\",\"label\":\"Serial number\"},{\"id\":\"maker\",\"label\":\"Manufacturer\"}]}"
#define S_MULTI_NO_OTHER "{\"id\":\"q.multi2\",\"number\":\"1.9\",\"type\":\"multi\",\"options\":[{\"id\":\"a\",\"label\":\"A\"}]}"
#define S_CONTACT "{\"id\":\"q.contact\",\"number\":\"2.1\",\"type\":\"contact\"}"
#define S_GROUP "{\"id\":\"q.years\",\"number\":\"2.2\",\"type\":\"group\",\"fields\":[" \
    "{\"id\":\"from\",\"type\":\"number\",\"label\":\"From (year)\",\"min\":1990,\"max\":2100,\"integer\":true}," \
    "{\"id\":\"to\",\"type\":\"number\",\"label\":\"To (year)\",\"min\":1990,\"max\":2100,\"integer\":true}]}"
#define S_TABLE "{\"id\":\"q.laws\",\"number\":\"2.3\",\"type\":\"table\",\"min_rows\":1,\"max_rows\":3,\"columns\":[" \
    "{\"id\":\"title\",\"type\":\"text\",\"label\":\"Title\",\"required\":true,\"max_length\":200}," \
    "{\"id\":\"since\",\"type\":\"date\",\"label\":\"In force since\"}," \
    "{\"id\":\"link\",\"type\":\"url\",\"label\":\"Link\"}," \
    "{\"id\":\"mail\",\"type\":\"email\",\"label\":\"E-mail\"}," \
    "{\"id\":\"kind\",\"type\":\"single\",\"label\":\"Kind\",\"options\":[{\"id\":\"act\",\"label\":\"Act\"}]}," \
    "{\"id\":\"doc\",\"type\":\"file\",\"label\":\"Document\",\"accept\":[\"application/pdf\"],\"max_bytes\":1000}]}"
#define S_FILE "{\"id\":\"q.file\",\"number\":\"2.4\",\"type\":\"file\",\"accept\":[\"application/pdf\"],\"max_bytes\":1000}"
#define SHA "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""

/* ---- validation: type x value -> errors ---- */

struct vcase {
    const char *spec, *value;
    size_t errors;                      /* how many */
    const char *path, *words;           /* the first error's path and a part of its message (NULL: any) */
};

static const struct vcase VCASES[] = {
    /* ynd, yn */
    { S_YND, "\"developing\"", 0, NULL, NULL },
    { S_YND, "\"maybe\"", 1, "q.ynd", "Choose yes, no or developing" },
    { S_YND, "true", 1, "q.ynd", "Choose" },
    { S_YN, "\"developing\"", 1, "q.yn", "Choose yes or no" },
    { S_YN, "\"yes\"", 0, NULL, NULL },
    { S_YN, "null", 0, NULL, NULL },
    /* number */
    { S_NUM, "12", 0, NULL, NULL },
    { S_NUM, "\"ten\"", 1, "q.num", "Enter a number" },
    { S_NUM, "\"NaN\"", 1, "q.num", "Enter a number" },
    { S_NUM, "\"Infinity\"", 1, "q.num", "Enter a number" },
    { S_NUM, "1e308", 1, "q.num", "at most 200" },
    { S_NUM, "-1", 1, "q.num", "at least 0" },
    { S_NUM, "2.5", 1, "q.num", "whole number" },
    { S_NUM, "[1]", 1, "q.num", "Enter a number" },
    { S_REAL, "1500.5", 0, NULL, NULL },
    { S_REAL, "-9007199254740993", 0, NULL, NULL },
    /* text */
    { S_TEXT, "\"<script>\"", 0, NULL, NULL },
    { S_TEXT, "\"ééééééééé\"", 0, NULL, NULL },            /* 9 characters, 18 bytes: counted in characters */
    { S_TEXT, "\"12345678901\"", 1, "q.text", "at most 10 characters" },
    { S_TEXT, "42", 1, "q.text", "Enter text" },
    { S_TEXT, "\"a\\u0000b\"", 1, "q.text", "NUL" },
    { S_TEXT, "\"a\\uffffb\"", 1, "q.text", "control characters" },   /* XML 1.0 forbids U+FFFF: a workbook would break */
    { S_TEXT, "\"a\\ufffeb\"", 1, "q.text", "control characters" },
    { S_TEXT, "\"a\\u0001b\"", 1, "q.text", "control characters" },
    { S_TEXT, "\"a\\tb\\r\\nc\\ufffd\"", 0, NULL, NULL },
    { S_SINGLE, "{\"other\":\"x\\uffff\"}", 1, "q.single", "control characters" },
    { S_TEXT, "{\"a\":1}", 1, "q.text", "Enter text" },
    /* single */
    { S_SINGLE, "\"yearly\"", 0, NULL, NULL },
    { S_SINGLE, "{\"other\":\"every other week\"}", 0, NULL, NULL },
    { S_SINGLE, "\"weekly\"", 1, "q.single", "Choose one of the options" },
    { S_SINGLE, "{\"other\":1}", 1, "q.single", "Choose one" },
    { S_SINGLE, "{\"other\":\"x\",\"more\":1}", 1, "q.single", "Choose one" },
    /* multi */
    { S_MULTI, "{\"selected\":[\"serial\",\"maker\"],\"other\":\"proof mark\"}", 0, NULL, NULL },
    { S_MULTI, "{\"other\":\"only other\"}", 0, NULL, NULL },
    { S_MULTI, "{\"selected\":[\"serial\",\"serial\"]}", 1, "q.multi", "each once" },
    { S_MULTI, "{\"selected\":[\"moon\"]}", 1, "q.multi", "Choose among" },
    { S_MULTI, "{\"selected\":\"serial\"}", 1, "q.multi", "Choose among" },
    { S_MULTI, "{\"selected\":[1]}", 1, "q.multi", NULL },
    { S_MULTI, "{\"selected\":[],\"extra\":true}", 1, "q.multi", NULL },
    { S_MULTI, "[\"serial\"]", 1, "q.multi", NULL },
    { S_MULTI_NO_OTHER, "{\"selected\":[\"a\"],\"other\":\"x\"}", 1, "q.multi2", "Choose among" },
    /* contact: the e-mail validated by type */
    { S_CONTACT, "{\"name\":\"Jane Wanjiru\",\"email\":\"jane.wanjiru@example.org\"}", 0, NULL, NULL },
    { S_CONTACT, "{\"name\":\"Jane\",\"email\":\"jane.wanjiru@example\"}", 1, "q.contact:email",
      "Enter an e-mail address in the correct format, like name@example.org" },
    { S_CONTACT, "{\"email\":\"jane wanjiru@example.org\"}", 1, "q.contact:email", "e-mail" },
    { S_CONTACT, "{\"email\":\"@example.org\"}", 1, "q.contact:email", "e-mail" },
    { S_CONTACT, "{\"email\":\"a@@example.org\"}", 1, "q.contact:email", "e-mail" },
    { S_CONTACT, "{\"email\":\"a@example..org\"}", 1, "q.contact:email", "e-mail" },
    { S_CONTACT, "{\"nickname\":\"J\"}", 1, "q.contact:nickname", "unknown field" },
    { S_CONTACT, "{\"name\":5,\"telephone\":[]}", 2, "q.contact:name", "Enter text" },
    { S_CONTACT, "\"Jane\"", 1, "q.contact", "object" },
    /* group: a range of years in order */
    { S_GROUP, "{\"from\":2020,\"to\":2024}", 0, NULL, NULL },
    { S_GROUP, "{\"from\":2024,\"to\":2024}", 0, NULL, NULL },
    { S_GROUP, "{\"from\":2027,\"to\":2024}", 1, "q.years:to", "same as or after the start year" },
    { S_GROUP, "{\"from\":1800,\"to\":\"soon\"}", 2, "q.years:from", "at least 1990" },
    { S_GROUP, "{\"until\":2024}", 1, "q.years:until", "unknown field" },
    /* table: every error of every row at once, each tied to its cell */
    { S_TABLE, "[{\"title\":\"Firearms Act\",\"since\":\"2015-03-01\",\"link\":\"https://kenyalaw.org/act\",\"mail\":\"a@b.org\",\"kind\":\"act\"}]",
      0, NULL, NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2019\"},{\"title\":\"Act 2\",\"since\":\"2019-05\"}]", 0, NULL, NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"link\":\"kenyalaw dot org\"}]", 1, "q.laws:0:link", "Enter a link in the correct format" },
    { S_TABLE, "[{\"title\":\"Act\",\"link\":\"javascript:alert(1)\"}]", 1, "q.laws:0:link", "https://" },
    { S_TABLE, "[{\"title\":\"Act\",\"link\":\"https://\"}]", 1, "q.laws:0:link", NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"link\":\"http://localhost:8080/x\"}]", 0, NULL, NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2026-02-30\"}]", 1, "q.laws:0:since", "real date" },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2024-02-29\"}]", 0, NULL, NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2023-02-29\"}]", 1, "q.laws:0:since", "real date" },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2019-13\"}]", 1, "q.laws:0:since", NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"19-05-2019\"}]", 1, "q.laws:0:since", NULL },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"1066\"}]", 1, "q.laws:0:since", NULL },
    { S_TABLE, "[{\"since\":\"2019\"}]", 1, "q.laws:0:title", "required" },
    { S_TABLE, "[{\"title\":\"A\",\"mail\":\"jane.wanjiru@example\"},{\"title\":\"B\",\"kind\":\"bill\",\"since\":\"2026-02-30\"}]",
      3, "q.laws:0:mail", "e-mail" },
    { S_TABLE, "[{\"title\":\"A\"},{\"title\":\"B\"},{\"title\":\"C\"},{\"title\":\"D\"}]", 1, "q.laws", "at most 3" },
    { S_TABLE, "{\"title\":\"A\"}", 1, "q.laws", "list of rows" },
    { S_TABLE, "[\"row\"]", 1, "q.laws:0", "object" },
    { S_TABLE, "[{\"title\":\"A\",\"doc\":{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":10,\"sha256\":" SHA "}}]",
      0, NULL, NULL },
    { S_TABLE, "[{\"title\":\"A\",\"doc\":{\"name\":\"a.exe\",\"type\":\"application/x-msdownload\",\"bytes\":10,\"sha256\":" SHA "}}]",
      1, "q.laws:0:doc", "kind" },
    /* file */
    { S_FILE, "{\"name\":\"nap.pdf\",\"type\":\"application/pdf\",\"bytes\":900,\"sha256\":" SHA "}", 0, NULL, NULL },
    { S_FILE, "{\"name\":\"nap.pdf\",\"type\":\"application/pdf\",\"bytes\":9000,\"sha256\":" SHA "}", 1, "q.file", "at most 1000 bytes" },
    { S_FILE, "{\"sha256\":" SHA "}", 1, "q.file", "file reference" },
    { S_FILE, "{\"name\":\"x\",\"type\":\"application/pdf\",\"bytes\":9,\"sha256\":\"ABC\"}", 1, "q.file", "file reference" },
    { S_FILE, "\"nap.pdf\"", 1, "q.file", "file reference" },
};

static void test_validate_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof VCASES / sizeof VCASES[0]; i++) {
        const struct vcase *c = &VCASES[i];
        struct tq t;
        tq_make(&t, c->spec);
        json_t *v = js(c->value);
        struct answer_errors e;
        answer_errors_init(&e);
        size_t n = answer_validate(&t.q, v, &e);
        if (n != c->errors || e.n != n) {
            for (size_t k = 0; k < e.n; k++) print_message("  %s | %s | %s\n", e.v[k].path, e.v[k].where, e.v[k].message);
            fail_msg("case %zu (%s = %s): %zu errors, want %zu", i, t.q.id, c->value, n, c->errors);
        }
        if (n && c->path && strcmp(e.v[0].path, c->path) != 0) fail_msg("case %zu: path %s, want %s", i, e.v[0].path, c->path);
        if (n && c->words && !strstr(e.v[0].message, c->words))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, e.v[0].message, c->words);
        for (size_t k = 0; k < e.n; k++) {   /* every error says where and what to do */
            assert_true(strlen(e.v[k].where) > 0);
            assert_true(strncmp(e.v[k].path, t.q.id, strlen(t.q.id)) == 0);
            assert_true(e.v[k].message[0] >= 'A' && e.v[k].message[0] <= 'Z');
        }
        /* answer_check gives the first error as one line "where: message" */
        char err[512];
        assert_int_equal(answer_check(&t.q, v, err, sizeof err), n ? -1 : 0);
        if (n) assert_non_null(strstr(err, e.v[0].message));
        answer_errors_cleanup(&e);
        json_decref(v);
        tq_free(&t);
    }
}

static void test_errors_where(void **state)
{
    (void)state;
    struct tq t;
    tq_make(&t, S_TABLE);
    json_t *v = js("[{\"title\":\"A\"},{\"since\":\"2026-02-30\",\"link\":\"kenyalaw dot org\"}]");
    struct answer_errors e;
    answer_errors_init(&e);
    assert_int_equal(answer_validate(&t.q, v, &e), 3);
    const struct answer_error *x = answer_errors_find(&e, "q.laws:1:since");
    assert_non_null(x);
    assert_string_equal(x->where, "2.3, row 2, In force since");
    assert_non_null(answer_errors_find(&e, "q.laws:1:link"));
    assert_non_null(answer_errors_find(&e, "q.laws:1:title"));
    assert_null(answer_errors_find(&e, "q.laws:0:title"));
    answer_errors_cleanup(&e);
    json_decref(v);
    tq_free(&t);
}

/* ---- parsing the type names ---- */

static void test_type_parse(void **state)
{
    (void)state;
    static const char *const QUESTION[] = { "ynd", "yn", "number", "text", "single", "multi", "contact", "table", "file", "group" };
    static const char *const FIELD[] = { "ynd", "yn", "number", "text", "single", "multi", "file", "date", "url", "email" };
    enum answer_type t;
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(answer_type_parse(QUESTION[i], false, &t), 0);
        assert_string_equal(answer_type_name(t), QUESTION[i]);
        assert_int_equal(answer_type_parse(FIELD[i], true, &t), 0);
        assert_string_equal(answer_type_name(t), FIELD[i]);
    }
    assert_int_equal(answer_type_parse("date", false, &t), -1);      /* field only */
    assert_int_equal(answer_type_parse("table", true, &t), -1);      /* no table in a table */
    assert_int_equal(answer_type_parse("YN", false, &t), -1);
    assert_int_equal(answer_type_parse("", false, &t), -1);
    assert_int_equal(answer_type_parse(NULL, false, &t), -1);
    assert_true(answer_type_is_choice(ANSWER_MULTI));
    assert_false(answer_type_is_choice(ANSWER_TEXT));
    /* every question and member of every built-in template has a parsed type */
    for (int cy = 2010; cy <= 2026; cy += 2) {
        const struct template *tp = template_get(cy);
        assert_non_null(tp);
        for (size_t i = 0; i < tp->nq; i++) {
            const struct template_question *q = &tp->q[i];
            assert_string_equal(answer_type_name(q->type), json_string_value(json_object_get(q->json, "type")));
            if (q->type == ANSWER_TABLE || q->type == ANSWER_GROUP) assert_true(q->nmembers > 0);
            for (size_t k = 0; k < q->nmembers; k++) assert_non_null(q->members[k].id);
        }
    }
}

/* ---- text, short text, CSV ---- */

struct tcase {
    const char *spec, *value;
    const char *text, *shorttext;       /* answer_text, answer_text_short (English) */
};

static const struct tcase TCASES[] = {
    { S_YND, "\"developing\"", "Developing", "Developing" },
    { S_YN, "\"no\"", "No", "No" },
    { S_NUM, "12", "12", "12" },
    { S_REAL, "1500.5", "1500.5", "1500.5" },
    { S_TEXT, "\"<b>x</b>\"", "<b>x</b>", "<b>x</b>" },
    { S_SINGLE, "\"yearly\"", "Once a year", "Once a year" },
    { S_SINGLE, "{\"other\":\"weekly\"}", "Other: weekly", "Other: weekly" },
    { S_MULTI, "{\"selected\":[\"serial\",\"maker\"],\"other\":\"proof\"}", "Serial number; Manufacturer; Other: proof",
      "Serial number; Manufacturer; Other: proof" },
    { S_CONTACT, "{\"title\":\"Ms\",\"name\":\"Jane\",\"organisation\":\"MFA\",\"email\":\"j@mfa.go.ke\"}",
      "Title: Ms\nName: Jane\nOrganisation: MFA\nE-mail: j@mfa.go.ke", "Jane, MFA, j@mfa.go.ke" },
    { S_GROUP, "{\"from\":2020,\"to\":2024}", "From (year): 2020\nTo (year): 2024", "From (year): 2020; To (year): 2024" },
    { S_TABLE, "[{\"title\":\"Act\",\"kind\":\"act\"},{\"title\":\"B\"}]", "Title: Act; Kind: Act\nTitle: B", "2 rows" },
    { S_TABLE, "[{\"title\":\"Act\"}]", "Title: Act", "1 row" },
    { S_FILE, "{\"name\":\"nap.pdf\",\"type\":\"application/pdf\",\"bytes\":9,\"sha256\":" SHA "}", "nap.pdf", "nap.pdf" },
};

static void test_text_table(void **state)
{
    (void)state;
    i18n_set_lang("en");
    for (size_t i = 0; i < sizeof TCASES / sizeof TCASES[0]; i++) {
        struct tq t;
        tq_make(&t, TCASES[i].spec);
        json_t *v = js(TCASES[i].value);
        struct buf a = BUF_INIT, s = BUF_INIT;
        answer_text(&a, &t.q, v);
        answer_text_short(&s, &t.q, v);
        if (strcmp(buf_cstr(&a), TCASES[i].text) != 0) fail_msg("case %zu text: \"%s\"", i, buf_cstr(&a));
        if (strcmp(buf_cstr(&s), TCASES[i].shorttext) != 0) fail_msg("case %zu short: \"%s\"", i, buf_cstr(&s));
        /* unanswered: nothing */
        struct buf none = BUF_INIT;
        answer_text(&none, &t.q, NULL);
        answer_text_short(&none, &t.q, json_null());
        assert_int_equal(none.len, 0);
        buf_cleanup(&none);
        /* the CSV value: a string as it is, anything else as JSON that reads back equal */
        char *csv = answer_csv_value(&t.q, v);
        if (json_is_string(v)) assert_string_equal(csv, json_string_value(v));
        else {
            json_t *back = json_loads(csv, JSON_DECODE_ANY, NULL);
            assert_true(json_equal(back, v));
            json_decref(back);
        }
        free(csv);
        assert_null(answer_csv_value(&t.q, NULL));
        buf_cleanup(&a);
        buf_cleanup(&s);
        json_decref(v);
        tq_free(&t);
    }
}

static void test_short_cut(void **state)
{
    (void)state;
    struct tq t;
    tq_make(&t, S_LONG);
    /* words: cut at a space, one ellipsis, within the limit */
    struct buf long_text = BUF_INIT;
    for (int i = 0; i < 60; i++) buf_puts(&long_text, "word ");
    json_t *v = json_string(buf_cstr(&long_text));
    struct buf s = BUF_INIT;
    answer_text_short(&s, &t.q, v);
    const char *r = buf_cstr(&s);
    size_t n = strlen(r);
    assert_true(text_chars(r) <= ANSWER_SHORT_MAX + 1);
    assert_string_equal(r + n - strlen("…"), "…");
    assert_memory_equal(r + n - strlen("…") - 4, "word", 4);   /* a whole word before the ellipsis */
    buf_cleanup(&s);
    json_decref(v);
    /* one long word of 2-byte and 3-byte characters: cut at a character boundary */
    buf_clear(&long_text);
    for (int i = 0; i < 200; i++) buf_puts(&long_text, i % 2 ? "é" : "中");
    v = json_string(buf_cstr(&long_text));
    answer_text_short(&s, &t.q, v);
    assert_int_equal(text_chars(buf_cstr(&s)), ANSWER_SHORT_MAX + 1);
    json_t *check = json_string(buf_cstr(&s));   /* valid UTF-8: jansson accepts it */
    assert_non_null(check);
    json_decref(check);
    buf_cleanup(&s);
    json_decref(v);
    /* exactly at the limit: not cut */
    buf_clear(&long_text);
    for (int i = 0; i < ANSWER_SHORT_MAX; i++) buf_putc(&long_text, 'x');
    v = json_string(buf_cstr(&long_text));
    answer_text_short(&s, &t.q, v);
    assert_string_equal(buf_cstr(&s), buf_cstr(&long_text));
    buf_cleanup(&s);
    json_decref(v);
    buf_cleanup(&long_text);
    tq_free(&t);
}

/* ---- HTML ---- */

static void fake_link(struct buf *b, long long rid, json_t *ref)
{
    buf_printf(b, "[file %lld %s]", rid, json_string_value(json_object_get(ref, "name")));
}

static void fake_input(struct buf *b, long long rid, const struct template_question *q, json_t *cur)
{
    (void)cur;
    buf_printf(b, "[input %lld %s]", rid, q->id);
}

static void fake_cell(struct buf *b, long long rid, const char *field, json_t *spec, const char *label, json_t *cur)
{
    (void)spec; (void)label; (void)cur;
    buf_printf(b, "[cell %lld %s]", rid, field);
}

static const struct answer_files FILES = { fake_link, fake_input, fake_cell, 7 };

struct hcase { const char *spec, *value, *want, *never; };

static const struct hcase HCASES[] = {
    { S_YND, "\"yes\"", "Yes", "yes" },
    { S_YND, NULL, "No response", NULL },
    { S_TEXT, "\"<script>alert(1)</script>\"", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>" },
    { S_LONG, "\"a\\n<img src=x onerror=alert(1)>\"", "<p class=\"free\" dir=\"auto\">", "<img" },
    { S_SINGLE, "{\"other\":\"<i>x</i>\"}", "Other: <bdi>&lt;i&gt;x&lt;/i&gt;</bdi>", "<i>" },
    { S_MULTI, "{\"selected\":[\"serial\"],\"other\":\"\\\"><b>\"}", "<li>Serial number</li>", "<b>" },
    { S_CONTACT, "{\"name\":\"<Jane>\",\"address\":\"1 Road\"}", "<address><bdi>&lt;Jane&gt;</bdi><br><bdi>1 Road</bdi></address>", "<Jane>" },
    /* Left-to-right runs isolated, so that an Arabic page does not show "0193 555 000+" (issue 9). */
    { S_CONTACT, "{\"telephone\":\"+254 20 555 0193\"}", "<bdi dir=\"ltr\">+254 20 555 0193</bdi>", NULL },
    { S_CONTACT, "{\"email\":\"jane@example.org\"}", "<bdi dir=\"ltr\">jane@example.org</bdi>", NULL },
    { S_CONTACT, "{\"address\":\"12 Harambee Avenue, Nairobi\"}", "<bdi>12 Harambee Avenue, Nairobi</bdi>", NULL },
    { S_TABLE, "[{\"title\":\"Firearms Act\",\"since\":\"2007-07-07\",\"link\":\"https://kenyalaw.org/a\",\"mail\":\"a@b.org\"}]",
      "<td><time datetime=\"2007-07-07\"><bdi>7 July 2007</bdi></time></td>", ">2007-07-07<" },
    { S_TABLE, "[{\"title\":\"Firearms Act\",\"link\":\"https://kenyalaw.org/a\",\"mail\":\"a@b.org\"}]",
      "<td><bdi dir=\"ltr\">https://kenyalaw.org/a</bdi></td><td><bdi dir=\"ltr\">a@b.org</bdi></td>", NULL },
    { S_TABLE, "[{\"title\":\"Firearms Act\"}]", "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"2.3 ?\"><table", NULL },
    { S_SINGLE, "{\"other\":\"Ad hoc\"}", "Other: <bdi>Ad hoc</bdi>", NULL },
    { S_GROUP, "{\"from\":2020}", "<dt>From (year)</dt><dd>2020</dd>", "To (year)" },
    { S_TABLE, "[{\"title\":\"=HYPERLINK(\\\"x\\\")\",\"kind\":\"act\",\"doc\":{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":1,\"sha256\":" SHA "}}]",
      "<td>Act</td>", "<td>act</td>" },
    { S_TABLE, "[{\"title\":\"T\",\"doc\":{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":1,\"sha256\":" SHA "}}]",
      "[file 7 a.pdf]", NULL },
    { S_FILE, "{\"name\":\"n<.pdf\",\"type\":\"application/pdf\",\"bytes\":1,\"sha256\":" SHA "}", "[file 7 n<.pdf]", NULL },
};

static void test_html_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof HCASES / sizeof HCASES[0]; i++) {
        struct tq t;
        tq_make(&t, HCASES[i].spec);
        json_t *v = HCASES[i].value ? js(HCASES[i].value) : NULL;
        struct buf b = BUF_INIT;
        answer_html(&b, &t.q, v, &FILES);
        if (!strstr(buf_cstr(&b), HCASES[i].want)) fail_msg("case %zu: %s lacks %s", i, buf_cstr(&b), HCASES[i].want);
        if (HCASES[i].never && strstr(buf_cstr(&b), HCASES[i].never)) fail_msg("case %zu: %s has %s", i, buf_cstr(&b), HCASES[i].never);
        buf_cleanup(&b);
        json_decref(v);
        tq_free(&t);
    }
}

/* In an Arabic page: the date in Arabic, isolated; the telephone number and e-mail kept left to right. */
static void test_html_arabic(void **state)
{
    (void)state;
    i18n_set_lang("ar");
    struct tq t;
    struct buf b = BUF_INIT, want = BUF_INIT;
    tq_make(&t, S_CONTACT);
    json_t *v = js("{\"name\":\"Jane Wanjiru\",\"telephone\":\"+254 20 555 0193\",\"email\":\"jane@example.org\"}");
    answer_html(&b, &t.q, v, &FILES);
    assert_non_null(strstr(buf_cstr(&b), "<bdi>Jane Wanjiru</bdi><br><bdi dir=\"ltr\">+254 20 555 0193</bdi><br><bdi dir=\"ltr\">jane@example.org</bdi>"));
    json_decref(v);
    tq_free(&t);
    buf_cleanup(&b);
    tq_make(&t, S_TABLE);
    v = js("[{\"title\":\"Firearms Act\",\"since\":\"2007-07-07\"}]");
    answer_html(&b, &t.q, v, &FILES);
    buf_puts(&want, "<time datetime=\"2007-07-07\"><bdi>");
    assert_true(i18n_date_in(&want, "ar", "2007-07-07"));
    buf_puts(&want, "</bdi></time>");
    if (!strstr(buf_cstr(&b), buf_cstr(&want))) fail_msg("%s lacks %s", buf_cstr(&b), buf_cstr(&want));
    assert_null(strstr(buf_cstr(&b), ">2007-07-07<"));
    json_decref(v);
    tq_free(&t);
    buf_cleanup(&b);
    buf_cleanup(&want);
    /* The form: typed left to right whatever the page (telephone, e-mail); free text takes the direction typed. */
    tq_make(&t, S_CONTACT);
    answer_form_html(&b, &t.q, NULL, NULL, NULL);
    assert_non_null(strstr(buf_cstr(&b), "name=\"v:q.contact:telephone\" dir=\"ltr\""));
    assert_non_null(strstr(buf_cstr(&b), "name=\"v:q.contact:email\" dir=\"ltr\""));
    assert_non_null(strstr(buf_cstr(&b), "name=\"v:q.contact:address\" dir=\"auto\""));
    tq_free(&t);
    buf_cleanup(&b);
    i18n_set_lang("en");
}

/* ---- the form: writing, then reading back what a browser would send ---- */

/* A posted form: name=value pairs, read from the inputs' HTML (text inputs and checked choices). */
struct form { char *name[256], *value[256]; size_t n; };

static char *attr(const char *tag, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(tag, key);
    if (!p) return NULL;
    p += strlen(key);
    const char *e = strchr(p, '"');
    struct buf b = BUF_INIT;   /* undo the escaping of &, <, >, " */
    for (; p < e; p++) {
        if (!strncmp(p, "&amp;", 5)) { buf_putc(&b, '&'); p += 4; }
        else if (!strncmp(p, "&lt;", 4)) { buf_putc(&b, '<'); p += 3; }
        else if (!strncmp(p, "&gt;", 4)) { buf_putc(&b, '>'); p += 3; }
        else if (!strncmp(p, "&quot;", 6)) { buf_putc(&b, '"'); p += 5; }
        else if (!strncmp(p, "&#39;", 5)) { buf_putc(&b, '\''); p += 4; }
        else buf_putc(&b, *p);
    }
    return buf_steal(&b, NULL);
}

static void form_parse(struct form *f, const char *html)
{
    memset(f, 0, sizeof *f);
    for (const char *p = html; (p = strstr(p, "<input")) != NULL; p++) {
        const char *end = strchr(p, '>');
        char *tag = strndup(p, (size_t)(end - p));
        char *name = attr(tag, "name"), *value = attr(tag, "value");
        bool choice = strstr(tag, "type=\"radio\"") || strstr(tag, "type=\"checkbox\"");
        if (name && (!choice || strstr(tag, " checked"))) { f->name[f->n] = name; f->value[f->n++] = value ? value : strdup(""); }
        else { free(name); free(value); }
        free(tag);
    }
    for (const char *p = html; (p = strstr(p, "<textarea")) != NULL; p++) {
        const char *end = strchr(p, '>'), *close = strstr(end, "</textarea>");
        char *tag = strndup(p, (size_t)(end - p));
        f->name[f->n] = attr(tag, "name");
        char *raw = strndup(end + 1, (size_t)(close - end - 1));
        char wrapped[4096];
        snprintf(wrapped, sizeof wrapped, " value=\"%s\"", raw);
        f->value[f->n++] = attr(wrapped, "value");
        free(raw);
        free(tag);
    }
}

static void form_free(struct form *f)
{
    for (size_t i = 0; i < f->n; i++) { free(f->name[i]); free(f->value[i]); }
}

static const char *form_get(void *ctx, const char *name)
{
    struct form *f = ctx;
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->name[i], name)) return f->value[i];
    return NULL;
}

static size_t form_get_all(void *ctx, const char *name, const char **out, size_t max)
{
    struct form *f = ctx;
    size_t n = 0;
    for (size_t i = 0; i < f->n && n < max; i++)
        if (!strcmp(f->name[i], name)) out[n++] = f->value[i];
    return n;
}

static json_t *form_file(void *ctx, const char *name, json_t *spec, json_t *cur, const char *qid)
{
    (void)ctx; (void)name; (void)spec; (void)qid;
    return cur ? json_incref(cur) : NULL;   /* no new upload: keep the saved file */
}

/* Values that survive the round trip value -> inputs -> posted form -> value unchanged. */
static const char *const ROUND[][2] = {
    { S_YND, "\"developing\"" },
    { S_YN, "\"no\"" },
    { S_NUM, "12" },
    { S_REAL, "1500.5" },
    { S_TEXT, "\"<a&\\\"b>\"" },
    { S_LONG, "\"two\\nlines & <tags>\"" },
    { S_SINGLE, "\"never\"" },
    { S_SINGLE, "{\"other\":\"fortnightly\"}" },
    { S_MULTI, "{\"selected\":[\"serial\",\"maker\",\"other\"],\"other\":\"proof\"}" },   /* the form ticks "other" */
    { S_CONTACT, "{\"name\":\"Jane\",\"email\":\"j@mfa.go.ke\",\"address\":\"1 Road\"}" },
    { S_GROUP, "{\"from\":2020,\"to\":2024}" },
    { S_TABLE, "[{\"title\":\"Act\",\"since\":\"2019\",\"link\":\"https://a.org/\"},{\"title\":\"B\",\"kind\":\"act\","
               "\"doc\":{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":1,\"sha256\":" SHA "}}]" },
    { S_FILE, "{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":1,\"sha256\":" SHA "}" },
};

static void test_form_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ROUND / sizeof ROUND[0]; i++) {
        struct tq t;
        tq_make(&t, ROUND[i][0]);
        json_t *v = js(ROUND[i][1]);
        struct buf b = BUF_INIT;
        answer_form_html(&b, &t.q, v, NULL, &FILES);
        struct form f;
        form_parse(&f, buf_cstr(&b));
        struct answer_form_source src = { form_get, form_get_all, form_file, &f };
        json_t *back = answer_form_read(&t.q, v, &src);
        if (!json_equal(back, v)) {
            char *s = json_dumps(back, JSON_ENCODE_ANY);
            fail_msg("case %zu: %s came back as %s\n%s", i, ROUND[i][1], s ? s : "NULL", buf_cstr(&b));
        }
        /* an empty form is no answer */
        struct buf e = BUF_INIT;
        answer_form_html(&e, &t.q, NULL, NULL, &FILES);
        struct form ef;
        form_parse(&ef, buf_cstr(&e));
        struct answer_form_source esrc = { form_get, form_get_all, form_file, &ef };
        json_t *none = answer_form_read(&t.q, NULL, &esrc);
        assert_null(none);
        form_free(&ef);
        buf_cleanup(&e);
        json_decref(back);
        form_free(&f);
        buf_cleanup(&b);
        json_decref(v);
        tq_free(&t);
    }
}

static void test_form_errors(void **state)
{
    (void)state;
    struct tq t;
    tq_make(&t, S_GROUP);
    json_t *v = js("{\"from\":2027,\"to\":2024}");
    struct answer_errors e;
    answer_errors_init(&e);
    assert_int_equal(answer_validate(&t.q, v, &e), 1);
    struct buf b = BUF_INIT;
    answer_form_html(&b, &t.q, v, &e, &FILES);
    const char *h = buf_cstr(&b);
    /* the message sits next to the "to" input, which points at it */
    assert_non_null(strstr(h, "<p class=\"error\" id=\"v:q.years:to-error\">"));
    assert_non_null(strstr(h, "id=\"v:q.years:to\" name=\"v:q.years:to\" aria-invalid=\"true\" aria-describedby=\"v:q.years:to-error\""));
    assert_null(strstr(h, "id=\"v:q.years:from\" name=\"v:q.years:from\" aria-invalid"));
    buf_cleanup(&b);
    answer_errors_cleanup(&e);
    json_decref(v);
    tq_free(&t);
    /* a typed "ten" in a number field comes back as the text, and is flagged, not lost */
    tq_make(&t, S_NUM);
    struct form f = { { strdup("v:q.num") }, { strdup("ten") }, 1 };
    struct answer_form_source src = { form_get, form_get_all, form_file, &f };
    v = answer_form_read(&t.q, NULL, &src);
    assert_string_equal(json_string_value(v), "ten");
    answer_errors_init(&e);
    assert_int_equal(answer_validate(&t.q, v, &e), 1);
    answer_form_html(&b, &t.q, v, &e, &FILES);
    assert_non_null(strstr(buf_cstr(&b), "value=\"ten\""));
    assert_non_null(strstr(buf_cstr(&b), "Enter a number"));
    buf_cleanup(&b);
    answer_errors_cleanup(&e);
    json_decref(v);
    form_free(&f);
    tq_free(&t);
}

/* ---- from text, values, demo ---- */

static void test_from_text_and_values(void **state)
{
    (void)state;
    json_t *v = answer_from_text(ANSWER_NUMBER, "12");
    assert_true(json_is_integer(v) && json_integer_value(v) == 12);
    json_decref(v);
    v = answer_from_text(ANSWER_NUMBER, "1e999");
    assert_true(json_is_string(v));   /* infinite: kept as typed, validation refuses it */
    json_decref(v);
    v = answer_from_text(ANSWER_NUMBER, "99999999999999999999");
    assert_true(json_is_real(v));
    json_decref(v);
    assert_null(answer_from_text(ANSWER_TEXT, ""));
    assert_null(answer_from_text(ANSWER_NUMBER, NULL));
    struct tq t;
    tq_make(&t, S_SINGLE);
    const char *vals[8];
    assert_int_equal(answer_values(&t.q, vals, 8), 3);
    assert_string_equal(vals[2], "other");
    assert_string_equal(answer_value_label(&t.q, "yearly"), "Once a year");
    assert_string_equal(answer_value_label(&t.q, "moon"), "moon");
    json_t *a = js("\"yearly\""), *m = js("{\"selected\":[\"a\",\"b\"]}");
    assert_true(answer_has_value(a, "yearly"));
    assert_false(answer_has_value(a, "never"));
    assert_true(answer_has_value(m, "b"));
    assert_false(answer_has_value(m, NULL));
    json_decref(a);
    json_decref(m);
    tq_free(&t);
    tq_make(&t, S_YND);
    assert_int_equal(answer_values(&t.q, vals, 8), 3);
    assert_string_equal(answer_value_label(&t.q, "developing"), "Developing");
    tq_free(&t);
    tq_make(&t, S_TEXT);
    assert_int_equal(answer_values(&t.q, vals, 8), 0);
    tq_free(&t);
}

static void count_file(json_t *ref, void *ctx)
{
    (void)ref;
    (*(int *)ctx)++;
}

static void test_files(void **state)
{
    (void)state;
    struct tq t;
    tq_make(&t, S_TABLE);
    assert_true(answer_has_file_input(&t.q));
    json_t *v = js("[{\"doc\":{\"name\":\"a\"}},{\"title\":\"x\"},{\"doc\":{\"name\":\"b\"}}]");
    int n = 0;
    answer_each_file(&t.q, v, count_file, &n);
    assert_int_equal(n, 2);
    json_decref(v);
    tq_free(&t);
    tq_make(&t, S_GROUP);
    assert_false(answer_has_file_input(&t.q));
    tq_free(&t);
}

static void test_demo_values(void **state)
{
    (void)state;
    struct tq t;
    tq_make(&t, S_TABLE);
    struct answer_demo in = { 1e9, "A text", "act", true, 2025 };
    json_t *row = json_object();
    for (size_t i = 0; i < t.q.nmembers; i++) {
        json_t *x = answer_demo_value(&t.q.members[i], &in);
        if (x) json_object_set_new(row, t.q.members[i].id, x);
    }
    assert_null(json_object_get(row, "doc"));   /* files are not invented */
    json_t *rows = json_pack("[o]", row);
    char err[256];
    if (answer_check(&t.q, rows, err, sizeof err) != 0) fail_msg("%s", err);
    json_decref(rows);
    tq_free(&t);
    tq_make(&t, S_GROUP);   /* numbers are brought within min and max */
    json_t *x = answer_demo_value(&t.q.members[0], &in);
    assert_int_equal(json_integer_value(x), 2100);
    json_decref(x);
    tq_free(&t);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    i18n_init();
    return template_init(err, sizeof err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_parse), cmocka_unit_test(test_validate_table), cmocka_unit_test(test_errors_where),
        cmocka_unit_test(test_text_table), cmocka_unit_test(test_short_cut), cmocka_unit_test(test_html_table), cmocka_unit_test(test_html_arabic),
        cmocka_unit_test(test_form_round_trip), cmocka_unit_test(test_form_errors), cmocka_unit_test(test_from_text_and_values),
        cmocka_unit_test(test_files), cmocka_unit_test(test_demo_values),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

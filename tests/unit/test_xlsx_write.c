/*
 * Unit tests: domain/xlsx_write (workbook_export), the layout of a report's workbook as read
 * back by xlsx_read: the About sheet with its format mark and cycle, one sheet per section
 * with valid, unique names, the header row, every question's id in column A, answers shown
 * by label in column D, the hidden option lists; hostile answers stay text (never a formula,
 * OOXML escapes kept literal); a wrong cycle or an unwritable path leaves no file behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <minizip/unzip.h>

#include "domain/workbook.h"
#include "domain/xlsx_read.h"

/* libxlsxwriter 1.1.4 leaks the formula string of each LIST_FORMULA data validation: not ours (see test_workbook.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libxlsxwriter.so\n"; }

static char path[96];
static const struct template *tpl;

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (template_init(err, sizeof err) < 0) return -1;
    tpl = template_get(2026);
    snprintf(path, sizeof path, "/tmp/poaiss-xlsx-write-%d.xlsx", (int)getpid());
    return tpl ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static const struct xcell *at(const struct xsheet *sh, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < sh->n; i++)
        if (sh->c[i].row == row && sh->c[i].col == col) return &sh->c[i];
    return NULL;
}

/* The column-D cell of the row whose column A holds id, across the section sheets. */
static const struct xcell *answer_cell(const struct xbook *b, const char *id)
{
    for (size_t s = 0; s < b->nsheets; s++)
        for (size_t i = 0; i < b->sheets[s].n; i++) {
            const struct xcell *c = &b->sheets[s].c[i];
            if (c->col == 0 && c->kind == K_STR && strcmp(c->s, id) == 0) return at(&b->sheets[s], c->row, 3);
        }
    return NULL;
}

static bool has_id(const struct xbook *b, const char *id)
{
    for (size_t s = 0; s < b->nsheets; s++)
        for (size_t i = 0; i < b->sheets[s].n; i++) {
            const struct xcell *c = &b->sheets[s].c[i];
            if (c->col == 0 && c->kind == K_STR && strcmp(c->s, id) == 0) return true;
        }
    return false;
}

/* Does any sheet part of the zip contain text? */
static bool any_sheet_contains(const char *text)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    bool found = false;
    for (int rc = unzGoToFirstFile(uf); rc == UNZ_OK && !found; rc = unzGoToNextFile(uf)) {
        char name[256];
        unzGetCurrentFileInfo64(uf, NULL, name, sizeof name, NULL, 0, NULL, 0);
        if (strncmp(name, "xl/worksheets/", 14) != 0 || unzOpenCurrentFile(uf) != UNZ_OK) continue;
        char buf[65536 + 1];
        int n;
        size_t keep = 0;
        while ((n = unzReadCurrentFile(uf, buf + keep, (unsigned)(sizeof buf - 1 - keep))) > 0) {
            buf[keep + (size_t)n] = 0;
            if (strstr(buf, text)) { found = true; break; }
            size_t len = keep + (size_t)n, tail = strlen(text) < len ? strlen(text) : len;
            memmove(buf, buf + len - tail, tail);
            keep = tail;
        }
        unzCloseCurrentFile(uf);
    }
    unzClose(uf);
    return found;
}

static void test_layout(void **state)
{
    (void)state;
    json_t *answers = json_pack("{s:s, s:s, s:s, s:{s:i, s:i}}", "coord.body", "yes",
                                "challenges", "=cmd|' /C calc'!A0", "coord.baseline.partners", "_x0041_ stays as typed",
                                "coord.body.members", "women", 4, "men", 7);
    char err[256] = "";
    if (workbook_export(tpl, answers, "Côte d’Ivoire", 2026, path, err, sizeof err) != 0) fail_msg("%s", err);
    json_decref(answers);
    struct xbook b;
    memset(&b, 0, sizeof b);
    b.maxcol = 64;
    assert_int_equal(xlsx_read_book(&b, path, err, sizeof err), 0);
    /* About first, lists somewhere, one sheet per section in between. */
    assert_string_equal(b.sheets[0].name, "About");
    bool lists = false;
    size_t sections = 0;
    for (size_t s = 0; s < b.nsheets; s++) {
        const char *n = b.sheets[s].name;
        if (!strcmp(n, "lists")) { lists = true; continue; }
        if (s == 0) continue;
        sections++;
        assert_true(strlen(n) > 0);
        assert_null(strpbrk(n, "[]:*?/\\"));
        assert_true(n[0] != '\'' && n[strlen(n) - 1] != '\'');
        size_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)n; *p; p++) chars += (*p & 0xC0) != 0x80;
        assert_true(chars <= 31);
        for (size_t t = 0; t < s; t++) assert_string_not_equal(b.sheets[t].name, n);
        const struct xcell *h = at(&b.sheets[s], 0, 0);
        assert_non_null(h);
        assert_string_equal(h->s, "Id (do not change)");
    }
    assert_true(lists);
    assert_true(sections >= 8);
    /* About: the format mark and the cycle. */
    bool mark = false, cycle = false, state_name = false;
    const struct xsheet *about = &b.sheets[0];
    for (size_t i = 0; i < about->n; i++) {
        const struct xcell *a = &about->c[i], *v = at(about, a->row, 1);
        if (a->col != 0 || a->kind != K_STR || !v) continue;
        if (!strcmp(a->s, "Format")) mark = v->kind == K_STR && !strcmp(v->s, "poaiss-workbook 1");
        if (!strcmp(a->s, "Reporting cycle")) cycle = (v->kind == K_NUM && v->d == 2026) || (v->kind == K_STR && !strcmp(v->s, "2026"));
        if (v->kind == K_STR && strstr(v->s, "Côte d’Ivoire")) state_name = true;
    }
    assert_true(mark && cycle && state_name);
    /* Every question but files has its row. */
    for (size_t i = 0; i < tpl->nq; i++)
        if (tpl->q[i].type != ANSWER_FILE && !has_id(&b, tpl->q[i].id)) fail_msg("no row for %s", tpl->q[i].id);
    /* Answers by label; hostile text as text. */
    const struct xcell *c = answer_cell(&b, "coord.body");
    assert_non_null(c);
    assert_string_equal(c->s, "Yes");
    c = answer_cell(&b, "challenges");
    assert_non_null(c);
    assert_int_equal(c->kind, K_STR);
    assert_string_equal(c->s, "=cmd|' /C calc'!A0");
    assert_false(any_sheet_contains("<f>"));
    c = answer_cell(&b, "coord.baseline.partners");
    assert_string_equal(c->s, "_x0041_ stays as typed");
    c = answer_cell(&b, "coord.body.members#women");
    assert_non_null(c);
    assert_int_equal(c->kind, K_NUM);
    assert_true(c->d == 4);
    assert_null(answer_cell(&b, "coord.nap"));                   /* unanswered: an empty answer cell */
    xlsx_free_book(&b);
}

static void test_refusals(void **state)
{
    (void)state;
    char err[256] = "";
    unlink(path);
    assert_int_equal(workbook_export(tpl, NULL, "Kenya", 2024, path, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(access(path, F_OK), -1);                    /* no file left */
    err[0] = 0;
    assert_int_equal(workbook_export(tpl, NULL, "Kenya", 2026, "/nonexistent/dir/x.xlsx", err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(workbook_export(NULL, NULL, "Kenya", 2026, path, err, sizeof err), -1);
    /* An empty report and a State name that is hostile text still make a readable workbook. */
    assert_int_equal(workbook_export(tpl, NULL, "<script>&\"'\x01", 2026, path, err, sizeof err), 0);
    struct xbook b;
    memset(&b, 0, sizeof b);
    b.maxcol = 8;
    assert_int_equal(xlsx_read_book(&b, path, err, sizeof err), 0);
    xlsx_free_book(&b);
}

/* Text stored before the input checks refused U+FFFE and U+FFFF (which XML 1.0 forbids) still makes a well-formed
   workbook: they are written as U+FFFD. */
static void test_xml_forbidden_text(void **state)
{
    (void)state;
    json_t *answers = json_pack("{s:s}", "challenges", "Need \xEF\xBF\xBF here \xEF\xBF\xBE");
    char err[256] = "";
    if (workbook_export(tpl, answers, "Kenya\xEF\xBF\xBF", 2026, path, err, sizeof err) != 0) fail_msg("%s", err);
    json_decref(answers);
    assert_false(any_sheet_contains("\xEF\xBF\xBF"));
    assert_false(any_sheet_contains("\xEF\xBF\xBE"));
    struct xbook b;
    memset(&b, 0, sizeof b);
    b.maxcol = 64;
    if (xlsx_read_book(&b, path, err, sizeof err) != 0) fail_msg("not well-formed: %s", err);
    const struct xcell *c = answer_cell(&b, "challenges");
    assert_non_null(c);
    assert_string_equal(c->s, "Need \xEF\xBF\xBD here \xEF\xBF\xBD");
    xlsx_free_book(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_layout), cmocka_unit_test(test_refusals),
                                        cmocka_unit_test(test_xml_forbidden_text) };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests: domain/trends, the trends document of a cycle: sections numbered 1, 1.1, 2 … with
 * their anchors, figures and tables numbered in document order, the reporting figures from
 * published reports only (a draft never counts), the first-time reporters, the shares of the
 * key measures with their counts, the synthetic flag on the document and every figure, the
 * data table of a chart, an unknown cycle; and the PDF made from it (web/trends_pdf.c): a PDF
 * with one page per /Type /Page, the fonts embedded, no leak from pango or fontconfig.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/trends.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "web/trends_pdf.h"
#include "web/pdf_catalog.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("trends", arrange())

static int arrange(void)
{
    i18n_init();   /* the catalogues: without them every language is English */
    xv_report(db, "KEN", 2022, "{\"coord.nap\": \"no\"}", false);
    xv_report(db, "KEN", 2024, "{\"coord.nap\": \"yes\", \"coord.body\": \"yes\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.body\": \"developing\"}", false);   /* coord.nap: no response */
    xv_report(db, "DEU", 2024, "{\"coord.nap\": \"no\"}", true);             /* a draft: never counts */
    return 0;
}

static const struct chart *chart_of(const struct trends_doc *d, const char *id, int *number)
{
    for (size_t i = 0; i < d->nsections; i++)
        for (size_t k = 0; k < d->sections[i].nblocks; k++) {
            const struct trends_block *b = &d->sections[i].blocks[k];
            if (b->kind == TRENDS_CHART && strcmp(b->chart->id, id) == 0) {
                if (number) *number = b->number;
                return b->chart;
            }
        }
    return NULL;
}

static size_t cat_of(const struct chart *c, const char *label)
{
    for (size_t i = 0; i < c->ncat; i++)
        if (strcmp(c->categories[i], label) == 0) return i;
    fail_msg("no category %s in %s", label, c->id);
    return 0;
}

static void test_numbering(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct trends_doc d;
    trends_doc_init(&d, "en");
    static const struct chart c = { .kind = CHART_BAR, .id = "x", .title = "X" };
    static const struct trends_table t = { .caption = "T" };
    assert_int_equal(trends_section_add(&d, &a, 2, "Orphan")->level, 1);   /* a level 2 before any level 1 is a level 1 */
    trends_chart_add(&d, &a, &c);
    trends_section_add(&d, &a, 2, "One.one");
    assert_int_equal(trends_chart_add(&d, &a, &c), 2);
    assert_int_equal(trends_table_add(&d, &a, &t), 1);
    trends_section_add(&d, &a, 2, "One.two");
    trends_text_add(&d, &a, TRENDS_PARA, "text");
    trends_section_add(&d, &a, 1, "Two");
    trends_section_add(&d, &a, 2, "Two.one");
    assert_int_equal(trends_chart_add(&d, &a, &c), 3);
    assert_int_equal(trends_table_add(&d, &a, &t), 2);
    static const char *const want[][2] = { { "1", "s1" }, { "1.1", "s1-1" }, { "1.2", "s1-2" }, { "2", "s2" }, { "2.1", "s2-1" } };
    assert_int_equal(d.nsections, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(d.sections[i].number, want[i][0]);
        assert_string_equal(d.sections[i].anchor, want[i][1]);
    }
    assert_int_equal(d.nfigures, 3);
    assert_int_equal(d.ntables, 2);
    assert_int_equal(d.sections[2].blocks[0].kind, TRENDS_PARA);
    assert_string_equal(d.sections[2].blocks[0].text, "text");
    arena_cleanup(&a);
}

static void test_build(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct trends_doc d;
    struct err e = ERR_NONE;
    assert_int_equal(trends_build(db, &a, 2024, "en", &d, &e), 0);
    assert_int_equal(d.cycle, 2024);
    assert_int_equal(d.reported, 2);            /* KEN and FRA: DEU's draft never counts */
    assert_false(d.synthetic);
    assert_non_null(strstr(d.subtitle, "2024"));
    assert_int_equal(strlen(d.made), 10);
    /* Numbered sections, the introduction first and the method last; every figure numbered in order. */
    assert_true(d.nsections >= 8);
    assert_string_equal(d.sections[0].number, "1");
    assert_string_equal(d.sections[0].title, "Introduction");
    assert_string_equal(d.sections[d.nsections - 1].title, "Method and limits of the data");
    int seen = 0;
    for (size_t i = 0; i < d.nsections; i++)
        for (size_t k = 0; k < d.sections[i].nblocks; k++)
            if (d.sections[i].blocks[k].kind == TRENDS_CHART) assert_int_equal(d.sections[i].blocks[k].number, ++seen);
    assert_int_equal(seen, d.nfigures);
    assert_true(d.nfigures >= 4);

    /* The reporting rate: 2 of every State in 2024, 1 in 2022. */
    int n;
    const struct chart *rate = chart_of(&d, "reporting-rate", &n);
    assert_non_null(rate);
    assert_int_equal(n, 1);
    assert_int_equal(rate->kind, CHART_LINE);
    size_t c22 = cat_of(rate, "2022"), c24 = cat_of(rate, "2024");
    assert_string_equal(rate->series[0].label, "All States");
    assert_int_equal(rate->series[0].n[c24], 2);
    assert_int_equal(rate->series[0].n[c22], 1);
    int states = rate->series[0].of[c24];
    assert_true(states >= 193);
    assert_true(fabs(rate->series[0].v[c24] - 200.0 / states) < 1e-9);
    assert_false(rate->synthetic);
    /* The map: a tile per State, KEN's reported and linked to its report, DEU's (a draft) not reported. */
    const struct chart *map = chart_of(&d, "reporting-map", NULL);
    assert_non_null(map);
    assert_int_equal((int)map->ntiles, states);
    for (size_t i = 0; i < map->ntiles; i++) {
        if (strcmp(map->tiles[i].code, "KEN") == 0) { assert_int_equal(map->tiles[i].value, 0); assert_non_null(map->tiles[i].href); }
        if (strcmp(map->tiles[i].code, "DEU") == 0) assert_int_equal(map->tiles[i].value, (int)map->nlegend - 1);   /* not reported */
    }
    /* First-time reporters: France (nothing before 2024), not Kenya (2022). */
    const struct trends_table *t = NULL;
    for (size_t i = 0; i < d.nsections && !t; i++)
        for (size_t k = 0; k < d.sections[i].nblocks; k++)
            if (d.sections[i].blocks[k].kind == TRENDS_TABLE) t = d.sections[i].blocks[k].table;
    assert_non_null(t);
    assert_int_equal(t->ncols, 3);
    bool france = false;
    for (size_t r = 0; r < t->nrows; r++) {
        assert_string_not_equal(t->cells[r * 3], "Kenya");
        if (strcmp(t->cells[r * 3], "France") == 0) { france = true; assert_string_equal(t->cells[r * 3 + 2], "First report"); }
    }
    assert_true(france);
    /* The key measures: the national action plan, Yes 1 of 2 reporting States, no response 1 (never a No). */
    const struct chart *m = chart_of(&d, "measures", NULL);
    assert_non_null(m);
    assert_int_equal(m->kind, CHART_STACKED);
    assert_int_equal(m->nseries, 4);
    size_t nap = cat_of(m, "National action plan"), body = cat_of(m, "National coordination body");
    assert_int_equal(m->series[0].n[nap], 1);
    assert_int_equal(m->series[0].of[nap], 2);
    assert_int_equal(m->series[2].n[nap], 0);   /* No */
    assert_int_equal(m->series[3].n[nap], 1);   /* no response */
    assert_int_equal(m->series[1].n[body], 1);  /* FRA: Developing */
    double sum = 0;
    for (size_t k = 0; k < 4; k++) sum += m->series[k].v[nap];
    assert_true(fabs(sum - 100) < 1e-9);
    arena_cleanup(&a);
}

static void test_chart_table(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    static const char *const cats[] = { "2022", "2024" };
    static const double v[] = { 50, NAN };
    static const int n[] = { 1, 0 }, of[] = { 2, 0 };
    static const struct chart_series se[] = { { .label = "All States", .v = v, .n = n, .of = of } };
    static const struct chart c = { .kind = CHART_LINE, .id = "r", .title = "Rate", .unit = "%", .x_label = "Cycle",
                                    .categories = cats, .ncat = 2, .series = se, .nseries = 1 };
    const struct trends_table *t = trends_chart_table(&a, &c, "en");
    assert_int_equal(t->ncols, 2);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->head[0], "Cycle");
    assert_string_equal(t->head[1], "All States");
    assert_string_equal(t->cells[0], "2022");
    assert_string_equal(t->cells[1], "50% (1 of 2)");
    assert_string_equal(t->cells[3], "—");
    assert_true(t->numeric & 2u);
    assert_string_equal(trends_percent(&a, "fr", 57.4), "57\u202f%");
    assert_string_equal(trends_percent(&a, "ar", 57), "\u0665\u0667\u066a\u061c");
    arena_cleanup(&a);
}

/* The first occurrence of n bytes of needle in hay (memmem is a GNU extension). */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0) return hay + i;
    return NULL;
}

/* The PDF of the document, in English and in Arabic: pages, embedded fonts, outline. */
static void test_pdf(void **state)
{
    (void)state;
    static const char *const langs[] = { "en", "ar" };
    for (size_t l = 0; l < 2; l++) {
        struct arena a = ARENA_INIT;
        struct trends_doc d;
        struct err e = ERR_NONE;
        assert_int_equal(trends_build(db, &a, 2024, langs[l], &d, &e), 0);
        struct buf pdf = BUF_INIT;
        assert_int_equal(trends_pdf_render(&d, &pdf), 0);
        const char *s = buf_cstr(&pdf);
        assert_true(pdf.len > 1000);
        assert_memory_equal(s, "%PDF-", 5);
        size_t pages = 0;
        for (const char *p = s; (p = find(p, pdf.len - (size_t)(p - s), "/Type /Page", 11)); p += 11)
            pages += p[11] != 's';
        assert_true(pages >= 5);   /* title, contents, the sections */
        assert_non_null(find(s, pdf.len, "/FontFile", 9));
        assert_non_null(find(s, pdf.len, "/Outlines", 9));
        /* Marked as tagged, with its language, by an incremental update whose startxref is right. */
        assert_non_null(find(s, pdf.len, "/MarkInfo << /Marked true >>", 28));
        assert_non_null(find(s, pdf.len, l ? "/Lang (ar)" : "/Lang (en)", 10));
        const char *sx = NULL;
        for (const char *p = s; (p = find(p, pdf.len - (size_t)(p - s), "startxref", 9)); p += 9) sx = p;
        assert_non_null(sx);
        size_t off = (size_t)strtoul(sx + 10, NULL, 10);
        assert_true(off < pdf.len);
        assert_memory_equal(s + off, "xref\n", 5);
        assert_non_null(find(s + off, pdf.len - off, "/Prev ", 6));
        if (l == 1) {
            assert_string_equal(d.lang, "ar");
            assert_non_null(find(s, pdf.len, "NotoNaskhArabic", 15));
        }
        buf_cleanup(&pdf);
        arena_cleanup(&a);
    }
    i18n_set_lang("en");
}

/* The catalog's amendment leaves alone what it does not understand, and amends only once. */
static void test_pdf_catalog(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_puts(&b, "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 >>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n");
    size_t len = b.len;
    assert_int_equal(pdf_catalog_amend(&b, "en"), -1);          /* an xref stream */
    assert_int_equal(b.len, len);
    buf_clear(&b);
    buf_puts(&b, "%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n>>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                 "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000060 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
                 "startxref\n108\n%%EOF\n");
    assert_int_equal(pdf_catalog_amend(&b, "fr) /JS (x"), 1);   /* a language that is not a tag is not written */
    assert_non_null(strstr(b.data, "/MarkInfo << /Marked true >>"));
    assert_null(strstr(b.data, "/Lang"));
    assert_non_null(strstr(b.data, "/Prev 108"));
    len = b.len;
    assert_int_equal(pdf_catalog_amend(&b, "fr"), -1);          /* its trailer now has /Prev: not amended twice */
    assert_int_equal(b.len, len);
    buf_cleanup(&b);
}

static void test_synthetic_and_unknown(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_report_add(db, "BRA", 2024, "en", true, 0);
    assert_true(id > 0);
    assert_int_equal(store_report_version_add(db, id, 1, 0, NULL), 0);
    assert_int_equal(store_report_set_status(db, id, "published", 1), 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct arena a = ARENA_INIT;
    struct trends_doc d;
    struct err e = ERR_NONE;
    assert_int_equal(trends_build(db, &a, 2024, "en", &d, &e), 0);
    assert_true(d.synthetic);
    assert_int_equal(d.reported, 3);
    /* Every figure made from the reports says so (the renderers also mark every figure of a synthetic document). */
    static const char *const ids[] = { "reporting-rate", "reporting-map", "measures", "measures-trend" };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) assert_true(chart_of(&d, ids[i], NULL)->synthetic);
    assert_int_equal(trends_build(db, &a, 1999, "en", &d, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static int shutdown_fonts(void **state)
{
    int rc = teardown(state);
    trends_pdf_shutdown();
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbering), cmocka_unit_test(test_build), cmocka_unit_test(test_chart_table),
        cmocka_unit_test(test_pdf), cmocka_unit_test(test_pdf_catalog), cmocka_unit_test(test_synthetic_and_unknown),
    };
    return cmocka_run_group_tests(tests, setup, shutdown_fonts);
}

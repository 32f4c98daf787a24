/*
 * Unit tests: domain/xlsx_read, an .xlsx file read into cells: inline and shared strings
 * (rich-text runs joined, phonetic runs left out), numbers, booleans, errors, cells without
 * a reference, OOXML "_xHHHH_" escapes undone (pairs combined, dangerous ones kept literal),
 * cells sorted by row then column, columns cut at maxcol, over-long texts cut and marked;
 * hostile files refused with a message (not a zip, missing parts, DOCTYPE and entities,
 * too many cells, malformed references and rows, invalid UTF-8, a part that inflates too far);
 * bombs (issue 13): deep nesting, many elements, a high compression ratio, too many entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <minizip/zip.h>

/* The module itself, for its static parsers (the Makefile then leaves its object out of the link). */
#include "domain/xlsx_read.c"

static char path[96];

struct part { const char *name; const char *data; size_t len; };

static void write_zip_as(const struct part *p, size_t n, int method)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip64(zf, p[i].name, &zi, NULL, 0, NULL, 0, NULL, method, method ? 9 : 0, 1), ZIP_OK);
        size_t len = p[i].len ? p[i].len : strlen(p[i].data);
        assert_int_equal(zipWriteInFileInZip(zf, p[i].data, (unsigned)len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

static void write_zip(const struct part *p, size_t n)
{
    write_zip_as(p, n, Z_DEFLATED);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define WORKBOOK(extra) "<?xml version=\"1.0\"?><workbook " NS ">" extra "<sheets>" \
    "<sheet name=\"Données\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" \
    "</Relationships>"
#define SHEET(rows) "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) "<?xml version=\"1.0\"?><sst " NS ">" items "</sst>"

/* A one-sheet workbook with this sheet XML and shared strings. */
static void book(const char *sheet, const char *sst, const char *wb_extra)
{
    char wb[512];
    snprintf(wb, sizeof wb, "<?xml version=\"1.0\"?><workbook " NS ">%s<sheets><sheet name=\"Données\" sheetId=\"1\" r:id=\"rId1\"/>"
             "</sheets></workbook>", wb_extra ? wb_extra : "");
    struct part p[] = {
        { "xl/workbook.xml", wb, 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 },
        { "xl/worksheets/sheet1.xml", sheet, 0 }, { "xl/sharedStrings.xml", sst ? sst : SST(""), 0 },
    };
    write_zip(p, 4);
}

static int read_book(struct xbook *b, uint32_t maxcol, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->maxcol = maxcol;
    err[0] = 0;
    return xlsx_read_book(b, path, err, errlen);
}

static const struct xcell *cell(const struct xbook *b, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < b->sheets[0].n; i++)
        if (b->sheets[0].c[i].row == row && b->sheets[0].c[i].col == col) return &b->sheets[0].c[i];
    return NULL;
}

static void test_cells(void **state)
{
    (void)state;
    book(SHEET("<row r=\"1\"><c r=\"D1\" t=\"e\"><v>#DIV/0!</v></c><c r=\"B1\"><v>42.5</v></c><c r=\"C1\" t=\"b\"><v>1</v></c>"
               "<c r=\"E1\" t=\"str\"><f>A1&amp;B1</f><v>cached</v></c><c r=\"F1\"/></row>"
               "<row r=\"2\"><c r=\"C2\" t=\"s\"><v>0</v></c><c r=\"A2\" t=\"inlineStr\"><is><t>first</t></is></c></row>"
               "<row><c t=\"inlineStr\"><is><t>no ref</t></is></c><c t=\"s\"><v>1</v></c></row>"),
         SST("<si><r><t>rich </t></r><r><t>text</t></r><rPh><t>フリガナ</t></rPh></si><si><t>_x0041__xD83D__xDE00_ _x0000_ _xD800_</t></si>"),
         NULL);
    struct xbook b;
    char err[256];
    assert_int_equal(read_book(&b, 100, err, sizeof err), 0);
    assert_int_equal(b.nsheets, 1);
    assert_string_equal(b.sheets[0].name, "Données");
    /* Sorted by row, then column. */
    for (size_t i = 1; i < b.sheets[0].n; i++) {
        const struct xcell *p = &b.sheets[0].c[i - 1], *q = &b.sheets[0].c[i];
        assert_true(p->row < q->row || (p->row == q->row && p->col < q->col));
    }
    const struct xcell *c;
    assert_non_null(c = cell(&b, 0, 1));
    assert_int_equal(c->kind, K_NUM);
    assert_true(c->d == 42.5);
    assert_int_equal(cell(&b, 0, 2)->kind, K_BOOL);
    assert_true(cell(&b, 0, 2)->d == 1);
    assert_int_equal(cell(&b, 0, 3)->kind, K_ERR);
    assert_string_equal(cell(&b, 0, 4)->s, "cached");           /* a formula: its cached value */
    assert_null(cell(&b, 0, 5));                                /* an empty cell is no cell */
    assert_string_equal(cell(&b, 1, 0)->s, "first");
    assert_string_equal(cell(&b, 1, 2)->s, "rich text");        /* runs joined, no phonetic run */
    /* A row and cells without references follow the previous ones. */
    assert_string_equal(cell(&b, 2, 0)->s, "no ref");
    /* Escapes: A, a surrogate pair made one emoji; NUL and a lone surrogate kept literally. */
    assert_string_equal(cell(&b, 2, 1)->s, "A\xF0\x9F\x98\x80 _x0000_ _xD800_");
    assert_false(b.date1904);
    xlsx_free_book(&b);
    /* maxcol: cells at or right of it are not kept. */
    assert_int_equal(read_book(&b, 2, err, sizeof err), 0);
    for (size_t i = 0; i < b.sheets[0].n; i++) assert_true(b.sheets[0].c[i].col < 2);
    xlsx_free_book(&b);
}

static void test_long_text_and_1904(void **state)
{
    (void)state;
    size_t n = WORKBOOK_MAX_CELL_TEXT + 100;
    const char *head = "<?xml version=\"1.0\"?><worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
    const char *tail = "</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>short</t></is></c></row></sheetData></worksheet>";
    char *sheet = malloc(strlen(head) + n + strlen(tail) + 1);
    strcpy(sheet, head);
    memset(sheet + strlen(head), 'x', n);
    strcpy(sheet + strlen(head) + n, tail);
    book(sheet, NULL, "<workbookPr date1904=\"1\"/>");
    free(sheet);
    struct xbook b;
    char err[256];
    assert_int_equal(read_book(&b, 10, err, sizeof err), 0);
    const struct xcell *c = cell(&b, 0, 0);
    assert_true(c->toolong);
    assert_true(strlen(c->s) <= WORKBOOK_MAX_CELL_TEXT);
    assert_false(cell(&b, 0, 1)->toolong);
    assert_true(b.date1904);
    xlsx_free_book(&b);
}

/* The file at path is refused with a message containing words. */
static void refused(const char *words)
{
    struct xbook b;
    char err[256];
    int rc = read_book(&b, 10, err, sizeof err);
    xlsx_free_book(&b);
    assert_int_equal(rc, -1);
    if (!strstr(err, words)) fail_msg("message \"%s\" lacks \"%s\"", err, words);
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    FILE *f = fopen(path, "w");
    fputs("PK not really", f);
    fclose(f);
    refused("not a zip");
    f = fopen(path, "w");
    fclose(f);
    refused("not a zip");
    struct part types[] = { { "[Content_Types].xml", "<Types/>", 0 } };
    write_zip(types, 1);
    refused("workbook.xml");
    struct part no_rels[] = { { "xl/workbook.xml", WORKBOOK(""), 0 } };
    write_zip(no_rels, 1);
    refused("workbook.xml.rels");
    struct part no_sheet[] = { { "xl/workbook.xml", WORKBOOK(""), 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 } };
    write_zip(no_sheet, 2);
    refused("sheet1.xml");
    struct part no_sheets[] = { { "xl/workbook.xml", "<workbook " NS "><sheets/></workbook>", 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 } };
    write_zip(no_sheets, 2);
    refused("no sheets");
    struct part dangling[] = {
        { "xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId9\"/></sheets></workbook>", 0 },
        { "xl/_rels/workbook.xml.rels", RELS, 0 },
    };
    write_zip(dangling, 2);
    refused("no part");
}

static void test_hostile(void **state)
{
    (void)state;
    book("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet " NS "><sheetData/></worksheet>", NULL, NULL);
    refused("DOCTYPE");
    book(SHEET(""), "<?xml version=\"1.0\"?><!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst/>", NULL);
    refused("DOCTYPE");
    book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>"), NULL, NULL);
    refused("shared string");
    book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>"), SST("<si><t>x</t></si>"), NULL);
    refused("shared string");
    book(SHEET("<row r=\"1\"><c r=\"a1\"><v>1</v></c></row>"), NULL, NULL);
    refused("reference");
    book(SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), NULL, NULL);            /* column 16,385 */
    refused("reference");
    book(SHEET("<row r=\"0\"/>"), NULL, NULL);
    refused("row");
    book(SHEET("<row r=\"1048577\"/>"), NULL, NULL);
    refused("row");
    book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xC3\x28</t></is></c></row>"), NULL, NULL);
    refused("damaged");
    book("<worksheet><sheetData><row>", NULL, NULL);
    refused("damaged");
    /* Too many cells. */
    size_t cells = WORKBOOK_MAX_CELLS + 1;
    const char *open = "<worksheet><sheetData><row r=\"1\">", *close = "</row></sheetData></worksheet>";
    char *many = malloc(strlen(open) + cells * 4 + strlen(close) + 1), *p = many;
    p += sprintf(p, "%s", open);
    for (size_t i = 0; i < cells; i++) { memcpy(p, "<c/>", 4); p += 4; }
    strcpy(p, close);
    book(many, NULL, NULL);
    free(many);
    refused("too many cells");
    /* A part that inflates beyond the limit. */
    size_t n = WORKBOOK_MAX_ENTRY_BYTES + 1024;
    char *spaces = malloc(n);
    memset(spaces, ' ', n);
    memcpy(spaces, "<worksheet>", 11);
    struct part zb[] = {
        { "xl/workbook.xml", WORKBOOK(""), 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 }, { "xl/worksheets/sheet1.xml", spaces, n },
    };
    write_zip(zb, 3);
    free(spaces);
    refused("too large");
    /* Too many sheets. */
    char wb[16384] = "<workbook " NS "><sheets>";
    for (unsigned i = 0; i <= WORKBOOK_MAX_SHEETS; i++) {
        char s[96];
        snprintf(s, sizeof s, "<sheet name=\"S%u\" sheetId=\"%u\" r:id=\"rId1\"/>", i, i + 1);
        strcat(wb, s);
    }
    strcat(wb, "</sheets></workbook>");
    struct part ms[] = { { "xl/workbook.xml", wb, 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 }, { "xl/worksheets/sheet1.xml", SHEET(""), 0 } };
    write_zip(ms, 3);
    refused("too many sheets");
}

/* A sheet part of n bytes: "<worksheet><sheetData>" then unit repeated (owned). */
static char *repeated(const char *unit, size_t times, size_t *n)
{
    const char *open = "<worksheet><sheetData>";
    size_t ul = strlen(unit), ol = strlen(open);
    *n = ol + ul * times;
    char *s = malloc(*n + 1);
    assert_non_null(s);
    memcpy(s, open, ol);
    for (size_t i = 0; i < times; i++) memcpy(s + ol + i * ul, unit, ul);
    s[*n] = 0;
    return s;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Issue 13: bombs built in memory, each refused fast with memory flat, before anything grows. */
static void test_bombs(void **state)
{
    (void)state;
    struct xbook b;
    char err[256];
    /* The bomb: 6 million nested elements deflated to about 54 KB (a ratio of about 330: under the ratio
       check's radar only because the sheet is stored here, so that it reaches expat). */
    size_t n;
    char *deep = repeated("<a>", 6000000, &n);
    struct part dp[] = { { "xl/workbook.xml", WORKBOOK(""), 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 },
                         { "xl/worksheets/sheet1.xml", deep, n } };
    write_zip_as(dp, 3, 0);
    free(deep);
    long before = maxrss_kb();
    clock_t t0 = clock();
    assert_int_equal(read_book(&b, 100, err, sizeof err), -1);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    xlsx_free_book(&b);
    assert_non_null(strstr(err, "nested too deeply"));
    assert_true(secs < 1.0);
    assert_true(maxrss_kb() - before < 16 * 1024);   /* was about 0.8 GB */
    /* The same deflated: refused on its declared sizes, before inflating a byte. */
    deep = repeated("<a>", 6000000, &n);
    dp[2].data = deep;
    dp[2].len = n;
    write_zip(dp, 3);
    free(deep);
    assert_int_equal(read_book(&b, 100, err, sizeof err), -1);
    xlsx_free_book(&b);
    assert_non_null(strstr(err, "compressed more than"));
    /* Many elements, flat and stored (no ratio to catch): stopped at the count. */
    char *flat = repeated("<a/>", WORKBOOK_MAX_XML_ELEMENTS + 1, &n);
    struct part fp[] = { { "xl/workbook.xml", WORKBOOK(""), 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 },
                         { "xl/worksheets/sheet1.xml", flat, n } };
    write_zip_as(fp, 3, 0);
    free(flat);
    assert_int_equal(read_book(&b, 100, err, sizeof err), -1);
    xlsx_free_book(&b);
    assert_non_null(strstr(err, "too many XML elements"));
    /* A zip bomb: 19 MB of spaces deflated about 1,000 times, under the per-entry size limit. */
    n = 19u * 1024 * 1024;
    char *sp = malloc(n);
    memset(sp, ' ', n);
    memcpy(sp, "<worksheet>", 11);
    struct part zp[] = { { "xl/workbook.xml", WORKBOOK(""), 0 }, { "xl/_rels/workbook.xml.rels", RELS, 0 },
                         { "xl/worksheets/sheet1.xml", sp, n } };
    write_zip(zp, 3);
    free(sp);
    before = maxrss_kb();
    assert_int_equal(read_book(&b, 100, err, sizeof err), -1);
    xlsx_free_book(&b);
    assert_non_null(strstr(err, "compressed more than"));
    assert_true(maxrss_kb() - before < 4 * 1024);
    /* Too many entries: refused before any is looked up. */
    size_t ne = WORKBOOK_MAX_ZIP_ENTRIES + 1;
    struct part *many = calloc(ne, sizeof *many);
    char (*names)[32] = calloc(ne, sizeof *names);
    many[0] = (struct part){ "xl/workbook.xml", WORKBOOK(""), 0 };
    many[1] = (struct part){ "xl/_rels/workbook.xml.rels", RELS, 0 };
    many[2] = (struct part){ "xl/worksheets/sheet1.xml", SHEET(""), 0 };
    for (size_t i = 3; i < ne; i++) {
        snprintf(names[i], sizeof names[i], "xl/media/x%zu.bin", i);
        many[i] = (struct part){ names[i], "x", 1 };
    }
    write_zip(many, ne);
    free(many);
    free(names);
    assert_int_equal(read_book(&b, 100, err, sizeof err), -1);
    xlsx_free_book(&b);
    assert_non_null(strstr(err, "more than a workbook ever has"));
    /* Just under the limits: a workbook of 1,000 entries and XML 60 deep is read. */
    char nest[1024] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>7</v></c></row><extLst>";
    for (int i = 0; i < 57; i++) strcat(nest, "<e>");
    for (int i = 0; i < 57; i++) strcat(nest, "</e>");
    strcat(nest, "</extLst></sheetData></worksheet>");
    book(nest, NULL, NULL);
    assert_int_equal(read_book(&b, 100, err, sizeof err), 0);
    assert_non_null(cell(&b, 0, 0));
    xlsx_free_book(&b);
}

/* The static helpers: cell references and OOXML escapes. */
static void test_parsers(void **state)
{
    (void)state;
    uint32_t row = 0, col = 0;
    assert_true(parse_ref("A1", &row, &col));
    assert_int_equal(row, 0);
    assert_int_equal(col, 0);
    assert_true(parse_ref("AB12", &row, &col));
    assert_int_equal(col, 27);
    assert_int_equal(row, 11);
    assert_true(parse_ref("XFD1048576", &row, &col));
    assert_int_equal(col, 16383);
    const char *bad[] = { "", "A", "1", "A0", "a1", "A1 ", "1A", "XFE1", "A1048577", "AAAAA1", "A123456789", "$A$1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse_ref(bad[i], &row, &col)) fail_msg("accepted %s", bad[i]);
    char *s = unescape_x("_x005F_x0041_", 13);
    assert_string_equal(s, "_x0041_");                           /* an escaped underscore keeps the rest literal */
    free(s);
    s = unescape_x("a_x000D__x000A_b", 16);
    assert_string_equal(s, "a\r\nb");
    free(s);
    s = unescape_x("line_x000B_break", 16);                     /* Word's line break, pasted: a line break */
    assert_string_equal(s, "line\nbreak");
    free(s);
    s = unescape_x("_xFFFF_ _xDC00_ _x12_ _x", 24);
    assert_string_equal(s, "_xFFFF_ _xDC00_ _x12_ _x");      /* non-characters, lone halves, short forms */
    free(s);
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/poaiss-xlsx-read-%d.xlsx", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers), cmocka_unit_test(test_cells), cmocka_unit_test(test_long_text_and_1904), cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_hostile), cmocka_unit_test(test_bombs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

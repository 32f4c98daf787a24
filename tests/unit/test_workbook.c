/*
 * Unit tests: domain/workbook — the XLSX round trip (export, then import gives the answers back),
 * hand-made workbooks as other spreadsheet programs save them (shared strings, rich text, booleans,
 * formulas, date serials, inserted table rows), per-cell errors, and hostile files (not a zip, no
 * sheets, DOCTYPE entity bomb, zip bomb, too many cells, huge strings, invalid UTF-8, wrong cycle).
 * When LibreOffice is installed, the export is also re-saved by it and imported again.
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
#include <minizip/zip.h>

#include "domain/template.h"
#include "domain/workbook.h"

/* libxlsxwriter 1.1.4 (Debian 12) leaks the formula string of every LIST_FORMULA data validation (14 bytes or so
   each; xlsx_write.c uses them only for the option lists that cannot be written in place).  Not ours to fix. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libxlsxwriter.so\n"; }

static const struct template *tpl;
static char dir[64];

static void tmp_path(char *out, size_t outlen, const char *name)
{
    snprintf(out, outlen, "%s/%s", dir, name);
}

static const char *ANSWERS =
    "{"
    "\"coord.body\": \"yes\","
    "\"coord.body.details\": {\"title\": \"Ms\", \"name\": \"Amina Wanjiru\", \"organisation\": \"National Focal Point on SALW\","
    "  \"address\": \"Bishops Road\\nNairobi\", \"telephone\": \"254712345678\", \"email\": \"nfp@example.go.ke\"},"
    "\"coord.body.members\": {\"women\": 3, \"men\": 9},"
    "\"coord.poc\": {\"name\": \"أحمد المنصوري\", \"organisation\": \"وزارة الخارجية\", \"email\": \"poc@example.org\"},"
    "\"coord.poc.iti_same\": \"no\","
    "\"coord.poc.iti\": {\"name\": \"王小明\", \"organisation\": \"公安部\", \"telephone\": \"+86 10 1234 5678\"},"
    "\"coord.nap\": \"developing\","
    "\"coord.nap.years\": {\"from\": 2021, \"to\": 2030},"
    "\"coord.nap.file\": {\"name\": \"nap.pdf\", \"type\": \"application/pdf\", \"bytes\": 482113,"
    "  \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"},"
    "\"coord.targets.details\": \"Line one\\nLine two with a literal _x0041_ and a tab\\there\\n\\nafter a blank line\","
    "\"coord.baseline.partners\": \"=SUM(A1) stays text, not a formula\","
    "\"manuf.marking.content\": {\"selected\": [\"manufacturer\", \"country\", \"serial\"], \"other\": \"proof mark\"},"
    "\"manuf.records.years\": 20,"
    "\"stock.review.frequency\": {\"other\": \"每两年一次，加上特别审查\"},"
    "\"transfer.import.marking.who\": \"state\","
    "\"stock.diversion.stockpiles\": 0,"
    "\"iti.trace.received.days\": 0.30000000000000004,"
    "\"surplus.destroyed\": ["
    "  {\"date\": \"2025-06\", \"weapons\": 1250, \"method\": \"cutting\", \"origin\": \"seized\"},"
    "  {\"date\": \"2024\", \"weapons\": 300, \"method\": \"other\", \"notes\": \"Destruction publique — 公开销毁 — إتلاف علني\"},"
    "  {\"weapons\": 7, \"origin\": \"collected\"}],"
    "\"transfer.laws.list\": [{\"title\": \"Firearms Act\", \"areas\": {\"selected\": [\"import\", \"export\"]}, \"since\": \"2015-03-01\","
    "  \"link\": \"https://example.org/act\"}],"
    "\"assist.needs\": [{\"category\": \"marking_recordkeeping\", \"kind\": \"equipment\", \"description\": \"Two marking machines\","
    "  \"estimated_cost_usd\": 85000.5, \"in_plan\": \"yes\"}],"
    "\"sdg1642.seized\": {\"pistols\": 120, \"rifles\": 45, \"total\": 165},"
    "\"gender.participation\": \"yes\","
    "\"challenges\": \"التحديات الرئيسية هي مراقبة الحدود.\\n第二行：中文文本。\""
    "}";

static json_t *load(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v) fprintf(stderr, "test json: %s at %d\n", e.text, e.line);
    assert_non_null(v);
    return v;
}

static void print_diff(json_t *want, json_t *got)
{
    const char *k;
    json_t *v;
    json_object_foreach(want, k, v)
        if (!json_equal(v, json_object_get(got, k))) {
            char *a = json_dumps(v, JSON_ENCODE_ANY), *b = json_dumps(json_object_get(got, k), JSON_ENCODE_ANY);
            fprintf(stderr, "  %s: want %s, got %s\n", k, a, b ? b : "(absent)");
            free(a);
            free(b);
        }
    json_object_foreach(got, k, v)
        if (!json_object_get(want, k)) fprintf(stderr, "  %s: not expected\n", k);
}

static void print_errors(json_t *errors)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        char *s = json_dumps(e, JSON_COMPACT);
        fprintf(stderr, "  %s\n", s);
        free(s);
    }
}

/* Read one entry of a zip into a NUL-terminated buffer (owned), or NULL. */
static char *zip_entry(const char *path, const char *name)
{
    unzFile uf = unzOpen64(path);
    if (!uf) return NULL;
    char *out = NULL;
    if (unzLocateFile(uf, name, 1) == UNZ_OK && unzOpenCurrentFile(uf) == UNZ_OK) {
        size_t len = 0, cap = 1 << 16;
        out = malloc(cap + 1);
        int n;
        while ((n = unzReadCurrentFile(uf, out + len, (unsigned)(cap - len))) > 0) {
            len += (size_t)n;
            if (len == cap) { cap *= 2; out = realloc(out, cap + 1); }
        }
        out[len] = 0;
        unzCloseCurrentFile(uf);
    }
    unzClose(uf);
    return out;
}

static void test_round_trip(void **state)
{
    (void)state;
    char path[128], err[256];
    tmp_path(path, sizeof path, "round.xlsx");
    json_t *answers = load(ANSWERS);
    assert_int_equal(workbook_export(tpl, answers, "Kenya", 2026, path, err, sizeof err), 0);

    /* the layout: About first, a sheet per section, the hidden lists sheet last, drop-downs */
    char *wbxml = zip_entry(path, "xl/workbook.xml");
    assert_non_null(wbxml);
    assert_non_null(strstr(wbxml, "<sheet name=\"About\" sheetId=\"1\""));
    assert_non_null(strstr(wbxml, "name=\"1 National coordination\""));
    assert_non_null(strstr(wbxml, "name=\"7 Marking, record-keeping and t\""));   /* cut at 31 characters */
    assert_non_null(strstr(wbxml, "name=\"lists\" sheetId=\"13\" state=\"hidden\""));
    assert_non_null(strstr(wbxml, "poaiss_list_1"));
    free(wbxml);
    char *s1 = zip_entry(path, "xl/worksheets/sheet2.xml");
    assert_non_null(s1);
    assert_non_null(strstr(s1, "<dataValidation type=\"list\""));
    assert_non_null(strstr(s1, "coord.body.details#telephone"));
    assert_non_null(strstr(s1, "t=\"inlineStr\""));   /* constant_memory: inline strings */
    free(s1);

    json_t *got = NULL, *errors = NULL;
    int rc = workbook_import(tpl, path, &got, &errors, NULL, err, sizeof err);
    if (rc != 0) { fprintf(stderr, "import: %d %s\n", rc, rc < 0 ? err : ""); print_errors(errors); }
    assert_int_equal(rc, 0);
    assert_null(errors);
    /* file answers are not carried by the workbook */
    json_object_del(answers, "coord.nap.file");
    if (!json_equal(answers, got)) print_diff(answers, got);
    assert_true(json_equal(answers, got));
    json_decref(got);

    /* LibreOffice, when installed: re-save the export as .xlsx with it and import that */
    if (system("command -v soffice >/dev/null 2>&1") == 0) {
        char cmd[1200], out[200], odir[128];
        tmp_path(odir, sizeof odir, "lo");
        snprintf(cmd, sizeof cmd, "mkdir -p %s && cp %s %s/lo-in.xlsx && cd %s && HOME=%s soffice --headless --norestore "
                 "--convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir out lo-in.xlsx >/dev/null 2>&1",
                 odir, path, odir, odir, odir);
        assert_int_equal(system(cmd), 0);
        snprintf(out, sizeof out, "%s/out/lo-in.xlsx", odir);
        rc = workbook_import(tpl, out, &got, &errors, NULL, err, sizeof err);
        if (rc != 0) { fprintf(stderr, "LibreOffice import: %d %s\n", rc, rc < 0 ? err : ""); print_errors(errors); }
        assert_int_equal(rc, 0);
        if (!json_equal(answers, got)) print_diff(answers, got);
        assert_true(json_equal(answers, got));
        json_decref(got);
        snprintf(cmd, sizeof cmd, "rm -rf %s", odir);
        assert_int_equal(system(cmd), 0);
    } else {
        fprintf(stderr, "  (LibreOffice is not installed: the re-save check is skipped)\n");
    }
    json_decref(answers);
    unlink(path);
}

static void test_empty_and_wrong_cycle(void **state)
{
    (void)state;
    char path[128], err[256];
    tmp_path(path, sizeof path, "empty.xlsx");
    assert_int_equal(workbook_export(tpl, NULL, NULL, 2026, path, err, sizeof err), 0);
    json_t *got = NULL, *errors = NULL;
    assert_int_equal(workbook_import(tpl, path, &got, &errors, NULL, err, sizeof err), 0);
    assert_int_equal(json_object_size(got), 0);   /* nothing answered: "no response" everywhere */
    json_decref(got);
    /* a workbook of 2026 does not go into a report of 2024 */
    const struct template *t24 = template_get(2024);
    assert_non_null(t24);
    assert_int_equal(workbook_import(t24, path, &got, &errors, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "2026"));
    assert_null(got);
    assert_null(errors);
    /* line breaks come back as spreadsheets keep them: CRLF and CR become LF */
    json_t *crlf = load("{\"challenges\": \"one\\r\\ntwo\\rthree\"}");
    assert_int_equal(workbook_export(tpl, crlf, "Kenya", 2026, path, err, sizeof err), 0);
    assert_int_equal(workbook_import(tpl, path, &got, &errors, NULL, err, sizeof err), 0);
    assert_string_equal(json_string_value(json_object_get(got, "challenges")), "one\ntwo\nthree");
    json_decref(got);
    json_decref(crlf);
    /* the export refuses a cycle that is not its template's */
    assert_int_equal(workbook_export(tpl, NULL, "Kenya", 2024, path, err, sizeof err), -1);
    unlink(path);
}

/* ---- hand-made workbooks ---- */

struct part { const char *name; const char *data; size_t len; };

static void write_zip(const char *path, const struct part *p, size_t n)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip64(zf, p[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 9, 1), ZIP_OK);
        size_t len = p[i].len ? p[i].len : strlen(p[i].data);
        for (size_t off = 0; off < len;) {
            unsigned chunk = len - off > (1u << 20) ? (1u << 20) : (unsigned)(len - off);
            assert_int_equal(zipWriteInFileInZip(zf, p[i].data + off, chunk), ZIP_OK);
            off += chunk;
        }
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define WORKBOOK_XML \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook " NS "><sheets>" \
    "<sheet name=\"About\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Answers\" sheetId=\"2\" r:id=\"rId2\"/>" \
    "<sheet name=\"Notes\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>"
#define RELS_XML \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>" \
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet3.xml\"/>" \
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" \
    "</Relationships>"
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define NUM(ref, v) "<c r=\"" ref "\"><v>" v "</v></c>"
#define SHEET(rows) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"
#define ABOUT(cycle) SHEET("<row r=\"3\">" IS("A3", "Reporting cycle") NUM("B3", cycle) "</row>" \
                           "<row r=\"20\">" IS("A20", "Format") IS("B20", "poaiss-workbook 1") "</row>")
#define NOTES SHEET("<row r=\"1\">" IS("A1", "my notes") IS("D1", "call the ministry") "</row>")
#define SST(items) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS ">" items "</sst>"

/* A workbook made of an About sheet (cycle), the sheet "Answers" with rows, a "Notes" sheet and shared strings. */
static void make_book(const char *path, const char *about, const char *answers_sheet, const char *sst)
{
    struct part p[] = {
        { "[Content_Types].xml", "<Types/>", 0 },
        { "xl/workbook.xml", WORKBOOK_XML, 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
        { "xl/worksheets/sheet1.xml", about, 0 },
        { "xl/worksheets/sheet2.xml", answers_sheet, 0 },
        { "xl/worksheets/sheet3.xml", NOTES, 0 },
        { "xl/sharedStrings.xml", sst ? sst : SST(""), 0 },
    };
    write_zip(path, p, sizeof p / sizeof p[0]);
}

static int import_file(const char *path, json_t **answers, json_t **errors, char *err, size_t errlen)
{
    *answers = *errors = NULL;
    int rc = workbook_import(tpl, path, answers, errors, NULL, err, errlen);
    if (rc < 0) { assert_null(*answers); assert_null(*errors); }
    if (rc == 0) { assert_non_null(*answers); assert_null(*errors); }
    if (rc == 1) { assert_null(*answers); assert_non_null(*errors); }
    return rc;
}

/* As Excel or LibreOffice save it: shared strings with rich-text runs and phonetic runs, booleans, a formula, a date
   that became a serial number, a row inserted in a table without its id, an escaped emoji, a notes sheet. */
static void test_other_programs(void **state)
{
    (void)state;
    char path[128], err[256];
    tmp_path(path, sizeof path, "excel.xlsx");
    const char *sst = SST("<si><t>Yes</t></si>"
                          "<si><r><rPr><b/></rPr><t>Once </t></r><r><t>a year</t></r><rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>"
                          "<si><t>coord.body</t></si>"
                          "<si><t xml:space=\"preserve\">  proof mark  </t></si>");
    const char *sheet = SHEET(
        "<row r=\"1\">" IS("A1", "Id (do not change)") IS("D1", "Your answer") "</row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"D2\" t=\"s\"><v>0</v></c></row>"
        "<row r=\"3\">" IS("A3", "stock.review.frequency") "<c r=\"D3\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"4\">" IS("A4", "manuf.records.years") NUM("D4", "25") "</row>"
        "<row r=\"5\">" IS("A5", "iti.trace.received.days") IS("D5", " 12.5 ") "</row>"
        "<row r=\"6\">" IS("A6", "coord.nap.years#from") NUM("D6", "2019") IS("E6", "help text is not read") "</row>"
        "<row r=\"7\">" IS("A7", "manuf.marking.content#serial") "<c r=\"D7\" t=\"b\"><v>1</v></c></row>"
        "<row r=\"8\">" IS("A8", "manuf.marking.content#year") IS("D8", "X") "</row>"
        "<row r=\"9\">" IS("A9", "manuf.marking.content#model") "<c r=\"D9\" t=\"b\"><v>0</v></c></row>"
        "<row r=\"10\">" IS("A10", "manuf.marking.content#other") "<c r=\"D10\" t=\"s\"><v>3</v></c></row>"
        "<row r=\"11\">" IS("A11", "coord.poc#name") IS("D11", "_xD83D__xDE00_ Ms A_x000D_") "</row>"
        "<row r=\"12\">" IS("A12", "coord.poc#email") "<c r=\"D12\" t=\"str\"><f>LOWER(\"A@B.ORG\")</f><v>a@b.org</v></c></row>"
        "<row r=\"13\">" IS("A13", "surplus.destroyed") "</row>"
        "<row r=\"14\" hidden=\"1\">" IS("A14", "surplus.destroyed#columns") IS("D14", "date") IS("E14", "weapons") IS("F14", "method") "</row>"
        "<row r=\"15\">" IS("A15", "surplus.destroyed#labels") IS("D15", "Date") IS("E15", "Number") "</row>"
        "<row r=\"16\">" IS("A16", "surplus.destroyed#1") NUM("D16", "43599") NUM("E16", "1250") IS("F16", "crushing or hydraulic shearing") "</row>"
        "<row r=\"17\">" NUM("D17", "2020") NUM("E17", "10") "</row>"
        "<row r=\"18\">" IS("A18", "surplus.destroyed#2") "</row>"
        "<row r=\"19\">" IS("A19", "transfer.laws.list#1") IS("D19", "Act") IS("E19", "Transit, trans-shipment;\nexport; Export") "</row>"
        "<row r=\"20\">" IS("A20", "gender.data") IS("D20", "developing") "</row>"
        "<row>" IS("A21", "coord.body.members#women") "<c r=\"D21\"><v>4</v></c><c><v>99</v></c><c t=\"inlineStr\"><is><t>not read</t></is></c></row>"
        "<row r=\"22\">" IS("A22", "unknown.question") "</row>");
    make_book(path, ABOUT("2026"), sheet, sst);
    json_t *got, *errors;
    int rc = import_file(path, &got, &errors, err, sizeof err);
    if (rc) { fprintf(stderr, "rc %d %s\n", rc, rc < 0 ? err : ""); print_errors(errors); }
    assert_int_equal(rc, 0);
    json_t *want = load("{\"coord.body\": \"yes\", \"stock.review.frequency\": \"yearly\", \"manuf.records.years\": 25,"
                        "\"iti.trace.received.days\": 12.5, \"coord.nap.years\": {\"from\": 2019},"
                        "\"manuf.marking.content\": {\"selected\": [\"serial\", \"year\"], \"other\": \"proof mark\"},"
                        "\"coord.poc\": {\"name\": \"😀 Ms A\", \"email\": \"a@b.org\"},"
                        "\"surplus.destroyed\": [{\"date\": \"2019-05-14\", \"weapons\": 1250, \"method\": \"crushing\"},"
                        "                        {\"date\": \"2020\", \"weapons\": 10}],"
                        "\"gender.data\": \"developing\", \"coord.body.members\": {\"women\": 4},"
                        "\"transfer.laws.list\": [{\"title\": \"Act\", \"areas\": {\"selected\": [\"transit\", \"transshipment\", \"export\"]}}]}");
    if (!json_equal(want, got)) print_diff(want, got);
    assert_true(json_equal(want, got));
    json_decref(want);
    json_decref(got);
    unlink(path);
}

static bool has_error(json_t *errors, const char *question, const char *cell, const char *words)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        json_t *q = json_object_get(e, "question");
        bool qok = question ? json_is_string(q) && strcmp(json_string_value(q), question) == 0 : json_is_null(q);
        const char *c = json_string_value(json_object_get(e, "cell")), *m = json_string_value(json_object_get(e, "message"));
        if (qok && c && strcmp(c, cell) == 0 && m && (!words || strstr(m, words))) return true;
    }
    return false;
}

static void test_cell_errors(void **state)
{
    (void)state;
    char path[128], err[256];
    tmp_path(path, sizeof path, "errors.xlsx");
    size_t big = 70 * 1024;
    char *huge = malloc(big + 1);
    memset(huge, 'a', big);
    huge[big] = 0;
    const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
        "<row r=\"2\">" IS("A2", "manuf.records.years") IS("D2", "abc") "</row>"
        "<row r=\"3\">" IS("A3", "transfer.records.years") NUM("D3", "250") "</row>"
        "<row r=\"4\">" IS("A4", "stock.review.frequency") IS("D4", "Weekly") "</row>"
        "<row r=\"5\">" IS("A5", "foo.bar") IS("D5", "yes") "</row>"
        "<row r=\"6\">" IS("A6", "foo.baz") "</row>"
        "<row r=\"7\">" IS("C7", "a note in C is fine") IS("D7", "orphan") "</row>"
        "<row r=\"8\">" IS("A8", "coord.body") IS("D8", "Yes") "</row>"
        "<row r=\"9\">" IS("A9", "coord.body") IS("D9", "No") "</row>"
        "<row r=\"10\">" IS("A10", "surplus.destroyed#columns") IS("D10", "date") IS("E10", "weapons") "</row>"
        "<row r=\"11\">" IS("A11", "surplus.destroyed#1") IS("D11", "2019") "</row>"
        "<row r=\"12\">" IS("A12", "surplus.destroyed#2") IS("E12", "many") "</row>"
        "<row r=\"13\">" IS("A13", "stock.diversion.stockpiles") NUM("D13", "-1") "</row>"
        "<row r=\"14\">" IS("A14", "manuf.marking.content#serial") IS("D14", "maybe") "</row>"
        "<row r=\"15\">" IS("A15", "stock.review.frequency#other") IS("D15", "weekly") "</row>"
        "<row r=\"16\">" IS("A16", "coord.poc#email") IS("D16", "no-at-sign") "</row>"
        "<row r=\"17\">" IS("A17", "coord.targets.details") "<c r=\"D17\" t=\"inlineStr\"><is><t>";
    const char *tail = "</t></is></c></row><row r=\"18\">" IS("A18", "coord.body.members#women") NUM("D18", "2.5") "</row>"
        "<row r=\"19\">" IS("A19", "coord.nap") "<c r=\"D19\" t=\"e\"><v>#N/A</v></c></row>"
        "<row r=\"20\">" IS("A20", "transfer.laws.list#1") IS("D20", "Act") IS("E20", "Export; the Moon") "</row>"
        "<row r=\"21\">" IS("A21", "foo.qux") IS("E21", "help text of a row whose id was changed") "</row>"
        "</sheetData></worksheet>";
    char *sheet = malloc(strlen(head) + big + strlen(tail) + 1);
    sprintf(sheet, "%s%s%s", head, huge, tail);
    make_book(path, ABOUT("2026"), sheet, NULL);
    free(sheet);
    free(huge);
    json_t *got, *errors;
    assert_int_equal(import_file(path, &got, &errors, err, sizeof err), 1);
    assert_true(has_error(errors, "manuf.records.years", "D2", "enter a number"));
    assert_true(has_error(errors, "transfer.records.years", "D3", "at most 200"));
    assert_true(has_error(errors, "stock.review.frequency", "D4", "list"));
    assert_true(has_error(errors, "foo.bar", "A5", "Unknown id"));   /* unknown id with an answer: an error */
    assert_true(has_error(errors, NULL, "D7", "no id"));
    assert_true(has_error(errors, "coord.body", "D9", "twice"));
    assert_true(has_error(errors, "surplus.destroyed", "D11", "required"));
    assert_true(has_error(errors, "surplus.destroyed", "E12", "enter a number"));
    assert_true(has_error(errors, "stock.diversion.stockpiles", "D13", "at least 0"));
    assert_true(has_error(errors, "manuf.marking.content", "D14", "x"));
    assert_true(has_error(errors, "stock.review.frequency", "D15", NULL) || has_error(errors, "stock.review.frequency", "D4", NULL));
    assert_true(has_error(errors, "coord.poc", "D16", "@"));
    assert_true(has_error(errors, "coord.targets.details", "D17", "64 KB"));
    assert_true(has_error(errors, "coord.body.members", "D18", "whole number"));
    assert_true(has_error(errors, "coord.nap", "D19", "error"));
    assert_true(has_error(errors, "transfer.laws.list", "E20", "the Moon"));
    /* foo.baz (unknown, empty) is ignored; every error has the five members */
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        assert_int_equal(json_object_size(e), 5);
        assert_true(json_is_string(json_object_get(e, "sheet")));
        assert_string_equal(json_string_value(json_object_get(e, "sheet")), "Answers");
    }
    assert_false(has_error(errors, "foo.baz", "A6", NULL));
    assert_false(has_error(errors, "foo.qux", "A21", NULL));
    assert_int_equal(json_array_size(errors), 15);   /* D15 is not read once D4 is wrong */
    json_decref(errors);
    unlink(path);
}

/* 1,000 rows reusing one bad shared string: the first 200 errors are listed (in row order), all 1,000 counted. */
static void test_error_cap(void **state)
{
    (void)state;
    char path[128], err[256] = "";
    tmp_path(path, sizeof path, "many-errors.xlsx");
    const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
                       "<row r=\"1\">" IS("A1", "coord.body") IS("D1", "Yes") "</row>";   /* a known id: the sheet is read */
    const char *tail = "</sheetData></worksheet>";
    size_t cap = strlen(head) + strlen(tail) + 1000 * 100 + 1, len = 0;
    char *sheet = malloc(cap);
    len += (size_t)snprintf(sheet + len, cap - len, "%s", head);
    for (int r = 2; r < 1002; r++)
        len += (size_t)snprintf(sheet + len, cap - len, "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>0</v></c><c r=\"D%d\" t=\"s\"><v>0</v></c></row>",
                                r, r, r);
    snprintf(sheet + len, cap - len, "%s", tail);
    make_book(path, ABOUT("2026"), sheet, SST("<si><t>no.such.question</t></si>"));
    free(sheet);
    json_t *got = NULL, *errors = NULL;
    size_t nerrors = 0;
    int rc = workbook_import(tpl, path, &got, &errors, &nerrors, err, sizeof err);
    if (rc != 1) fprintf(stderr, "rc %d: %s\n", rc, err);
    assert_int_equal(rc, 1);
    assert_null(got);
    assert_int_equal(nerrors, 1000);
    assert_int_equal(json_array_size(errors), WORKBOOK_MAX_LISTED_ERRORS);
    assert_int_equal(WORKBOOK_MAX_LISTED_ERRORS, 200);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "cell")), "A2");
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 199), "cell")), "A201");
    json_decref(errors);
    /* the count is optional */
    assert_int_equal(workbook_import(tpl, path, &got, &errors, NULL, err, sizeof err), 1);
    assert_int_equal(json_array_size(errors), WORKBOOK_MAX_LISTED_ERRORS);
    json_decref(errors);
    unlink(path);
}

/* ---- hostile files: -1 with a message, never a crash ---- */

static void expect_unreadable(const char *path, const char *words)
{
    char err[256] = "";
    json_t *got, *errors;
    int rc = import_file(path, &got, &errors, err, sizeof err);
    if (rc != -1) print_errors(errors);
    assert_int_equal(rc, -1);
    assert_true(err[0] != 0);
    if (words && !strstr(err, words)) fprintf(stderr, "message: %s (wanted %s)\n", err, words);
    if (words) assert_non_null(strstr(err, words));
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "junk.xlsx");
    FILE *f = fopen(path, "w");
    fputs("hello, I am not a zip", f);
    fclose(f);
    expect_unreadable(path, "zip");
    f = fopen(path, "w");
    fclose(f);
    expect_unreadable(path, "zip");   /* empty file */
    expect_unreadable("/nonexistent/dir/x.xlsx", NULL);

    struct part only_types[] = { { "[Content_Types].xml", "<Types/>", 0 } };
    write_zip(path, only_types, 1);
    expect_unreadable(path, "workbook.xml");
    struct part no_sheets[] = {
        { "xl/workbook.xml", "<workbook " NS "><sheets/></workbook>", 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
    };
    write_zip(path, no_sheets, 2);
    expect_unreadable(path, "no sheets");
    struct part missing_part[] = {
        { "xl/workbook.xml", WORKBOOK_XML, 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
        { "xl/worksheets/sheet1.xml", ABOUT("2026"), 0 },
    };
    write_zip(path, missing_part, 3);
    expect_unreadable(path, "sheet2.xml");

    /* no About sheet, a changed About sheet, another cycle */
    struct part no_about[] = {
        { "xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
        { "xl/worksheets/sheet1.xml", SHEET(""), 0 },
    };
    write_zip(path, no_about, 3);
    expect_unreadable(path, "About");
    make_book(path, SHEET("<row r=\"1\">" IS("A1", "Reporting cycle") NUM("B1", "2026") "</row>"), SHEET(""), NULL);
    expect_unreadable(path, "not a poaiss workbook");
    make_book(path, ABOUT("2024"), SHEET(""), NULL);
    expect_unreadable(path, "2024");
    unlink(path);
}

static void test_hostile(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "hostile.xlsx");

    /* billion laughs in a sheet and in the workbook part */
    const char *bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
        "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>"
        "<worksheet " NS "><sheetData><row r=\"1\">" IS("A1", "coord.body") "<c r=\"D1\" t=\"inlineStr\"><is><t>&h;</t></is></c></row>"
        "</sheetData></worksheet>";
    make_book(path, ABOUT("2026"), bomb, NULL);
    expect_unreadable(path, "DOCTYPE");
    struct part wb_bomb[] = {
        { "xl/workbook.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><workbook>&x;</workbook>", 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
    };
    write_zip(path, wb_bomb, 2);
    expect_unreadable(path, "DOCTYPE");
    /* an undeclared entity */
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\">" IS("A1", "&undefined;") "</row>"), NULL);
    expect_unreadable(path, "damaged");

    /* zip bomb: a part that inflates to 30 MB */
    size_t n = 30u * 1024 * 1024;
    char *spaces = malloc(n);
    memset(spaces, ' ', n);
    memcpy(spaces, "<worksheet>", 11);
    struct part zb[] = {
        { "xl/workbook.xml", WORKBOOK_XML, 0 },
        { "xl/_rels/workbook.xml.rels", RELS_XML, 0 },
        { "xl/worksheets/sheet1.xml", ABOUT("2026"), 0 },
        { "xl/worksheets/sheet2.xml", spaces, n },
        { "xl/worksheets/sheet3.xml", NOTES, 0 },
    };
    write_zip(path, zb, 5);
    free(spaces);
    expect_unreadable(path, "too large");

    /* too many cells */
    size_t cells = 200001;
    const char *open = "<worksheet><sheetData><row r=\"1\">", *close = "</row></sheetData></worksheet>";
    char *many = malloc(strlen(open) + cells * 4 + strlen(close) + 1), *p = many;
    p += sprintf(p, "%s", open);
    for (size_t i = 0; i < cells; i++) { memcpy(p, "<c/>", 4); p += 4; }
    sprintf(p, "%s", close);
    make_book(path, ABOUT("2026"), many, NULL);
    free(many);
    expect_unreadable(path, "too many cells");

    /* invalid UTF-8, a missing shared string, a malformed reference, truncated XML */
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\">" IS("A1", "coord.body") IS("D1", "\xff\xfe\xc3") "</row>"), NULL);
    expect_unreadable(path, "damaged");
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\">" IS("A1", "coord.body") "<c r=\"D1\" t=\"s\"><v>7</v></c></row>"), NULL);
    expect_unreadable(path, "shared string");
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), NULL);
    expect_unreadable(path, "reference");
    make_book(path, ABOUT("2026"), "<worksheet><sheetData><row r=\"1\">", NULL);
    expect_unreadable(path, "damaged");
    make_book(path, ABOUT("2026"), SHEET("<row r=\"99999999999\"></row>"), NULL);
    expect_unreadable(path, "row");

    /* odd but harmless: escapes that must stay literal, a surrogate half, numbers that are not numbers */
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\">" IS("A1", "coord.baseline.partners") IS("D1", "_x0000_ _xD800_ _xZZZZ_ _x41_") "</row>"
                                         "<row r=\"2\">" IS("A2", "manuf.records.years") NUM("D2", "1e999") "</row>"),
              NULL);
    char err[256];
    json_t *got, *errors;
    assert_int_equal(import_file(path, &got, &errors, err, sizeof err), 1);
    assert_true(has_error(errors, "manuf.records.years", "D2", "error"));
    json_decref(errors);
    make_book(path, ABOUT("2026"), SHEET("<row r=\"1\">" IS("A1", "coord.baseline.partners") IS("D1", "_x0000_ _xD800_ _xZZZZ_ _x41_") "</row>"), NULL);
    assert_int_equal(import_file(path, &got, &errors, err, sizeof err), 0);
    assert_string_equal(json_string_value(json_object_get(got, "coord.baseline.partners")), "_x0000_ _xD800_ _xZZZZ_ _x41_");
    json_decref(got);
    unlink(path);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (template_init(err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); return -1; }
    tpl = template_get(2026);
    if (!tpl) return -1;
    snprintf(dir, sizeof dir, "/tmp/poaiss-wb-%d", (int)getpid());
    char cmd[128];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_empty_and_wrong_cycle),
        cmocka_unit_test(test_other_programs), cmocka_unit_test(test_cell_errors), cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_not_a_workbook), cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

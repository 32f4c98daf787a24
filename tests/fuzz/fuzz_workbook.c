/*
 * fuzz_workbook: libFuzzer driver for workbook_import (src/domain/workbook.c over src/domain/xlsx_read.c), the reader of uploaded
 * XLSX workbooks.  The first input byte chooses what the rest is:
 *   0      the whole .xlsx file (the zip layer, then whatever parts survive);
 *   1      the XML of the answers sheet, inside an otherwise valid poaiss workbook of the latest cycle;
 *   2      xl/sharedStrings.xml, with a sheet whose answer cells refer to shared strings 0-15;
 *   3      xl/workbook.xml (sheet list and relationships ids);
 * so that most inputs get past the zip layer and exercise the XML handling, the cell model and the
 * rebuilding of answers.  Besides memory errors (ASan/UBSan) and leaks, it checks what workbook.h
 * promises: -1 leaves both outputs NULL and says why; 0 gives an answers object whose every value
 * passes answer_check; 1 gives a non-empty list of errors of five members each.
 *
 * FUZZ_SRC: src/domain/workbook.c src/domain/xlsx_read.c src/domain/template.c src/domain/answer.c src/domain/answer_cell.c
 * FUZZ_SRC: src/util/embed.c src/util/mem.c src/util/buf.c src/util/i18n.c src/util/text.c build/gen/embedded.c
 * FUZZ_LIBS: jansson expat minizip xlsxwriter
 * FUZZ_LDFLAGS: -lm -lpthread
 *
 * Seeded with the demo's own workbooks (tests/fuzz/corpus/fuzz_workbook/: two whole workbooks of the
 * latest cycle, an answers sheet, a workbook.xml and shared strings, each behind its mode byte), so that
 * the runs start past the zip layer.  Built and run by tests/fuzz/run.sh (make fuzz, make fuzz-short).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <minizip/zip.h>

#include "domain/template.h"
#include "domain/workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_workbook: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char WORKBOOK[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " NS "><sheets>"
    "<sheet name=\"About\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"1 Answers\" sheetId=\"2\" r:id=\"rId2\"/>"
    "</sheets></workbook>";
static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
static char about[512];
static char sst_sheet[8192];
static const char SST[] = "<sst " NS "><si><t>Yes</t></si></sst>";

static const struct template *tpl;
static char path[64];

static void setup(void)
{
    char err[256];
    if (template_init(err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); abort(); }
    tpl = template_get(template_latest_cycle());
    CHECK(tpl != NULL);
    snprintf(path, sizeof path, "/tmp/fuzz_workbook-%d.xlsx", (int)getpid());
    snprintf(about, sizeof about,
             "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Reporting cycle</t></is></c>"
             "<c r=\"B1\"><v>%d</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Format</t></is></c>"
             "<c r=\"B2\" t=\"inlineStr\"><is><t>poaiss-workbook 1</t></is></c></row></sheetData></worksheet>", tpl->cycle);
    /* for mode 2: the first questions of the template, each answered by a shared string */
    size_t n = (size_t)snprintf(sst_sheet, sizeof sst_sheet, "<worksheet " NS "><sheetData>");
    for (size_t i = 0; i < 16 && i < tpl->nq; i++)
        n += (size_t)snprintf(sst_sheet + n, sizeof sst_sheet - n,
                              "<row r=\"%zu\"><c r=\"A%zu\" t=\"inlineStr\"><is><t>%s</t></is></c><c r=\"D%zu\" t=\"s\"><v>%zu</v></c></row>",
                              i + 2, i + 2, tpl->q[i].id, i + 2, i);
    snprintf(sst_sheet + n, sizeof sst_sheet - n, "</sheetData></worksheet>");
}

static void part(zipFile zf, const char *name, const void *p, size_t len)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    CHECK(zipOpenNewFileInZip(zf, name, &zi, NULL, 0, NULL, 0, NULL, 0, 0) == ZIP_OK);   /* stored: fast */
    if (len) CHECK(zipWriteInFileInZip(zf, p, (unsigned)len) == ZIP_OK);
    CHECK(zipCloseFileInZip(zf) == ZIP_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tpl) setup();
    if (size < 1) return 0;
    int mode = data[0] % 4;
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    if (mode == 0) {
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (n) CHECK(fwrite(rest, 1, n, f) == n);
        CHECK(fclose(f) == 0);
    } else {
        zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
        CHECK(zf != NULL);
        part(zf, "xl/workbook.xml", mode == 3 ? (const void *)rest : WORKBOOK, mode == 3 ? n : strlen(WORKBOOK));
        part(zf, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS));
        part(zf, "xl/worksheets/sheet1.xml", about, strlen(about));
        if (mode == 1) part(zf, "xl/worksheets/sheet2.xml", rest, n);
        else part(zf, "xl/worksheets/sheet2.xml", sst_sheet, strlen(sst_sheet));
        if (mode == 2) part(zf, "xl/sharedStrings.xml", rest, n);
        else part(zf, "xl/sharedStrings.xml", SST, strlen(SST));
        CHECK(zipClose(zf, NULL) == ZIP_OK);
    }

    json_t *answers = (json_t *)1, *errors = (json_t *)1;
    char err[256] = "";
    int rc = workbook_import(tpl, path, &answers, &errors, NULL, err, sizeof err);
    CHECK(rc == -1 || rc == 0 || rc == 1);
    if (rc == -1) {
        CHECK(answers == NULL && errors == NULL);
        CHECK(err[0] != 0);
    } else if (rc == 0) {
        CHECK(json_is_object(answers) && errors == NULL);
        const char *k;
        json_t *v;
        json_object_foreach(answers, k, v) {
            const struct template_question *q = template_question(tpl, k);
            char e2[512];
            CHECK(q != NULL);
            CHECK(answer_check(q, v, e2, sizeof e2) == 0);
        }
    } else {
        CHECK(answers == NULL && json_is_array(errors) && json_array_size(errors) > 0);
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e) {
            CHECK(json_object_size(e) == 5);
            CHECK(json_is_string(json_object_get(e, "message")) && json_is_string(json_object_get(e, "cell")));
        }
    }
    json_decref(answers == (json_t *)1 ? NULL : answers);
    json_decref(errors == (json_t *)1 ? NULL : errors);
    unlink(path);
    return 0;
}

/*
 * xlsx_read: an .xlsx file (a zip of XML parts) read into cells, for the workbook import.
 * The zip is opened with minizip; workbook.xml, its relationships, the shared strings and every
 * sheet are streamed through expat, never inflated whole.  Cells come out per sheet, sorted by
 * row then column, as text, number, boolean or error; rich text is joined, phonetic runs are
 * left out, OOXML's "_xHHHH_" escapes are undone.
 *
 * Limits (hostile files, see workbook.h): at most WORKBOOK_MAX_ZIP_ENTRIES entries in the zip;
 * each entry inflates to at most WORKBOOK_MAX_ENTRY_BYTES (WORKBOOK_MAX_TOTAL_BYTES in all) and at
 * most WORKBOOK_MAX_RATIO times its compressed size (past WORKBOOK_RATIO_FLOOR), checked on the
 * declared sizes before inflating and on the bytes while inflating; XML nested at most
 * WORKBOOK_MAX_XML_DEPTH deep with WORKBOOK_MAX_XML_ELEMENTS elements in all (the parser is
 * stopped from the start-element handler, before expat's stacks grow); at most WORKBOOK_MAX_CELLS cells,
 * WORKBOOK_MAX_SHEETS sheets and WORKBOOK_MAX_CELL_TEXT bytes of text per cell (longer texts are
 * cut and marked toolong); a DOCTYPE (hence any entity declaration) is refused; malformed XML or
 * UTF-8 makes the file unreadable.
 */
#ifndef POAISS_DOMAIN_XLSX_READ_H
#define POAISS_DOMAIN_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <minizip/unzip.h>

#include "domain/workbook.h"

/* What a cell holds. */
enum { K_EMPTY, K_STR, K_NUM, K_BOOL, K_ERR };

struct xcell {
    uint32_t row, col;          /* 0-based */
    uint8_t kind;
    bool toolong;               /* the text was cut at WORKBOOK_MAX_CELL_TEXT */
    bool shared;                /* s points into the shared strings (not owned) */
    char *s;
    double d;
};

struct xsheet {
    char *name, *path;
    struct xcell *c;
    size_t n, cap;
};

struct xbook {
    unzFile uf;
    struct xsheet sheets[WORKBOOK_MAX_SHEETS];
    size_t nsheets;
    char **sst;
    bool *sst_long;
    size_t nsst, capsst;
    char *sst_path;
    bool date1904;
    size_t ncells, total;
    size_t nelements;           /* XML elements started in all the parts read */
    uint32_t maxcol;            /* cells at or right of this column are not kept */
};

/**
 * Open the zip at path and read workbook.xml, its relationships, the shared strings and every
 * sheet into b, which the caller zeroes first and may set b->maxcol in (cells at or right of
 * that column are not kept; 0 keeps none).  0, or -1 with a message for the user in err.
 * Whatever the result, free b with xlsx_free_book.
 */
int xlsx_read_book(struct xbook *b, const char *path, char *err, size_t errlen);

/** Free what xlsx_read_book put in b (not b itself). */
void xlsx_free_book(struct xbook *b);

#endif

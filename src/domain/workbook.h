/*
 * workbook: the offline round trip of a national report as an XLSX workbook.  A focal point
 * on a slow line downloads the report pre-filled, fills it in any spreadsheet program and
 * uploads it; the upload is read back into an answers document (see data/templates/README.md)
 * and checked question by question.  Nothing is written anywhere by the import: the caller
 * saves the answers it returns, all at once, or shows the errors.
 *
 * Layout of the workbook
 *   "About"    State, cycle, template version, date, instructions, and two rows the import
 *              checks: "Reporting cycle" (must equal the template's) and "Format"
 *              ("poaiss-workbook 1").
 *   one sheet per template section, named "<id> <title>" (at most 31 characters, without
 *              []:*?/\ and leading or trailing apostrophes), header row then:
 *              A = id (grey; the import matches on it, never on number or text), B = number,
 *              C = question text, D = answer (shaded cells), E = help.
 *              ynd/yn/single: D has a drop-down list of labels (single with "other": a row
 *                "ID#other" follows for the text; choose "Other" in D or just fill that row);
 *              number: D with a whole-number or decimal validation from min/max;
 *              text/date/url/email: D is a text cell (a length validation from max_length);
 *              multi: the question row, then a row per option "ID#OPTION" (D = x or empty)
 *                and "ID#other" (D = the other text) when the question allows it;
 *              contact: a row per member "ID#title" ... "ID#email";
 *              group: a row per field "ID#FIELD";
 *              table: the question row, a hidden row "ID#columns" with the column ids in D...,
 *                a header row "ID#labels" with the column labels, and one row per table row
 *                "ID#1", "ID#2" ... (the existing rows plus 10 empty ones, at most max_rows),
 *                one column per table column from D on (cell "ID#ROW#COLUMN" is column COLUMN's
 *                cell in row "ID#ROW"); a cell of a multi column holds labels separated by "; "
 *                (and "Other: text" when allowed);
 *              file: a row saying attachments are sent separately (not carried).
 *              Rows get a height that fits their wrapped text; sheets print landscape, one page wide.
 *   "lists"    hidden; every option list, as defined names poaiss_list_N.  A drop-down refers to its
 *              named list when the labels cannot be written in place (a comma in a label, or more than
 *              255 characters), and holds the list itself otherwise.
 *
 * Import rules
 *   - Rows are matched by the id in column A; numbers, texts, sheet names and row order do not
 *     matter.  Only column D (and, in a table block, the table's columns) is read.
 *   - A row with an unknown id in column A: ignored when its answer cell is empty, an error
 *     when it holds something (the answer cannot be placed).  A row without an id but with
 *     something in D: an error, except inside a table block, where it is a table row (so rows
 *     may be inserted in a table without copying the id).  An id answered twice: an error.
 *   - Sheets named "About" and "lists", and sheets with no known id, are not read for answers.
 *   - Values: labels or ids for lists (case-insensitive), x / yes / TRUE marks an option;
 *     numbers typed as text are accepted; a date typed into a date cell that the spreadsheet
 *     turned into a date serial comes back as YYYY-MM-DD (a whole number 1900-2100 as a year).
 *     Texts are trimmed and their line breaks become "\n" (spreadsheets keep no CR).  Integral
 *     numbers come back as JSON integers.  A multi question's "selected" follows the template's
 *     option order; its "other" text is the "other" member, never an "other" id in "selected".
 *   - Empty answers, empty members and empty table rows are left out ("no response").
 *   - file answers are not in the workbook and not in the result; the caller keeps the
 *     report's existing file answers.  A table or group cell of type file or multi that holds
 *     JSON (as the report stores it) is written and read back as that JSON.
 *
 * Limits of the import (hostile files): at most 1,000 zip entries; each entry inflates to at
 * most 20 MB (100 MB in all) and at most 200 times its compressed size once beyond 1 MB; XML
 * nested at most 64 deep, 4 million elements in all; at most 200,000 cells, 64 sheets and
 * 64 KB of text per cell; a DOCTYPE (hence any entity declaration) is refused; malformed XML
 * or UTF-8 makes the file unreadable (-1).  Every limit is checked before memory grows: the
 * declared sizes before inflating, the bytes while inflating, depth and count as each element
 * starts (the parser is stopped there).
 *
 * Files: xlsx_write.c (workbook_export), xlsx_read.c (the zip and XML read into cells),
 * workbook.c (workbook_import: the cells back into answers); workbook_internal.h holds the
 * layout they share.
 */
#ifndef POAISS_DOMAIN_WORKBOOK_H
#define POAISS_DOMAIN_WORKBOOK_H

#include <jansson.h>
#include <stddef.h>

#include "domain/template.h"

#define WORKBOOK_MAX_ENTRY_BYTES (20u * 1024 * 1024)
#define WORKBOOK_MAX_TOTAL_BYTES (100u * 1024 * 1024)
#define WORKBOOK_MAX_CELLS 200000u
#define WORKBOOK_MAX_CELL_TEXT (64u * 1024)
#define WORKBOOK_MAX_SHEETS 64u
/* Hostile XML and zip (issue 13): checked before anything grows (xlsx_read.c). */
#define WORKBOOK_MAX_XML_DEPTH 64u               /* open elements at once in one part (a sheet needs about 8) */
#define WORKBOOK_MAX_XML_ELEMENTS 4000000u       /* elements in all the parts read */
#define WORKBOOK_MAX_ZIP_ENTRIES 1000u           /* files in the zip (a 64-sheet workbook has about 150) */
#define WORKBOOK_MAX_RATIO 200u                  /* inflated / compressed size of one entry ... */
#define WORKBOOK_RATIO_FLOOR (1024u * 1024)      /* ... once it inflates beyond this */
#define WORKBOOK_EXTRA_ROWS 10
#define WORKBOOK_MAX_LISTED_ERRORS 200u          /* cell errors listed; the rest are only counted */

/**
 * Write the workbook of a report to path (libxlsxwriter, constant_memory mode), pre-filled
 * from answers (an object id -> value; NULL for none).  0, or -1 with a message in err (and no
 * file left at path).
 */
int workbook_export(const struct template *t, json_t *answers, const char *state_name, int cycle, const char *path,
                    char *err, size_t errlen);

/**
 * Read an uploaded workbook.  0: *answers_out = the answers it holds (owned), *errors_out = NULL.
 * 1: some cells are invalid; *errors_out = [{"question", "number", "sheet", "cell", "message"}]
 * (owned; the first WORKBOOK_MAX_LISTED_ERRORS errors in sheet and row order; "question"/"number"
 * are null when the row's id is unknown), *nerrors_out (unless NULL) = how many errors there are
 * in all, *answers_out = NULL.  -1 with err: not a readable xlsx, not a poaiss workbook, or made
 * for another cycle than t's; both outputs NULL.  *nerrors_out is 0 but with 1.
 */
int workbook_import(const struct template *t, const char *path, json_t **answers_out, json_t **errors_out, size_t *nerrors_out,
                    char *err, size_t errlen);

#endif

/*
 * table_export: every public list as a download, in three formats from one table.
 *
 * A page handler that sees its path end in .csv, .xlsx or .json (table_format_split) fills
 * a table once: the columns (a stable id, which heads the CSV and keys the JSON, and a label
 * for people, which heads the XLSX sheet), then the cells row by row, each text, number,
 * boolean or empty.  table_send() answers it as
 *   CSV   UTF-8 with a BOM (as /search.csv always did), RFC 4180, formula-guarded (util/csv.h);
 *   XLSX  one sheet, bold frozen header row with an autofilter, column widths from the
 *         contents, numbers and booleans as such (libxlsxwriter writes files only: through a
 *         temporary file that is always removed);
 *   JSON  an array of objects keyed by column id (numbers, booleans, null for empty); '<',
 *         '>' and '&' are written as \u escapes so the document never holds markup.
 * with the right Content-Type and Content-Disposition: attachment.  The page's own table of
 * links ("Download: CSV · XLSX · JSON", keeping the query string) comes from table_links().
 *
 * Callers decide what goes in: these downloads are cached for the public and must hold only
 * published data, whoever asks.
 */
#ifndef POAISS_WEB_TABLE_EXPORT_H
#define POAISS_WEB_TABLE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/buf.h"

enum table_format { TABLE_PAGE = 0, TABLE_CSV, TABLE_XLSX, TABLE_JSON };

/*
 * A column: id (ASCII, stable: the CSV header and the JSON key) and label (for people, already
 * translated; NULL: the id), both lent.  The rest matters only to the HTML rendering (table_html):
 * flags (TABLE_COL_*) and link, the 1-based index of the column whose text is the address this
 * cell links to (0: none); that column may be TABLE_COL_NOHTML, shown only in the downloads.
 */
enum {
    TABLE_COL_ROWHEAD = 1,      /* the row's header cell (<th scope="row">): the State, the cycle */
    TABLE_COL_NOHTML = 2,       /* in the downloads only (codes and addresses the page shows otherwise) */
    TABLE_COL_LTR = 4,          /* codes, dates, numbers: kept left to right in an Arabic page */
    TABLE_COL_NUM = 8,          /* right-aligned */
    TABLE_COL_DATE = 32,        /* an ISO date: the page writes it in its language (i18n_html_date), the downloads as it is */
    TABLE_COL_AMOUNT = 64,      /* a number the page writes in its language's digits and grouping (i18n_number), the downloads as it is */
    TABLE_COL_TAG = 16,         /* a status shown as a tag on the page: a text cell's text; a yes/no cell (table_bool) the column's label when yes, nothing when no */
};
struct table_col { const char *id, *label; unsigned flags; unsigned link; };

enum table_cell_kind { TABLE_CELL_EMPTY, TABLE_CELL_TEXT, TABLE_CELL_NUMBER, TABLE_CELL_BOOL };
/* user_at, user_len: the bytes of text a user wrote (table_text_user), isolated in <bdi> on the page; user_len 0: none. */
struct table_cell { enum table_cell_kind kind; char *text; double num; bool flag; size_t user_at, user_len; };

struct table {
    const struct table_col *cols;   /* lent until table_send */
    size_t ncols;
    struct table_cell *cells;       /* owned; row-major, ncols per row */
    size_t ncells, cap;
};

/** The format a path (or a path segment) asks for by its suffix; *stem_len (optional) gets its length without it. */
enum table_format table_format_split(const char *path, size_t *stem_len);

/** Start an empty table with these columns (lent; at least one). */
void table_init(struct table *t, const struct table_col *cols, size_t ncols);
/** Append a cell to the current row; a row is complete after ncols cells.  NULL text is an empty cell. */
void table_text(struct table *t, const char *s);
/**
 * A text cell holding text a user wrote (a title, a name; lent), between the system's own before and
 * after (lent; NULL for none): the downloads get before + user + after, the page the same with user
 * in <bdi> (html_user_text), so a bidi override in it cannot reorder the rest.  NULL user with no
 * before or after is an empty cell.
 */
void table_text_user(struct table *t, const char *before, const char *user, const char *after);
void table_int(struct table *t, long long v);
void table_number(struct table *t, double v);
void table_bool(struct table *t, bool v);
void table_empty(struct table *t);
/** Rows so far (a partly filled last row counts). */
size_t table_rows(const struct table *t);
/** Free the cells. */
void table_cleanup(struct table *t);

/**
 * Answer the table as fmt (not TABLE_PAGE), as an attachment named stem + suffix (stem: a
 * file name without extension such as "poaiss-states"; characters other than letters,
 * digits, '.', '-' and '_' become '_').  A 500 page when the workbook cannot be written.
 */
void table_send(const struct table *t, enum table_format fmt, const char *stem, struct http_request *req,
                struct http_response *res);

/**
 * The table as JSON: an array of objects keyed by column id, or with key {"key": [...], "count": n}
 * (the API's answer for a list: the same rows as the .json download).  '<', '>', '&' are escaped.
 */
void table_write_json(const struct table *t, const char *key, struct buf *out);

struct jsonw;
/**
 * The cells of row r as the members of a JSON object already open in w ("id": value ...), as
 * table_write_json writes them: for an API answer that adds members of its own to each row.
 */
void table_write_json_fields(const struct table *t, size_t r, struct jsonw *w);

/**
 * The table as an HTML table in a labelled, focusable region that scrolls sideways on a
 * narrow screen: caption (plain text, shown unless caption_hidden), a header row from the
 * labels, a row per row; empty cells show "—", booleans Yes/No, links from the link column.
 * id makes the caption's id (ASCII).  Every text is escaped.
 */
void table_html(struct buf *b, const struct table *t, const char *id, const char *caption, bool caption_hidden);

/**
 * Write the line of download links for the page at path (a site path such as "/states" or
 * "/questions/coord.nap": each segment is percent-encoded), carrying the request's query
 * parameters but "page".
 */
void table_links(struct buf *b, struct http_request *req, const char *path);

#endif

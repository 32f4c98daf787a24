/*
 * answer_cell: the answer types' operations on spreadsheet cells, one home for the workbook's
 * round trip (answer.h has validation and text, answer_html.h the pages).  A cell read from an
 * uploaded workbook becomes the value of its question's type (labels to option ids, date
 * serials to dates, numbers typed as text to numbers); a value becomes what its cell shows
 * (labels for lists, "; "-separated choices), and a type names the choices of its drop-down.
 * Values are converted here, never validated: answer_check does that.
 */
#ifndef POAISS_DOMAIN_ANSWER_CELL_H
#define POAISS_DOMAIN_ANSWER_CELL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/answer.h"

enum answer_cell_kind { ANSWER_CELL_EMPTY, ANSWER_CELL_STR, ANSWER_CELL_NUM, ANSWER_CELL_BOOL, ANSWER_CELL_ERR };

/* A cell as the reader found it.  s is lent (STR: the text; ERR: the error's name). */
struct answer_cell {
    enum answer_cell_kind kind;
    const char *s;
    double d;                   /* NUM: the number; BOOL: 0 or 1 */
    bool toolong;               /* the text was cut at WORKBOOK_MAX_CELL_TEXT */
    bool date1904;              /* the workbook counts dates from 1904 */
};

/* Whether a cell holds something (blank text is empty). */
bool answer_cell_filled(const struct answer_cell *c);

/*
 * A cell as the value of a question or member of type t (spec: its template JSON, may be NULL).
 * 0: empty (no answer); 1: *out set (owned by the caller); -1: msg set (English, for the
 * workbook's error list).
 */
int answer_cell_read(enum answer_type t, json_t *spec, const struct answer_cell *c, json_t **out, char *msg, size_t msglen);

/* What a cell shows for a value. */
struct answer_cell_shown {
    enum answer_cell_kind kind; /* EMPTY, STR (s) or NUM (num) */
    char *s;                    /* owned; free with answer_cell_shown_free */
    json_t *num;                /* lent from the value */
    bool textual;               /* the cell is formatted as text (false: numbers and choices) */
    bool json;                  /* s is the value's JSON (a file reference, an odd shape) */
};

/* The cell for value v (NULL or null: empty) of type t: labels for yes/no and single choices, "a; b; Other: x" for multi. */
void answer_cell_show(enum answer_type t, json_t *spec, json_t *v, struct answer_cell_shown *out);
void answer_cell_shown_free(struct answer_cell_shown *c);

/* The labels a drop-down offers for a field or question of type t, or NULL (no list).  Owned. */
json_t *answer_cell_choices(enum answer_type t, json_t *spec);

/* The trimmed copy of s, line breaks as "\n" (CRLF and CR become LF).  Owned. */
char *answer_cell_trim(const char *s);
/* ASCII case-insensitive equality. */
bool answer_cell_ieq(const char *a, const char *b);
/* s cut to at most max bytes without splitting a UTF-8 sequence, into out (for quoting user text in messages). */
void answer_cell_quote(const char *s, size_t max, char *out, size_t outlen);

#endif

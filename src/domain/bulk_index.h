/*
 * bulk_index: an import's search rows, computed from the answers it has parsed.  For each
 * published report: one full-text row per answered question (the text, number and string atoms of
 * the answer in document order, joined by spaces, without a file's sha256) and its answer_value
 * rows ('' for the row, then each value), the rows the trigger on report_version writes
 * (migrations 0004, 0005, 0018) when a report is published one at a time.
 */
#ifndef POAISS_DOMAIN_BULK_INDEX_H
#define POAISS_DOMAIN_BULK_INDEX_H

#include <jansson.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "store/store.h"


/* The search rows of an import, gathered report by report and written at its end. */
struct bulk_rows {
    struct store_index_row *index;      /* owned (grown with mem.h); strings in text or lent by the answers */
    size_t nindex, index_cap;
    struct store_value_row *values;     /* owned; values lent by the answers */
    const char **value_question;        /* owned: the question of each value row (lent by the answers) */
    size_t nvalues, values_cap;
    struct arena text;                  /* the index rows' texts */
};

#define BULK_ROWS_INIT { NULL, 0, 0, NULL, NULL, 0, 0, ARENA_INIT }

/**
 * Gather the search rows of one published report into rows (answers and lang lent, and they
 * must outlive rows; answers without null or inactive answers); scratch is a buffer reused
 * between calls (owned by the caller).  Any thread (the import's checking thread): report_id may
 * be 0 and given later with bulk_rows_set_report.  0, or -1 on a database error.
 */
int bulk_index_report(struct store *s, struct bulk_rows *rows, long long report_id, int version, const char *lang,
                      json_t *answers, struct buf *scratch);
/* Where a report's rows start in a bulk_rows, or end (the counts of rows before them). */
struct bulk_mark { size_t index, values; };
/** The current end of rows (where the next report's rows will start). */
struct bulk_mark bulk_rows_mark(const struct bulk_rows *rows);
/** Give the rows from `from` to `to` (marks of rows) the report id id. */
void bulk_rows_set_report(struct bulk_rows *rows, struct bulk_mark from, struct bulk_mark to, long long id);
/**
 * Number the questions of keys (a JSON object used as a set of the question ids of the import's
 * published reports, lent) in the order of their ids, as the trigger's bulk step did, then write
 * the gathered rows (many to a statement, nothing else between them); a holds the numbers until
 * cleaned up by the caller.  0 or -1.
 */
int bulk_index_write(struct store *s, struct bulk_rows *rows, json_t *keys, struct arena *a);
/** Free what rows owns. */
void bulk_rows_cleanup(struct bulk_rows *rows);

#endif

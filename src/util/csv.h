/*
 * csv: an RFC 4180 writer that guards against formula injection: a field that starts
 * with '=', '+', '-', '@', tab or carriage return is prefixed with an apostrophe, so a
 * spreadsheet never runs a cell.  A field holding ',', ';', '"', tab, CR or LF is quoted, so
 * it stays one cell whatever list separator the reader's locale uses.  Invalid UTF-8
 * becomes U+FFFD.
 */
#ifndef POAISS_UTIL_CSV_H
#define POAISS_UTIL_CSV_H

#include <stdbool.h>

#include "util/buf.h"

/** Write one field (NULL: empty); first tells whether it starts a row. */
void csv_field(struct buf *b, const char *s, bool first);
/** End the row with CRLF. */
void csv_end_row(struct buf *b);

#endif

/*
 * error_summary: the box at the top of a page that lists what must be fixed, each item a
 * link to its field (the GOV.UK Design System's error summary).  Focus moves to it when the
 * page loads, so that keyboard and screen-reader users start from it: `autofocus` does it
 * without JavaScript where the browser honours it on a focusable div, and a small script
 * (static/error-summary.js, deferred) does it everywhere else; the script also moves focus
 * to the field when an item's link is followed.  The page works without the script.
 */
#ifndef POAISS_WEB_ERROR_SUMMARY_H
#define POAISS_WEB_ERROR_SUMMARY_H

#include "util/buf.h"

/**
 * Open the summary, headed by title (already translated; escaped here; NULL: "There is a
 * problem").  The caller writes the rest (a <p>, a <ul> of links) and then error_summary_end.
 * One per page: it has the id "error-summary" and its heading "error-summary-title".
 */
void error_summary_begin(struct buf *b, const char *title);
/** Close the summary and load the script that moves focus to it. */
void error_summary_end(struct buf *b);

#endif

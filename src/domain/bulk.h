/*
 * bulk: importing and exporting many reports at once, as JSON Lines: one report per
 * line, {"state": ISO3, "cycle": year, "status": "draft"|"published", "language": "en",
 * "synthetic": false, "answers": {question id: value}}.  An import is all or nothing:
 * every line is checked against its cycle's template first, and any error (reported
 * with its line number) leaves the database untouched.
 */
#ifndef POAISS_DOMAIN_BULK_H
#define POAISS_DOMAIN_BULK_H

#include <stdio.h>

struct store;

/**
 * Import from in.  Returns the number of reports imported, or -1 after printing every error to errs.
 * A second thread parses and checks the lines while this one writes those already checked, in
 * one transaction rolled back at the first bad line; that thread reads through its own read
 * connection, which stays open until the store is closed (one per import: for a command).
 */
long bulk_import(struct store *s, FILE *in, FILE *errs, FILE *progress);
/** Export published reports (latest version) of one cycle (0: all) to out.  Returns how many, or -1. */
long bulk_export(struct store *s, int cycle, FILE *out);

#endif

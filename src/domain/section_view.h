/*
 * section_view: the read side of one section of the template across States: for one real
 * cycle with a template, every State that published a report for it (optionally of a region
 * or a regional group), one row each, with its answers to the section's questions, and the
 * counts of yes / no / developing / no response under each question.  Only published
 * versions are read (a public, cached page).  "No response" and "not applicable" (skipped
 * by the template's conditions) are kinds of their own, never a No.  The result lives in the
 * caller's arena; web/sections.c renders it as the page, the downloads.
 */
#ifndef POAISS_DOMAIN_SECTION_VIEW_H
#define POAISS_DOMAIN_SECTION_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct store;
struct template_question;

enum section_kind { SECTION_NONE, SECTION_NA, SECTION_YES, SECTION_NO, SECTION_DEV, SECTION_VALUE };

struct section_cell {
    enum section_kind kind;
    const char *text;       /* SECTION_YES .. SECTION_VALUE: the short text in the asked language */
    bool is_number;         /* a number answer: num holds it */
    double num;
};

struct section_row {
    const char *iso3, *name;
    long long report;
    struct section_cell *cells;     /* one per question */
};

/** Per question: how many rows are yes, no, developing, no response. */
struct section_count { size_t yes, no, dev, none; };

struct section_view {
    int cycle;
    const char *id, *title;                  /* the section's id and title (the template's English; lent) */
    const struct template_question **q;      /* the section's questions in the cycle's template (lent) */
    size_t nq;
    int *cycles;                             /* the real cycles with a template, newest first */
    size_t ncycles;
    struct section_row *rows;                /* by State name */
    size_t nrows;
    struct section_count *counts;            /* one per question */
    bool synthetic;                          /* some row is synthetic demonstration data */
};

/** cycle 0: the newest cycle with a template; region, group: NULL for any (already checked). */
struct section_filter { int cycle; const char *region, *group; };

/**
 * Section id of the template of f->cycle, in lang.  0, or -1 with e (ERR_INVALID: the cycle
 * has no template; ERR_NOT_FOUND: no such section; ERR_STORE).
 */
int section_view_get(struct store *s, struct arena *a, const char *id, const char *lang, const struct section_filter *f,
                     struct section_view *out, struct err *e);

#endif

/*
 * crossview: the read side of one question across States: for the question, every State with
 * a published report, its answer in each real cycle whose template asks the question.  Only
 * published versions are read (these are public, cached pages).  The result lives in the
 * caller's arena; the page, its downloads and the API render it (web/questions.c).
 */
#ifndef POAISS_DOMAIN_CROSSVIEW_H
#define POAISS_DOMAIN_CROSSVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct store;
struct template_question;

/** One State's answer in one cycle. */
struct crossview_cell {
    bool reported;          /* the State has a published report for the cycle */
    const char *answer;     /* the answer as JSON text; NULL: no response (or not reported) */
    const char *text;       /* the answer's short text in the asked language; NULL when no answer */
};

struct crossview_row {
    const char *iso3, *name;        /* name: in the asked language */
    struct crossview_cell *cells;   /* one per cycle of the cross-view */
};

struct crossview {
    const struct template_question *q;   /* the question (of the newest template that has it; lent) */
    int *cycles;                         /* the real cycles whose template asks it, oldest first */
    size_t ncycles;
    struct crossview_row *rows;          /* by State name */
    size_t nrows;
};

/** Keep only the States whose answer is `answer` (a string answer or a selected option) in `cycle` (0: any). */
struct crossview_filter { int cycle; const char *answer; };

/**
 * Question qid across States, in lang, filtered by f (may be NULL).  Everything is allocated in a.
 * 0, or -1 with e (ERR_NOT_FOUND: no template has the question; ERR_STORE).
 */
int crossview_get(struct store *s, struct arena *a, const char *qid, const char *lang, const struct crossview_filter *f,
                  struct crossview *out, struct err *e);

/** How many rows of x answered value in the cycle at index ci. */
size_t crossview_count(const struct crossview *x, size_t ci, const char *value);

#endif

/*
 * changes: the read side of "what changed" in one State's reports: rows are the questions of
 * the newest template, by section and in its order; columns are the cycles for which the
 * State has a published report (its latest version; drafts are never read: a public, cached
 * page).
 *
 * A row follows the question back through the templates' maps (renamed, split, merged): in
 * an older cycle it may have had another id, or several (a merge), or none (a new question:
 * "not asked").  Each cell is not asked in that cycle, no response (asked and left
 * unanswered, never a No), or an answer.  A cell is marked changed when the same question
 * (the same number of ids) was asked in the State's previous published cycle too and the
 * answer, or its absence, differs; the order of selected options does not count.  Across a
 * merge (several old questions against one) no change is marked; across a rename or a split
 * each new question is compared with the old one, as pre-filling copies the old answer.
 *
 * Everything returned lives in the caller's arena; web/state_changes.c renders it.
 */
#ifndef POAISS_DOMAIN_CHANGES_H
#define POAISS_DOMAIN_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct store;
struct template_question;

enum changes_state { CHANGES_NOT_ASKED, CHANGES_NO_RESPONSE, CHANGES_ANSWERED };

/** A published report: a column. */
struct changes_col { long long report; int cycle, version; bool synthetic; const char *published_at; };

/** One id the question had in a cycle, with its number and its answer there. */
struct changes_part {
    const char *id, *number;    /* number: NULL when the cycle has no template */
    const char *text;           /* the answer's short text in the asked language; NULL: no response */
};

struct changes_cell {
    enum changes_state state;
    bool changed;
    struct changes_part *parts; /* the ids it was asked as (none when not asked) */
    size_t nparts;
    const char *value;          /* the answer as JSON text ({id: answer} when several ids); NULL: none */
};

struct changes_row {
    const struct template_question *q;   /* of the newest template (lent) */
    bool changed;                        /* some cell changed */
    struct changes_cell *cells;          /* one per column */
};

struct changes {
    const char *iso3, *name;     /* name: in the asked language */
    int template_cycle;          /* the cycle of the template whose questions are the rows */
    struct changes_col *cols;    /* oldest cycle first */
    size_t ncols;
    struct changes_row *rows;    /* every question, or only those that changed */
    size_t nrows;
    size_t nchanges;             /* changed cells in the rows listed */
    bool synthetic;              /* some report is synthetic demonstration data */
};

/**
 * What changed in State iso3's published reports (iso3 already checked), in lang; with
 * only_changed, only the questions whose answer changed.  0, or -1 with e (ERR_NOT_FOUND, ERR_STORE).
 */
int changes_get(struct store *s, struct arena *a, const char *iso3, const char *lang, bool only_changed,
                struct changes *out, struct err *e);

#endif

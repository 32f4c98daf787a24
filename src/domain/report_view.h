/*
 * report_view: one national report as the asker may see it, decided once for every page
 * and API handler of a report: whether the asker may see the working copy (a draft is
 * visible only to the State's focal points and the Secretariat; to anyone else it does not
 * exist), and which actions the report's status and the asker's rights allow now.  Pages
 * show buttons from `may` and never repeat the status rules of domain/report.c.
 *
 * Everything a report page, download or API answer shows comes from here: the report
 * (report_view_get), the list of reports (report_view_list), the answers shown with the
 * published versions, their notes and changes (report_view_answers), the events
 * (report_view_events) and the State's name (report_view_state_name).  Pages and API
 * handlers never read the store.  Values live in the caller's arena; jansson values said
 * to be owned are freed with report_shown_cleanup.
 */
#ifndef POAISS_DOMAIN_REPORT_VIEW_H
#define POAISS_DOMAIN_REPORT_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

/** What the asker may do with the report now (its status and the asker's rights). */
struct report_actions {
    bool author;        /* the State's own focal points: they write the report (its form, or why it is locked now) */
    bool edit;          /* change the answers: a draft or a returned report, by the State's focal points */
    bool submit;        /* send it to the Secretariat: the same */
    bool withdraw;      /* take a submitted report back to draft: the State's focal points */
    bool publish;       /* publish a submitted report: the Secretariat */
    bool return_;       /* return a submitted report with a comment: the Secretariat */
    bool reopen;        /* start a correction of a published report: the State's focal points */
};

/** A report as the asker sees it; strings in the caller's arena. */
struct report_view {
    long long id;
    const char *iso3;           /* the State's code */
    const char *status;         /* the working copy's status: draft, submitted, returned, published */
    const char *shown_status;   /* the status the asker may know: status for draft_view, else "published" */
    const char *language;       /* the report's language */
    int cycle;
    int version;                /* the latest published version; 0: never published */
    const char *updated_at;     /* last change, ISO 8601 UTC */
    const char *submitted_at;   /* last submission, ISO 8601 UTC, or NULL when never submitted */
    bool late;                  /* submitted after its cycle's deadline (domain/cycle.h) */
    bool synthetic;             /* generated for the demonstration */
    bool draft_view;            /* the asker may see the working copy */
    struct report_actions may;  /* all false unless draft_view */
    /* While the report is returned, to those who may see the working copy: the Secretariat's latest return. */
    const char *returned_at;    /* ISO 8601 UTC, or NULL */
    const char *return_comment; /* the comment, or NULL */
};

/**
 * Report id as who (NULL: the public) may see it, into out (strings in a).  need_draft_view:
 * only to those who may see the working copy.  0, or -1 with e: ERR_NOT_FOUND when there is
 * no such report or the asker may not see it (a draft's existence is not disclosed), ERR_STORE.
 */
int report_view_get(struct store *s, struct arena *a, const struct principal *who, long long id, bool need_draft_view,
                    struct report_view *out, struct err *e);

/** Which reports a list shows (report_view_list); NULL or 0: any. */
struct report_filter {
    const char *iso3;           /* one State's */
    int cycle;                  /* one cycle's */
    const char *status;         /* draft, submitted, returned: the working copy's status; published: reports
                                   with a published version (whatever their working copy) */
};

/**
 * The reports f chooses that who may see, each as report_view_get gives it (a report never
 * published is left out for whoever may not see its draft), into *out (an array of *n in a).
 * 0, or -1 with e (ERR_INVALID: a status not listed above; ERR_STORE).
 */
int report_view_list(struct store *s, struct arena *a, const struct principal *who, const struct report_filter *f,
                     struct report_view **out, size_t *n, struct err *e);

/** One event of a report's life as recorded (start, submit, return, publish, reopen ...). */
struct report_event {
    const char *at;             /* ISO 8601 UTC */
    const char *action;
    const char *actor;          /* username, or "cli" */
    const char *comment;        /* a return comment or a publication note, or NULL */
};

/**
 * The events of view v, oldest first, into *out (an array of *n in a).  Only for those who
 * may see the working copy (v->draft_view); for anyone else ERR_NOT_FOUND.  0, or -1 with e.
 */
int report_view_events(struct store *s, struct arena *a, const struct report_view *v, struct report_event **out,
                       size_t *n, struct err *e);

/** One published version: its date, its publication note and what it changed. */
struct report_version {
    int version;                /* 1, 2, ... */
    const char *published_at;   /* ISO 8601 UTC, in the arena */
    const char *note;           /* the publication note (public), in the arena, or NULL */
    json_t *changes;            /* owned: report_diff from the version before; NULL for version 1 */
};

/** The answers a report page or download shows: the working copy, or one published version. */
struct report_shown {
    json_t *answers;            /* owned (json_decref): the answers shown */
    json_t *revs;               /* owned: the working copy's revision of each answer (NULL for a published version) */
    json_t *diff;               /* owned: changes from the previous version, or for a correction's working copy the
                                   changes since the published version `since`; NULL when there is nothing to compare */
    const char *published_at;   /* in the arena; NULL for the working copy */
    const char *note;           /* the version's publication note, in the arena, or NULL */
    int version;                /* the version shown; 0: the working copy */
    int since;                  /* working copy of a published report: the version diff compares it with; else 0 */
    int count;                  /* how many versions are published */
    struct report_version *versions;    /* count of them, oldest first, in the arena (their changes owned) */
};

/**
 * The answers of view v to show: the working copy when working (only for those who may see
 * it: v->draft_view), or when nothing is published yet and the asker may see the draft;
 * else version want (0: the latest).  0, or -1 with e: ERR_NOT_FOUND (no such version),
 * ERR_STORE.  On success the caller frees out with report_shown_cleanup.
 */
int report_view_answers(struct store *s, struct arena *a, const struct report_view *v, int want, bool working,
                        struct report_shown *out, struct err *e);
/** Free what report_view_answers gave (the struct itself is the caller's). */
void report_shown_cleanup(struct report_shown *o);

/** The name of the report's State in lang (in the arena, or lent from v): its local name, else its name, else its code. */
const char *report_view_state_name(struct store *s, struct arena *a, const struct report_view *v, const char *lang);

/** The actions status allows to who on a report of State iso3 (for lists that have no report_view). */
struct report_actions report_view_actions(const struct principal *who, const char *iso3, const char *status);

#endif

/*
 * cycle: the one home of the reporting cycle.  A cycle is named by the year its reports
 * fall due; it opens on a date, has a report deadline, and closes at its meeting (a BMS or
 * a Review Conference).  Its status is never stored: it follows from today's date and those
 * dates (cycle_status_on), so the calendar and the pages can never disagree:
 *
 *   planned          before it opens
 *   open             from its opening to its deadline (both days included)
 *   deadline_passed  after the deadline until its meeting ends (States still report, late)
 *   closed           after its meeting has ended
 *
 * Today is the real date in UTC, unless the environment variable POAISS_TODAY=YYYY-MM-DD
 * sets it (tests and demos).  The current cycle is the open one, else the next planned one,
 * else the one whose deadline passed most recently (its meeting not yet over).
 *
 * The Secretariat opens a cycle (cycle_open: its year, its meeting, opening date and
 * deadline) and changes its dates (cycle_change).  A cycle without a template file of its
 * own answers the template of the cycle before it: the database records which, and
 * template_get() returns it (template_reuse).  Reports submitted after the deadline are
 * late (cycle_report_late).
 *
 * Values returned live in the caller's arena; messages are English msgids (error.h).
 */
#ifndef POAISS_DOMAIN_CYCLE_H
#define POAISS_DOMAIN_CYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

enum cycle_status { CYCLE_PLANNED, CYCLE_OPEN, CYCLE_DEADLINE_PASSED, CYCLE_CLOSED };

struct cycle {
    int year;
    const char *meeting;            /* the meeting's code, or NULL when none is fixed */
    const char *meeting_name, *meeting_kind;
    const char *starts, *ends;      /* the meeting's dates (YYYY-MM-DD), or NULL */
    const char *opens, *deadline;   /* YYYY-MM-DD */
    int template_year;              /* whose template it answers: its own year, another's, or 0 for none */
    enum cycle_status status;       /* on the day the cycle was read */
};

/** Give each cycle's meeting its name in lang (reference data, English when none). */
void cycle_names_in(struct store *s, struct arena *a, struct cycle *v, size_t n, const char *lang);

/** "planned", "open", "deadline_passed", "closed": the API's and the downloads' value. */
const char *cycle_status_id(enum cycle_status st);
/** The status in words for a tag (an English msgid: translate with _()). */
const char *cycle_status_label(enum cycle_status st);

/** Today as YYYY-MM-DD (POAISS_TODAY when it is a valid date, else the UTC date) into out. */
void cycle_today(char out[11]);
/** Day number (days since 1970-01-01) of a YYYY-MM-DD date (only its first 10 characters are read); -1 when not a real date. */
long cycle_date_days(const char *date);
/** Whole days from date a to date b (b - a); 0 when either is not a date. */
long cycle_days_between(const char *a, const char *b);

/** The status of c on day today (YYYY-MM-DD).  Benchmark cycles (2100 ...) are always closed. */
enum cycle_status cycle_status_on(const struct cycle *c, const char *today);

/** Every cycle, newest first, with its status today.  0, or -1 with e (ERR_STORE). */
int cycle_list(struct store *s, struct arena *a, struct cycle **out, size_t *n, struct err *e);
/** One cycle with its status today.  0, or -1 with e (ERR_NOT_FOUND, ERR_STORE). */
int cycle_read(struct store *s, struct arena *a, int year, struct cycle *out, struct err *e);
/** The current cycle among v (as cycle_list gives them), or NULL (lent: an element of v). */
const struct cycle *cycle_current(const struct cycle *v, size_t n);
/** The most recent cycle whose meeting has ended (the last meeting held), or NULL (lent: an element of v). */
const struct cycle *cycle_last_closed(const struct cycle *v, size_t n);
/** Read every cycle and record the templates they reuse (call once at start, before serving). */
int cycle_templates_load(struct store *s, struct err *e);

/** May a State start a report in a cycle of this status?  Open, or deadline passed (States report late). */
bool cycle_allows_start(enum cycle_status st);
/** Was a report submitted at submitted_at (ISO date or timestamp, NULL when never) after c's deadline? */
bool cycle_report_late(const struct cycle *c, const char *submitted_at);

/** The cycle of year among v, or NULL (lent: an element of v). */
const struct cycle *cycle_find(const struct cycle *v, size_t n, int year);
/** Was a report of cycle year submitted at submitted_at late?  false when never submitted or the cycle cannot be read. */
bool cycle_submission_late(struct store *s, int year, const char *submitted_at);

/* ---- opening a cycle and changing its dates ---- */

/** The fields of the forms and of the API, each with its own problem. */
enum cycle_field {
    CYCLE_FIELD_YEAR, CYCLE_FIELD_MEETING, CYCLE_FIELD_MEETING_NAME, CYCLE_FIELD_STARTS, CYCLE_FIELD_ENDS,
    CYCLE_FIELD_OPENS, CYCLE_FIELD_DEADLINE, CYCLE_NFIELDS
};
/** The field's id: the form's input name and the API's error "field" ("year", "meeting", "meeting_name", ...). */
extern const char *const CYCLE_FIELD_ID[CYCLE_NFIELDS];

/** What was wrong with each field: an English msgid (with at most one %s, filled from arg), or NULL. */
struct cycle_problems {
    const char *msg[CYCLE_NFIELDS];
    const char *arg[CYCLE_NFIELDS];
    int n;
};

/**
 * A cycle to open.  Strings are lent (NULL or "" when not given).  meeting is the code of an
 * existing meeting or of a new one; a new meeting needs meeting_name, starts and ends; for an
 * existing meeting, starts and ends (when given) set its dates.
 */
struct cycle_new {
    const char *year;               /* as typed: digits */
    const char *meeting, *meeting_name, *starts, *ends;
    const char *opens, *deadline;
};

/**
 * Check a new cycle and, when save is true, open it: add its meeting if new, record whose
 * template it reuses, write the audit log.  out (may be NULL) gets the cycle as it is (or
 * would be) stored, in a.  Only the Secretariat and admins.  0; or -1 with e: ERR_INVALID
 * with pb filled (a problem per field), ERR_FORBIDDEN, ERR_CONFLICT (opened meanwhile), ERR_STORE.
 */
int cycle_open(struct store *s, struct arena *a, const struct principal *who, const struct cycle_new *in, bool save,
               struct cycle *out, struct cycle_problems *pb, struct err *e);

/** New dates of a cycle: NULL or "" keeps the current value. */
struct cycle_dates { const char *opens, *deadline, *starts, *ends; };

/**
 * Check and, when save is true, change a cycle's opening date, deadline and its meeting's
 * dates (audit logged).  A closed cycle keeps its dates.  Same answers as cycle_open, and
 * ERR_NOT_FOUND, ERR_STATE (closed).
 */
int cycle_change(struct store *s, struct arena *a, const struct principal *who, int year, const struct cycle_dates *in,
                 bool save, struct cycle *out, struct cycle_problems *pb, struct err *e);

#endif

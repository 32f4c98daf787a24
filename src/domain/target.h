/*
 * target: voluntary national and regional targets (BMS8 outcome, para 29) and the path to
 * each: baseline, progress points, target.
 *
 * Who sets them: a State's targets are its focal points' (AUTHZ_TARGET_EDIT with the State); a
 * region's targets (an M49 region at any level) are agreed by its States and recorded by the
 * Secretariat on their behalf (AUTHZ_TARGET_EDIT without a State): a focal point speaks for one
 * State, never for its region.  The same people record progress.  Targets are public: they are
 * commitments a State or region chose to make known.
 *
 * Progress comes from two sources, merged by year: values users record (stored), and, when the
 * indicator names a question of the reporting template (a number; yes/no or yes/no/developing
 * counted 1 for Yes and 0 otherwise), the State's answers in its published reports, one point
 * per cycle, read each time through domain/changes (the latest published version of each
 * report, renamed questions followed; drafts never count).  Regional targets take recorded
 * progress only.
 *
 * A report a State starts is pre-filled from its targets (target_prefill_report): coord.targets
 * Yes and coord.targets.details a summary of each target with its latest value.
 *
 * Field errors use struct assist_field_errors (domain/assistance.h), so the forms and the API
 * show them like the assistance forms do.  Values returned are in the caller's arena;
 * functions return 0 (or an id), or -1 with e.
 */
#ifndef POAISS_DOMAIN_TARGET_H
#define POAISS_DOMAIN_TARGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/assistance.h"
#include "domain/auth.h"
#include "domain/chart.h"
#include "domain/error.h"

struct store;
struct arena;

#define TARGET_TITLE_MAX 200            /* characters */
#define TARGET_INDICATOR_MAX 500
#define TARGET_UNIT_MAX 50
#define TARGET_TEXT_MAX 5000
#define TARGET_VALUE_MAX 1e12           /* values are from -TARGET_VALUE_MAX to TARGET_VALUE_MAX */
#define TARGET_YEAR_MIN 2001            /* the Programme of Action */
#define TARGET_YEAR_MAX 2100

enum target_status { TARGET_ACTIVE, TARGET_ACHIEVED, TARGET_WITHDRAWN, TARGET_NSTATUS };
/** "active", "achieved", "withdrawn" (static). */
const char *target_status_name(enum target_status s);
/** Parse a status name; -1 when unknown. */
int target_status_parse(const char *name, enum target_status *out);

enum target_source { TARGET_RECORDED, TARGET_REPORT };

/* A point on the path: a recorded value, or a State's published answer in a cycle. */
struct target_point {
    int year;
    const char *date;                   /* YYYY-MM-DD, NULL when only the year is known */
    double value;
    const char *note;                   /* a recorded note; for a report, the answer's short text */
    enum target_source source;
    long long report;                   /* TARGET_REPORT: the report and its published version */
    int version;
    bool synthetic;
};

struct target {
    long long id;
    const char *iso3, *region;          /* exactly one is set */
    const char *place_name;             /* the State's or the region's name in the asked language */
    const char *title;
    struct assist_strings paragraphs;
    const char *indicator;
    const char *question;               /* a template question id, or NULL */
    const char *question_number;        /* its number in the newest template ("1.5"), or NULL */
    const char *unit, *notes;
    enum target_status status;
    bool has_baseline;
    double baseline_value;
    int baseline_year;                  /* 0: none */
    double target_value;
    int target_year;
    bool synthetic;
    const char *created_at, *updated_at;
    struct target_point *points;        /* recorded and reported, oldest first (target_get; target_list: NULL) */
    size_t npoints;
    bool has_latest;                    /* the newest point (both target_get and target_list) */
    struct target_point latest;
};

/* Filters of the list; NULL fields do not filter. */
struct target_filter {
    const char *iso3;                   /* a State's own targets */
    const char *region;                 /* an M49 region: its own targets and its States' */
    const char *paragraph;              /* "PoA II.4", "ITI 8a" */
    const char *status;                 /* a status name */
};

/** The targets of the filter, each with its latest point, in lang (names).  ERR_INVALID: an unknown status. */
int target_list(struct store *s, struct arena *a, const struct principal *who, const char *lang, const struct target_filter *f,
                struct target **out, size_t *n, struct err *e);
/** One target with every point of its path.  ERR_NOT_FOUND when there is none. */
int target_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
               struct target *out, struct err *e);
/** May who change t and record its progress? */
bool target_may_edit(const struct principal *who, const struct target *t);

/**
 * Set a target from a JSON object with the API's fields (README, "Voluntary targets"): a focal
 * point for its State ("state" may be left out), the Secretariat for a region ("region").  The
 * new id, or -1 with e (ERR_INVALID with every field's problem in errs, ERR_FORBIDDEN ...).
 */
long long target_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                        struct err *e);
/** Change the fields in of target id (its State's focal points; a region's: the Secretariat). */
int target_update(struct store *s, const struct principal *who, long long id, json_t *in, struct assist_field_errors *errs,
                  struct err *e);
/**
 * Record progress on target id: {"value": n, "year": y} or {"value": n, "date": "YYYY-MM-DD"},
 * optional "note".  The new entry's id, or -1 with e (ERR_INVALID with errs, ERR_FORBIDDEN, ERR_NOT_FOUND).
 */
long long target_progress_add(struct store *s, const struct principal *who, long long id, json_t *in,
                              struct assist_field_errors *errs, struct err *e);

/**
 * Inside report_start's transaction: when State iso3 has targets (active or achieved) and the
 * cycle's template asks coord.targets and coord.targets.details, answer them in report
 * report_id: Yes, and a summary of each target (title, paragraphs, indicator, baseline, target,
 * latest value), in English like the report, cut to the question's length.  What the previous
 * report said is replaced: the targets are the current word.  0, or -1 on a database error.
 */
int target_prefill_report(struct store *s, long long report_id, const char *iso3, int cycle, long long user_id);

/**
 * The path to target t as a figure (domain/chart.h): a line chart whose categories are the
 * years of the baseline, each point and the target; series 0 the values reached (baseline and
 * points), series 1 the planned path (baseline to target).  Texts in this thread's language;
 * everything in a.
 */
void target_chart(struct arena *a, const struct target *t, struct chart *out);

#endif

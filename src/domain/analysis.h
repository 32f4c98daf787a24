/*
 * analysis: the analysis of implementation, read from the published reports (issue 12): who
 * reports (analysis_reporting.c), how each question is answered across cycles and regions
 * (analysis_question.c), SDG indicator 16.4.2 (analysis_sdg.c) and assistance in numbers
 * (analysis_assist.c).  Each read returns domain values and the figures built from them as
 * charts (domain/chart.h) with their titles and a one-sentence summary in this thread's
 * language; the pages, the API, the downloads and the trends document render the same values.
 *
 * Published data only: the latest published version of each report, never a draft, whoever
 * asks (the pages are public and cached).  The cycles analysed are the real cycles that have a
 * template (template_cycles: 2010 on) and are not planned; the benchmark cycles of
 * `demo --scale` (2100 on) are never analysed.
 *
 * Denominators (the README's "Method"):
 *   - a reporting rate is the States with a published report for the cycle over every State of
 *     the reference list (the rows of /cycles/{year}.json), globally or in an area;
 *   - a share of an answer is the reporting States whose report gives that answer over the
 *     reporting States (published report for the cycle, in the area asked), those that left the
 *     question unanswered included and shown as "No response": the columns of
 *     /questions/{id}.json, counted;
 *   - a sum of figures says how many reporting States gave a figure ("52 of 97").
 *
 * Everything returned lives in the caller's arena.  Errors: ERR_NOT_FOUND (a cycle that is not
 * analysed, a question no template has), ERR_STORE.
 */
#ifndef POAISS_DOMAIN_ANALYSIS_H
#define POAISS_DOMAIN_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/chart.h"
#include "domain/error.h"

struct arena;
struct store;
struct template_question;

/** An area the figures are broken down by: an M49 region (level 1), a subregion (level 2) or a regional group. */
enum analysis_area_kind { ANALYSIS_REGION, ANALYSIS_SUBREGION, ANALYSIS_GROUP };

/* ---- reporting ---- */

/** One cycle: its States, who reported, who reported for the first time, who stopped, who was late. */
struct analysis_cycle {
    int year;
    const char *deadline;       /* YYYY-MM-DD */
    int states;                 /* the denominator: every State of the reference list */
    int reported;               /* States with a published report for the cycle */
    int first_time;             /* reported, and in no earlier analysed cycle (0 for the first cycle analysed) */
    int stopped;                /* reported in the previous analysed cycle, not in this one */
    int late;                   /* reported, and last submitted after the cycle's deadline */
};

/** An area and, per cycle, its States and how many reported. */
struct analysis_area {
    enum analysis_area_kind kind;
    const char *code, *name;    /* name in the asked language */
    int *states, *reported;     /* one per cycle */
};

/** A State in the selected cycle. */
struct analysis_state {
    const char *iso3, *name;
    const char *region, *region_name, *subregion, *group;
    long long report;           /* its published report for the cycle, 0: none */
    bool late, first_time, stopped;
    int reports;                /* its published reports in all analysed cycles (0: never reported) */
};

struct analysis_reporting {
    int cycle;                          /* the cycle the per-State figures are for */
    struct analysis_cycle *cycles;      /* oldest first */
    size_t ncycles, sel;                /* sel: the index of cycle */
    struct analysis_area *areas;        /* regions, then subregions, then groups */
    size_t nareas;
    struct analysis_state *states;      /* every State, by name */
    size_t nstates;
    int never;                          /* States with no published report in any analysed cycle */
    bool synthetic;                     /* some report counted is synthetic demonstration data */
    struct chart *charts;               /* rate, regions, subregions, groups, changes, map */
    size_t ncharts;
};

/**
 * Who reports, for every analysed cycle, and per State for cycle (0: the newest analysed
 * cycle with a published report).  0, or -1 with e (ERR_NOT_FOUND: cycle is not analysed; ERR_STORE).
 */
int analysis_reporting_get(struct store *s, struct arena *a, const char *lang, int cycle, struct analysis_reporting *out,
                           struct err *e);

/* ---- one question ---- */

/** One cycle of a question: the id(s) it was asked as, its reporting States and the counts. */
struct analysis_qcycle {
    int year;
    const char *asked_as;       /* the id it was asked as; NULL when not asked or asked as several (a merge) */
    const char *merged;         /* asked as several questions since merged: their ids, comma-separated; else NULL */
    int reporting;              /* reporting States in the area (the denominator) */
    int answered;               /* of which answered the question */
    int *count;                 /* nvalues counts: States whose answer has the value */
    double *sum;                /* nfields sums of figures (number and group questions) */
    int *figures;               /* nfields: States that gave a figure */
};

struct analysis_question {
    const struct template_question *q;  /* of the newest template that has it (lent) */
    const char **values;                /* choice questions: the answer values, in order */
    const char **value_labels;          /* their labels in the asked language */
    size_t nvalues;
    const char **fields, **field_labels;  /* number questions: the question itself; group questions: its number fields */
    size_t nfields;
    struct analysis_qcycle *cycles;     /* the analysed cycles, oldest first */
    size_t ncycles, sel;                /* sel: the index of the selected cycle */
    const char *region, *group;         /* the area asked, or NULL */
    /* The selected cycle by region (level 1): reporting States and counts per value. */
    struct analysis_qregion { const char *code, *name; int reporting, answered; int *count; } *regions;
    size_t nregions;
    /* The regions (M49 levels 1 and 2, by level then code) and the regional groups, for the page's filters. */
    const struct analysis_place { const char *code, *name, *parent; int level; } *places, *groups;
    size_t nplaces, ngroups;
    bool synthetic;
    struct chart *charts;
    size_t ncharts;
};

/** The filters of the question's analysis: a cycle (0: the newest with answers), a region (any M49 level), a group. */
struct analysis_qfilter { int cycle; const char *region, *group; };

/**
 * Question id across the analysed cycles, following it through the templates' maps.
 * 0, or -1 with e (ERR_NOT_FOUND: no template has it, or the cycle is not analysed; ERR_STORE).
 */
int analysis_question_get(struct store *s, struct arena *a, const char *lang, const char *id,
                          const struct analysis_qfilter *f, struct analysis_question *out, struct err *e);

/* ---- SDG indicator 16.4.2 ---- */

/** One State's figures in one cycle: -1 where it gave none. */
struct analysis_sdg_state {
    const char *iso3, *name, *region;
    long long report;
    long long seized, found, surrendered, traced;
    bool counted;               /* gave both figures, traced not above the total: in the indicator */
};

/** One cycle or one region: the weapons counted and traced, the States that gave both figures. */
struct analysis_sdg_total {
    const char *code, *name;    /* a region; NULL for a cycle's world total */
    int year;
    long long total, traced;    /* seized + found + surrendered, and traced, of the States counted */
    int counted, reporting;     /* States counted, reporting States */
    int inconsistent;           /* States whose traced figure exceeds their total (not counted) */
};

struct analysis_sdg {
    int cycle;                          /* the cycle of the per-State table */
    struct analysis_sdg_total *cycles;  /* the cycles that asked the indicator's questions, oldest first */
    size_t ncycles, sel;
    struct analysis_sdg_total *regions; /* the selected cycle by region */
    size_t nregions;
    struct analysis_sdg_state *states;  /* the selected cycle's reporting States, by name */
    size_t nstates;
    bool found_asked;                   /* the selected cycle asked for found and surrendered weapons */
    bool synthetic;
    struct chart *charts;
    size_t ncharts;
};

/** The indicator's figures per cycle, region and State.  0, or -1 with e (ERR_NOT_FOUND, ERR_STORE). */
int analysis_sdg_get(struct store *s, struct arena *a, const char *lang, int cycle, struct analysis_sdg *out,
                     struct err *e);

/* ---- assistance in numbers ---- */

/** Needs and offers in one category, kind or region. */
struct analysis_assist_row { const char *code, *name; int needs, offers; };

/** The median days requests spent in one stage of the procedure, over the finished stays. */
struct analysis_assist_stage { const char *stage, *name; int stays; double median_days; };

struct analysis_assist {
    struct analysis_assist_row *categories, *kinds, *regions;
    size_t ncategories, nkinds, nregions;
    int requests;               /* every request filed (superseded ones aside): the denominator */
    int matched, completed;     /* of which reached a match (matched, implementation, completed), completed */
    int offers;                 /* open offers */
    struct analysis_assist_stage *stages;   /* every stage with a finished stay */
    size_t nstages;
    bool synthetic;
    struct chart *charts;
    size_t ncharts;
};

/** Assistance in numbers.  0, or -1 with e (ERR_STORE). */
int analysis_assist_get(struct store *s, struct arena *a, const char *lang, struct analysis_assist *out, struct err *e);

/* ---- shared by the four ---- */

/**
 * The analysed cycles (real cycles with a template, not planned), oldest first, into *out (in a).
 * 0, or -1 with e (ERR_STORE).
 */
int analysis_cycles(struct store *s, struct arena *a, int **out, size_t *n, struct err *e);

/** A share in per cent as the page's language writes it, whole ("57 %"), in a. */
const char *analysis_pct(struct arena *a, double pct);
/** An integer as the page's language writes it ("12,345"), in a. */
const char *analysis_num(struct arena *a, long long v);

/** 100 * n / of, NAN when of is 0: every share and rate of the analysis (the API writes it unrounded). */
double analysis_share(long long n, long long of);
/** The sentence that says the figures include synthetic demonstration data (translated, static). */
const char *analysis_synthetic_note(void);

/** The chart with this id among v, or NULL (lent). */
const struct chart *analysis_chart_find(const struct chart *v, size_t n, const char *id);

#endif

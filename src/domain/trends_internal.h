/*
 * trends_internal: what the sections of the trends document share while it is built
 * (domain/trends.c, domain/trends_sections.c).  Not for other modules.
 */
#ifndef POAISS_DOMAIN_TRENDS_INTERNAL_H
#define POAISS_DOMAIN_TRENDS_INTERNAL_H

#include "domain/cycle.h"
#include "domain/state.h"
#include "domain/trends.h"

/* An M49 region (continent) of the reporting figures. */
struct trends_region { const char *code, *name; };

struct trends_ctx {
    struct store *s;
    struct arena *a;
    const char *lang;
    int year;
    struct trends_doc *doc;
    struct cycle cycle;                 /* the document's cycle, its meeting named in lang */
    /* The cycles of the reporting trend: every cycle up to year with a template, oldest first
       (year last); for each, every State with its published report (state_reporting_list). */
    int *years;
    size_t ncycles;
    struct state_reporting **rep;
    size_t *nrep;
    struct trends_region *regions;      /* by code */
    size_t nregions;
    int reported;                       /* States with a published report in year */
    bool synthetic;                     /* any report read is synthetic */
};

/** Read the cycle and the reporting of every cycle of the trend.  0, or -1 with e. */
int trends_ctx_load(struct trends_ctx *cx, struct err *e);

/* The sections, in the document's order.  Each 0, or -1 with e. */
int trends_section_intro(struct trends_ctx *cx, struct err *e);
int trends_section_reporting(struct trends_ctx *cx, struct err *e);
int trends_section_implementation(struct trends_ctx *cx, struct err *e);
int trends_section_sdg(struct trends_ctx *cx, struct err *e);
int trends_section_assistance(struct trends_ctx *cx, struct err *e);
int trends_section_method(struct trends_ctx *cx, struct err *e);

#endif

/*
 * trends_internal: what the sections of the trends document share while it is built
 * (domain/trends.c, domain/trends_sections.c).  Not for other modules.
 */
#ifndef POAISS_DOMAIN_TRENDS_INTERNAL_H
#define POAISS_DOMAIN_TRENDS_INTERNAL_H

#include "domain/analysis.h"
#include "domain/cycle.h"
#include "domain/trends.h"

struct trends_ctx {
    struct store *s;
    struct arena *a;
    const char *lang;
    int year;
    struct trends_doc *doc;
    struct cycle cycle;                 /* the document's cycle, its meeting named in lang */
    struct analysis_reporting rep;      /* who reports, every analysed cycle (domain/analysis.h) */
    int reported, states;               /* in year: States with a published report, every State */
    bool synthetic;                     /* some figure counts synthetic demonstration data */
};

/** Read the cycle and who reports (analysis_reporting_get).  0, or -1 with e. */
int trends_ctx_load(struct trends_ctx *cx, struct err *e);

/* The sections, in the document's order.  Each 0, or -1 with e. */
int trends_section_intro(struct trends_ctx *cx, struct err *e);
int trends_section_reporting(struct trends_ctx *cx, struct err *e);
int trends_section_implementation(struct trends_ctx *cx, struct err *e);
int trends_section_sdg(struct trends_ctx *cx, struct err *e);
int trends_section_assistance(struct trends_ctx *cx, struct err *e);
int trends_section_method(struct trends_ctx *cx, struct err *e);

#endif

/*
 * trends: the analysis of trends for a meeting (issue 12, item 7), one generated document for
 * a reporting cycle, described once and rendered twice: as an HTML page (web/trends.c) and as
 * an A4 PDF (web/trends_pdf.c).  This module decides what the document says; the renderers only
 * lay it out.
 *
 * A document is a title, its facts (cycle, meeting, the day it was made, whether it was made
 * from synthetic demonstration data) and a list of numbered sections (level 1: "2", level 2:
 * "2.1") in reading order.  Each section holds blocks: paragraphs, notes, figures (a struct
 * chart of domain/chart.h, numbered "Figure N" in document order) and tables (numbered
 * "Table N").  The numbers, the anchors and the table of contents follow from that order, so
 * the page and the PDF cannot disagree.
 *
 * Only published data is read (the latest published version of each report; never a draft),
 * through the same domain reads as /cycles/{year}.json (state_reporting_list), /questions/{id}.json
 * (crossview_get) and the needs board (assist_requests_list).  Text is in the thread's language
 * (i18n_set_lang: trends_build sets it to lang and puts it back), names in lang.
 *
 * Everything the document holds is allocated in the caller's arena.
 */
#ifndef POAISS_DOMAIN_TRENDS_H
#define POAISS_DOMAIN_TRENDS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/chart.h"
#include "domain/error.h"

struct arena;
struct store;

enum trends_block_kind {
    TRENDS_PARA,        /* a paragraph of text */
    TRENDS_NOTE,        /* a note set apart (a limit of the data, what is not yet measured) */
    TRENDS_CHART,       /* a figure: "Figure N. title", the chart, its summary, source and data table */
    TRENDS_TABLE,       /* a table: "Table N. caption", a header row and rows of text */
};

/** A table of text: ncols headings and nrows rows of ncols cells (row-major).  Lent (the arena). */
struct trends_table {
    const char *caption;
    const char *const *head;
    const char *const *cells;
    size_t ncols, nrows;
    unsigned numeric;           /* bit i set: column i holds numbers (aligned to the end) */
};

struct trends_block {
    enum trends_block_kind kind;
    const char *text;                   /* PARA, NOTE */
    const struct chart *chart;          /* CHART */
    const struct trends_table *table;   /* TABLE */
    int number;                         /* CHART: the figure's number, TABLE: the table's; from 1 */
};

struct trends_section {
    int level;                  /* 1 or 2 */
    const char *number;         /* "2", "2.1" (ASCII digits: renderers localise them) */
    const char *anchor;         /* "s2", "s2-1": the HTML id and the PDF destination */
    const char *title;
    struct trends_block *blocks;
    size_t nblocks, cap;
};

struct trends_doc {
    const char *lang;           /* "en", "ar", ... */
    const char *title;          /* "Analysis of trends in the implementation ..." */
    const char *subtitle;       /* the cycle and its meeting */
    int cycle;
    const char *meeting;        /* the meeting's name in lang, or NULL */
    const char *made;           /* the day the document was made, YYYY-MM-DD */
    bool synthetic;             /* made from synthetic demonstration data: the renderers say so everywhere */
    struct trends_section *sections;
    size_t nsections, cap;
    int nfigures, ntables;
    int reported;               /* States with a published report in the cycle */
};

/**
 * Build the trends document of cycle year in lang.  Everything is allocated in a.
 * 0, or -1 with e (ERR_NOT_FOUND: no such cycle; ERR_STORE).
 */
int trends_build(struct store *s, struct arena *a, int year, const char *lang, struct trends_doc *out, struct err *e);

/* ---- building a document (used by trends_build; exposed for the tests and later sections) ---- */

/** Start a document (zeroed, lang lent). */
void trends_doc_init(struct trends_doc *d, const char *lang);
/** Add a section of level 1 or 2 titled title (copied into a), numbered after the ones before it.  Lent: the section. */
struct trends_section *trends_section_add(struct trends_doc *d, struct arena *a, int level, const char *title);
/** Add a paragraph (TRENDS_PARA) or a note (TRENDS_NOTE) to the last section; text copied into a. */
void trends_text_add(struct trends_doc *d, struct arena *a, enum trends_block_kind kind, const char *text);
/** Add a figure to the last section (c lent: it must live as long as the document); returns its number. */
int trends_chart_add(struct trends_doc *d, struct arena *a, const struct chart *c);
/** Add a table to the last section (t lent); returns its number. */
int trends_table_add(struct trends_doc *d, struct arena *a, const struct trends_table *t);

/** The series of a chart as a table of text in lang (one row per category, a column per series). Lent from a. */
const struct trends_table *trends_chart_table(struct arena *a, const struct chart *c, const char *lang);

/** "57 %"-style text of a share in lang (rounded to a whole number), in a. */
const char *trends_percent(struct arena *a, const char *lang, double v);
/** An integer in lang's digits and grouping, in a. */
const char *trends_number(struct arena *a, const char *lang, long long n);

#endif

/*
 * search: the read side of full-text search over published reports, for the page (/search),
 * its downloads (/search.csv, .xlsx, .json) and the API (/api/v1/search).
 *
 * One function checks what was asked (the words and the filters, as typed), runs the search
 * and counts the facets, and returns plain values in the caller's arena: the hits (with their
 * report's State, cycle and question), the counts by facet, and a notice when the filters name
 * something that cannot match.  Only published versions are ever searched (store/fts.c indexes
 * nothing else), so the result is the same for every asker and may be cached.
 *
 * The domain knows no language: labels that come from the reference data (region and group
 * names) are read in the asked language; question and section labels are left to the caller,
 * which has the question (struct template_question) to translate from the template catalogue.
 * Snippets keep their match markers (\x02 before, \x03 after each match): the page escapes the
 * text, then turns the markers into <mark>.
 */
#ifndef POAISS_DOMAIN_SEARCH_H
#define POAISS_DOMAIN_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct store;
struct template_question;

#define SEARCH_PAGE_SIZE 20          /* hits on a page of results */
#define SEARCH_PAGES_MAX 500         /* the last page one may ask for */
#define SEARCH_Q_MAX 1000            /* bytes of search text */
#define SEARCH_DOWNLOAD_MAX 5000     /* hits in a download (README) */
#define SEARCH_QUESTION_FACET_MAX 15 /* questions listed in the question facet */
/*
 * Ranking costs FTS5 a few microseconds per matching answer: when more answers than this
 * match, the hits come newest first instead, and the caller says so (as the store does: STORE_SEARCH_RANK_MAX).
 */
#define SEARCH_RANK_MAX 5000

/** What was asked, as typed (NULL or "": not given).  Lent. */
struct search_request {
    const char *q;              /* words, "a phrase", prefix*; may be empty when a question is chosen (browsing its answers) */
    const char *cycle;          /* a year */
    const char *region;         /* a UN M49 code of any level */
    const char *group;          /* a UN regional group */
    const char *section;        /* the number of a section of the template */
    const char *question;       /* a question id */
    const char *answer;         /* an answer value of the question (needs question) */
    size_t offset, limit;       /* which hits: limit 0 gives none (the total and facets only) */
    bool lenient;               /* the page: an answer without a question is left out instead of refused */
    bool facets;                /* count the facets too */
    bool names;                 /* each hit's State name in the asked language (the page) */
};

/** One matching answer, of the latest published version of a report. */
struct search_hit {
    long long report;
    int version, cycle;
    bool synthetic;
    const char *iso3;
    const char *name;                       /* the State's short name in the asked language (with names), else NULL */
    const char *question;                   /* the question's id */
    const struct template_question *q;      /* that question in the cycle's template, or NULL (lent, static) */
    const char *lang;                       /* the language the answer is written in, or NULL */
    const char *snippet;                    /* the answer around the matches, marked; browsing: the answer's text */
};

/** The facets, in the order they are shown. */
enum search_facet_kind {
    SEARCH_FACET_CYCLE, SEARCH_FACET_REGION, SEARCH_FACET_SUBREGION, SEARCH_FACET_GROUP, SEARCH_FACET_SECTION,
    SEARCH_FACET_QUESTION, SEARCH_NFACETS
};

/** A value of a facet and how many matching answers have it. */
struct search_count {
    const char *value;                      /* what the filter takes (cycle=2024, region=002, question=coord.nap ...) */
    const char *label;                      /* region and group: its name in the asked language; section: the
                                               template's English title; cycle, question, answer: NULL */
    long count;
    const struct template_question *q;      /* question: the newest template's question (lent, static), or NULL */
};

struct search_facet { struct search_count *v; size_t n; };

/** Why a well-formed filter cannot match (the search then answers nothing, not 400). */
enum search_notice {
    SEARCH_NOTICE_NONE,
    SEARCH_NOTICE_NO_QUESTION,       /* no template has the question */
    SEARCH_NOTICE_NOT_CHOICE,        /* the question has no values to filter by (not yes/no or a choice) */
    SEARCH_NOTICE_NOT_AN_ANSWER,     /* the answer is not one the question offers */
};

struct search_result {
    long total;                              /* matching answers */
    bool newest;                             /* more than SEARCH_RANK_MAX: the hits come newest first */
    enum search_notice notice;
    const struct template_question *question;   /* the question filtered by (the cycle's, else the newest), or NULL */
    const char *answer;                      /* the answer filtered by, or NULL (left out, or none) */
    struct search_hit *hits;
    size_t nhits;
    struct search_facet facets[SEARCH_NFACETS];   /* with request.facets */
    /* With request.facets and a question that offers values: every value in the template's order (the
       values outside it after), counted without the answer filter so that every value stays in view. */
    struct search_facet answers;
    bool has_answers;
};

/** The filter name of a facet ("cycle", "region", "subregion", "group", "section", "question"). */
const char *search_facet_name(enum search_facet_kind k);

/**
 * Run the search rq in lang (region and group names); everything in out is allocated in a.
 * 0, or -1 with e: ERR_INVALID (a malformed filter, text too long or with nothing to search for,
 * an answer without a question unless lenient, a query FTS5 cannot read; the message says
 * which) or ERR_STORE.
 */
int search_run(struct store *s, struct arena *a, const struct search_request *rq, const char *lang,
               struct search_result *out, struct err *e);

/** The answer text of a snippet without its match markers, in a. */
const char *search_snippet_plain(struct arena *a, const char *snippet);

#endif

/*
 * params: route and query parameters, declared in the route table with their limits and
 * checked once, before the handler runs (kore's validators).
 *
 * A route lists its path captures ({} in the pattern, in order) and the query parameters
 * it reads.  The dispatcher checks every declared one (params_check): a malformed value is
 * a 400, a well-formed name of something that does not exist (an unknown State, a cycle
 * the reference data does not have) a 404, each with a message that says what is expected.
 * Limits come from the reference data, not from constants typed in handlers.  Handlers read
 * only the checked values: web_arg() and web_q(); a query parameter not declared is ignored.
 */
#ifndef POAISS_WEB_PARAMS_H
#define POAISS_WEB_PARAMS_H

#include <stdbool.h>

#include "domain/error.h"
#include "http/http.h"
#include "web/table_export.h"

struct store;

enum param_kind {
    PARAM_NONE = 0,
    PARAM_STATE,        /* a known State's ISO 3166 alpha-3 code, any case; the value is upper case */
    PARAM_CYCLE,        /* the year of a cycle the reference data has */
    PARAM_ID,           /* an id: a whole number from 1 */
    PARAM_INT,          /* a whole number between min and max */
    PARAM_QUESTION,     /* a question id of a template: letters, digits, '.', '_', '-' */
    PARAM_CODE,         /* a short code: letters, digits, '.', '_', '-' (an organisation, a file name) */
    PARAM_SHA256,       /* 64 hexadecimal digits, lower case */
    PARAM_TEXT,         /* UTF-8 text of at most max characters */
    PARAM_REGION,       /* a UN M49 region code the reference data has */
    PARAM_GROUP,        /* a UN regional group code */
    PARAM_ORG,          /* a known organisation code */
};

/* Flags of a parameter. */
enum {
    PARAM_SUFFIX = 1,   /* a path capture that may end in .csv, .xlsx or .json (a download): req->fmt gets it */
    PARAM_PDF = 2,      /* a path capture that may end in .pdf (a document): req->fmt gets PARAM_FMT_PDF */
};
/* req->fmt for a capture declared PARAM_PDF that ended in .pdf (beyond enum table_format's values). */
#define PARAM_FMT_PDF 16

struct param_spec {
    const char *name;   /* the query parameter's name; for a path capture, a name for messages */
    enum param_kind kind;
    long long min, max; /* PARAM_INT: the range; PARAM_TEXT: max characters (0: 200) */
    unsigned flags;
};

/**
 * Check the path captures and query parameters of req against the route's specs
 * (args: one per capture; query: terminated by a spec with a NULL name; either may be NULL).
 * On success fills req->argv, req->qv and req->fmt and returns 0; otherwise -1 with e set.
 */
int params_check(struct store *s, struct http_request *req, const struct param_spec *args, size_t nargs,
                 const struct param_spec *query, struct err *e);

/** The checked path capture i (lent from the request). */
const struct http_value *web_arg(const struct http_request *req, size_t i);
/** The checked query parameter name (.set false when absent or not declared by the route). */
const struct http_value *web_q(const struct http_request *req, const char *name);
/**
 * Does the route read the query parameter name (declared, or a route that reads them all: app.c ROUTE_ANYQ)?  "lang"
 * never (the language is chosen apart).  Links that keep a page's parameters keep these only, so that a page does
 * not depend on a parameter nothing reads, and is cached without it (app.c: cache_key).
 */
bool web_q_read(const struct http_request *req, const char *name);

#endif

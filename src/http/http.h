/*
 * http: our thin layer over libmicrohttpd.
 *
 * A request is taken whole (headers, then the body up to a limit) before it is
 * dispatched; the dispatcher fills a response that is sent in one piece.  Nothing
 * above this layer sees libmicrohttpd.  Parsing (request lines, query strings, form
 * bodies) lives in request.c as pure functions so it can be unit-tested and fuzzed.
 */
#ifndef POAISS_HTTP_HTTP_H
#define POAISS_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/buf.h"

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER };

/** Limits, in one place. */
#define HTTP_MAX_BODY_DEFAULT   (1024 * 1024)   /* bytes */
#define HTTP_MAX_HEADER_BYTES   (16 * 1024)     /* request line and headers */
#define HTTP_MAX_PARAMS         256
#define HTTP_MAX_PARTS          1024    /* parts of a multipart body (fields and files) */
#define HTTP_MAX_URI            4096
#define HTTP_MIN_BODY_RATE      4096    /* bytes a second a request body must average, after --header-timeout */
#define HTTP_MAX_CONNECTIONS    4096    /* connections in all (fewer when the descriptors do not allow) */
#define HTTP_MAX_CONNECTIONS_PER_CLIENT 256   /* connections from one client address */
#define HTTP_MAX_ARGS           4
#define HTTP_MAX_RESP_HEADERS   12
#define HTTP_MAX_QDECL          16      /* query parameters a route may declare */
#define HTTP_MAX_HEADERS        100     /* header lines in one request (431 beyond) */
#define HTTP_HEADER_TIMEOUT     10      /* seconds for a request's headers, from the connection's start or the previous answer */
#define HTTP_MAX_QUEUED         256     /* costly requests waiting for a worker (503 beyond) */
#define HTTP_DRAIN_MAX          (16 * 1024 * 1024)  /* a body this much over the limit is still read (dropped) before its 413 */

struct http_param { char *name; char *value; };
struct http_params { struct http_param *v; size_t n; };

struct principal;   /* domain/auth.h */
struct http_trust;  /* http/client_addr.h */

/** One part of a multipart/form-data body; every pointer is lent into the body and not NUL-terminated. */
struct http_part {
    const char *name; size_t name_len;
    const char *filename; size_t filename_len; bool has_filename;   /* raw, still quoted-escaped: see http_part_filename */
    const char *type; size_t type_len;                               /* the client's claim, NULL when absent */
    const char *data; size_t len;
};

/** A checked parameter (web/params.h): its text (in the request's arena) and, for numbers, its value. */
struct http_value { bool set; const char *s; long long n; };

struct http_request {
    enum http_method method;
    const char *method_name;        /* lent from libmicrohttpd */
    char *uri;                      /* raw request target, owned */
    char *path;                     /* percent-decoded path, valid UTF-8, owned */
    struct http_params query;       /* decoded query parameters */
    struct http_params form;        /* decoded urlencoded body (parsed on demand) */
    bool form_parsed;
    struct http_part *parts;        /* a multipart body split once into its parts (on demand, owned; lent into body) */
    size_t nparts;
    int parts_state;                /* 0 not split yet, 1 split, -1 not multipart or malformed */
    const char *content_type;       /* the Content-Type header (lent from libmicrohttpd), or NULL */
    struct buf body;                /* raw body, at most max_body bytes */
    bool body_too_large;
    bool uri_bad;                   /* malformed escape, invalid UTF-8 or NUL in path or query */
    int refused;                    /* set by the server before dispatch: answer this status (400, 411, 414, 429, 431, 503) */
    const char *refused_why;        /* and this short English reason (static) */
    bool offloaded;                 /* dispatched again on a worker thread after the handler asked (res->defer) */
    const char *args[HTTP_MAX_ARGS];/* route captures, lent into path copies below */
    char *argbuf;
    size_t nargs;
    char remote[64];                /* the client's address (client_addr.h: the proxy's word when trusted) */
    bool tls;
    void *conn;                     /* libmicrohttpd connection, for header lookups */
    struct principal *who;          /* set by the dispatcher */
    long long start_us;
    struct arena arena;             /* freed when the request ends: values read for this request live here */
    struct http_value argv[HTTP_MAX_ARGS];  /* checked path captures (web/params.h) */
    struct http_value qv[HTTP_MAX_QDECL];   /* checked query parameters, in the route's declared order */
    const void *qspec;              /* the route's query declarations (web/params.h), lent */
    bool qany;                      /* the route reads every query parameter (web/app.c: ROUTE_ANYQ) */
    int fmt;                        /* a download's format from a path suffix (enum table_format), 0: the page */
};

struct http_header { char *name; char *value; };

struct http_response {
    int status;
    const char *content_type;       /* static string */
    struct buf body;
    /* Instead of body: an answer made once and sent many times (http_response_prepared), one reference
       owned; the headers above are then only those added to it for this request. */
    struct http_prepared *prepared;
    struct http_header headers[HTTP_MAX_RESP_HEADERS];
    size_t nheaders;
    /* Set by a dispatcher that finds the request costly (argon2, a search the cache cannot answer): the
       server drops this response and dispatches the request again on a worker thread, with
       req->offloaded set, so that the network threads keep answering cheap requests. */
    bool defer;
};

/** Parse application/x-www-form-urlencoded or a query string.  -1 when malformed (bad escape, invalid UTF-8, too many). */
int http_params_parse(struct http_params *out, const char *s, size_t n);
void http_params_cleanup(struct http_params *p);
/** The first value of name, or NULL (lent). */
const char *http_param_get(const struct http_params *p, const char *name);

/** Split a raw request target into decoded path and query.  -1 when malformed. */
int http_request_set_uri(struct http_request *req, const char *uri);
/** A request header (lent), or NULL. */
const char *http_request_header(const struct http_request *req, const char *name);
/** A cookie value (lent), or NULL. */
const char *http_request_cookie(const struct http_request *req, const char *name);
/** Query parameter (lent), or NULL. */
const char *http_query(const struct http_request *req, const char *name);
/** Form field from an urlencoded or multipart body (lent), or NULL.  Parses the body on first use. */
const char *http_form(struct http_request *req, const char *name);
/** True when the urlencoded body is malformed. */
bool http_form_bad(struct http_request *req);
/**
 * The first part named name of the request's multipart body (lent; its pointers lent into the body), or
 * NULL; files_only: only a part with a filename.  The body is split into its parts once, in one pass,
 * on first use (http_form uses the same split); every later lookup is a walk of that list.
 */
const struct http_part *http_request_part(struct http_request *req, const char *name, bool files_only);
void http_request_cleanup(struct http_request *req);
/**
 * A field of a multipart/form-data body and its Content-Type (pure, for tests and fuzzing; requests
 * use http_request_part): lent pointers into the body.  0 when found, -1 when the body is not
 * multipart, malformed, or has no such field.
 */
int http_multipart_parse(const char *content_type, const char *body, size_t body_len, const char *name,
                         const char **data, size_t *len);

/** Call cb for every named part, in order, until it returns non-zero.  0 when the body is well-formed, else -1. */
int http_multipart_each(const char *content_type, const char *body, size_t body_len,
                        int (*cb)(const struct http_part *p, void *ctx), void *ctx);
/** Append a part's file name, unescaped as browsers escape it (%22, %0D, %0A, backslashes); the bytes are not checked. */
void http_part_filename(const struct http_part *p, struct buf *out);
/** The fields of a multipart body that are not files, as parameters (UTF-8 checked).  -1 when malformed. */
int http_multipart_form(struct http_params *out, const char *content_type, const char *body, size_t body_len);

/** Add a response header (copied). */
void http_response_header(struct http_response *res, const char *name, const char *value);
void http_response_cleanup(struct http_response *res);
/** Set a response header (copied), replacing every header of that name (case-insensitive). */
void http_response_header_set(struct http_response *res, const char *name, const char *value);
/*
 * Prepared answers (prepared.c): an answer made once and sent many times (the response cache).  Its
 * status, content type, headers and body are copied once and libmicrohttpd's response object is built
 * once; every request answered with it queues that object again (no copy, no allocation).  Shared
 * between threads, reference-counted.
 */
struct http_prepared;
/** A prepared answer made from res (copied; res is unchanged).  Owned: one reference, for http_prepared_release.  NULL on failure. */
struct http_prepared *http_prepared_make(const struct http_response *res);
/** Take another reference to p; returns p. */
struct http_prepared *http_prepared_ref(struct http_prepared *p);
/** Drop a reference (NULL: nothing); after the last, p is freed once no connection is sending it. */
void http_prepared_release(struct http_prepared *p);
/** p's body (lent, valid while a reference is held) and its length. */
const char *http_prepared_body(const struct http_prepared *p, size_t *len);
/**
 * Answer res with p: res takes a reference of its own (released by http_response_cleanup), its body is
 * cleared and its status and content type become p's.  A header added to res afterwards is sent instead
 * of p's of the same name (all of them), after p's others: the answer is then a new libmicrohttpd
 * response over the same body bytes.
 */
void http_response_prepared(struct http_response *res, struct http_prepared *p);
/** Redirect with 303 See Other. */
void http_redirect(struct http_response *res, const char *location);

typedef void (*http_dispatch_fn)(struct http_request *req, struct http_response *res);

struct http_server_config {
    const char *listen;             /* "127.0.0.1:8080" */
    unsigned threads;               /* 0: one per core */
    size_t max_body;
    /* File uploads: a request upload_ok accepts (a route that takes files, from a signed-in
     * client) may send up to max_upload bytes instead of max_body.  0 / NULL: none. */
    size_t max_upload;
    bool (*upload_ok)(const struct http_request *req);
    unsigned timeout_s;             /* idle connection timeout */
    unsigned header_timeout_s;      /* a request's headers must be complete within this, whatever trickles; 0: 10 */
    unsigned workers;               /* threads for costly requests (res->defer); 0: as many as threads */
    unsigned per_ip_limit;
    unsigned conn_limit;
    FILE *access_log;               /* NULL: none */
    const struct http_trust *trust; /* proxies whose X-Real-IP / X-Forwarded-For are believed (client_addr.h); copied; NULL: none */
    /* Called on each worker thread before it takes its first request (to open its database
     * connection, so that no request pays for it), with worker_arg (lent).  NULL: none. */
    void (*worker_start)(void *worker_arg);
    void *worker_arg;
};

struct http_server;

/** Start serving.  NULL on failure with a message in err. */
struct http_server *http_server_start(const struct http_server_config *cfg, http_dispatch_fn fn, char *err, size_t errlen);
/** Stop accepting, let requests in flight finish (up to grace_s seconds), stop. */
void http_server_stop(struct http_server *srv, unsigned grace_s);
/** The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *srv);

const char *http_status_text(int status);
long long http_now_us(void);

#endif

/*
 * prepared: an answer made once and sent many times (the response cache's entries).
 *
 * The status, content type, headers and body are copied once, and libmicrohttpd's response object
 * is built once with them: every request the cache answers queues that same object (libmicrohttpd
 * 0.9.75 counts the connections sending a response and frees it after the last), so a hit costs no
 * allocation, no copy of the body and no header formatting of ours.  A request that needs a header
 * of its own (a language cookie) gets a response of its own over the same body bytes, with those headers
 * in place of the prepared answer's of the same name.
 *
 * Two reference counts, one inside the other:
 *  - refs, ours: the cache's slot, each http_response answering with it, each response of its own
 *    made over its body.  The last release destroys our hold on the libmicrohttpd response;
 *  - libmicrohttpd's on that response: ours plus every connection still sending it.  When it falls
 *    to zero libmicrohttpd calls prepared_free, which frees the body and the rest.
 */
#include "http/prepared.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

struct http_prepared {
    atomic_int refs;
    struct MHD_Response *mhd;       /* owned: our reference to it is dropped when refs reaches 0 */
    int status;
    const char *content_type;       /* static string */
    struct http_header headers[HTTP_MAX_RESP_HEADERS];
    size_t nheaders;
    size_t len;
    char body[];
};

/* libmicrohttpd's free callback of the shared response: no connection sends it and the cache let it go. */
static void prepared_free(void *cls)
{
    struct http_prepared *p = cls;
    for (size_t i = 0; i < p->nheaders; i++) { free(p->headers[i].name); free(p->headers[i].value); }
    free(p);
}

static const char *content_type_of(const char *ct) { return ct ? ct : "text/plain; charset=utf-8"; }

struct http_prepared *http_prepared_make(const struct http_response *res)
{
    size_t len = res->prepared ? 0 : res->body.len;
    const char *data = res->body.data;
    if (res->prepared) data = http_prepared_body(res->prepared, &len);
    struct http_prepared *p = xmalloc(sizeof *p + len + 1);
    atomic_init(&p->refs, 1);
    p->status = res->status;
    p->content_type = res->content_type;
    p->len = len;
    if (len) memcpy(p->body, data, len);
    p->body[len] = '\0';
    p->nheaders = 0;
    const struct http_prepared *from = res->prepared;
    for (size_t i = 0; from && i < from->nheaders; i++) {
        p->headers[p->nheaders].name = xstrdup(from->headers[i].name);
        p->headers[p->nheaders++].value = xstrdup(from->headers[i].value);
    }
    for (size_t i = 0; i < res->nheaders && p->nheaders < HTTP_MAX_RESP_HEADERS; i++) {
        p->headers[p->nheaders].name = xstrdup(res->headers[i].name);
        p->headers[p->nheaders++].value = xstrdup(res->headers[i].value);
    }
    p->mhd = MHD_create_response_from_buffer_with_free_callback_cls(len, p->body, prepared_free, p);
    if (!p->mhd) {
        prepared_free(p);
        return NULL;
    }
    MHD_add_response_header(p->mhd, MHD_HTTP_HEADER_CONTENT_TYPE, content_type_of(p->content_type));
    for (size_t i = 0; i < p->nheaders; i++) MHD_add_response_header(p->mhd, p->headers[i].name, p->headers[i].value);
    return p;
}

struct http_prepared *http_prepared_ref(struct http_prepared *p)
{
    atomic_fetch_add(&p->refs, 1);
    return p;
}

void http_prepared_release(struct http_prepared *p)
{
    if (p && atomic_fetch_sub(&p->refs, 1) == 1) MHD_destroy_response(p->mhd);   /* prepared_free once no connection sends it */
}

const char *http_prepared_body(const struct http_prepared *p, size_t *len)
{
    *len = p->len;
    return p->body;
}

void http_response_prepared(struct http_response *res, struct http_prepared *p)
{
    http_prepared_release(res->prepared);
    buf_clear(&res->body);
    res->prepared = http_prepared_ref(p);
    res->status = p->status;
    res->content_type = p->content_type;
}

/* The free callback of a response of its own over a prepared body: drop its reference. */
static void release_cb(void *cls) { http_prepared_release(cls); }

/* Whether this request added a header of that name (it then replaces the prepared answer's). */
static bool added(const struct http_response *res, const char *name)
{
    for (size_t i = 0; i < res->nheaders; i++)
        if (strcasecmp(res->headers[i].name, name) == 0) return true;
    return false;
}

struct MHD_Response *http_prepared_response(const struct http_response *res, bool *reused, size_t *len)
{
    struct http_prepared *p = res->prepared;
    *len = p->len;
    if (res->nheaders == 0 && res->status == p->status) {
        *reused = true;
        return p->mhd;
    }
    *reused = false;
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback_cls(p->len, p->body, release_cb,
                                                                                    http_prepared_ref(p));
    if (!r) {
        http_prepared_release(p);
        return NULL;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type_of(res->content_type));
    for (size_t i = 0; i < p->nheaders; i++)
        if (!added(res, p->headers[i].name)) MHD_add_response_header(r, p->headers[i].name, p->headers[i].value);
    for (size_t i = 0; i < res->nheaders; i++) MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    return r;
}

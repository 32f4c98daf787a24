/*
 * request: parsing of request targets, query strings and form bodies, and the
 * request and response helpers.  The parsers are pure so they can be fuzzed.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/mem.h"
#include "util/text.h"

static void params_add(struct http_params *p, char *name, char *value)
{
    p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
    p->v[p->n].name = name;
    p->v[p->n].value = value;
    p->n++;
}

static char *decode_piece(const char *s, size_t n)
{
    char *d = xstrndup(s, n);
    if (memchr(s, '\0', n)) { free(d); return NULL; }
    long len = url_decode(d, true);
    if (len < 0 || !utf8_valid_text(d, (size_t)len) || strlen(d) != (size_t)len) { free(d); return NULL; }
    return d;
}

int http_params_parse(struct http_params *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&') end++;
        if (end > i) {
            if (out->n >= HTTP_MAX_PARAMS) return -1;
            const char *eq = memchr(s + i, '=', end - i);
            size_t nlen = eq ? (size_t)(eq - (s + i)) : end - i;
            char *name = decode_piece(s + i, nlen);
            char *value = eq ? decode_piece(eq + 1, (size_t)(s + end - eq - 1)) : xstrdup("");
            if (!name || !value) { free(name); free(value); return -1; }
            params_add(out, name, value);
        }
        i = end + 1;
    }
    return 0;
}

void http_params_cleanup(struct http_params *p)
{
    for (size_t i = 0; i < p->n; i++) { free(p->v[i].name); free(p->v[i].value); }
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

const char *http_param_get(const struct http_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].name, name) == 0) return p->v[i].value;
    return NULL;
}

int http_request_set_uri(struct http_request *req, const char *uri)
{
    size_t len = strlen(uri);
    req->uri = xstrdup(uri);
    const char *q = strchr(uri, '?');
    size_t plen = q ? (size_t)(q - uri) : len;
    const char *hash = memchr(uri, '#', plen);
    if (hash) plen = (size_t)(hash - uri);
    req->path = xstrndup(uri, plen);
    long dl = url_decode(req->path, false);
    if (len > HTTP_MAX_URI || dl < 0 || !utf8_valid_text(req->path, (size_t)dl) || strlen(req->path) != (size_t)dl ||
        req->path[0] != '/') {
        req->uri_bad = true;
        return -1;
    }
    if (q && http_params_parse(&req->query, q + 1, strcspn(q + 1, "#")) < 0) {
        req->uri_bad = true;
        return -1;
    }
    return 0;
}

const char *http_query(const struct http_request *req, const char *name)
{
    return http_param_get(&req->query, name);
}

struct form_ctx { struct http_params *out; int bad; };
static int form_cb(const struct http_part *p, void *ctx);
static bool request_split(struct http_request *req);

/* The multipart body's fields, from its parts split once. */
static int form_from_parts(struct http_request *req)
{
    if (!request_split(req)) return -1;
    struct form_ctx f = { &req->form, 0 };
    for (size_t i = 0; i < req->nparts && !f.bad; i++) form_cb(&req->parts[i], &f);
    return f.bad ? -1 : 0;
}

const char *http_form(struct http_request *req, const char *name)
{
    if (!req->form_parsed) {
        req->form_parsed = true;
        const char *ct = req->content_type;
        bool multi = ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
        if (multi ? form_from_parts(req) < 0
                  : http_params_parse(&req->form, req->body.data ? req->body.data : "", req->body.len) < 0) {
            http_params_cleanup(&req->form);
            req->form.n = (size_t)-1;   /* marks a malformed body */
            return NULL;
        }
    }
    if (req->form.n == (size_t)-1) return NULL;
    return http_param_get(&req->form, name);
}

bool http_form_bad(struct http_request *req)
{
    http_form(req, "");
    return req->form.n == (size_t)-1;
}

void http_request_cleanup(struct http_request *req)
{
    free(req->uri);
    free(req->path);
    free(req->argbuf);
    http_params_cleanup(&req->query);
    if (req->form.n == (size_t)-1) req->form.n = 0;
    http_params_cleanup(&req->form);
    free(req->parts);
    req->parts = NULL;
    req->nparts = 0;
    buf_cleanup(&req->body);
    arena_cleanup(&req->arena);
}

void http_response_header(struct http_response *res, const char *name, const char *value)
{
    POAISS_ASSERT(res->nheaders < HTTP_MAX_RESP_HEADERS);
    res->headers[res->nheaders].name = xstrdup(name);
    res->headers[res->nheaders].value = xstrdup(value);
    res->nheaders++;
}

void http_response_header_set(struct http_response *res, const char *name, const char *value)
{
    size_t j = 0;
    for (size_t i = 0; i < res->nheaders; i++) {
        if (strcasecmp(res->headers[i].name, name) == 0) {
            free(res->headers[i].name);
            free(res->headers[i].value);
        } else {
            res->headers[j++] = res->headers[i];
        }
    }
    res->nheaders = j;
    http_response_header(res, name, value);
}

void http_response_cleanup(struct http_response *res)
{
    http_prepared_release(res->prepared);
    res->prepared = NULL;
    for (size_t i = 0; i < res->nheaders; i++) { free(res->headers[i].name); free(res->headers[i].value); }
    res->nheaders = 0;
    buf_cleanup(&res->body);
}

void http_redirect(struct http_response *res, const char *location)
{
    res->status = 303;
    http_response_header(res, "Location", location);
    res->content_type = "text/plain; charset=utf-8";
    buf_clear(&res->body);
    buf_puts(&res->body, "See Other\n");
}

const char *http_status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

long long http_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Find needle in the n bytes at hay: memchr to each candidate first byte, then compare. */
static const char *find(const char *hay, size_t n, const char *needle, size_t nl)
{
    if (nl == 0 || n < nl) return NULL;
    const char *p = hay, *last = hay + (n - nl);
    while (p <= last && (p = memchr(p, needle[0], (size_t)(last - p) + 1)) != NULL) {
        if (memcmp(p, needle, nl) == 0) return p;
        p++;
    }
    return NULL;
}

/* Skip spaces and tabs. */
static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

/* Parse the parameters of a Content-Disposition header value (p..end) into the part. */
static void disposition_params(const char *p, const char *end, struct http_part *part)
{
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi) break;
        p = skip_ws(semi + 1, end);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq) break;
        size_t klen = (size_t)(eq - p);
        const char *v = eq + 1, *vend;
        if (v < end && *v == '"') {   /* a quoted string; a backslash escapes the next byte */
            v++;
            vend = v;
            while (vend < end && *vend != '"') vend += (*vend == '\\' && vend + 1 < end) ? 2 : 1;
            p = vend < end ? vend + 1 : end;
        } else {
            vend = v;
            while (vend < end && *vend != ';' && *vend != ' ') vend++;
            p = vend;
        }
        if (klen == 4 && strncasecmp(eq - 4, "name", 4) == 0) { part->name = v; part->name_len = (size_t)(vend - v); }
        else if (klen == 8 && strncasecmp(eq - 8, "filename", 8) == 0) {
            part->filename = v;
            part->filename_len = (size_t)(vend - v);
            part->has_filename = true;
        }
    }
}

/* An HTTP token character (RFC 9110 tchar). */
static bool tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A character a multipart boundary may hold (RFC 2046 bchars: bcharsnospace and space). */
static bool bchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c && strchr("'()+_,-./:=? ", c));
}

#define BOUNDARY_MAX 70   /* RFC 2046 */

/*
 * The boundary of a multipart/form-data Content-Type (RFC 9110 media type, RFC 2046 boundary) into
 * out (BOUNDARY_MAX + 1 bytes, NUL-terminated): its length, or 0 when ct is not multipart/form-data,
 * its parameters do not parse (each is ';', optional blanks, token=token or token="quoted string"),
 * it has no boundary or two, or the boundary is not 1 to 70 bchars ending in a non-blank.  Parameter
 * names are compared without case: "xboundary=A; boundary=B" is B, "BOUNDARY=B" is B.
 */
static size_t multipart_boundary(const char *ct, char *out)
{
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) return 0;
    const char *p = ct + 19;
    size_t found = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        if (*p++ != ';') return 0;                      /* "multipart/form-dataX", or junk after a value */
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;                                 /* a trailing ';' */
        if (*p == ';') continue;                        /* an empty parameter */
        const char *name = p;
        while (tchar((unsigned char)*p)) p++;
        size_t nl = (size_t)(p - name);
        if (nl == 0 || *p++ != '=') return 0;
        char value[BOUNDARY_MAX + 1];                  /* the value's first 71 bytes: 71 means too long */
        size_t vl = 0;
        if (*p == '"') {                                /* a quoted string: a backslash escapes the next character */
            for (p++; *p != '"'; p++) {
                if (!*p || (*p == '\\' && !*++p)) return 0;   /* unterminated */
                if (vl < sizeof value) value[vl++] = *p;
            }
            p++;
        } else {
            for (; tchar((unsigned char)*p); p++)
                if (vl < sizeof value) value[vl++] = *p;
            if (vl == 0) return 0;
        }
        if (nl != 8 || strncasecmp(name, "boundary", 8) != 0) continue;
        if (found || vl == 0 || vl > BOUNDARY_MAX || value[vl - 1] == ' ') return 0;
        for (size_t i = 0; i < vl; i++)
            if (!bchar((unsigned char)value[i])) return 0;
        memcpy(out, value, vl);
        out[vl] = '\0';
        found = vl;
    }
    return found;
}

int http_multipart_each(const char *ct, const char *body, size_t blen, int (*cb)(const struct http_part *p, void *ctx), void *ctx)
{
    if (!body) return -1;
    char boundary[4 + BOUNDARY_MAX + 1] = "\r\n--";
    size_t bl = multipart_boundary(ct, boundary + 4);
    if (bl == 0) return -1;
    size_t dl = 4 + bl;
    /* The body starts with the boundary without its leading CRLF. */
    if (blen < dl - 2 || memcmp(body, boundary + 2, dl - 2) != 0) return -1;
    const char *p = body + dl - 2, *end = body + blen;
    while (p < end) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0;   /* the closing boundary */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return -1;
        const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return -1;
        const char *content = hend + 4;
        const char *next = find(content, (size_t)(end - content), boundary, dl);
        if (!next) return -1;
        struct http_part part = { 0 };
        for (const char *line = p + 2; line < hend;) {
            const char *eol = find(line, (size_t)(hend + 2 - line), "\r\n", 2);
            if (!eol) eol = hend;
            if (eol - line > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) disposition_params(line + 20, eol, &part);
            else if (eol - line > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
                part.type = skip_ws(line + 13, eol);
                part.type_len = (size_t)(eol - part.type);
            }
            line = eol + 2;
        }
        part.data = content;
        part.len = (size_t)(next - content);
        if (part.name && cb(&part, ctx)) return 0;
        p = next + dl;
    }
    return -1;
}

struct find_ctx { const char *name; const char **data; size_t *len; bool found; };

static int find_cb(const struct http_part *p, void *ctx)
{
    struct find_ctx *f = ctx;
    if (p->name_len != strlen(f->name) || memcmp(p->name, f->name, p->name_len) != 0) return 0;
    *f->data = p->data;
    *f->len = p->len;
    f->found = true;
    return 1;
}

int http_multipart_parse(const char *ct, const char *body, size_t blen, const char *name, const char **data, size_t *len)
{
    struct find_ctx f = { name, data, len, false };
    return http_multipart_each(ct, body, blen, find_cb, &f) == 0 && f.found ? 0 : -1;
}

void http_part_filename(const struct http_part *p, struct buf *out)
{
    /* Browsers send '"', CR and LF in a file name as %22, %0D and %0A; some clients escape with a backslash. */
    for (size_t i = 0; i < p->filename_len; i++) {
        const char *c = p->filename + i;
        if (*c == '\\' && i + 1 < p->filename_len) { buf_putc(out, c[1]); i++; }
        else if (*c == '%' && i + 2 < p->filename_len && c[1] == '2' && c[2] == '2') { buf_putc(out, '"'); i += 2; }
        else if (*c == '%' && i + 2 < p->filename_len && c[1] == '0' && (c[2] == 'D' || c[2] == 'd')) { buf_putc(out, '\r'); i += 2; }
        else if (*c == '%' && i + 2 < p->filename_len && c[1] == '0' && (c[2] == 'A' || c[2] == 'a')) { buf_putc(out, '\n'); i += 2; }
        else buf_putc(out, *c);
    }
}

/* The fields of a multipart form that are not files become form parameters, checked like urlencoded ones. */
static int form_cb(const struct http_part *p, void *ctx)
{
    struct form_ctx *f = ctx;
    if (p->has_filename) return 0;
    if (f->out->n >= HTTP_MAX_PARAMS || memchr(p->name, '\0', p->name_len) || memchr(p->data, '\0', p->len) ||
        !utf8_valid_text(p->name, p->name_len) || !utf8_valid_text(p->data, p->len)) {
        f->bad = 1;
        return 1;
    }
    params_add(f->out, xstrndup(p->name, p->name_len), xstrndup(p->data, p->len));
    return 0;
}

int http_multipart_form(struct http_params *out, const char *ct, const char *body, size_t blen)
{
    struct form_ctx f = { out, 0 };
    return http_multipart_each(ct, body, blen, form_cb, &f) == 0 && !f.bad ? 0 : -1;
}

struct split_ctx { struct http_request *req; bool too_many; };

static int split_cb(const struct http_part *p, void *ctx)
{
    struct split_ctx *sc = ctx;
    struct http_request *req = sc->req;
    if (req->nparts >= HTTP_MAX_PARTS) { sc->too_many = true; return 1; }
    if (req->nparts == 0 || (req->nparts >= 8 && (req->nparts & (req->nparts - 1)) == 0))   /* 8, 16, 32 ...: doubled */
        req->parts = xrealloc(req->parts, (req->nparts ? req->nparts * 2 : 8) * sizeof *req->parts);
    req->parts[req->nparts++] = *p;
    return 0;
}

/* Split the multipart body into req->parts, once.  false when it is not multipart, malformed or has too many parts. */
static bool request_split(struct http_request *req)
{
    if (req->parts_state == 0) {
        struct split_ctx sc = { req, false };
        bool ok = http_multipart_each(req->content_type, req->body.data, req->body.len, split_cb, &sc) == 0 && !sc.too_many;
        if (!ok) { free(req->parts); req->parts = NULL; req->nparts = 0; }
        req->parts_state = ok ? 1 : -1;
    }
    return req->parts_state == 1;
}

const struct http_part *http_request_part(struct http_request *req, const char *name, bool files_only)
{
    if (!request_split(req)) return NULL;
    size_t nl = strlen(name);
    for (size_t i = 0; i < req->nparts; i++) {
        const struct http_part *p = &req->parts[i];
        if (p->name_len == nl && memcmp(p->name, name, nl) == 0 && (!files_only || p->has_filename)) return p;
    }
    return NULL;
}

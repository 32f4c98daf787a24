/*
 * fuzz_http_params: libFuzzer driver for the request parsers of http/request.c —
 * http_params_parse (query strings and urlencoded bodies), http_request_set_uri (the raw
 * request target) and http_form / http_form_bad (a body parsed on demand).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
 *         tests/fuzz/fuzz_http_params.c src/http/request.c src/http/prepared.c src/util/arena.c src/util/text.c \
 *         src/util/buf.c src/util/mem.c -lmicrohttpd -o build/fuzz/fuzz_http_params
 *   (request.c releases a response's prepared answer, prepared.c: hence libmicrohttpd.)
 *   FUZZ_LIBS: libmicrohttpd
 *   build/fuzz/fuzz_http_params -max_total_time=60 tests/fuzz/corpus/fuzz_http_params
 *
 * Besides memory errors (ASan/UBSan), it checks the promises of http.h:
 *  - http_params_parse gives 0 or -1; on 0 there are at most HTTP_MAX_PARAMS parameters, each name
 *    and value NUL-free valid UTF-8 text, and percent-encoding every parameter again and parsing
 *    the result gives the same parameters (a round trip);
 *  - http_request_set_uri gives 0 with a path that starts with '/', is valid UTF-8 text and no
 *    longer than the target, or -1 with uri_bad set; a target over HTTP_MAX_URI is always refused;
 *  - http_form agrees with http_params_parse on the same body, and http_form_bad with its result;
 *  - http_multipart_each (the input as a multipart body, boundary "XX") gives 0 or -1 and lends
 *    parts that lie inside the body; http_multipart_form gives at most HTTP_MAX_PARAMS fields of
 *    valid UTF-8 text, none of them a file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_http_params: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

static void check_param_text(const char *s)
{
    CHECK(s != NULL);
    CHECK(utf8_valid_text(s, strlen(s)));
}

/* Percent-encode every parameter again, parse that, and expect the same list. */
static void check_round_trip(const struct http_params *p)
{
    struct buf enc = BUF_INIT;
    for (size_t i = 0; i < p->n; i++) {
        if (i) buf_putc(&enc, '&');
        html_urlpart(&enc, p->v[i].name);
        buf_putc(&enc, '=');
        html_urlpart(&enc, p->v[i].value);
    }
    struct http_params q = { 0 };
    int rc = http_params_parse(&q, buf_cstr(&enc), enc.len);
    CHECK(rc == 0);
    /* A parameter with an empty name and an empty value encodes as "=", which parses back the same. */
    CHECK(q.n == p->n);
    for (size_t i = 0; i < p->n; i++) {
        CHECK(strcmp(q.v[i].name, p->v[i].name) == 0);
        CHECK(strcmp(q.v[i].value, p->v[i].value) == 0);
    }
    http_params_cleanup(&q);
    CHECK(q.v == NULL && q.n == 0);
    buf_cleanup(&enc);
}

static void fuzz_params(const uint8_t *data, size_t size)
{
    struct http_params p = { 0 };
    int rc = http_params_parse(&p, (const char *)data, size);
    CHECK(rc == 0 || rc == -1);
    CHECK(p.n <= HTTP_MAX_PARAMS);
    if (rc == 0) {
        size_t pieces = 0;   /* non-empty '&'-separated pieces: one parameter each */
        for (size_t i = 0, start = 0; i <= size; i++) {
            if (i == size || data[i] == '&') {
                if (i > start) pieces++;
                start = i + 1;
            }
        }
        CHECK(p.n == pieces);
        for (size_t i = 0; i < p.n; i++) {
            check_param_text(p.v[i].name);
            check_param_text(p.v[i].value);
        }
        if (p.n) {
            const char *first = http_param_get(&p, p.v[0].name);
            CHECK(first == p.v[0].value);
        }
        check_round_trip(&p);
    }
    http_params_cleanup(&p);
}

static void fuzz_uri(const uint8_t *data, size_t size)
{
    char *uri = malloc(size + 1);
    CHECK(uri != NULL);
    memcpy(uri, data, size);
    uri[size] = '\0';
    struct http_request req;
    memset(&req, 0, sizeof req);
    int rc = http_request_set_uri(&req, uri);
    CHECK(rc == 0 || rc == -1);
    CHECK(req.uri != NULL && strcmp(req.uri, uri) == 0);
    CHECK(req.path != NULL);
    if (strlen(uri) > HTTP_MAX_URI) CHECK(rc == -1);
    if (rc == 0) {
        CHECK(!req.uri_bad);
        CHECK(req.path[0] == '/');
        CHECK(utf8_valid_text(req.path, strlen(req.path)));
        CHECK(strlen(req.path) <= strlen(uri));
        CHECK(req.query.n <= HTTP_MAX_PARAMS);
        for (size_t i = 0; i < req.query.n; i++) {
            check_param_text(req.query.v[i].name);
            check_param_text(req.query.v[i].value);
            CHECK(http_query(&req, req.query.v[i].name) != NULL);
        }
        if (!strchr(uri, '?')) CHECK(req.query.n == 0);
    } else {
        CHECK(req.uri_bad);
    }
    http_request_cleanup(&req);
    free(uri);
}

static void fuzz_form(const uint8_t *data, size_t size)
{
    struct http_request req;
    memset(&req, 0, sizeof req);
    if (size) buf_append(&req.body, data, size);
    struct http_params p = { 0 };
    int rc = http_params_parse(&p, (const char *)data, size);
    const char *csrf = http_form(&req, "csrf");
    bool bad = http_form_bad(&req);
    CHECK(bad == (rc < 0));
    if (rc == 0) {
        const char *want = http_param_get(&p, "csrf");
        CHECK((csrf == NULL) == (want == NULL));
        if (csrf) CHECK(strcmp(csrf, want) == 0);
        if (p.n) {
            const char *v = http_form(&req, p.v[0].name);
            CHECK(v != NULL && strcmp(v, p.v[0].value) == 0);
        }
    } else {
        CHECK(csrf == NULL);
        CHECK(http_form(&req, "") == NULL);
    }
    CHECK(http_form_bad(&req) == bad);
    http_params_cleanup(&p);
    http_request_cleanup(&req);
}

struct span { const char *start; size_t size; };

static int part_in_body(const struct http_part *p, void *ctx)
{
    const struct span *b = ctx;
    CHECK(p->data >= b->start && p->data + p->len <= b->start + b->size);
    CHECK(p->name >= b->start && p->name + p->name_len <= b->start + b->size);
    if (p->has_filename) {
        CHECK(p->filename >= b->start && p->filename + p->filename_len <= b->start + b->size);
        struct buf f = BUF_INIT;
        http_part_filename(p, &f);
        CHECK(f.len <= p->filename_len);
        buf_cleanup(&f);
    }
    return 0;
}

static void fuzz_multipart(const uint8_t *data, size_t size)
{
    static const char ct[] = "multipart/form-data; boundary=XX";
    struct span b = { (const char *)data, size };
    int rc = http_multipart_each(ct, (const char *)data, size, part_in_body, &b);
    CHECK(rc == 0 || rc == -1);
    struct http_params p = { 0 };
    if (http_multipart_form(&p, ct, (const char *)data, size) == 0) {
        CHECK(p.n <= HTTP_MAX_PARAMS);
        for (size_t i = 0; i < p.n; i++) {
            check_param_text(p.v[i].name);
            check_param_text(p.v[i].value);
        }
    }
    http_params_cleanup(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_multipart(data, size);
    fuzz_params(data, size);
    fuzz_uri(data, size);
    fuzz_form(data, size);
    return 0;
}

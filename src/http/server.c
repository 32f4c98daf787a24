/*
 * server: libmicrohttpd glue.
 *
 * Design:
 *  - The request context is created in the URI callback, which sees the raw request
 *    target (libmicrohttpd would otherwise hand us an already-decoded path).
 *  - The first call of the access handler only takes the request (answering there
 *    would make libmicrohttpd close keep-alive connections); body pieces accumulate up
 *    to max_body; the final call dispatches and queues one buffer response, which
 *    libmicrohttpd sends with headers and body together (no Nagle stall).
 *  - An oversized body is answered 413 on the final call, never by returning MHD_NO.
 *    The limit is max_body, or max_upload for the requests the application's upload_ok
 *    accepts (routes that take files), decided on the first call from the headers.
 *  - Requests in flight are counted so that a stop waits for them to finish.
 */

#include "http/http.h"
#include "http/client_addr.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_dispatch_fn dispatch;
    size_t max_body, max_upload;
    bool (*upload_ok)(const struct http_request *req);
    FILE *access_log;
    struct http_trust trust;        /* proxies believed about the client's address */
    atomic_int in_flight;
    unsigned port;
};

struct ctx {
    struct http_request req;
    size_t limit;                   /* this request's body limit */
    int status;
    size_t bytes;
    bool started;
};

static enum http_method method_of(const char *m)
{
    static const struct { const char *name; enum http_method m; } map[] = {
        { "GET", HTTP_GET }, { "HEAD", HTTP_HEAD }, { "POST", HTTP_POST }, { "PUT", HTTP_PUT },
        { "PATCH", HTTP_PATCH }, { "DELETE", HTTP_DELETE }, { "OPTIONS", HTTP_OPTIONS },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(m, map[i].name) == 0) return map[i].m;
    return HTTP_OTHER;
}

static void *uri_cb(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct http_server *srv = cls;
    struct ctx *c = xcalloc(1, sizeof *c);
    c->req.start_us = http_now_us();
    c->req.conn = conn;
    http_request_set_uri(&c->req, uri ? uri : "/");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, c->req.remote, sizeof c->req.remote);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, c->req.remote, sizeof c->req.remote);
    }
    atomic_fetch_add(&srv->in_flight, 1);
    c->started = true;
    return c;
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct ctx *c, struct http_response *res)
{
    size_t len;
    struct MHD_Response *r;
    if (res->shared) {
        /* The response now owns the reference: libmicrohttpd releases it when done. */
        len = res->shared_len;
        r = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)(uintptr_t)res->shared,
                                                                   res->release, res->release_cls);
        if (!r) return MHD_NO;
        res->release = NULL;
        res->shared = NULL;
    } else {
        char *body = buf_steal(&res->body, &len);
        r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!r) { free(body); return MHD_NO; }
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            res->content_type ? res->content_type : "text/plain; charset=utf-8");
    for (size_t i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    c->status = res->status;
    c->bytes = len;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    (void)url; (void)version;
    struct ctx *c = *con_cls;
    if (!c) return MHD_NO;   /* cannot happen: the URI callback always sets one */
    if (!c->req.method_name) {
        c->req.method_name = method;
        c->req.method = method_of(method);
        c->req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (srv->trust.n) {   /* behind a trusted proxy: the client it names (client_addr.h) */
            char peer[sizeof c->req.remote];
            memcpy(peer, c->req.remote, sizeof peer);
            http_client_addr_resolve(&srv->trust, peer, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP"),
                                     MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
                                     c->req.remote, sizeof c->req.remote);
        }
        c->limit = srv->max_body;
        if (srv->upload_ok && srv->max_upload > srv->max_body && srv->upload_ok(&c->req)) c->limit = srv->max_upload;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > c->limit) c->req.body_too_large = true;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!c->req.body_too_large) {
            if (c->req.body.len + *upload_data_size > c->limit) {
                c->req.body_too_large = true;
                buf_cleanup(&c->req.body);
            } else {
                buf_append(&c->req.body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct http_response res = { .status = 200 };
    srv->dispatch(&c->req, &res);
    enum MHD_Result ret = queue(conn, c, &res);
    http_response_cleanup(&res);
    return ret;
}

/* Write s to the log with spaces, quotes, backslashes and control bytes percent-encoded: one request, one line, unforgeable. */
static void log_field(FILE *f, const char *s)
{
    if (!s || !*s) { fputc('-', f); return; }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F || *p == '"' || *p == '\\') fprintf(f, "%%%02X", *p);
        else fputc(*p, f);
    }
}

static void completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    (void)conn;
    struct ctx *c = *con_cls;
    if (!c) return;
    if (srv->access_log && c->req.method_name) {
        char ts[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        flockfile(srv->access_log);
        fprintf(srv->access_log, "%s %s ", ts, c->req.remote);
        log_field(srv->access_log, c->req.method_name);
        fputc(' ', srv->access_log);
        log_field(srv->access_log, c->req.uri);
        fprintf(srv->access_log, " %d %zu %lldus%s\n", c->status, c->bytes, http_now_us() - c->req.start_us,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        funlockfile(srv->access_log);
    }
    http_request_cleanup(&c->req);
    if (c->started) atomic_fetch_sub(&srv->in_flight, 1);
    free(c);
    *con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errlen)
{
    const char *colon = strrchr(listen, ':');
    if (!colon) { snprintf(err, errlen, "--listen wants ADDRESS:PORT, got '%s'", listen); return -1; }
    char host[64];
    size_t hl = (size_t)(colon - listen);
    if (hl >= sizeof host) { snprintf(err, errlen, "address too long"); return -1; }
    memcpy(host, listen, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1) { snprintf(err, errlen, "bad port in '%s'", listen); return -1; }
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (hl == 0 || strcmp(host, "*") == 0) sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0) sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) { snprintf(err, errlen, "bad IPv4 address '%s'", host); return -1; }
    return 0;
}

struct http_server *http_server_start(const struct http_server_config *cfg, http_dispatch_fn fn, char *err, size_t errlen)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa, err, errlen) < 0) return NULL;
    struct http_server *srv = xcalloc(1, sizeof *srv);
    srv->dispatch = fn;
    srv->max_body = cfg->max_body ? cfg->max_body : HTTP_MAX_BODY_DEFAULT;
    srv->max_upload = cfg->max_upload;
    srv->upload_ok = cfg->upload_ok;
    srv->access_log = cfg->access_log;
    if (cfg->trust) srv->trust = *cfg->trust;
    atomic_init(&srv->in_flight, 0);
    unsigned threads = cfg->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ITC;
    srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_cb, srv,
        MHD_OPTION_NOTIFY_COMPLETED, completed_cb, srv,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit ? cfg->per_ip_limit : 256u,
        MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit ? cfg->conn_limit : 1024u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(HTTP_MAX_HEADER_BYTES * 2),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot listen on %s (in use, or not permitted)", cfg->listen);
        free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : ntohs(sa.sin_port);
    return srv;
}

unsigned http_server_port(const struct http_server *srv) { return srv->port; }

void http_server_stop(struct http_server *srv, unsigned grace_s)
{
    if (!srv) return;
    MHD_socket s = MHD_quiesce_daemon(srv->daemon);
    if (s != MHD_INVALID_SOCKET) close(s);
    long long deadline = http_now_us() + (long long)grace_s * 1000000LL;
    while (atomic_load(&srv->in_flight) > 0 && http_now_us() < deadline) {
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(srv->daemon);
    free(srv);
}

const char *http_request_header(const struct http_request *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *http_request_cookie(const struct http_request *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name) : NULL;
}

int http_multipart_field(const struct http_request *req, const char *name, const char **data, size_t *len)
{
    return http_multipart_parse(http_request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE), req->body.data, req->body.len,
                                name, data, len);
}

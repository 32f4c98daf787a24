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
 *  - What libmicrohttpd 0.9.75 lets through is checked on the first call, before any body
 *    byte is read (guard.h): ambiguous framing (400), a target over HTTP_MAX_URI (414),
 *    headers over HTTP_MAX_HEADER_BYTES (431), a Content-Length over the limit (413 at once when
 *    it is more than HTTP_DRAIN_MAX over or the client expects 100-continue; otherwise the body is
 *    dropped as it comes and answered 413 at its end, since an early answer reaches browsers as a
 *    connection reset), a
 *    client with too many requests in flight (429), a chunked body (411: 0.9.75's chunk parser
 *    answers 500 to a long chunk extension, and a body being received cannot be answered:
 *    MHD_queue_response refuses in that state).  An answer queued on the first call makes
 *    libmicrohttpd skip the body and close the connection.
 *  - Headers must be complete within header_timeout_s of the connection's start or of the
 *    previous answer: libmicrohttpd's own timeout restarts with every byte, so a watchdog
 *    thread shuts down (shutdown(2), not close) the sockets that trickle.  Connections are
 *    tracked from MHD_OPTION_NOTIFY_CONNECTION; libmicrohttpd calls its CLOSED notice before it
 *    closes the socket, and the watchdog only touches a socket under the lock that notice takes,
 *    so it never shuts down a descriptor that was closed and reused.
 *  - A dispatcher may ask for a request to run off the network threads (res->defer): the
 *    connection is suspended, a worker (niced) dispatches it again and resumes it, and the
 *    next call queues the answer.  Each client may have GUARD_MAX_COSTLY of them at once (429
 *    beyond), and HTTP_MAX_QUEUED may wait in all (503 beyond).
 */

#include "http/http.h"
#include "http/client_addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "http/guard.h"
#include "http/prepared.h"
#include "util/i18n.h"
#include "util/mem.h"

/* A connection, as the watchdog sees it: waiting_since is when it started waiting for a request's
   headers (0 while a request is being handled); body_until, while a request's body is being received,
   when it must have arrived (0 otherwise). */
struct tracked {
    struct tracked *prev, *next;
    int fd;
    atomic_llong waiting_since;
    atomic_llong body_until;
    bool shut;
};

struct ctx;

/* A costly request waiting for a worker. */
struct job {
    struct job *next;
    struct ctx *c;
    struct MHD_Connection *conn;
};

struct http_server {
    struct MHD_Daemon *daemon;
    http_dispatch_fn dispatch;
    size_t max_body, max_upload;
    bool (*upload_ok)(const struct http_request *req);
    FILE *access_log;
    void (*worker_start)(void *worker_arg);
    void *worker_arg;
    struct http_trust trust;        /* proxies believed about the client's address */
    atomic_int in_flight;
    unsigned port;
    /* the watchdog */
    pthread_mutex_t conns_lock;
    struct tracked *conns;
    long long header_timeout_us;
    pthread_t watchdog;
    bool watchdog_running;
    /* the workers */
    pthread_mutex_t jobs_lock;
    pthread_cond_t jobs_cond;
    struct job *jobs_head, *jobs_tail;
    size_t jobs_n;
    bool stopping;
    pthread_t *workers;
    unsigned nworkers;
};

struct ctx {
    struct http_request req;
    size_t limit;                   /* this request's body limit */
    unsigned long long length;      /* its Content-Length (0: none) */
    int status;
    size_t bytes;
    bool started;
    bool entered;                   /* counted in the client's requests in flight (guard_enter) */
    bool uri_long;
    bool draining;                  /* the body is over the limit: drop it as it comes, then answer 413 */
    bool ready;                     /* a worker made the answer: queue it */
    struct http_response done;
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
    const char *raw = uri;
    if (uri && strlen(uri) > HTTP_MAX_URI) {   /* refused with 414 on the first call: in JSON under /api/ */
        c->uri_long = true;
        uri = strncmp(uri, "/api/", 5) == 0 ? "/api/" : "/";
    }
    http_request_set_uri(&c->req, uri ? uri : "/");
    /* The query is parsed here, into the request (http_request_set_uri).  libmicrohttpd would parse it again into
       the connection's memory once this returns, about 56 bytes an argument, where nothing reads it: a 1-4 KiB
       target of "a&a&..." took all of it and no answer could be made (a bigger pool costs every request, since
       libmicrohttpd zeroes it between requests: 7 -> 16 us of CPU a request).  Its copy is cut after the '?'
       (0.9.75 finds the '?' before this call and parses what follows after it). */
    const char *q = raw ? strchr(raw, '?') : NULL;
    if (q && q[1]) *(char *)(uintptr_t)(q + 1) = '\0';
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
    bool reused = false;
    if (res->prepared) {   /* a cached answer: its response made once, queued again (prepared.c) */
        r = http_prepared_response(res, &reused, &len);
        if (!r) return MHD_NO;
    } else {
        char *body = buf_steal(&res->body, &len);
        r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!r) { free(body); return MHD_NO; }
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                res->content_type ? res->content_type : "text/plain; charset=utf-8");
        for (size_t i = 0; i < res->nheaders; i++)
            MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    }
    c->status = res->status;
    c->bytes = len;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
    if (!reused) MHD_destroy_response(r);
    return ret;
}

/* The watchdog's record of conn (set by the connection notice). */
static struct tracked *tracked_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

struct header_list { struct guard_header v[HTTP_MAX_HEADERS]; size_t n; bool too_many, folded; };

static enum MHD_Result header_each(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                   const char *value, size_t value_size)
{
    (void)kind;
    struct header_list *l = cls;
    if (l->n == HTTP_MAX_HEADERS) { l->too_many = true; return MHD_NO; }
    /* libmicrohttpd 0.9.75 joins a line that starts with a blank (obs-fold) to the header before it by copying
       that header elsewhere, mangled ("Content-Length: 2" then " 0" becomes "Content-Length0: 2", and the request
       has no Content-Length): a header read in place has its value right after its name, its colon and blanks. */
    if (value && value_size) {
        bool in_place = value >= key + key_size && (size_t)(value - (key + key_size)) <= HTTP_MAX_HEADER_BYTES;
        for (const char *p = key + key_size; in_place && p < value; p++) in_place = !*p || *p == ':' || *p == ' ' || *p == '\t';
        if (!in_place) l->folded = true;
    }
    l->v[l->n++] = (struct guard_header){ key, key_size, value ? value : "", value ? value_size : 0 };
    return MHD_YES;
}

/* The checks of the first call, before any body byte is read: 0, or the status to refuse with. */
static int first_checks(struct http_server *srv, struct MHD_Connection *conn, const char *version, struct ctx *c)
{
    if (c->uri_long) { c->req.refused_why = N_("The address is too long (at most 4 KiB)."); return 414; }
    const union MHD_ConnectionInfo *hs = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    struct header_list *l = xcalloc(1, sizeof *l);
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, header_each, l);
    bool too_many = l->too_many, folded = l->folded;
    const char *why = NULL;
    int framing = too_many ? 0 : guard_framing(l->v, l->n, &why);
    free(l);
    if (folded && !too_many) {
        /* RFC 9112 §5.2: a server that does not unfold must reject the message (a front end may frame it otherwise) */
        c->req.refused_why = "A header continues on a second line (line folding): send each header on one line.";
        return 400;
    }
    /* RFC 9112 §3.2: a request of HTTP/1.1 without a Host header is answered 400 */
    if (version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)) {
        c->req.refused_why = "An HTTP/1.1 request needs a Host header.";
        return 400;
    }
    if ((hs && hs->header_size > HTTP_MAX_HEADER_BYTES) || too_many) {
        c->req.refused_why = N_("The request's headers are too large (at most 16 KiB and 100 lines).");
        return 431;
    }
    if (framing) { c->req.refused_why = why; return framing; }
    if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
        /* libmicrohttpd 0.9.75's chunk parser answers 500 to a chunk line longer than the connection's memory and
           cannot be stopped mid-body: bodies come with a Content-Length, checked against the limit before they are read. */
        c->req.refused_why = "Send the body with a Content-Length: chunked request bodies are not accepted.";
        return 411;
    }
    if (!guard_enter(&c->req)) {
        c->req.refused_why = N_("Too many requests from your address at once: wait for the ones under way.");
        return 429;
    }
    c->entered = true;
    c->limit = srv->max_body;
    if (srv->upload_ok && srv->max_upload > srv->max_body && srv->upload_ok(&c->req)) c->limit = srv->max_upload;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long n = cl ? strtoull(cl, NULL, 10) : 0;
    c->length = n;
    if (n > c->limit) {
        c->req.body_too_large = true;
        /* An answer sent before the body has arrived reaches most clients as a connection reset (a browser's
           upload, Node's fetch): a body at most HTTP_DRAIN_MAX over the limit is read and dropped, then
           answered.  One that announces "Expect: 100-continue" is answered at once: it has not been sent. */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
        c->draining = n - c->limit <= HTTP_DRAIN_MAX && !(expect && strcasecmp(expect, "100-continue") == 0);
    }
    return 0;
}

/* Hand a costly request to a worker: false when the client has too many, or too many wait (then answer it here). */
static bool offload(struct http_server *srv, struct MHD_Connection *conn, struct ctx *c)
{
    if (!srv->nworkers) return false;
    if (!guard_costly_begin(&c->req)) {
        c->req.refused = 429;
        c->req.refused_why = N_("Too many costly requests (sign-ins, searches) from your address at once: wait for the ones under way.");
        return false;
    }
    pthread_mutex_lock(&srv->jobs_lock);
    bool room = srv->jobs_n < HTTP_MAX_QUEUED && !srv->stopping;
    if (room) {
        struct job *j = xcalloc(1, sizeof *j);
        j->c = c;
        j->conn = conn;
        MHD_suspend_connection(conn);
        if (srv->jobs_tail) srv->jobs_tail->next = j; else srv->jobs_head = j;
        srv->jobs_tail = j;
        srv->jobs_n++;
        pthread_cond_signal(&srv->jobs_cond);
    }
    pthread_mutex_unlock(&srv->jobs_lock);
    if (!room) {
        guard_costly_end(&c->req);
        c->req.refused = 503;
        c->req.refused_why = N_("The server is busy: try again in a minute.");
    }
    return room;
}

/* Dispatch, and mark the answers the server itself refused: closed after, and when to retry. */
static void dispatch(struct http_server *srv, struct ctx *c, struct http_response *res)
{
    srv->dispatch(&c->req, res);
    if (c->req.refused) http_response_header_set(res, "Connection", "close");
    if (c->req.refused == 429 || c->req.refused == 503) http_response_header_set(res, "Retry-After", "5");
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    (void)url;
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
        struct tracked *t = tracked_of(conn);
        if (t) atomic_store(&t->waiting_since, 0);
        c->req.refused = first_checks(srv, conn, version, c);
        if (t && !c->req.refused && (!c->req.body_too_large || c->draining) && c->length) {
            /* The body must come in at HTTP_MIN_BODY_RATE bytes a second on average, after a start of header_timeout_s:
               libmicrohttpd's own timeout restarts with every byte, so one byte a second would hold the connection. */
            long long us = srv->header_timeout_us + (long long)(c->length / HTTP_MIN_BODY_RATE) * 1000000LL;
            atomic_store(&t->body_until, http_now_us() + us);
        }
        if (!c->req.refused && (!c->req.body_too_large || c->draining)) return MHD_YES;
        /* Answered now: libmicrohttpd skips the body and closes the connection. */
        struct http_response res = { .status = 200 };
        dispatch(srv, c, &res);
        if (c->req.body_too_large) http_response_header_set(&res, "Connection", "close");
        enum MHD_Result ret = queue(conn, c, &res);
        http_response_cleanup(&res);
        return ret;
    }
    if (*upload_data_size) {
        if (c->draining) {   /* over the limit: dropped as it comes, answered 413 at its end */
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (c->req.body.len + *upload_data_size > c->limit) {
            /* Cannot happen: the Content-Length was checked on the first call, and libmicrohttpd reads no more. */
            c->status = 413;
            return MHD_NO;
        }
        buf_append(&c->req.body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct tracked *t = tracked_of(conn);
    if (t) atomic_store(&t->body_until, 0);            /* the body is in */
    if (c->ready) {
        c->ready = false;
        enum MHD_Result ret = queue(conn, c, &c->done);
        http_response_cleanup(&c->done);
        return ret;
    }
    struct http_response res = { .status = 200 };
    dispatch(srv, c, &res);
    if (res.defer && !c->req.offloaded) {
        http_response_cleanup(&res);
        if (offload(srv, conn, c)) return MHD_YES;
        c->req.offloaded = true;   /* no worker takes it: answer here (the refusal offload set, or the request itself) */
        res = (struct http_response){ .status = 200 };
        dispatch(srv, c, &res);
    }
    enum MHD_Result ret = queue(conn, c, &res);
    http_response_cleanup(&res);
    return ret;
}

/* A worker: dispatch costly requests one at a time, at a lower priority than the network threads. */
static void *worker_main(void *arg)
{
    struct http_server *srv = arg;
    /* Nice 10: under bench/abuse.sh a cached page's p99 was 15 ms at nice 10, 37 ms at 5, 111 ms at 0. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    if (srv->worker_start) srv->worker_start(srv->worker_arg);
    pthread_mutex_lock(&srv->jobs_lock);
    for (;;) {
        while (!srv->jobs_head && !srv->stopping) pthread_cond_wait(&srv->jobs_cond, &srv->jobs_lock);
        struct job *j = srv->jobs_head;
        if (!j) break;   /* stopping, and nothing left */
        srv->jobs_head = j->next;
        if (!srv->jobs_head) srv->jobs_tail = NULL;
        srv->jobs_n--;
        bool stopping = srv->stopping;
        pthread_mutex_unlock(&srv->jobs_lock);
        struct ctx *c = j->c;
        c->done = (struct http_response){ .status = 200 };
        c->req.offloaded = true;
        if (stopping) {
            c->req.refused = 503;
            c->req.refused_why = N_("The server is stopping: try again in a minute.");
        }
        dispatch(srv, c, &c->done);
        guard_costly_end(&c->req);
        c->ready = true;
        MHD_resume_connection(j->conn);
        free(j);
        pthread_mutex_lock(&srv->jobs_lock);
    }
    pthread_mutex_unlock(&srv->jobs_lock);
    return NULL;
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
    if (c->entered) guard_leave(&c->req);
    if (c->ready) http_response_cleanup(&c->done);
    http_request_cleanup(&c->req);
    if (c->started) atomic_fetch_sub(&srv->in_flight, 1);
    /* The connection now waits for the next request's headers. */
    struct tracked *t = tracked_of(conn);
    if (t) {
        atomic_store(&t->body_until, 0);
        atomic_store(&t->waiting_since, http_now_us());
    }
    free(c);
    *con_cls = NULL;
}

/* Track connections for the watchdog: made when libmicrohttpd accepts one, dropped before it closes the socket. */
static void notify_cb(void *cls, struct MHD_Connection *conn, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct tracked *t = xcalloc(1, sizeof *t);
        t->fd = ci ? ci->connect_fd : -1;
        atomic_init(&t->waiting_since, http_now_us());
        atomic_init(&t->body_until, 0);
        pthread_mutex_lock(&srv->conns_lock);
        t->next = srv->conns;
        if (srv->conns) srv->conns->prev = t;
        srv->conns = t;
        pthread_mutex_unlock(&srv->conns_lock);
        *socket_context = t;
    } else {
        struct tracked *t = *socket_context;
        if (!t) return;
        pthread_mutex_lock(&srv->conns_lock);
        if (t->prev) t->prev->next = t->next; else srv->conns = t->next;
        if (t->next) t->next->prev = t->prev;
        pthread_mutex_unlock(&srv->conns_lock);
        free(t);
        *socket_context = NULL;
    }
}

/* Every quarter second: shut down the connections that have waited too long for a request's headers. */
static void *watchdog_main(void *arg)
{
    struct http_server *srv = arg;
    for (;;) {
        struct timespec ts = { 0, 250 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&srv->jobs_lock);
        bool stop = srv->stopping;
        pthread_mutex_unlock(&srv->jobs_lock);
        if (stop) break;
        long long now = http_now_us();
        pthread_mutex_lock(&srv->conns_lock);
        for (struct tracked *t = srv->conns; t; t = t->next) {
            long long since = atomic_load(&t->waiting_since), until = atomic_load(&t->body_until);
            int unread = 0;
            /* Bytes still in the kernel's buffer mean the client sent them and the connection's thread is busy
               (a slow handler): the server is late, not the client; wait. */
            if (!t->shut && t->fd >= 0 &&
                ((since && now - since > srv->header_timeout_us) || (until && now > until)) &&
                ioctl(t->fd, FIONREAD, &unread) == 0 && unread == 0) {
                /* libmicrohttpd sees the end of the stream and closes the connection in its own thread. */
                shutdown(t->fd, SHUT_RDWR);
                t->shut = true;
            }
        }
        pthread_mutex_unlock(&srv->conns_lock);
    }
    return NULL;
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

/* The listening socket, bound here so that a busy address is told as such (no SO_REUSEPORT: a second server must fail). */
static int listen_on(const struct sockaddr_in *sa, const char *listen_s, unsigned *port, char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) { snprintf(err, errlen, "cannot make a socket: %s", strerror(errno)); return -1; }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);   /* only rebinding over TIME_WAIT, never a second listener */
    if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) < 0) {
        int e = errno;
        if (e == EADDRINUSE)
            snprintf(err, errlen, "cannot listen on %s: address in use (another server listens there: stop it or choose another --listen)", listen_s);
        else
            snprintf(err, errlen, "cannot listen on %s: %s", listen_s, strerror(e));
        close(fd);
        return -1;
    }
    if (listen(fd, 1024) < 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", listen_s, strerror(errno));
        close(fd);
        return -1;
    }
    struct sockaddr_in got;
    socklen_t gl = sizeof got;
    *port = getsockname(fd, (struct sockaddr *)&got, &gl) == 0 ? ntohs(got.sin_port) : ntohs(sa->sin_port);
    return fd;
}

static void workers_stop(struct http_server *srv)
{
    pthread_mutex_lock(&srv->jobs_lock);
    srv->stopping = true;
    pthread_cond_broadcast(&srv->jobs_cond);
    pthread_mutex_unlock(&srv->jobs_lock);
    for (unsigned i = 0; i < srv->nworkers; i++) pthread_join(srv->workers[i], NULL);
    srv->nworkers = 0;
    if (srv->watchdog_running) pthread_join(srv->watchdog, NULL);
    srv->watchdog_running = false;
}

struct http_server *http_server_start(const struct http_server_config *cfg, http_dispatch_fn fn, char *err, size_t errlen)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa, err, errlen) < 0) return NULL;
    unsigned port = 0;
    int lfd = listen_on(&sa, cfg->listen, &port, err, errlen);
    if (lfd < 0) return NULL;
    struct http_server *srv = xcalloc(1, sizeof *srv);
    srv->dispatch = fn;
    srv->max_body = cfg->max_body ? cfg->max_body : HTTP_MAX_BODY_DEFAULT;
    srv->max_upload = cfg->max_upload;
    srv->upload_ok = cfg->upload_ok;
    srv->access_log = cfg->access_log;
    srv->worker_start = cfg->worker_start;
    srv->worker_arg = cfg->worker_arg;
    if (cfg->trust) srv->trust = *cfg->trust;
    srv->port = port;
    srv->header_timeout_us = (long long)(cfg->header_timeout_s ? cfg->header_timeout_s : HTTP_HEADER_TIMEOUT) * 1000000LL;
    atomic_init(&srv->in_flight, 0);
    pthread_mutex_init(&srv->conns_lock, NULL);
    pthread_mutex_init(&srv->jobs_lock, NULL);
    pthread_cond_init(&srv->jobs_cond, NULL);
    unsigned threads = cfg->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    unsigned nworkers = cfg->workers ? cfg->workers : threads;
    srv->workers = xcalloc(nworkers, sizeof *srv->workers);
    for (; srv->nworkers < nworkers; srv->nworkers++)
        if (pthread_create(&srv->workers[srv->nworkers], NULL, worker_main, srv) != 0) break;
    srv->watchdog_running = pthread_create(&srv->watchdog, NULL, watchdog_main, srv) == 0;
    /* Connections in all: as many as the descriptors allow (raised to the hard limit when need be), leaving 256
       for the database, the log and the rest.  1,000 slow connections from five addresses, slow bodies and the
       loops of bench/abuse.mjs had taken every one of 1,024, and a normal client waited 10 s for a slot. */
    unsigned conn_limit = cfg->conn_limit ? cfg->conn_limit : HTTP_MAX_CONNECTIONS;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t want = (rlim_t)conn_limit + 256;
        if (rl.rlim_cur < want) {
            struct rlimit up = { rl.rlim_max < want ? rl.rlim_max : want, rl.rlim_max };
            if (setrlimit(RLIMIT_NOFILE, &up) == 0) rl.rlim_cur = up.rlim_cur;
        }
        if (rl.rlim_cur < want) conn_limit = rl.rlim_cur > 320 ? (unsigned)(rl.rlim_cur - 256) : 64;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, srv,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)lfd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_cb, srv,
        MHD_OPTION_NOTIFY_COMPLETED, completed_cb, srv,
        MHD_OPTION_NOTIFY_CONNECTION, notify_cb, srv,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit ? cfg->per_ip_limit : HTTP_MAX_CONNECTIONS_PER_CLIENT,
        MHD_OPTION_CONNECTION_LIMIT, conn_limit,
        /* Room for HTTP_MAX_HEADER_BYTES of headers and the parsed copies libmicrohttpd keeps in the same pool;
           first_checks answers 431 past HTTP_MAX_HEADER_BYTES, libmicrohttpd itself past this. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(HTTP_MAX_HEADER_BYTES * 2),
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot serve on %s: libmicrohttpd did not start", cfg->listen);
        close(lfd);
        workers_stop(srv);
        free(srv->workers);
        free(srv);
        return NULL;
    }
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
    workers_stop(srv);   /* a request still queued is answered 503; every suspended connection is resumed */
    MHD_stop_daemon(srv->daemon);
    pthread_mutex_destroy(&srv->conns_lock);
    pthread_mutex_destroy(&srv->jobs_lock);
    pthread_cond_destroy(&srv->jobs_cond);
    free(srv->workers);
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


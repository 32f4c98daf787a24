/*
 * guard: the server's own checks in front of libmicrohttpd, for what the library lets through.
 *
 * Two parts, both pure of libmicrohttpd so they can be unit-tested:
 *  - framing: a request's headers must frame its body one way only (RFC 9112 §6): one
 *    Content-Length, or Transfer-Encoding exactly "chunked", never both, no header name with
 *    white space or control bytes (libmicrohttpd 0.9.75 keeps "Transfer-Encoding " as a header
 *    of its own and then reads the body by Content-Length: a request smuggling vector);
 *  - a small table per client address that counts requests in flight and costly requests
 *    (those that run off the network threads: argon2 sign-ins, searches the cache cannot
 *    answer), so that one client cannot take every worker.  The client is the peer address
 *    today, taken through one function (guard.c: client_of) so a proxy's forwarded address
 *    can replace it in one place.
 */
#ifndef POAISS_HTTP_GUARD_H
#define POAISS_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/** Requests one client may have in flight (headers received, answer not yet sent); 429 beyond. */
#define GUARD_MAX_INFLIGHT      32
/** Costly requests one client may have queued or running at once; 429 beyond. */
#define GUARD_MAX_COSTLY        2
/** Distinct clients tracked at once; past it the least recently seen idle client is forgotten. */
#define GUARD_TABLE_SIZE        4096

/** One request header as libmicrohttpd delivered it: lent pointers, explicit lengths (a NUL may hide inside). */
struct guard_header { const char *name; size_t name_len; const char *value; size_t value_len; };

/**
 * Check that the headers frame the body unambiguously.  0 when they do; otherwise 400 with a
 * short reason (a static string, meant for the client) in *why.
 */
int guard_framing(const struct guard_header *h, size_t n, const char **why);

/** Count a request in flight for its client; false (nothing counted) when the client is at GUARD_MAX_INFLIGHT. */
bool guard_enter(const struct http_request *req);
/** The matching end of a guard_enter that returned true. */
void guard_leave(const struct http_request *req);
/** Count a costly request for its client; false (nothing counted) when it is at GUARD_MAX_COSTLY. */
bool guard_costly_begin(const struct http_request *req);
/** The matching end of a guard_costly_begin that returned true. */
void guard_costly_end(const struct http_request *req);
/** Forget every client (tests). */
void guard_reset(void);

#endif

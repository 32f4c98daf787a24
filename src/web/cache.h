/*
 * cache: rendered answers to anonymous GET requests, kept until the data changes.
 *
 * Public pages and API answers depend only on the language, the request target and
 * the database.  The dispatcher stores a 200 answer made for the public (no session,
 * no token, no cookie set) under "language + target", stamped with the store's data
 * generation; a stamp that no longer matches is a miss.  Direct-mapped: a fixed number
 * of slots, each with its own lock, so memory is bounded and lookups never wait long.
 * An entry is a prepared answer (http.h): libmicrohttpd's response object is made once, with
 * every header, and queued again for each hit; the body is never copied per request.
 */
#ifndef POAISS_WEB_CACHE_H
#define POAISS_WEB_CACHE_H

#include <stdbool.h>

#include "http/http.h"

#define CACHE_SLOTS 2048
#define CACHE_MAX_BODY (16 * 1024 * 1024)         /* the bulk downloads of /data are a few MB */
#define CACHE_MAX_TOTAL ((size_t)256 * 1024 * 1024)  /* all cached bodies together */

#define CACHE_KEY_MAX (HTTP_MAX_URI + 16)              /* language, newline and request target */

/**
 * When a fresh answer for (lang, uri) is there, answer res with it (http_response_prepared: res holds a
 * reference of its own, released by http_response_cleanup; its status, content type, headers and body
 * are the cached answer's) and return true.
 */
bool cache_get(const char *lang, const char *uri, unsigned long generation, struct http_response *res);
/**
 * Remember res (lent, unchanged: a 200 for the public, with every header it is to be sent with) for
 * (lang, uri).  False when it is not kept (not a 200, too large, the cache full).
 */
bool cache_put(const char *lang, const char *uri, unsigned long generation, const struct http_response *res);
/** Drop everything (tests, shutdown). */
void cache_clear(void);

#endif

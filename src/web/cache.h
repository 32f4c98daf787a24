/*
 * cache: rendered answers to anonymous GET requests, kept until the data changes.
 *
 * Public pages and API answers depend only on the language, the request target and
 * the database.  The dispatcher stores a 200 answer made for the public (no session,
 * no token, no cookie set) under "language + target", stamped with the store's data
 * generation; a stamp that no longer matches is a miss.  Direct-mapped: a fixed number
 * of slots, each with its own lock, so memory is bounded and lookups never wait long.
 */
#ifndef POAISS_WEB_CACHE_H
#define POAISS_WEB_CACHE_H

#include <stdbool.h>

#include "http/http.h"

#define CACHE_SLOTS 2048
#define CACHE_MAX_BODY ((size_t)8 * 1024 * 1024)   /* the demo's /data/reports.jsonl (about 4.4 MB) fits */
#define CACHE_MAX_TOTAL ((size_t)64 * 1024 * 1024)   /* all cached bodies together */

/** Fill res from the cache when a fresh answer for (lang, uri) is there. */
bool cache_get(const char *lang, const char *uri, unsigned long generation, struct http_response *res);
/** Remember res (a 200 for the public) for (lang, uri). */
void cache_put(const char *lang, const char *uri, unsigned long generation, const struct http_response *res);
/** Drop everything (tests, shutdown). */
void cache_clear(void);

#endif

/*
 * prepared (internal to http/): what server.c needs of a prepared answer (http.h: http_prepared_make)
 * to send it, kept apart so that nothing above the http layer sees libmicrohttpd.
 */
#ifndef POAISS_HTTP_PREPARED_H
#define POAISS_HTTP_PREPARED_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

struct MHD_Response;

/**
 * The libmicrohttpd response to queue for res, which answers with a prepared answer (res->prepared).
 * With no header added to res since, it is the prepared answer's own response, made once and queued
 * again for every request (*reused true: lent, the caller must not destroy it; libmicrohttpd counts
 * the connections that send it).  Otherwise a new one (owned, destroyed by the caller after queueing)
 * with the prepared answer's headers (but those res has of the same name), then res's, over the same body bytes (never copied: it holds a
 * reference).  *len: the body's length.  NULL when libmicrohttpd refuses.
 */
struct MHD_Response *http_prepared_response(const struct http_response *res, bool *reused, size_t *len);

#endif

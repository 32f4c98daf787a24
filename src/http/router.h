/*
 * router: a route table matched segment by segment.  A pattern segment "{}" captures
 * one non-empty path segment into req->args.  Matching tells a missing route (404)
 * from a known path with another method (405, with the methods allowed).
 */
#ifndef POAISS_HTTP_ROUTER_H
#define POAISS_HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/**
 * Match req's method and path against patterns[0..n) (methods[i] gives each one's
 * method).  On ROUTER_FOUND, *index is the match and req->args hold the captures.
 * On ROUTER_BAD_METHOD, allow receives e.g. "GET, HEAD".  HEAD matches GET routes.
 */
enum router_result router_match(const char *const *patterns, const enum http_method *methods, size_t n,
                                struct http_request *req, size_t *index, char *allow, size_t allowlen);

#endif

/*
 * api/api: what the JSON API's handlers share besides web/web.h (api_begin, web_fail,
 * web_error): reading a request's body as a JSON object, and the 422 answer that lists every
 * field's problem, {"error": {"status": 422, "message": "...", "errors": [{"field": "...",
 * "message": "..."}]}}, so that every resource answers a refused write in one shape.
 */
#ifndef POAISS_API_API_H
#define POAISS_API_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/assistance.h"
#include "web/web.h"

/**
 * The request's body as a JSON object (owned by the caller: json_decref), or NULL after
 * answering 415 (not sent as application/json) or 400 (not a JSON object, or a key twice;
 * when it is not JSON at all, the message says where the parser stopped). An empty body is {}
 * when empty_ok. The one body reader of the API: every handler that takes a JSON body uses it.
 */
json_t *api_body_object(struct http_request *req, struct http_response *res, bool empty_ok);

/**
 * Answer 422 with message (lent; already in the request's language) and the n problems of v
 * (lent; their msg English msgids, translated here), replacing anything written so far.
 */
void api_invalid(struct http_response *res, const char *message, const struct assist_field_error *v, size_t n);

/**
 * Answer a domain error: ERR_INVALID as api_invalid with errs' problems (errs may be NULL), or,
 * when there are none and e->arg names a field, that field with e's message; any other error
 * as web_fail.
 */
void api_fail(struct http_request *req, struct http_response *res, const struct err *e, const struct assist_field_errors *errs);

#endif

/*
 * api/common: the body reader and the 422 answer every API handler shares (see api/api.h).
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "util/jsonw.h"

json_t *api_body_object(struct http_request *req, struct http_response *res, bool empty_ok)
{
    if (empty_ok && req->body.len == 0) return json_object();
    const char *ct = http_request_header(req, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        web_error(req, res, 415, _("Send the body as application/json."));
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(req->body.data ? req->body.data : "", req->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {   /* not JSON: say where the parser stopped, so that the sender can find it */
        char msg[300];
        snprintf(msg, sizeof msg, _("The body is not a JSON object: %s (line %d, column %d)."), je.text, je.line, je.column);
        web_error(req, res, 400, msg);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        web_error(req, res, 400, _("The body is not a JSON object."));
        return NULL;
    }
    return o;
}

void api_invalid(struct http_response *res, const char *message, const struct assist_field_error *v, size_t n)
{
    struct jsonw w;
    api_begin(res, 422);
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "error");
    jsonw_obj(&w);
    jsonw_kint(&w, "status", 422);
    jsonw_kstr(&w, "message", message);
    jsonw_key(&w, "errors");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj(&w);
        jsonw_kstr(&w, "field", v[i].field);
        jsonw_kstr(&w, "message", _(v[i].msg));
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_fail(struct http_request *req, struct http_response *res, const struct err *e, const struct assist_field_errors *errs)
{
    if (e->code != ERR_INVALID) { web_fail(req, res, e); return; }
    const char *message = web_err_message(req, e);
    if (errs && errs->n) { api_invalid(res, message, errs->v, errs->n); return; }
    /* one field's problem, named in arg */
    struct assist_field_error one = { e->arg, e->msg ? e->msg : err_default_message(e->code) };
    api_invalid(res, message, &one, e->arg ? 1 : 0);
}

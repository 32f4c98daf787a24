/* params: see params.h. */
#include "web/params.h"

#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "util/arena.h"
#include "util/mem.h"
#include "util/text.h"

#define PARAM_TEXT_DEFAULT 200
#define PARAM_CODE_MAX 32
#define PARAM_QUESTION_MAX 64
#define PARAM_ID_MAX 999999999999999LL

static bool code_chars(const char *s, size_t n, size_t max)
{
    if (n == 0 || n > max) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static bool whole_number(const char *s, size_t n, long long min, long long max, long long *out)
{
    if (n == 0 || n > 18) return false;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

/* Check one value (n bytes at raw) against spec; v gets the result, copied into the request's arena. */
static int check_one(struct store *s, struct http_request *req, const struct param_spec *sp, const char *raw, size_t n,
                     struct http_value *v, struct err *e)
{
    struct arena *a = &req->arena;
    *v = (struct http_value){ .set = true };
    switch (sp->kind) {
    case PARAM_NONE:
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_STATE: {
        char iso3[4];
        if (ref_state_code(s, raw, n, iso3, e) < 0) return -1;
        v->s = arena_strdup(a, iso3);
        return 0;
    }
    case PARAM_CYCLE:
        if (!whole_number(raw, n, 0, 9999, &v->n))
            return err_set(e, ERR_INVALID, N_("A cycle is named by its year, such as 2026."), NULL);
        if (ref_cycle_check(s, v->n, e) < 0) return -1;
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_ID:
        if (!whole_number(raw, n, 1, PARAM_ID_MAX, &v->n))
            return err_set(e, ERR_INVALID, N_("%s: a whole number from 1, such as 12"), sp->name);
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_INT:
        if (!whole_number(raw, n, sp->min < 0 ? 0 : sp->min, sp->max, &v->n))
            return err_set(e, ERR_INVALID, N_("%s: a whole number in the range this page accepts"), sp->name);
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_QUESTION:
        if (!code_chars(raw, n, PARAM_QUESTION_MAX))
            return err_set(e, ERR_INVALID, N_("A question is named by its id, such as coord.body."), NULL);
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_CODE:
        if (!code_chars(raw, n, PARAM_CODE_MAX))
            return err_set(e, ERR_INVALID, N_("%s: letters, digits, '.', '_' or '-', at most 32"), sp->name);
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_SHA256:
        if (n != 64) return err_set(e, ERR_INVALID, N_("A file is named by its SHA-256: 64 hexadecimal digits."), NULL);
        for (size_t i = 0; i < n; i++)
            if (!((raw[i] >= '0' && raw[i] <= '9') || (raw[i] >= 'a' && raw[i] <= 'f')))
                return err_set(e, ERR_INVALID, N_("A file is named by its SHA-256: 64 hexadecimal digits."), NULL);
        v->s = arena_strndup(a, raw, n);
        return 0;
    case PARAM_TEXT: {
        long long max = sp->max > 0 ? sp->max : PARAM_TEXT_DEFAULT;
        if ((long long)text_charsn(raw, n) > max)
            return err_set(e, ERR_INVALID, N_("%s: too long"), sp->name);
        v->s = arena_strndup(a, raw, n);
        return 0;
    }
    case PARAM_REGION:
    case PARAM_GROUP:
    case PARAM_ORG: {
        if (n > 16) return err_set(e, ERR_INVALID, N_("%s: too long"), sp->name);
        char *code = arena_strndup(a, raw, n);
        int rc = sp->kind == PARAM_REGION ? ref_region_check(s, code, e)
               : sp->kind == PARAM_GROUP  ? ref_group_check(s, code, e)
                                          : ref_org_check(s, code, e);
        if (rc < 0) return -1;
        v->s = code;
        return 0;
    }
    }
    return err_set(e, ERR_INVALID, NULL, NULL);
}

int params_check(struct store *s, struct http_request *req, const struct param_spec *args, size_t nargs,
                 const struct param_spec *query, struct err *e)
{
    req->fmt = 0;
    req->qspec = query;
    for (size_t i = 0; i < req->nargs && i < HTTP_MAX_ARGS; i++) {
        const char *raw = req->args[i];
        size_t n = strlen(raw);
        if (i >= nargs || !args) {   /* undeclared capture: passed on as it is */
            req->argv[i] = (struct http_value){ .set = true, .s = raw };
            continue;
        }
        const struct param_spec *sp = &args[i];
        if (sp->flags & PARAM_SUFFIX) {
            size_t stem;
            enum table_format fmt = table_format_split(raw, &stem);
            if (fmt != TABLE_PAGE) { req->fmt = (int)fmt; n = stem; }
        }
        if ((sp->flags & PARAM_PDF) && n > 4 && strcmp(raw + n - 4, ".pdf") == 0) { req->fmt = PARAM_FMT_PDF; n -= 4; }
        if (check_one(s, req, sp, raw, n, &req->argv[i], e) < 0) return -1;
    }
    for (size_t i = 0; query && query[i].name; i++) {
        POAISS_ASSERT(i < HTTP_MAX_QDECL);
        const char *raw = http_query(req, query[i].name);
        req->qv[i] = (struct http_value){ .set = false };
        if (!raw || !*raw) continue;   /* an empty field of a GET form means "any" */
        if (check_one(s, req, &query[i], raw, strlen(raw), &req->qv[i], e) < 0) {
            if (e && !e->arg) e->arg = query[i].name;
            return -1;
        }
    }
    return 0;
}

const struct http_value *web_arg(const struct http_request *req, size_t i)
{
    static const struct http_value none = { .set = false };
    return i < req->nargs && i < HTTP_MAX_ARGS ? &req->argv[i] : &none;
}

bool web_q_read(const struct http_request *req, const char *name)
{
    if (strcmp(name, "lang") == 0) return false;
    if (req->qany) return true;
    const struct param_spec *q = req->qspec;
    for (size_t i = 0; q && q[i].name; i++)
        if (strcmp(q[i].name, name) == 0) return true;
    return false;
}

const struct http_value *web_q(const struct http_request *req, const char *name)
{
    static const struct http_value none = { .set = false };
    const struct param_spec *q = req->qspec;
    for (size_t i = 0; q && q[i].name; i++)
        if (strcmp(q[i].name, name) == 0) return &req->qv[i];
    return &none;
}

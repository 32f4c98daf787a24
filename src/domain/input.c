/*
 * input: the shared checks of a user's JSON fields (see input.h).
 */
#include "domain/input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/i18n.h"
#include "util/text.h"

void input_error(struct assist_field_errors *errs, const char *field, const char *msg)
{
    if (errs->n < sizeof errs->v / sizeof errs->v[0]) errs->v[errs->n++] = (struct assist_field_error){ field, msg };
}

int input_invalid(const struct assist_field_errors *errs, struct err *e)
{
    return err_set(e, ERR_INVALID, errs->n ? errs->v[0].msg : N_("Check the fields."), errs->n ? errs->v[0].field : NULL);
}

void input_unknown(json_t *in, const char *const *known, struct assist_field_errors *errs)
{
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        bool ok = false;
        for (size_t i = 0; known[i]; i++) ok |= strcmp(known[i], k) == 0;
        if (!ok) input_error(errs, k, N_("This field is not known: check its name."));
    }
    (void)v;
}

const char *input_text(json_t *in, const char *key, size_t max, bool required, const char *absent,
                       struct assist_field_errors *errs, const char *too_long, const char *missing)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        if (!required) return absent;
        input_error(errs, key, missing);
        return NULL;
    }
    const char *t = json_string_value(v);
    if (!t || !utf8_valid_text(t, json_string_length(v)) || strlen(t) != json_string_length(v)) {
        input_error(errs, key, N_("Write text here."));
        return NULL;
    }
    const char *p = t;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    if (required && !*p) { input_error(errs, key, missing); return NULL; }
    if (text_chars(t) > max) { input_error(errs, key, too_long); return NULL; }
    return t;
}

int input_amount(json_t *in, const char *key, const char *msg, bool *has, double *v, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, key);
    *has = false;
    if (!x || json_is_null(x)) return 0;
    if (!json_is_number(x) || !isfinite(json_number_value(x)) || json_number_value(x) < 0 ||
        json_number_value(x) > ASSIST_COST_MAX) {
        input_error(errs, key, msg);
        return -1;
    }
    *has = true;
    *v = json_number_value(x);
    return 0;
}

const char *input_codes(struct arena *a, json_t *in, const char *key, bool (*ok)(struct store *s, const char *code),
                        struct store *s, struct assist_field_errors *errs, const char *bad)
{
    json_t *v = json_object_get(in, key), *e;
    size_t i;
    if (!v || json_is_null(v)) return "[]";
    if (!json_is_array(v) || json_array_size(v) > ASSIST_LIST_MAX) { input_error(errs, key, bad); return NULL; }
    json_t *clean = json_array();
    json_array_foreach(v, i, e) {
        const char *c = json_string_value(e);
        if (!c || !ok(s, c)) { json_decref(clean); input_error(errs, key, bad); return NULL; }
        bool dup = false;
        json_t *x;
        size_t j;
        json_array_foreach(clean, j, x) dup |= strcmp(json_string_value(x), c) == 0;
        if (!dup) json_array_append_new(clean, json_string(c));
    }
    char *d = json_dumps(clean, JSON_COMPACT);
    const char *out = arena_strdup(a, d);
    free(d);
    json_decref(clean);
    return out;
}

bool input_paragraph_ok(struct store *s, const char *code)
{
    (void)s;
    return assist_paragraph_valid(code);
}

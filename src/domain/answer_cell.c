/*
 * answer_cell: the answer types on spreadsheet cells (see answer_cell.h).  Reading: a cell
 * becomes the value of its type (labels and ids of options matched exactly, then without case;
 * date serials of either epoch; numbers typed as text).  Showing: the labels a person reads.
 */
#include "domain/answer_cell.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/workbook_internal.h"
#include "util/mem.h"

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

bool answer_cell_filled(const struct answer_cell *c)
{
    if (!c || c->kind == ANSWER_CELL_EMPTY) return false;
    if (c->kind == ANSWER_CELL_STR) return c->toolong || !blank_text(c->s);
    return true;
}

/* The trimmed copy of a string, line breaks as "\n" (spreadsheets keep no "\r"; CRLF and CR become LF).  Owned. */
char *answer_cell_trim(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    char *o = xstrndup(s, n), *w = o;
    for (const char *r = o; *r; r++) {
        if (*r == '\r') {
            *w++ = '\n';
            if (r[1] == '\n') r++;
        } else *w++ = *r;
    }
    *w = 0;
    return o;
}

/* Cut s to at most max bytes without splitting a UTF-8 sequence (for quoting user text in messages). */
void answer_cell_quote(const char *s, size_t max, char *out, size_t outlen)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    if (n >= outlen) n = outlen - 1;
    memcpy(out, s, n);
    out[n] = 0;
}

bool answer_cell_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static json_t *number_json(double d)
{
    if (floor(d) == d && fabs(d) < 9007199254740992.0) return json_integer((json_int_t)d);
    return json_real(d);
}

static void num_text(double d, char *out, size_t outlen)
{
    if (floor(d) == d && fabs(d) < 1e15) snprintf(out, outlen, "%.0f", d);
    else snprintf(out, outlen, "%.15g", d);
}

/* days since 1970-01-01 -> y, m, d (H. Hinnant's civil_from_days) */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* The option id a label or id names (exact label first, then case-insensitive), or NULL. */
static const char *option_named(json_t *spec, const char *v)
{
    json_t *o;
    size_t i;
    json_array_foreach(options_of(spec), i, o)
        if (opt_label(o) && strcmp(opt_label(o), v) == 0) return opt_id(o);
    json_array_foreach(options_of(spec), i, o)
        if ((opt_label(o) && answer_cell_ieq(opt_label(o), v)) || (opt_id(o) && answer_cell_ieq(opt_id(o), v))) return opt_id(o);
    if (allows_other(spec) && (answer_cell_ieq(v, OTHER_LABEL) || answer_cell_ieq(v, "Other (please specify)"))) return "other";
    return NULL;
}

static bool sel_add(json_t *sel, const char *id)
{
    json_t *e;
    size_t i;
    json_array_foreach(sel, i, e)
        if (is(json_string_value(e), id)) return true;
    json_array_append_new(sel, json_string(id));
    return true;
}

/* "Export; Import; Other: river ports" -> {"selected": ["export", "import"], "other": "river ports"}.  Items are
   separated by ; or line breaks; an item that names no option is tried again split at commas. */
static int convert_multi(json_t *spec, const char *s, json_t **out, char *msg, size_t msglen)
{
    json_t *sel = json_array();
    char *copy = xstrdup(s), *save = NULL, *other = NULL;
    int rc = 1;
    for (char *item = strtok_r(copy, ";\n", &save); item && rc == 1; item = strtok_r(NULL, ";\n", &save)) {
        char *it = answer_cell_trim(item);
        size_t ol = strlen(OTHER_LABEL);
        const char *id;
        if (!*it) { free(it); continue; }
        if (allows_other(spec) && strlen(it) > ol && strncasecmp(it, OTHER_LABEL, ol) == 0 && it[ol] == ':') {
            /* "Other: text" comes last (answer_cell_show writes it so): the text runs to the end, ";" and all */
            const char *from = s + (item - copy);
            while (*from == ' ' || *from == '\t' || *from == '\r' || *from == '\n') from++;
            char *t = answer_cell_trim(from + ol + 1);
            if (*t) other = t;
            else free(t);
            free(it);
            break;
        } else if ((id = option_named(spec, it))) {
            sel_add(sel, id);
        } else {
            json_t *parts = json_array();
            char *c2 = xstrdup(it), *sv2 = NULL;
            bool all = true;
            for (char *p = strtok_r(c2, ",", &sv2); p && all; p = strtok_r(NULL, ",", &sv2)) {
                char *pt = answer_cell_trim(p);
                const char *pid = *pt ? option_named(spec, pt) : NULL;
                if (pid) json_array_append_new(parts, json_string(pid));
                else if (*pt) all = false;
                free(pt);
            }
            free(c2);
            if (all && json_array_size(parts)) {
                json_t *e;
                size_t i;
                json_array_foreach(parts, i, e) sel_add(sel, json_string_value(e));
            } else {
                char quoted[80];
                answer_cell_quote(it, 60, quoted, sizeof quoted);
                snprintf(msg, msglen, "\"%s\" is not one of the choices; write one or more of them, separated by ;", quoted);
                rc = -1;
            }
            json_decref(parts);
        }
        free(it);
    }
    free(copy);
    if (rc < 0 || (!json_array_size(sel) && !other)) {
        json_decref(sel);
        free(other);
        return rc < 0 ? -1 : 0;
    }
    *out = json_pack("{s:o}", "selected", sel);
    if (other) { json_object_set_new(*out, "other", json_string(other)); free(other); }
    return 1;
}

/*
 * A cell as the value of a question or member of this type.  0: empty (no answer); 1: *out set; -1: msg set.
 * Values are converted, not validated: answer_validate does that.
 */
int answer_cell_read(enum answer_type type, json_t *spec, const struct answer_cell *c, json_t **out, char *msg, size_t msglen)
{
    *out = NULL;
    if (!answer_cell_filled(c)) return 0;
    if (c->toolong) { snprintf(msg, msglen, "the cell holds more than %u KB of text", WORKBOOK_MAX_CELL_TEXT / 1024); return -1; }
    if (c->kind == ANSWER_CELL_ERR) { snprintf(msg, msglen, "the cell shows an error (%.20s); enter a value", c->s ? c->s : "?"); return -1; }
    char *s = c->kind == ANSWER_CELL_STR ? answer_cell_trim(c->s) : NULL;
    int rc = 1;
    if (type == ANSWER_NUMBER) {
        if (c->kind == ANSWER_CELL_NUM) *out = number_json(c->d);
        else if (c->kind == ANSWER_CELL_STR) {
            char *end;
            errno = 0;
            long long ll = strtoll(s, &end, 10);
            if (*s && !*end && errno == 0 && (ll >= 9007199254740992LL || ll <= -9007199254740992LL)) *out = json_integer(ll);
            else {
                double d = strtod(s, &end);
                if (*s && !*end && isfinite(d) && !strpbrk(s, "xXpPnN")) *out = number_json(d);
            }
        }
        if (!*out) { snprintf(msg, msglen, "enter a number"); rc = -1; }
    } else if (type == ANSWER_YN || type == ANSWER_YND) {
        int nchoices = type == ANSWER_YND ? 3 : 2;
        if (c->kind == ANSWER_CELL_BOOL) *out = json_string(c->d ? "yes" : "no");
        else if (s)
            for (int i = 0; i < nchoices; i++)
                if (answer_cell_ieq(s, YN_IDS[i]) || answer_cell_ieq(s, YN_LABELS[i])) *out = json_string(YN_IDS[i]);
        if (!*out) { snprintf(msg, msglen, "choose %s", nchoices == 3 ? "Yes, No or Developing" : "Yes or No"); rc = -1; }
    } else if (type == ANSWER_SINGLE) {
        char num[40];
        const char *v = s, *id;
        if (!v && c->kind == ANSWER_CELL_NUM) { num_text(c->d, num, sizeof num); v = num; }
        if (v && (id = option_named(spec, v))) *out = json_string(id);
        if (!*out) { snprintf(msg, msglen, "choose one of the values of the list"); rc = -1; }
    } else if (type == ANSWER_DATE && c->kind == ANSWER_CELL_NUM) {
        double d = floor(c->d);
        if (d == c->d && d >= 1900 && d <= 2100) {
            char y[8];
            snprintf(y, sizeof y, "%d", (int)d);
            *out = json_string(y);
        } else if (d >= 1 && d < 100000) {
            long days = (long)d + (c->date1904 ? 1462 : 0) - 25569;   /* serial 25569 = 1970-01-01 */
            int yy, mm, dd;
            civil(days, &yy, &mm, &dd);
            char iso[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
            *out = json_string(iso);
        }
        if (!*out) { snprintf(msg, msglen, "a year, or a date as YYYY-MM or YYYY-MM-DD"); rc = -1; }
    } else if (type == ANSWER_MULTI && c->kind == ANSWER_CELL_STR && s[0] != '{') {
        rc = convert_multi(spec, s, out, msg, msglen);
    } else {   /* text, date, url, email, file inside tables and groups */
        char num[40];
        if (c->kind == ANSWER_CELL_NUM) { num_text(c->d, num, sizeof num); *out = json_string(num); }
        else if (c->kind == ANSWER_CELL_BOOL) *out = json_string(c->d ? "TRUE" : "FALSE");
        else if ((type == ANSWER_FILE || type == ANSWER_MULTI) && (s[0] == '{' || s[0] == '[')) {
            *out = json_loads(s, JSON_REJECT_DUPLICATES, NULL);
            if (!json_is_object(*out)) { json_decref(*out); *out = json_string(s); }
        } else *out = json_string(s);
        if (!*out) { snprintf(msg, msglen, "the text is not valid"); rc = -1; }
    }
    free(s);
    if (rc == 1 && !*out) { snprintf(msg, msglen, "the value is not valid"); rc = -1; }
    return rc;
}


/* ---------------------------------------------------------------- showing */

/* The labels a drop-down offers for a field or question of this type (NULL: no list).  Owned. */
json_t *answer_cell_choices(enum answer_type type, json_t *spec)
{
    json_t *a = json_array();
    if (type == ANSWER_YN || type == ANSWER_YND) {
        for (int i = 0; i < (type == ANSWER_YND ? 3 : 2); i++) json_array_append_new(a, json_string(YN_LABELS[i]));
        return a;
    }
    if (type == ANSWER_SINGLE) {
        json_t *o;
        size_t i;
        json_array_foreach(options_of(spec), i, o)
            if (opt_label(o)) json_array_append_new(a, json_string(opt_label(o)));
        if (allows_other(spec)) json_array_append_new(a, json_string(OTHER_LABEL));
        if (json_array_size(a)) return a;
    }
    json_decref(a);
    return NULL;
}

/* A multi answer inside a table or group as the cell shows it: labels separated by "; ", "Other: text" last.  NULL
   when the value does not have that shape (it is then written as JSON).  Owned. */
static char *multi_text(json_t *spec, json_t *v)
{
    json_t *sel = json_object_get(v, "selected"), *other = json_object_get(v, "other"), *e, *o;
    size_t i, j, n = 0;
    if (!json_is_object(v) || (sel && !json_is_array(sel)) || (other && !json_is_string(other)) ||
        json_object_size(v) != (size_t)(sel != NULL) + (size_t)(other != NULL))
        return NULL;
    json_array_foreach(sel, i, e) {
        if (!json_is_string(e)) return NULL;
        n += json_string_length(e) + 2;
        json_array_foreach(options_of(spec), j, o)
            if (is(opt_id(o), json_string_value(e))) n += strlen(opt_label(o));
    }
    n += (other ? json_string_length(other) : 0) + 16;
    char *out = xmalloc(n), *p = out;
    *p = 0;
    json_array_foreach(sel, i, e) {
        const char *id = json_string_value(e), *shown = id;
        if (strcmp(id, "other") == 0) {
            if (other) continue;   /* "Other: text" below says it */
            shown = OTHER_LABEL;
        }
        json_array_foreach(options_of(spec), j, o)
            if (is(opt_id(o), id)) shown = opt_label(o);
        p += sprintf(p, "%s%s", p == out ? "" : "; ", shown);
    }
    if (other) p += sprintf(p, "%s" OTHER_LABEL ": %s", p == out ? "" : "; ", json_string_value(other));
    return out;
}

void answer_cell_show(enum answer_type type, json_t *spec, json_t *v, struct answer_cell_shown *out)
{
    *out = (struct answer_cell_shown){
        .kind = ANSWER_CELL_EMPTY,
        .textual = type != ANSWER_NUMBER && type != ANSWER_YN && type != ANSWER_YND && type != ANSWER_SINGLE,
    };
    if (!v || json_is_null(v)) return;
    if (json_is_number(v)) {
        out->kind = ANSWER_CELL_NUM;
        out->num = v;
        return;
    }
    out->kind = ANSWER_CELL_STR;
    if (json_is_string(v)) {
        const char *s = json_string_value(v), *shown = s;
        if (type == ANSWER_YN || type == ANSWER_YND) {
            for (int i = 0; i < 3; i++)
                if (strcmp(s, YN_IDS[i]) == 0) shown = YN_LABELS[i];
        } else if (type == ANSWER_SINGLE) {
            json_t *o;
            size_t i;
            if (strcmp(s, "other") == 0 && allows_other(spec)) shown = OTHER_LABEL;
            json_array_foreach(options_of(spec), i, o)
                if (is(opt_id(o), s)) shown = opt_label(o);
        }
        out->s = xstrdup(shown);
        return;
    }
    if (json_is_boolean(v)) {
        out->s = xstrdup(json_is_true(v) ? "TRUE" : "FALSE");
        return;
    }
    if (type == ANSWER_MULTI && (out->s = multi_text(spec, v))) return;
    /* An object or array (a file reference or a multi choice inside a table or group): its JSON, read back as JSON. */
    out->s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    out->json = true;
}

void answer_cell_shown_free(struct answer_cell_shown *c)
{
    free(c->s);
    c->s = NULL;
}

/*
 * answer: see answer.h.  The types, their table of operations, validation and the text
 * forms.  The HTML forms are in answer_html.c.
 *
 * One table (TYPES) gives each type its template name and where it may appear (question,
 * member).  Each operation is one function with a switch on the type (check_value,
 * value_text, answer_html, answer_form_read ...): adding a type is a row here and a case in
 * each.  A member (column, field, contact member) goes through the same cases as a question
 * of its type, so a date is checked and shown alike in a table and in a group.
 */
#include "domain/answer.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "util/text.h"

/* The longest text where a template gives no max_length (code points), and of an "other" text and a contact member. */
#define TEXT_MAX_DEFAULT 20000
#define OTHER_MAX 2000
#define CONTACT_MEMBER_MAX 500
#define FILE_NAME_MAX 1000

/* A year range: a group or a row whose members FROM and TO are both answered needs from <= to. */
#define RANGE_FROM "from"
#define RANGE_TO "to"

const struct answer_member ANSWER_CONTACT_MEMBERS[6] = {
    { "title", N_("Title"), ANSWER_TEXT, NULL },
    { "name", N_("Name"), ANSWER_TEXT, NULL },
    { "organisation", N_("Organisation"), ANSWER_TEXT, NULL },
    { "address", N_("Address"), ANSWER_TEXT, NULL },
    { "telephone", N_("Telephone"), ANSWER_TEXT, NULL },
    { "email", N_("E-mail"), ANSWER_EMAIL, NULL },
};

/* ---- the table of types ---- */

struct type_ops {
    const char *name;
    bool question, member;              /* may be a question's type; a column's or field's */
    bool choice;                        /* a choice among listed values */
};

static const struct type_ops TYPES[ANSWER_NTYPES] = {
    [ANSWER_YND] = { "ynd", true, true, true },
    [ANSWER_YN] = { "yn", true, true, true },
    [ANSWER_NUMBER] = { "number", true, true, false },
    [ANSWER_TEXT] = { "text", true, true, false },
    [ANSWER_SINGLE] = { "single", true, true, true },
    [ANSWER_MULTI] = { "multi", true, true, true },
    [ANSWER_CONTACT] = { "contact", true, false, false },
    [ANSWER_TABLE] = { "table", true, false, false },
    [ANSWER_FILE] = { "file", true, true, false },
    [ANSWER_GROUP] = { "group", true, false, false },
    [ANSWER_DATE] = { "date", false, true, false },
    [ANSWER_URL] = { "url", false, true, false },
    [ANSWER_EMAIL] = { "email", false, true, false },
};

int answer_type_parse(const char *name, bool fields_too, enum answer_type *out)
{
    for (int i = 0; name && i < ANSWER_NTYPES; i++) {
        if (strcmp(TYPES[i].name, name) != 0) continue;
        if (fields_too ? !TYPES[i].member : !TYPES[i].question) return -1;
        *out = (enum answer_type)i;
        return 0;
    }
    return -1;
}

const char *answer_type_name(enum answer_type t)
{
    return (unsigned)t < ANSWER_NTYPES ? TYPES[t].name : "?";
}

bool answer_type_is_choice(enum answer_type t)
{
    return (unsigned)t < ANSWER_NTYPES && TYPES[t].choice;
}

bool answer_type_has_members(enum answer_type t)
{
    return t == ANSWER_TABLE || t == ANSWER_GROUP || t == ANSWER_CONTACT;
}

/* ---- errors ---- */

void answer_errors_init(struct answer_errors *e)
{
    memset(e, 0, sizeof *e);
}

void answer_errors_cleanup(struct answer_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].path);
        free(e->v[i].where);
        free(e->v[i].message);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}

const struct answer_error *answer_errors_find(const struct answer_errors *e, const char *path)
{
    for (size_t i = 0; e && path && i < e->n; i++)
        if (strcmp(e->v[i].path, path) == 0) return &e->v[i];
    return NULL;
}

/* Where a value is: its input's path and its label for a reader. */
struct ctx {
    const char *path, *where;
    struct answer_errors *errs;
    size_t added;
};

static void add_error(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_error(struct ctx *c, const char *fmt, ...)
{
    struct answer_errors *e = c->errs;
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 8;
        e->v = xrealloc(e->v, e->cap * sizeof *e->v);
    }
    struct buf m = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    e->v[e->n].path = xstrdup(c->path);
    e->v[e->n].where = xstrdup(c->where);
    e->v[e->n].message = buf_steal(&m, NULL);
    e->n++;
    c->added++;
}

/* ---- options ---- */

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The options of a single/multi spec: its "options" or the taxonomy list it names. */
static json_t *options_of(json_t *spec)
{
    json_t *o = json_object_get(spec, "options");
    if (o) return o;
    const char *from = str(spec, "options_from");
    json_t *tax = template_taxonomy();
    if (!from || !tax) return NULL;
    if (strcmp(from, "taxonomy.categories") == 0) return json_object_get(tax, "categories");
    if (strcmp(from, "taxonomy.kinds") == 0) return json_object_get(tax, "kinds");
    return NULL;
}

static bool other_allowed(json_t *spec)
{
    return json_is_true(json_object_get(spec, "other"));
}

static bool option_ok(json_t *spec, const char *v)
{
    json_t *o;
    size_t i;
    if (!v) return false;
    if (other_allowed(spec) && strcmp(v, "other") == 0) return true;
    json_array_foreach(options_of(spec), i, o) {
        const char *id = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (id && strcmp(id, v) == 0) return true;
    }
    return false;
}

/* The English label of an option of spec, NULL when unknown. */
static const char *option_label(json_t *spec, const char *id)
{
    json_t *o;
    size_t i;
    json_array_foreach(options_of(spec), i, o) {
        const char *oid = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (oid && id && strcmp(oid, id) == 0) {
            const char *l = json_is_string(o) ? oid : str(o, "label") ? str(o, "label") : str(o, "name");
            return l ? l : oid;
        }
    }
    return NULL;
}

/* ---- checks of single values ---- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "2019", "2019-05" or "2019-05-14", a real calendar date from 1900 to 2100. */
static bool date_ok(const char *s)
{
    static const int DAYS[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i])) return false;
    int y = atoi(s), m = n >= 7 ? atoi(s + 5) : 1, d = n == 10 ? atoi(s + 8) : 1;
    if (y < 1900 || y > 2100 || m < 1 || m > 12) return false;
    int dim = DAYS[m - 1] + (m == 2 && leap(y));
    return d >= 1 && d <= dim;
}

/* A host name of letters, digits and hyphens in labels, at least two labels, the last of letters only. */
static bool domain_ok(const char *s, size_t n)
{
    size_t label = 0, labels = 0, last_start = 0;
    if (!n || n > 253) return false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!label || label > 63 || s[i - 1] == '-' || s[i - label] == '-') return false;
            labels++;
            last_start = i - label;
            label = 0;
            continue;
        }
        unsigned char ch = (unsigned char)s[i];
        if (!(isalnum(ch) || ch == '-' || ch >= 0x80)) return false;   /* non-ASCII: an internationalised name */
        label++;
    }
    if (labels < 2 || n - last_start < 2) return false;
    for (size_t i = last_start; i < n; i++)
        if (isdigit((unsigned char)s[i]) || s[i] == '-') return false;
    return true;
}

/* name@example.org: one @, a local part without spaces, a domain with a dot. */
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254) return false;
    for (const char *p = s; p < at; p++)
        if ((unsigned char)*p <= ' ' || strchr("()<>,;:\\\"[]", *p)) return false;
    if (s[0] == '.' || at[-1] == '.' || strstr(s, "..")) return false;
    return domain_ok(at + 1, strlen(at + 1));
}

/* An absolute http: or https: URL with a host name, and no spaces. */
static bool url_ok(const char *s)
{
    size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
    if (!skip) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"') return false;
    const char *h = s + skip, *end = h + strcspn(h, "/?#");
    const char *at = memchr(h, '@', (size_t)(end - h));
    if (at) h = at + 1;
    const char *colon = memchr(h, ':', (size_t)(end - h));
    if (colon) {
        for (const char *p = colon + 1; p < end; p++)
            if (!isdigit((unsigned char)*p)) return false;
        end = colon;
    }
    return (size_t)(end - h) == 9 && strncmp(h, "localhost", 9) == 0 ? true : domain_ok(h, (size_t)(end - h));
}

static void fmt_num(char *out, size_t n, double x)
{
    snprintf(out, n, "%g", x);
}

static void check_number(struct ctx *c, json_t *spec, json_t *v)
{
    if (!json_is_number(v) || !isfinite(json_number_value(v))) {
        add_error(c, "%s", _("Enter a number, like 12 or 1500.5"));
        return;
    }
    double x = json_number_value(v);
    json_t *mn = json_object_get(spec, "min"), *mx = json_object_get(spec, "max");
    bool integer = json_is_true(json_object_get(spec, "integer"));
    char a[32], b[32];
    fmt_num(a, sizeof a, json_number_value(mn));
    fmt_num(b, sizeof b, json_number_value(mx));
    if (integer && floor(x) != x) add_error(c, "%s", _("Enter a whole number, like 12"));
    else if (mn && mx && (x < json_number_value(mn) || x > json_number_value(mx)))
        add_error(c, _("Enter a number of at least %s and at most %s"), a, b);
    else if (mn && x < json_number_value(mn)) add_error(c, _("Enter a number of at least %s"), a);
    else if (mx && x > json_number_value(mx)) add_error(c, _("Enter a number of at most %s"), b);
}

static void check_yn(struct ctx *c, enum answer_type t, json_t *v)
{
    const char *s = json_string_value(v);
    if (s && (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0 || (t == ANSWER_YND && strcmp(s, "developing") == 0))) return;
    add_error(c, "%s", t == ANSWER_YND ? _("Choose yes, no or developing") : _("Choose yes or no"));
}

/* A string of at most max characters; false (with an error) when v is not one. */
static bool check_string(struct ctx *c, json_t *v, size_t max)
{
    if (!json_is_string(v)) { add_error(c, "%s", _("Enter text")); return false; }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) { add_error(c, "%s", _("Remove the NUL character from the text")); return false; }
    if (!utf8_valid_text(s, len)) { add_error(c, "%s", _("Remove the invisible control characters from the text")); return false; }
    size_t chars = text_charsn(s, len);
    if (chars > max) { add_error(c, _("Shorten the text to at most %zu characters (it has %zu)"), max, chars); return false; }
    return true;
}

static void check_single(struct ctx *c, json_t *spec, json_t *v)
{
    if (json_is_object(v)) {   /* {"other": "text"} when the question allows it */
        json_t *other = json_object_get(v, "other");
        if (!other_allowed(spec) || !json_is_string(other) || json_object_size(v) != 1) {
            add_error(c, "%s", _("Choose one of the options"));
            return;
        }
        check_string(c, other, OTHER_MAX);
        return;
    }
    if (!json_is_string(v) || !option_ok(spec, json_string_value(v))) add_error(c, "%s", _("Choose one of the options"));
}

static void check_multi(struct ctx *c, json_t *spec, json_t *v)
{
    json_t *sel = json_object_get(v, "selected"), *o, *other = json_object_get(v, "other");
    const char *k;
    json_t *x;
    bool shape = json_is_object(v) && (!sel || json_is_array(sel));
    if (shape) json_object_foreach(v, k, x) shape &= strcmp(k, "selected") == 0 || strcmp(k, "other") == 0;
    if (!shape) { add_error(c, "%s", _("Choose among the options")); return; }
    size_t i, j;
    bool ok = true;
    json_array_foreach(sel, i, o) {
        ok &= json_is_string(o) && option_ok(spec, json_string_value(o));
        for (j = 0; ok && j < i; j++) ok &= !json_equal(o, json_array_get(sel, j));
    }
    if (!ok) add_error(c, "%s", _("Choose among the options, each once"));
    if (other && !json_is_null(other)) {
        if (!other_allowed(spec)) add_error(c, "%s", _("Choose among the options"));
        else check_string(c, other, OTHER_MAX);
    }
}

static void check_file(struct ctx *c, json_t *spec, json_t *v)
{
    json_t *name = json_object_get(v, "name"), *type = json_object_get(v, "type"), *bytes = json_object_get(v, "bytes");
    const char *sha = str(v, "sha256");
    size_t n = 0;
    for (const char *p = sha; p && *p; p++) n += (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
    if (!json_is_object(v) || json_object_size(v) != 4 || !json_is_string(name) || !json_string_length(name) ||
        json_string_length(name) > FILE_NAME_MAX || !json_is_string(type) || !json_is_integer(bytes) ||
        json_integer_value(bytes) < 1 || !sha || strlen(sha) != 64 || n != 64) {
        add_error(c, "%s", _("Upload the file again: the answer must be a file reference {\"name\", \"type\", \"bytes\", \"sha256\"}"));
        return;
    }
    json_t *accept = json_object_get(spec, "accept"), *a, *max = json_object_get(spec, "max_bytes");
    size_t i;
    bool ok = !accept;
    json_array_foreach(accept, i, a) ok |= json_is_string(a) && strcmp(json_string_value(a), json_string_value(type)) == 0;
    if (!ok) add_error(c, "%s", _("Choose a file of a kind accepted here"));
    else if (json_is_integer(max) && json_integer_value(bytes) > json_integer_value(max))
        add_error(c, _("Choose a file of at most %lld bytes"), (long long)json_integer_value(max));
}

/* A single value of type t (a question's, or a member's) with its spec. */
static void check_value(struct ctx *c, enum answer_type t, json_t *spec, json_t *v)
{
    switch (t) {
    case ANSWER_NUMBER: check_number(c, spec, v); return;
    case ANSWER_YN: case ANSWER_YND: check_yn(c, t, v); return;
    case ANSWER_SINGLE: check_single(c, spec, v); return;
    case ANSWER_MULTI: check_multi(c, spec, v); return;
    case ANSWER_FILE: check_file(c, spec, v); return;
    case ANSWER_TEXT: {
        json_t *ml = json_object_get(spec, "max_length");
        check_string(c, v, ml ? (size_t)json_integer_value(ml) : spec ? TEXT_MAX_DEFAULT : CONTACT_MEMBER_MAX);
        return;
    }
    case ANSWER_DATE:
        if (check_string(c, v, 10) && !date_ok(json_string_value(v)))
            add_error(c, "%s", _("Enter a real date as a year (2019), a month (2019-05) or a day (2019-05-14)"));
        return;
    case ANSWER_EMAIL:
        if (check_string(c, v, 254) && json_string_length(v) && !email_ok(json_string_value(v)))
            add_error(c, "%s", _("Enter an e-mail address in the correct format, like name@example.org"));
        return;
    case ANSWER_URL:
        if (check_string(c, v, 2000) && !url_ok(json_string_value(v)))
            add_error(c, "%s", _("Enter a link in the correct format, starting with https://, like https://example.org/law"));
        return;
    case ANSWER_CONTACT: case ANSWER_TABLE: case ANSWER_GROUP: case ANSWER_NTYPES:
        break;
    }
    add_error(c, "%s", _("Enter a value of the right kind"));
}

static bool empty(json_t *x)
{
    return !x || json_is_null(x) || (json_is_string(x) && json_string_length(x) == 0);
}

/* A member's label in this thread's language: a template's label from its catalogue, a contact member's from ours. */
static const char *member_label(const struct answer_member *m)
{
    if (!m->label) return m->id;
    return m->json ? i18n_template(m->label) : _(m->label);
}

/* The members of a group, a table row or a contact (an object keyed by member id). */
static void check_members(struct ctx *c, const struct answer_member *m, size_t nm, json_t *v, bool need_required)
{
    if (!json_is_object(v)) { add_error(c, "%s", _("Enter the answer as an object of fields")); return; }
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        size_t i = 0;
        while (i < nm && strcmp(m[i].id, k) != 0) i++;
        if (i == nm) {
            char path[256];
            snprintf(path, sizeof path, "%s:%.60s", c->path, k);
            struct ctx sub = { path, c->where, c->errs, 0 };
            add_error(&sub, _("Remove the unknown field “%.40s”"), k);
            c->added += sub.added;
            continue;
        }
        if (json_is_null(x)) continue;
        struct buf path = BUF_INIT, where = BUF_INIT;
        buf_printf(&path, "%s:%s", c->path, k);
        buf_printf(&where, "%s, %s", c->where, member_label(&m[i]));
        c->added += answer_validate_member(&m[i], x, buf_cstr(&path), buf_cstr(&where), c->errs);
        buf_cleanup(&path);
        buf_cleanup(&where);
    }
    for (size_t i = 0; need_required && i < nm; i++) {
        if (!json_is_true(json_object_get(m[i].json, "required")) || !empty(json_object_get(v, m[i].id))) continue;
        char path[256];
        snprintf(path, sizeof path, "%s:%s", c->path, m[i].id);
        struct ctx sub = { path, c->where, c->errs, 0 };
        add_error(&sub, _("Enter “%s”: it is required when the rest is given"), member_label(&m[i]));
        c->added += sub.added;
    }
    /* a range of years: from <= to */
    json_t *from = json_object_get(v, RANGE_FROM), *to = json_object_get(v, RANGE_TO);
    if (json_is_number(from) && json_is_number(to) && json_number_value(from) > json_number_value(to)) {
        char path[256];
        snprintf(path, sizeof path, "%s:%s", c->path, RANGE_TO);
        struct ctx sub = { path, c->where, c->errs, 0 };
        add_error(&sub, _("Enter an end year that is the same as or after the start year (%g)"), json_number_value(from));
        c->added += sub.added;
    }
}

static void check_table(struct ctx *c, const struct template_question *q, json_t *v)
{
    if (!json_is_array(v)) { add_error(c, "%s", _("Enter the answer as a list of rows")); return; }
    size_t n = json_array_size(v);
    json_t *mn = json_object_get(q->json, "min_rows"), *mx = json_object_get(q->json, "max_rows");
    size_t max = json_is_integer(mx) && json_integer_value(mx) < ANSWER_MAX_ROWS ? (size_t)json_integer_value(mx) : ANSWER_MAX_ROWS;
    if (n > max) { add_error(c, _("Remove rows: at most %zu are allowed (there are %zu)"), max, n); return; }
    if (json_is_integer(mn) && n && n < (size_t)json_integer_value(mn))
        add_error(c, _("Add rows: at least %lld are needed"), (long long)json_integer_value(mn));
    json_t *row;
    size_t i;
    json_array_foreach(v, i, row) {
        struct buf path = BUF_INIT, where = BUF_INIT;
        buf_printf(&path, "%s:%zu", c->path, i);
        buf_printf(&where, "%s, %s %zu", c->where, _("row"), i + 1);
        struct ctx sub = { buf_cstr(&path), buf_cstr(&where), c->errs, 0 };
        check_members(&sub, q->members, q->nmembers, row, true);
        c->added += sub.added;
        buf_cleanup(&path);
        buf_cleanup(&where);
    }
}

size_t answer_validate_member(const struct answer_member *m, json_t *v, const char *path, const char *where,
                              struct answer_errors *errs)
{
    struct ctx c = { path, where, errs, 0 };
    if (!v || json_is_null(v)) return 0;
    check_value(&c, m->type, m->json, v);
    return c.added;
}

size_t answer_validate(const struct template_question *q, json_t *v, struct answer_errors *errs)
{
    struct ctx c = { q->id, q->number ? q->number : q->id, errs, 0 };
    if (!v || json_is_null(v)) return 0;   /* not answered: a state of its own, never an error here */
    switch (q->type) {
    case ANSWER_TABLE: check_table(&c, q, v); break;
    case ANSWER_GROUP: check_members(&c, q->members, q->nmembers, v, true); break;
    case ANSWER_CONTACT: check_members(&c, q->members, q->nmembers, v, false); break;
    default: check_value(&c, q->type, q->json, v); break;
    }
    return c.added;
}

int answer_check(const struct template_question *q, json_t *v, char *err, size_t errlen)
{
    struct answer_errors e;
    answer_errors_init(&e);
    int rc = answer_validate(q, v, &e) ? -1 : 0;
    if (rc) snprintf(err, errlen, "%s: %s", e.v[0].where, e.v[0].message);
    answer_errors_cleanup(&e);
    return rc;
}

int answer_check_member(const struct answer_member *m, json_t *v, const char *where, char *err, size_t errlen)
{
    struct answer_errors e;
    answer_errors_init(&e);
    int rc = answer_validate_member(m, v, m->id, where, &e) ? -1 : 0;
    if (rc) snprintf(err, errlen, "%s: %s", e.v[0].where, e.v[0].message);
    answer_errors_cleanup(&e);
    return rc;
}

/* ---- values and labels ---- */

const char *answer_yn_label(const char *v)
{
    if (!v) return NULL;
    if (strcmp(v, "yes") == 0) return _("Yes");
    if (strcmp(v, "no") == 0) return _("No");
    if (strcmp(v, "developing") == 0) return _("Developing");
    return NULL;
}

size_t answer_values(const struct template_question *q, const char **out, size_t max)
{
    static const char *const YND[] = { "yes", "no", "developing" };
    size_t n = 0;
    if (!q) return 0;
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        for (size_t i = 0; i < (q->type == ANSWER_YND ? 3u : 2u) && n < max; i++) out[n++] = YND[i];
        return n;
    }
    if (q->type != ANSWER_SINGLE && q->type != ANSWER_MULTI) return 0;
    json_t *o;
    size_t i;
    json_array_foreach(options_of(q->json), i, o) {
        const char *id = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (id && n < max) out[n++] = id;
    }
    if (other_allowed(q->json) && n < max) out[n++] = "other";
    return n;
}

const char *answer_value_label(const struct template_question *q, const char *value)
{
    if (!value) return "";
    if (q && (q->type == ANSWER_YN || q->type == ANSWER_YND)) {
        if (strcmp(value, "yes") == 0) return "Yes";
        if (strcmp(value, "no") == 0) return "No";
        if (strcmp(value, "developing") == 0) return "Developing";
        return value;
    }
    const char *l = q ? option_label(q->json, value) : NULL;
    return l ? l : strcmp(value, "other") == 0 ? "Other" : value;
}

/* The label of an option value of spec in this thread's language. */
static const char *option_label_local(json_t *spec, const char *id)
{
    const char *l = option_label(spec, id);
    return l ? i18n_template(l) : strcmp(id, "other") == 0 ? _("Other") : id;
}

const char *answer_value_label_local(const struct template_question *q, const char *value)
{
    if (!value) return "";
    if (q && (q->type == ANSWER_YN || q->type == ANSWER_YND)) {
        const char *l = answer_yn_label(value);
        return l ? l : value;
    }
    return q ? option_label_local(q->json, value) : value;
}

bool answer_has_value(json_t *v, const char *value)
{
    json_t *x;
    size_t i;
    bool ok = false;
    if (!value) return false;
    if (json_is_string(v)) return strcmp(json_string_value(v), value) == 0;
    json_array_foreach(json_object_get(v, "selected"), i, x) ok |= json_is_string(x) && strcmp(json_string_value(x), value) == 0;
    return ok;
}

void answer_each_file(const struct template_question *q, json_t *v, void (*fn)(json_t *ref, void *ctx), void *ctx)
{
    if (!v || json_is_null(v)) return;
    if (q->type == ANSWER_FILE) { fn(v, ctx); return; }
    if (q->type != ANSWER_TABLE && q->type != ANSWER_GROUP) return;
    json_t *rows = q->type == ANSWER_TABLE ? v : NULL;
    if (rows && !json_is_array(rows)) return;
    for (size_t j = 0; j < (rows ? json_array_size(rows) : 1); j++) {
        json_t *row = rows ? json_array_get(rows, j) : v;
        for (size_t i = 0; i < q->nmembers; i++) {
            json_t *x = json_object_get(row, q->members[i].id);
            if (q->members[i].type == ANSWER_FILE && x && !json_is_null(x)) fn(x, ctx);
        }
    }
}

bool answer_has_file_input(const struct template_question *q)
{
    if (q->type == ANSWER_FILE) return true;
    for (size_t i = 0; i < q->nmembers; i++)
        if (q->members[i].type == ANSWER_FILE) return true;
    return false;
}

/* ---- text ---- */

static void number_text(struct buf *out, json_t *v)
{
    if (json_is_integer(v)) buf_printf(out, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) buf_printf(out, "%g", json_real_value(v));
}

/* A scalar member or question value as text; local: labels in this thread's language, else English. */
static void value_text(struct buf *out, enum answer_type t, json_t *spec, json_t *v, bool local)
{
    if (json_is_number(v)) { number_text(out, v); return; }
    if (json_is_boolean(v)) { buf_puts(out, json_is_true(v) ? (local ? _("Yes") : "Yes") : (local ? _("No") : "No")); return; }
    const char *s = json_string_value(v);
    if ((t == ANSWER_YN || t == ANSWER_YND) && s) {
        const char *l = local ? answer_yn_label(s) : NULL;
        buf_puts(out, l ? l : !local && strcmp(s, "yes") == 0 ? "Yes" : !local && strcmp(s, "no") == 0 ? "No"
                          : !local && strcmp(s, "developing") == 0 ? "Developing" : s);
        return;
    }
    if (t == ANSWER_SINGLE && s) {
        const char *l = option_label(spec, s);
        buf_puts(out, local ? option_label_local(spec, s) : l ? l : s);
        return;
    }
    if (t == ANSWER_SINGLE && json_is_object(v)) {
        buf_printf(out, "%s: %s", local ? _("Other") : "Other", str(v, "other") ? str(v, "other") : "");
        return;
    }
    if (t == ANSWER_MULTI && json_is_object(v)) {
        json_t *x;
        size_t i, n = 0;
        json_array_foreach(json_object_get(v, "selected"), i, x) {
            const char *id = json_string_value(x);
            if (!id || strcmp(id, "other") == 0) continue;
            if (n++) buf_puts(out, "; ");
            const char *l = option_label(spec, id);
            buf_puts(out, local ? option_label_local(spec, id) : l ? l : id);
        }
        if (str(v, "other")) buf_printf(out, "%s%s: %s", n ? "; " : "", local ? _("Other") : "Other", str(v, "other"));
        return;
    }
    if (t == ANSWER_FILE && json_is_object(v)) { buf_puts(out, str(v, "name") ? str(v, "name") : ""); return; }
    if (s) { buf_puts(out, s); return; }
    if (v) {
        char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        buf_puts(out, d ? d : "");
        free(d);
    }
}

void answer_member_text(struct buf *out, const struct answer_member *m, json_t *v)
{
    value_text(out, m->type, m->json, v, true);
}

/* The members of an object answer as "label: value" joined by sep. */
static void members_text(struct buf *out, const struct template_question *q, json_t *v, const char *sep, bool local)
{
    size_t n = 0;
    for (size_t i = 0; i < q->nmembers; i++) {
        const struct answer_member *m = &q->members[i];
        json_t *x = json_object_get(v, m->id);
        if (!x || json_is_null(x)) continue;
        if (n++) buf_puts(out, sep);
        const char *l = local ? member_label(m) : m->label ? m->label : m->id;
        buf_printf(out, "%s: ", l);
        value_text(out, m->type, m->json, x, local);
    }
}

void answer_text(struct buf *out, const struct template_question *q, json_t *v)
{
    if (!v || json_is_null(v)) return;
    switch (q->type) {
    case ANSWER_CONTACT:
    case ANSWER_GROUP:
        members_text(out, q, v, "\n", false);
        return;
    case ANSWER_TABLE: {
        json_t *row;
        size_t i;
        json_array_foreach(v, i, row) {
            if (i) buf_puts(out, "\n");
            members_text(out, q, row, "; ", false);
        }
        return;
    }
    default:
        value_text(out, q->type, q->json, v, false);
    }
}

void answer_cut(struct buf *out, size_t from, size_t max)
{
    size_t chars = 0, i = from, cut = 0;
    for (; i < out->len; i++) {
        if (((unsigned char)out->data[i] & 0xC0) == 0x80) continue;
        if (chars == max) { cut = i; break; }
        chars++;
    }
    if (i >= out->len) return;   /* fits */
    size_t word = cut;           /* back to a space, if one is in the last third */
    while (word > from && out->data[word] != ' ' && word > cut - (cut - from) / 3) word--;
    if (word > from && out->data[word] == ' ') cut = word;
    while (cut > from && (out->data[cut - 1] == ' ' || out->data[cut - 1] == ';' || out->data[cut - 1] == ',')) cut--;
    out->len = cut;
    out->data[cut] = '\0';
    buf_puts(out, "…");
}

void answer_text_short(struct buf *out, const struct template_question *q, json_t *v)
{
    size_t start = out->len;
    if (!v || json_is_null(v)) return;
    switch (q->type) {
    case ANSWER_TABLE: {
        size_t n = json_array_size(v);
        buf_printf(out, n == 1 ? _("%zu row") : _("%zu rows"), n);
        break;
    }
    case ANSWER_CONTACT: {   /* who: name, organisation, e-mail */
        static const char *const KEYS[] = { "name", "organisation", "email" };
        size_t n = 0;
        for (size_t i = 0; i < 3; i++) {
            const char *s = str(v, KEYS[i]);
            if (!s || !*s) continue;
            if (n++) buf_puts(out, ", ");
            buf_puts(out, s);
        }
        break;
    }
    case ANSWER_GROUP:
        members_text(out, q, v, "; ", true);
        break;
    default:
        value_text(out, q->type, q->json, v, true);
    }
    answer_cut(out, start, ANSWER_SHORT_MAX);
}

char *answer_csv_value(const struct template_question *q, json_t *v)
{
    (void)q;
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return xstrdup(json_string_value(v));
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s) abort();
    return s;
}

/* ---- demo ---- */

json_t *answer_demo_value(const struct answer_member *m, const struct answer_demo *in)
{
    switch (m->type) {
    case ANSWER_NUMBER: {
        double x = in->number;
        json_t *mn = json_object_get(m->json, "min"), *mx = json_object_get(m->json, "max");
        if (mn && x < json_number_value(mn)) x = json_number_value(mn);
        if (mx && x > json_number_value(mx)) x = json_number_value(mx);
        if (json_is_true(json_object_get(m->json, "integer"))) return json_integer((json_int_t)llround(x));
        return json_real(round(x * 10) / 10);
    }
    case ANSWER_TEXT: return in->text ? json_string(in->text) : NULL;
    case ANSWER_DATE: return json_sprintf("%d", in->year);
    case ANSWER_URL: return json_string("https://example.org/");
    case ANSWER_EMAIL: return json_string("contact@example.org");
    case ANSWER_YN: case ANSWER_YND: return json_string(in->yes ? "yes" : "no");
    case ANSWER_SINGLE: return in->option ? json_string(in->option) : NULL;
    default: return NULL;
    }
}

/* template: see template.h. */
#include "domain/template.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/embed.h"
#include "util/mem.h"

#define MAX_TEMPLATES 16

static struct template templates[MAX_TEMPLATES];
static size_t ntemplates;
static json_t *taxonomy;

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int load_one(const struct embed_file *f, char *err, size_t errlen)
{
    json_error_t e;
    json_t *root = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &e);
    if (!root) { snprintf(err, errlen, "%s:%d: %s", f->name, e.line, e.text); return -1; }
    if (ntemplates >= MAX_TEMPLATES) { json_decref(root); snprintf(err, errlen, "too many templates"); return -1; }
    struct template *t = &templates[ntemplates];
    t->root = root;
    t->cycle = (int)json_integer_value(json_object_get(root, "cycle"));
    t->based_on = (int)json_integer_value(json_object_get(root, "based_on"));
    t->title = str(root, "title");
    json_t *sections = json_object_get(root, "sections");
    size_t i, j, n = 0;
    json_t *sec, *q;
    json_array_foreach(sections, i, sec) n += json_array_size(json_object_get(sec, "questions"));
    t->q = xcalloc(n ? n : 1, sizeof *t->q);
    json_array_foreach(sections, i, sec) {
        json_array_foreach(json_object_get(sec, "questions"), j, q) {
            struct template_question *tq = &t->q[t->nq++];
            tq->id = str(q, "id");
            tq->number = str(q, "number");
            tq->type = str(q, "type");
            tq->text = str(q, "text");
            tq->help = str(q, "help");
            tq->section_id = str(sec, "id");
            tq->section_title = str(sec, "title");
            tq->json = q;
            if (!tq->id || !tq->type || !tq->text) {
                snprintf(err, errlen, "%s: a question lacks id, type or text", f->name);
                return -1;
            }
        }
    }
    if (t->cycle < 2000 || !t->nq) { snprintf(err, errlen, "%s: no cycle or no questions", f->name); return -1; }
    ntemplates++;
    return 0;
}

static int cmp_cycle(const void *a, const void *b)
{
    return ((const struct template *)a)->cycle - ((const struct template *)b)->cycle;
}

int template_init(char *err, size_t errlen)
{
    if (ntemplates) return 0;
    for (const struct embed_file *f = embed_files; f->name; f++) {
        if (strncmp(f->name, "templates/", 10) != 0) continue;
        if (strcmp(f->name, "templates/taxonomy.json") == 0) {
            json_error_t e;
            taxonomy = json_loadb((const char *)f->data, f->len, 0, &e);
            if (!taxonomy) { snprintf(err, errlen, "%s:%d: %s", f->name, e.line, e.text); return -1; }
            continue;
        }
        if (load_one(f, err, errlen) < 0) return -1;
    }
    qsort(templates, ntemplates, sizeof templates[0], cmp_cycle);
    return 0;
}

size_t template_count(void)
{
    return ntemplates;
}

/* Cycles opened without a file of their own, with the cycle whose template each answers
 * (template_reuse).  Few (one new cycle every two years): a short array under a lock. */
#define REUSE_MAX 64
static struct { int cycle, uses; } reuse[REUSE_MAX];
static size_t nreuse;
static pthread_mutex_t reuse_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct template *template_own(int cycle)
{
    for (size_t i = 0; i < ntemplates; i++)
        if (templates[i].cycle == cycle) return &templates[i];
    return NULL;
}

void template_reuse(int cycle, int uses)
{
    if (template_own(cycle) || !template_own(uses)) return;
    pthread_mutex_lock(&reuse_lock);
    size_t i = 0;
    while (i < nreuse && reuse[i].cycle != cycle) i++;
    if (i < REUSE_MAX) {
        reuse[i].cycle = cycle;
        reuse[i].uses = uses;
        if (i == nreuse) nreuse++;
    }
    pthread_mutex_unlock(&reuse_lock);
}

const struct template *template_get(int cycle)
{
    if (cycle >= TEMPLATE_BENCH_FIRST && cycle < TEMPLATE_BENCH_FIRST + 2 * TEMPLATE_BENCH_MAX && ntemplates) {
        int i = cycle - TEMPLATE_BENCH_FIRST;
        return i % 2 ? NULL : &templates[(size_t)(i / 2) % ntemplates];
    }
    const struct template *t = template_own(cycle);
    if (t) return t;
    int uses = 0;
    pthread_mutex_lock(&reuse_lock);
    for (size_t i = 0; i < nreuse; i++)
        if (reuse[i].cycle == cycle) uses = reuse[i].uses;
    pthread_mutex_unlock(&reuse_lock);
    return uses ? template_own(uses) : NULL;
}

int template_latest_cycle(void)
{
    int c = 0;
    for (size_t i = 0; i < ntemplates; i++)
        if (templates[i].cycle > c) c = templates[i].cycle;
    pthread_mutex_lock(&reuse_lock);
    for (size_t i = 0; i < nreuse; i++)
        if (reuse[i].cycle > c) c = reuse[i].cycle;
    pthread_mutex_unlock(&reuse_lock);
    return c;
}

const struct template_question *template_question(const struct template *t, const char *id)
{
    if (!t || !id) return NULL;
    for (size_t i = 0; i < t->nq; i++)
        if (strcmp(t->q[i].id, id) == 0) return &t->q[i];
    return NULL;
}

json_t *template_taxonomy(void) { return taxonomy; }

long long template_max_file_bytes(void)
{
    long long max = 0;
    for (size_t i = 0; i < ntemplates; i++) {
        for (size_t j = 0; j < templates[i].nq; j++) {
            json_t *q = templates[i].q[j].json, *c;
            size_t k;
            json_t *m = json_object_get(q, "max_bytes");
            if (json_integer_value(m) > max) max = json_integer_value(m);
            json_array_foreach(json_object_get(q, "columns"), k, c)
                if (json_integer_value(json_object_get(c, "max_bytes")) > max) max = json_integer_value(json_object_get(c, "max_bytes"));
            json_array_foreach(json_object_get(q, "fields"), k, c)
                if (json_integer_value(json_object_get(c, "max_bytes")) > max) max = json_integer_value(json_object_get(c, "max_bytes"));
        }
    }
    return max;
}

/* The allowed option ids of a single/multi question or column: its "options" or the taxonomy list it names. */
static json_t *options_of(json_t *q)
{
    json_t *o = json_object_get(q, "options");
    if (o) return o;
    const char *from = str(q, "options_from");
    if (!from || !taxonomy) return NULL;
    if (strcmp(from, "taxonomy.categories") == 0) return json_object_get(taxonomy, "categories");
    if (strcmp(from, "taxonomy.kinds") == 0) return json_object_get(taxonomy, "kinds");
    return NULL;
}

const char *template_option_label(json_t *spec, const char *id)
{
    json_t *o;
    size_t i;
    if (!id) return NULL;
    json_array_foreach(options_of(spec), i, o) {
        const char *oid = json_string_value(json_object_get(o, "id"));
        if (oid && strcmp(oid, id) == 0) {
            const char *l = json_string_value(json_object_get(o, "label"));
            return l ? l : json_string_value(json_object_get(o, "name"));
        }
    }
    return NULL;
}

static bool option_ok(json_t *q, const char *v)
{
    json_t *opts = options_of(q), *o;
    size_t i;
    if (!v) return false;
    if (json_is_true(json_object_get(q, "other")) && strcmp(v, "other") == 0) return true;
    json_array_foreach(opts, i, o) {
        const char *id = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (id && strcmp(id, v) == 0) return true;
    }
    return false;
}

/* "2019", "2019-05" or "2019-05-14". */
static bool is_date(const char *s)
{
    int y = 0, m = 1, d = 1;
    char extra;
    size_t n = s ? strlen(s) : 0;
    int got = n == 4 ? sscanf(s, "%4d%c", &y, &extra) : n == 7 ? sscanf(s, "%4d-%2d%c", &y, &m, &extra)
            : n == 10 ? sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) : 0;
    int want = n == 4 ? 1 : n == 7 ? 2 : 3;
    return n && got == want && y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int check_scalar(const char *type, json_t *spec, json_t *v, const char *label, char *err, size_t errlen)
{
    if (strcmp(type, "number") == 0) {
        if (!json_is_number(v)) { snprintf(err, errlen, "%s: enter a number", label); return -1; }
        double x = json_number_value(v);
        json_t *mn = json_object_get(spec, "min"), *mx = json_object_get(spec, "max");
        if (!isfinite(x)) { snprintf(err, errlen, "%s: enter a number", label); return -1; }
        if (mn && x < json_number_value(mn)) { snprintf(err, errlen, "%s: at least %g", label, json_number_value(mn)); return -1; }
        if (mx && x > json_number_value(mx)) { snprintf(err, errlen, "%s: at most %g", label, json_number_value(mx)); return -1; }
        if (json_is_true(json_object_get(spec, "integer")) && floor(x) != x) {
            snprintf(err, errlen, "%s: enter a whole number", label);
            return -1;
        }
        return 0;
    }
    if (!json_is_string(v)) { snprintf(err, errlen, "%s: enter text", label); return -1; }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) { snprintf(err, errlen, "%s: the text contains a NUL character", label); return -1; }
    if (strcmp(type, "date") == 0 && !is_date(s)) { snprintf(err, errlen, "%s: a year, or a date as YYYY-MM or YYYY-MM-DD", label); return -1; }
    if (strcmp(type, "email") == 0 && len && (!strchr(s, '@') || strchr(s, ' '))) {
        snprintf(err, errlen, "%s: an e-mail address such as name@example.org", label);
        return -1;
    }
    if (strcmp(type, "url") == 0 && strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0) {
        snprintf(err, errlen, "%s: a link starting with https://", label);
        return -1;
    }
    if ((strcmp(type, "yn") == 0 || strcmp(type, "ynd") == 0)) {
        bool ok = strcmp(s, "yes") == 0 || strcmp(s, "no") == 0 || (type[2] == 'd' && strcmp(s, "developing") == 0);
        if (!ok) { snprintf(err, errlen, "%s: choose %s", label, type[2] == 'd' ? "yes, no or developing" : "yes or no"); return -1; }
    }
    if (strcmp(type, "single") == 0 && !option_ok(spec, s)) { snprintf(err, errlen, "%s: choose one of the options", label); return -1; }
    json_t *ml = json_object_get(spec, "max_length");
    size_t max = ml ? (size_t)json_integer_value(ml) : 20000;
    if (len > max * 4) { snprintf(err, errlen, "%s: at most %zu characters", label, max); return -1; }
    return 0;
}

/* A file reference: {"name", "type", "bytes", "sha256"}, type in accept, bytes at most max_bytes. */
static int check_file(json_t *spec, json_t *v, const char *label, char *err, size_t errlen)
{
    json_t *name = json_object_get(v, "name"), *type = json_object_get(v, "type"), *bytes = json_object_get(v, "bytes");
    const char *sha = str(v, "sha256");
    size_t n = 0;
    for (const char *p = sha; p && *p; p++) n += (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
    if (!json_is_object(v) || json_object_size(v) != 4 || !json_is_string(name) || !json_string_length(name) ||
        json_string_length(name) > 1000 || !json_is_string(type) || !json_is_integer(bytes) ||
        json_integer_value(bytes) < 1 || !sha || strlen(sha) != 64 || n != 64) {
        snprintf(err, errlen, "%s: expected a file reference {\"name\", \"type\", \"bytes\", \"sha256\"}", label);
        return -1;
    }
    json_t *accept = json_object_get(spec, "accept"), *a, *max = json_object_get(spec, "max_bytes");
    size_t i;
    bool ok = !accept;
    json_array_foreach(accept, i, a) ok |= json_is_string(a) && strcmp(json_string_value(a), json_string_value(type)) == 0;
    if (!ok) { snprintf(err, errlen, "%s: this kind of file is not accepted here", label); return -1; }
    if (json_is_integer(max) && json_integer_value(bytes) > json_integer_value(max)) {
        snprintf(err, errlen, "%s: the file is larger than %lld bytes", label, (long long)json_integer_value(max));
        return -1;
    }
    return 0;
}

static int check_fields(json_t *fields, json_t *v, const char *label, bool table_row, char *err, size_t errlen)
{
    if (!json_is_object(v)) { snprintf(err, errlen, "%s: expected an object", label); return -1; }
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        json_t *spec = NULL, *f;
        size_t i;
        json_array_foreach(fields, i, f)
            if (str(f, "id") && strcmp(str(f, "id"), k) == 0) spec = f;
        if (!spec) { snprintf(err, errlen, "%s: unknown field '%.40s'", label, k); return -1; }
        if (json_is_null(x)) continue;
        char sub[160];
        snprintf(sub, sizeof sub, "%s, %s", label, str(spec, "label") ? str(spec, "label") : k);
        if (str(spec, "type") && strcmp(str(spec, "type"), "multi") == 0) {   /* a multi cell: {"selected": [...]} */
            json_t *sel = json_object_get(x, "selected"), *o;
            size_t j;
            bool ok = json_is_object(x) && json_is_array(sel);
            if (ok) json_array_foreach(sel, j, o) ok &= json_is_string(o) && option_ok(spec, json_string_value(o));
            if (!ok) { snprintf(err, errlen, "%s: choose among the options", sub); return -1; }
            continue;
        }
        if (str(spec, "type") && strcmp(str(spec, "type"), "file") == 0) {
            if (check_file(spec, x, sub, err, errlen) < 0) return -1;
            continue;
        }
        if (check_scalar(str(spec, "type") ? str(spec, "type") : "text", spec, x, sub, err, errlen) < 0) return -1;
    }
    if (table_row) {
        json_t *f;
        size_t i;
        json_array_foreach(fields, i, f) {
            json_t *x2 = json_object_get(v, str(f, "id") ? str(f, "id") : "");
            if (json_is_true(json_object_get(f, "required")) && (!x2 || json_is_null(x2) ||
                (json_is_string(x2) && json_string_length(x2) == 0))) {
                snprintf(err, errlen, "%s: %s is required", label, str(f, "label") ? str(f, "label") : str(f, "id"));
                return -1;
            }
        }
    }
    return 0;
}

int template_check_value(const struct template_question *q, json_t *v, char *err, size_t errlen)
{
    const char *type = q->type, *label = q->number ? q->number : q->id;
    json_t *spec = q->json;
    if (!v || json_is_null(v)) return 0;   /* not answered: a state of its own, never an error here */
    if (strcmp(type, "multi") == 0) {
        if (!json_is_object(v) || !json_is_array(json_object_get(v, "selected"))) {
            snprintf(err, errlen, "%s: expected {\"selected\": [...]}", label);
            return -1;
        }
        json_t *o;
        size_t i;
        json_array_foreach(json_object_get(v, "selected"), i, o)
            if (!json_is_string(o) || !option_ok(spec, json_string_value(o))) {
                snprintf(err, errlen, "%s: choose among the options", label);
                return -1;
            }
        json_t *other = json_object_get(v, "other");
        if (other && !json_is_null(other) && (!json_is_string(other) || json_string_length(other) > 2000)) {
            snprintf(err, errlen, "%s: 'other' is text of at most 2000 characters", label);
            return -1;
        }
        return 0;
    }
    if (strcmp(type, "single") == 0 && json_is_object(v)) {   /* {"other": "text"} when the question allows it */
        json_t *other = json_object_get(v, "other");
        if (!json_is_true(json_object_get(spec, "other")) || !json_is_string(other) || json_object_size(v) != 1 ||
            json_string_length(other) > 2000) {
            snprintf(err, errlen, "%s: choose one of the options, or give {\"other\": text}", label);
            return -1;
        }
        return 0;
    }
    if (strcmp(type, "table") == 0) {
        if (!json_is_array(v)) { snprintf(err, errlen, "%s: expected a list of rows", label); return -1; }
        if (json_array_size(v) > 500) { snprintf(err, errlen, "%s: at most 500 rows", label); return -1; }
        json_t *row;
        size_t i;
        json_array_foreach(v, i, row) {
            char rl[96];
            snprintf(rl, sizeof rl, "%s, row %zu", label, i + 1);
            if (check_fields(json_object_get(spec, "columns"), row, rl, true, err, errlen) < 0) return -1;
        }
        return 0;
    }
    if (strcmp(type, "group") == 0) return check_fields(json_object_get(spec, "fields"), v, label, false, err, errlen);
    if (strcmp(type, "contact") == 0) {
        static const char *const keys[] = { "title", "name", "organisation", "address", "telephone", "email", NULL };
        if (!json_is_object(v)) { snprintf(err, errlen, "%s: expected contact details", label); return -1; }
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            bool known = false;
            for (int i = 0; keys[i]; i++) known |= strcmp(keys[i], k) == 0;
            if (!known || (!json_is_string(x) && !json_is_null(x)) || (json_is_string(x) && json_string_length(x) > 500)) {
                snprintf(err, errlen, "%s: %.40s is not a contact field of at most 500 characters", label, k);
                return -1;
            }
        }
        json_t *email = json_object_get(v, "email");
        if (json_is_string(email) && json_string_length(email) && !strchr(json_string_value(email), '@')) {
            snprintf(err, errlen, "%s: the e-mail address needs an @", label);
            return -1;
        }
        return 0;
    }
    if (strcmp(type, "file") == 0) return check_file(spec, v, label, err, errlen);
    return check_scalar(type, spec, v, label, err, errlen);
}

bool template_applies(const struct template_question *q, json_t *answers)
{
    json_t *when = json_object_get(q->json, "when");
    if (!when) return true;
    const char *dep = str(when, "question");
    json_t *a = dep ? json_object_get(answers, dep) : NULL;
    if (!a || json_is_null(a)) return false;
    if (json_is_true(json_object_get(when, "answered"))) return true;
    json_t *in = json_object_get(when, "in"), *x;
    size_t i;
    if (in) {
        const char *v = json_is_string(a) ? json_string_value(a) : json_object_get(a, "other") ? "other" : str(a, "selected");
        json_array_foreach(in, i, x)
            if (v && json_is_string(x) && strcmp(v, json_string_value(x)) == 0) return true;
        return false;
    }
    json_t *has = json_object_get(when, "has"), *h;   /* one option id, or a list: any of them */
    if (has) {
        size_t j;
        json_array_foreach(json_object_get(a, "selected"), i, x) {
            if (!json_is_string(x)) continue;
            if (json_is_string(has) && strcmp(json_string_value(x), json_string_value(has)) == 0) return true;
            json_array_foreach(has, j, h)
                if (json_is_string(h) && strcmp(json_string_value(x), json_string_value(h)) == 0) return true;
        }
        return false;
    }
    return true;
}

size_t template_carry_over(const struct template *t, const char *old_id, const char **out, size_t max)
{
    size_t n = 0;
    json_t *renamed = json_object_get(t->root, "renamed"), *split = json_object_get(t->root, "split");
    json_t *merged = json_object_get(t->root, "merged");
    const char *to = str(renamed, old_id);
    if (to && max) { out[n++] = to; return n; }
    json_t *parts = json_object_get(split, old_id), *x;
    size_t i;
    if (parts) {
        json_array_foreach(parts, i, x)
            if (n < max && json_is_string(x)) out[n++] = json_string_value(x);
        return n;
    }
    const char *k;
    json_t *olds;
    json_object_foreach(merged, k, olds) {
        json_array_foreach(olds, i, x)
            if (json_is_string(x) && strcmp(json_string_value(x), old_id) == 0 && max) { out[0] = k; return 1; }
    }
    const struct template_question *q = template_question(t, old_id);
    if (q && max) out[n++] = q->id;
    return n;
}

size_t template_answer_values(const struct template_question *q, const char **out, size_t max)
{
    static const char *const YND[] = { "yes", "no", "developing" };
    size_t n = 0;
    if (!q) return 0;
    if (strcmp(q->type, "yn") == 0 || strcmp(q->type, "ynd") == 0) {
        for (size_t i = 0; i < (q->type[2] == 'd' ? 3u : 2u) && n < max; i++) out[n++] = YND[i];
        return n;
    }
    if (strcmp(q->type, "single") != 0 && strcmp(q->type, "multi") != 0) return 0;
    json_t *o;
    size_t i;
    json_array_foreach(options_of(q->json), i, o) {
        const char *id = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (id && n < max) out[n++] = id;
    }
    if (json_is_true(json_object_get(q->json, "other")) && n < max) out[n++] = "other";
    return n;
}

const char *template_answer_label(const struct template_question *q, const char *value)
{
    if (!value) return "";
    if (q && (strcmp(q->type, "yn") == 0 || strcmp(q->type, "ynd") == 0)) {
        if (strcmp(value, "yes") == 0) return "Yes";
        if (strcmp(value, "no") == 0) return "No";
        if (strcmp(value, "developing") == 0) return "Developing";
        return value;
    }
    json_t *o;
    size_t i;
    json_array_foreach(q ? options_of(q->json) : NULL, i, o) {
        const char *id = json_is_string(o) ? json_string_value(o) : str(o, "id");
        if (id && strcmp(id, value) == 0) {
            const char *l = json_is_string(o) ? id : str(o, "label") ? str(o, "label") : str(o, "name");
            return l ? l : id;
        }
    }
    return strcmp(value, "other") == 0 ? "Other" : value;
}

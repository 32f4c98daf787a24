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

/* The columns of a table, the fields of a group, the members of a contact: each type parsed once. */
static int load_members(struct template_question *tq, char *err, size_t errlen)
{
    if (tq->type == ANSWER_CONTACT) { tq->members = ANSWER_CONTACT_MEMBERS; tq->nmembers = ANSWER_CONTACT_NMEMBERS; return 0; }
    json_t *list = json_object_get(tq->json, tq->type == ANSWER_TABLE ? "columns" : "fields"), *m;
    if (tq->type != ANSWER_TABLE && tq->type != ANSWER_GROUP) return 0;
    if (!json_array_size(list)) { snprintf(err, errlen, "a %s needs %s", answer_type_name(tq->type), tq->type == ANSWER_TABLE ? "columns" : "fields"); return -1; }
    struct answer_member *ms = xcalloc(json_array_size(list), sizeof *ms);
    size_t i;
    json_array_foreach(list, i, m) {
        ms[i].id = str(m, "id");
        ms[i].label = str(m, "label");
        ms[i].json = m;
        /* a member without a type is text (older templates' plain columns) */
        if (!ms[i].id || (json_object_get(m, "type") ? answer_type_parse(str(m, "type"), true, &ms[i].type) < 0 : (ms[i].type = ANSWER_TEXT, 0))) {
            snprintf(err, errlen, "member %zu: no id, or an unknown type \"%.40s\"", i + 1, str(m, "type") ? str(m, "type") : "");
            free(ms);
            return -1;
        }
    }
    tq->members = ms;
    tq->nmembers = json_array_size(list);
    return 0;
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
            tq->text = str(q, "text");
            tq->help = str(q, "help");
            tq->section_id = str(sec, "id");
            tq->section_title = str(sec, "title");
            tq->json = q;
            if (!tq->id || !tq->text) {
                snprintf(err, errlen, "%s: a question lacks id or text", f->name);
                return -1;
            }
            if (answer_type_parse(str(q, "type"), false, &tq->type) < 0) {
                snprintf(err, errlen, "%s: %s: unknown question type \"%.40s\"", f->name, tq->id, str(q, "type") ? str(q, "type") : "");
                return -1;
            }
            if (load_members(tq, err, errlen) < 0) {
                char where[512];
                snprintf(where, sizeof where, "%s: %s: %s", f->name, tq->id, err);
                snprintf(err, errlen, "%s", where);
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

const struct template *template_at(size_t i)
{
    return i < ntemplates ? &templates[i] : NULL;
}

const struct template_question *template_question_any(const char *id)
{
    for (size_t i = ntemplates; i-- > 0;) {
        const struct template_question *q = template_question(&templates[i], id);
        if (q) return q;
    }
    return NULL;
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

size_t template_cycles(int *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ntemplates; i++) {
        if (n < max) out[n] = templates[i].cycle;
        n++;
    }
    pthread_mutex_lock(&reuse_lock);
    for (size_t i = 0; i < nreuse; i++) {
        if (n < max) out[n] = reuse[i].cycle;
        n++;
    }
    pthread_mutex_unlock(&reuse_lock);
    size_t k = n < max ? n : max;
    for (size_t i = 1; i < k; i++)   /* insertion sort: a handful of years */
        for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) { int x = out[j]; out[j] = out[j - 1]; out[j - 1] = x; }
    return n;
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

static bool ids_has(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0) return true;
    return false;
}

/*
 * template_ids_in walks every question of every template between two cycles: the analysis asks
 * for the same walks on every page.  Templates never change after loading, so the answers are
 * kept (at most IDS_MEMO of them, process-wide, under a lock): ids are the templates' own strings.
 */
#define IDS_MEMO 2048
#define IDS_MEMO_MAX 8
struct ids_memo { const struct template *from, *old; char *id; const char *out[IDS_MEMO_MAX]; size_t n; };
static struct ids_memo ids_memo[IDS_MEMO];
static size_t ids_nmemo;
static pthread_mutex_t ids_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t ids_walk(const struct template *from, const char *id, const struct template *old, const char **out, size_t max);

size_t template_ids_in(const struct template *from, const char *id, const struct template *old, const char **out,
                       size_t max)
{
    if (!max) return 0;
    if (!old || !from) { out[0] = id; return 1; }
    pthread_mutex_lock(&ids_lock);
    for (size_t i = 0; i < ids_nmemo; i++) {
        const struct ids_memo *m = &ids_memo[i];
        if (m->from != from || m->old != old || strcmp(m->id, id) != 0) continue;
        size_t n = m->n < max ? m->n : max;
        for (size_t k = 0; k < n; k++) out[k] = m->out[k];
        if (n && m->out[0] == m->id) out[0] = id;   /* the id itself: the caller's string */
        pthread_mutex_unlock(&ids_lock);
        return n;
    }
    pthread_mutex_unlock(&ids_lock);
    const char *got[IDS_MEMO_MAX];
    size_t n = ids_walk(from, id, old, got, IDS_MEMO_MAX);
    pthread_mutex_lock(&ids_lock);
    if (ids_nmemo < IDS_MEMO) {
        struct ids_memo *m = &ids_memo[ids_nmemo];
        m->from = from;
        m->old = old;
        m->id = xstrdup(id);
        m->n = n;
        for (size_t k = 0; k < n; k++) m->out[k] = got[k] == id ? m->id : got[k];
        ids_nmemo++;
    }
    pthread_mutex_unlock(&ids_lock);
    if (n > max) n = max;
    for (size_t k = 0; k < n; k++) out[k] = got[k];
    return n;
}

static size_t ids_walk(const struct template *from, const char *id, const struct template *old, const char **out, size_t max)
{
    if (!max) return 0;
    out[0] = id;
    if (!old || !from) return 1;
    size_t big = 1;
    for (size_t i = 0; i < template_count(); i++)
        if (template_at(i)->nq > big) big = template_at(i)->nq;
    const char **cur = xcalloc(big, sizeof *cur), **to = xcalloc(big, sizeof *to), **kept = xcalloc(big, sizeof *kept);
    cur[0] = id;
    size_t n = 1;
    for (const struct template *t = from; t && t->cycle > old->cycle && n;) {
        const struct template *p = t->based_on ? template_get(t->based_on) : NULL;
        if (!p) { n = 0; break; }
        size_t nk = 0;
        for (size_t i = 0; i < p->nq && nk < big; i++) {
            size_t nt = template_carry_over(t, p->q[i].id, to, big);
            for (size_t j = 0; j < nt; j++)
                if (ids_has(cur, n, to[j])) { kept[nk++] = p->q[i].id; break; }
        }
        memcpy(cur, kept, nk * sizeof *kept);
        n = nk;
        t = p;
    }
    if (n > max) n = max;
    memcpy(out, cur, n * sizeof *cur);
    free(cur);
    free(to);
    free(kept);
    return n;
}

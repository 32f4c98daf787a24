/* search: see search.h. */
#include "domain/search.h"

#include <stdlib.h>
#include <string.h>

#include "domain/answer.h"
#include "domain/refdata.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

_Static_assert(SEARCH_RANK_MAX == STORE_SEARCH_RANK_MAX, "the domain and the store rank the same number of hits");

static const char *const FACET_NAMES[SEARCH_NFACETS] = { "cycle", "region", "subregion", "group", "section", "question" };

const char *search_facet_name(enum search_facet_kind k) { return k < SEARCH_NFACETS ? FACET_NAMES[k] : ""; }

static const char *given(const char *s) { return s && *s ? s : NULL; }

/* The ids of every question of a section (in any cycle's template) as a JSON array in a, or NULL when there is no such section. */
static const char *section_questions(struct arena *a, const char *section)
{
    if (strlen(section) > 2 || strspn(section, "0123456789") != strlen(section)) return NULL;
    size_t ny = template_cycles(NULL, 0);
    int *years = arena_array(a, ny ? ny : 1, sizeof *years);
    template_cycles(years, ny);
    struct buf b = BUF_INIT;
    buf_putc(&b, '[');
    size_t n = 0;
    for (size_t y = ny; y-- > 0;) {
        const struct template *t = template_get(years[y]);
        for (size_t i = 0; t && i < t->nq; i++) {
            if (strcmp(t->q[i].section_id, section) != 0) continue;
            char *quoted = arena_printf(a, "\"%s\"", t->q[i].id);   /* ids are [a-z0-9_.]: nothing to escape */
            if (strstr(buf_cstr(&b), quoted)) continue;
            if (n++) buf_putc(&b, ',');
            buf_puts(&b, quoted);
        }
    }
    buf_putc(&b, ']');
    const char *r = n ? arena_strdup(a, buf_cstr(&b)) : NULL;
    buf_cleanup(&b);
    return r;
}

/* The question filtered by: the filtered cycle's when it has it, else the newest that has it. */
static const struct template_question *filter_question(int cycle, const char *id)
{
    const struct template_question *tq = cycle ? template_question(template_get(cycle), id) : NULL;
    return tq ? tq : template_question_any(id);
}

/* Is value an answer the question offers in some cycle (the filtered one, when there is one)? */
static bool answer_known(int cycle, const char *question, const char *value)
{
    size_t ny = template_cycles(NULL, 0);
    int years[256];
    if (ny > 256) ny = 256;
    template_cycles(years, ny);
    for (size_t y = 0; y < ny; y++) {
        if (cycle && years[y] != cycle) continue;
        const char *vals[256];
        size_t n = answer_values(template_question(template_get(years[y]), question), vals, 256);
        for (size_t i = 0; i < n; i++)
            if (strcmp(vals[i], value) == 0) return true;
    }
    return false;
}

/* The filters that combine with the text, checked; 0, or -1 with e. */
static int read_filter(struct store *s, struct arena *a, const struct search_request *rq, const char *lang,
                       struct store_search_filter *f, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->lang = lang;
    const char *c = given(rq->cycle);
    if (c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*end || v < 1000 || v > 9999) return err_set(e, ERR_INVALID, N_("cycle: a year such as 2024"), NULL);
        f->cycle = (int)v;
    }
    f->region = given(rq->region);
    f->grp = given(rq->group);
    f->question = given(rq->question);
    f->answer = given(rq->answer);
    if (f->region && ref_region_check(s, f->region, e) < 0) return -1;
    if (f->grp && ref_group_check(s, f->grp, e) < 0) return -1;
    if (f->question && strlen(f->question) > 100) return err_set(e, ERR_INVALID, N_("question: a question id"), NULL);
    if (f->answer && strlen(f->answer) > 100) return err_set(e, ERR_INVALID, N_("answer: at most 100 characters"), NULL);
    const char *sec = given(rq->section);
    if (sec) {
        f->questions = section_questions(a, sec);
        if (!f->questions) return err_set(e, ERR_INVALID, N_("section: the number of a section of the template, 1 to 11"), NULL);
    }
    if (f->answer && !f->question && rq->lenient) f->answer = NULL;
    if (f->answer && !f->question)
        return err_set(e, ERR_INVALID, N_("answer: choose a question too; an answer filters the answers to one question."), NULL);
    return 0;
}

/* Why the filters cannot match anything, and the question they name. */
static enum search_notice filter_notice(const struct store_search_filter *f, const struct template_question **tq)
{
    *tq = NULL;
    if (!f->question) return SEARCH_NOTICE_NONE;
    *tq = filter_question(f->cycle, f->question);
    if (!*tq) return SEARCH_NOTICE_NO_QUESTION;
    if (!f->answer) return SEARCH_NOTICE_NONE;
    const char *vals[1];
    if (!answer_values(*tq, vals, 1)) return SEARCH_NOTICE_NOT_CHOICE;
    if (!answer_known(f->cycle, f->question, f->answer)) return SEARCH_NOTICE_NOT_AN_ANSWER;
    return SEARCH_NOTICE_NONE;
}

/* ---- hits ---- */

struct hits { struct arena *a; struct search_hit *v; size_t n, cap; };

static int hit_add(const struct store_hit *h, void *ctx)
{
    struct hits *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : SEARCH_PAGE_SIZE;
        l->v = arena_grow(l->a, l->v, l->n, cap, sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = (struct search_hit){ .report = h->report_id, .version = h->version,
                                        .question = arena_strdup(l->a, h->question ? h->question : ""),
                                        .lang = h->lang && *h->lang ? arena_strdup(l->a, h->lang) : NULL,
                                        .snippet = arena_strdup(l->a, h->snippet ? h->snippet : "") };
    return 0;
}

struct report_of { struct arena *a; struct search_hit *h; };

static int report_cb(const struct store_report *r, void *ctx)
{
    struct report_of *ro = ctx;
    ro->h->iso3 = arena_strdup(ro->a, r->state_iso3);
    ro->h->cycle = r->cycle;
    ro->h->synthetic = r->synthetic;
    return 0;
}

static int name_cb(const struct store_state *st, void *ctx)
{
    struct report_of *ro = ctx;
    ro->h->name = arena_strdup(ro->a, st->local_name ? st->local_name : st->iso3);
    return 0;
}

/* Each hit's report (State, cycle, synthetic), its question in that cycle's template, and with names its State's name. */
static int hits_complete(struct store *s, struct arena *a, struct search_hit *v, size_t n, bool names, const char *lang)
{
    for (size_t i = 0; i < n; i++) {
        struct report_of ro = { a, &v[i] };
        if (store_report_get(s, v[i].report, false, report_cb, &ro) < 0) return -1;
        if (!v[i].iso3) v[i].iso3 = "";
        v[i].q = template_question(template_get(v[i].cycle), v[i].question);
        if (names && *v[i].iso3 && store_state_get(s, v[i].iso3, lang, name_cb, &ro) < 0) return -1;
        if (names && !v[i].name) v[i].name = v[i].iso3;
    }
    return 0;
}

/* ---- facets ---- */

struct counts { struct arena *a; struct search_count *v; size_t n, cap; };

static int count_add(const char *value, const char *label, long count, void *ctx)
{
    struct counts *c = ctx;
    if (!value) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        c->v = arena_grow(c->a, c->v, c->n, cap, sizeof *c->v);
        c->cap = cap;
    }
    c->v[c->n++] = (struct search_count){ arena_strdup(c->a, value), label ? arena_strdup(c->a, label) : NULL, count, NULL };
    return 0;
}

static int cmp_section(const void *x, const void *y)
{
    return atoi(((const struct search_count *)x)->value) - atoi(((const struct search_count *)y)->value);
}

/* The sections, in their order, from every matching question's count (a question counts in its newest template's section). */
static struct search_facet sections_of(struct arena *a, const struct counts *qc)
{
    struct search_facet f = { arena_array(a, qc->n ? qc->n : 1, sizeof *f.v), 0 };
    for (size_t i = 0; i < qc->n; i++) {
        const struct template_question *tq = qc->v[i].q;
        if (!tq || !tq->section_id) continue;
        size_t j = 0;
        while (j < f.n && strcmp(f.v[j].value, tq->section_id) != 0) j++;
        if (j == f.n) f.v[f.n++] = (struct search_count){ tq->section_id, tq->section_title, 0, NULL };
        f.v[j].count += qc->v[i].count;
    }
    qsort(f.v, f.n, sizeof *f.v, cmp_section);
    return f;
}

/* The answer facet: the question's values in its template's order, then any other value counted. */
static int answers_of(struct store *s, struct arena *a, const char *fts, const struct store_search_filter *f,
                      const struct template_question *tq, struct search_result *out)
{
    const char *vals[64];
    size_t nv = answer_values(tq, vals, 64);
    if (!nv) return 0;
    struct counts c = { a, NULL, 0, 0 };
    for (size_t i = 0; i < nv; i++) count_add(vals[i], NULL, 0, &c);
    struct counts got = { a, NULL, 0, 0 };
    struct store_search_filter g = *f;
    g.answer = NULL;
    if (store_search_facet(s, fts, &g, "answer", count_add, &got) < 0) return -1;
    for (size_t k = 0; k < got.n; k++) {
        size_t i = 0;
        while (i < c.n && strcmp(c.v[i].value, got.v[k].value) != 0) i++;
        if (i < c.n) c.v[i].count = got.v[k].count;
        else if (c.n < 64) count_add(got.v[k].value, NULL, got.v[k].count, &c);
    }
    out->answers = (struct search_facet){ c.v, c.n };
    out->has_answers = true;
    return 0;
}

static int facets_count(struct store *s, struct arena *a, const char *fts, const struct store_search_filter *f,
                        struct search_result *out)
{
    static const enum search_facet_kind plain[] = { SEARCH_FACET_CYCLE, SEARCH_FACET_REGION, SEARCH_FACET_SUBREGION,
                                                    SEARCH_FACET_GROUP };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        struct counts c = { a, NULL, 0, 0 };
        if (store_search_facet(s, fts, f, FACET_NAMES[plain[i]], count_add, &c) < 0) return -1;
        out->facets[plain[i]] = (struct search_facet){ c.v, c.n };
    }
    struct counts qc = { a, NULL, 0, 0 };
    if (store_search_facet(s, fts, f, "question", count_add, &qc) < 0) return -1;
    for (size_t i = 0; i < qc.n; i++) {
        qc.v[i].label = NULL;
        qc.v[i].q = template_question_any(qc.v[i].value);   /* a question merged away is still named */
    }
    out->facets[SEARCH_FACET_SECTION] = sections_of(a, &qc);
    out->facets[SEARCH_FACET_QUESTION] = (struct search_facet){ qc.v, qc.n < SEARCH_QUESTION_FACET_MAX ? qc.n : SEARCH_QUESTION_FACET_MAX };
    if (out->question && answers_of(s, a, fts, f, out->question, out) < 0) return -1;
    return 0;
}

int search_run(struct store *s, struct arena *a, const struct search_request *rq, const char *lang,
               struct search_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_search_filter f;
    if (read_filter(s, a, rq, lang, &f, e) < 0) return -1;
    const char *q = rq->q ? rq->q : "";
    if (strlen(q) > SEARCH_Q_MAX) return err_set(e, ERR_INVALID, N_("The search text is too long (at most 1000 characters)."), NULL);
    out->answer = f.answer;
    out->notice = filter_notice(&f, &out->question);
    struct buf fts = BUF_INIT;
    int rc = 0;
    bool quoted = !*q || store_search_quote(q, &fts) == 0;
    if (out->notice != SEARCH_NOTICE_NONE) {
        /* Well formed, but naming something that cannot match: nothing, with the notice (and the facets, to move on). */
        if (rq->facets && quoted && facets_count(s, a, buf_cstr(&fts), &f, out) < 0) rc = err_set(e, ERR_STORE, NULL, NULL);
        goto done;
    }
    if (!quoted) {
        rc = err_set(e, ERR_INVALID, N_("Type one or more words to search for."), NULL);
        goto done;
    }
    if (!*q && !f.question) {
        rc = err_set(e, ERR_INVALID, N_("Type one or more words to search for, or choose a question."), NULL);
        goto done;
    }
    struct hits h = { a, NULL, 0, 0 };
    int sr = store_search_filtered(s, buf_cstr(&fts), &f, (int)rq->limit, (int)rq->offset, rq->limit ? hit_add : NULL, &h,
                                   &out->total);
    if (sr == -2) { rc = err_set(e, ERR_INVALID, N_("This search could not be understood; try plain words."), NULL); goto done; }
    if (sr < 0 || hits_complete(s, a, h.v, h.n, rq->names, lang) < 0) { rc = err_set(e, ERR_STORE, NULL, NULL); goto done; }
    out->hits = h.v;
    out->nhits = h.n;
    out->newest = out->total > SEARCH_RANK_MAX;
    if (rq->facets && facets_count(s, a, buf_cstr(&fts), &f, out) < 0) rc = err_set(e, ERR_STORE, NULL, NULL);
done:
    buf_cleanup(&fts);
    return rc;
}

const char *search_snippet_plain(struct arena *a, const char *snippet)
{
    char *out = arena_strdup(a, snippet ? snippet : "");
    char *w = out;
    for (const char *p = out; *p; p++)
        if (*p != '\x02' && *p != '\x03') *w++ = *p;
    *w = '\0';
    return out;
}

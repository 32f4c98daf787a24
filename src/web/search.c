/*
 * search: full-text search over published reports, as a page (/search) and as JSON
 * (/api/v1/search).  User text is turned into a safe FTS5 query by the store; snippets
 * are escaped here and only then are the match markers made into <mark>.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "util/jsonw.h"
#include "web/table_export.h"
#include "web/web.h"

#define SEARCH_PAGE 20
#define SEARCH_MAX_Q 1000
#define SEARCH_DOWNLOAD_MAX 5000    /* rows in /search.csv, .xlsx, .json (README) */

struct hit_copy { long long report_id; int version; char question[96], lang[4]; char *snippet; };
struct hits { struct hit_copy h[SEARCH_PAGE]; int n; };

static int hit_cb(const struct store_hit *h, void *ctx)
{
    struct hits *hs = ctx;
    if (hs->n >= SEARCH_PAGE) return 1;
    struct hit_copy *c = &hs->h[hs->n++];
    c->report_id = h->report_id;
    c->version = h->version;
    snprintf(c->question, sizeof c->question, "%s", h->question ? h->question : "");
    snprintf(c->lang, sizeof c->lang, "%s", h->lang ? h->lang : "");
    c->snippet = strdup(h->snippet ? h->snippet : "");
    return 0;
}

struct rep { char iso3[4]; int cycle; bool synthetic; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct rep *p = ctx;
    snprintf(p->iso3, sizeof p->iso3, "%s", r->state_iso3);
    p->cycle = r->cycle;
    p->synthetic = r->synthetic;
    return 0;
}

static int name_cb(const struct store_state *s, void *ctx)
{
    snprintf(ctx, 160, "%s", s->local_name);
    return 0;
}

/* Escape the snippet, then mark the matches. */
static void snippet_html(struct buf *b, const char *s)
{
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, "\x02\x03");
        html_textn(b, p, n);
        p += n;
        if (*p == '\x02') HTML_LIT(b, "<mark>");
        else if (*p == '\x03') HTML_LIT(b, "</mark>");
        if (*p) p++;
    }
}

static void snippet_plain(struct buf *out, const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p != '\x02' && *p != '\x03') buf_putc(out, *p);
}

/* The ids of every question of a section (in any cycle's template) as a JSON array, or NULL
   when there is no such section.  Kept per thread until the next call (one request at a time). */
static const char *section_questions(const char *section)
{
    static _Thread_local char out[16384];
    if (strlen(section) > 2 || strspn(section, "0123456789") != strlen(section)) return NULL;
    struct buf b = BUF_INIT;
    buf_putc(&b, '[');
    size_t n = 0;
    for (int c = template_latest_cycle(); c >= 2000; c -= 2) {
        const struct template *t = template_get(c);
        for (size_t i = 0; t && i < t->nq; i++) {
            if (strcmp(t->q[i].section_id, section) != 0) continue;
            char quoted[160];
            snprintf(quoted, sizeof quoted, "\"%s\"", t->q[i].id);   /* ids are [a-z0-9_.]: nothing to escape */
            if (strstr(buf_cstr(&b), quoted)) continue;
            if (n++) buf_putc(&b, ',');
            buf_puts(&b, quoted);
        }
    }
    buf_putc(&b, ']');
    const char *r = NULL;
    if (n && b.len < sizeof out) { memcpy(out, b.data, b.len + 1); r = out; }
    buf_cleanup(&b);
    return r;
}

/* The filters that combine with the text; 0 ok, else 400 with msg.  lenient (the page): an answer
   without a question is dropped, and the page says so, instead of failing. */
static int read_filter(struct app *app, struct http_request *req, struct store_search_filter *f, bool lenient, char *msg, size_t msglen)
{
    memset(f, 0, sizeof *f);
    const char *c = http_query(req, "cycle");
    if (c && *c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*end || v < 1990 || v > 2100) { snprintf(msg, msglen, "cycle: a year such as 2024"); return 400; }
        f->cycle = (int)v;
    }
    f->region = http_query(req, "region");
    f->grp = http_query(req, "group");
    f->question = http_query(req, "question");
    int st = web_filter_check(app, "region", f->region, msg, msglen);
    if (!st) st = web_filter_check(app, "group", f->grp, msg, msglen);
    if (st) return st;
    if (f->question && strlen(f->question) > 100) { snprintf(msg, msglen, "question: a question id"); return 400; }
    f->answer = http_query(req, "answer");
    if (f->answer && strlen(f->answer) > 100) { snprintf(msg, msglen, "answer: at most 100 characters"); return 400; }
    if (f->region && !*f->region) f->region = NULL;
    if (f->grp && !*f->grp) f->grp = NULL;
    if (f->question && !*f->question) f->question = NULL;
    if (f->answer && !*f->answer) f->answer = NULL;
    const char *sec = http_query(req, "section");
    if (sec && *sec) {
        f->questions = section_questions(sec);
        if (!f->questions) { snprintf(msg, msglen, "%s", _("section: the number of a section of the template, 1 to 11")); return 400; }
    }
    if (f->answer && !f->question && lenient) f->answer = NULL;
    if (f->answer && !f->question) {
        snprintf(msg, msglen, "%s", _("answer: choose a question too; an answer filters the answers to one question."));
        return 400;
    }
    return 0;
}

/* The template a question is read from: the filtered cycle's when it has the question, else the newest that has it. */
static const struct template_question *filter_question(const struct store_search_filter *f)
{
    const struct template_question *tq = f->cycle ? template_question(template_get(f->cycle), f->question) : NULL;
    for (int c = template_latest_cycle(); !tq && f->question && c >= 2000; c -= 2)
        tq = template_question(template_get(c), f->question);
    return tq;
}

/* Is the answer filter one the question can match in some cycle? */
static bool answer_known(const struct store_search_filter *f)
{
    for (int c = template_latest_cycle(); c >= 2000; c -= 2) {
        if (f->cycle && c != f->cycle) continue;
        const char *vals[256];
        size_t n = answer_values(template_question(template_get(c), f->question), vals, 256);
        for (size_t i = 0; i < n; i++)
            if (strcmp(vals[i], f->answer) == 0) return true;
    }
    return false;
}

/*
 * Why a filtered search cannot match anything (an unknown question, an answer the question
 * does not offer): a notice for the user, and true.  The search then answers empty, not 400:
 * the request is well formed, it names something that does not exist.
 */
static bool filter_notice(const struct store_search_filter *f, char *notice, size_t len)
{
    notice[0] = '\0';
    if (!f->question) return false;
    const struct template_question *tq = filter_question(f);
    if (!tq) { snprintf(notice, len, "%s", _("There is no such question in the reporting templates.")); return true; }
    if (!f->answer) return false;
    const char *vals[1];
    if (!answer_values(tq, vals, 1)) {
        snprintf(notice, len, _("Question %s is not a yes/no or multiple-choice question: its answers cannot be filtered by value."),
                 tq->number ? tq->number : tq->id);
        return true;
    }
    if (!answer_known(f)) {
        snprintf(notice, len, _("\"%.100s\" is not one of the answers to question %s, so no answer matches."), f->answer,
                 tq->number ? tq->number : tq->id);
        return true;
    }
    return false;
}

/* Run the search; 0 ok, else an HTTP status with msg. */
static int run(struct app *app, struct http_request *req, const char *q, int page, struct hits *hs, long *total,
               char *msg, size_t msglen, char *notice, size_t noticelen, bool lenient)
{
    struct store_search_filter f;
    int fst = read_filter(app, req, &f, lenient, msg, msglen);
    if (fst) return fst;
    if (!q) q = "";
    if (strlen(q) > SEARCH_MAX_Q) { snprintf(msg, msglen, "%s", _("The search text is too long (at most 1000 characters).")); return 400; }
    if (filter_notice(&f, notice, noticelen)) { *total = 0; return 0; }
    struct buf fts = BUF_INIT;
    if (*q && store_search_quote(q, &fts) < 0) {
        buf_cleanup(&fts);
        snprintf(msg, msglen, "%s", _("Type one or more words to search for."));
        return 400;
    }
    if (!*q && !f.question) { buf_cleanup(&fts); snprintf(msg, msglen, "%s", _("Type one or more words to search for, or choose a question.")); return 400; }
    int rc = store_search_filtered(app->store, buf_cstr(&fts), &f, SEARCH_PAGE, (page - 1) * SEARCH_PAGE, hit_cb, hs, total);
    buf_cleanup(&fts);
    if (rc == -2) { snprintf(msg, msglen, "%s", _("This search could not be understood; try plain words.")); return 400; }
    if (rc < 0) { snprintf(msg, msglen, "%s", _("The search failed because of a server error.")); return 500; }
    return 0;
}

static int page_number(struct http_request *req, int *page)
{
    const char *p = http_query(req, "page");
    *page = 1;
    if (!p || !*p) return 0;
    char *end;
    long v = strtol(p, &end, 10);
    if (*end || v < 1 || v > 500) return -1;
    *page = (int)v;
    return 0;
}

static const char *const FACETS[] = { "cycle", "region", "subregion", "group", "section", "question" };
#define NFACETS (sizeof FACETS / sizeof FACETS[0])
#define QUESTION_FACET_SHOWN 15

/* Every matching question's count (largest first), gathered once: the section facet adds them up. */
struct qcount { char id[96]; long n; };
struct qcounts { struct qcount *v; size_t n, cap; };

static int qcount_cb(const char *value, const char *label, long count, void *ctx)
{
    (void)label;
    struct qcounts *qc = ctx;
    if (!value) return 0;
    if (qc->n == qc->cap) {
        qc->cap = qc->cap ? qc->cap * 2 : 64;
        qc->v = realloc(qc->v, qc->cap * sizeof *qc->v);
        if (!qc->v) abort();
    }
    snprintf(qc->v[qc->n].id, sizeof qc->v[qc->n].id, "%s", value);
    qc->v[qc->n++].n = count;
    return 0;
}

/* The section of a question: from the newest template that has it. */
static const struct template_question *newest_question(const char *id)
{
    const struct template_question *tq = NULL;
    for (int c = template_latest_cycle(); !tq && c >= 2000; c -= 2) tq = template_question(template_get(c), id);
    return tq;
}

static int cmp_section(const void *a, const void *b)
{
    return atoi(((const struct qcount *)a)->id) - atoi(((const struct qcount *)b)->id);
}

/* Feed a facet callback from the gathered question counts: the sections (in order) or the first questions. */
static void facet_from_questions(const struct qcounts *qc, bool sections, int (*cb)(const char *, const char *, long, void *), void *ctx)
{
    if (!sections) {
        for (size_t i = 0; i < qc->n && i < QUESTION_FACET_SHOWN; i++)
            if (cb(qc->v[i].id, qc->v[i].id, qc->v[i].n, ctx)) break;
        return;
    }
    struct qcount sec[32];
    const char *title[32];
    size_t ns = 0;
    for (size_t i = 0; i < qc->n; i++) {
        const struct template_question *tq = newest_question(qc->v[i].id);
        if (!tq || !tq->section_id) continue;
        size_t j = 0;
        while (j < ns && strcmp(sec[j].id, tq->section_id) != 0) j++;
        if (j == ns) {
            if (ns == 32) continue;
            snprintf(sec[ns].id, sizeof sec[ns].id, "%s", tq->section_id);
            sec[ns].n = 0;
            title[ns++] = tq->section_title;
        }
        sec[j].n += qc->v[i].n;
    }
    size_t order[32];
    for (size_t i = 0; i < ns; i++) order[i] = i;
    for (size_t i = 1; i < ns; i++)                      /* insertion sort by section number */
        for (size_t j = i; j > 0 && cmp_section(&sec[order[j - 1]], &sec[order[j]]) > 0; j--) {
            size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
    for (size_t i = 0; i < ns; i++) {
        char label[200];
        snprintf(label, sizeof label, "%s. %s", sec[order[i]].id, i18n_template(title[order[i]]));
        if (cb(sec[order[i]].id, label, sec[order[i]].n, ctx)) break;
    }
}

struct facet_ctx { struct buf *b; struct http_request *req; const char *facet; struct jsonw *w; };

/* How many bytes of s to keep to show at most n bytes without splitting a UTF-8 character. */
static size_t text_cut(const char *s, size_t n)
{
    size_t len = strlen(s);
    if (len <= n) return len;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/* The current URL with facet=value set (and the page reset). */
static void facet_href(struct buf *b, struct http_request *req, const char *facet, const char *value)
{
    HTML_LIT(b, "/search?");
    for (size_t i = 0; i < req->query.n; i++) {
        const char *k = req->query.v[i].name;
        if (strcmp(k, facet) == 0 || strcmp(k, "page") == 0) continue;
        if (strcmp(facet, "question") == 0 && strcmp(k, "answer") == 0) continue;   /* an answer belongs to its question */
        html_urlpart(b, k);
        HTML_LIT(b, "=");
        html_urlpart(b, req->query.v[i].value);
        HTML_LIT(b, "&amp;");
    }
    html_urlpart(b, facet);
    HTML_LIT(b, "=");
    html_urlpart(b, value);
}

static int facet_item(const char *value, const char *label, long count, void *ctx)
{
    struct facet_ctx *fc = ctx;
    if (!value) return 0;
    char qlabel[200];
    if (strcmp(fc->facet, "question") == 0) {
        /* a question id: its number and text in the page's language, from the newest template that has it
           (a question merged away, such as challenges.obstacles in 2026, is still named, never shown as an id) */
        const struct template_question *tq = newest_question(value);
        if (tq) {
            const char *text = i18n_template(tq->text);
            size_t cut = text_cut(text, 150);
            snprintf(qlabel, sizeof qlabel, "%s%s%.*s%s", tq->number ? tq->number : "", tq->number ? " " : "", (int)cut, text,
                     text[cut] ? "…" : "");
            label = qlabel;
        }
    }
    if (fc->w) {
        jsonw_obj(fc->w);
        jsonw_kstr(fc->w, "value", value);
        jsonw_kstr(fc->w, "label", label ? label : value);
        jsonw_kint(fc->w, "count", count);
        jsonw_obj_end(fc->w);
        return 0;
    }
    struct buf *b = fc->b;
    const char *param = strcmp(fc->facet, "subregion") == 0 ? "region" : fc->facet;   /* region= takes any M49 level */
    const char *current = http_query(fc->req, param);
    HTML_LIT(b, "<li><a href=\"");
    facet_href(b, fc->req, param, value);
    HTML_LIT(b, "\"");
    if (current && strcmp(current, value) == 0) HTML_LIT(b, " aria-current=\"true\"");
    HTML_LIT(b, ">");
    html_text(b, label ? label : value);
    HTML_LIT(b, "</a> <span class=\"count\">");
    html_int(b, count);
    HTML_LIT(b, "</span></li>");
    return 0;
}

/* ---- the answer facet: shown once a question is chosen ---- */

#define ANSWER_VALUES_MAX 64
struct answer_count { char value[104]; const char *label; long count; };
struct answer_counts { struct answer_count a[ANSWER_VALUES_MAX]; int n; };

static int answer_count_cb(const char *value, const char *label, long count, void *ctx)
{
    (void)label;
    struct answer_counts *ac = ctx;
    if (!value) return 0;
    for (int i = 0; i < ac->n; i++)
        if (strcmp(ac->a[i].value, value) == 0) { ac->a[i].count = count; return 0; }
    if (ac->n == ANSWER_VALUES_MAX || strlen(value) >= sizeof ac->a[0].value) return 0;
    snprintf(ac->a[ac->n].value, sizeof ac->a[0].value, "%s", value);
    ac->a[ac->n].label = NULL;
    ac->a[ac->n++].count = count;
    return 0;
}

/*
 * How many matching answers gave each value of the chosen question, in the template's order
 * (the filtered cycle's template, for its option labels), values outside it after.  The answer
 * filter itself is left out of these counts, so every value stays in view.  false when the
 * question offers no values to count.
 */
static bool answer_counts(struct app *app, const char *fts, const struct store_search_filter *f, struct answer_counts *ac)
{
    ac->n = 0;
    const struct template_question *tq = f->question ? filter_question(f) : NULL;
    const char *vals[ANSWER_VALUES_MAX];
    size_t n = answer_values(tq, vals, ANSWER_VALUES_MAX);
    if (!n) return false;
    for (size_t i = 0; i < n; i++) {
        snprintf(ac->a[ac->n].value, sizeof ac->a[0].value, "%s", vals[i]);
        ac->a[ac->n].label = answer_value_label_local(tq, vals[i]);
        ac->a[ac->n++].count = 0;
    }
    struct store_search_filter g = *f;
    g.answer = NULL;
    store_search_facet(app->store, fts, &g, "answer", answer_count_cb, ac);
    for (int i = 0; i < ac->n; i++)
        if (!ac->a[i].label) ac->a[i].label = ac->a[i].value;
    return true;
}

static void answer_facet_html(struct app *app, struct http_request *req, struct buf *b, const char *fts, const struct store_search_filter *f)
{
    struct answer_counts ac;
    if (!answer_counts(app, fts, f, &ac)) return;
    HTML_LIT(b, "<h2>");
    html_text(b, _("Answer"));
    HTML_LIT(b, "</h2><ul>");
    for (int i = 0; i < ac.n; i++) {
        HTML_LIT(b, "<li>");
        if (ac.a[i].count) {
            HTML_LIT(b, "<a href=\"");
            facet_href(b, req, "answer", ac.a[i].value);
            HTML_LIT(b, "\"");
            if (f->answer && strcmp(f->answer, ac.a[i].value) == 0) HTML_LIT(b, " aria-current=\"true\"");
            HTML_LIT(b, ">");
            html_text(b, ac.a[i].label);
            HTML_LIT(b, "</a>");
        } else {
            html_text(b, ac.a[i].label);
        }
        HTML_LIT(b, " <span class=\"count\">");
        html_int(b, ac.a[i].count);
        HTML_LIT(b, "</span></li>");
    }
    HTML_LIT(b, "</ul>");
}

static void answer_facet_json(struct app *app, struct jsonw *w, const char *fts, const struct store_search_filter *f)
{
    struct answer_counts ac;
    if (!answer_counts(app, fts, f, &ac)) return;
    jsonw_key(w, "answer");
    jsonw_arr(w);
    for (int i = 0; i < ac.n; i++) {
        jsonw_obj(w);
        jsonw_kstr(w, "value", ac.a[i].value);
        jsonw_kstr(w, "label", ac.a[i].label);
        jsonw_kint(w, "count", ac.a[i].count);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}

static void facets_html(struct app *app, struct http_request *req, struct buf *b, const char *fts, const struct store_search_filter *f)
{
    const char *titles[] = { _("Cycle"), _("Region"), _("Subregion"), _("UN regional group"), _("Section"), _("Question") };
    HTML_LIT(b, "<aside class=\"facets\" aria-label=\"");
    html_text(b, _("Narrow the results"));
    HTML_LIT(b, "\">");
    struct qcounts qc = { 0 };
    store_search_facet(app->store, fts, f, "question", qcount_cb, &qc);
    for (size_t i = 0; i < NFACETS; i++) {
        HTML_LIT(b, "<h2>");
        html_text(b, titles[i]);
        HTML_LIT(b, "</h2><ul>");
        struct facet_ctx fc = { b, req, FACETS[i], NULL };
        if (strcmp(FACETS[i], "section") == 0 || strcmp(FACETS[i], "question") == 0)
            facet_from_questions(&qc, FACETS[i][1] == 'e', facet_item, &fc);
        else
            store_search_facet(app->store, fts, f, FACETS[i], facet_item, &fc);
        HTML_LIT(b, "</ul>");
        if (strcmp(FACETS[i], "question") == 0) answer_facet_html(app, req, b, fts, f);
    }
    free(qc.v);
    HTML_LIT(b, "<p><a href=\"/search?q=");
    html_urlpart(b, http_query(req, "q") ? http_query(req, "q") : "");
    HTML_LIT(b, "\">");
    html_text(b, _("Clear the filters"));
    HTML_LIT(b, "</a></p></aside>\n");
}

static int table_hit(const struct store_hit *h, void *ctx)
{
    struct { struct app *app; struct table *t; } *tc = ctx;
    struct rep r = { "", 0, false };
    store_report_get(tc->app->store, h->report_id, false, rep_cb, &r);
    struct buf plain = BUF_INIT;
    snippet_plain(&plain, h->snippet ? h->snippet : "");
    table_int(tc->t, h->report_id);
    table_text(tc->t, r.iso3);
    table_int(tc->t, r.cycle);
    table_bool(tc->t, r.synthetic);
    table_text(tc->t, h->question);
    table_text(tc->t, buf_cstr(&plain));
    buf_cleanup(&plain);
    return 0;
}

static void hits_free(struct hits *hs)
{
    for (int i = 0; i < hs->n; i++) free(hs->h[i].snippet);
}

/* The hidden fields that keep the chosen filters when the text changes. */
static void filter_fields(struct buf *b, struct http_request *req)
{
    static const char *const KEEP[] = { "cycle", "region", "group", "question", "answer" };
    for (size_t i = 0; i < sizeof KEEP / sizeof KEEP[0]; i++) {
        const char *v = http_query(req, KEEP[i]);
        if (!v || !*v) continue;
        HTML_LIT(b, "<input type=\"hidden\" name=\"");
        html_text(b, KEEP[i]);
        HTML_LIT(b, "\" value=\"");
        html_text(b, v);
        HTML_LIT(b, "\">");
    }
}

void page_search(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    if (!q) q = "";
    const char *question = http_query(req, "question"), *answer = http_query(req, "answer");
    bool browse = !*q && question && *question;   /* no text: every answer to the chosen question */
    int page;
    if (page_number(req, &page) < 0) { web_error(req, res, 400, _("page: a number from 1 to 500")); return; }
    struct hits hs = { .n = 0 };
    long total = 0;
    char msg[200] = "", notice[300] = "";
    int st = *q || browse ? run(app, req, q, page, &hs, &total, msg, sizeof msg, notice, sizeof notice, true) : 0;
    if (st == 500) { hits_free(&hs); web_error(req, res, 500, msg); return; }
    if (st) res->status = st;
    if (!st && answer && *answer && (!question || !*question))
        snprintf(notice, sizeof notice, "%s", _("The answer filter was left out: it needs a question (choose one under \"Question\")."));
    page_begin(req, res, _("Search the reports"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Search the national reports"));
    HTML_LIT(b, "</h1>\n<form method=\"get\" action=\"/search\" role=\"search\" class=\"filters\"><div><label for=\"q\">");
    html_text(b, _("Words or \"a phrase\"; end a word with * to match its beginning"));
    HTML_LIT(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"1000\" value=\"");
    html_text(b, q);
    HTML_LIT(b, "\"");
    if (st) HTML_LIT(b, " aria-invalid=\"true\" aria-describedby=\"q-error\"");
    HTML_LIT(b, ">");
    filter_fields(b, req);
    HTML_LIT(b, "</div><div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Search"));
    HTML_LIT(b, "</button></div></form>\n");
    if (notice[0]) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, notice);
        HTML_LIT(b, "</p>\n");
    }
    if (st) {
        HTML_LIT(b, "<p class=\"error\" id=\"q-error\">");
        html_text(b, msg);
        HTML_LIT(b, "</p>\n");
    } else if (*q || browse) {
        HTML_LIT(b, "<p role=\"status\" class=\"count\">");
        html_textf(b, _("%ld answers in published reports"), total);
        HTML_LIT(b, "</p>\n");
        if (total > STORE_SEARCH_RANK_MAX) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_textf(b, _("More than %d answers match: they are shown newest first. Add words or choose a filter to rank them by relevance."),
                       STORE_SEARCH_RANK_MAX);
            HTML_LIT(b, "</p>\n");
        }
        table_links(b, req, "/search");
        HTML_LIT(b, "<div class=\"search-cols\">");
        {
            struct store_search_filter f;
            char m2[200];
            struct buf fts = BUF_INIT;
            if (read_filter(app, req, &f, true, m2, sizeof m2) == 0 && (browse || store_search_quote(q, &fts) == 0)) {
                f.lang = i18n_lang();   /* region and group names in the page's language */
                facets_html(app, req, b, buf_cstr(&fts), &f);
            }
            buf_cleanup(&fts);
        }
        HTML_LIT(b, "<ol class=\"hits\">\n");
        const struct template *t;
        for (int i = 0; i < hs.n; i++) {
            struct rep r = { "", 0, false };
            store_report_get(app->store, hs.h[i].report_id, false, rep_cb, &r);
            char name[160] = "";
            store_state_get(app->store, r.iso3, i18n_lang(), name_cb, name);
            t = template_get(r.cycle);
            const struct template_question *tq = template_question(t, hs.h[i].question);
            HTML_LIT(b, "<li><p><a href=\"/reports/");
            html_int(b, hs.h[i].report_id);
            HTML_LIT(b, "#q-");
            html_text(b, hs.h[i].question);
            HTML_LIT(b, "\">");
            html_text(b, name);
            HTML_LIT(b, " ");
            html_int(b, r.cycle);
            HTML_LIT(b, " — ");
            html_text(b, tq && tq->number ? tq->number : hs.h[i].question);
            HTML_LIT(b, "</a>");
            if (r.synthetic) { HTML_LIT(b, " <span class=\"tag\">"); html_text(b, _("synthetic")); HTML_LIT(b, "</span>"); }
            HTML_LIT(b, "</p>");
            if (tq) { HTML_LIT(b, "<p class=\"hint\">"); html_text(b, i18n_template(tq->text)); HTML_LIT(b, "</p>"); }
            const char *one[1];
            if (browse && answer_values(tq, one, 1) && strcmp(answer_value_label(tq, hs.h[i].snippet), hs.h[i].snippet) != 0) {
                HTML_LIT(b, "<p>");   /* "no" -> "No", an option id -> its label, in the page's language */
                html_text(b, answer_value_label_local(tq, hs.h[i].snippet));
            } else {
                HTML_LIT(b, "<p lang=\"");   /* dir="auto": an English excerpt keeps its order in an Arabic page */
                html_text(b, hs.h[i].lang[0] ? hs.h[i].lang : "en");
                HTML_LIT(b, "\" dir=\"auto\">");
                snippet_html(b, hs.h[i].snippet);
            }
            HTML_LIT(b, "</p></li>\n");
        }
        HTML_LIT(b, "</ol></div>\n");
        if (total > (long)page * SEARCH_PAGE || page > 1) {
            HTML_LIT(b, "<nav aria-label=\"");
            html_text(b, _("Pages"));
            HTML_LIT(b, "\" class=\"pager\">");
            if (page > 1) {
                char pn[16];
                snprintf(pn, sizeof pn, "%d", page - 1);
                HTML_LIT(b, "<a href=\"");
                facet_href(b, req, "page", pn);
                HTML_LIT(b, "\">");
                html_text(b, _("Previous"));
                HTML_LIT(b, "</a> ");
            }
            if (total > (long)page * SEARCH_PAGE && page < 500) {
                char pn[16];
                snprintf(pn, sizeof pn, "%d", page + 1);
                HTML_LIT(b, "<a href=\"");
                facet_href(b, req, "page", pn);
                HTML_LIT(b, "\">");
                html_text(b, _("Next"));
                HTML_LIT(b, "</a>");
            }
            HTML_LIT(b, "</nav>\n");
        }
    }
    hits_free(&hs);
    page_end(req, res);
}

void api_search(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    const char *question = http_query(req, "question");
    const char *answer = http_query(req, "answer");
    int page;
    if (answer && *answer && (!question || !*question)) {
        web_error(req, res, 400, "answer: give question too (question=coord.nap&answer=no); an answer filters the answers to one question");
        return;
    }
    if ((!q || !*q) && (!question || !*question)) { web_error(req, res, 400, "q: the words to search for (or question: a question id, to list its answers)"); return; }
    if (!q) q = "";
    if (page_number(req, &page) < 0) { web_error(req, res, 400, "page: a number from 1 to 500"); return; }
    struct hits hs = { .n = 0 };
    long total = 0;
    char msg[200], notice[300] = "";
    int st = run(app, req, q, page, &hs, &total, msg, sizeof msg, notice, sizeof notice, false);
    if (st) { hits_free(&hs); web_error(req, res, st, msg); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    if (notice[0]) jsonw_kstr(&w, "notice", notice);
    jsonw_kint(&w, "total", total);
    jsonw_kstr(&w, "order", total > STORE_SEARCH_RANK_MAX ? "newest" : "relevance");
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "per_page", SEARCH_PAGE);
    jsonw_key(&w, "results");
    jsonw_arr(&w);
    for (int i = 0; i < hs.n; i++) {
        struct rep r = { "", 0, false };
        store_report_get(app->store, hs.h[i].report_id, false, rep_cb, &r);
        struct buf plain = BUF_INIT;
        snippet_plain(&plain, hs.h[i].snippet);
        struct buf marked = BUF_INIT;
        snippet_html(&marked, hs.h[i].snippet);
        jsonw_obj(&w);
        jsonw_kint(&w, "report", hs.h[i].report_id);
        jsonw_kint(&w, "version", hs.h[i].version);
        jsonw_kstr(&w, "state", r.iso3);
        jsonw_kint(&w, "cycle", r.cycle);
        jsonw_kbool(&w, "synthetic", r.synthetic);
        jsonw_kstr(&w, "question", hs.h[i].question);
        jsonw_kstr(&w, "snippet", buf_cstr(&plain));
        jsonw_kstr(&w, "snippet_html", buf_cstr(&marked));
        char url[128];
        snprintf(url, sizeof url, "/reports/%lld#q-%s", hs.h[i].report_id, hs.h[i].question);
        jsonw_kstr(&w, "url", url);
        jsonw_obj_end(&w);
        buf_cleanup(&plain);
        buf_cleanup(&marked);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "facets");
    jsonw_obj(&w);
    struct store_search_filter f;
    struct buf fts = BUF_INIT;
    if (read_filter(app, req, &f, false, msg, sizeof msg) == 0 && (!*q || store_search_quote(q, &fts) == 0)) {
        struct qcounts qc = { 0 };
        store_search_facet(app->store, buf_cstr(&fts), &f, "question", qcount_cb, &qc);
        for (size_t i = 0; i < NFACETS; i++) {
            jsonw_key(&w, FACETS[i]);
            jsonw_arr(&w);
            struct facet_ctx fc = { NULL, req, FACETS[i], &w };
            if (strcmp(FACETS[i], "section") == 0 || strcmp(FACETS[i], "question") == 0)
                facet_from_questions(&qc, FACETS[i][1] == 'e', facet_item, &fc);
            else
                store_search_facet(app->store, buf_cstr(&fts), &f, FACETS[i], facet_item, &fc);
            jsonw_arr_end(&w);
        }
        free(qc.v);
        answer_facet_json(app, &w, buf_cstr(&fts), &f);
    }
    buf_cleanup(&fts);
    jsonw_obj_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    hits_free(&hs);
}

/* GET /search.csv, .xlsx, .json?q=...: the matching answers (up to SEARCH_DOWNLOAD_MAX), best first. */
void page_search_download(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    const char *question = http_query(req, "question");
    if ((!q || !*q) && (!question || !*question)) { web_error(req, res, 400, _("Type one or more words to search for.")); return; }
    if (!q) q = "";
    struct store_search_filter f;
    char msg[200], notice[300];
    int st = read_filter(app, req, &f, false, msg, sizeof msg);
    if (!st && filter_notice(&f, notice, sizeof notice)) f.cycle = -1;   /* nothing can match: an empty file */
    struct buf fts = BUF_INIT;
    if (!st && *q && (strlen(q) > SEARCH_MAX_Q || store_search_quote(q, &fts) < 0)) {
        st = 400;
        snprintf(msg, sizeof msg, "%s", _("Type one or more words to search for."));
    }
    long total = 0;
    if (!st && store_search_filtered(app->store, buf_cstr(&fts), &f, 0, 0, NULL, NULL, &total) < 0) {
        st = 400;
        snprintf(msg, sizeof msg, "%s", _("This search could not be understood; try plain words."));
    }
    if (st) { buf_cleanup(&fts); web_error(req, res, st, msg); return; }
    const struct table_col cols[] = {
        { "report", _("Report"), 0, 0 }, { "state", _("State"), 0, 0 }, { "cycle", _("Cycle"), 0, 0 }, { "synthetic", _("Synthetic"), 0, 0 },
        { "question", _("Question"), 0, 0 }, { "excerpt", _("Excerpt"), 0, 0 },
    };
    struct table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    struct { struct app *app; struct table *t; } tc = { app, &t };
    store_search_filtered(app->store, buf_cstr(&fts), &f, SEARCH_DOWNLOAD_MAX, 0, table_hit, &tc, NULL);
    buf_cleanup(&fts);
    table_send(&t, table_format_split(req->path, NULL), "poaiss-search", req, res);
    table_cleanup(&t);
}

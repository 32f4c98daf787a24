/*
 * search: full-text search over published reports, as a page (/search), as downloads
 * (/search.csv, .xlsx, .json) and as JSON (/api/v1/search).  The domain (domain/search.h)
 * checks what was asked, runs the search and counts the facets before anything is written;
 * this file only renders its result.  Snippets are escaped here and only then are the match
 * markers made into <mark>.  The downloads and the API's results are one table description
 * (search_table), so they agree row for row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/answer.h"
#include "domain/search.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/table_export.h"
#include "web/web.h"

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


/* The request's search as the domain takes it (the text and the filters, as typed). */
static struct search_request request_of(struct http_request *req)
{
    return (struct search_request){
        .q = http_query(req, "q"), .cycle = http_query(req, "cycle"), .region = http_query(req, "region"),
        .group = http_query(req, "group"), .section = http_query(req, "section"), .question = http_query(req, "question"),
        .answer = http_query(req, "answer"),
    };
}

static int page_number(struct http_request *req, int *page)
{
    const char *p = http_query(req, "page");
    *page = 1;
    if (!p || !*p) return 0;
    char *end;
    long v = strtol(p, &end, 10);
    if (*end || v < 1 || v > SEARCH_PAGES_MAX) return -1;
    *page = (int)v;
    return 0;
}

/* The notice in the asker's language, or NULL. */
static const char *notice_text(struct http_request *req, const struct search_result *r)
{
    const struct template_question *tq = r->question;
    const char *num = tq ? (tq->number ? tq->number : tq->id) : "";
    switch (r->notice) {
    case SEARCH_NOTICE_NONE: return NULL;
    case SEARCH_NOTICE_NO_QUESTION: return _("There is no such question in the reporting templates.");
    case SEARCH_NOTICE_NOT_CHOICE:
        return arena_printf(&req->arena, _("Question %s is not a yes/no or multiple-choice question: its answers cannot be filtered by value."), num);
    case SEARCH_NOTICE_NOT_AN_ANSWER:
        return arena_printf(&req->arena, _("\"%.100s\" is not one of the answers to question %s, so no answer matches."),
                            r->answer ? r->answer : "", num);
    }
    return NULL;
}

/* A facet value's label in the page's language: a question's number and text (cut), a section's number and title. */
static const char *count_label(struct http_request *req, enum search_facet_kind k, const struct search_count *c)
{
    if (k == SEARCH_FACET_QUESTION && c->q) {
        const char *text = i18n_template(c->q->text);
        size_t cut = text_cut(text, 150);
        return arena_printf(&req->arena, "%s%s%.*s%s", c->q->number ? c->q->number : "", c->q->number ? " " : "", (int)cut, text,
                            text[cut] ? "…" : "");
    }
    if (k == SEARCH_FACET_SECTION && c->label) return arena_printf(&req->arena, "%s. %s", c->value, i18n_template(c->label));
    return c->label ? c->label : c->value;
}

static void facet_item_html(struct buf *b, struct http_request *req, const char *param, const char *value, const char *label,
                            long count)
{
    const char *current = http_query(req, param);
    HTML_LIT(b, "<li><a href=\"");
    facet_href(b, req, param, value);
    HTML_LIT(b, "\"");
    if (current && strcmp(current, value) == 0) HTML_LIT(b, " aria-current=\"true\"");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</a> <span class=\"count\">");
    html_int(b, count);
    HTML_LIT(b, "</span></li>");
}

/* Once a question is chosen: how many matching answers gave each of its values (labels in the page's language). */
static void answer_facet_html(struct buf *b, struct http_request *req, const struct search_result *r)
{
    if (!r->has_answers) return;
    HTML_LIT(b, "<h2>");
    html_text(b, _("Answer"));
    HTML_LIT(b, "</h2><ul>");
    for (size_t i = 0; i < r->answers.n; i++) {
        const struct search_count *c = &r->answers.v[i];
        const char *label = answer_value_label_local(r->question, c->value);   /* the page's language */
        HTML_LIT(b, "<li>");
        if (c->count) {
            HTML_LIT(b, "<a href=\"");
            facet_href(b, req, "answer", c->value);
            HTML_LIT(b, "\"");
            if (r->answer && strcmp(r->answer, c->value) == 0) HTML_LIT(b, " aria-current=\"true\"");
            HTML_LIT(b, ">");
            html_text(b, label);
            HTML_LIT(b, "</a>");
        } else {
            html_text(b, label);
        }
        HTML_LIT(b, " <span class=\"count\">");
        html_int(b, c->count);
        HTML_LIT(b, "</span></li>");
    }
    HTML_LIT(b, "</ul>");
}

static void facets_html(struct buf *b, struct http_request *req, const struct search_result *r)
{
    const char *titles[SEARCH_NFACETS] = { _("Cycle"), _("Region"), _("Subregion"), _("UN regional group"), _("Section"), _("Question") };
    HTML_LIT(b, "<aside class=\"facets\" aria-label=\"");
    html_text(b, _("Narrow the results"));
    HTML_LIT(b, "\">");
    for (int k = 0; k < SEARCH_NFACETS; k++) {
        HTML_LIT(b, "<h2>");
        html_text(b, titles[k]);
        HTML_LIT(b, "</h2><ul>");
        /* region= takes any M49 level: a subregion is chosen as a region */
        const char *param = k == SEARCH_FACET_SUBREGION ? "region" : search_facet_name(k);
        for (size_t i = 0; i < r->facets[k].n; i++) {
            const struct search_count *c = &r->facets[k].v[i];
            facet_item_html(b, req, param, c->value, count_label(req, k, c), c->count);
        }
        HTML_LIT(b, "</ul>");
        if (k == SEARCH_FACET_QUESTION) answer_facet_html(b, req, r);
    }
    HTML_LIT(b, "<p><a href=\"/search?q=");
    html_urlpart(b, http_query(req, "q") ? http_query(req, "q") : "");
    HTML_LIT(b, "\">");
    html_text(b, _("Clear the filters"));
    HTML_LIT(b, "</a></p></aside>\n");
}

static void hit_html(struct buf *b, const struct search_hit *h, bool browse)
{
    const struct template_question *tq = h->q;
    HTML_LIT(b, "<li><p><a href=\"/reports/");
    html_int(b, h->report);
    HTML_LIT(b, "#q-");
    html_text(b, h->question);
    HTML_LIT(b, "\">");
    html_text(b, h->name);
    HTML_LIT(b, " ");
    html_int(b, h->cycle);
    HTML_LIT(b, " — ");
    html_text(b, tq && tq->number ? tq->number : h->question);
    HTML_LIT(b, "</a>");
    if (h->synthetic) { HTML_LIT(b, " <span class=\"tag\">"); html_text(b, _("synthetic")); HTML_LIT(b, "</span>"); }
    HTML_LIT(b, "</p>");
    if (tq) { HTML_LIT(b, "<p class=\"hint\">"); html_text(b, i18n_template(tq->text)); HTML_LIT(b, "</p>"); }
    const char *one[1];
    if (browse && answer_values(tq, one, 1) && strcmp(answer_value_label(tq, h->snippet), h->snippet) != 0) {
        HTML_LIT(b, "<p>");   /* "no" -> "No", an option id -> its label, in the page's language */
        html_text(b, answer_value_label_local(tq, h->snippet));
    } else {
        HTML_LIT(b, "<p lang=\"");   /* dir="auto": an English excerpt keeps its order in an Arabic page */
        html_text(b, h->lang ? h->lang : "en");
        HTML_LIT(b, "\" dir=\"auto\">");
        snippet_html(b, h->snippet);
    }
    HTML_LIT(b, "</p></li>\n");
}

static void pager_html(struct buf *b, struct http_request *req, int page, long total)
{
    if (total <= (long)page * SEARCH_PAGE_SIZE && page <= 1) return;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Pages"));
    HTML_LIT(b, "\" class=\"pager\">");
    if (page > 1) {
        HTML_LIT(b, "<a href=\"");
        facet_href(b, req, "page", arena_printf(&req->arena, "%d", page - 1));
        HTML_LIT(b, "\">");
        html_text(b, _("Previous"));
        HTML_LIT(b, "</a> ");
    }
    if (total > (long)page * SEARCH_PAGE_SIZE && page < SEARCH_PAGES_MAX) {
        HTML_LIT(b, "<a href=\"");
        facet_href(b, req, "page", arena_printf(&req->arena, "%d", page + 1));
        HTML_LIT(b, "\">");
        html_text(b, _("Next"));
        HTML_LIT(b, "</a>");
    }
    HTML_LIT(b, "</nav>\n");
}

void page_search(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    if (!q) q = "";
    const char *question = http_query(req, "question"), *answer = http_query(req, "answer");
    bool browse = !*q && question && *question;   /* no text: every answer to the chosen question */
    int page;
    if (page_number(req, &page) < 0) { web_error(req, res, 400, _("page: a number from 1 to 500")); return; }
    struct search_request rq = request_of(req);
    rq.offset = (size_t)(page - 1) * SEARCH_PAGE_SIZE;
    rq.limit = SEARCH_PAGE_SIZE;
    rq.lenient = rq.facets = rq.names = true;
    struct search_result r = { 0 };
    struct err e = ERR_NONE;
    bool searched = *q || browse, failed = false;
    if (searched && search_run(app->store, &req->arena, &rq, i18n_lang(), &r, &e) < 0) {
        if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
        failed = true;   /* the form again, with what is wrong */
        res->status = 400;
    }
    const char *notice = searched && !failed ? notice_text(req, &r) : NULL;
    if (!failed && answer && *answer && (!question || !*question))
        notice = _("The answer filter was left out: it needs a question (choose one under \"Question\").");
    page_begin(req, res, _("Search the reports"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Search the national reports"));
    HTML_LIT(b, "</h1>\n<form method=\"get\" action=\"/search\" role=\"search\" class=\"filters\"><div><label for=\"q\">");
    html_text(b, _("Words or \"a phrase\"; end a word with * to match its beginning"));
    HTML_LIT(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"1000\" value=\"");
    html_text(b, q);
    HTML_LIT(b, "\"");
    if (failed) HTML_LIT(b, " aria-invalid=\"true\" aria-describedby=\"q-error\"");
    HTML_LIT(b, ">");
    filter_fields(b, req);
    HTML_LIT(b, "</div><div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Search"));
    HTML_LIT(b, "</button></div></form>\n");
    if (notice) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, notice);
        HTML_LIT(b, "</p>\n");
    }
    if (failed) {
        HTML_LIT(b, "<p class=\"error\" id=\"q-error\">");
        html_text(b, web_err_message(req, &e));
        HTML_LIT(b, "</p>\n");
    } else if (searched) {
        HTML_LIT(b, "<p role=\"status\" class=\"count\">");
        html_textf(b, _("%ld answers in published reports"), r.total);
        HTML_LIT(b, "</p>\n");
        if (r.newest) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_textf(b, _("More than %d answers match: they are shown newest first. Add words or choose a filter to rank them by relevance."),
                       SEARCH_RANK_MAX);
            HTML_LIT(b, "</p>\n");
        }
        table_links(b, req, "/search");
        HTML_LIT(b, "<div class=\"search-cols\">");
        facets_html(b, req, &r);
        HTML_LIT(b, "<ol class=\"hits\">\n");
        for (size_t i = 0; i < r.nhits; i++) hit_html(b, &r.hits[i], browse);
        HTML_LIT(b, "</ol></div>\n");
        pager_html(b, req, page, r.total);
    }
    page_end(req, res);
}

/*
 * The matching answers as a table: one description for the downloads (every match up to
 * SEARCH_DOWNLOAD_MAX) and the API's results (one page of them), so they agree row for row.
 * The API adds to each row the version, the answer's address and the excerpt again, plain and
 * with its matches marked (snippet, snippet_html).
 */
static void search_table(struct table *t, struct arena *a, const struct search_result *r)
{
    static const struct table_col tpl[] = {
        { "report", N_("Report"), 0, 0 }, { "state", N_("State"), 0, 0 }, { "cycle", N_("Cycle"), 0, 0 },
        { "synthetic", N_("Synthetic"), 0, 0 }, { "question", N_("Question"), 0, 0 }, { "excerpt", N_("Excerpt"), 0, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    for (size_t i = 0; i < N; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    table_init(t, cols, N);
    for (size_t i = 0; i < r->nhits; i++) {
        const struct search_hit *h = &r->hits[i];
        table_int(t, h->report);
        table_text(t, h->iso3);
        table_int(t, h->cycle);
        table_bool(t, h->synthetic);
        table_text(t, h->question);
        table_text(t, search_snippet_plain(a, h->snippet));
    }
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
    if (page_number(req, &page) < 0) { web_error(req, res, 400, "page: a number from 1 to 500"); return; }
    struct search_request rq = request_of(req);
    rq.offset = (size_t)(page - 1) * SEARCH_PAGE_SIZE;
    rq.limit = SEARCH_PAGE_SIZE;
    rq.facets = true;
    struct search_result r;
    struct err e = ERR_NONE;
    if (search_run(app->store, &req->arena, &rq, "en", &r, &e) < 0) { web_fail(req, res, &e); return; }
    const char *notice = notice_text(req, &r);
    struct table t;
    search_table(&t, &req->arena, &r);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    if (notice) jsonw_kstr(&w, "notice", notice);
    jsonw_kint(&w, "total", r.total);
    jsonw_kstr(&w, "order", r.newest ? "newest" : "relevance");
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "per_page", SEARCH_PAGE_SIZE);
    /* The rows of /search.json (this page of them), each with what only the API gives. */
    jsonw_key(&w, "results");
    jsonw_arr(&w);
    for (size_t i = 0; i < r.nhits; i++) {
        jsonw_obj(&w);
        table_write_json_fields(&t, i, &w);
        jsonw_kint(&w, "version", r.hits[i].version);
        jsonw_kstr(&w, "url", arena_printf(&req->arena, "/reports/%lld#q-%s", r.hits[i].report, r.hits[i].question));
        jsonw_kstr(&w, "snippet", search_snippet_plain(&req->arena, r.hits[i].snippet));
        struct buf marked = BUF_INIT;
        snippet_html(&marked, r.hits[i].snippet);
        jsonw_kstr(&w, "snippet_html", buf_cstr(&marked));
        buf_cleanup(&marked);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    table_cleanup(&t);
    jsonw_key(&w, "facets");
    jsonw_obj(&w);
    for (int k = 0; k < SEARCH_NFACETS; k++) {
        jsonw_key(&w, search_facet_name(k));
        jsonw_arr(&w);
        for (size_t i = 0; i < r.facets[k].n; i++) {
            const struct search_count *c = &r.facets[k].v[i];
            jsonw_obj(&w);
            jsonw_kstr(&w, "value", c->value);
            jsonw_kstr(&w, "label", count_label(req, k, c));
            jsonw_kint(&w, "count", c->count);
            jsonw_obj_end(&w);
        }
        jsonw_arr_end(&w);
    }
    if (r.has_answers) {
        jsonw_key(&w, "answer");
        jsonw_arr(&w);
        for (size_t i = 0; i < r.answers.n; i++) {
            jsonw_obj(&w);
            jsonw_kstr(&w, "value", r.answers.v[i].value);
            jsonw_kstr(&w, "label", answer_value_label_local(r.question, r.answers.v[i].value));
            jsonw_kint(&w, "count", r.answers.v[i].count);
            jsonw_obj_end(&w);
        }
        jsonw_arr_end(&w);
    }
    jsonw_obj_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

/* GET /search.csv, .xlsx, .json?q=...: the matching answers (up to SEARCH_DOWNLOAD_MAX), best first. */
void page_search_download(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    const char *question = http_query(req, "question");
    if ((!q || !*q) && (!question || !*question)) { web_error(req, res, 400, _("Type one or more words to search for.")); return; }
    struct search_request rq = request_of(req);
    rq.limit = SEARCH_DOWNLOAD_MAX;
    struct search_result r;
    struct err e = ERR_NONE;
    if (search_run(app->store, &req->arena, &rq, i18n_lang(), &r, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    search_table(&t, &req->arena, &r);
    table_send(&t, table_format_split(req->path, NULL), "poaiss-search", req, res);
    table_cleanup(&t);
}

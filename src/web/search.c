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

/* The filters that combine with the text; 0 ok, else 400 with msg. */
static int read_filter(struct app *app, struct http_request *req, struct store_search_filter *f, char *msg, size_t msglen)
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
    if (f->region && !*f->region) f->region = NULL;
    if (f->grp && !*f->grp) f->grp = NULL;
    if (f->question && !*f->question) f->question = NULL;
    return 0;
}

/* Run the search; 0 ok, else an HTTP status with msg. */
static int run(struct app *app, struct http_request *req, const char *q, int page, struct hits *hs, long *total,
               char *msg, size_t msglen)
{
    struct store_search_filter f;
    int fst = read_filter(app, req, &f, msg, msglen);
    if (fst) return fst;
    if (strlen(q) > SEARCH_MAX_Q) { snprintf(msg, msglen, "%s", _("The search text is too long (at most 1000 characters).")); return 400; }
    struct buf fts = BUF_INIT;
    if (store_search_quote(q, &fts) < 0) {
        buf_cleanup(&fts);
        snprintf(msg, msglen, "%s", _("Type one or more words to search for."));
        return 400;
    }
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

static const char *const FACETS[] = { "cycle", "region", "group", "question" };

struct facet_ctx { struct buf *b; struct http_request *req; const char *facet; struct jsonw *w; };

/* The current URL with facet=value set (and the page reset). */
static void facet_href(struct buf *b, struct http_request *req, const char *facet, const char *value)
{
    HTML_LIT(b, "/search?");
    for (size_t i = 0; i < req->query.n; i++) {
        const char *k = req->query.v[i].name;
        if (strcmp(k, facet) == 0 || strcmp(k, "page") == 0) continue;
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
    if (strcmp(fc->facet, "question") == 0) {   /* a question id: show its number and text in the current template */
        const struct template_question *tq = template_question(template_get(template_latest_cycle()), value);
        if (tq) {
            snprintf(qlabel, sizeof qlabel, "%s %.150s%s", tq->number ? tq->number : "", tq->text, strlen(tq->text) > 150 ? "…" : "");
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
    const char *current = http_query(fc->req, fc->facet);
    HTML_LIT(b, "<li><a href=\"");
    facet_href(b, fc->req, fc->facet, value);
    HTML_LIT(b, "\"");
    if (current && strcmp(current, value) == 0) HTML_LIT(b, " aria-current=\"true\"");
    HTML_LIT(b, ">");
    html_text(b, label ? label : value);
    HTML_LIT(b, "</a> <span class=\"count\">");
    html_int(b, count);
    HTML_LIT(b, "</span></li>");
    return 0;
}

static void facets_html(struct app *app, struct http_request *req, struct buf *b, const char *fts, const struct store_search_filter *f)
{
    const char *titles[] = { _("Cycle"), _("Region"), _("UN regional group"), _("Question") };
    HTML_LIT(b, "<aside class=\"facets\" aria-label=\"");
    html_text(b, _("Narrow the results"));
    HTML_LIT(b, "\">");
    for (int i = 0; i < 4; i++) {
        HTML_LIT(b, "<h2>");
        html_text(b, titles[i]);
        HTML_LIT(b, "</h2><ul>");
        struct facet_ctx fc = { b, req, FACETS[i], NULL };
        store_search_facet(app->store, fts, f, FACETS[i], facet_item, &fc);
        HTML_LIT(b, "</ul>");
    }
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

void page_search(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "q");
    int page;
    if (page_number(req, &page) < 0) { web_error(req, res, 400, _("page: a number from 1 to 500")); return; }
    struct hits hs = { .n = 0 };
    long total = 0;
    char msg[200] = "";
    int st = q && *q ? run(app, req, q, page, &hs, &total, msg, sizeof msg) : 0;
    if (st == 500) { hits_free(&hs); web_error(req, res, 500, msg); return; }
    if (st) res->status = st;
    page_begin(req, res, _("Search the reports"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Search the national reports"));
    HTML_LIT(b, "</h1>\n<form method=\"get\" action=\"/search\" role=\"search\" class=\"filters\"><div><label for=\"q\">");
    html_text(b, _("Words or \"a phrase\"; end a word with * to match its beginning"));
    HTML_LIT(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"1000\" value=\"");
    html_text(b, q ? q : "");
    HTML_LIT(b, "\"");
    if (st) HTML_LIT(b, " aria-invalid=\"true\" aria-describedby=\"q-error\"");
    HTML_LIT(b, "></div><div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Search"));
    HTML_LIT(b, "</button></div></form>\n");
    if (st) {
        HTML_LIT(b, "<p class=\"error\" id=\"q-error\">");
        html_text(b, msg);
        HTML_LIT(b, "</p>\n");
    } else if (q && *q) {
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
            if (read_filter(app, req, &f, m2, sizeof m2) == 0 && store_search_quote(q, &fts) == 0)
                facets_html(app, req, b, buf_cstr(&fts), &f);
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
            if (tq) { HTML_LIT(b, "<p class=\"hint\">"); html_text(b, tq->text); HTML_LIT(b, "</p>"); }
            HTML_LIT(b, "<p lang=\"");
            html_text(b, hs.h[i].lang[0] ? hs.h[i].lang : "en");
            HTML_LIT(b, "\">");
            snippet_html(b, hs.h[i].snippet);
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
    int page;
    if (!q || !*q) { web_error(req, res, 400, "q: the words to search for"); return; }
    if (page_number(req, &page) < 0) { web_error(req, res, 400, "page: a number from 1 to 500"); return; }
    struct hits hs = { .n = 0 };
    long total = 0;
    char msg[200];
    int st = run(app, req, q, page, &hs, &total, msg, sizeof msg);
    if (st) { hits_free(&hs); web_error(req, res, st, msg); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
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
    if (read_filter(app, req, &f, msg, sizeof msg) == 0 && store_search_quote(q, &fts) == 0) {
        for (int i = 0; i < 4; i++) {
            jsonw_key(&w, FACETS[i]);
            jsonw_arr(&w);
            struct facet_ctx fc = { NULL, req, FACETS[i], &w };
            store_search_facet(app->store, buf_cstr(&fts), &f, FACETS[i], facet_item, &fc);
            jsonw_arr_end(&w);
        }
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
    if (!q || !*q) { web_error(req, res, 400, _("Type one or more words to search for.")); return; }
    struct store_search_filter f;
    char msg[200];
    int st = read_filter(app, req, &f, msg, sizeof msg);
    struct buf fts = BUF_INIT;
    if (!st && (strlen(q) > SEARCH_MAX_Q || store_search_quote(q, &fts) < 0)) {
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
        { "report", _("Report") }, { "state", _("State") }, { "cycle", _("Cycle") }, { "synthetic", _("Synthetic") },
        { "question", _("Question") }, { "excerpt", _("Excerpt") },
    };
    struct table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    struct { struct app *app; struct table *t; } tc = { app, &t };
    store_search_filtered(app->store, buf_cstr(&fts), &f, SEARCH_DOWNLOAD_MAX, 0, table_hit, &tc, NULL);
    buf_cleanup(&fts);
    table_send(&t, table_format_split(req->path, NULL), "poaiss-search", req, res);
    table_cleanup(&t);
}

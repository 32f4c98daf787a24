/*
 * assist_board: the public needs board, /assistance.  The open requests for assistance (open
 * and matched unless a status is asked), narrowed by category, kind, region (M49 continent or
 * subregion) and cycle, the filters combining; beside the list the facets, each value with
 * the number of requests it would show given the other filters.  The list is described once
 * (assist_requests_table) for the page and the /assistance.csv, .xlsx and .json downloads.
 * Only requests from published reports or filed to be seen exist in the domain's lists:
 * nothing of a draft can appear here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/template.h"
#include "web/assist_web.h"

/* The board's filters as asked (checked by the route's declarations). */
struct board_filter { const char *status, *category, *kind, *region, *state; int cycle; };

static struct board_filter board_filter_of(const struct http_request *req)
{
    const struct http_value *c = web_q(req, "cycle");
    return (struct board_filter){ web_q(req, "status")->s, web_q(req, "category")->s, web_q(req, "kind")->s,
                                  web_q(req, "region")->s, web_q(req, "state")->s, c->set ? (int)c->n : 0 };
}

static bool given(const char *s) { return s && *s; }

/* The domain's filter for a board filter; status "" means open and matched, "any" every status. */
static struct assist_request_filter domain_filter(const struct board_filter *f)
{
    struct assist_request_filter df = { .iso3 = given(f->state) ? f->state : NULL,
                                        .category = given(f->category) ? f->category : NULL,
                                        .kind = given(f->kind) ? f->kind : NULL,
                                        .region = given(f->region) ? f->region : NULL,
                                        .cycle = f->cycle, .cost_min = -1, .cost_max = -1 };
    if (!given(f->status)) df.open_only = true;
    else if (strcmp(f->status, "any") != 0) df.status = f->status;
    return df;
}

/* The address of the board with the current filters, key set to value (NULL: removed). */
static void board_href(struct buf *b, const struct board_filter *f, const char *key, const char *value)
{
    const char *keys[] = { "status", "category", "kind", "region", "cycle", "state" };
    char cycle[16] = "";
    if (f->cycle) snprintf(cycle, sizeof cycle, "%d", f->cycle);
    const char *vals[] = { f->status, f->category, f->kind, f->region, cycle, f->state };
    HTML_LIT(b, "/assistance");
    bool first = true;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = strcmp(keys[i], key) == 0 ? value : vals[i];
        if (!given(v)) continue;
        if (first) HTML_LIT(b, "?");
        else HTML_LIT(b, "&amp;");
        first = false;
        html_text(b, keys[i]);
        HTML_LIT(b, "=");
        html_urlpart(b, v);
    }
}

/* One facet value: a link that sets it (or, when chosen, removes it) and its count. */
static void facet_item(struct buf *b, const struct board_filter *f, const char *key, const char *value, const char *label,
                       int count, bool chosen, int indent)
{
    bool ltr = strcmp(key, "cycle") == 0;   /* a year stays left to right in an Arabic page */
    HTML_LIT(b, "<li");
    if (indent == 1) HTML_LIT(b, " class=\"sub\"");
    else if (indent > 1) HTML_LIT(b, " class=\"sub2\"");
    HTML_LIT(b, "><a href=\"");
    board_href(b, f, key, chosen ? NULL : value);
    HTML_LIT(b, "\"");
    if (chosen) HTML_LIT(b, " aria-current=\"true\"");
    HTML_LIT(b, ">");
    if (ltr) i18n_html_ltr(b, label);
    else html_text(b, label);
    if (chosen) {
        HTML_LIT(b, " <span class=\"visually-hidden\">");
        html_text(b, _("(chosen: select to remove)"));
        HTML_LIT(b, "</span>");
    }
    HTML_LIT(b, "</a> <span class=\"count\"><bdi>");
    i18n_html_number(b, count);
    HTML_LIT(b, "</bdi></span></li>");
}

enum facet { F_CATEGORY, F_KIND, F_REGION, F_CYCLE };

/* Does a request pass every filter but the one of facet skip? */
static bool passes(const struct assist_request *q, const struct assist_place *pl, const struct board_filter *f, enum facet skip)
{
    if (skip != F_CATEGORY && given(f->category) && strcmp(q->category, f->category) != 0) return false;
    if (skip != F_KIND && given(f->kind) && (!q->kind || strcmp(q->kind, f->kind) != 0)) return false;
    if (skip != F_CYCLE && f->cycle && q->cycle != f->cycle) return false;
    if (skip != F_REGION && given(f->region)) {
        bool in = (pl->region && strcmp(pl->region, f->region) == 0) || (pl->subregion && strcmp(pl->subregion, f->region) == 0) ||
                  (pl->intermediate && strcmp(pl->intermediate, f->region) == 0);
        if (!in) return false;
    }
    return true;
}

static bool in_region(const struct assist_place *pl, const char *code)
{
    return (pl->region && strcmp(pl->region, code) == 0) || (pl->subregion && strcmp(pl->subregion, code) == 0) ||
           (pl->intermediate && strcmp(pl->intermediate, code) == 0);
}

static int cmp_int_desc(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }

/*
 * The facets, counted over base (the requests of the chosen status and State) and their places.
 * -1 when the regions cannot be read.
 */
static int facets_html(struct app *app, struct http_request *req, struct buf *b, const struct board_filter *f,
                       const struct assist_request *base, const struct assist_place *pl, size_t n)
{
    const char *lang = i18n_lang();
    struct ref_item *regions;
    size_t nr;
    if (ref_regions(app->store, &req->arena, lang, &regions, &nr, NULL) < 0) return -1;
    HTML_LIT(b, "<aside class=\"facets\" aria-label=\"");
    html_text(b, _("Narrow the requests"));
    HTML_LIT(b, "\">");
    json_t *tax = template_taxonomy();
    static const char *const LISTS[2] = { "categories", "kinds" };
    const char *titles[2] = { _("Category"), _("Kind of assistance") };
    for (int k = 0; k < 2; k++) {
        HTML_LIT(b, "<h2>");
        html_text(b, titles[k]);
        HTML_LIT(b, "</h2><ul>");
        json_t *o;
        size_t i;
        json_array_foreach(json_object_get(tax, LISTS[k]), i, o) {
            const char *id = json_string_value(json_object_get(o, "id"));
            int count = 0;
            for (size_t j = 0; j < n; j++) {
                const char *v = k == 0 ? base[j].category : base[j].kind;
                if (v && strcmp(v, id) == 0 && passes(&base[j], &pl[j], f, k == 0 ? F_CATEGORY : F_KIND)) count++;
            }
            const char *chosen = k == 0 ? f->category : f->kind;
            bool is = given(chosen) && strcmp(chosen, id) == 0;
            if (!count && !is) continue;
            facet_item(b, f, k == 0 ? "category" : "kind", id, k == 0 ? assist_category_label(id, lang) : assist_kind_label(id, lang),
                       count, is, 0);
        }
        HTML_LIT(b, "</ul>");
    }
    HTML_LIT(b, "<h2>");
    html_text(b, _("Region"));
    HTML_LIT(b, "</h2><ul>");
    for (size_t i = 0; i < nr; i++) {
        if (regions[i].level < 1 || regions[i].level > 3) continue;   /* continents, subregions, intermediate regions */
        int count = 0;
        for (size_t j = 0; j < n; j++)
            if (in_region(&pl[j], regions[i].code) && passes(&base[j], &pl[j], f, F_REGION)) count++;
        bool is = given(f->region) && strcmp(f->region, regions[i].code) == 0;
        if (!count && !is) continue;
        facet_item(b, f, "region", regions[i].code, regions[i].name, count, is, regions[i].level - 1);
    }
    HTML_LIT(b, "</ul><h2>");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</h2><ul>");
    int *cycles = arena_array(&req->arena, n ? n : 1, sizeof *cycles);
    size_t nc = 0;
    for (size_t j = 0; j < n; j++) {
        bool seen = false;
        for (size_t c = 0; c < nc; c++) seen |= cycles[c] == base[j].cycle;
        if (!seen && base[j].cycle) cycles[nc++] = base[j].cycle;
    }
    qsort(cycles, nc, sizeof *cycles, cmp_int_desc);
    for (size_t c = 0; c < nc; c++) {
        int count = 0;
        for (size_t j = 0; j < n; j++)
            if (base[j].cycle == cycles[c] && passes(&base[j], &pl[j], f, F_CYCLE)) count++;
        char y[16];
        snprintf(y, sizeof y, "%d", cycles[c]);
        if (!count && f->cycle != cycles[c]) continue;
        facet_item(b, f, "cycle", y, y, count, f->cycle == cycles[c], 0);
    }
    HTML_LIT(b, "</ul><p><a href=\"/assistance\">");
    html_text(b, _("Clear the filters"));
    HTML_LIT(b, "</a></p></aside>\n");
    return 0;
}

/* The status filter: a small GET form keeping the other filters. */
static void status_form(struct buf *b, const struct board_filter *f)
{
    static const char *const VALUES[] = { "", "open", "matched", "closed", "withdrawn", "superseded", "any" };
    HTML_LIT(b, "<form method=\"get\" action=\"/assistance\" class=\"filters\">");
    const char *keys[] = { "category", "kind", "region", "state" };
    const char *vals[] = { f->category, f->kind, f->region, f->state };
    for (size_t i = 0; i < 4; i++) {
        if (!given(vals[i])) continue;
        HTML_LIT(b, "<input type=\"hidden\" name=\"");
        html_text(b, keys[i]);
        HTML_LIT(b, "\" value=\"");
        html_text(b, vals[i]);
        HTML_LIT(b, "\">");
    }
    if (f->cycle) { HTML_LIT(b, "<input type=\"hidden\" name=\"cycle\" value=\""); html_int(b, f->cycle); HTML_LIT(b, "\">"); }
    HTML_LIT(b, "<div><label for=\"status\">");
    html_text(b, _("Status"));
    HTML_LIT(b, "</label><select id=\"status\" name=\"status\">");
    for (size_t i = 0; i < sizeof VALUES / sizeof VALUES[0]; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, VALUES[i]);
        HTML_LIT(b, "\"");
        if ((given(f->status) ? f->status : "")[0] == VALUES[i][0] && strcmp(given(f->status) ? f->status : "", VALUES[i]) == 0)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, !*VALUES[i] ? _("Open or matched") : strcmp(VALUES[i], "any") == 0 ? _("Any status")
                                                                                        : assist_status_label(VALUES[i]));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></div></form>\n");
}

static bool status_ok(const char *s)
{
    static const char *const OK[] = { "open", "matched", "closed", "withdrawn", "superseded", "any" };
    if (!given(s)) return true;
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++)
        if (strcmp(OK[i], s) == 0) return true;
    return false;
}

void page_assistance(struct app *app, struct http_request *req, struct http_response *res)
{
    struct board_filter f = board_filter_of(req);
    if (!status_ok(f.status)) {
        web_error(req, res, 400, _("The status is one of open, matched, closed, withdrawn, superseded or any."));
        return;
    }
    struct assist_request_filter df = domain_filter(&f);
    struct assist_request *v;
    size_t n;
    struct err e = ERR_NONE;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    struct assist_place *pl;
    struct principal pub;
    auth_public(&pub);   /* the board and its downloads are the same for everyone (cached) */
    if (assist_requests_list(app->store, a, &pub, lang, &df, &v, &n, &e) < 0 || assist_places(app, req, v, n, &pl, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    struct table t;
    assist_requests_table(&t, v, n, pl);
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, "poaiss-assistance-requests", req, res);
        table_cleanup(&t);
        return;
    }
    /* The facets count over the chosen status and State only; each facet applies the other filters itself. */
    struct assist_request_filter bf = { .iso3 = df.iso3, .status = df.status, .open_only = df.open_only, .cost_min = -1, .cost_max = -1 };
    struct assist_request *base;
    size_t nbase;
    struct assist_place *bpl;
    struct buf facets = BUF_INIT;
    if (assist_requests_list(app->store, a, &pub, lang, &bf, &base, &nbase, &e) < 0 || assist_places(app, req, base, nbase, &bpl, &e) < 0 ||
        facets_html(app, req, &facets, &f, base, bpl, nbase) < 0) {
        buf_cleanup(&facets);
        table_cleanup(&t);
        if (!e.code) e.code = ERR_STORE;
        web_fail(req, res, &e);
        return;
    }
    page_begin(req, res, _("Requests for assistance"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Requests for assistance"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("What States asked for in their published national reports, or filed here, to implement the Programme of Action. Partners who can help mark their interest; the State answers."));
    HTML_LIT(b, "</p>\n");
    if (authz_allowed(req->who, AUTHZ_REQUEST_EDIT, req->who->state_iso3[0] ? req->who->state_iso3 : NULL) &&
        req->who->role != ROLE_PUBLIC) {
        HTML_LIT(b, "<p><a href=\"/assistance/requests/new\">");
        html_text(b, _("File a request for assistance"));
        HTML_LIT(b, "</a></p>\n");
    }
    if (authz_allowed(req->who, AUTHZ_OFFER_MAKE, NULL)) {
        HTML_LIT(b, "<p><a href=\"/assistance/offers/new\">");
        html_text(b, _("Record an offer of assistance"));
        HTML_LIT(b, "</a></p>\n");
    }
    status_form(b, &f);
    HTML_LIT(b, "<div class=\"search-cols\">");
    buf_append(b, facets.data, facets.len);
    buf_cleanup(&facets);
    HTML_LIT(b, "<div>\n<p role=\"status\" class=\"count\">");
    html_textf(b, n == 1 ? _("%d request") : _("%d requests"), (int)n);
    HTML_LIT(b, "</p>\n");
    table_links(b, req, "/assistance");
    if (n) {
        table_html(b, &t, "requests", _("Requests for assistance"), true);
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No request matches these filters."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "</div></div>\n");
    table_cleanup(&t);
    page_end(req, res);
}

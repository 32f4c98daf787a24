/*
 * project_list: the public list of projects, /projects (State, partners, category, budget,
 * period, progress, late reports), filtered by State, partner, status and category, described
 * once as a table for the page and the /projects.csv, .xlsx and .json downloads; and the
 * project sections of other pages: a request's page (its projects, "Start a project" for an
 * accepted interest), a State's page and /account.  The list and its downloads are the same
 * for everyone (cached): they are read as the public, so no financial detail appears unless
 * the parties made it public.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/authz.h"
#include "domain/template.h"
#include "web/project_web.h"

const char *project_status_label(const char *status)
{
    if (!status) return "";
    if (strcmp(status, "active") == 0) return _("Active");
    if (strcmp(status, "completed") == 0) return _("Completed");
    if (strcmp(status, "cancelled") == 0) return _("Cancelled");
    return status;
}

/* The partners' names, separated by commas (arena). */
static const char *partner_names(struct arena *a, const struct project *p)
{
    const char *out = "";
    for (size_t k = 1; k < p->nparties; k++) out = arena_printf(a, "%s%s%s", out, k > 1 ? ", " : "", p->parties[k].name);
    return out;
}

static const char *category_names(struct arena *a, const struct project *p)
{
    const char *out = "";
    for (size_t k = 0; k < p->categories.n; k++)
        out = arena_printf(a, "%s%s%s", out, k ? ", " : "", assist_category_label(p->categories.v[k], i18n_lang()));
    return out;
}

void project_table(struct table *t, const struct project *v, size_t n)
{
    static const struct table_col cols_tpl[] = {
        { "id", N_("Number"), TABLE_COL_NOHTML, 0 },
        { "title", N_("Project"), TABLE_COL_ROWHEAD, 17 },
        { "state", N_("State code"), TABLE_COL_NOHTML, 0 },
        { "state_name", N_("State"), 0, 0 },
        { "partners", N_("Partner codes"), TABLE_COL_NOHTML, 0 },
        { "partner_names", N_("Partners"), 0, 0 },
        { "categories", N_("Category codes"), TABLE_COL_NOHTML, 0 },
        { "category_names", N_("Category"), 0, 0 },
        { "budget", N_("Budget"), TABLE_COL_NUM | TABLE_COL_LTR | TABLE_COL_AMOUNT, 0 },
        { "currency", N_("Currency"), TABLE_COL_LTR, 0 },
        { "period_start", N_("Period start"), TABLE_COL_LTR, 0 },
        { "period_end", N_("Period end"), TABLE_COL_LTR, 0 },
        { "status", N_("Status code"), TABLE_COL_NOHTML, 0 },
        { "status_name", N_("Status"), TABLE_COL_TAG, 0 },
        { "reports", N_("Progress reports"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "late", N_("Late reports"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
        { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    struct arena a = ARENA_INIT;
    for (size_t i = 0; i < n; i++) {
        const struct project *p = &v[i];
        table_int(t, p->id);
        table_text_user(t, NULL, p->title, NULL);
        table_text(t, p->iso3);
        table_text(t, p->state_name);
        const char *codes = "";
        for (size_t k = 1; k < p->nparties; k++) codes = arena_printf(&a, "%s%s%s", codes, k > 1 ? " " : "", p->parties[k].code);
        table_text(t, codes);
        table_text(t, partner_names(&a, p));
        const char *cats = "";
        for (size_t k = 0; k < p->categories.n; k++) cats = arena_printf(&a, "%s%s%s", cats, k ? " " : "", p->categories.v[k]);
        table_text(t, cats);
        table_text(t, category_names(&a, p));
        if (p->has_budget) table_number(t, p->budget);
        else table_empty(t);
        table_text(t, p->currency);
        table_text(t, p->period_start);
        table_text(t, p->period_end);
        table_text(t, p->status);
        table_text(t, project_status_label(p->status));
        table_int(t, (long long)p->nreports);
        table_int(t, p->late);
        char url[48];
        snprintf(url, sizeof url, "/projects/%lld", p->id);
        table_text(t, url);
        table_bool(t, p->synthetic);
    }
    arena_cleanup(&a);
}

static bool given(const char *s) { return s && *s; }

/* The filters as a GET form: State, partner (code), status, category. */
static void filter_form(struct buf *b, const struct project_filter *f, const char *partner)
{
    HTML_LIT(b, "<form method=\"get\" action=\"/projects\" class=\"filters\"><div><label for=\"f-state\">");
    html_text(b, _("State code"));
    HTML_LIT(b, "</label><input id=\"f-state\" name=\"state\" size=\"4\" dir=\"ltr\" value=\"");
    html_text(b, given(f->iso3) ? f->iso3 : "");
    HTML_LIT(b, "\"></div><div><label for=\"f-partner\">");
    html_text(b, _("Partner code"));
    HTML_LIT(b, "</label><input id=\"f-partner\" name=\"partner\" size=\"12\" dir=\"ltr\" value=\"");
    html_text(b, given(partner) ? partner : "");
    HTML_LIT(b, "\"></div><div><label for=\"f-status\">");
    html_text(b, _("Status"));
    HTML_LIT(b, "</label><select id=\"f-status\" name=\"status\"><option value=\"\">");
    html_text(b, _("Any status"));
    HTML_LIT(b, "</option>");
    static const char *const ST[] = { "active", "completed", "cancelled" };
    for (size_t i = 0; i < 3; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, ST[i]);
        HTML_LIT(b, "\"");
        if (given(f->status) && strcmp(f->status, ST[i]) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, project_status_label(ST[i]));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div><label for=\"f-category\">");
    html_text(b, _("Category"));
    HTML_LIT(b, "</label><select id=\"f-category\" name=\"category\"><option value=\"\">");
    html_text(b, _("Any category"));
    HTML_LIT(b, "</option>");
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), "categories"), i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        HTML_LIT(b, "<option value=\"");
        html_text(b, id);
        HTML_LIT(b, "\"");
        if (given(f->category) && strcmp(f->category, id) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, assist_category_label(id, i18n_lang()));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button> <a href=\"/projects\">");
    html_text(b, _("Clear the filters"));
    HTML_LIT(b, "</a></div></form>\n");
}

void page_projects(struct app *app, struct http_request *req, struct http_response *res)
{
    struct project_filter f = { .iso3 = web_q(req, "state")->s, .status = web_q(req, "status")->s,
                                .category = web_q(req, "category")->s };
    const char *partner = web_q(req, "partner")->s;
    if (given(f.status) && strcmp(f.status, "active") != 0 && strcmp(f.status, "completed") != 0 && strcmp(f.status, "cancelled") != 0) {
        web_error(req, res, 400, _("The status is one of active, completed or cancelled."));
        return;
    }
    if (given(f.category) && !assist_category_known(f.category)) {
        web_error(req, res, 400, _("category: the id of a category of the taxonomy, such as stockpile"));
        return;
    }
    if (!given(f.status)) f.status = NULL;
    if (!given(f.category)) f.category = NULL;
    if (given(partner)) {
        f.partner_id = assist_partner_by_code(app->store, partner);
        if (f.partner_id < 0) { web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL }); return; }
        if (f.partner_id == 0) { web_error(req, res, 404, _("No partner has this code.")); return; }
    }
    struct principal pub;
    auth_public(&pub);   /* the list and its downloads are the same for everyone (cached) */
    struct project *v;
    size_t n;
    struct err e = ERR_NONE;
    if (project_list(app->store, &req->arena, &pub, i18n_lang(), project_now(), &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    project_table(&t, v, n);
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, "poaiss-projects", req, res);
        table_cleanup(&t);
        return;
    }
    page_begin(req, res, _("Projects"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Projects"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("Requests for assistance that a partner and the State took up together, with their progress reports. A report is late 30 days after its period ends."));
    HTML_LIT(b, "</p>\n");
    filter_form(b, &f, partner);
    HTML_LIT(b, "<p role=\"status\" class=\"count\">");
    html_textf(b, n == 1 ? _("%d project") : _("%d projects"), (int)n);
    HTML_LIT(b, "</p>\n");
    table_links(b, req, "/projects");
    if (n) table_html(b, &t, "projects", _("Projects"), true);
    else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No project matches these filters."));
        HTML_LIT(b, "</p>\n");
    }
    table_cleanup(&t);
    page_end(req, res);
}

/* ---------------------------------------------------------------- sections of other pages */

/* A project as a list item: its title linked, State, partners, status, late reports. */
static void project_item(struct http_request *req, struct buf *b, const struct project *p, bool state_too)
{
    HTML_LIT(b, "<li><a href=\"/projects/");
    html_int(b, p->id);
    HTML_LIT(b, "\">");
    html_user_text(b, p->title);
    HTML_LIT(b, "</a> — ");
    if (state_too) { html_text(b, p->state_name); HTML_LIT(b, ", "); }
    html_text(b, partner_names(&req->arena, p));
    HTML_LIT(b, " ");
    assist_html_tag(b, p->status, project_status_label(p->status));
    if (p->late) {
        HTML_LIT(b, " ");
        assist_html_tag(b, "late", arena_printf(&req->arena, p->late == 1 ? _("%d late report") : _("%d late reports"), p->late));
    }
    if (p->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    HTML_LIT(b, "</li>");
}

int project_request_section(struct app *app, struct http_request *req, const struct assist_request *q,
                            const struct assist_interest *iv, size_t ni, struct buf *b, struct err *e)
{
    struct project *v;
    size_t n;
    if (project_list_of_request(app->store, &req->arena, req->who, i18n_lang(), project_now(), q->id, &v, &n, e) < 0) return -1;
    long long own = assist_partner_of(app->store, req->who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    /* Who may start one: the Secretariat, the State's focal points, a partner whose interest was accepted (the domain checks again). */
    bool open = strcmp(q->status, "open") == 0 || strcmp(q->status, "matched") == 0;
    bool staff = authz_allowed(req->who, AUTHZ_ASSIST_PROCESS, NULL), state = authz_allowed(req->who, AUTHZ_STATE_EDIT, q->iso3);
    size_t starts = 0;
    for (size_t i = 0; open && i < ni; i++)
        if (iv[i].partner_code && strcmp(iv[i].status, "accepted") == 0 && (staff || state || (own > 0 && iv[i].partner_id == own))) starts++;
    if (!n && !starts) return 0;
    HTML_LIT(b, "<section aria-labelledby=\"projects\"><h2 id=\"projects\">");
    html_text(b, _("Projects"));
    HTML_LIT(b, "</h2>\n");
    if (n) {
        HTML_LIT(b, "<ul class=\"plain\">");
        for (size_t i = 0; i < n; i++) project_item(req, b, &v[i], false);
        HTML_LIT(b, "</ul>\n");
    }
    for (size_t i = 0; open && i < ni; i++) {
        if (!iv[i].partner_code || strcmp(iv[i].status, "accepted") != 0) continue;
        if (!(staff || state || (own > 0 && iv[i].partner_id == own))) continue;
        HTML_LIT(b, "<p><a href=\"/projects/new?request=");
        html_int(b, q->id);
        HTML_LIT(b, "&amp;partner=");
        html_urlpart(b, iv[i].partner_code);
        HTML_LIT(b, "\">");
        html_text(b, _("Start a project"));
        HTML_LIT(b, "</a> ");
        html_text(b, arena_printf(&req->arena, _("with %s"), iv[i].partner_name ? iv[i].partner_name : iv[i].partner_code));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "</section>\n");
    return 0;
}

static int section(struct app *app, struct http_request *req, const struct project_filter *f, bool state_too, const char *empty,
                   struct buf *b, struct err *e)
{
    struct project *v;
    size_t n;
    if (project_list(app->store, &req->arena, req->who, i18n_lang(), project_now(), f, &v, &n, e) < 0) return -1;
    HTML_LIT(b, "<section aria-labelledby=\"projects\">\n<h2 id=\"projects\">");
    html_text(b, _("Projects"));
    HTML_LIT(b, "</h2>\n");
    if (!n) {
        HTML_LIT(b, "<p>");
        html_text(b, empty);
        HTML_LIT(b, "</p>\n");
    } else {
        HTML_LIT(b, "<ul class=\"plain\">");
        for (size_t i = 0; i < n; i++) project_item(req, b, &v[i], state_too);
        HTML_LIT(b, "</ul>\n");
    }
    HTML_LIT(b, "</section>\n");
    return 0;
}

int project_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e)
{
    struct project_filter f = { .iso3 = iso3 };
    return section(app, req, &f, false, _("No project answers a request of this State yet."), b, e);
}

int project_account_section(struct app *app, struct http_request *req, struct buf *b, struct err *e)
{
    const struct principal *who = req->who;
    struct project_filter f = { 0 };
    if (who->role == ROLE_FOCAL_POINT) f.iso3 = who->state_iso3;
    else if (who->role == ROLE_PARTNER) {
        f.partner_id = assist_partner_of(app->store, who);
        if (f.partner_id < 0) return err_set(e, ERR_STORE, NULL, NULL);
        if (f.partner_id == 0) return 0;
    } else {
        return 0;
    }
    return section(app, req, &f, who->role == ROLE_PARTNER, _("You take part in no project yet."), b, e);
}

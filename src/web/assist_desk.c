/*
 * assist_desk: the Secretariat's assistance desk (/desk/assistance): the requests in each
 * stage of the procedure with their days in it against the target, the overdue ones first,
 * whom each waits for, and possible duplicates linked to the other request; filters by stage,
 * overdue and region; the same table as CSV, XLSX and JSON (/desk/assistance.csv ...) and in
 * GET /api/v1/desk/assistance; and the form of the stage targets.  Private: no-store.
 */
#include "web/assist_stage_web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/assistance.h"
#include "domain/refdata.h"
#include "web/assist_web.h"

const char *assist_waiting_codes(struct arena *a, unsigned waiting)
{
    static const struct { unsigned bit; const char *code; } W[] = {
        { ASSIST_WAIT_SECRETARIAT, "secretariat" }, { ASSIST_WAIT_STATE, "state" }, { ASSIST_WAIT_PARTNERS, "partners" },
        { ASSIST_WAIT_PROJECT, "project" },
    };
    const char *out = NULL;
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (waiting & W[i].bit) out = out ? arena_printf(a, "%s %s", out, W[i].code) : W[i].code;
    return out;
}

void assist_desk_table(struct table *t, const struct assist_desk *d)
{
    static const struct table_col tpl[] = {
        { "id", N_("Request number"), TABLE_COL_NOHTML, 0 },
        { "title", N_("Request"), TABLE_COL_ROWHEAD, 20 },
        { "state", N_("State code"), TABLE_COL_NOHTML, 0 },
        { "state_name", N_("State"), 0, 0 },
        { "region", N_("Region code"), TABLE_COL_NOHTML, 0 },
        { "category", N_("Category code"), TABLE_COL_NOHTML, 0 },
        { "category_name", N_("Category"), 0, 0 },
        { "stage", N_("Stage code"), TABLE_COL_NOHTML, 0 },
        { "stage_name", N_("Stage"), TABLE_COL_TAG, 0 },
        { "stage_since", N_("In this stage since"), TABLE_COL_DATE, 0 },
        { "days_in_stage", N_("Days in stage"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "target_days", N_("Target (days)"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "overdue", N_("Overdue"), TABLE_COL_TAG, 0 },
        { "waiting_for", N_("Waiting for"), 0, 0 },
        { "waiting_for_parties", N_("Waiting for (codes)"), TABLE_COL_NOHTML, 0 },
        { "duplicate_of", N_("Possible duplicate of (number)"), TABLE_COL_NOHTML, 0 },
        { "duplicate", N_("Possible duplicate of"), 0, 18 },
        { "duplicate_url", N_("Address of the other request"), TABLE_COL_NOHTML, 0 },
        { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    for (size_t i = 0; i < N; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    table_init(t, cols, N);
    const char *lang = i18n_lang();
    struct arena a = ARENA_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const struct assist_desk_row *r = &d->rows[i];
        char u[64], since[11] = "";
        table_int(t, r->id);
        table_text_user(t, NULL, r->title, NULL);
        table_text(t, r->iso3);
        table_text(t, r->state_name);
        table_text(t, r->region);
        table_text(t, r->category);
        table_text(t, assist_category_label(r->category, lang));
        table_text(t, assist_stage_id(r->stage));
        table_text(t, _(assist_stage_msgid(r->stage)));
        if (r->stage_since) snprintf(since, sizeof since, "%s", r->stage_since);
        table_text(t, *since ? since : NULL);
        table_int(t, r->days_in_stage);
        if (r->target) table_int(t, r->target);
        else table_empty(t);
        table_bool(t, r->overdue);
        const char *w = assist_stage_waiting_msgid(r->stage);
        table_text(t, *w ? _(w) : NULL);
        table_text(t, assist_waiting_codes(&a, r->waiting));
        if (r->duplicate_of) {
            table_int(t, r->duplicate_of);
            /* "#12 title (why)": the other request's title isolated on the page */
            table_text_user(t, arena_printf(&a, "#%lld ", r->duplicate_of), r->duplicate_title ? r->duplicate_title : "",
                            arena_printf(&a, " (%s)", _(r->duplicate_why)));
            snprintf(u, sizeof u, "/assistance/requests/%lld", r->duplicate_of);
            table_text(t, u);
        } else {
            table_empty(t);
            table_empty(t);
            table_empty(t);
        }
        table_bool(t, r->synthetic);
        snprintf(u, sizeof u, "/assistance/requests/%lld", r->id);
        table_text(t, u);
    }
    arena_cleanup(&a);   /* table_text copies */
}

bool assist_desk_filter_read(struct http_request *req, struct http_response *res, struct assist_desk_filter *f)
{
    *f = (struct assist_desk_filter){ .stage = -1 };
    const char *st = web_q(req, "stage")->s;
    if (st && *st && (f->stage = assist_stage_parse(st)) < 0) {
        web_error(req, res, 400, _("stage: one of received, acknowledged, assessment, circulated, matched, implementation, "
                                   "completed or closed"));
        return false;
    }
    const struct http_value *o = web_q(req, "overdue");
    f->overdue_only = o->set && o->n;
    const char *rg = web_q(req, "region")->s;
    f->region = rg && *rg ? rg : NULL;
    return true;
}

static void filter_form(struct app *app, struct http_request *req, struct buf *b, const struct assist_desk_filter *f)
{
    HTML_LIT(b, "<form method=\"get\" action=\"/desk/assistance\" class=\"filters\"><div><label for=\"stage\">");
    html_text(b, _("Stage"));
    HTML_LIT(b, "</label><select id=\"stage\" name=\"stage\"><option value=\"\">");
    html_text(b, _("Every open stage"));
    HTML_LIT(b, "</option>");
    for (int i = 0; i < ASSIST_STAGE_N; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, assist_stage_id((enum assist_stage)i));
        HTML_LIT(b, "\"");
        if (f->stage == i) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, _(assist_stage_msgid((enum assist_stage)i)));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div><label for=\"region\">");
    html_text(b, _("Region"));
    HTML_LIT(b, "</label><select id=\"region\" name=\"region\"><option value=\"\">");
    html_text(b, _("All regions"));
    HTML_LIT(b, "</option>");
    struct ref_item *rg;
    size_t nr;
    if (ref_regions(app->store, &req->arena, i18n_lang(), &rg, &nr, NULL) == 0)
        for (size_t i = 0; i < nr; i++) {
            if (rg[i].level < 1 || rg[i].level > 2) continue;   /* continents and subregions */
            HTML_LIT(b, "<option value=\"");
            html_text(b, rg[i].code);
            HTML_LIT(b, "\"");
            if (f->region && strcmp(f->region, rg[i].code) == 0) HTML_LIT(b, " selected");
            HTML_LIT(b, ">");
            if (rg[i].level == 2) HTML_LIT(b, "\xC2\xA0\xC2\xA0");
            html_text(b, rg[i].name);
            HTML_LIT(b, "</option>");
        }
    HTML_LIT(b, "</select></div><div class=\"checkbox\"><input type=\"checkbox\" id=\"overdue\" name=\"overdue\" value=\"1\"");
    if (f->overdue_only) HTML_LIT(b, " checked");
    HTML_LIT(b, "><label for=\"overdue\">");
    html_text(b, _("Overdue only"));
    HTML_LIT(b, "</label></div><div><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></div></form>\n");
}

/* The counts by stage, each a link to the stage's list, with its target. */
static void counts_list(struct buf *b, const struct assist_desk *d)
{
    HTML_LIT(b, "<table class=\"data\" id=\"stage-counts\"><caption>");
    html_text(b, _("Requests in each stage"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Stage"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Requests"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Target (days)"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Waiting for"));
    HTML_LIT(b, "</th></tr></thead><tbody>");
    for (int i = 0; i < ASSIST_STAGE_N; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/desk/assistance?stage=");
        html_text(b, assist_stage_id((enum assist_stage)i));
        HTML_LIT(b, "\">");
        html_text(b, _(assist_stage_msgid((enum assist_stage)i)));
        HTML_LIT(b, "</a></th><td class=\"num\">");
        i18n_html_number(b, d->counts[i]);
        HTML_LIT(b, "</td><td class=\"num\">");
        if (i < ASSIST_STAGE_OPEN_N) i18n_html_number(b, d->targets[i].days);
        HTML_LIT(b, "</td><td>");
        const char *w = assist_stage_waiting_msgid((enum assist_stage)i);
        if (*w) html_text(b, _(w));
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table>\n");
}

/* The targets form (the Secretariat only); values: what was typed after a refused post (NULL: the targets). */
static void targets_form(struct http_request *req, struct http_response *res, struct buf *b, const struct assist_desk *d,
                         const char *const *typed, const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<h2 id=\"targets\">");
    html_text(b, _("Target days for each stage"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, _("A request longer in a stage than its target is overdue: the desk lists it first and flags it."));
    HTML_LIT(b, "</p>\n");
    if (!authz_allowed(req->who, AUTHZ_ASSIST_PROCESS, NULL)) return;
    HTML_LIT(b, "<form method=\"post\" action=\"/desk/assistance/targets\" novalidate>");
    web_csrf_field(req, res);
    for (int i = 0; i < ASSIST_STAGE_OPEN_N; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", d->targets[i].days);
        assist_input(b, assist_stage_id((enum assist_stage)i), _(assist_stage_msgid((enum assist_stage)i)),
                     _("Days, from 1 to 3650"), typed && typed[i] ? typed[i] : v, 5, true, errs);
    }
    HTML_LIT(b, "<button type=\"submit\">");
    html_text(b, _("Save the targets"));
    HTML_LIT(b, "</button></form>\n");
}

static void desk_page(struct app *app, struct http_request *req, struct http_response *res, const char *const *typed,
                      const struct assist_field_errors *errs)
{
    struct assist_desk_filter f;
    if (!assist_desk_filter_read(req, res, &f)) return;
    struct assist_desk d;
    struct err e = ERR_NONE;
    if (assist_desk_get(app->store, &req->arena, req->who, i18n_lang(), time(NULL), &f, &d, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    http_response_header(res, "Cache-Control", "private, no-store");
    struct table t;
    assist_desk_table(&t, &d);
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE && !errs) {
        table_send(&t, fmt, "poaiss-assistance-desk", req, res);
        http_response_header(res, "Cache-Control", "private, no-store");
        table_cleanup(&t);
        return;
    }
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, _("The assistance desk"));
    struct buf *b = &res->body;
    assist_error_summary(b, errs);
    HTML_LIT(b, "<p><a href=\"/desk\">");
    html_text(b, _("The Secretariat's desk"));
    HTML_LIT(b, "</a></p>\n<h1>");
    html_text(b, _("The assistance desk"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("Requests for assistance in each stage of the procedure, the longest overdue first. Open one to move it on."));
    HTML_LIT(b, " <a href=\"/api/v1/desk/assistance\">JSON</a></p>\n");
    if (d.overdue) {
        HTML_LIT(b, "<p><strong class=\"tag tag-late\">");
        html_textf(b, d.overdue == 1 ? _("%d request is overdue") : _("%d requests are overdue"), d.overdue);
        HTML_LIT(b, "</strong> <a href=\"/desk/assistance?overdue=1\">");
        html_text(b, _("Show the overdue requests"));
        HTML_LIT(b, "</a></p>\n");
    }
    counts_list(b, &d);
    HTML_LIT(b, "<h2 id=\"requests\">");
    html_text(b, f.stage >= 0 ? _(assist_stage_msgid((enum assist_stage)f.stage)) : _("Requests in an open stage"));
    HTML_LIT(b, "</h2>\n");
    filter_form(app, req, b, &f);
    HTML_LIT(b, "<p>");
    html_textf(b, d.n == 1 ? _("%d request") : _("%d requests"), (int)d.n);
    HTML_LIT(b, "</p>\n");
    table_links(b, req, "/desk/assistance");
    if (d.n) table_html(b, &t, "desk-requests", _("Requests for assistance by stage"), true);
    table_cleanup(&t);
    targets_form(req, res, b, &d, typed, errs);
    page_end(req, res);
}

void page_assist_desk(struct app *app, struct http_request *req, struct http_response *res)
{
    desk_page(app, req, res, NULL, NULL);
}

void page_assist_targets_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *in = json_object();
    const char *typed[ASSIST_STAGE_OPEN_N] = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    for (int i = 0; i < ASSIST_STAGE_OPEN_N; i++) {
        const char *id = assist_stage_id((enum assist_stage)i), *v = http_form(req, id);
        if (!v || !*v) continue;
        typed[i] = arena_strdup(&req->arena, v);
        char *end;
        long long n = strtoll(v, &end, 10);
        if (*end || end == v) json_object_set_new(in, id, json_string(v));   /* the domain refuses it by field */
        else json_object_set_new(in, id, json_integer(n));
    }
    struct assist_stage_field_error fe[ASSIST_STAGE_N + 1];
    size_t nfe = 0;
    struct err e = ERR_NONE;
    int rc = json_object_size(in) ? assist_stage_targets_set(app->store, req->who, in, fe, &nfe, &e) : 0;
    json_decref(in);
    if (rc < 0 && e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    if (rc < 0) {
        for (size_t i = 0; i < nfe && errs.n < sizeof errs.v / sizeof errs.v[0]; i++)
            errs.v[errs.n++] = (struct assist_field_error){ arena_strdup(&req->arena, fe[i].field), fe[i].msg };
        if (!errs.n) errs.v[errs.n++] = (struct assist_field_error){ "received", e.msg };
        desk_page(app, req, res, typed, &errs);
        return;
    }
    res->status = 303;
    http_response_header(res, "Location", "/desk/assistance#targets");
}

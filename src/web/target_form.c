/*
 * target_form: setting a voluntary target (/targets/new: a focal point for its State, the
 * Secretariat for an M49 region), changing one (/targets/{id}/edit) and recording progress
 * (POST /targets/{id}/progress, the form on the target's page).  The form is read into the
 * JSON object the domain takes (the API's fields); the domain checks it and names every
 * problem by field; the page lists them in the GOV.UK error summary, each also next to its
 * field, the values kept.  Works without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "web/assist_web.h"
#include "web/targets.h"

/* The form's values as typed (or read from the target being changed). */
struct target_form {
    const char *region, *title, *paragraphs, *indicator, *question, *unit, *baseline_value, *baseline_year, *target_value,
        *target_year, *notes, *status;
};

static const char *or_empty(const char *s) { return s ? s : ""; }

/* The Secretariat's region select.  -1 when the regions cannot be read. */
static int region_select(struct app *app, struct http_request *req, struct buf *b, const char *value,
                         const struct assist_field_errors *errs)
{
    struct ref_item *v;
    size_t n;
    if (ref_regions(app->store, &req->arena, i18n_lang(), &v, &n, NULL) < 0) return -1;
    assist_field_open(b, "region", _("Region"), _("The M49 region, subregion or intermediate region whose States agreed the target."),
                      errs, false);
    HTML_LIT(b, "<select id=\"f-region\" name=\"region\"");
    assist_describedby(b, "region", true, errs);
    HTML_LIT(b, "><option value=\"\">");
    html_text(b, _("Choose a region"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, v[i].code);
        HTML_LIT(b, "\"");
        if (value && strcmp(value, v[i].code) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        for (int k = 1; k < v[i].level; k++) HTML_LIT(b, "\xC2\xA0\xC2\xA0");
        html_text(b, v[i].name);
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select>");
    assist_field_close(b, false);
    return 0;
}

/* The page with the form; id 0: a new target.  place: the State's or region's name when known. */
static void form_page(struct app *app, struct http_request *req, struct http_response *res, long long id,
                      const struct target_form *v, const struct assist_field_errors *errs, const char *place)
{
    struct buf fields = BUF_INIT;
    struct buf *b = &fields;
    bool region_new = id == 0 && req->who->role != ROLE_FOCAL_POINT;
    if (region_new && region_select(app, req, b, v->region, errs) < 0) {
        buf_cleanup(&fields);
        web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL });
        return;
    }
    assist_input(b, "title", _("Title"), _("What is to be achieved, in a short sentence (at most 200 characters)."), v->title, 60,
                 false, errs);
    assist_input(b, "paragraphs", _("Paragraphs of the Programme of Action and the International Tracing Instrument"),
                 _("Separated by commas, like PoA II.4, ITI 8a."), v->paragraphs, 40, true, errs);
    assist_textarea(b, "indicator", _("Indicator"), _("How progress is measured, like \"share of weapons marked at import\"."),
             v->indicator, 2, errs);
    assist_input(b, "question", _("Question of the national report that measures it (optional)"),
                 _("Its id, like surplus.identified.count: a number or a Yes/No question. Progress is then also taken from "
                   "the State's published reports."),
                 v->question, 30, true, errs);
    assist_input(b, "unit", _("Unit"), _("Like \"per cent\" or \"weapons\". Optional."), v->unit, 20, false, errs);
    assist_input(b, "baseline_value", _("Baseline value"), _("A number. Optional."), v->baseline_value, 12, true, errs);
    assist_input(b, "baseline_year", _("Baseline year"), _("Like 2020."), v->baseline_year, 6, true, errs);
    assist_input(b, "target_value", _("Target value"), _("The number to reach, like 100."), v->target_value, 12, true, errs);
    assist_input(b, "target_year", _("Target year"), _("The year by which it is to be reached, like 2030."), v->target_year, 6,
                 true, errs);
    assist_textarea(b, "notes", _("Notes"), _("Optional. At most 5,000 characters."), v->notes, 4, errs);
    if (id) {
        static const char *const STATUSES[] = { "active", "achieved", "withdrawn" };
        const char *labels[] = { _("Active"), _("Achieved"), _("Withdrawn") };
        assist_field_open(b, "status", _("Status"), NULL, errs, false);
        HTML_LIT(b, "<select id=\"f-status\" name=\"status\"");
        assist_describedby(b, "status", false, errs);
        HTML_LIT(b, ">");
        for (size_t i = 0; i < 3; i++) {
            HTML_LIT(b, "<option value=\"");
            html_text(b, STATUSES[i]);
            HTML_LIT(b, "\"");
            if (v->status && strcmp(v->status, STATUSES[i]) == 0) HTML_LIT(b, " selected");
            HTML_LIT(b, ">");
            html_text(b, labels[i]);
            HTML_LIT(b, "</option>");
        }
        HTML_LIT(b, "</select>");
        assist_field_close(b, false);
    }
    const char *heading = id ? _("Change the target") : region_new ? _("Record a regional target") : _("Set a voluntary target");
    const char *title = errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading;
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, title);
    b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/targets\">");
    html_text(b, _("Voluntary targets"));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n");
    if (place) { HTML_LIT(b, "<p class=\"lead\">"); html_text(b, place); HTML_LIT(b, "</p>\n"); }
    HTML_LIT(b, "<p>");
    html_text(b, _("Targets are public once saved."));
    HTML_LIT(b, "</p>\n<form method=\"post\" class=\"stack wide\" novalidate action=\"");
    if (id) { HTML_LIT(b, "/targets/"); html_int(b, id); HTML_LIT(b, "/edit"); }
    else HTML_LIT(b, "/targets/new");
    HTML_LIT(b, "\">\n");
    web_csrf_field(req, res);
    buf_append(b, fields.data, fields.len);
    buf_cleanup(&fields);
    assist_form_end(b, id ? _("Save the target") : _("Set the target"),
                    id ? arena_printf(&req->arena, "/targets/%lld", id) : "/targets");
    page_end(req, res);
}

/* A year as typed: a whole number goes as one, anything else as the text, for the domain to refuse by field. */
static void form_year(json_t *in, const char *key, const char *raw)
{
    if (!raw) return;
    while (*raw == ' ') raw++;
    if (!*raw) { json_object_set_new(in, key, json_null()); return; }
    char *end;
    long y = strtol(raw, &end, 10);
    while (*end == ' ') end++;
    json_object_set_new(in, key, *end || end == raw ? json_string(raw) : json_integer(y));
}

/* "PoA II.4, ITI 8a" into a list; an empty form field is an empty list. */
static json_t *form_paragraphs(const char *raw)
{
    json_t *l = json_array();
    const char *p = raw ? raw : "";
    while (*p) {
        while (*p == ',' || *p == ';' || *p == ' ') p++;
        const char *q = p;
        while (*q && *q != ',' && *q != ';') q++;
        size_t n = (size_t)(q - p);
        while (n && p[n - 1] == ' ') n--;
        if (n) json_array_append_new(l, json_stringn(p, n));
        p = q;
    }
    return l;
}

static void form_read(struct http_request *req, bool creating, struct target_form *v, json_t *in)
{
    v->region = http_form(req, "region");
    v->title = http_form(req, "title");
    v->paragraphs = http_form(req, "paragraphs");
    v->indicator = http_form(req, "indicator");
    v->question = http_form(req, "question");
    v->unit = http_form(req, "unit");
    v->baseline_value = http_form(req, "baseline_value");
    v->baseline_year = http_form(req, "baseline_year");
    v->target_value = http_form(req, "target_value");
    v->target_year = http_form(req, "target_year");
    v->notes = http_form(req, "notes");
    v->status = http_form(req, "status");
    if (creating && req->who->role != ROLE_FOCAL_POINT) json_object_set_new(in, "region", json_string(or_empty(v->region)));
    if (creating && v->region && !*v->region) json_object_del(in, "region");
    json_object_set_new(in, "title", json_string(or_empty(v->title)));
    json_object_set_new(in, "paragraphs", form_paragraphs(v->paragraphs));
    json_object_set_new(in, "indicator", json_string(or_empty(v->indicator)));
    json_object_set_new(in, "question", v->question && *v->question ? json_string(v->question) : json_null());
    json_object_set_new(in, "unit", json_string(or_empty(v->unit)));
    json_object_set_new(in, "notes", json_string(or_empty(v->notes)));
    assist_form_amount(in, "baseline_value", or_empty(v->baseline_value));
    form_year(in, "baseline_year", or_empty(v->baseline_year));
    assist_form_amount(in, "target_value", or_empty(v->target_value));
    form_year(in, "target_year", or_empty(v->target_year));
    if (!creating && v->status && *v->status) json_object_set_new(in, "status", json_string(v->status));
}

void page_target_new(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target_form v = { 0 };
    form_page(app, req, res, 0, &v, NULL, req->who->role == ROLE_FOCAL_POINT ? req->who->state_iso3 : NULL);
}

void page_target_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct target_form v = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, true, &v, in);
    struct err e = ERR_NONE;
    long long id = target_create(app->store, req->who, in, &errs, &e);
    json_decref(in);
    if (id > 0) { http_redirect(res, arena_printf(&req->arena, "/targets/%lld?done=created", id)); return; }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    form_page(app, req, res, 0, &v, &errs, req->who->role == ROLE_FOCAL_POINT ? req->who->state_iso3 : NULL);
}

/* The target to change, if the asker may: false after answering. */
static bool load_editable(struct app *app, struct http_request *req, struct http_response *res, struct target *t)
{
    struct err e = ERR_NONE;
    if (target_get(app->store, &req->arena, req->who, i18n_lang(), web_arg(req, 0)->n, t, &e) < 0) {
        web_fail(req, res, &e);
        return false;
    }
    if (!target_may_edit(req->who, t)) {
        web_error(req, res, 403, t->iso3 ? _("Only the State's focal points change its targets and record their progress.")
                                         : _("Only the Secretariat changes a region's targets and records their progress."));
        return false;
    }
    return true;
}

static const char *number_text(struct http_request *req, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.6g", v);
    return arena_strdup(&req->arena, tmp);
}

void page_target_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target t;
    if (!load_editable(app, req, res, &t)) return;
    struct buf p = BUF_INIT;
    for (size_t i = 0; i < t.paragraphs.n; i++) { if (i) buf_puts(&p, ", "); buf_puts(&p, t.paragraphs.v[i]); }
    struct target_form v = { .title = t.title, .paragraphs = arena_strdup(&req->arena, buf_cstr(&p)), .indicator = t.indicator,
                             .question = t.question, .unit = t.unit, .notes = t.notes, .status = target_status_name(t.status),
                             .target_value = number_text(req, t.target_value),
                             .target_year = arena_printf(&req->arena, "%d", t.target_year) };
    buf_cleanup(&p);
    if (t.has_baseline) v.baseline_value = number_text(req, t.baseline_value);
    if (t.baseline_year) v.baseline_year = arena_printf(&req->arena, "%d", t.baseline_year);
    form_page(app, req, res, t.id, &v, NULL, t.place_name);
}

void page_target_edit_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target t;
    if (!load_editable(app, req, res, &t)) return;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct target_form v = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, false, &v, in);
    struct err e = ERR_NONE;
    int rc = target_update(app->store, req->who, t.id, in, &errs, &e);
    json_decref(in);
    if (rc == 0) { http_redirect(res, arena_printf(&req->arena, "/targets/%lld?done=saved", t.id)); return; }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    form_page(app, req, res, t.id, &v, &errs, t.place_name);
}

/* The progress form again, alone, with its errors (the values kept). */
static void progress_page(struct http_request *req, struct http_response *res, const struct target *t, const char *value,
                          const char *year, const char *note, const struct assist_field_errors *errs)
{
    res->status = 422;
    page_begin(req, res, arena_printf(&req->arena, "%s%s", _("Error: "), _("Record progress")));
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/targets/");
    html_int(b, t->id);
    HTML_LIT(b, "\">");
    html_text(b, t->title);
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, _("Record progress"));
    HTML_LIT(b, "</h1>\n<form method=\"post\" class=\"stack\" novalidate action=\"/targets/");
    html_int(b, t->id);
    HTML_LIT(b, "/progress\">\n");
    web_csrf_field(req, res);
    assist_input(b, "value", _("Value reached"), *t->unit ? t->unit : NULL, value, 12, true, errs);
    assist_input(b, "year", _("Year"), _("The year the value was reached, like 2025."), year, 6, true, errs);
    assist_textarea(b, "note", _("Note"), _("Where the figure comes from. Optional."), note, 3, errs);
    assist_form_end(b, _("Record the value"), arena_printf(&req->arena, "/targets/%lld", t->id));
    page_end(req, res);
}

void page_target_progress_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target t;
    if (!load_editable(app, req, res, &t)) return;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    const char *value = http_form(req, "value"), *year = http_form(req, "year"), *note = http_form(req, "note");
    json_t *in = json_object();
    assist_form_amount(in, "value", or_empty(value));
    form_year(in, "year", or_empty(year));
    if (note && *note) json_object_set_new(in, "note", json_string(note));
    struct assist_field_errors errs = { .n = 0 };
    struct err e = ERR_NONE;
    long long pid = target_progress_add(app->store, req->who, t.id, in, &errs, &e);
    json_decref(in);
    if (pid > 0) { http_redirect(res, arena_printf(&req->arena, "/targets/%lld?done=progress", t.id)); return; }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    progress_page(req, res, &t, value, year, note, &errs);
}

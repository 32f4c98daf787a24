/*
 * assist_request_form: filing a request for assistance outside a report
 * (/assistance/requests/new: a focal point for its State, the Secretariat choosing the State)
 * and changing one (/assistance/requests/{id}/edit: those the domain lets change it).  The form
 * is read into the JSON object the domain takes (the API's fields); the domain checks it and
 * names every problem by field; the page shows them all in the GOV.UK error summary, each next
 * to its field, the values kept.  Works without JavaScript.
 *
 * The form is multipart: it carries the request's proposal file (a request filed outside a
 * report; one from a report shows its report's file).  A refused file is a field error like the
 * others; the typed values are kept (a browser cannot keep the chosen file).  The file is served
 * at /assistance/requests/{id}/proposal (page_assist_request_proposal).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/attachment.h"
#include "domain/state.h"
#include "web/assist_web.h"
#include "web/report_attach.h"

/* The form's values as typed (or read from the request being changed). */
struct req_form {
    const char *state, *category, *kind, *title, *description, *cost, *period_start, *period_end, *in_plan, *status, *lang;
    struct assist_strings languages;
    const struct assist_request *current;   /* the request being changed (its proposal file), NULL for a new one */
};

static const char *or_empty(const char *s) { return s ? s : ""; }

static void taxonomy_select(struct buf *b, const char *name, const char *label, const char *list, const char *value,
                            const struct assist_field_errors *errs)
{
    assist_select_open(b, name, label, errs);
    HTML_LIT(b, "<option value=\"\">");
    html_text(b, _("Choose one"));
    HTML_LIT(b, "</option>");
    assist_taxonomy_options(b, list, value);
    assist_select_close(b);
}

/* The proposal file: the current one (linked, with a remove box) and the chooser; a report's request names its report. */
static void proposal_field(struct buf *b, const struct assist_request *q, const struct assist_field_errors *errs)
{
    if (q && q->source.report) return;   /* its file changes with the report */
    assist_field_open(b, "proposal", _("Project proposal (document)"),
                      _("A PDF, Word (.docx) or OpenDocument (.odt) file, at most 10 MB. Public, like the request."), errs, false);
    if (q && q->proposal_sha256) {
        HTML_LIT(b, "<p>");
        html_text(b, _("Current file:"));
        HTML_LIT(b, " <a class=\"file\" href=\"/assistance/requests/");
        html_int(b, q->id);
        HTML_LIT(b, "/proposal\" download>");
        html_text(b, q->proposal_name && *q->proposal_name ? q->proposal_name : _("Download the proposal"));
        HTML_LIT(b, "</a>");
        if (q->proposal_bytes > 0) { HTML_LIT(b, " <span class=\"size\">("); attach_size(b, q->proposal_bytes); HTML_LIT(b, ")</span>"); }
        HTML_LIT(b, "</p><div class=\"choice\"><input type=\"checkbox\" value=\"1\" name=\"proposal:remove\" id=\"f-proposal-remove\">"
                    "<label for=\"f-proposal-remove\">");
        html_text(b, _("Remove this file"));
        HTML_LIT(b, "</label></div>");
    }
    HTML_LIT(b, "<input type=\"file\" id=\"f-proposal\" name=\"proposal\" accept=\"application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text\"");
    assist_describedby(b, "proposal", true, errs);
    HTML_LIT(b, ">");
    assist_field_close(b, false);
}

/* The State select of the Secretariat.  -1 when the States cannot be read. */
static int state_select(struct app *app, struct http_request *req, struct buf *b, const char *value,
                        const struct assist_field_errors *errs)
{
    struct state *v;
    size_t n;
    struct state_filter sf = { 0 };
    if (state_list(app->store, &req->arena, &sf, i18n_lang(), &v, &n, NULL) < 0) return -1;
    assist_select_open(b, "state", _("Requesting State"), errs);
    HTML_LIT(b, "<option value=\"\">");
    html_text(b, _("Choose a State"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, v[i].iso3);
        HTML_LIT(b, "\"");
        if (value && strcmp(value, v[i].iso3) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, v[i].local_name);
        HTML_LIT(b, "</option>");
    }
    assist_select_close(b);
    return 0;
}

/* The page with the form; id 0: a new request. */
static void form_page(struct app *app, struct http_request *req, struct http_response *res, long long id, const struct req_form *v,
                      const struct assist_field_errors *errs, const char *state_name)
{
    struct buf fields = BUF_INIT;
    struct buf *b = &fields;
    bool staff_new = id == 0 && req->who->role != ROLE_FOCAL_POINT;
    if (staff_new && state_select(app, req, b, v->state, errs) < 0) {
        buf_cleanup(&fields);
        web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL });
        return;
    }
    taxonomy_select(b, "category", _("Thematic category"), "categories", v->category, errs);
    taxonomy_select(b, "kind", _("Kind of assistance sought"), "kinds", v->kind, errs);
    assist_input(b, "title", _("Title"), _("A short name for the need, at most 200 characters."), v->title, 60, false, errs);
    assist_textarea(b, "description", _("Description"), _("What is needed, for whom and why. At most 5,000 characters."),
                    v->description, 6, errs);
    assist_input(b, "estimated_cost", _("Estimated cost in US dollars"), _("A whole number, like 120000. Leave empty if not known."),
                 v->cost, 16, true, errs);
    assist_input(b, "period_start", _("Start of the period"), _("Year and month, like 2027-03."), v->period_start, 8, true, errs);
    assist_input(b, "period_end", _("End of the period"), _("Year and month, like 2028-02."), v->period_end, 8, true, errs);
    assist_field_open(b, "in_plan", _("Is the need in the national action plan or a regional road map?"), NULL, errs, true);
    assist_radio(b, "in_plan", "yes", _("Yes"), v->in_plan, true);
    assist_radio(b, "in_plan", "no", _("No"), v->in_plan, false);
    assist_radio(b, "in_plan", "", _("Not said"), v->in_plan, false);
    assist_field_close(b, true);
    assist_field_open(b, "languages", _("Languages the State can work in"), _("Select all that apply."), errs, true);
    for (size_t i = 0; i < 6; i++)
        assist_checkbox(b, "languages", ASSIST_LANGS[i], i18n_autonym(ASSIST_LANGS[i]), assist_has(&v->languages, ASSIST_LANGS[i]), i == 0);
    assist_field_close(b, true);
    assist_select(b, "lang", _("Language of the title and description"), ASSIST_LANGS, 6, i18n_autonym, v->lang, true, errs);
    proposal_field(b, v->current, errs);
    /* No status here: the request moves through the procedure on its page (web/assist_stage_page.c). */
    const char *heading = id ? _("Change the request for assistance") : _("File a request for assistance");
    const char *title = errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading;
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, title);
    b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/assistance\">");
    html_text(b, _("Requests for assistance"));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n");
    if (state_name) {
        HTML_LIT(b, "<p class=\"lead\">");
        html_text(b, state_name);
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p>");
    html_text(b, _("Everything on this form is public once saved: partners and the public see it on the board."));
    HTML_LIT(b, "</p>\n<form method=\"post\" enctype=\"multipart/form-data\" class=\"stack wide\" novalidate action=\"");
    if (id) { HTML_LIT(b, "/assistance/requests/"); html_int(b, id); HTML_LIT(b, "/edit"); }
    else HTML_LIT(b, "/assistance/requests/new");
    HTML_LIT(b, "\">\n");
    web_csrf_field(req, res);
    buf_append(b, fields.data, fields.len);
    buf_cleanup(&fields);
    assist_form_end(b, id ? _("Save the request") : _("File the request"),
                    id ? arena_printf(&req->arena, "/assistance/requests/%lld", id) : "/assistance");
    page_end(req, res);
}

/* Read the posted form into v (values kept for the page) and in (the domain's JSON). */
static void form_read(struct http_request *req, bool creating, struct req_form *v, json_t *in)
{
    v->state = http_form(req, "state");
    v->category = http_form(req, "category");
    v->kind = http_form(req, "kind");
    v->title = http_form(req, "title");
    v->description = http_form(req, "description");
    v->cost = http_form(req, "estimated_cost");
    v->period_start = http_form(req, "period_start");
    v->period_end = http_form(req, "period_end");
    v->in_plan = http_form(req, "in_plan");
    v->status = http_form(req, "status");
    v->lang = http_form(req, "lang");
    json_t *langs = assist_form_list(req, "languages");
    v->languages = assist_strings_of(&req->arena, langs);
    if (creating && v->state && *v->state) json_object_set_new(in, "state", json_string(v->state));
    json_object_set_new(in, "category", json_string(or_empty(v->category)));
    json_object_set_new(in, "kind", json_string(or_empty(v->kind)));
    json_object_set_new(in, "title", json_string(or_empty(v->title)));
    json_object_set_new(in, "description", v->description && *v->description ? json_string(v->description) : json_null());
    assist_form_amount(in, "estimated_cost", v->cost);
    json_object_set_new(in, "period_start", v->period_start && *v->period_start ? json_string(v->period_start) : json_null());
    json_object_set_new(in, "period_end", v->period_end && *v->period_end ? json_string(v->period_end) : json_null());
    if (v->in_plan && strcmp(v->in_plan, "yes") == 0) json_object_set_new(in, "in_plan", json_true());
    else if (v->in_plan && strcmp(v->in_plan, "no") == 0) json_object_set_new(in, "in_plan", json_false());
    json_object_set_new(in, "languages", langs);
    if (v->lang && *v->lang) json_object_set_new(in, "lang", json_string(v->lang));
}

/* The proposal file posted with the form: a chosen file (PUT), the remove box (REMOVE), or neither (KEEP). */
static struct assist_proposal form_proposal(struct http_request *req)
{
    struct assist_proposal p = { ASSIST_PROPOSAL_KEEP, NULL, 0, NULL, 0 };
    const struct http_part *fp = http_request_part(req, "proposal", true);   /* the body split once */
    if (fp && fp->filename_len > 0) {   /* an empty chooser sends filename="" */
        struct buf name = BUF_INIT;
        http_part_filename(fp, &name);
        p = (struct assist_proposal){ ASSIST_PROPOSAL_PUT, arena_strdup(&req->arena, buf_cstr(&name)), name.len, fp->data,
                                      fp->len };
        buf_cleanup(&name);
        return p;
    }
    const char *rm = http_form(req, "proposal:remove");
    if (rm && strcmp(rm, "1") == 0) p.op = ASSIST_PROPOSAL_REMOVE;
    return p;
}

/* The focal point's State by name, for the form's lead (its code when the name cannot be read). */
static const char *own_state_name(struct app *app, struct http_request *req)
{
    const char *iso3 = req->who->state_iso3;
    struct state *v;
    size_t n;
    struct state_filter sf = { .q = iso3 };
    if (req->who->role != ROLE_FOCAL_POINT) return NULL;
    if (state_list(app->store, &req->arena, &sf, i18n_lang(), &v, &n, NULL) == 0)
        for (size_t i = 0; i < n; i++)
            if (strcmp(v[i].iso3, iso3) == 0) return v[i].local_name;
    return iso3;
}

void page_assist_request_new(struct app *app, struct http_request *req, struct http_response *res)
{
    struct req_form v = { .in_plan = "", .lang = i18n_lang() };
    form_page(app, req, res, 0, &v, NULL, own_state_name(app, req));
}

void page_assist_request_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct req_form v = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, true, &v, in);
    struct assist_proposal p = form_proposal(req);
    struct err e = ERR_NONE;
    long long id = assist_request_create_with(app->store, req->who, in, &p, &errs, &e);
    json_decref(in);
    if (assist_form_answered(req, res, id > 0, arena_printf(&req->arena, "/assistance/requests/%lld", id), "created", &e)) return;
    form_page(app, req, res, 0, &v, &errs, own_state_name(app, req));
}

/* The request to change, if the asker may: false after answering. */
static bool load_editable(struct app *app, struct http_request *req, struct http_response *res, struct assist_request *q)
{
    struct err e = ERR_NONE;
    if (assist_request_get(app->store, &req->arena, req->who, i18n_lang(), web_arg(req, 0)->n, q, &e) < 0) {
        web_fail(req, res, &e);
        return false;
    }
    if (!authz_allowed(req->who, AUTHZ_REQUEST_EDIT, q->iso3)) {
        web_error(req, res, 403, _("Only the requesting State's focal points and the Secretariat change this request."));
        return false;
    }
    return true;
}

void page_assist_request_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_request q;
    if (!load_editable(app, req, res, &q)) return;
    struct req_form v = { .state = q.iso3, .category = q.category, .kind = q.kind, .title = q.title, .description = q.description,
                          .period_start = q.period_start, .period_end = q.period_end, .status = q.status, .languages = q.languages,
                          .in_plan = q.in_plan == 1 ? "yes" : q.in_plan == 0 ? "no" : "", .lang = q.lang, .current = &q };
    v.cost = q.has_cost ? arena_printf(&req->arena, "%.0f", q.cost) : "";
    form_page(app, req, res, q.id, &v, NULL, q.state_name);
}

void page_assist_request_edit_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_request q;
    if (!load_editable(app, req, res, &q)) return;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct req_form v = { .current = &q };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, false, &v, in);
    struct assist_proposal p = form_proposal(req);
    struct err e = ERR_NONE;
    int rc = assist_request_update_with(app->store, req->who, q.id, in, &p, &errs, &e);
    json_decref(in);
    if (assist_form_answered(req, res, rc == 0, arena_printf(&req->arena, "/assistance/requests/%lld", q.id), "saved", &e)) return;
    form_page(app, req, res, q.id, &v, &errs, q.state_name);
}

/* GET /assistance/requests/{id}/proposal: the request's proposal file, for whoever may see the request. */
void page_assist_request_proposal(struct app *app, struct http_request *req, struct http_response *res)
{
    struct attachment_file f;
    switch (assist_request_proposal_open(app->store, req->who, web_arg(req, 0)->n, &res->body, &f)) {
    case 0: break;
    case 1: buf_clear(&res->body); web_error(req, res, 404, _("This request has no proposal file.")); return;
    default: buf_clear(&res->body); web_error(req, res, 500, _("The file could not be read.")); return;
    }
    res->content_type = f.type;
    struct buf d = BUF_INIT;
    attachment_disposition(&d, f.name);
    http_response_header(res, "Content-Disposition", buf_cstr(&d));
    buf_cleanup(&d);
    http_response_header(res, "Cache-Control", "private, max-age=300");
}

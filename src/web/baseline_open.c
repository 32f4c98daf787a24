/*
 * baseline_open: the joint baseline assessments on a request's page (the ones the asker may
 * see; non-parties see no mention of one that is not public, the Secretariat sees them all) and
 * the Secretariat's form that opens one: the partners who showed interest in the request
 * first, then every other partner, and a note on its scope.  The form is on the request page
 * and on /assistance/requests/{id}/baseline, where a refused one comes back with the GOV.UK
 * error summary and the choices kept.
 */
#include <string.h>

#include "web/assist_web.h"
#include "web/baseline_web.h"

/* The domain's field errors as the assistance pages show them (fields lent from errs). */
static void errors_of(const struct baseline_field_errors *errs, struct assist_field_errors *out)
{
    out->n = 0;
    for (size_t i = 0; errs && i < errs->n && out->n < sizeof out->v / sizeof out->v[0]; i++)
        out->v[out->n++] = (struct assist_field_error){ errs->v[i].field[0] ? errs->v[i].field : "partners", errs->v[i].msg };
}

static void open_form(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, long long request_id,
                      const struct assist_strings *chosen, const char *note, const struct assist_field_errors *errs,
                      struct err *e, int *rc)
{
    struct baseline_choice *c;
    size_t n;
    *rc = baseline_partner_choices(app->store, &req->arena, request_id, &c, &n, e);
    if (*rc < 0) return;
    HTML_LIT(b, "<form method=\"post\" class=\"stack wide\" novalidate action=\"/assistance/requests/");
    html_int(b, request_id);
    HTML_LIT(b, "/baseline\">");
    web_csrf_field(req, res);
    assist_field_open(b, "partners", _("Partners taking part"),
                      _("The requesting State takes part. Choose one or more partners: those who showed interest in the request come first."),
                      errs, true);
    size_t interested = 0;
    for (size_t i = 0; i < n; i++) interested += c[i].interested;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || (interested && i == interested)) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_text(b, c[i].interested ? _("Partners who showed interest") : _("Other partners"));
            HTML_LIT(b, "</p>");
        }
        assist_checkbox(b, "partners", c[i].code, c[i].name, chosen && assist_has(chosen, c[i].code), i == 0);
    }
    if (!n) { HTML_LIT(b, "<p>"); html_text(b, _("No partner is recorded yet.")); HTML_LIT(b, "</p>"); }
    assist_field_close(b, true);
    assist_textarea(b, "note", _("Scope of the assessment (optional)"),
                    _("What the parties should look at, for the parties only. At most 5,000 characters."), note, 3, errs);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, _("Open the assessment"));
    HTML_LIT(b, "</button></div></form>\n");
}

int assist_request_baselines_section(struct app *app, struct http_request *req, struct http_response *res, struct buf *b,
                                     const struct assist_request *q, struct err *e)
{
    struct baseline *v;
    size_t n;
    if (baseline_list_of_request(app->store, &req->arena, req->who, i18n_lang(), q->id, &v, &n, e) < 0) return -1;
    bool process = authz_allowed(req->who, AUTHZ_ASSIST_PROCESS, NULL);
    if (!n && !process) return 0;
    HTML_LIT(b, "<section aria-labelledby=\"baselines\"><h2 id=\"baselines\">");
    html_text(b, _("Joint baseline assessments"));
    HTML_LIT(b, "</h2>\n");
    bool under_way = false;
    if (!n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No joint baseline assessment has been opened for this request."));
        HTML_LIT(b, "</p>\n");
    } else {
        HTML_LIT(b, "<ul class=\"refs\">");
        for (size_t i = 0; i < n; i++) {
            under_way = under_way || strcmp(v[i].status, "open") == 0;
            HTML_LIT(b, "<li><a href=\"/baselines/");
            html_int(b, v[i].id);
            HTML_LIT(b, "\">");
            assist_html_fill(b, _("Assessment %s"), arena_printf(&req->arena, "%lld", v[i].id));
            HTML_LIT(b, "</a> ");
            assist_html_tag(b, strcmp(v[i].status, "open") == 0 ? "open" : "closed",
                            strcmp(v[i].status, "open") == 0 ? _("under way") : _("completed"));
            HTML_LIT(b, " ");
            assist_html_tag(b, v[i].is_public ? "matched" : "draft", v[i].is_public ? _("public") : _("shared between its parties"));
            HTML_LIT(b, " — ");
            for (size_t k = 1; k < v[i].nparties; k++) {
                if (k > 1) HTML_LIT(b, ", ");
                html_text(b, v[i].parties[k].name);
            }
            if (v[i].synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul>\n");
    }
    if (process && baseline_request_open(q->status, NULL)) {
        if (under_way) {
            HTML_LIT(b, "<p>");
            html_text(b, _("An assessment is under way: complete it before opening another."));
            HTML_LIT(b, "</p>\n");
        } else {
            HTML_LIT(b, "<h3>");
            html_text(b, _("Open a joint baseline assessment"));
            HTML_LIT(b, "</h3>\n");
            int rc;
            open_form(app, req, res, b, q->id, NULL, NULL, NULL, e, &rc);
            if (rc < 0) return -1;
        }
    }
    HTML_LIT(b, "</section>\n");
    return 0;
}

/* The page with the form alone (after a refused one: errs, the choices kept). */
static void new_page(struct app *app, struct http_request *req, struct http_response *res, const struct assist_strings *chosen,
                     const char *note, const struct assist_field_errors *errs)
{
    struct assist_request q;
    struct err e = ERR_NONE;
    if (assist_request_get(app->store, &req->arena, req->who, i18n_lang(), web_arg(req, 0)->n, &q, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    struct buf form = BUF_INIT;
    int rc;
    open_form(app, req, res, &form, q.id, chosen, note, errs, &e, &rc);
    if (rc < 0) { buf_cleanup(&form); web_fail(req, res, &e); return; }
    const char *heading = _("Open a joint baseline assessment");
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/assistance/requests/");
    html_int(b, q.id);
    HTML_LIT(b, "\">");
    html_text(b, q.title);
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, q.state_name ? q.state_name : q.iso3);
    HTML_LIT(b, "</p>\n<p>");
    html_text(b, _("The assessment is shared between the requesting State, the partners you choose and the Secretariat. "
                   "It becomes public only when the State and every partner agree."));
    HTML_LIT(b, "</p>\n");
    buf_append(b, form.data, form.len);
    buf_cleanup(&form);
    page_end(req, res);
}

void page_baseline_new(struct app *app, struct http_request *req, struct http_response *res)
{
    new_page(app, req, res, NULL, NULL, NULL);
}

void page_baseline_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *note = http_form(req, "note");
    json_t *partners = assist_form_list(req, "partners");
    if (http_form_bad(req)) { json_decref(partners); web_error(req, res, 400, _("The form could not be read.")); return; }
    struct assist_strings chosen = assist_strings_of(&req->arena, partners);
    struct baseline_field_errors errs = { .n = 0 };
    struct err e = ERR_NONE;
    long long id = baseline_open(app->store, req->who, web_arg(req, 0)->n, partners, note && *note ? note : NULL, &errs, &e);
    json_decref(partners);
    if (id > 0) {
        http_redirect(res, arena_printf(&req->arena, "/baselines/%lld?done=opened", id));
        return;
    }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    struct assist_field_errors shown;
    errors_of(&errs, &shown);
    new_page(app, req, res, &chosen, note, &shown);
}

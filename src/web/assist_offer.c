/*
 * assist_offer: one offer of assistance, /assistance/offers/{id}, with the open requests that
 * fit it best and why; and the partner's forms to record one (/assistance/offers/new) and to
 * change it (/assistance/offers/{id}/edit).  The domain decides who sees the contact and who
 * may change the offer (its partner only; an offer read from a State's report changes with
 * the report).  The form is read into the API's JSON fields; every problem is shown at once in
 * the error summary and next to its field, the values kept.
 */
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/template.h"
#include "web/assist_web.h"

#define MATCHES_SHOWN 10

static const char *or_empty(const char *s) { return s ? s : ""; }

static const char *region_label(const struct ref_item *r, size_t nr, const char *code)
{
    for (size_t i = 0; i < nr; i++)
        if (strcmp(r[i].code, code) == 0) return r[i].name;
    return code;
}

static void list_labels(struct buf *b, const struct assist_strings *l, const char *(*label)(const char *, const char *),
                        const char *none)
{
    if (!l->n) { html_text(b, none); return; }
    for (size_t i = 0; i < l->n; i++) {
        if (i) HTML_LIT(b, ", ");
        html_text(b, label(l->v[i], i18n_lang()));
    }
}

static void fact(struct buf *b, const char *label)
{
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

static void offer_facts(struct buf *b, const struct assist_offer *o, const struct ref_item *regions, size_t nr, bool signed_in)
{
    HTML_LIT(b, "<dl class=\"facts stacked\"><div><dt>");
    html_text(b, _("Partner"));
    HTML_LIT(b, "</dt><dd>");
    if (o->partner_iso3) {
        HTML_LIT(b, "<a href=\"/states/");
        html_urlpart(b, o->partner_iso3);
        HTML_LIT(b, "\">");
        html_text(b, or_empty(o->partner_name));
        HTML_LIT(b, "</a>");
    } else {
        html_text(b, or_empty(o->partner_name));
    }
    fact(b, _("Status"));
    assist_html_tag(b, o->status, assist_status_label(o->status));
    if (o->is_call) { HTML_LIT(b, " "); assist_html_tag(b, "call", _("Call for proposals")); }
    if (o->is_call) {
        fact(b, _("Deadline for proposals"));
        if (o->deadline && *o->deadline) i18n_html_date(b, o->deadline);
        else HTML_LIT(b, "—");
    }
    fact(b, _("Categories"));
    list_labels(b, &o->categories, assist_category_label, _("Every category"));
    fact(b, _("Kinds of assistance"));
    list_labels(b, &o->kinds, assist_kind_label, _("Every kind"));
    fact(b, _("Regions served"));
    if (!o->regions.n && !o->states.n) html_text(b, _("Everywhere"));
    for (size_t i = 0; i < o->regions.n; i++) {
        if (i) HTML_LIT(b, ", ");
        html_text(b, region_label(regions, nr, o->regions.v[i]));
    }
    if (o->states.n) {
        fact(b, _("States served"));
        for (size_t i = 0; i < o->states.n; i++) {
            if (i) HTML_LIT(b, ", ");
            HTML_LIT(b, "<a href=\"/states/");
            html_urlpart(b, o->states.v[i]);
            HTML_LIT(b, "\">");
            i18n_html_ltr(b, o->states.v[i]);
            HTML_LIT(b, "</a>");
        }
    }
    fact(b, _("Budget"));
    assist_html_budget(b, o);
    fact(b, _("Period"));
    assist_html_period(b, o->period_start, o->period_end);
    fact(b, _("Languages"));
    assist_html_langs(b, &o->languages);
    fact(b, _("Contact"));
    if (o->contact && *o->contact) { HTML_LIT(b, "<span class=\"free\">"); html_text(b, o->contact); HTML_LIT(b, "</span>"); }
    else if (!o->contact && !signed_in) html_text(b, _("Shown to signed-in users only."));
    else HTML_LIT(b, "—");
    fact(b, _("Source"));
    if (o->source.report) {
        HTML_LIT(b, "<a href=\"/reports/");
        html_int(b, o->source.report);
        if (o->source.version > 0) { HTML_LIT(b, "?version="); html_int(b, o->source.version); }
        HTML_LIT(b, "\">");
        html_text(b, _("A national report"));
        HTML_LIT(b, "</a>");
    } else {
        html_text(b, _("Recorded by the partner"));
    }
    if (o->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    HTML_LIT(b, "</dd></div></dl>\n");
}

static void banner(struct buf *b, const char *done)
{
    if (!done) return;
    const char *msg = strcmp(done, "created") == 0 ? _("The offer is recorded. The requests that fit it are listed below.")
                    : strcmp(done, "saved") == 0 ? _("The offer is saved.") : NULL;
    if (!msg) return;
    HTML_LIT(b, "<div class=\"banner banner-success\" role=\"status\"><p>");
    html_text(b, msg);
    HTML_LIT(b, "</p></div>\n");
}

void page_assist_offer(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const struct principal *who = req->who;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    struct err e = ERR_NONE;
    struct assist_offer o;
    struct assist_match *m;
    size_t nm;
    struct ref_item *regions;
    size_t nr;
    if (assist_offer_get(app->store, a, who, id, &o, &e) < 0 ||
        assist_matches_for_offer(app->store, a, who, lang, id, MATCHES_SHOWN, &m, &nm, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    if (ref_regions(app->store, a, lang, &regions, &nr, &e) < 0) { web_fail(req, res, &e); return; }
    long long own = assist_partner_of(app->store, who);
    page_begin(req, res, o.title && *o.title ? o.title : _("Offer of assistance"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/assistance\">");
    html_text(b, _("Requests for assistance"));
    HTML_LIT(b, "</a></nav>\n");
    banner(b, web_q(req, "done")->s);
    HTML_LIT(b, "<h1>");
    html_text(b, o.title && *o.title ? o.title : _("Offer of assistance"));
    HTML_LIT(b, "</h1>\n");
    offer_facts(b, &o, regions, nr, who->role != ROLE_PUBLIC);
    if (o.description && *o.description) {
        HTML_LIT(b, "<h2>");
        html_text(b, _("Description"));
        HTML_LIT(b, "</h2>\n<p class=\"free\">");
        html_text(b, o.description);
        HTML_LIT(b, "</p>\n");
    }
    if (authz_offer_edit(who, o.partner_id, own > 0 ? own : 0) && !o.source.report) {
        HTML_LIT(b, "<p><a href=\"/assistance/offers/");
        html_int(b, o.id);
        HTML_LIT(b, "/edit\">");
        html_text(b, _("Change this offer"));
        HTML_LIT(b, "</a></p>\n");
    }
    HTML_LIT(b, "<section aria-labelledby=\"matches\"><h2 id=\"matches\">");
    html_text(b, _("Requests that fit this offer"));
    HTML_LIT(b, "</h2>\n");
    if (!nm) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No open request fits this offer yet."));
        HTML_LIT(b, "</p>");
    } else {
        HTML_LIT(b, "<ol class=\"matches\">");
        for (size_t i = 0; i < nm; i++) {
            const struct assist_request *q = &m[i].request;
            HTML_LIT(b, "<li><h3><a href=\"/assistance/requests/");
            html_int(b, q->id);
            HTML_LIT(b, "\"");
            assist_html_lang(b, q->lang);
            HTML_LIT(b, ">");
            html_user_text(b, q->title);
            HTML_LIT(b, "</a></h3><p>");
            html_text(b, or_empty(q->state_name));
            HTML_LIT(b, " · ");
            html_text(b, _("Score"));
            HTML_LIT(b, " ");
            assist_html_score(b, m[i].score);
            HTML_LIT(b, "</p>");
            assist_html_reasons(b, &m[i]);
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ol>");
    }
    HTML_LIT(b, "</section>\n");
    page_end(req, res);
}

/* ---- the partner's form ---- */

struct offer_form {
    const char *title, *description, *budget_min, *budget_max, *period_start, *period_end, *contact, *deadline, *status;
    bool contact_public, is_call;
    struct assist_strings categories, kinds, regions, languages;
};

static void checkboxes_taxonomy(struct buf *b, const char *name, const char *list, const char *label, const char *hint,
                                const struct assist_strings *chosen, const struct assist_field_errors *errs)
{
    assist_field_open(b, name, label, hint, errs, true);
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), list), i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        assist_checkbox(b, name, id, assist_taxonomy_label(list, id), assist_has(chosen, id), i == 0);
    }
    assist_field_close(b, true);
}

static void form_page(struct app *app, struct http_request *req, struct http_response *res, long long id, const struct offer_form *v,
                      const struct assist_field_errors *errs)
{
    struct ref_item *regions;
    size_t nr;
    struct err e = ERR_NONE;
    if (ref_regions(app->store, &req->arena, i18n_lang(), &regions, &nr, &e) < 0) { web_fail(req, res, &e); return; }
    const char *heading = id ? _("Change the offer of assistance") : _("Record an offer of assistance");
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/account\">");
    html_text(b, _("Your account"));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("Offers are public, so that States can see who may help. Leave a list empty to take needs of every kind."));
    HTML_LIT(b, "</p>\n<form method=\"post\" class=\"stack wide\" novalidate action=\"");
    if (id) { HTML_LIT(b, "/assistance/offers/"); html_int(b, id); HTML_LIT(b, "/edit"); }
    else HTML_LIT(b, "/assistance/offers/new");
    HTML_LIT(b, "\">\n");
    web_csrf_field(req, res);
    assist_input(b, "title", _("Title"), _("A short name for the offer, at most 200 characters."), v->title, 60, false, errs);
    assist_textarea(b, "description", _("Description"), _("What you offer and on what terms. At most 5,000 characters."),
                    v->description, 5, errs);
    checkboxes_taxonomy(b, "categories", "categories", _("Thematic categories"), _("Leave all empty for every category."),
                        &v->categories, errs);
    checkboxes_taxonomy(b, "kinds", "kinds", _("Kinds of assistance"), _("Leave all empty for every kind."), &v->kinds, errs);
    assist_field_open(b, "regions", _("Regions served"), _("Continents, subregions and intermediate regions (UN M49). Leave all empty for everywhere."),
                      errs, true);
    bool first = true;
    for (size_t i = 0; i < nr; i++) {
        if (regions[i].level < 1 || regions[i].level > 3) continue;
        HTML_LIT(b, "<div");
        if (regions[i].level == 2) HTML_LIT(b, " class=\"sub\"");
        else if (regions[i].level == 3) HTML_LIT(b, " class=\"sub2\"");
        HTML_LIT(b, ">");
        assist_checkbox(b, "regions", regions[i].code, regions[i].name, assist_has(&v->regions, regions[i].code), first);
        HTML_LIT(b, "</div>");
        first = false;
    }
    assist_field_close(b, true);
    assist_input(b, "budget_min", _("Smallest amount in US dollars"), _("A whole number, like 50000. Leave empty for no minimum."),
                 v->budget_min, 16, true, errs);
    assist_input(b, "budget_max", _("Largest amount in US dollars"), _("A whole number, like 500000. Leave empty for no maximum."),
                 v->budget_max, 16, true, errs);
    assist_input(b, "period_start", _("Start of the period"), _("Year and month, like 2027-01."), v->period_start, 8, true, errs);
    assist_input(b, "period_end", _("End of the period"), _("Year and month, like 2028-12."), v->period_end, 8, true, errs);
    assist_field_open(b, "languages", _("Languages you work in"), _("Select all that apply."), errs, true);
    for (size_t i = 0; i < 6; i++)
        assist_checkbox(b, "languages", ASSIST_LANGS[i], i18n_autonym(ASSIST_LANGS[i]), assist_has(&v->languages, ASSIST_LANGS[i]), i == 0);
    assist_field_close(b, true);
    assist_input(b, "contact", _("Contact"), _("A name, an e-mail address or a telephone number. At most 300 characters."), v->contact,
                 40, false, errs);
    assist_field_open(b, "contact_public", _("Who sees the contact"), NULL, errs, true);
    assist_checkbox(b, "contact_public", "1", _("Show the contact to everyone, not only to signed-in users"), v->contact_public, true);
    assist_field_close(b, true);
    assist_field_open(b, "is_call", _("Call for proposals"), NULL, errs, true);
    assist_checkbox(b, "is_call", "1", _("This offer is a call for proposals of a fund, with a deadline"), v->is_call, true);
    assist_field_close(b, true);
    assist_input(b, "deadline", _("Deadline for proposals"), _("A date, like 2027-03-31. For a call for proposals."), v->deadline, 11,
                 true, errs);
    if (id) {
        static const char *const STATUSES[] = { "open", "closed", "withdrawn" };
        assist_select(b, "status", _("Status"), STATUSES, 3, assist_status_label, v->status, false, errs);
    }
    assist_form_end(b, id ? _("Save the offer") : _("Record the offer"),
                    id ? arena_printf(&req->arena, "/assistance/offers/%lld", id) : "/account");
    page_end(req, res);
}

static json_t *text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static void form_read(struct http_request *req, bool editing, struct offer_form *v, json_t *in)
{
    struct arena *a = &req->arena;
    v->title = http_form(req, "title");
    v->description = http_form(req, "description");
    v->budget_min = http_form(req, "budget_min");
    v->budget_max = http_form(req, "budget_max");
    v->period_start = http_form(req, "period_start");
    v->period_end = http_form(req, "period_end");
    v->contact = http_form(req, "contact");
    v->deadline = http_form(req, "deadline");
    v->status = http_form(req, "status");
    v->contact_public = http_form(req, "contact_public") != NULL;
    v->is_call = http_form(req, "is_call") != NULL;
    static const char *const LISTS[] = { "categories", "kinds", "regions", "languages" };
    struct assist_strings *dest[] = { &v->categories, &v->kinds, &v->regions, &v->languages };
    for (size_t i = 0; i < 4; i++) {
        json_t *l = assist_form_list(req, LISTS[i]);
        *dest[i] = assist_strings_of(a, l);
        json_object_set_new(in, LISTS[i], l);
    }
    json_object_set_new(in, "title", json_string(or_empty(v->title)));
    json_object_set_new(in, "description", text_or_null(v->description));
    assist_form_amount(in, "budget_min", v->budget_min);
    assist_form_amount(in, "budget_max", v->budget_max);
    json_object_set_new(in, "period_start", text_or_null(v->period_start));
    json_object_set_new(in, "period_end", text_or_null(v->period_end));
    json_object_set_new(in, "contact", text_or_null(v->contact));
    json_object_set_new(in, "deadline", text_or_null(v->deadline));
    json_object_set_new(in, "contact_public", json_boolean(v->contact_public));
    json_object_set_new(in, "is_call", json_boolean(v->is_call));
    if (editing && v->status && *v->status) json_object_set_new(in, "status", json_string(v->status));
}

void page_assist_offer_new(struct app *app, struct http_request *req, struct http_response *res)
{
    struct offer_form v = { 0 };
    form_page(app, req, res, 0, &v, NULL);
}

void page_assist_offer_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct offer_form v = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, false, &v, in);
    struct err e = ERR_NONE;
    long long id = assist_offer_create(app->store, req->who, in, &errs, &e);
    json_decref(in);
    if (assist_form_answered(req, res, id > 0, arena_printf(&req->arena, "/assistance/offers/%lld", id), "created", &e)) return;
    form_page(app, req, res, 0, &v, &errs);
}

/* The offer to change, if the asker may: false after answering. */
static bool load_editable(struct app *app, struct http_request *req, struct http_response *res, struct assist_offer *o)
{
    struct err e = ERR_NONE;
    if (assist_offer_get(app->store, &req->arena, req->who, web_arg(req, 0)->n, o, &e) < 0) {
        web_fail(req, res, &e);
        return false;
    }
    long long own = assist_partner_of(app->store, req->who);
    if (!authz_offer_edit(req->who, o->partner_id, own > 0 ? own : 0)) {
        web_error(req, res, 403, _("Only the partner who made this offer changes it."));
        return false;
    }
    if (o->source.report) {
        web_error(req, res, 403, _("This offer comes from a national report: it changes with the report."));
        return false;
    }
    return true;
}

void page_assist_offer_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_offer o;
    if (!load_editable(app, req, res, &o)) return;
    struct arena *a = &req->arena;
    struct offer_form v = { .title = o.title, .description = o.description, .period_start = o.period_start, .period_end = o.period_end,
                            .contact = o.contact, .deadline = o.deadline, .status = o.status, .contact_public = o.contact_public,
                            .is_call = o.is_call, .categories = o.categories, .kinds = o.kinds, .regions = o.regions,
                            .languages = o.languages };
    v.budget_min = o.has_min ? arena_printf(a, "%.0f", o.budget_min) : "";
    v.budget_max = o.has_max ? arena_printf(a, "%.0f", o.budget_max) : "";
    form_page(app, req, res, o.id, &v, NULL);
}

void page_assist_offer_edit_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_offer o;
    if (!load_editable(app, req, res, &o)) return;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct offer_form v = { 0 };
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = json_object();
    form_read(req, true, &v, in);
    struct err e = ERR_NONE;
    int rc = assist_offer_update(app->store, req->who, o.id, in, &errs, &e);
    json_decref(in);
    if (assist_form_answered(req, res, rc == 0, arena_printf(&req->arena, "/assistance/offers/%lld", o.id), "saved", &e)) return;
    form_page(app, req, res, o.id, &v, &errs);
}

/*
 * baseline: one joint baseline assessment, /baselines/{id}: the request it belongs to, its
 * parties and who agreed to publish it, the findings of each side side by side by category,
 * the Secretariat's summary.  To anyone who may not see it (not a party, not the Secretariat,
 * and not public) it is a 404, like an assessment that does not exist.
 *
 * A party records its own side on /baselines/{id}/side: a block per category it has findings
 * in (and the request's own category), plus one to add a category.  The form is checked by the
 * domain first: problems come back with the GOV.UK error summary, otherwise a "check your
 * answers" page lists what will be saved, each category with a Change button, and saves on
 * confirmation.  A party agrees to publish (or withdraws) with one button; the Secretariat
 * completes the assessment with a summary.  Works without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "web/assist_web.h"
#include "web/baseline_web.h"

#define BLOCKS_MAX 24   /* category blocks on the side form (the taxonomy has 18) */

static const char *or_empty(const char *s) { return s ? s : ""; }

static void banner(struct buf *b, const char *done)
{
    const char *msg = NULL;
    if (!done) return;
    if (strcmp(done, "opened") == 0) msg = _("The assessment is open. Its parties can now record their findings.");
    else if (strcmp(done, "saved") == 0) msg = _("Your side's findings are saved.");
    else if (strcmp(done, "agreed") == 0) msg = _("You agreed to make the assessment public. It is public once every party agrees.");
    else if (strcmp(done, "withdrawn") == 0) msg = _("You withdrew your agreement: the assessment is shared between its parties only.");
    else if (strcmp(done, "completed") == 0) msg = _("The assessment is completed. Its summary is attached to the request.");
    if (!msg) return;
    HTML_LIT(b, "<div class=\"banner banner-success\" role=\"status\"><p>");
    html_text(b, msg);
    HTML_LIT(b, "</p></div>\n");
}

/* Read the assessment named by the path; false after answering (404 to who may not see it). */
static bool load(struct app *app, struct http_request *req, struct http_response *res, struct baseline *b)
{
    struct err e = ERR_NONE;
    if (baseline_get(app->store, &req->arena, req->who, i18n_lang(), web_arg(req, 0)->n, b, &e) < 0) {
        web_fail(req, res, &e);
        return false;
    }
    return true;
}

static const char *party_name(const struct baseline *b, long long party)
{
    for (size_t i = 0; i < b->nparties; i++)
        if (b->parties[i].party == party) return b->parties[i].name;
    return "";
}

static const struct baseline_finding *finding_of(const struct baseline *b, long long party, const char *category)
{
    for (size_t i = 0; i < b->nfindings; i++)
        if (b->findings[i].party == party && strcmp(b->findings[i].category, category) == 0) return &b->findings[i];
    return NULL;
}

static void text_or_dash(struct buf *b, const char *t)
{
    if (t && *t) html_text(b, t);
    else HTML_LIT(b, "—");
}

static void fact(struct buf *b, const char *label)
{
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

static void facts(struct http_request *req, struct buf *b, const struct baseline *v)
{
    HTML_LIT(b, "<dl class=\"facts stacked\"><div><dt>");
    html_text(b, _("Request"));
    HTML_LIT(b, "</dt><dd><a href=\"/assistance/requests/");
    html_int(b, v->request_id);
    HTML_LIT(b, "\">");
    html_text(b, v->request_title);
    HTML_LIT(b, "</a>");
    fact(b, _("Requesting State"));
    HTML_LIT(b, "<a href=\"/states/");
    html_urlpart(b, v->iso3);
    HTML_LIT(b, "\">");
    html_text(b, v->state_name ? v->state_name : v->iso3);
    HTML_LIT(b, "</a>");
    fact(b, _("Status"));
    bool open = strcmp(v->status, "open") == 0;
    assist_html_tag(b, open ? "open" : "closed", open ? _("under way") : _("completed"));
    fact(b, _("Who can see it"));
    assist_html_tag(b, v->is_public ? "matched" : "draft", v->is_public ? _("public") : _("shared between its parties"));
    HTML_LIT(b, " ");
    html_text(b, v->is_public ? _("Everyone: the State and every partner agreed to publish it.")
                              : _("The requesting State, the partners taking part and the Secretariat."));
    fact(b, _("Opened"));
    i18n_html_date(b, v->created_at);
    if (v->completed_at && *v->completed_at) {
        fact(b, _("Completed"));
        i18n_html_date(b, v->completed_at);
    }
    if (v->synthetic) {
        fact(b, _("Data"));
        assist_html_tag(b, "synthetic", _("synthetic"));
    }
    HTML_LIT(b, "</dd></div></dl>\n");
    (void)req;
}

static void parties_html(struct buf *b, const struct baseline *v)
{
    HTML_LIT(b, "<h2 id=\"parties\">");
    html_text(b, _("Parties and publication"));
    HTML_LIT(b, "</h2>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-parties\"><table class=\"list\">"
                "<caption id=\"cap-parties\" class=\"visually-hidden\">");
    html_text(b, _("Parties and publication"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Party"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Side"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Agrees to make it public"));
    HTML_LIT(b, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < v->nparties; i++) {
        const struct baseline_party *p = &v->parties[i];
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, p->name);
        if (v->side >= 0 && p->party == v->side) { HTML_LIT(b, " ("); html_text(b, _("you")); HTML_LIT(b, ")"); }
        HTML_LIT(b, "</th><td>");
        html_text(b, p->party == 0 ? _("Requesting State") : _("Partner"));
        HTML_LIT(b, "</td><td>");
        assist_html_tag(b, p->agrees_public ? "accepted" : "interested", p->agrees_public ? _("Agrees") : _("Not yet"));
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}

/* The findings by category: one table per category, a column per party, rows findings, needs, capacities. */
static void findings_html(struct http_request *req, struct buf *b, const struct baseline *v)
{
    const char *lang = i18n_lang();
    HTML_LIT(b, "<h2 id=\"findings\">");
    html_text(b, _("Findings by category"));
    HTML_LIT(b, "</h2>\n");
    if (!v->nfindings) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No party has recorded findings yet."));
        HTML_LIT(b, "</p>\n");
        return;
    }
    static const char *const ROWS[3] = { N_("Findings"), N_("Needs"), N_("Capacities") };
    for (size_t i = 0; i < v->nfindings; i++) {
        const char *cat = v->findings[i].category;
        if (i > 0 && strcmp(v->findings[i - 1].category, cat) == 0) continue;
        const char *cap = arena_printf(&req->arena, "cap-%s", cat);
        HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
        html_text(b, cap);
        HTML_LIT(b, "\"><table class=\"list\"><caption id=\"");
        html_text(b, cap);
        HTML_LIT(b, "\"><h3>");
        html_text(b, assist_category_label(cat, lang));
        HTML_LIT(b, "</h3></caption><thead><tr><td></td>");
        for (size_t p = 0; p < v->nparties; p++) {
            HTML_LIT(b, "<th scope=\"col\">");
            html_text(b, v->parties[p].name);
            HTML_LIT(b, "</th>");
        }
        HTML_LIT(b, "</tr></thead><tbody>");
        for (int r = 0; r < 3; r++) {
            HTML_LIT(b, "<tr><th scope=\"row\">");
            html_text(b, _(ROWS[r]));
            HTML_LIT(b, "</th>");
            for (size_t p = 0; p < v->nparties; p++) {
                const struct baseline_finding *f = finding_of(v, v->parties[p].party, cat);
                HTML_LIT(b, "<td class=\"free\">");
                text_or_dash(b, f ? (r == 0 ? f->findings : r == 1 ? f->needs : f->capacities) : NULL);
                HTML_LIT(b, "</td>");
            }
            HTML_LIT(b, "</tr>");
        }
        HTML_LIT(b, "</tbody></table></div>\n");
    }
}

static const struct baseline_party *own_party(const struct baseline *v)
{
    for (size_t i = 0; v->side >= 0 && i < v->nparties; i++)
        if (v->parties[i].party == v->side) return &v->parties[i];
    return NULL;
}

static void publish_form(struct http_request *req, struct http_response *res, struct buf *b, const struct baseline *v)
{
    const struct baseline_party *me = own_party(v);
    if (!me) return;
    HTML_LIT(b, "<h2 id=\"publish\">");
    html_text(b, _("Publication"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, me->agrees_public ? _("You agree to make the assessment public. It stays public only while every party agrees.")
                                   : _("The assessment becomes public, for everyone to read, when the State and every partner agree. "
                                       "When a side changes its findings, the other sides agree again."));
    HTML_LIT(b, "</p>\n<form method=\"post\" action=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "/publish\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"agree\" value=\"");
    html_text(b, me->agrees_public ? "0" : "1");
    HTML_LIT(b, "\"><button type=\"submit\" class=\"");
    html_text(b, me->agrees_public ? "button-warning" : "button-secondary");
    HTML_LIT(b, "\">");
    html_text(b, me->agrees_public ? _("Withdraw your agreement to publish") : _("Agree to make it public"));
    HTML_LIT(b, "</button></form>\n");
}

static void complete_form(struct http_request *req, struct http_response *res, struct buf *b, const struct baseline *v,
                          const char *summary, const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<h2 id=\"complete\">");
    html_text(b, _("Complete the assessment"));
    HTML_LIT(b, "</h2>\n<form method=\"post\" class=\"stack wide\" novalidate action=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "/complete\">");
    web_csrf_field(req, res);
    assist_textarea(b, "summary", _("Summary of the assessment"),
                    _("The result, attached to the request: what the sides found and what should happen next. At most 5,000 characters."),
                    summary ? summary : v->summary, 6, errs);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, _("Complete the assessment"));
    HTML_LIT(b, "</button></div></form>\n");
}

static void view_page(struct http_request *req, struct http_response *res, const struct baseline *v, const char *summary,
                      const struct assist_field_errors *errs)
{
    const char *heading = arena_printf(&req->arena, _("Baseline assessment: %s"), v->request_title);
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/assistance\">");
    html_text(b, _("Requests for assistance"));
    HTML_LIT(b, "</a> › <a href=\"/assistance/requests/");
    html_int(b, v->request_id);
    HTML_LIT(b, "\">");
    assist_html_fill(b, _("Request %s"), arena_printf(&req->arena, "%lld", v->request_id));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    banner(b, web_q(req, "done")->s);
    HTML_LIT(b, "<p class=\"caption\">");
    assist_html_fill(b, _("Joint baseline assessment %s"), arena_printf(&req->arena, "%lld", v->id));
    HTML_LIT(b, "</p><h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n");
    facts(req, b, v);
    if (v->note && *v->note) {
        HTML_LIT(b, "<h2>");
        html_text(b, _("Scope"));
        HTML_LIT(b, "</h2>\n<p class=\"free\">");
        html_text(b, v->note);
        HTML_LIT(b, "</p>\n");
    }
    if (v->summary && *v->summary) {
        HTML_LIT(b, "<h2 id=\"summary\">");
        html_text(b, _("Summary"));
        HTML_LIT(b, "</h2>\n<p class=\"free\">");
        html_text(b, v->summary);
        HTML_LIT(b, "</p>\n");
    }
    parties_html(b, v);
    findings_html(req, b, v);
    if (v->may_write && strcmp(v->status, "open") == 0) {
        HTML_LIT(b, "<p><a class=\"button-primary\" href=\"/baselines/");
        html_int(b, v->id);
        HTML_LIT(b, "/side\">");
        html_text(b, _("Record your side's findings"));
        HTML_LIT(b, "</a></p>\n");
    }
    if (v->may_write) publish_form(req, res, b, v);
    if (v->may_complete) complete_form(req, res, b, v, summary, errs);
    page_end(req, res);
}

void page_baseline(struct app *app, struct http_request *req, struct http_response *res)
{
    struct baseline v;
    if (!load(app, req, res, &v)) return;
    view_page(req, res, &v, NULL, NULL);
}

/* ---------------------------------------------------------------- the Secretariat's summary, a party's agreement */

void page_baseline_complete_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct baseline v;
    if (!load(app, req, res, &v)) return;
    const char *summary = http_form(req, "summary");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    json_t *in = json_pack("{s:s, s:s}", "summary", or_empty(summary), "status", "completed");
    struct baseline_field_errors errs;
    struct err e = ERR_NONE;
    int rc = baseline_update(app->store, req->who, v.id, in, &errs, &e);
    json_decref(in);
    if (rc == 0) {
        http_redirect(res, arena_printf(&req->arena, "/baselines/%lld?done=completed", v.id));
        return;
    }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    struct assist_field_errors shown = { .n = 0 };
    for (size_t i = 0; i < errs.n && shown.n < sizeof shown.v / sizeof shown.v[0]; i++)
        shown.v[shown.n++] = (struct assist_field_error){ "summary", errs.v[i].msg };
    view_page(req, res, &v, summary, &shown);
}

void page_baseline_publish_post(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *agree = http_form(req, "agree");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    if (!agree || (strcmp(agree, "1") != 0 && strcmp(agree, "0") != 0)) {
        web_error(req, res, 400, _("Choose to agree to publish the assessment, or to withdraw your agreement."));
        return;
    }
    bool yes = strcmp(agree, "1") == 0;
    json_t *in = json_pack("{s:b}", "public", yes);
    struct baseline_field_errors errs;
    struct err e = ERR_NONE;
    long long id = web_arg(req, 0)->n;
    int rc = baseline_update(app->store, req->who, id, in, &errs, &e);
    json_decref(in);
    if (rc < 0) { web_fail(req, res, &e); return; }
    http_redirect(res, arena_printf(&req->arena, "/baselines/%lld?done=%s", id, yes ? "agreed" : "withdrawn"));
}

/* ---------------------------------------------------------------- a party's side */

/* One block of the side form. */
struct block { const char *category, *findings, *needs, *capacities; bool fixed; };
struct side_form { struct block v[BLOCKS_MAX]; size_t n; };

/* The blocks of the form as the side's findings stand: its categories, the request's, one to add. */
static void form_from(const struct baseline *v, struct side_form *f)
{
    f->n = 0;
    bool has_request_cat = false;
    for (size_t i = 0; i < v->nfindings && f->n < BLOCKS_MAX - 1; i++) {
        const struct baseline_finding *x = &v->findings[i];
        if (x->party != v->side) continue;
        has_request_cat = has_request_cat || strcmp(x->category, v->request_category) == 0;
        f->v[f->n++] = (struct block){ x->category, x->findings, x->needs, x->capacities, true };
    }
    if (!has_request_cat && f->n < BLOCKS_MAX - 1) f->v[f->n++] = (struct block){ v->request_category, "", "", "", true };
    f->v[f->n++] = (struct block){ NULL, "", "", "", false };
}

/* The posted blocks. */
static void form_read(struct http_request *req, struct side_form *f)
{
    const char *count = http_form(req, "blocks");
    long n = count ? strtol(count, NULL, 10) : 0;
    if (n < 0) n = 0;
    if (n > BLOCKS_MAX) n = BLOCKS_MAX;
    f->n = 0;
    for (long i = 0; i < n; i++) {
        struct block *x = &f->v[f->n++];
        x->category = http_form(req, arena_printf(&req->arena, "category-%ld", i));
        x->findings = or_empty(http_form(req, arena_printf(&req->arena, "findings-%ld", i)));
        x->needs = or_empty(http_form(req, arena_printf(&req->arena, "needs-%ld", i)));
        x->capacities = or_empty(http_form(req, arena_printf(&req->arena, "capacities-%ld", i)));
        const char *fixed = http_form(req, arena_printf(&req->arena, "fixed-%ld", i));
        x->fixed = fixed && strcmp(fixed, "1") == 0;
        if (x->category && !*x->category) x->category = NULL;
    }
}

/* The domain's input from the blocks; map[k]: the block of the k-th finding.  An empty new block is left out. */
static json_t *form_json(const struct side_form *f, size_t *map)
{
    json_t *list = json_array();
    for (size_t i = 0; i < f->n; i++) {
        const struct block *x = &f->v[i];
        if (!x->fixed && !x->category && !*x->findings && !*x->needs && !*x->capacities) continue;
        map[json_array_size(list)] = i;
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "category", or_empty(x->category), "findings", x->findings,
                                              "needs", x->needs, "capacities", x->capacities));
    }
    json_t *in = json_object();
    json_object_set_new(in, "findings", list);
    return in;
}

/* The domain's field names ("findings[2].needs") as the form's ("needs-<block>"), in the arena. */
static void form_errors(struct arena *a, const struct baseline_field_errors *errs, const size_t *map, size_t nmap,
                        struct assist_field_errors *out)
{
    out->n = 0;
    for (size_t i = 0; i < errs->n && out->n < sizeof out->v / sizeof out->v[0]; i++) {
        unsigned k;
        char what[24] = "";
        const char *field = "category-0";
        if (sscanf(errs->v[i].field, "findings[%u].%23s", &k, what) == 2 && k < nmap) field = arena_printf(a, "%s-%zu", what, map[k]);
        else if (sscanf(errs->v[i].field, "findings[%u]", &k) == 1 && k < nmap) field = arena_printf(a, "category-%zu", map[k]);
        out->v[out->n++] = (struct assist_field_error){ field, errs->v[i].msg };
    }
}

static void hidden(struct buf *b, const char *name, const char *value)
{
    HTML_LIT(b, "<input type=\"hidden\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" value=\"");
    html_text(b, or_empty(value));
    HTML_LIT(b, "\">");
}

static bool fixed_has(const struct side_form *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].fixed && f->v[i].category && strcmp(f->v[i].category, id) == 0) return true;
    return false;
}

static void category_select(struct buf *b, const char *name, const struct side_form *f, const char *value,
                            const struct assist_field_errors *errs)
{
    assist_field_open(b, name, _("Add a category"), _("Choose a category to add your findings in it, or leave this empty."), errs, false);
    HTML_LIT(b, "<select id=\"f-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\"");
    assist_describedby(b, name, true, errs);
    HTML_LIT(b, "><option value=\"\">");
    html_text(b, _("Choose one"));
    HTML_LIT(b, "</option>");
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), "categories"), i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        if (fixed_has(f, id)) continue;
        HTML_LIT(b, "<option value=\"");
        html_text(b, id);
        HTML_LIT(b, "\"");
        if (value && strcmp(value, id) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, assist_category_label(id, i18n_lang()));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select>");
    assist_field_close(b, false);
}

static void side_begin(struct http_request *req, struct http_response *res, const struct baseline *v, const char *heading,
                       const struct assist_field_errors *errs)
{
    if (errs && errs->n) res->status = 422;
    page_begin(req, res, errs && errs->n ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "\">");
    assist_html_fill(b, _("Joint baseline assessment %s"), arena_printf(&req->arena, "%lld", v->id));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, party_name(v, v->side));
    HTML_LIT(b, " · ");
    html_text(b, v->request_title);
    HTML_LIT(b, "</p>\n");
}

static void side_form_page(struct http_request *req, struct http_response *res, const struct baseline *v, const struct side_form *f,
                           const struct assist_field_errors *errs)
{
    const char *lang = i18n_lang();
    side_begin(req, res, v, _("Record your side's findings"), errs);
    struct buf *b = &res->body;
    HTML_LIT(b, "<p>");
    html_text(b, _("For each category, write what your side found, what is needed and what capacities exist. "
                   "Leave a category empty to remove your findings in it. You check everything before it is saved."));
    HTML_LIT(b, "</p>\n<form method=\"post\" class=\"stack wide\" novalidate action=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "/side\">");
    web_csrf_field(req, res);
    hidden(b, "blocks", arena_printf(&req->arena, "%zu", f->n));
    for (size_t i = 0; i < f->n; i++) {
        const struct block *x = &f->v[i];
        HTML_LIT(b, "<fieldset class=\"field\"><legend>");
        html_text(b, x->fixed ? assist_category_label(x->category, lang) : _("Another category"));
        HTML_LIT(b, "</legend>");
        if (x->fixed) {
            hidden(b, arena_printf(&req->arena, "category-%zu", i), x->category);
            hidden(b, arena_printf(&req->arena, "fixed-%zu", i), "1");
        } else {
            category_select(b, arena_printf(&req->arena, "category-%zu", i), f, x->category, errs);
        }
        assist_textarea(b, arena_printf(&req->arena, "findings-%zu", i), _("Findings"), _("What your side found. At most 5,000 characters."),
                 x->findings, 4, errs);
        assist_textarea(b, arena_printf(&req->arena, "needs-%zu", i), _("Needs"), NULL, x->needs, 4, errs);
        assist_textarea(b, arena_printf(&req->arena, "capacities-%zu", i), _("Capacities"), NULL, x->capacities, 4, errs);
        HTML_LIT(b, "</fieldset>\n");
    }
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"check\" class=\"button-primary\">");
    html_text(b, _("Continue"));
    HTML_LIT(b, "</button> <a href=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "\">");
    html_text(b, _("Cancel"));
    HTML_LIT(b, "</a></div></form>\n");
    page_end(req, res);
}

/* Check your answers: what will be saved, each category with a Change button; the values travel as hidden fields. */
static void side_check_page(struct http_request *req, struct http_response *res, const struct baseline *v, const struct side_form *f)
{
    const char *lang = i18n_lang();
    side_begin(req, res, v, _("Check your findings before saving them"), NULL);
    struct buf *b = &res->body;
    HTML_LIT(b, "<form method=\"post\" action=\"/baselines/");
    html_int(b, v->id);
    HTML_LIT(b, "/side\">");
    web_csrf_field(req, res);
    hidden(b, "blocks", arena_printf(&req->arena, "%zu", f->n));
    size_t shown = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct block *x = &f->v[i];
        hidden(b, arena_printf(&req->arena, "category-%zu", i), x->category);
        hidden(b, arena_printf(&req->arena, "fixed-%zu", i), x->fixed ? "1" : "0");
        hidden(b, arena_printf(&req->arena, "findings-%zu", i), x->findings);
        hidden(b, arena_printf(&req->arena, "needs-%zu", i), x->needs);
        hidden(b, arena_printf(&req->arena, "capacities-%zu", i), x->capacities);
        if (!x->category) continue;
        bool empty = !*x->findings && !*x->needs && !*x->capacities;
        if (empty && !finding_of(v, v->side, x->category)) continue;
        shown++;
        HTML_LIT(b, "<h2>");
        html_text(b, assist_category_label(x->category, lang));
        HTML_LIT(b, "</h2>\n");
        if (empty) {
            HTML_LIT(b, "<p>");
            html_text(b, _("Your findings in this category will be removed."));
            HTML_LIT(b, "</p>\n");
        } else {
            HTML_LIT(b, "<dl class=\"facts stacked\"><div><dt>");
            html_text(b, _("Findings"));
            HTML_LIT(b, "</dt><dd class=\"free\">");
            text_or_dash(b, x->findings);
            fact(b, _("Needs"));
            text_or_dash(b, x->needs);
            fact(b, _("Capacities"));
            text_or_dash(b, x->capacities);
            HTML_LIT(b, "</dd></div></dl>\n");
        }
    }
    if (!shown) {
        HTML_LIT(b, "<p>");
        html_text(b, _("Nothing will change: you have written no findings."));
        HTML_LIT(b, "</p>\n");
    }
    bool others_agree = false;
    for (size_t i = 0; i < v->nparties; i++) others_agree = others_agree || (v->parties[i].party != v->side && v->parties[i].agrees_public);
    if (others_agree) {
        HTML_LIT(b, "<div class=\"warning-box\"><p>");
        html_text(b, _("If your findings change, the other parties' agreement to publish the assessment is cleared: they agreed to the findings as they were."));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\" class=\"button-primary\">");
    html_text(b, _("Save your findings"));
    HTML_LIT(b, "</button> <button type=\"submit\" name=\"action\" value=\"change\" class=\"button-secondary\">");
    html_text(b, _("Change your findings"));
    HTML_LIT(b, "</button></div></form>\n");
    page_end(req, res);
}

/* Load the assessment for its side form: false after answering (404, or 403 for who is not a party, 409 when completed). */
static bool load_side(struct app *app, struct http_request *req, struct http_response *res, struct baseline *v)
{
    if (!load(app, req, res, v)) return false;
    if (!v->may_write) {
        web_error(req, res, 403, _("Only the parties to the assessment record findings: the requesting State and the partners taking part."));
        return false;
    }
    if (strcmp(v->status, "open") != 0) {
        web_error(req, res, 409, _("This assessment is completed: its findings and summary no longer change."));
        return false;
    }
    return true;
}

void page_baseline_side(struct app *app, struct http_request *req, struct http_response *res)
{
    struct baseline v;
    if (!load_side(app, req, res, &v)) return;
    struct side_form f;
    form_from(&v, &f);
    side_form_page(req, res, &v, &f, NULL);
}

void page_baseline_side_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct baseline v;
    if (!load_side(app, req, res, &v)) return;
    const char *action = http_form(req, "action");
    struct side_form f;
    form_read(req, &f);
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    if (action && strcmp(action, "change") == 0) {
        if (f.n < BLOCKS_MAX && (!f.n || f.v[f.n - 1].category)) f.v[f.n++] = (struct block){ NULL, "", "", "", false };
        side_form_page(req, res, &v, &f, NULL);
        return;
    }
    bool save = action && strcmp(action, "save") == 0;
    size_t map[BLOCKS_MAX];
    json_t *in = form_json(&f, map);
    size_t nmap = json_array_size(json_object_get(in, "findings"));
    struct baseline_field_errors errs;
    struct err e = ERR_NONE;
    int rc = save ? baseline_update(app->store, req->who, v.id, in, &errs, &e) : baseline_check(app->store, req->who, v.id, in, &errs, &e);
    json_decref(in);
    if (rc == 0 && save) {
        http_redirect(res, arena_printf(&req->arena, "/baselines/%lld?done=saved", v.id));
        return;
    }
    if (rc == 0) { side_check_page(req, res, &v, &f); return; }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    struct assist_field_errors shown;
    form_errors(&req->arena, &errs, map, nmap, &shown);
    side_form_page(req, res, &v, &f, &shown);
}

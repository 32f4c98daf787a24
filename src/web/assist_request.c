/*
 * assist_request: one request for assistance, /assistance/requests/{id}: what the State asks
 * (its State, category, kind, cost, period, PoA paragraphs linked to the text, languages,
 * proposal, status), where it comes from (a published report's version, or filed outside a
 * report), the offers that fit it best with their score and reasons, and the interests as the
 * asker may see them (the domain decides: the State and the Secretariat see the partners'
 * names, the State answers each with Accept or Decline; anyone else sees a count; a partner
 * its own).  Its procedure (stage, history, the move and withdrawal forms) comes from
 * web/assist_stage_page.c.  A signed-in partner marks interest with the form at the bottom.  The two POST
 * handlers here take those forms and send the asker back to the page (303) with a banner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/assist_stage_web.h"
#include "web/assist_web.h"
#include "web/baseline_web.h"
#include "web/project_web.h"

#define MATCHES_SHOWN 10

static void fact_open(struct buf *b, const char *label)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

static void fact_close(struct buf *b) { HTML_LIT(b, "</dd></div>"); }

static void banner(struct buf *b, const char *done)
{
    const char *msg = NULL;
    if (!done) return;
    if (strcmp(done, "created") == 0) msg = _("The request is filed. Partners can see it on the board now.");
    else if (strcmp(done, "saved") == 0) msg = _("The request is saved.");
    else if (strcmp(done, "interest") == 0) msg = _("Your interest is recorded. The State will accept or decline it.");
    else if (strcmp(done, "withdrawn") == 0) msg = _("Your interest is withdrawn.");
    else if (strcmp(done, "accepted") == 0) msg = _("You accepted the partner's interest. The request is now matched.");
    else if (strcmp(done, "declined") == 0) msg = _("You declined the partner's interest.");
    else if (strcmp(done, "moved") == 0) msg = _("The request has moved to its new stage.");
    else if (strcmp(done, "request-withdrawn") == 0) msg = _("The request is withdrawn. Partners see it as closed.");
    if (!msg) return;
    HTML_LIT(b, "<div class=\"banner banner-success\" role=\"status\"><p>");
    html_text(b, msg);
    HTML_LIT(b, "</p></div>\n");
}

static void facts(struct http_request *req, struct buf *b, const struct assist_request *q)
{
    const char *lang = i18n_lang();
    HTML_LIT(b, "<dl class=\"facts stacked\">");
    fact_open(b, _("State"));
    HTML_LIT(b, "<a href=\"/states/");
    html_urlpart(b, q->iso3);
    HTML_LIT(b, "\">");
    html_text(b, q->state_name ? q->state_name : q->iso3);
    HTML_LIT(b, "</a>");
    fact_close(b);
    fact_open(b, _("Status"));
    assist_html_tag(b, q->status, assist_status_label(q->status));
    fact_close(b);
    fact_open(b, _("Category"));
    html_text(b, assist_category_label(q->category, lang));
    fact_close(b);
    fact_open(b, _("Kind of assistance"));
    if (q->kind) html_text(b, assist_kind_label(q->kind, lang));
    else HTML_LIT(b, "—");
    fact_close(b);
    fact_open(b, _("Estimated cost"));
    if (q->has_cost) assist_html_money(b, q->cost, q->currency);
    else html_text(b, _("Not given"));
    fact_close(b);
    fact_open(b, _("Period"));
    assist_html_period(b, q->period_start, q->period_end);
    fact_close(b);
    fact_open(b, _("Programme of Action paragraphs"));
    assist_html_paragraphs(b, &q->paragraphs);
    fact_close(b);
    fact_open(b, _("In the national action plan or a regional road map"));
    html_text(b, q->in_plan == 1 ? _("Yes") : q->in_plan == 0 ? _("No") : _("Not said"));
    fact_close(b);
    fact_open(b, _("Languages the State works in"));
    assist_html_langs(b, &q->languages);
    fact_close(b);
    if (q->proposal_sha256) {   /* a report's file where the report serves it; a filed request's at its own address */
        fact_open(b, _("Project proposal"));
        if (q->source.report) {
            HTML_LIT(b, "<a href=\"/reports/");
            html_int(b, q->source.report);
            HTML_LIT(b, "/files/");
            html_urlpart(b, q->proposal_sha256);
        } else {
            HTML_LIT(b, "<a href=\"/assistance/requests/");
            html_int(b, q->id);
            HTML_LIT(b, "/proposal");
        }
        HTML_LIT(b, "\">");
        html_text(b, q->proposal_name && *q->proposal_name ? q->proposal_name : _("Download the proposal"));
        HTML_LIT(b, "</a>");
        fact_close(b);
    }
    fact_open(b, _("Source"));
    if (q->source.report) {
        HTML_LIT(b, "<a href=\"/reports/");
        html_int(b, q->source.report);
        if (q->source.version > 0) { HTML_LIT(b, "?version="); html_int(b, q->source.version); }
        HTML_LIT(b, "\">");
        if (q->source.version > 0) html_textf(b, _("National report for %d, version %d"), q->cycle, q->source.version);
        else html_textf(b, _("National report for %d"), q->cycle);
        HTML_LIT(b, "</a>");
    } else {
        html_text(b, _("Filed outside a report"));
        if (q->created_at) { HTML_LIT(b, ", "); i18n_html_date(b, q->created_at); }
        if (q->cycle) { HTML_LIT(b, " ("); html_textf(b, _("reporting cycle %d"), q->cycle); HTML_LIT(b, ")"); }
    }
    if (q->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    fact_close(b);
    HTML_LIT(b, "</dl>\n");
    (void)req;
}

static void matches_html(struct buf *b, const struct assist_match *m, size_t n)
{
    HTML_LIT(b, "<section aria-labelledby=\"matches\"><h2 id=\"matches\">");
    html_text(b, _("Offers that fit this request"));
    HTML_LIT(b, "</h2>\n");
    if (!n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No open offer fits this request yet."));
        HTML_LIT(b, "</p></section>\n");
        return;
    }
    HTML_LIT(b, "<ol class=\"matches\">");
    for (size_t i = 0; i < n; i++) {
        const struct assist_offer *o = &m[i].offer;
        HTML_LIT(b, "<li><h3><a href=\"/assistance/offers/");
        html_int(b, o->id);
        HTML_LIT(b, "\">");
        if (o->title && *o->title) html_user_text(b, o->title);
        else html_text(b, _("Offer"));
        HTML_LIT(b, "</a></h3><p>");
        html_text(b, o->partner_name ? o->partner_name : "");
        if (o->is_call) { HTML_LIT(b, " "); assist_html_tag(b, "call", _("Call for proposals")); }
        HTML_LIT(b, " · ");
        html_text(b, _("Score"));
        HTML_LIT(b, " ");
        assist_html_score(b, m[i].score);
        HTML_LIT(b, "</p>");
        assist_html_reasons(b, &m[i]);
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ol></section>\n");
}

/* Accept and Decline: two small POST forms for one partner's interest. */
static void answer_forms(struct http_request *req, struct http_response *res, struct buf *b, long long id, const char *partner,
                         const char *partner_name)
{
    static const char *const ANSWERS[2] = { "accept", "decline" };
    for (int k = 0; k < 2; k++) {
        HTML_LIT(b, "<form method=\"post\" class=\"inline\" action=\"/assistance/requests/");
        html_int(b, id);
        HTML_LIT(b, "/answer\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<input type=\"hidden\" name=\"partner\" value=\"");
        html_text(b, partner);
        HTML_LIT(b, "\"><input type=\"hidden\" name=\"answer\" value=\"");
        html_text(b, ANSWERS[k]);
        HTML_LIT(b, "\"><button type=\"submit\" class=\"");
        html_text(b, k == 0 ? "button-primary" : "button-secondary");
        HTML_LIT(b, "\">");
        html_text(b, k == 0 ? _("Accept") : _("Decline"));
        HTML_LIT(b, "<span class=\"visually-hidden\"> ");
        html_text(b, partner_name);
        HTML_LIT(b, "</span></button></form> ");
    }
}

static void interests_html(struct http_request *req, struct http_response *res, struct buf *b, const struct assist_request *q,
                           const struct assist_interest *v, size_t n, int count, bool answer, long long own)
{
    HTML_LIT(b, "<section aria-labelledby=\"interests\"><h2 id=\"interests\">");
    html_text(b, _("Partners interested"));
    HTML_LIT(b, "</h2>\n<p>");
    if (count == 0) html_text(b, _("No partner has marked interest yet."));
    else html_textf(b, count == 1 ? _("%d partner has marked interest.") : _("%d partners have marked interest."), count);
    HTML_LIT(b, "</p>\n");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) shown += v[i].partner_name != NULL;
    if (shown) {
        HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-interests\"><table class=\"list\">"
                    "<caption id=\"cap-interests\" class=\"visually-hidden\">");
        html_text(b, _("Partners interested"));
        HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
        html_text(b, _("Partner"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Note"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Answer"));
        HTML_LIT(b, "</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const struct assist_interest *x = &v[i];
            if (!x->partner_name) continue;
            HTML_LIT(b, "<tr><th scope=\"row\">");
            html_text(b, x->partner_name);
            if (own > 0 && x->partner_id == own) { HTML_LIT(b, " ("); html_text(b, _("you")); HTML_LIT(b, ")"); }
            HTML_LIT(b, "</th><td class=\"free\">");
            html_text(b, x->note && *x->note ? x->note : "—");
            HTML_LIT(b, "</td><td>");
            assist_html_tag(b, x->status, assist_interest_label(x->status));
            if (answer && x->partner_code && strcmp(x->status, "interested") == 0) {
                HTML_LIT(b, "<div class=\"actions\">");
                answer_forms(req, res, b, q->id, x->partner_code, x->partner_name);
                HTML_LIT(b, "</div>");
            }
            HTML_LIT(b, "</td></tr>");
        }
        HTML_LIT(b, "</tbody></table></div>\n");
    }
    HTML_LIT(b, "</section>\n");
}

/* A form with the one button that withdraws the partner's interest. */
static void withdraw_form(struct http_request *req, struct http_response *res, struct buf *b, long long id)
{
    HTML_LIT(b, "<form method=\"post\" action=\"/assistance/requests/");
    html_int(b, id);
    HTML_LIT(b, "/interest\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"withdraw\" value=\"1\"><button type=\"submit\" class=\"button-warning\">");
    html_text(b, _("Withdraw your interest"));
    HTML_LIT(b, "</button></form>\n");
}

/*
 * The partner's form: a note and which of its offers answers the need.  Once the State has
 * answered, the interest is no longer changed here (a new note would ask again): the answer
 * shows, with the button that withdraws it.
 */
static void interest_form(struct http_request *req, struct http_response *res, struct buf *b, const struct assist_request *q,
                          const struct assist_offer *offers, size_t noffers, const struct assist_interest *mine)
{
    bool active = mine && strcmp(mine->status, "withdrawn") != 0;
    bool answered = active && strcmp(mine->status, "interested") != 0;
    HTML_LIT(b, "<section aria-labelledby=\"mark\"><h2 id=\"mark\">");
    html_text(b, active ? _("Your interest") : _("Mark your interest"));
    HTML_LIT(b, "</h2>\n");
    if (active) {
        HTML_LIT(b, "<p>");
        assist_html_tag(b, mine->status, assist_interest_label(mine->status));
        HTML_LIT(b, "</p>\n");
    }
    if (answered) {
        withdraw_form(req, res, b, q->id);
        HTML_LIT(b, "</section>\n");
        return;
    }
    HTML_LIT(b, "<form method=\"post\" class=\"stack\" action=\"/assistance/requests/");
    html_int(b, q->id);
    HTML_LIT(b, "/interest\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div><label for=\"f-note\">");
    html_text(b, _("Note to the State"));
    HTML_LIT(b, "</label><p class=\"hint\" id=\"f-note-hint\">");
    html_text(b, _("What you can bring and whom the State should contact. At most 5,000 characters."));
    HTML_LIT(b, "</p><textarea id=\"f-note\" name=\"note\" rows=\"4\" maxlength=\"5000\" aria-describedby=\"f-note-hint\">");
    if (active && mine->note) html_text(b, mine->note);
    HTML_LIT(b, "</textarea></div>\n<div><label for=\"f-offer\">");
    html_text(b, _("Which of your offers answers it"));
    HTML_LIT(b, "</label><select id=\"f-offer\" name=\"offer\"><option value=\"\">");
    html_text(b, _("None in particular"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < noffers; i++) {
        HTML_LIT(b, "<option value=\"");
        html_int(b, offers[i].id);
        HTML_LIT(b, "\"");
        if (active && mine->offer_id == offers[i].id) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, offers[i].title && *offers[i].title ? offers[i].title : _("Offer"));
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div>\n<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, active ? _("Update your interest") : _("Mark interest"));
    HTML_LIT(b, "</button></div></form>\n");
    if (active) withdraw_form(req, res, b, q->id);
    HTML_LIT(b, "</section>\n");
}

void page_assist_request(struct app *app, struct http_request *req, struct http_response *res)
{
    assist_request_page(app, req, res, NULL, 200);
}

void assist_request_page(struct app *app, struct http_request *req, struct http_response *res,
                         const struct assist_field_errors *errs, int status)
{
    long long id = web_arg(req, 0)->n;
    const struct principal *who = req->who;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    struct err e = ERR_NONE;
    struct assist_request q;
    struct assist_match *m;
    size_t nm;
    struct assist_interest *iv;
    size_t ni;
    int count;
    struct assist_offer *offers = NULL;
    size_t noffers = 0;
    long long own = assist_partner_of(app->store, who);
    if (own < 0) { web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL }); return; }
    struct assist_stage_now now;
    if (assist_request_get(app->store, a, who, lang, id, &q, &e) < 0 ||
        assist_stage_get(app->store, a, who, id, time(NULL), &now, &e) < 0 ||
        assist_matches_for_request(app->store, a, who, lang, id, MATCHES_SHOWN, &m, &nm, &e) < 0 ||
        assist_interests_of_request(app->store, a, who, id, &iv, &ni, &count, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    if (own > 0) {
        struct assist_offer_filter of = { .partner_id = own, .open_only = true };
        if (assist_offers_list(app->store, a, who, &of, &offers, &noffers, &e) < 0) { web_fail(req, res, &e); return; }
    }
    struct buf projects = BUF_INIT;   /* its projects and "Start a project" (web/project_list.c), read before the page begins */
    if (project_request_section(app, req, &q, iv, ni, &projects, &e) < 0) { buf_cleanup(&projects); web_fail(req, res, &e); return; }
    bool answer = authz_allowed(who, AUTHZ_REQUEST_ANSWER, q.iso3);
    const struct assist_interest *mine = NULL;
    for (size_t i = 0; i < ni; i++)
        if (own > 0 && iv[i].partner_id == own) mine = &iv[i];
    if (errs && errs->n) res->status = status;
    page_begin(req, res, errs && errs->n ? arena_printf(a, "%s%s", _("Error: "), q.title) : q.title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/assistance\">");
    html_text(b, _("Requests for assistance"));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    banner(b, web_q(req, "done")->s);
    HTML_LIT(b, "<p class=\"caption\">");
    assist_html_fill(b, _("Request %s"), arena_printf(a, "%lld", q.id));
    HTML_LIT(b, "</p><h1");
    assist_html_lang(b, q.lang);
    HTML_LIT(b, ">");
    html_text(b, q.title);
    HTML_LIT(b, "</h1>\n");
    facts(req, b, &q);
    if (q.description && *q.description) {
        HTML_LIT(b, "<h2>");
        html_text(b, _("Description"));
        HTML_LIT(b, "</h2>\n<p class=\"free\"");
        assist_html_lang(b, q.lang);
        HTML_LIT(b, ">");
        html_text(b, q.description);
        HTML_LIT(b, "</p>\n");
    }
    if (who->role != ROLE_PUBLIC && authz_allowed(who, AUTHZ_REQUEST_EDIT, q.iso3)) {
        HTML_LIT(b, "<p><a href=\"/assistance/requests/");
        html_int(b, q.id);
        HTML_LIT(b, "/edit\">");
        html_text(b, _("Change this request"));
        HTML_LIT(b, "</a></p>\n");
    }
    assist_stage_html(req, res, b, q.id, &now, errs);
    matches_html(b, m, nm);
    interests_html(req, res, b, &q, iv, ni, count, answer, own);
    buf_append(b, projects.data, projects.len);
    buf_cleanup(&projects);
    if (assist_request_baselines_section(app, req, res, b, &q, &e) < 0) { web_fail(req, res, &e); return; }
    bool open = strcmp(q.status, "open") == 0 || strcmp(q.status, "matched") == 0;
    if (authz_allowed(who, AUTHZ_OFFER_MAKE, NULL) && own > 0 && open) interest_form(req, res, b, &q, offers, noffers, mine);
    else if (who->role == ROLE_PUBLIC && open) {
        HTML_LIT(b, "<p><a href=\"/login?next=");
        html_urlpart(b, arena_printf(a, "/assistance/requests/%lld", q.id));
        HTML_LIT(b, "\">");
        html_text(b, _("Sign in as a partner to mark your interest"));
        HTML_LIT(b, "</a></p>\n");
    }
    page_end(req, res);
}

/* ---- the forms' targets ---- */

static void back(struct http_request *req, struct http_response *res, long long id, const char *done)
{
    http_redirect(res, arena_printf(&req->arena, "/assistance/requests/%lld?done=%s", id, done));
}

void page_assist_interest_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const char *note = http_form(req, "note"), *offer = http_form(req, "offer"), *withdraw = http_form(req, "withdraw");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct err e = ERR_NONE;
    if (withdraw && *withdraw) {
        if (assist_interest_withdraw(app->store, req->who, id, &e) < 0) { web_fail(req, res, &e); return; }
        back(req, res, id, "withdrawn");
        return;
    }
    long long offer_id = 0;
    if (offer && *offer) {
        char *end;
        offer_id = strtoll(offer, &end, 10);
        if (*end || offer_id <= 0) { web_error(req, res, 400, _("Choose one of your offers, or none.")); return; }
    }
    if (assist_interest_mark(app->store, req->who, id, note, offer_id, &e) < 0) { web_fail(req, res, &e); return; }
    back(req, res, id, "interest");
}

void page_assist_answer_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const char *partner = http_form(req, "partner"), *answer = http_form(req, "answer");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    if (!partner || !*partner || !answer || (strcmp(answer, "accept") != 0 && strcmp(answer, "decline") != 0)) {
        web_error(req, res, 400, _("Choose Accept or Decline for one partner."));
        return;
    }
    bool accept = strcmp(answer, "accept") == 0;
    struct err e = ERR_NONE;
    if (assist_interest_decide(app->store, req->who, id, partner, accept, &e) < 0) { web_fail(req, res, &e); return; }
    back(req, res, id, accept ? "accepted" : "declined");
}

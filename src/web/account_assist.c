/*
 * account_assist: assistance on the account page.  A partner's workspace answers "what is
 * waiting for me?": its offers, each with the three requests that fit it best; the requests
 * it marked interest in with the State's answer; and the open requests that fit its offers,
 * narrowed by category, kind, region and cost (a GET form), best first.  A focal point sees
 * its State's requests and the partners' interests awaiting its answer.  Also the section of
 * the State page (/states/{ISO3}) listing a State's open requests and its offers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "web/assist_web.h"

#define TOP_PER_OFFER 3
#define FIT_SCAN 200            /* matches read per offer to rank the "requests that fit" */
#define FIT_SHOWN 25

static void request_link(struct buf *b, const struct assist_request *q)
{
    HTML_LIT(b, "<a href=\"/assistance/requests/");
    html_int(b, q->id);
    HTML_LIT(b, "\"");
    assist_html_lang(b, q->lang);
    HTML_LIT(b, ">");
    html_user_text(b, q->title);
    HTML_LIT(b, "</a>");
}

static void h2(struct buf *b, const char *id, const char *text)
{
    HTML_LIT(b, "<h2 id=\"");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, text);
    HTML_LIT(b, "</h2>\n");
}

static void para(struct buf *b, const char *text)
{
    HTML_LIT(b, "<p>");
    html_text(b, text);
    HTML_LIT(b, "</p>\n");
}

/* A scored request for the "requests that fit" list. */
struct fit { const struct assist_request *q; int score; };

static int fit_cmp(const void *a, const void *b)
{
    const struct fit *x = a, *y = b;
    if (x->score != y->score) return y->score - x->score;
    return x->q->id < y->q->id ? -1 : x->q->id > y->q->id;
}

static void select_taxonomy(struct buf *b, const char *name, const char *label, const char *list, const char *value)
{
    HTML_LIT(b, "<div><label for=\"w-");
    html_text(b, name);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label><select id=\"w-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\"><option value=\"\">");
    html_text(b, _("Any"));
    HTML_LIT(b, "</option>");
    assist_taxonomy_options(b, list, value);
    HTML_LIT(b, "</select></div>");
}

static void cost_input(struct buf *b, const char *name, const char *label, const struct http_value *v)
{
    HTML_LIT(b, "<div><label for=\"w-");
    html_text(b, name);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label><input id=\"w-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" inputmode=\"numeric\" dir=\"ltr\" size=\"12\" autocomplete=\"off\" value=\"");
    if (v->set) html_int(b, v->n);
    HTML_LIT(b, "\"></div>");
}

/* The filter form of "requests that fit".  -1 when the regions cannot be read. */
static int fit_form(struct app *app, struct http_request *req, struct buf *b)
{
    struct ref_item *regions;
    size_t nr;
    if (ref_regions(app->store, &req->arena, i18n_lang(), &regions, &nr, NULL) < 0) return -1;
    const char *region = web_q(req, "region")->s;
    HTML_LIT(b, "<form method=\"get\" action=\"/account#fit\" class=\"filters\" aria-labelledby=\"fit\">");
    select_taxonomy(b, "category", _("Category"), "categories", web_q(req, "category")->s);
    select_taxonomy(b, "kind", _("Kind of assistance"), "kinds", web_q(req, "kind")->s);
    HTML_LIT(b, "<div><label for=\"w-region\">");
    html_text(b, _("Region"));
    HTML_LIT(b, "</label><select id=\"w-region\" name=\"region\"><option value=\"\">");
    html_text(b, _("Any"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < nr; i++) {
        if (regions[i].level < 1 || regions[i].level > 3) continue;
        HTML_LIT(b, "<option value=\"");
        html_text(b, regions[i].code);
        HTML_LIT(b, "\"");
        if (region && strcmp(region, regions[i].code) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        for (int k = 1; k < regions[i].level; k++) HTML_LIT(b, "\xC2\xA0\xC2\xA0");
        html_text(b, regions[i].name);
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div>");
    cost_input(b, "cost_min", _("Cost from (USD)"), web_q(req, "cost_min"));
    cost_input(b, "cost_max", _("Cost up to (USD)"), web_q(req, "cost_max"));
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Filter"));
    HTML_LIT(b, "</button> <a href=\"/account#fit\">");
    html_text(b, _("Clear"));
    HTML_LIT(b, "</a></div></form>\n");
    return 0;
}

static void fits_table(struct buf *b, const struct fit *v, size_t n)
{
    const char *lang = i18n_lang();
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-fit\"><table class=\"list\">"
                "<caption id=\"cap-fit\" class=\"visually-hidden\">");
    html_text(b, _("Requests that fit your offers"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Request"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("State"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Category"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Estimated cost"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Best score"));
    HTML_LIT(b, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const struct assist_request *q = v[i].q;
        HTML_LIT(b, "<tr><th scope=\"row\">");
        request_link(b, q);
        HTML_LIT(b, "</th><td>");
        html_text(b, q->state_name ? q->state_name : q->iso3);
        HTML_LIT(b, "</td><td>");
        html_text(b, assist_category_label(q->category, lang));
        HTML_LIT(b, "</td><td class=\"num\">");
        if (q->has_cost) assist_html_money(b, q->cost, q->currency);
        else HTML_LIT(b, "—");
        HTML_LIT(b, "</td><td class=\"num\">");
        if (v[i].score >= 0) assist_html_score(b, v[i].score);
        else HTML_LIT(b, "—");
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}

int account_assist_partner(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e)
{
    (void)res;
    const struct principal *who = req->who;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    long long own = assist_partner_of(app->store, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    h2(b, "offers", _("Your offers of assistance"));
    if (own == 0) {
        para(b, _("This account speaks for no partner yet: ask an administrator to link it to your organisation."));
        return 0;
    }
    HTML_LIT(b, "<p><a href=\"/assistance/offers/new\">");
    html_text(b, _("Record an offer of assistance"));
    HTML_LIT(b, "</a> · <a href=\"/assistance\">");
    html_text(b, _("See every request for assistance"));
    HTML_LIT(b, "</a></p>\n");
    struct assist_offer *offers;
    size_t no;
    struct assist_offer_filter of = { .partner_id = own };
    if (assist_offers_list(app->store, a, who, &of, &offers, &no, e) < 0) return -1;
    /* The best score of each request over the partner's open offers, for "requests that fit". */
    struct fit *best = NULL;
    size_t nbest = 0, capbest = 0;
    if (!no) para(b, _("You have recorded no offer yet."));
    for (size_t i = 0; i < no; i++) {
        const struct assist_offer *o = &offers[i];
        bool open = strcmp(o->status, "open") == 0;
        struct assist_match *m = NULL;
        size_t nm = 0;
        if (open && assist_matches_for_offer(app->store, a, who, lang, o->id, FIT_SCAN, &m, &nm, e) < 0) return -1;
        HTML_LIT(b, "<section class=\"card\" aria-labelledby=\"offer-");
        html_int(b, o->id);
        HTML_LIT(b, "\"><h3 id=\"offer-");
        html_int(b, o->id);
        HTML_LIT(b, "\"><a href=\"/assistance/offers/");
        html_int(b, o->id);
        HTML_LIT(b, "\">");
        if (o->title && *o->title) html_user_text(b, o->title);
        else html_text(b, _("Offer"));
        HTML_LIT(b, "</a></h3><p>");
        assist_html_tag(b, o->status, assist_status_label(o->status));
        HTML_LIT(b, " · ");
        assist_html_budget(b, o);
        HTML_LIT(b, "</p>");
        if (open) {
            HTML_LIT(b, "<p>");
            html_text(b, nm ? _("The requests that fit it best:") : _("No open request fits it yet."));
            HTML_LIT(b, "</p>");
        }
        if (nm) HTML_LIT(b, "<ol>");
        for (size_t j = 0; j < nm; j++) {
            const struct assist_request *q = &m[j].request;
            if (j < TOP_PER_OFFER) {
                HTML_LIT(b, "<li>");
                request_link(b, q);
                HTML_LIT(b, " — ");
                html_text(b, q->state_name ? q->state_name : q->iso3);
                HTML_LIT(b, " · ");
                html_text(b, _("Score"));
                HTML_LIT(b, " ");
                assist_html_score(b, m[j].score);
                HTML_LIT(b, "</li>");
            }
            size_t k = 0;
            while (k < nbest && best[k].q->id != q->id) k++;
            if (k == nbest) {
                if (nbest == capbest) {
                    capbest = capbest ? capbest * 2 : 64;
                    struct fit *nb = arena_array(a, capbest, sizeof *nb);
                    if (nbest) memcpy(nb, best, nbest * sizeof *nb);
                    best = nb;
                }
                best[nbest++] = (struct fit){ q, m[j].score };
            } else if (m[j].score > best[k].score) {
                best[k].score = m[j].score;
            }
        }
        if (nm) HTML_LIT(b, "</ol>");
        HTML_LIT(b, "</section>\n");
    }
    /* The interests and the States' answers. */
    struct assist_interest *iv;
    size_t ni;
    if (assist_interests_mine(app->store, a, who, &iv, &ni, e) < 0) return -1;
    h2(b, "interests", _("Requests you are interested in"));
    if (!ni) para(b, _("You have marked interest in no request yet."));
    else {
        HTML_LIT(b, "<ul class=\"plain\">");
        for (size_t i = 0; i < ni; i++) {
            struct assist_request q;
            struct err qe = ERR_NONE;
            if (assist_request_get(app->store, a, who, lang, iv[i].request_id, &q, &qe) < 0) continue;
            HTML_LIT(b, "<li>");
            request_link(b, &q);
            HTML_LIT(b, " — ");
            html_text(b, q.state_name ? q.state_name : q.iso3);
            HTML_LIT(b, " ");
            assist_html_tag(b, iv[i].status, assist_interest_label(iv[i].status));
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul>\n");
    }
    /* Requests that fit, with the filters. */
    h2(b, "fit", _("Requests that fit your offers"));
    if (fit_form(app, req, b) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    const struct http_value *cmin = web_q(req, "cost_min"), *cmax = web_q(req, "cost_max");
    struct assist_request_filter rf = { .category = web_q(req, "category")->s, .kind = web_q(req, "kind")->s,
                                        .region = web_q(req, "region")->s, .open_only = true,
                                        .cost_min = cmin->set ? (double)cmin->n : -1, .cost_max = cmax->set ? (double)cmax->n : -1 };
    if (rf.category && !*rf.category) rf.category = NULL;
    if (rf.kind && !*rf.kind) rf.kind = NULL;
    if (rf.region && !*rf.region) rf.region = NULL;
    struct assist_request *rv;
    size_t nr;
    if (assist_requests_list(app->store, a, who, lang, &rf, &rv, &nr, e) < 0) return -1;
    struct fit *fits = arena_array(a, nr ? nr : 1, sizeof *fits);
    size_t nf = 0;
    for (size_t i = 0; i < nr; i++) {
        int score = -1;
        for (size_t k = 0; k < nbest; k++)
            if (best[k].q->id == rv[i].id) score = best[k].score;
        if (score < 0 && no) continue;   /* with offers: only what fits one of them */
        fits[nf++] = (struct fit){ &rv[i], score };
    }
    qsort(fits, nf, sizeof *fits, fit_cmp);
    HTML_LIT(b, "<p role=\"status\" class=\"count\">");
    if (nf > FIT_SHOWN) html_textf(b, _("The best %d of %d requests"), FIT_SHOWN, (int)nf);
    else html_textf(b, nf == 1 ? _("%d request") : _("%d requests"), (int)nf);
    HTML_LIT(b, "</p>\n");
    if (nf) fits_table(b, fits, nf > FIT_SHOWN ? FIT_SHOWN : nf);
    return 0;
}

int account_assist_state(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e)
{
    (void)res;
    const struct principal *who = req->who;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    struct assist_request_filter rf = { .iso3 = who->state_iso3, .open_only = true, .cost_min = -1, .cost_max = -1 };
    struct assist_request *rv;
    size_t nr;
    if (assist_requests_list(app->store, a, who, lang, &rf, &rv, &nr, e) < 0) return -1;
    h2(b, "assistance", _("Your State's requests for assistance"));
    /* What waits for the State's answer first. */
    size_t waiting = 0;
    struct buf list = BUF_INIT;
    for (size_t i = 0; i < nr; i++) {
        if (!rv[i].interests) continue;
        struct assist_interest *iv;
        size_t ni;
        int count;
        if (assist_interests_of_request(app->store, a, who, rv[i].id, &iv, &ni, &count, e) < 0) { buf_cleanup(&list); return -1; }
        for (size_t k = 0; k < ni; k++) {
            if (!iv[k].partner_name || strcmp(iv[k].status, "interested") != 0) continue;
            waiting++;
            HTML_LIT(&list, "<li>");
            html_user_text(&list, iv[k].partner_name);
            HTML_LIT(&list, " — ");
            request_link(&list, &rv[i]);
            HTML_LIT(&list, " <a href=\"/assistance/requests/");
            html_int(&list, rv[i].id);
            HTML_LIT(&list, "#interests\">");
            html_text(&list, _("Answer"));
            HTML_LIT(&list, "<span class=\"visually-hidden\"> ");
            html_text(&list, iv[k].partner_name);
            HTML_LIT(&list, "</span></a></li>");
        }
    }
    if (waiting) {
        HTML_LIT(b, "<div class=\"banner\" role=\"region\" aria-labelledby=\"awaiting\"><h3 id=\"awaiting\">");
        html_textf(b, waiting == 1 ? _("%d interest awaits your answer") : _("%d interests await your answer"), (int)waiting);
        HTML_LIT(b, "</h3><ul>");
        buf_append(b, list.data, list.len);
        HTML_LIT(b, "</ul></div>\n");
    }
    buf_cleanup(&list);
    HTML_LIT(b, "<p><a href=\"/assistance/requests/new\">");
    html_text(b, _("File a request for assistance"));
    HTML_LIT(b, "</a></p>\n");
    if (!nr) { para(b, _("Your State has no open request for assistance.")); return 0; }
    HTML_LIT(b, "<ul class=\"plain\">");
    for (size_t i = 0; i < nr; i++) {
        HTML_LIT(b, "<li>");
        request_link(b, &rv[i]);
        HTML_LIT(b, " ");
        assist_html_tag(b, rv[i].status, assist_status_label(rv[i].status));
        if (rv[i].interests) {
            HTML_LIT(b, " · ");
            html_textf(b, rv[i].interests == 1 ? _("%d partner interested") : _("%d partners interested"), rv[i].interests);
        }
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>\n");
    return 0;
}

int assist_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e)
{
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    struct principal pub;
    auth_public(&pub);
    struct assist_request_filter rf = { .iso3 = iso3, .open_only = true, .cost_min = -1, .cost_max = -1 };
    struct assist_request *rv;
    size_t nr;
    struct assist_offer *ov;
    size_t no;
    struct assist_offer_filter of = { .open_only = true };
    if (assist_requests_list(app->store, a, &pub, lang, &rf, &rv, &nr, e) < 0 ||
        assist_offers_list(app->store, a, &pub, &of, &ov, &no, e) < 0)
        return -1;
    HTML_LIT(b, "<section aria-labelledby=\"assistance\">\n<h2 id=\"assistance\">");
    html_text(b, _("Assistance"));
    HTML_LIT(b, "</h2>\n<h3>");
    html_text(b, _("Open requests for assistance"));
    HTML_LIT(b, "</h3>\n");
    if (!nr) para(b, _("None."));
    else {
        HTML_LIT(b, "<ul class=\"plain\">");
        for (size_t i = 0; i < nr; i++) {
            HTML_LIT(b, "<li>");
            request_link(b, &rv[i]);
            HTML_LIT(b, " — ");
            html_text(b, assist_category_label(rv[i].category, lang));
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul>\n<p><a href=\"/assistance?state=");
        html_urlpart(b, iso3);
        HTML_LIT(b, "\">");
        html_text(b, _("These requests on the board"));
        HTML_LIT(b, "</a></p>\n");
    }
    HTML_LIT(b, "<h3>");
    html_text(b, _("Offers of assistance"));
    HTML_LIT(b, "</h3>\n");
    size_t shown = 0;
    for (size_t i = 0; i < no; i++) {
        if (!ov[i].partner_iso3 || strcmp(ov[i].partner_iso3, iso3) != 0) continue;
        if (!shown++) HTML_LIT(b, "<ul class=\"plain\">");
        HTML_LIT(b, "<li><a href=\"/assistance/offers/");
        html_int(b, ov[i].id);
        HTML_LIT(b, "\">");
        if (ov[i].title && *ov[i].title) html_user_text(b, ov[i].title);
        else html_text(b, _("Offer"));
        HTML_LIT(b, "</a></li>");
    }
    if (shown) HTML_LIT(b, "</ul>\n");
    else para(b, _("None."));
    HTML_LIT(b, "</section>\n");
    return 0;
}

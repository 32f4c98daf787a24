/* home: what the system is, where the calendar stands (web/cycles.c), key figures; and /healthz. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/cycles.h"
#include "domain/refdata.h"
#include "domain/site.h"
#include "web/web.h"

static void figure(struct buf *b, long long n, const char *label)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
    i18n_html_number(b, n);
    HTML_LIT(b, "</dd></div>");
}

void page_home(struct app *app, struct http_request *req, struct http_response *res)
{
    struct site_counts n;
    struct err e = ERR_NONE;
    if (site_counts_get(app->store, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct cycle *cycles;
    size_t ncycles;
    if (cycle_list(app->store, &req->arena, &cycles, &ncycles, &e) < 0) { web_fail(req, res, &e); return; }
    cycle_names_in(app->store, &req->arena, cycles, ncycles, i18n_lang());
    page_begin(req, res, _("Home"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Programme of Action Implementation Support System"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("Every two years, States report on how they implement the UN Programme of Action on small arms and light weapons and the International Tracing Instrument. Here they submit their national reports; anyone can read and compare them; needs for assistance are matched with those able to help; and the Secretariat follows trends before each meeting of States."));
    HTML_LIT(b, "</p>\n");
    cycles_calendar_html(b, cycles, ncycles, req->who && authz_allowed(req->who, AUTHZ_CYCLES_MANAGE, NULL));
    HTML_LIT(b, "<section aria-labelledby=\"figures\">\n<h2 id=\"figures\">");
    html_text(b, _("Key figures"));
    HTML_LIT(b, "</h2>\n<dl class=\"figures\">");
    figure(b, n.members, _("UN Member States"));
    figure(b, n.observers, _("Observer States"));
    figure(b, n.orgs, _("Regional organisations"));
    figure(b, n.cycles, _("Reporting cycles since 2003"));
    figure(b, n.paragraphs, _("Paragraphs of the Programme of Action"));
    HTML_LIT(b, "</dl>\n</section>\n<section aria-labelledby=\"start\">\n<h2 id=\"start\">");
    html_text(b, _("Start here"));
    HTML_LIT(b, "</h2>\n<ul>\n<li><a href=\"/states\">");
    html_text(b, _("Find a State and its reports"));
    HTML_LIT(b, "</a></li>\n<li><a href=\"/documents/poa\">");
    html_text(b, _("Read the Programme of Action, paragraph by paragraph"));
    HTML_LIT(b, "</a></li>\n<li><a href=\"/cycles\">");
    html_text(b, _("See the reporting cycles and meetings of States"));
    HTML_LIT(b, "</a></li>\n<li><a href=\"/login\">");
    html_text(b, _("National points of contact: sign in to report"));
    HTML_LIT(b, "</a></li>\n</ul>\n</section>\n");
    page_end(req, res);
}

void page_healthz(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    struct site_counts n;
    res->content_type = "text/plain; charset=utf-8";
    http_response_header(res, "Cache-Control", "no-store");
    if (site_counts_get(app->store, &n, NULL) < 0) {
        res->status = 503;
        buf_puts(&res->body, "database unavailable\n");
        return;
    }
    buf_puts(&res->body, "ok\n");
}

/*
 * assist_common: what the assistance pages share (see web/assist_web.h): words for statuses,
 * amounts, periods, languages and paragraphs, the reasons of a match, the requests table
 * (one description for the board and its downloads), and the pieces of the request and offer
 * forms (GOV.UK error summary, error next to its field tied with aria-describedby).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/state.h"
#include "domain/template.h"
#include "web/assist_web.h"

const char *const ASSIST_LANGS[6] = { "en", "fr", "es", "ar", "ru", "zh" };

const char *assist_status_label(const char *status)
{
    if (!status) return "";
    if (strcmp(status, "open") == 0) return _("Open");
    if (strcmp(status, "matched") == 0) return _("Matched");
    if (strcmp(status, "closed") == 0) return _("Closed");
    if (strcmp(status, "withdrawn") == 0) return _("Withdrawn");
    if (strcmp(status, "superseded") == 0) return _("Superseded by a later report");
    return status;
}

const char *assist_interest_label(const char *status)
{
    if (!status) return "";
    if (strcmp(status, "interested") == 0) return _("Awaiting the State's answer");
    if (strcmp(status, "accepted") == 0) return _("Accepted");
    if (strcmp(status, "declined") == 0) return _("Declined");
    if (strcmp(status, "withdrawn") == 0) return _("Withdrawn");
    return status;
}

void assist_html_tag(struct buf *b, const char *status, const char *label)
{
    HTML_LIT(b, "<strong class=\"tag tag-assist-");
    html_text(b, status ? status : "");
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</strong>");
}

void assist_html_money(struct buf *b, double v, const char *currency)
{
    HTML_LIT(b, "<bdi>");
    i18n_html_number(b, llround(v));
    HTML_LIT(b, "\xC2\xA0");
    html_text(b, currency && *currency ? currency : "USD");
    HTML_LIT(b, "</bdi>");
}

void assist_html_budget(struct buf *b, const struct assist_offer *o)
{
    if (o->has_min && o->has_max) {
        HTML_LIT(b, "<bdi>");
        i18n_html_number(b, llround(o->budget_min));
        HTML_LIT(b, " – ");
        i18n_html_number(b, llround(o->budget_max));
        HTML_LIT(b, "\xC2\xA0");
        html_text(b, o->currency ? o->currency : "USD");
        HTML_LIT(b, "</bdi>");
    } else if (o->has_max) {
        html_text(b, _("up to"));
        HTML_LIT(b, " ");
        assist_html_money(b, o->budget_max, o->currency);
    } else if (o->has_min) {
        html_text(b, _("from"));
        HTML_LIT(b, " ");
        assist_html_money(b, o->budget_min, o->currency);
    } else {
        HTML_LIT(b, "—");
    }
}

void assist_html_period(struct buf *b, const char *start, const char *end)
{
    bool s = start && *start, e = end && *end;
    if (!s && !e) { HTML_LIT(b, "—"); return; }
    HTML_LIT(b, "<bdi dir=\"ltr\">");
    html_text(b, s ? start : "…");
    HTML_LIT(b, " – ");
    html_text(b, e ? end : "…");
    HTML_LIT(b, "</bdi>");
}

void assist_html_langs(struct buf *b, const struct assist_strings *l)
{
    if (!l->n) { HTML_LIT(b, "—"); return; }
    for (size_t i = 0; i < l->n; i++) {
        if (i) HTML_LIT(b, ", ");
        const char *name = i18n_autonym(l->v[i]);
        HTML_LIT(b, "<span lang=\"");
        html_text(b, strcmp(l->v[i], "zh") == 0 ? "zh-CN" : l->v[i]);
        HTML_LIT(b, "\"");
        if (strcmp(l->v[i], "ar") == 0) HTML_LIT(b, " dir=\"rtl\"");
        HTML_LIT(b, ">");
        html_text(b, name && *name ? name : l->v[i]);
        HTML_LIT(b, "</span>");
    }
}

void assist_html_paragraphs(struct buf *b, const struct assist_strings *p)
{
    if (!p->n) { HTML_LIT(b, "—"); return; }
    for (size_t i = 0; i < p->n; i++) {
        if (i) HTML_LIT(b, ", ");
        const char *x = p->v[i];
        bool poa = strncmp(x, "PoA ", 4) == 0;
        if (poa) { HTML_LIT(b, "<a href=\"/documents/poa#"); html_urlpart(b, x + 4); HTML_LIT(b, "\">"); }
        i18n_html_ltr(b, x);
        if (poa) HTML_LIT(b, "</a>");
    }
}

void assist_html_fill(struct buf *b, const char *fmt, const char *value)
{
    const char *at = strstr(fmt, "%s");
    if (!at) { html_text(b, fmt); return; }
    html_textn(b, fmt, (size_t)(at - fmt));
    i18n_html_ltr(b, value);
    html_text(b, at + 2);
}

void assist_html_score(struct buf *b, int score)
{
    HTML_LIT(b, "<bdi>");
    i18n_html_number(b, score);
    HTML_LIT(b, "/100</bdi>");
}

void assist_html_reasons(struct buf *b, const struct assist_match *m)
{
    HTML_LIT(b, "<ul class=\"reasons\">");
    for (size_t i = 0; i < m->nreasons; i++) {
        const struct assist_reason *r = &m->reasons[i];
        HTML_LIT(b, "<li class=\"");
        html_text(b, r->fits ? "fits" : "misfit");
        HTML_LIT(b, "\"><span class=\"icon\" aria-hidden=\"true\">");
        if (r->fits) HTML_LIT(b, "✓");
        else HTML_LIT(b, "✗");
        HTML_LIT(b, "</span> <strong>");
        html_text(b, r->fits ? _("Fits:") : _("Does not fit:"));
        HTML_LIT(b, "</strong> ");
        html_text(b, r->text);
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>");
}

/* ---- the requests table ---- */

void assist_requests_table(struct table *t, const struct assist_request *v, size_t n, const struct assist_place *places)
{
    static const struct table_col cols_tpl[] = {
        { "id", N_("Number"), TABLE_COL_NOHTML, 0 },
        { "title", N_("Request"), TABLE_COL_ROWHEAD, 20 },
        { "state", N_("State code"), TABLE_COL_NOHTML, 0 },
        { "state_name", N_("State"), 0, 0 },
        { "region", N_("Region code"), TABLE_COL_NOHTML, 0 },
        { "subregion", N_("Subregion code"), TABLE_COL_NOHTML, 0 },
        { "category", N_("Category code"), TABLE_COL_NOHTML, 0 },
        { "category_name", N_("Category"), 0, 0 },
        { "kind", N_("Kind code"), TABLE_COL_NOHTML, 0 },
        { "kind_name", N_("Kind of assistance"), 0, 0 },
        { "estimated_cost", N_("Estimated cost (USD)"), TABLE_COL_NUM | TABLE_COL_LTR | TABLE_COL_AMOUNT, 0 },
        { "period_start", N_("Period start"), TABLE_COL_NOHTML, 0 },
        { "period_end", N_("Period end"), TABLE_COL_NOHTML, 0 },
        { "status", N_("Status code"), TABLE_COL_NOHTML, 0 },
        { "status_name", N_("Status"), TABLE_COL_TAG, 0 },
        { "cycle", N_("Cycle"), TABLE_COL_LTR, 0 },
        { "report", N_("Report"), TABLE_COL_NOHTML, 0 },
        { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
        { "interests", N_("Partners interested"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    const char *lang = i18n_lang();
    for (size_t i = 0; i < n; i++) {
        const struct assist_request *q = &v[i];
        table_int(t, q->id);
        table_text_user(t, NULL, q->title, NULL);
        table_text(t, q->iso3);
        table_text(t, q->state_name);
        table_text(t, places ? places[i].region : NULL);
        table_text(t, places ? places[i].subregion : NULL);
        table_text(t, q->category);
        table_text(t, assist_category_label(q->category, lang));
        table_text(t, q->kind);
        table_text(t, q->kind ? assist_kind_label(q->kind, lang) : NULL);
        if (q->has_cost) table_number(t, q->cost);
        else table_empty(t);
        table_text(t, q->period_start);
        table_text(t, q->period_end);
        table_text(t, q->status);
        table_text(t, assist_status_label(q->status));
        if (q->cycle) table_int(t, q->cycle);
        else table_empty(t);
        if (q->source.report) table_int(t, q->source.report);
        else table_empty(t);
        table_bool(t, q->synthetic);
        table_int(t, q->interests);
        char url[48];
        snprintf(url, sizeof url, "/assistance/requests/%lld", q->id);
        table_text(t, url);
    }
}

int assist_places(struct app *app, struct http_request *req, const struct assist_request *v, size_t n,
                  struct assist_place **out, struct err *e)
{
    struct state *st;
    size_t ns;
    struct state_filter sf = { 0 };
    *out = arena_array(&req->arena, n ? n : 1, sizeof **out);
    if (state_list(app->store, &req->arena, &sf, "en", &st, &ns, e) < 0) return -1;
    for (size_t i = 0; i < n; i++) {
        (*out)[i] = (struct assist_place){ NULL, NULL, NULL };
        for (size_t j = 0; j < ns; j++)
            if (strcmp(st[j].iso3, v[i].iso3) == 0) {
                (*out)[i] = (struct assist_place){ st[j].region.code, st[j].subregion.code, st[j].intermediate.code };
                break;
            }
    }
    return 0;
}

/* ---- forms ---- */

const char *assist_field_error(const struct assist_field_errors *errs, const char *field)
{
    if (!errs) return NULL;
    for (size_t i = 0; i < errs->n; i++)
        if (strcmp(errs->v[i].field, field) == 0) return errs->v[i].msg;
    return NULL;
}

void assist_error_summary(struct buf *b, const struct assist_field_errors *errs)
{
    if (!errs || !errs->n) return;
    HTML_LIT(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus id=\"error-summary\" "
                "aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">");
    html_text(b, _("There is a problem"));
    HTML_LIT(b, "</h2><ul>");
    for (size_t i = 0; i < errs->n; i++) {
        HTML_LIT(b, "<li><a href=\"#f-");
        html_text(b, *errs->v[i].field ? errs->v[i].field : "title");
        HTML_LIT(b, "\">");
        html_text(b, _(errs->v[i].msg));
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ul></div>\n");
}

void assist_field_open(struct buf *b, const char *name, const char *label, const char *hint,
                       const struct assist_field_errors *errs, bool legend)
{
    const char *err = assist_field_error(errs, name);
    if (legend) HTML_LIT(b, "<fieldset class=\"field");
    else HTML_LIT(b, "<div class=\"field");
    if (err) HTML_LIT(b, " field-error");
    HTML_LIT(b, "\"");
    if (legend && (hint || err)) {
        HTML_LIT(b, " aria-describedby=\"");
        if (hint) { HTML_LIT(b, "f-"); html_text(b, name); HTML_LIT(b, "-hint"); }
        if (hint && err) HTML_LIT(b, " ");
        if (err) { HTML_LIT(b, "f-"); html_text(b, name); HTML_LIT(b, "-error"); }
        HTML_LIT(b, "\"");
    }
    HTML_LIT(b, ">");
    if (legend) {
        HTML_LIT(b, "<legend>");
        html_text(b, label);
        HTML_LIT(b, "</legend>");
    } else {
        HTML_LIT(b, "<label for=\"f-");
        html_text(b, name);
        HTML_LIT(b, "\">");
        html_text(b, label);
        HTML_LIT(b, "</label>");
    }
    if (hint) {
        HTML_LIT(b, "<p class=\"hint\" id=\"f-");
        html_text(b, name);
        HTML_LIT(b, "-hint\">");
        html_text(b, hint);
        HTML_LIT(b, "</p>");
    }
    if (err) {
        HTML_LIT(b, "<p class=\"error\" id=\"f-");
        html_text(b, name);
        HTML_LIT(b, "-error\"><span class=\"visually-hidden\">");
        html_text(b, _("Error:"));
        HTML_LIT(b, "</span> ");
        html_text(b, _(err));
        HTML_LIT(b, "</p>");
    }
}

void assist_field_close(struct buf *b, bool legend)
{
    if (legend) HTML_LIT(b, "</fieldset>\n");
    else HTML_LIT(b, "</div>\n");
}

void assist_describedby(struct buf *b, const char *name, bool hint, const struct assist_field_errors *errs)
{
    bool err = assist_field_error(errs, name) != NULL;
    if (!hint && !err) return;
    HTML_LIT(b, " aria-describedby=\"");
    if (hint) { HTML_LIT(b, "f-"); html_text(b, name); HTML_LIT(b, "-hint"); }
    if (hint && err) HTML_LIT(b, " ");
    if (err) { HTML_LIT(b, "f-"); html_text(b, name); HTML_LIT(b, "-error"); }
    HTML_LIT(b, "\"");
    if (err) HTML_LIT(b, " aria-invalid=\"true\"");
}

void assist_input(struct buf *b, const char *name, const char *label, const char *hint, const char *value, int width,
                  bool ltr, const struct assist_field_errors *errs)
{
    assist_field_open(b, name, label, hint, errs, false);
    HTML_LIT(b, "<input id=\"f-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" size=\"");
    html_int(b, width);
    HTML_LIT(b, "\"");
    if (ltr) HTML_LIT(b, " dir=\"ltr\"");
    if (width <= 20) HTML_LIT(b, " autocomplete=\"off\"");
    HTML_LIT(b, " value=\"");
    html_text(b, value ? value : "");
    HTML_LIT(b, "\"");
    assist_describedby(b, name, hint != NULL, errs);
    HTML_LIT(b, ">");
    assist_field_close(b, false);
}

void assist_textarea(struct buf *b, const char *name, const char *label, const char *hint, const char *value, int rows,
                     const struct assist_field_errors *errs)
{
    assist_field_open(b, name, label, hint, errs, false);
    HTML_LIT(b, "<textarea id=\"f-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" rows=\"");
    html_int(b, rows);
    HTML_LIT(b, "\"");
    assist_describedby(b, name, hint != NULL, errs);
    HTML_LIT(b, ">");
    html_text(b, value);
    HTML_LIT(b, "</textarea>");
    assist_field_close(b, false);
}

void assist_form_end(struct buf *b, const char *submit, const char *cancel_href)
{
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, submit);
    HTML_LIT(b, "</button> <a href=\"");
    html_text(b, cancel_href);
    HTML_LIT(b, "\">");
    html_text(b, _("Cancel"));
    HTML_LIT(b, "</a></div>\n</form>\n");
}

/* A checkbox or a radio button with its label: id f-<name>-<value> ("unsaid" for the empty value), f-<name> for the first. */
static void choice(struct buf *b, bool radio, const char *name, const char *value, const char *label, bool checked, bool first)
{
    const char *suffix = *value ? value : "unsaid";
    if (radio) HTML_LIT(b, "<div class=\"choice\"><input type=\"radio\" id=\"f-");
    else HTML_LIT(b, "<div class=\"choice\"><input type=\"checkbox\" id=\"f-");
    html_text(b, name);
    if (!first) { HTML_LIT(b, "-"); html_text(b, suffix); }
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (checked) HTML_LIT(b, " checked");
    HTML_LIT(b, "><label for=\"f-");
    html_text(b, name);
    if (!first) { HTML_LIT(b, "-"); html_text(b, suffix); }
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label></div>");
}

void assist_checkbox(struct buf *b, const char *name, const char *value, const char *label, bool checked, bool first)
{
    choice(b, false, name, value, label, checked, first);
}

void assist_radio(struct buf *b, const char *name, const char *value, const char *label, const char *current, bool first)
{
    choice(b, true, name, value, label, strcmp(current ? current : "", value) == 0, first);
}

bool assist_has(const struct assist_strings *l, const char *s)
{
    for (size_t i = 0; l && s && i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return true;
    return false;
}

void assist_form_amount(json_t *in, const char *key, const char *raw)
{
    if (!raw) return;
    char clean[64];
    size_t n = 0;
    for (const char *p = raw; *p && n + 1 < sizeof clean; p++) {
        if (*p == ',' || *p == ' ' || *p == '_') continue;
        if ((unsigned char)*p == 0xC2 && (unsigned char)p[1] == 0xA0) { p++; continue; }   /* a no-break space */
        clean[n++] = *p;
    }
    clean[n] = 0;
    if (!n) { json_object_set_new(in, key, json_null()); return; }
    char *end;
    double v = strtod(clean, &end);
    /* Not a number: sent as the text typed, so the domain names the problem with the others. */
    if (*end || !isfinite(v) || strlen(raw) > 40) json_object_set_new(in, key, json_string(raw));
    else json_object_set_new(in, key, json_real(v));
}

json_t *assist_form_list(struct http_request *req, const char *name)
{
    json_t *l = json_array();
    http_form(req, "");
    if (req->form.n == (size_t)-1) return l;
    for (size_t i = 0; i < req->form.n; i++)
        if (strcmp(req->form.v[i].name, name) == 0 && req->form.v[i].value && *req->form.v[i].value)
            json_array_append_new(l, json_string(req->form.v[i].value));
    return l;
}

struct assist_strings assist_strings_of(struct arena *a, json_t *list)
{
    struct assist_strings s = { NULL, 0 };
    size_t n = json_array_size(list);
    s.v = arena_array(a, n ? n : 1, sizeof *s.v);
    for (size_t i = 0; i < n; i++) {
        const char *x = json_string_value(json_array_get(list, i));
        if (x) s.v[s.n++] = arena_strdup(a, x);
    }
    return s;
}

const char *assist_taxonomy_label(const char *list, const char *id)
{
    return strcmp(list, "categories") == 0 ? assist_category_label(id, i18n_lang()) : assist_kind_label(id, i18n_lang());
}

void assist_taxonomy_options(struct buf *b, const char *list, const char *value)
{
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), list), i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        HTML_LIT(b, "<option value=\"");
        html_text(b, id);
        HTML_LIT(b, "\"");
        if (value && strcmp(value, id) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, assist_taxonomy_label(list, id));
        HTML_LIT(b, "</option>");
    }
}

void assist_html_lang(struct buf *b, const char *lang)
{
    if (!lang || !*lang) return;
    HTML_LIT(b, " lang=\"");
    html_text(b, lang);
    HTML_LIT(b, "\" dir=\"auto\"");
}

bool assist_form_answered(struct http_request *req, struct http_response *res, bool ok, const char *path, const char *done,
                          const struct err *e)
{
    if (ok) {
        http_redirect(res, arena_printf(&req->arena, "%s?done=%s", path, done));
        return true;
    }
    if (e->code == ERR_INVALID) return false;
    web_fail(req, res, e);
    return true;
}

void assist_select_open(struct buf *b, const char *name, const char *text, const struct assist_field_errors *errs)
{
    assist_field_open(b, name, text, NULL, errs, false);
    HTML_LIT(b, "<select id=\"f-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\"");
    assist_describedby(b, name, false, errs);
    HTML_LIT(b, ">");
}

void assist_select_close(struct buf *b)
{
    HTML_LIT(b, "</select>");
    assist_field_close(b, false);
}

void assist_select(struct buf *b, const char *name, const char *text, const char *const *values, size_t n,
                   const char *(*label)(const char *), const char *value, bool lang_options, const struct assist_field_errors *errs)
{
    assist_select_open(b, name, text, errs);
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, values[i]);
        HTML_LIT(b, "\"");
        if (lang_options) { HTML_LIT(b, " lang=\""); html_text(b, values[i]); HTML_LIT(b, "\""); }
        if (value && strcmp(value, values[i]) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, label(values[i]));
        HTML_LIT(b, "</option>");
    }
    assist_select_close(b);
}

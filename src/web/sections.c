/*
 * sections: the thematic cross-view of one section of the template: every State that
 * published a report for a cycle, one row each, with its answers to the section's questions
 * side by side, and a count of yes / no / developing / no response under each such question.
 * "No response" and "not applicable" (skipped by the template's conditions) are shown as
 * what they are, never as No.  Also as CSV, XLSX and JSON (web/table_export).
 *
 *   GET /sections/{id}[.csv|.xlsx|.json]?cycle=2024&region=002&group=AFR
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "web/table_export.h"
#include "web/web.h"

#define SECTION_MAX_Q 64

struct section { const struct template *t; const char *id, *title; const struct template_question *q[SECTION_MAX_Q]; size_t n; };

struct srow { char iso3[4]; char name[160]; long long report; json_t *answers; };
struct srows { struct srow *v; size_t n, cap; bool synthetic; };

static int row_cb(const struct store_cycle_answers *a, void *ctx)
{
    struct srows *rs = ctx;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 128;
        rs->v = realloc(rs->v, rs->cap * sizeof *rs->v);
        if (!rs->v) abort();
    }
    struct srow *r = &rs->v[rs->n++];
    snprintf(r->iso3, sizeof r->iso3, "%s", a->iso3);
    snprintf(r->name, sizeof r->name, "%s", a->name ? a->name : a->iso3);
    r->report = a->report_id;
    r->answers = json_loads(a->answers ? a->answers : "{}", 0, NULL);
    if (!json_is_object(r->answers)) { json_decref(r->answers); r->answers = json_object(); }
    rs->synthetic |= a->synthetic;
    return 0;
}

static void rows_free(struct srows *rs)
{
    for (size_t i = 0; i < rs->n; i++) json_decref(rs->v[i].answers);
    free(rs->v);
}

enum cell_kind { CELL_NONE, CELL_NA, CELL_YES, CELL_NO, CELL_DEV, CELL_VALUE };

/* One answer as short text (the answer type's short form); the kind tells how to show and count it. */
static enum cell_kind cell_text(const struct template_question *q, json_t *answers, struct buf *out)
{
    json_t *v = json_object_get(answers, q->id);
    if (!template_applies(q, answers)) { buf_puts(out, _("not applicable")); return CELL_NA; }
    if (!v || json_is_null(v)) { buf_puts(out, _("no response")); return CELL_NONE; }
    answer_text_short(out, q, v);
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        const char *s = json_string_value(v);
        if (s && strcmp(s, "yes") == 0) return CELL_YES;
        if (s && strcmp(s, "no") == 0) return CELL_NO;
        if (s && strcmp(s, "developing") == 0) return CELL_DEV;
    }
    return CELL_VALUE;
}

static bool section_load(struct section *sec, int cycle, const char *id)
{
    memset(sec, 0, sizeof *sec);
    sec->t = template_get(cycle);
    if (!sec->t) return false;
    for (size_t i = 0; i < sec->t->nq && sec->n < SECTION_MAX_Q; i++) {
        const struct template_question *q = &sec->t->q[i];
        if (strcmp(q->section_id, id) != 0) continue;
        if (!sec->n) { sec->id = q->section_id; sec->title = i18n_template(q->section_title); }
        sec->q[sec->n++] = q;
    }
    return sec->n > 0;
}

/* ?cycle= (default: the newest cycle with a template); 0 and a message when malformed or without a template. */
static int read_cycle(struct http_request *req, char *msg, size_t msglen)
{
    const char *c = http_query(req, "cycle");
    if (!c || !*c) return template_latest_cycle();
    char *end;
    long v = strtol(c, &end, 10);
    if (*end || v < 1990 || v > 2100 || !template_get((int)v)) {
        snprintf(msg, msglen, "%s", _("cycle: a reporting cycle with a template, such as 2024"));
        return 0;
    }
    return (int)v;
}

static void send_table(const struct section *sec, int cycle, struct srows *rs, enum table_format fmt,
                       struct http_request *req, struct http_response *res)
{
    struct table_col cols[3 + SECTION_MAX_Q] = { { "state", _("Code"), 0, 0 }, { "name", _("State"), 0, 0 }, { "report", _("Report"), 0, 0 } };
    for (size_t k = 0; k < sec->n; k++) { cols[3 + k].id = sec->q[k]->id; cols[3 + k].label = sec->q[k]->number; }
    struct table t;
    table_init(&t, cols, 3 + sec->n);
    for (size_t i = 0; i < rs->n; i++) {
        table_text(&t, rs->v[i].iso3);
        table_text(&t, rs->v[i].name);
        table_int(&t, rs->v[i].report);
        for (size_t k = 0; k < sec->n; k++) {
            struct buf cell = BUF_INIT;
            json_t *v = json_object_get(rs->v[i].answers, sec->q[k]->id);
            enum cell_kind kind = cell_text(sec->q[k], rs->v[i].answers, &cell);
            if (kind == CELL_VALUE && json_is_number(v)) table_number(&t, json_number_value(v));
            else table_text(&t, buf_cstr(&cell));
            buf_cleanup(&cell);
        }
    }
    char stem[64];
    snprintf(stem, sizeof stem, "poaiss-section-%s-%d", sec->id, cycle);
    table_send(&t, fmt, stem, req, res);
    table_cleanup(&t);
}

static void cycle_form(struct buf *b, const struct section *sec, int cycle, const char *grp)
{
    HTML_LIT(b, "<form method=\"get\" class=\"filters\"><div class=\"field\"><label for=\"cycle\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</label><select id=\"cycle\" name=\"cycle\">");
    for (int c = template_latest_cycle(); c >= 2000; c -= 2) {
        if (!template_get(c)) continue;
        HTML_LIT(b, "<option");
        if (c == cycle) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_int(b, c);
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div class=\"field\"><label for=\"group\">");
    html_text(b, _("Regional group"));
    HTML_LIT(b, "</label><select id=\"group\" name=\"group\"><option value=\"\">");
    html_text(b, _("All"));
    HTML_LIT(b, "</option>");
    static const char *const GROUPS[] = { "AFR", "APG", "EEG", "GRULAC", "WEOG" };
    for (size_t i = 0; i < sizeof GROUPS / sizeof GROUPS[0]; i++) {
        HTML_LIT(b, "<option");
        if (grp && strcmp(grp, GROUPS[i]) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, GROUPS[i]);
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></form>\n");
    (void)sec;
}

void page_section(struct app *app, struct http_request *req, struct http_response *res)
{
    size_t stem_len;
    const char *arg = req->args[0];
    enum table_format fmt = table_format_split(arg, &stem_len);
    char id[8];
    if (stem_len < 1 || stem_len > 2 || strspn(arg, "0123456789") < stem_len) {
        web_error(req, res, 404, _("There is no such section in the reporting templates."));
        return;
    }
    snprintf(id, sizeof id, "%.*s", (int)stem_len, arg);
    char msg[160];
    int cycle = read_cycle(req, msg, sizeof msg);
    if (!cycle) { web_error(req, res, 400, msg); return; }
    const char *region = http_query(req, "region"), *grp = http_query(req, "group");
    if (web_filter_check(app, "region", region, msg, sizeof msg) || web_filter_check(app, "group", grp, msg, sizeof msg)) {
        web_error(req, res, 400, msg);
        return;
    }
    struct section sec;
    if (!section_load(&sec, cycle, id)) {
        web_error(req, res, 404, _("There is no such section in the reporting templates."));
        return;
    }
    struct srows rs = { 0 };
    if (store_cycle_answers(app->store, cycle, i18n_lang(), region, grp, row_cb, &rs) < 0) {
        rows_free(&rs);
        web_error(req, res, 500, _("The reports could not be read. Try again later."));
        return;
    }
    if (fmt != TABLE_PAGE) {
        send_table(&sec, cycle, &rs, fmt, req, res);
        rows_free(&rs);
        return;
    }

    char title[200];
    snprintf(title, sizeof title, "%s. %s — %d", sec.id, sec.title, cycle);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/questions\">");
    html_text(b, _("Questions across States"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, sec.id);
    HTML_LIT(b, ". ");
    html_text(b, sec.title);
    HTML_LIT(b, " <small>");
    html_int(b, cycle);
    HTML_LIT(b, "</small></h1>\n");
    if (rs.synthetic) {
        HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
        html_text(b, _("Synthetic demonstration data: these reports were generated for the demonstration."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_textf(b, _("%d States have published a report for this cycle."), (int)rs.n);
    HTML_LIT(b, " ");
    html_text(b, _("\"No response\" is not a No; \"not applicable\" means an earlier answer made the question not apply."));
    HTML_LIT(b, "</p>\n");
    cycle_form(b, &sec, cycle, grp);
    char self[32];
    snprintf(self, sizeof self, "/sections/%s", sec.id);
    table_links(b, req, self);

    HTML_LIT(b, "<div class=\"scroll\"><table class=\"list section-view\"><caption>");
    html_textf(b, _("Section %s: every published report of %d"), sec.id, cycle);
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("State"));
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < sec.n; k++) {
        HTML_LIT(b, "<th scope=\"col\"><a href=\"/questions/");
        html_urlpart(b, sec.q[k]->id);
        HTML_LIT(b, "\" title=\"");
        html_text(b, i18n_template(sec.q[k]->text));
        HTML_LIT(b, "\">");
        html_text(b, sec.q[k]->number ? sec.q[k]->number : sec.q[k]->id);
        HTML_LIT(b, "</a></th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    long counts[SECTION_MAX_Q][4];   /* yes, no, developing, no response */
    memset(counts, 0, sizeof counts);
    for (size_t i = 0; i < rs.n; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/reports/");
        html_int(b, rs.v[i].report);
        HTML_LIT(b, "\">");
        html_text(b, rs.v[i].name);
        HTML_LIT(b, "</a></th>");
        for (size_t k = 0; k < sec.n; k++) {
            struct buf cell = BUF_INIT;
            enum cell_kind kind = cell_text(sec.q[k], rs.v[i].answers, &cell);
            static const char *const CLASS[] = { "a-none", "a-na", "a-yes", "a-no", "a-dev", "a-value" };
            HTML_LIT(b, "<td class=\"");
            html_text(b, CLASS[kind]);
            HTML_LIT(b, "\">");
            html_text(b, buf_cstr(&cell));
            HTML_LIT(b, "</td>");
            buf_cleanup(&cell);
            if (kind == CELL_YES) counts[k][0]++;
            else if (kind == CELL_NO) counts[k][1]++;
            else if (kind == CELL_DEV) counts[k][2]++;
            else if (kind == CELL_NONE) counts[k][3]++;
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody><tfoot>");
    static const char *const WHAT[] = { N_("Yes"), N_("No"), N_("Developing"), N_("no response") };
    for (int w = 0; w < 4; w++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, _(WHAT[w]));
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < sec.n; k++) {
            bool yn = sec.q[k]->type == ANSWER_YN || sec.q[k]->type == ANSWER_YND;
            HTML_LIT(b, "<td class=\"num\">");
            if (yn || w == 3) html_int(b, counts[k][w]);
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tfoot></table></div>\n<h2>");
    html_text(b, _("Questions"));
    HTML_LIT(b, "</h2>\n<dl class=\"legend\">");
    for (size_t k = 0; k < sec.n; k++) {
        HTML_LIT(b, "<dt>");
        html_text(b, sec.q[k]->number ? sec.q[k]->number : "");
        HTML_LIT(b, "</dt><dd><a href=\"/questions/");
        html_urlpart(b, sec.q[k]->id);
        HTML_LIT(b, "\">");
        html_text(b, i18n_template(sec.q[k]->text));
        HTML_LIT(b, "</a></dd>");
    }
    HTML_LIT(b, "</dl>\n");
    page_end(req, res);
    rows_free(&rs);
}

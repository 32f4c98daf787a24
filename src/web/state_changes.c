/*
 * state_changes: one State across cycles, "what changed" (/states/{ISO3}/changes and
 * /api/v1/states/{ISO3}/changes).  Rows are the questions of the newest template, by
 * section and in its order; columns are the cycles for which the State has a published
 * report (its latest version; drafts are never read).
 *
 * A row follows the question back through the templates' maps (renamed, split, merged):
 * in an older cycle it may have had another id, or several (a merge), or none (a new
 * question: "not asked").  Each cell is in one of three states: not asked in that cycle,
 * no response (the question was asked and left unanswered, never shown as No), or an
 * answer.  A cell is marked changed when the same question (the same number of ids) was
 * asked in the State's previous published cycle too and the answer, or its absence,
 * differs; the order of selected options does not count.  Across a merge (several old
 * questions against one) the answers are not comparable and no change is marked; across
 * a rename or a split each new question is compared with the old one, as pre-filling
 * copies the old answer to it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "util/jsonw.h"
#include "web/web.h"

#define SC_COLS 16              /* cycles: every two years since 2020 leaves room to 2050 */
#define SC_IDS 8                /* ids one question had in one cycle */

enum cell_state { CELL_NOT_ASKED, CELL_NO_RESPONSE, CELL_ANSWERED };

struct sc_col {
    long long report; int cycle, version; bool synthetic;
    char published_at[32];
    json_t *answers;            /* owned */
    const struct template *t;   /* the cycle's template; NULL when it has none */
};

struct sc_cell {
    enum cell_state state;
    const char *ids[SC_IDS];    /* the question's ids in that cycle (borrowed from the templates) */
    size_t nids;
    json_t *value;              /* owned: the answer, or {id: answer} when several ids; NULL for no response */
    bool changed;
};

struct sc { struct sc_col col[SC_COLS]; int n; };

static int col_cb(const struct store_published *p, void *ctx)
{
    struct sc *sc = ctx;
    if (sc->n == SC_COLS) return 1;
    json_t *a = json_loads(p->answers ? p->answers : "{}", 0, NULL);
    if (!json_is_object(a)) { json_decref(a); return 0; }
    struct sc_col *c = &sc->col[sc->n++];
    c->report = p->report_id;
    c->cycle = p->cycle;
    c->version = p->version;
    c->synthetic = p->synthetic;
    snprintf(c->published_at, sizeof c->published_at, "%s", p->published_at ? p->published_at : "");
    c->answers = a;
    c->t = template_get(p->cycle);
    return 0;
}

static void sc_free(struct sc *sc)
{
    for (int i = 0; i < sc->n; i++) json_decref(sc->col[i].answers);
}

static bool has_id(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0) return true;
    return false;
}

/*
 * The ids that question id of the newest template had in template old: walk back one
 * template at a time, keeping the previous cycle's questions whose answers carry over
 * to one of the ids kept so far.  0 when the question was not asked then.
 */
static size_t ids_in(const struct template *latest, const char *id, const struct template *old, const char **out)
{
    if (!old) { out[0] = id; return 1; }   /* a cycle without a template: take the id as it is */
    size_t n = 1;
    out[0] = id;
    for (const struct template *t = latest; t && t->cycle > old->cycle && n;) {
        const struct template *p = t->based_on ? template_get(t->based_on) : NULL;
        if (!p) return 0;
        const char *kept[SC_IDS];
        size_t nk = 0;
        for (size_t i = 0; i < p->nq && nk < SC_IDS; i++) {
            const char *to[SC_IDS];
            size_t nt = template_carry_over(t, p->q[i].id, to, SC_IDS);
            for (size_t j = 0; j < nt; j++)
                if (has_id(out, n, to[j])) { kept[nk++] = p->q[i].id; break; }
        }
        memcpy(out, kept, nk * sizeof *kept);
        n = nk;
        t = p;
    }
    return n;
}

/* A copy with every "selected" list sorted, so that the order of options does not count as a change. */
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static json_t *canonical(json_t *v)
{
    json_t *c = json_deep_copy(v);
    if (!json_is_object(c)) return c;
    const char *k;
    json_t *x;
    json_object_foreach(c, k, x) {
        if (strcmp(k, "selected") == 0 && json_is_array(x)) {
            size_t n = json_array_size(x), i;
            const char **s = calloc(n ? n : 1, sizeof *s);
            if (!s) abort();
            for (i = 0; i < n; i++) s[i] = json_string_value(json_array_get(x, i)) ? json_string_value(json_array_get(x, i)) : "";
            qsort(s, n, sizeof *s, cmp_str);
            json_t *sorted = json_array();
            for (i = 0; i < n; i++) json_array_append_new(sorted, json_string(s[i]));
            free(s);
            json_object_set_new(c, k, sorted);
        } else if (json_is_object(x)) {
            json_object_set_new(c, k, canonical(x));
        }
    }
    return c;
}

static bool same_answer(json_t *a, json_t *b)
{
    if (!a || !b) return !a && !b;
    json_t *ca = canonical(a), *cb = canonical(b);
    bool eq = json_equal(ca, cb);
    json_decref(ca);
    json_decref(cb);
    return eq;
}

/* The row of one question of the newest template: a cell per column.  Returns whether any cell changed. */
static bool row_cells(const struct sc *sc, const struct template *latest, const struct template_question *q, struct sc_cell *cells)
{
    bool any = false;
    for (int c = 0; c < sc->n; c++) {
        struct sc_cell *cell = &cells[c];
        memset(cell, 0, sizeof *cell);
        cell->nids = ids_in(latest, q->id, sc->col[c].t, cell->ids);
        if (!cell->nids) { cell->state = CELL_NOT_ASKED; continue; }
        json_t *answers = sc->col[c].answers;
        if (cell->nids == 1) {
            cell->value = json_incref(json_object_get(answers, cell->ids[0]));
        } else {
            json_t *o = json_object();
            for (size_t i = 0; i < cell->nids; i++)
                if (json_object_get(answers, cell->ids[i])) json_object_set(o, cell->ids[i], json_object_get(answers, cell->ids[i]));
            if (json_object_size(o)) cell->value = o;
            else json_decref(o);
        }
        cell->state = cell->value ? CELL_ANSWERED : CELL_NO_RESPONSE;
        if (c > 0 && cells[c - 1].state != CELL_NOT_ASKED && cells[c - 1].nids == cell->nids) {
            cell->changed = cells[c - 1].state != cell->state || !same_answer(cells[c - 1].value, cell->value);
            any |= cell->changed;
        }
    }
    return any;
}

static void cells_free(struct sc_cell *cells, int n)
{
    for (int c = 0; c < n; c++) json_decref(cells[c].value);
}

/* ---- showing an answer in a cell ---- */

/* A short readable form of one answer (the answer type's short text); q may be NULL: the raw text. */
static void cell_answer_text(struct buf *t, const struct template_question *q, json_t *v)
{
    if (q) { answer_text_short(t, q, v); return; }
    if (json_is_string(v)) buf_puts(t, json_string_value(v));
    answer_cut(t, 0, ANSWER_SHORT_MAX);
}

/* ---- loading ---- */

/* Check the State code; answers 400/404/301 itself and returns false.  out: the code, upper case. */
static bool state_arg(struct app *app, struct http_request *req, struct http_response *res, char out[4], bool api)
{
    int st = web_state_code(app, req->args[0], out);
    if (st == 400) { web_error(req, res, 400, _("A State is named by its three-letter ISO 3166 code, such as KEN.")); return false; }
    if (st == 404) { web_error(req, res, 404, _("There is no State with this code.")); return false; }
    if (st) { web_error(req, res, 500, _("The database could not be read.")); return false; }
    if (strcmp(out, req->args[0]) != 0) {
        char loc[64];
        snprintf(loc, sizeof loc, "%s/states/%s/changes", api ? "/api/v1" : "", out);
        http_redirect(res, loc);
        res->status = 301;
        return false;
    }
    return true;
}

static int local_name_cb(const struct store_state *s, void *ctx)
{
    snprintf(ctx, 160, "%s", s->local_name ? s->local_name : s->iso3);
    return 0;
}

/* ?changed=1: only the questions whose answer changed.  0 ok, -1 malformed. */
static int changed_only(struct http_request *req, bool *only)
{
    const char *v = http_query(req, "changed");
    *only = false;
    if (!v || !*v || strcmp(v, "0") == 0) return 0;
    if (strcmp(v, "1") != 0) return -1;
    *only = true;
    return 0;
}

/* ---- the page ---- */

static void cell_html(struct buf *b, const struct sc_col *col, const struct sc_cell *cell)
{
    if (cell->changed) HTML_LIT(b, "<td class=\"changed\">");
    else HTML_LIT(b, "<td>");
    if (cell->changed) { HTML_LIT(b, "<strong class=\"change\">"); html_text(b, _("Changed")); HTML_LIT(b, "</strong> "); }
    if (cell->state == CELL_NOT_ASKED) {
        HTML_LIT(b, "<span class=\"noresp\">");
        html_text(b, _("Not asked in this cycle"));
        HTML_LIT(b, "</span>");
    } else if (cell->state == CELL_NO_RESPONSE) {
        HTML_LIT(b, "<span class=\"noresp\">");
        html_text(b, _("No response"));
        HTML_LIT(b, "</span>");
    } else if (cell->nids == 1) {
        struct buf t = BUF_INIT;
        cell_answer_text(&t, template_question(col->t, cell->ids[0]), cell->value);
        html_text(b, buf_cstr(&t));
        buf_cleanup(&t);
    } else {   /* asked as several questions in this cycle: each with its number */
        for (size_t i = 0; i < cell->nids; i++) {
            const struct template_question *q = template_question(col->t, cell->ids[i]);
            json_t *v = json_object_get(cell->value, cell->ids[i]);
            HTML_LIT(b, "<p>");
            html_text(b, q && q->number ? q->number : cell->ids[i]);
            HTML_LIT(b, ": ");
            if (v) {
                struct buf t = BUF_INIT;
                cell_answer_text(&t, q, v);
                html_text(b, buf_cstr(&t));
                buf_cleanup(&t);
            } else {
                HTML_LIT(b, "<span class=\"noresp\">");
                html_text(b, _("No response"));
                HTML_LIT(b, "</span>");
            }
            HTML_LIT(b, "</p>");
        }
    }
    HTML_LIT(b, "</td>");
}

static void table_head(struct buf *b, const struct sc *sc, const struct template_question *q)
{
    HTML_LIT(b, "<div class=\"scroll\"><table class=\"list changes\"><caption><h2 id=\"s-");
    html_text(b, q->section_id);
    HTML_LIT(b, "\">");
    html_text(b, q->section_id);
    HTML_LIT(b, ". ");
    html_text(b, q->section_title ? i18n_template(q->section_title) : "");
    HTML_LIT(b, "</h2></caption>\n<thead><tr><th scope=\"col\">");
    html_text(b, _("Question"));
    HTML_LIT(b, "</th>");
    for (int c = 0; c < sc->n; c++) {
        HTML_LIT(b, "<th scope=\"col\"><a href=\"/reports/");
        html_int(b, sc->col[c].report);
        HTML_LIT(b, "\">");
        html_int(b, sc->col[c].cycle);
        HTML_LIT(b, "</a></th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
}

/* The section tables; returns how many answers changed (in the rows shown). */
static int tables_html(struct buf *b, const struct sc *sc, bool only)
{
    const struct template *latest = template_get(template_latest_cycle());
    const char *open = NULL;
    int changes = 0;
    struct sc_cell cells[SC_COLS];
    for (size_t i = 0; latest && i < latest->nq; i++) {
        const struct template_question *q = &latest->q[i];
        bool any = row_cells(sc, latest, q, cells);
        if (only && !any) { cells_free(cells, sc->n); continue; }
        if (!open || strcmp(open, q->section_id) != 0) {
            if (open) HTML_LIT(b, "</tbody></table></div>\n");
            open = q->section_id;
            table_head(b, sc, q);
        }
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, q->number ? q->number : q->id);
        HTML_LIT(b, " ");
        html_text(b, i18n_template(q->text));
        HTML_LIT(b, "</th>");
        for (int c = 0; c < sc->n; c++) {
            cell_html(b, &sc->col[c], &cells[c]);
            changes += cells[c].changed;
        }
        HTML_LIT(b, "</tr>\n");
        cells_free(cells, sc->n);
    }
    if (open) HTML_LIT(b, "</tbody></table></div>\n");
    return changes;
}

void page_state_changes(struct app *app, struct http_request *req, struct http_response *res)
{
    char iso3[4];
    if (!state_arg(app, req, res, iso3, false)) return;
    bool only;
    if (changed_only(req, &only) < 0) { web_error(req, res, 400, _("changed: 1 to show only the questions whose answer changed")); return; }
    char name[160] = "";
    store_state_get(app->store, iso3, i18n_lang(), local_name_cb, name);
    struct sc sc = { .n = 0 };
    if (store_state_published_each(app->store, iso3, col_cb, &sc) < 0) {
        sc_free(&sc);
        web_error(req, res, 500, _("The database could not be read."));
        return;
    }
    char title[240];
    snprintf(title, sizeof title, _("%s: what changed from cycle to cycle"), name);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/states\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</a> › <a href=\"/states/");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, name);
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (!sc.n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("This State has no published report yet."));
        HTML_LIT(b, "</p>\n");
        sc_free(&sc);
        page_end(req, res);
        return;
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_text(b, _("Each question of the current template, with the State's published answer in each cycle (the latest version of each report; drafts are never shown). A question renamed, split or merged between templates is followed through the change."));
    HTML_LIT(b, "</p>\n<ul class=\"legend\"><li><strong class=\"change\">");
    html_text(b, _("Changed"));
    HTML_LIT(b, "</strong> ");
    html_text(b, _("the answer differs from the State's previous published report"));
    HTML_LIT(b, "</li><li><span class=\"noresp\">");
    html_text(b, _("No response"));
    HTML_LIT(b, "</span> ");
    html_text(b, _("the question was asked and left unanswered (it is not a No)"));
    HTML_LIT(b, "</li><li><span class=\"noresp\">");
    html_text(b, _("Not asked in this cycle"));
    HTML_LIT(b, "</span> ");
    html_text(b, _("the template of that cycle did not have the question"));
    HTML_LIT(b, "</li></ul>\n");
    for (int c = 0; c < sc.n; c++)
        if (sc.col[c].synthetic) {
            HTML_LIT(b, "<p class=\"notice\">");
            html_text(b, _("Some of these reports are synthetic demonstration data."));
            HTML_LIT(b, "</p>\n");
            break;
        }
    HTML_LIT(b, "<p>");
    if (only) {
        HTML_LIT(b, "<a href=\"/states/");
        html_text(b, iso3);
        HTML_LIT(b, "/changes\">");
        html_text(b, _("Show every question"));
    } else {
        HTML_LIT(b, "<a href=\"/states/");
        html_text(b, iso3);
        HTML_LIT(b, "/changes?changed=1\">");
        html_text(b, _("Show only the questions whose answer changed"));
    }
    HTML_LIT(b, "</a> · <a href=\"/api/v1/states/");
    html_text(b, iso3);
    if (only) HTML_LIT(b, "/changes?changed=1\">");
    else HTML_LIT(b, "/changes\">");
    html_text(b, _("This page as JSON"));
    HTML_LIT(b, "</a></p>\n");
    struct buf tables = BUF_INIT;
    int changes = tables_html(&tables, &sc, only);
    HTML_LIT(b, "<p role=\"status\" class=\"count\">");
    html_textf(b, _("Answers that changed between consecutive published reports: %d"), changes);
    HTML_LIT(b, "</p>\n");
    buf_append(b, tables.data, tables.len);
    buf_cleanup(&tables);
    if (only && !changes) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No answer changed."));
        HTML_LIT(b, "</p>\n");
    }
    sc_free(&sc);
    page_end(req, res);
}

/* ---- the API ---- */

/* Write a jansson value through our escaping writer. */
static void emit(struct jsonw *w, json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    if (json_is_object(v)) {
        jsonw_obj(w);
        json_object_foreach(v, k, x) { jsonw_key(w, k); if (w->depth < JSONW_MAX_DEPTH - 2) emit(w, x); else jsonw_null(w); }
        jsonw_obj_end(w);
    } else if (json_is_array(v)) {
        jsonw_arr(w);
        json_array_foreach(v, i, x) { if (w->depth < JSONW_MAX_DEPTH - 2) emit(w, x); else jsonw_null(w); }
        jsonw_arr_end(w);
    } else if (json_is_string(v)) jsonw_str(w, json_string_value(v));
    else if (json_is_integer(v)) jsonw_int(w, json_integer_value(v));
    else if (json_is_real(v)) jsonw_real(w, json_real_value(v));
    else if (json_is_boolean(v)) jsonw_bool(w, json_is_true(v));
    else jsonw_null(w);
}

static void cell_json(struct jsonw *w, const struct sc_col *col, const struct sc_cell *cell)
{
    static const char *const STATES[] = { "not_asked", "no_response", "answered" };
    jsonw_obj(w);
    jsonw_kint(w, "cycle", col->cycle);
    jsonw_kstr(w, "status", STATES[cell->state]);
    if (cell->state != CELL_NOT_ASKED) {
        jsonw_key(w, "asked_as");
        jsonw_arr(w);
        for (size_t i = 0; i < cell->nids; i++) jsonw_str(w, cell->ids[i]);
        jsonw_arr_end(w);
    }
    if (cell->state == CELL_ANSWERED) { jsonw_key(w, "value"); emit(w, cell->value); }
    jsonw_kbool(w, "changed", cell->changed);
    jsonw_obj_end(w);
}

void api_state_changes(struct app *app, struct http_request *req, struct http_response *res)
{
    char iso3[4];
    if (!state_arg(app, req, res, iso3, true)) return;
    bool only;
    if (changed_only(req, &only) < 0) { web_error(req, res, 400, "changed: 1 to list only the questions whose answer changed"); return; }
    char name[160] = "";
    store_state_get(app->store, iso3, "en", local_name_cb, name);
    struct sc sc = { .n = 0 };
    if (store_state_published_each(app->store, iso3, col_cb, &sc) < 0) {
        sc_free(&sc);
        web_error(req, res, 500, "The database could not be read.");
        return;
    }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "state", iso3);
    jsonw_kstr(&w, "name", name);
    jsonw_kint(&w, "template", template_latest_cycle());
    jsonw_key(&w, "cycles");
    jsonw_arr(&w);
    for (int c = 0; c < sc.n; c++) {
        jsonw_obj(&w);
        jsonw_kint(&w, "cycle", sc.col[c].cycle);
        jsonw_kint(&w, "report", sc.col[c].report);
        jsonw_kint(&w, "version", sc.col[c].version);
        jsonw_kstr(&w, "published_at", sc.col[c].published_at);
        jsonw_kbool(&w, "synthetic", sc.col[c].synthetic);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "questions");
    jsonw_arr(&w);
    const struct template *latest = template_get(template_latest_cycle());
    long changes = 0;
    struct sc_cell cells[SC_COLS];
    for (size_t i = 0; sc.n && latest && i < latest->nq; i++) {
        const struct template_question *q = &latest->q[i];
        bool any = row_cells(&sc, latest, q, cells);
        if (!only || any) {
            jsonw_obj(&w);
            jsonw_kstr(&w, "question", q->id);
            jsonw_kstr(&w, "number", q->number);
            jsonw_kstr(&w, "section", q->section_id);
            jsonw_kstr(&w, "type", answer_type_name(q->type));
            jsonw_kstr(&w, "text", q->text);
            jsonw_kbool(&w, "changed", any);
            jsonw_key(&w, "answers");
            jsonw_arr(&w);
            for (int c = 0; c < sc.n; c++) { cell_json(&w, &sc.col[c], &cells[c]); changes += cells[c].changed; }
            jsonw_arr_end(&w);
            jsonw_obj_end(&w);
        }
        cells_free(cells, sc.n);
    }
    jsonw_arr_end(&w);
    jsonw_kint(&w, "changes", changes);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    sc_free(&sc);
}

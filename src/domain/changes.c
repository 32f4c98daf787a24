/* changes: see changes.h. */
#include "domain/changes.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

/* Scratch space for walking the templates' maps: two arrays of ids, as long as the largest template. */
struct scratch { const char **to, **kept; size_t max; };

/* The ids that question id of the newest template had in template old (into out, at most sc->max). */
static size_t ids_in(struct scratch *sc, const struct template *latest, const char *id, const struct template *old,
                     const char **out)
{
    return template_ids_in(latest, id, old, out, sc->max);
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
            const char **s = xcalloc(n ? n : 1, sizeof *s);
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

static const char *short_text(struct arena *a, const struct template_question *q, json_t *v)
{
    struct buf t = BUF_INIT;
    if (q) answer_text_short(&t, q, v);
    else {   /* a cycle without a template: the raw text */
        if (json_is_string(v)) buf_puts(&t, json_string_value(v));
        answer_cut(&t, 0, ANSWER_SHORT_MAX);
    }
    char *s = arena_strdup(a, buf_cstr(&t));
    buf_cleanup(&t);
    return s;
}

static char *json_text(struct arena *a, json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    char *r = arena_strdup(a, s);
    free(s);
    return r;
}

/* One column's published report: its answers (owned) and its cycle's template. */
struct col_data { json_t *answers; const struct template *t; };

/* The row of question q of the newest template: a cell per column.  Returns whether any cell changed. */
static bool row_cells(struct arena *a, struct scratch *sc, const struct col_data *cd, size_t ncols,
                      const struct template *latest, const struct template_question *q, struct changes_cell *cells,
                      json_t **values)
{
    bool any = false;
    const char **ids = arena_array(a, sc->max, sizeof *ids);
    for (size_t c = 0; c < ncols; c++) {
        struct changes_cell *cell = &cells[c];
        values[c] = NULL;
        size_t nids = ids_in(sc, latest, q->id, cd[c].t, ids);
        if (!nids) { cell->state = CHANGES_NOT_ASKED; continue; }
        json_t *answers = cd[c].answers;
        if (nids == 1) {
            values[c] = json_incref(json_object_get(answers, ids[0]));
        } else {
            json_t *o = json_object();
            for (size_t i = 0; i < nids; i++)
                if (json_object_get(answers, ids[i])) json_object_set(o, ids[i], json_object_get(answers, ids[i]));
            if (json_object_size(o)) values[c] = o;
            else json_decref(o);
        }
        cell->state = values[c] ? CHANGES_ANSWERED : CHANGES_NO_RESPONSE;
        cell->value = values[c] ? json_text(a, values[c]) : NULL;
        cell->nparts = nids;
        cell->parts = arena_array(a, nids, sizeof *cell->parts);
        for (size_t i = 0; i < nids; i++) {
            const struct template_question *cq = template_question(cd[c].t, ids[i]);
            json_t *v = json_object_get(answers, ids[i]);
            cell->parts[i] = (struct changes_part){ ids[i], cq ? cq->number : NULL, v ? short_text(a, cq, v) : NULL };
        }
        if (c > 0 && cells[c - 1].state != CHANGES_NOT_ASKED && cells[c - 1].nparts == nids) {
            cell->changed = cells[c - 1].state != cell->state || !same_answer(values[c - 1], values[c]);
            any |= cell->changed;
        }
    }
    return any;
}

int changes_get(struct store *s, struct arena *a, const char *iso3, const char *lang, bool only_changed,
                struct changes *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_state st;
    int rc = store_state_read(s, a, iso3, lang, &st);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc) return err_set(e, ERR_NOT_FOUND, N_("There is no State with this code."), NULL);
    out->iso3 = st.iso3;
    out->name = st.local_name ? st.local_name : st.iso3;
    struct store_published *p;
    size_t np;
    if (store_state_published_list(s, a, iso3, &p, &np) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    const struct template *latest = template_get(template_latest_cycle());
    out->template_cycle = latest ? latest->cycle : 0;   /* a reused template keeps its own year */
    out->cols = arena_array(a, np, sizeof *out->cols);
    struct col_data *cd = arena_array(a, np, sizeof *cd);
    for (size_t i = 0; i < np; i++) {
        json_t *ans = json_loads(p[i].answers ? p[i].answers : "{}", 0, NULL);
        if (!json_is_object(ans)) { json_decref(ans); continue; }
        cd[out->ncols] = (struct col_data){ ans, template_get(p[i].cycle) };
        out->cols[out->ncols++] = (struct changes_col){ p[i].report_id, p[i].cycle, p[i].version, p[i].synthetic,
                                                        p[i].published_at ? p[i].published_at : "" };
        out->synthetic |= p[i].synthetic;
    }
    struct scratch sc = { NULL, NULL, 1 };
    for (size_t i = 0; i < template_count(); i++)
        if (template_at(i)->nq > sc.max) sc.max = template_at(i)->nq;
    sc.to = xcalloc(sc.max, sizeof *sc.to);
    sc.kept = xcalloc(sc.max, sizeof *sc.kept);
    json_t **values = xcalloc(out->ncols ? out->ncols : 1, sizeof *values);
    size_t nq = out->ncols && latest ? latest->nq : 0;
    out->rows = arena_array(a, nq, sizeof *out->rows);
    for (size_t i = 0; i < nq; i++) {
        struct changes_row *r = &out->rows[out->nrows];
        r->q = &latest->q[i];
        r->cells = arena_array(a, out->ncols, sizeof *r->cells);
        r->changed = row_cells(a, &sc, cd, out->ncols, latest, r->q, r->cells, values);
        for (size_t c = 0; c < out->ncols; c++) json_decref(values[c]);
        if (only_changed && !r->changed) continue;
        for (size_t c = 0; c < out->ncols; c++) out->nchanges += r->cells[c].changed;
        out->nrows++;
    }
    free(values);
    free(sc.to);
    free(sc.kept);
    for (size_t c = 0; c < out->ncols; c++) json_decref(cd[c].answers);
    return 0;
}

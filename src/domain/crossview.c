/* crossview: see crossview.h. */
#include "domain/crossview.h"

#include <jansson.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

static bool matches(const char *json, const char *want)
{
    if (!json || !want) return false;
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    bool ok = answer_has_value(v, want);
    json_decref(v);
    return ok;
}

static const char *short_text(struct arena *a, const struct template_question *q, const char *json)
{
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    struct buf t = BUF_INIT;
    answer_text_short(&t, q, v);
    json_decref(v);
    char *s = arena_strdup(a, buf_cstr(&t));
    buf_cleanup(&t);
    return s;
}

static bool row_kept(const struct crossview *x, const struct crossview_row *r, const struct crossview_filter *f)
{
    if (!f || !f->answer || !*f->answer) return true;
    for (size_t c = 0; c < x->ncycles; c++)
        if ((!f->cycle || x->cycles[c] == f->cycle) && matches(r->cells[c].answer, f->answer)) return true;
    return false;
}

int crossview_get(struct store *s, struct arena *a, const char *qid, const char *lang, const struct crossview_filter *f,
                  struct crossview *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->q = template_question_any(qid);
    if (!out->q) return err_set(e, ERR_NOT_FOUND, N_("There is no such question in the reporting templates."), NULL);
    /* A column for every real cycle whose template asks the question. */
    size_t ny = template_cycles(NULL, 0);
    int *years = arena_array(a, ny ? ny : 1, sizeof *years);
    template_cycles(years, ny);
    const struct template_question **cq = arena_array(a, ny ? ny : 1, sizeof *cq);
    out->cycles = arena_array(a, ny ? ny : 1, sizeof *out->cycles);
    for (size_t i = 0; i < ny; i++) {
        const struct template_question *q = template_question(template_get(years[i]), qid);
        if (!q) continue;
        cq[out->ncycles] = q;
        out->cycles[out->ncycles++] = years[i];
    }
    struct store_question_answer *v;
    size_t nv;
    int first = 0, last = -1;                 /* only the columns' cycles are read: never a benchmark cycle's reports */
    for (size_t i = 0; i < out->ncycles; i++) {
        if (!first || out->cycles[i] < first) first = out->cycles[i];
        if (out->cycles[i] > last) last = out->cycles[i];
    }
    if (!out->ncycles) first = last = -1;
    if (store_question_answers_list(s, a, qid, lang, first, last, &v, &nv) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    out->rows = arena_array(a, nv, sizeof *out->rows);
    struct crossview_row *cur = NULL;
    for (size_t i = 0; i < nv; i++) {   /* by State name, then cycle: a row per State */
        size_t ci = 0;
        while (ci < out->ncycles && out->cycles[ci] != v[i].cycle) ci++;
        if (ci == out->ncycles) continue;   /* a cycle whose template does not ask it (or a benchmark cycle) */
        if (!cur || strcmp(cur->iso3, v[i].iso3) != 0) {
            cur = &out->rows[out->nrows++];
            cur->iso3 = v[i].iso3;
            cur->name = v[i].name ? v[i].name : v[i].iso3;
            cur->cells = arena_array(a, out->ncycles, sizeof *cur->cells);
        }
        struct crossview_cell *c = &cur->cells[ci];
        c->reported = true;
        c->answer = v[i].value;
        c->text = v[i].value ? short_text(a, cq[ci], v[i].value) : NULL;
    }
    size_t keep = 0;
    for (size_t i = 0; i < out->nrows; i++)
        if (row_kept(out, &out->rows[i], f)) out->rows[keep++] = out->rows[i];
    out->nrows = keep;
    return 0;
}

size_t crossview_count(const struct crossview *x, size_t ci, const char *value)
{
    size_t n = 0;
    for (size_t i = 0; ci < x->ncycles && i < x->nrows; i++) n += matches(x->rows[i].cells[ci].answer, value);
    return n;
}

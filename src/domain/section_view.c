/* section_view: see section_view.h. */
#include "domain/section_view.h"

#include <jansson.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

static enum section_kind cell_read(struct arena *a, const struct template_question *q, json_t *answers,
                                   struct section_cell *out)
{
    json_t *v = json_object_get(answers, q->id);
    *out = (struct section_cell){ SECTION_NONE, NULL, false, 0 };
    if (!template_applies(q, answers)) return out->kind = SECTION_NA;
    if (!v || json_is_null(v)) return out->kind = SECTION_NONE;
    struct buf t = BUF_INIT;
    answer_text_short(&t, q, v);
    out->text = arena_strdup(a, buf_cstr(&t));
    buf_cleanup(&t);
    out->kind = SECTION_VALUE;
    if (json_is_number(v)) { out->is_number = true; out->num = json_number_value(v); }
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        const char *s = json_string_value(v);
        if (s && strcmp(s, "yes") == 0) out->kind = SECTION_YES;
        else if (s && strcmp(s, "no") == 0) out->kind = SECTION_NO;
        else if (s && strcmp(s, "developing") == 0) out->kind = SECTION_DEV;
    }
    return out->kind;
}

int section_view_get(struct store *s, struct arena *a, const char *id, const char *lang, const struct section_filter *f,
                     struct section_view *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    size_t nt = template_count();
    out->cycles = arena_array(a, nt, sizeof *out->cycles);
    for (size_t i = nt; i-- > 0;) out->cycles[out->ncycles++] = template_at(i)->cycle;
    out->cycle = f && f->cycle ? f->cycle : (out->ncycles ? out->cycles[0] : 0);
    const struct template *t = NULL;
    for (size_t i = 0; i < nt && !t; i++)
        if (template_at(i)->cycle == out->cycle) t = template_at(i);
    if (!t) return err_set(e, ERR_INVALID, N_("cycle: a reporting cycle with a template, such as 2024"), NULL);
    out->q = arena_array(a, t->nq, sizeof *out->q);
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(q->section_id, id) != 0) continue;
        if (!out->nq) { out->id = q->section_id; out->title = q->section_title; }
        out->q[out->nq++] = q;
    }
    if (!out->nq) return err_set(e, ERR_NOT_FOUND, N_("There is no such section in the reporting templates."), NULL);
    struct store_cycle_answers *v;
    size_t nv;
    if (store_cycle_answers_list(s, a, out->cycle, lang, f ? f->region : NULL, f ? f->group : NULL, &v, &nv) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    out->rows = arena_array(a, nv, sizeof *out->rows);
    out->counts = arena_array(a, out->nq, sizeof *out->counts);
    for (size_t i = 0; i < nv; i++) {
        struct section_row *r = &out->rows[out->nrows++];
        *r = (struct section_row){ v[i].iso3, v[i].name ? v[i].name : v[i].iso3, v[i].report_id,
                                   arena_array(a, out->nq, sizeof *r->cells) };
        out->synthetic |= v[i].synthetic;
        json_t *answers = json_loads(v[i].answers ? v[i].answers : "{}", 0, NULL);
        if (!json_is_object(answers)) { json_decref(answers); answers = json_object(); }
        for (size_t k = 0; k < out->nq; k++) {
            switch (cell_read(a, out->q[k], answers, &r->cells[k])) {
            case SECTION_YES: out->counts[k].yes++; break;
            case SECTION_NO: out->counts[k].no++; break;
            case SECTION_DEV: out->counts[k].dev++; break;
            case SECTION_NONE: out->counts[k].none++; break;
            default: break;
            }
        }
        json_decref(answers);
    }
    return 0;
}

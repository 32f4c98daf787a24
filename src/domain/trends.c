/* trends: see trends.h.  The document's frame (numbering, tables of figures) and its sections. */
#include "domain/trends.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/trends_internal.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/mem.h"

/* ---- the frame: sections, blocks, numbers ---- */

void trends_doc_init(struct trends_doc *d, const char *lang)
{
    memset(d, 0, sizeof *d);
    d->lang = lang;
}

struct trends_section *trends_section_add(struct trends_doc *d, struct arena *a, int level, const char *title)
{
    if (d->nsections == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        d->sections = arena_grow(a, d->sections, d->nsections, cap, sizeof *d->sections);
        d->cap = cap;
    }
    /* The number: level 1 counts level-1 sections; level 2 counts within the last level-1 section. */
    int top = 0, sub = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        if (d->sections[i].level == 1) { top++; sub = 0; }
        else sub++;
    }
    struct trends_section *sec = &d->sections[d->nsections++];
    memset(sec, 0, sizeof *sec);
    sec->level = level == 2 && top > 0 ? 2 : 1;
    sec->title = arena_strdup(a, title);
    if (sec->level == 1) {
        sec->number = arena_printf(a, "%d", top + 1);
        sec->anchor = arena_printf(a, "s%d", top + 1);
    } else {
        sec->number = arena_printf(a, "%d.%d", top, sub + 1);
        sec->anchor = arena_printf(a, "s%d-%d", top, sub + 1);
    }
    return sec;
}

static struct trends_block *block_add(struct trends_doc *d, struct arena *a, enum trends_block_kind kind)
{
    POAISS_ASSERT(d->nsections > 0);
    struct trends_section *sec = &d->sections[d->nsections - 1];
    if (sec->nblocks == sec->cap) {
        size_t cap = sec->cap ? sec->cap * 2 : 8;
        sec->blocks = arena_grow(a, sec->blocks, sec->nblocks, cap, sizeof *sec->blocks);
        sec->cap = cap;
    }
    struct trends_block *b = &sec->blocks[sec->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void trends_text_add(struct trends_doc *d, struct arena *a, enum trends_block_kind kind, const char *text)
{
    POAISS_ASSERT(kind == TRENDS_PARA || kind == TRENDS_NOTE);
    block_add(d, a, kind)->text = arena_strdup(a, text);
}

int trends_chart_add(struct trends_doc *d, struct arena *a, const struct chart *c)
{
    struct trends_block *b = block_add(d, a, TRENDS_CHART);
    b->chart = c;
    b->number = ++d->nfigures;
    return b->number;
}

int trends_table_add(struct trends_doc *d, struct arena *a, const struct trends_table *t)
{
    struct trends_block *b = block_add(d, a, TRENDS_TABLE);
    b->table = t;
    b->number = ++d->ntables;
    return b->number;
}

/* ---- numbers as text ---- */

const char *trends_number(struct arena *a, const char *lang, long long n)
{
    struct buf b = BUF_INIT;
    i18n_number_in(&b, lang, n);
    char *s = arena_strdup(a, buf_cstr(&b));
    buf_cleanup(&b);
    return s;
}

const char *trends_percent(struct arena *a, const char *lang, double v)
{
    if (isnan(v)) return "—";
    const char *num = trends_number(a, lang, lround(v));
    /* CLDR's percent patterns: "#,##0%" (en, zh), "#,##0 %" with a no-break space (fr, es, ru), "#,##0٪؜" (ar). */
    if (strcmp(lang, "ar") == 0) return arena_printf(a, "%s\u066a\u061c", num);
    if (strcmp(lang, "fr") == 0) return arena_printf(a, "%s\u202f%%", num);
    if (strcmp(lang, "es") == 0 || strcmp(lang, "ru") == 0) return arena_printf(a, "%s\u00a0%%", num);
    return arena_printf(a, "%s%%", num);
}

const struct trends_table *trends_chart_table(struct arena *a, const struct chart *c, const char *lang)
{
    struct trends_table *t = arena_alloc(a, sizeof *t);
    if (c->kind == CHART_TILEMAP) {
        const char **head = arena_array(a, 2, sizeof *head);
        head[0] = _("State");
        head[1] = c->title;
        const char **cells = arena_array(a, c->ntiles * 2 + 1, sizeof *cells);
        for (size_t i = 0; i < c->ntiles; i++) {
            cells[2 * i] = c->tiles[i].label;
            int v = c->tiles[i].value;
            cells[2 * i + 1] = v >= 0 && (size_t)v < c->nlegend ? c->legend[v] : "";
        }
        *t = (struct trends_table){ c->title, head, cells, 2, c->ntiles, 0 };
        return t;
    }
    /* A column for the categories, then one per series: its value and, when it has them, "(n of N)". */
    size_t ncols = 1 + c->nseries;
    const char **head = arena_array(a, ncols, sizeof *head);
    const char **cells = arena_array(a, ncols * c->ncat + 1, sizeof *cells);
    unsigned numeric = 0;
    bool pct = c->unit && strcmp(c->unit, "%") == 0;
    head[0] = c->x_label ? c->x_label : "";
    for (size_t k = 0; k < c->nseries; k++) {
        if (k + 1 < 32) numeric |= 1u << (k + 1);
        head[k + 1] = c->series[k].label;
    }
    for (size_t i = 0; i < c->ncat; i++) {
        const char **row = &cells[i * ncols];
        row[0] = c->categories[i];
        for (size_t k = 0; k < c->nseries; k++) {
            const struct chart_series *se = &c->series[k];
            double v = se->v[i];
            const char *val = isnan(v) ? "—" : pct ? trends_percent(a, lang, v) : trends_number(a, lang, llround(v));
            if (se->n && se->of && se->of[i])
                val = arena_printf(a, _("%s (%s of %s)"), val, trends_number(a, lang, se->n[i]), trends_number(a, lang, se->of[i]));
            row[k + 1] = val;
        }
    }
    *t = (struct trends_table){ c->title, head, cells, ncols, c->ncat, numeric };
    return t;
}

/* ---- the document ---- */

int trends_build(struct store *s, struct arena *a, int year, const char *lang, struct trends_doc *out, struct err *e)
{
    const char *was = i18n_lang();
    i18n_set_lang(lang);
    lang = i18n_lang();
    struct trends_ctx cx = { .s = s, .a = a, .lang = lang, .year = year, .doc = out };
    trends_doc_init(out, lang);
    int rc = -1;
    if (trends_ctx_load(&cx, e) < 0) goto done;
    out->cycle = year;
    out->meeting = cx.cycle.meeting_name;
    char *made = arena_alloc(a, 11);
    cycle_today(made);
    out->made = made;
    out->title = _("Analysis of trends in the implementation of the Programme of Action and the International Tracing Instrument");
    out->subtitle = cx.cycle.meeting_name
                        ? arena_printf(a, _("National reports of the %d cycle, for the %s"), year, cx.cycle.meeting_name)
                        : arena_printf(a, _("National reports of the %d cycle"), year);
    if (trends_section_intro(&cx, e) < 0 || trends_section_reporting(&cx, e) < 0 ||
        trends_section_implementation(&cx, e) < 0 || trends_section_sdg(&cx, e) < 0 ||
        trends_section_assistance(&cx, e) < 0 || trends_section_method(&cx, e) < 0)
        goto done;
    out->synthetic = cx.synthetic;
    out->reported = cx.reported;
    rc = 0;
done:
    i18n_set_lang(was);
    return rc;
}

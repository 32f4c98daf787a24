/*
 * web/trends_pdf: see trends_pdf.h.  The page flow: title page, table of contents, sections with
 * their paragraphs, notes, figures and tables, broken across pages line by line (paragraphs)
 * and row by row (tables, the header row repeated); a figure is never broken.
 */
#include "web/trends_pdf.h"
#include "web/pdf_catalog.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "web/trends_pdf_internal.h"

#define CONTENT_W (PDF_W - 2 * PDF_MARGIN_X)
#define GAP 8.0                 /* between blocks */

/* ---- text ---- */

static const char *font_family(const char *lang)
{
    if (strcmp(lang, "ar") == 0) return "Noto Naskh Arabic, Noto Sans";
    if (strcmp(lang, "zh") == 0) return "Noto Sans CJK SC, Noto Sans";
    return "Noto Sans, Noto Sans CJK SC";
}

static void fonts_make(struct pdf *p)
{
    static const struct { double size; bool bold, italic; } SPEC[PDF_NFONTS] = {
        [PDF_BODY] = { 10, false, false }, [PDF_SMALL] = { 8.5, false, false }, [PDF_TINY] = { 6.5, false, false },
        [PDF_CAPTION] = { 10, true, false }, [PDF_H1] = { 16, true, false }, [PDF_H2] = { 12.5, true, false },
        [PDF_TITLE] = { 22, true, false }, [PDF_SUBTITLE] = { 13, false, false },
        [PDF_TH] = { 8.5, true, false }, [PDF_TD] = { 8.5, false, false },
        [PDF_TH_NARROW] = { 7.5, true, false }, [PDF_TD_NARROW] = { 7.5, false, false },
    };
    for (int i = 0; i < PDF_NFONTS; i++) {
        PangoFontDescription *f = pango_font_description_new();
        pango_font_description_set_family(f, font_family(p->d->lang));
        pango_font_description_set_size(f, (int)(SPEC[i].size * PANGO_SCALE));
        if (SPEC[i].bold) pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
        p->font[i] = f;
    }
}

PangoLayout *pdf_layout(struct pdf *p, const char *text, enum pdf_font f, double width, bool end)
{
    PangoLayout *l = pango_layout_new(p->pc);
    pango_layout_set_font_description(l, p->font[f]);
    pango_layout_set_auto_dir(l, FALSE);   /* the document's direction, not the first letter's */
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    /* Without auto-dir pango does not mirror the alignment: the start side is the right one in Arabic. */
    pango_layout_set_alignment(l, end != p->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, -1);
    return l;
}

double pdf_layout_height(PangoLayout *l)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    return (double)r.height / PANGO_SCALE;
}

double pdf_layout_width(PangoLayout *l)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    return (double)r.width / PANGO_SCALE;
}

void pdf_show(struct pdf *p, PangoLayout *l, double x, double y)
{
    if (!p->draw) return;
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

double pdf_text_at(struct pdf *p, const char *text, enum pdf_font f, double x, double y, double width, bool end)
{
    PangoLayout *l = pdf_layout(p, text, f, width, end);
    pdf_show(p, l, x, y);
    double h = pdf_layout_height(l);
    g_object_unref(l);
    return h;
}

void pdf_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

void pdf_number(struct pdf *p, long long n, char *out, size_t size)
{
    struct buf b = BUF_INIT;
    i18n_number_in(&b, p->d->lang, n);
    snprintf(out, size, "%s", buf_cstr(&b));
    buf_cleanup(&b);
}

/* ---- pages ---- */

static void page_frame(struct pdf *p)
{
    if (!p->draw || p->page == 1) return;
    cairo_t *cr = p->cr;
    char n[32];
    pdf_number(p, p->page, n, sizeof n);
    pdf_rgb(cr, 0x555555);
    const char *head = arena_printf(&p->a, _("Trends in implementation: the %d cycle"), p->d->cycle);
    pdf_text_at(p, head, PDF_SMALL, PDF_MARGIN_X, 36, CONTENT_W, false);
    pdf_text_at(p, n, PDF_SMALL, PDF_MARGIN_X, PDF_H - 48, CONTENT_W, true);
    if (p->d->synthetic) {
        pdf_rgb(cr, 0x9a3412);
        pdf_text_at(p, _("Synthetic data"), PDF_SMALL, PDF_MARGIN_X, 36, CONTENT_W, true);
        pdf_text_at(p, _("Synthetic data: generated for a demonstration, not real reports."), PDF_SMALL, PDF_MARGIN_X, PDF_H - 48,
                    CONTENT_W, false);
    }
    pdf_rgb(cr, 0xaaaaaa);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, PDF_MARGIN_X, 52);
    cairo_line_to(cr, PDF_W - PDF_MARGIN_X, 52);
    cairo_move_to(cr, PDF_MARGIN_X, PDF_H - 54);
    cairo_line_to(cr, PDF_W - PDF_MARGIN_X, PDF_H - 54);
    cairo_stroke(cr);
    pdf_rgb(cr, 0x111111);
}

void pdf_new_page(struct pdf *p)
{
    if (p->page > 0 && p->draw) cairo_show_page(p->cr);
    p->page++;
    p->y = PDF_TOP;
    page_frame(p);
    if (p->draw) pdf_rgb(p->cr, 0x111111);
}

static void ensure(struct pdf *p, double h)
{
    if (p->y + h > PDF_BOTTOM && p->y > PDF_TOP) pdf_new_page(p);
}

/* A layout drawn line by line from p->y, breaking the page between lines. */
static void flow_layout(struct pdf *p, PangoLayout *l, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        double lh = (double)log.height / PANGO_SCALE;
        if (p->y + lh > PDF_BOTTOM) pdf_new_page(p);
        if (p->draw) {
            double base = (double)(pango_layout_iter_get_baseline(it) - log.y) / PANGO_SCALE;
            cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE, p->y + base);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        }
        p->y += lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void paragraph(struct pdf *p, const char *text, enum pdf_font f, double indent)
{
    PangoLayout *l = pdf_layout(p, text, f, CONTENT_W - indent, false);
    flow_layout(p, l, PDF_MARGIN_X + (p->rtl ? 0 : indent));
    g_object_unref(l);
    p->y += GAP;
}

/* A note: set apart by a bar on its start side. */
static void note(struct pdf *p, const char *text)
{
    PangoLayout *l = pdf_layout(p, text, PDF_BODY, CONTENT_W - 14, false);
    double h = pdf_layout_height(l);
    ensure(p, fmin(h, 40));
    double top = p->y;
    int page = p->page;
    flow_layout(p, l, PDF_MARGIN_X + (p->rtl ? 0 : 14));
    if (p->draw && page == p->page) {
        double bx = p->rtl ? PDF_W - PDF_MARGIN_X - 3 : PDF_MARGIN_X;
        pdf_rgb(p->cr, 0x9a3412);
        cairo_rectangle(p->cr, bx, top, 3, p->y - top);
        cairo_fill(p->cr);
        pdf_rgb(p->cr, 0x111111);
    }
    g_object_unref(l);
    p->y += GAP;
}

/* ---- tables ---- */

static enum pdf_font cell_font(const struct trends_table *t, size_t r)
{
    bool narrow = t->ncols > 5;
    return r == 0 ? (narrow ? PDF_TH_NARROW : PDF_TH) : (narrow ? PDF_TD_NARROW : PDF_TD);
}

/* Column widths from the cells' natural widths; when they do not fit, narrow columns keep theirs
   and the wide ones share what is left in proportion. */
static void table_widths(struct pdf *p, const struct trends_table *t, double *w)
{
    double sum = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        double m = 0;
        for (size_t r = 0; r <= t->nrows; r++) {
            const char *s = r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c];
            PangoLayout *l = pdf_layout(p, s, cell_font(t, r), -1, false);
            pango_layout_set_width(l, -1);
            m = fmax(m, pdf_layout_width(l));
            g_object_unref(l);
        }
        w[c] = m + 9;
        sum += w[c];
    }
    if (sum <= CONTENT_W) return;
    bool *fixed = xcalloc(t->ncols, sizeof *fixed);
    double avail = CONTENT_W, rest = sum;
    size_t left = t->ncols;
    for (bool changed = true; changed && left > 0;) {
        changed = false;
        for (size_t c = 0; c < t->ncols; c++)
            if (!fixed[c] && w[c] <= avail / (double)left) { fixed[c] = true; avail -= w[c]; rest -= w[c]; left--; changed = true; }
    }
    for (size_t c = 0; c < t->ncols; c++)
        if (!fixed[c]) w[c] = fmax(w[c] * avail / rest, 36);
    free(fixed);
}

static double table_row(struct pdf *p, const struct trends_table *t, const double *w, size_t r, bool measure_only)
{
    double h = 0, x = p->rtl ? PDF_W - PDF_MARGIN_X : PDF_MARGIN_X;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *s = r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c];
        bool num = c < 32 && (t->numeric >> c & 1u);
        PangoLayout *l = pdf_layout(p, s, cell_font(t, r), w[c] - 8, num);
        double cx = p->rtl ? x - w[c] : x;
        if (!measure_only) pdf_show(p, l, cx + 4, p->y + 3);
        h = fmax(h, pdf_layout_height(l) + 6);
        x += p->rtl ? -w[c] : w[c];
        g_object_unref(l);
    }
    return h;
}

static void table_rule(struct pdf *p, double y, double width, double lw)
{
    if (!p->draw) return;
    double x0 = p->rtl ? PDF_W - PDF_MARGIN_X - width : PDF_MARGIN_X;
    cairo_set_line_width(p->cr, lw);
    pdf_rgb(p->cr, 0x777777);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x0 + width, y);
    cairo_stroke(p->cr);
    pdf_rgb(p->cr, 0x111111);
}

static void table(struct pdf *p, const struct trends_table *t, const char *caption)
{
    double *w = xcalloc(t->ncols ? t->ncols : 1, sizeof *w);
    table_widths(p, t, w);
    double width = 0;
    for (size_t c = 0; c < t->ncols; c++) width += w[c];
    PangoLayout *cap = pdf_layout(p, caption, PDF_CAPTION, CONTENT_W, false);
    double head_h = table_row(p, t, w, 0, true);
    ensure(p, pdf_layout_height(cap) + head_h + 30);
    if (p->draw) cairo_tag_begin(p->cr, "Caption", NULL);
    pdf_show(p, cap, PDF_MARGIN_X, p->y);
    if (p->draw) cairo_tag_end(p->cr, "Caption");
    p->y += pdf_layout_height(cap) + 4;
    g_object_unref(cap);
    if (p->draw) cairo_tag_begin(p->cr, "Table", NULL);
    for (size_t r = 0; r <= t->nrows; r++) {
        double h = table_row(p, t, w, r, true);
        if (r > 0 && p->y + h > PDF_BOTTOM) {
            pdf_new_page(p);
            table_row(p, t, w, 0, false);   /* the header again */
            p->y += head_h;
            table_rule(p, p->y, width, 0.6);
        }
        table_row(p, t, w, r, false);
        p->y += h;
        table_rule(p, p->y, width, r == 0 ? 0.6 : 0.2);
    }
    if (p->draw) cairo_tag_end(p->cr, "Table");
    p->y += GAP + 4;
    free(w);
}

/* ---- figures ---- */

static const char *list_sep(const char *lang)
{
    return strcmp(lang, "ar") == 0 ? "، " : strcmp(lang, "zh") == 0 ? "、" : ", ";
}

/* What a figure keeps together: its caption, its drawing, its summary. */
static double figure_height(struct pdf *p, const struct trends_block *b)
{
    const struct chart *c = b->chart;
    PangoLayout *cl = pdf_layout(p, arena_printf(&p->a, _("Figure %d. %s"), b->number, c->title), PDF_CAPTION, CONTENT_W, false);
    PangoLayout *sl = pdf_layout(p, c->summary, PDF_BODY, CONTENT_W, false);
    double h = pdf_layout_height(cl) + 6 + pdf_chart_height(p, c, CONTENT_W) + 6 + pdf_layout_height(sl);
    g_object_unref(cl);
    g_object_unref(sl);
    return h;
}

static void figure(struct pdf *p, const struct trends_block *b, size_t fig_index)
{
    const struct chart *c = b->chart;
    const char *cap = arena_printf(&p->a, _("Figure %d. %s"), b->number, c->title);
    PangoLayout *cl = pdf_layout(p, cap, PDF_CAPTION, CONTENT_W, false);
    PangoLayout *sl = pdf_layout(p, c->summary, PDF_BODY, CONTENT_W, false);
    double ch = pdf_chart_height(p, c, CONTENT_W);
    ensure(p, figure_height(p, b));
    p->fig_page[fig_index] = p->page;
    if (p->draw) {
        char dest[40];
        snprintf(dest, sizeof dest, "name='fig-%d'", b->number);
        cairo_tag_begin(p->cr, CAIRO_TAG_DEST, dest);
        cairo_tag_begin(p->cr, "Caption", NULL);
    }
    pdf_show(p, cl, PDF_MARGIN_X, p->y);
    if (p->draw) { cairo_tag_end(p->cr, "Caption"); cairo_tag_end(p->cr, CAIRO_TAG_DEST); }
    p->y += pdf_layout_height(cl) + 6;
    if (p->draw) cairo_tag_begin(p->cr, "Figure", NULL);
    pdf_chart_draw(p, c, PDF_MARGIN_X, p->y, CONTENT_W);
    if (p->draw) cairo_tag_end(p->cr, "Figure");
    p->y += ch + 6;
    flow_layout(p, sl, PDF_MARGIN_X);
    p->y += 3;
    g_object_unref(cl);
    g_object_unref(sl);
    if (c->source && *c->source) {
        const char *src = arena_printf(&p->a, _("Source: %s"), c->source);
        if (p->draw) pdf_rgb(p->cr, 0x444444);
        paragraph(p, src, PDF_SMALL, 0);
        if (p->draw) pdf_rgb(p->cr, 0x111111);
        }
    /* The numbers: a table; a map's States listed by legend entry. */
    if (c->kind == CHART_TILEMAP) {
        for (size_t v = 0; v < c->nlegend; v++) {
            struct buf t = BUF_INIT;
            size_t count = 0;
            for (size_t i = 0; i < c->ntiles; i++) count += c->tiles[i].value == (int)v;
            char n[32];
            pdf_number(p, (long long)count, n, sizeof n);
            buf_printf(&t, "%s (%s): ", c->legend[v], n);
            bool firstname = true;
            for (size_t i = 0; i < c->ntiles; i++) {
                if (c->tiles[i].value != (int)v) continue;
                if (!firstname) buf_puts(&t, list_sep(p->d->lang));
                buf_puts(&t, c->tiles[i].label);
                firstname = false;
            }
            paragraph(p, buf_cstr(&t), PDF_SMALL, 0);
            buf_cleanup(&t);
        }
    } else {
        struct arena a = ARENA_INIT;
        const struct trends_table *t = trends_chart_table(&a, c, p->d->lang);
        const char *tc = arena_printf(&p->a, _("Data of figure %d"), b->number);
        table(p, t, tc);
            arena_cleanup(&a);
    }
}

/* ---- headings, title page, contents ---- */

/* A heading stays on the page of what follows it: a figure whole, else a few lines. */
static double keep_height(struct pdf *p, const struct trends_section *s)
{
    if (!s->nblocks) return 0;
    const struct trends_block *b = &s->blocks[0];
    if (b->kind == TRENDS_CHART) return fmin(figure_height(p, b), PDF_BOTTOM - PDF_TOP - 60);
    if (b->kind == TRENDS_TABLE) return 70;
    PangoLayout *l = pdf_layout(p, b->text, PDF_BODY, CONTENT_W, false);
    double h = fmin(pdf_layout_height(l), 45);
    g_object_unref(l);
    return h;
}

static void heading(struct pdf *p, const struct trends_section *s, size_t index)
{
    enum pdf_font f = s->level == 1 ? PDF_H1 : PDF_H2;
    const char *text = arena_printf(&p->a, "%s  %s", s->number, s->title);
    PangoLayout *l = pdf_layout(p, text, f, CONTENT_W, false);
    double h = pdf_layout_height(l);
    if (s->level == 1 && p->y > PDF_TOP) p->y += 10;
    ensure(p, h + 6 + keep_height(p, s));
    p->sec_page[index] = p->page;
    char attr[64];
    if (p->draw) {
        snprintf(attr, sizeof attr, "name='%s'", s->anchor);
        cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
        cairo_tag_begin(p->cr, s->level == 1 ? "H1" : "H2", NULL);
        pdf_rgb(p->cr, 0x0b3d6e);
    }
    pdf_show(p, l, PDF_MARGIN_X, p->y);
    if (p->draw) {
        pdf_rgb(p->cr, 0x111111);
        cairo_tag_end(p->cr, s->level == 1 ? "H1" : "H2");
        cairo_tag_end(p->cr, CAIRO_TAG_DEST);
        snprintf(attr, sizeof attr, "dest='%s'", s->anchor);
        int id = cairo_pdf_surface_add_outline(cairo_get_target(p->cr), s->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline_top,
                                               text, attr, s->level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        if (s->level == 1) p->outline_top = id;
    }
    p->y += h + 6;
    g_object_unref(l);
}

static void title_page(struct pdf *p)
{
    const struct trends_doc *d = p->d;
    pdf_new_page(p);
    p->y = 190;
    if (p->draw) { cairo_tag_begin(p->cr, "P", NULL); pdf_rgb(p->cr, 0x0b3d6e); }
    p->y += pdf_text_at(p, d->title, PDF_TITLE, PDF_MARGIN_X, p->y, CONTENT_W, false) + 14;
    if (p->draw) { cairo_tag_end(p->cr, "P"); pdf_rgb(p->cr, 0x111111); }
    p->y += pdf_text_at(p, d->subtitle, PDF_SUBTITLE, PDF_MARGIN_X, p->y, CONTENT_W, false) + 30;
    struct buf when = BUF_INIT;
    i18n_date_in(&when, d->lang, d->made);
    const char *made = arena_printf(&p->a, _("Generated on %s from the national reports published in poaiss."), buf_cstr(&when));
    p->y += pdf_text_at(p, made, PDF_BODY, PDF_MARGIN_X, p->y, CONTENT_W, false) + 8;
    buf_cleanup(&when);
    if (d->synthetic) {
        p->y += 20;
        PangoLayout *l = pdf_layout(p, _("Synthetic data: the reports behind this document were generated for a demonstration. "
                                         "They describe no real State."), PDF_CAPTION, CONTENT_W - 24, false);
        double h = pdf_layout_height(l);
        if (p->draw) {
            cairo_set_line_width(p->cr, 1.5);
            pdf_rgb(p->cr, 0x9a3412);
            cairo_rectangle(p->cr, PDF_MARGIN_X, p->y, CONTENT_W, h + 20);
            cairo_stroke(p->cr);
        }
        pdf_show(p, l, PDF_MARGIN_X + 12, p->y + 10);
        if (p->draw) pdf_rgb(p->cr, 0x111111);
        p->y += h + 30;
        g_object_unref(l);
    }
}

static void contents(struct pdf *p)
{
    const struct trends_doc *d = p->d;
    pdf_new_page(p);
    if (p->draw) cairo_tag_begin(p->cr, "H1", NULL);
    p->y += pdf_text_at(p, _("Contents"), PDF_H1, PDF_MARGIN_X, p->y, CONTENT_W, false) + 12;
    if (p->draw) cairo_tag_end(p->cr, "H1");
    if (p->draw) cairo_tag_begin(p->cr, "TOC", NULL);
    for (size_t i = 0; i < d->nsections; i++) {
        const struct trends_section *s = &d->sections[i];
        double indent = s->level == 1 ? 0 : 22;
        const char *text = arena_printf(&p->a, "%s  %s", s->number, s->title);
        enum pdf_font f = s->level == 1 ? PDF_CAPTION : PDF_BODY;
        PangoLayout *l = pdf_layout(p, text, f, CONTENT_W - indent - 50, false);
        double h = pdf_layout_height(l);
        if (s->level == 1) p->y += 4;
        ensure(p, h);
        if (p->draw) {
            char attr[64];
            snprintf(attr, sizeof attr, "dest='%s'", s->anchor);
            cairo_tag_begin(p->cr, "TOCI", NULL);
            cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
        }
        pdf_show(p, l, PDF_MARGIN_X + (p->rtl ? 50 : indent), p->y);
        char n[32];
        pdf_number(p, p->sec_page ? p->sec_page[i] : 0, n, sizeof n);
        pdf_text_at(p, n, f, PDF_MARGIN_X, p->y, CONTENT_W, true);
        if (p->draw) { cairo_tag_end(p->cr, CAIRO_TAG_LINK); cairo_tag_end(p->cr, "TOCI"); }
        p->y += h + 3;
        g_object_unref(l);
        }
    if (p->draw) cairo_tag_end(p->cr, "TOC");
}

/* ---- the document ---- */

static void layout_all(struct pdf *p)
{
    const struct trends_doc *d = p->d;
    title_page(p);
    contents(p);
    pdf_new_page(p);
    size_t fig = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        const struct trends_section *s = &d->sections[i];
        heading(p, s, i);
        for (size_t k = 0; k < s->nblocks; k++) {
            const struct trends_block *b = &s->blocks[k];
            switch (b->kind) {
            case TRENDS_PARA: paragraph(p, b->text, PDF_BODY, 0); break;
            case TRENDS_NOTE: note(p, b->text); break;
            case TRENDS_CHART: figure(p, b, fig++); break;
            case TRENDS_TABLE: {
                const char *cap = arena_printf(&p->a, _("Table %d. %s"), b->number, b->table->caption);
                table(p, b->table, cap);
                            break;
            }
            }
        }
    }
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* One font map for the process (pango's default is one per thread, each with its own caches, which a
   thread pool would multiply and never free): renderings take turns on it. */
static pthread_mutex_t fontmap_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fontmap;

/* One pass: on a recording surface (measure) or the PDF surface (draw). */
static void pass(struct pdf *p, cairo_surface_t *surface)
{
    p->cr = cairo_create(surface);
    p->pc = pango_font_map_create_context(fontmap);
    pango_cairo_update_context(p->cr, p->pc);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->pc, fo);
    cairo_font_options_destroy(fo);
    const char *lang = p->d->lang;
    pango_context_set_language(p->pc, pango_language_from_string(strcmp(lang, "zh") == 0 ? "zh-cn" : lang));
    pango_context_set_base_dir(p->pc, p->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    p->page = 0;
    p->outline_top = CAIRO_PDF_OUTLINE_ROOT;
    layout_all(p);
    if (p->draw) cairo_show_page(p->cr);
    g_object_unref(p->pc);
    cairo_destroy(p->cr);
    p->cr = NULL;
}

int trends_pdf_render(const struct trends_doc *d, struct buf *out)
{
    struct pdf p = { .d = d, .a = ARENA_INIT, .rtl = strcmp(d->lang, "ar") == 0 };
    size_t nsec = d->nsections ? d->nsections : 1;
    p.sec_page = xcalloc(nsec, sizeof *p.sec_page);
    p.fig_page = xcalloc(d->nfigures > 0 ? (size_t)d->nfigures : 1, sizeof *p.fig_page);
    pthread_mutex_lock(&fontmap_lock);
    if (!fontmap) fontmap = pango_cairo_font_map_new();
    fonts_make(&p);
    /* The first pass measures: where each section starts, how many pages. */
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    pass(&p, rec);
    cairo_surface_destroy(rec);
    p.pages = p.page;
    p.draw = true;
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_buf, out, PDF_W, PDF_H);
    cairo_pdf_surface_restrict_to_version(pdf, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, d->subtitle ? d->subtitle : d->title);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, d->title);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "poaiss");
    char date[32];
    snprintf(date, sizeof date, "%.10sT00:00:00Z", d->made ? d->made : "1970-01-01");
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    pass(&p, pdf);
    cairo_surface_finish(pdf);
    cairo_status_t st = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    if (st != CAIRO_STATUS_SUCCESS) fprintf(stderr, "poaiss: the trends PDF: %s\n", cairo_status_to_string(st));
    else if (pdf_catalog_amend(out, d->lang) < 0) fprintf(stderr, "poaiss: the trends PDF: its catalog could not be marked as tagged\n");
    for (int i = 0; i < PDF_NFONTS; i++) pango_font_description_free(p.font[i]);
    free(p.sec_page);
    free(p.fig_page);
    arena_cleanup(&p.a);
    pthread_mutex_unlock(&fontmap_lock);
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

void trends_pdf_shutdown(void)
{
    pthread_mutex_lock(&fontmap_lock);
    if (fontmap) g_object_unref(fontmap);
    fontmap = NULL;
    pthread_mutex_unlock(&fontmap_lock);
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
}

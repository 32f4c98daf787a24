/*
 * table_export: see table_export.h.  The workbook is written in libxlsxwriter's default
 * mode (not constant_memory): the tables are small (a few hundred rows; search downloads
 * stop at 5,000), and the default mode keeps text in the shared-strings table, which every
 * spreadsheet reads.
 */
#include "web/table_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/csv.h"
#include "util/jsonw.h"
#include "util/mem.h"
#include "web/web.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define XLSX_MAX_TEXT 32767     /* bytes; a cell holds at most 32,767 characters */
#define XLSX_MIN_WIDTH 8
#define XLSX_MAX_WIDTH 60

static const struct { const char *suffix; enum table_format fmt; } SUFFIXES[] = {
    { ".csv", TABLE_CSV }, { ".xlsx", TABLE_XLSX }, { ".json", TABLE_JSON },
};

enum table_format table_format_split(const char *path, size_t *stem_len)
{
    size_t n = path ? strlen(path) : 0;
    if (stem_len) *stem_len = n;
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof SUFFIXES[0]; i++) {
        size_t k = strlen(SUFFIXES[i].suffix);
        if (n > k && strcmp(path + n - k, SUFFIXES[i].suffix) == 0) {
            if (stem_len) *stem_len = n - k;
            return SUFFIXES[i].fmt;
        }
    }
    return TABLE_PAGE;
}

/* ---- filling ---- */

void table_init(struct table *t, const struct table_col *cols, size_t ncols)
{
    POAISS_ASSERT(ncols > 0);
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
}

static struct table_cell *next_cell(struct table *t)
{
    if (t->ncells == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    struct table_cell *c = &t->cells[t->ncells++];
    memset(c, 0, sizeof *c);
    return c;
}

void table_text(struct table *t, const char *s)
{
    struct table_cell *c = next_cell(t);
    if (!s) return;
    c->kind = TABLE_CELL_TEXT;
    c->text = xstrdup(s);
}

void table_text_user(struct table *t, const char *before, const char *user, const char *after)
{
    struct table_cell *c = next_cell(t);
    if (!before && !user && !after) return;
    size_t nb = before ? strlen(before) : 0, nu = user ? strlen(user) : 0, na = after ? strlen(after) : 0;
    c->kind = TABLE_CELL_TEXT;
    c->text = xmalloc(nb + nu + na + 1);
    memcpy(c->text, before ? before : "", nb);
    memcpy(c->text + nb, user ? user : "", nu);
    memcpy(c->text + nb + nu, after ? after : "", na);
    c->text[nb + nu + na] = 0;
    c->user_at = nb;
    c->user_len = nu;
}

void table_int(struct table *t, long long v)
{
    struct table_cell *c = next_cell(t);
    c->kind = TABLE_CELL_NUMBER;
    c->num = (double)v;
}

void table_number(struct table *t, double v)
{
    struct table_cell *c = next_cell(t);
    c->kind = TABLE_CELL_NUMBER;
    c->num = v;
}

void table_bool(struct table *t, bool v)
{
    struct table_cell *c = next_cell(t);
    c->kind = TABLE_CELL_BOOL;
    c->flag = v;
}

void table_empty(struct table *t)
{
    next_cell(t);
}

size_t table_rows(const struct table *t)
{
    return (t->ncells + t->ncols - 1) / t->ncols;
}

void table_cleanup(struct table *t)
{
    for (size_t i = 0; i < t->ncells; i++) free(t->cells[i].text);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* The cell at (row, col); NULL past the cells filled (a short last row). */
static const struct table_cell *cell_at(const struct table *t, size_t row, size_t col)
{
    size_t i = row * t->ncols + col;
    return i < t->ncells ? &t->cells[i] : NULL;
}

/* A number as text: integers without a decimal point, others with up to 15 significant digits. */
static void number_text(char *out, size_t len, double v)
{
    if (v == (double)(long long)v && v > -1e15 && v < 1e15) snprintf(out, len, "%lld", (long long)v);
    else snprintf(out, len, "%.15g", v);
}

/* ---- CSV ---- */

static void write_csv(const struct table *t, struct buf *b)
{
    buf_puts(b, "\xEF\xBB\xBF");   /* a BOM, so spreadsheets read the file as UTF-8 */
    for (size_t c = 0; c < t->ncols; c++) csv_field(b, t->cols[c].id, c == 0);
    csv_end_row(b);
    size_t rows = table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_cell *x = cell_at(t, r, c);
            char num[40];
            if (!x || x->kind == TABLE_CELL_EMPTY) { csv_field(b, NULL, c == 0); continue; }
            if (x->kind == TABLE_CELL_TEXT) { csv_field(b, x->text, c == 0); continue; }
            if (c) buf_putc(b, ',');
            /* Our own numbers and booleans: never a formula, so not guarded (a negative number stays a number). */
            if (x->kind == TABLE_CELL_BOOL) buf_puts(b, x->flag ? "true" : "false");
            else { number_text(num, sizeof num, x->num); buf_puts(b, num); }
        }
        csv_end_row(b);
    }
}

/* ---- JSON ---- */

void table_write_json_fields(const struct table *t, size_t r, struct jsonw *w)
{
    for (size_t c = 0; c < t->ncols; c++) {
        const struct table_cell *x = cell_at(t, r, c);
        jsonw_key(w, t->cols[c].id);
        if (!x || x->kind == TABLE_CELL_EMPTY) jsonw_null(w);
        else if (x->kind == TABLE_CELL_TEXT) jsonw_str(w, x->text);
        else if (x->kind == TABLE_CELL_BOOL) jsonw_bool(w, x->flag);
        else if (x->num == (double)(long long)x->num && x->num > -1e15 && x->num < 1e15) jsonw_int(w, (long long)x->num);
        else jsonw_real(w, x->num);
    }
}

void table_write_json(const struct table *t, const char *key, struct buf *out)
{
    struct buf tmp = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &tmp);
    if (key) { jsonw_obj(&w); jsonw_key(&w, key); }
    jsonw_arr(&w);
    size_t rows = table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        jsonw_obj(&w);
        table_write_json_fields(t, r, &w);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    if (key) { jsonw_kint(&w, "count", (long long)rows); jsonw_obj_end(&w); }
    /* Outside strings JSON has no '<', '>' or '&': escaping every one leaves the values as they were. */
    buf_reserve(out, tmp.len + 2);
    for (size_t i = 0; i < tmp.len; i++) {
        char ch = tmp.data[i];
        if (ch == '<') buf_puts(out, "\\u003c");
        else if (ch == '>') buf_puts(out, "\\u003e");
        else if (ch == '&') buf_puts(out, "\\u0026");
        else buf_putc(out, ch);
    }
    buf_putc(out, '\n');
    buf_cleanup(&tmp);
}

/* ---- XLSX ---- */

/* Width of the longest line of s, in characters; Chinese, Japanese and Korean ones (U+3000-U+D7FF: lead bytes
   E3-ED) and the full-width forms (U+FF00-U+FF7F: EF BC, EF BD) count twice, as spreadsheets draw them. */
static size_t text_width(const char *s)
{
    size_t best = 0, cur = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') { cur = 0; continue; }
        if ((*p & 0xC0) == 0x80) continue;
        cur += (*p >= 0xE3 && *p <= 0xED) || (*p == 0xEF && (p[1] == 0xBC || p[1] == 0xBD)) ? 2 : 1;
        if (cur > best) best = cur;
    }
    return best;
}

/* s made fit for a cell: valid UTF-8 without control characters, cut (at a character) to the cell limit. */
static const char *cell_text(struct buf *tmp, const char *s)
{
    buf_clear(tmp);
    text_sanitize(tmp, s, strlen(s));
    if (tmp->len > XLSX_MAX_TEXT) {
        size_t n = XLSX_MAX_TEXT;
        while (n && (tmp->data[n] & 0xC0) == 0x80) n--;
        tmp->len = n;
        tmp->data[n] = 0;
    }
    return buf_cstr(tmp);
}

static void sheet_name(char out[LXW_SHEETNAME_MAX + 1], const char *stem)
{
    if (strncmp(stem, "poaiss-", 7) == 0 && stem[7]) stem += 7;
    size_t n = 0;
    for (const char *p = stem; *p && n < LXW_SHEETNAME_MAX; p++)
        out[n++] = strchr("[]:*?/\\'", *p) ? '_' : *p;
    out[n] = 0;
    if (!n) snprintf(out, LXW_SHEETNAME_MAX + 1, "data");
}

/* Write the workbook to path; the first libxlsxwriter error, or LXW_NO_ERROR. */
static lxw_error write_xlsx(const struct table *t, const char *path, const char *stem)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return LXW_ERROR_CREATING_XLSX_FILE;
    char name[LXW_SHEETNAME_MAX + 1];
    sheet_name(name, stem);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bottom(head, LXW_BORDER_THIN);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_error first = ws ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
#define NOTE(call) do { lxw_error e_ = (call); if (first == LXW_NO_ERROR) first = e_; } while (0)
    size_t rows = table_rows(t);
    struct buf tmp = BUF_INIT;
    for (size_t c = 0; ws && c < t->ncols; c++) {
        const char *label = t->cols[c].label ? t->cols[c].label : t->cols[c].id;
        size_t w = text_width(label) + 2;   /* room for the filter button */
        for (size_t r = 0; r < rows; r++) {
            const struct table_cell *x = cell_at(t, r, c);
            size_t cw = x && x->kind == TABLE_CELL_TEXT ? text_width(x->text) : x && x->kind != TABLE_CELL_EMPTY ? 10 : 0;
            if (cw > w) w = cw;
        }
        bool long_text = w > XLSX_MAX_WIDTH;
        w = w < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : long_text ? XLSX_MAX_WIDTH : w;
        NOTE(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w + 1, long_text ? wrap : NULL));
        NOTE(worksheet_write_string(ws, 0, (lxw_col_t)c, cell_text(&tmp, label), head));
    }
    for (size_t r = 0; ws && r < rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_cell *x = cell_at(t, r, c);
            lxw_row_t row = (lxw_row_t)(r + 1);
            if (!x || x->kind == TABLE_CELL_EMPTY) continue;
            if (x->kind == TABLE_CELL_TEXT) NOTE(worksheet_write_string(ws, row, (lxw_col_t)c, cell_text(&tmp, x->text), NULL));
            else if (x->kind == TABLE_CELL_BOOL) NOTE(worksheet_write_boolean(ws, row, (lxw_col_t)c, x->flag, NULL));
            else NOTE(worksheet_write_number(ws, row, (lxw_col_t)c, x->num, NULL));
        }
    }
    if (ws) {
        worksheet_freeze_panes(ws, 1, 0);
        NOTE(worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(t->ncols - 1)));
    }
#undef NOTE
    buf_cleanup(&tmp);
    lxw_error closed = workbook_close(wb);
    return first != LXW_NO_ERROR ? first : closed;
}

/* The workbook's bytes into out; 0, or -1 (nothing left on disk either way). */
static int xlsx_bytes(const struct table *t, const char *stem, struct buf *out)
{
    const char *dir = getenv("TMPDIR");   /* the temporary directory, as every tool takes it */
    if (!dir || dir[0] != '/' || strlen(dir) > 200) dir = "/tmp";
    char path[256];
    snprintf(path, sizeof path, "%s/poaiss-table-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    lxw_error rc = write_xlsx(t, path, stem);
    FILE *f = rc == LXW_NO_ERROR ? fopen(path, "rb") : NULL;
    int ok = f ? 0 : -1;
    if (f) {
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
        if (ferror(f)) ok = -1;
        fclose(f);
    }
    unlink(path);
    if (rc != LXW_NO_ERROR) fprintf(stderr, "table_export: workbook %s: %s\n", stem, lxw_strerror(rc));
    return ok;
}

/* ---- the answer ---- */

void table_send(const struct table *t, enum table_format fmt, const char *stem, struct http_request *req,
                struct http_response *res)
{
    if (fmt == TABLE_PAGE) { web_error(req, res, 404, _("There is no page at this address.")); return; }
    char file[128];
    size_t n = 0;
    for (const char *p = stem; *p && n < sizeof file - 8; p++) {
        char ch = *p;
        bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
        file[n++] = ok ? ch : '_';
    }
    file[n] = 0;
    const char *suffix = fmt == TABLE_CSV ? ".csv" : fmt == TABLE_XLSX ? ".xlsx" : ".json";
    if (fmt == TABLE_CSV) {
        write_csv(t, &res->body);
        res->content_type = "text/csv; charset=utf-8";
    } else if (fmt == TABLE_JSON) {
        table_write_json(t, NULL, &res->body);
        res->content_type = "application/json; charset=utf-8";
    } else {
        if (xlsx_bytes(t, file, &res->body) < 0) {
            buf_clear(&res->body);
            web_error(req, res, 500, _("The download could not be made."));
            return;
        }
        res->content_type = XLSX_TYPE;
    }
    char disp[200];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s%s\"", file, suffix);
    http_response_header(res, "Content-Disposition", disp);
}

void table_links(struct buf *b, struct http_request *req, const char *path)
{
    static const char *const LABELS[] = { "CSV", "XLSX", "JSON" };
    static const char *const EXT[] = { ".csv", ".xlsx", ".json" };
    HTML_LIT(b, "<p class=\"downloads\">");
    html_text(b, _("Download:"));
    for (int i = 0; i < 3; i++) {
        if (i) HTML_LIT(b, " · <a href=\"");
        else HTML_LIT(b, " <a href=\"");
        for (const char *p = path; *p;) {   /* each segment percent-encoded, the slashes kept */
            size_t k = strcspn(p, "/");
            if (k) {
                char *seg = xstrndup(p, k);
                html_urlpart(b, seg);
                free(seg);
            }
            p += k;
            if (*p == '/') { HTML_LIT(b, "/"); p++; }
        }
        html_text(b, EXT[i]);
        bool first = true;
        for (size_t q = 0; q < req->query.n; q++) {
            if (strcmp(req->query.v[q].name, "page") == 0) continue;
            if (first) HTML_LIT(b, "?"); else HTML_LIT(b, "&amp;");
            first = false;
            html_urlpart(b, req->query.v[q].name);
            HTML_LIT(b, "=");
            html_urlpart(b, req->query.v[q].value);
        }
        HTML_LIT(b, "\" download>");
        html_text(b, LABELS[i]);
        HTML_LIT(b, "</a>");
    }
    HTML_LIT(b, "</p>\n");
}

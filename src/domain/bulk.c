/* bulk: see bulk.h. */
#include "domain/bulk.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assistance.h"
#include "domain/bulk_index.h"
#include "domain/report.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

#define BULK_MAX_LINE (4 * 1024 * 1024)
#define BULK_CACHE_MB 512           /* the writer's page cache during an import (memory is taken as pages are used) */

struct exists_ctx { int found; };

static int state_cb(const struct store_state *st, void *ctx) { (void)st; ((struct exists_ctx *)ctx)->found = 1; return 0; }

/* Check one parsed line; print its errors; 0 when valid. */
static int check_line(struct store *s, json_t *o, long lineno, FILE *errs)
{
    int bad = 0;
    const char *state = json_string_value(json_object_get(o, "state"));
    json_t *cyc = json_object_get(o, "cycle");
    const char *status = json_string_value(json_object_get(o, "status"));
    json_t *answers = json_object_get(o, "answers");
    struct exists_ctx e = { 0 };
    if (!state || strlen(state) != 3 || store_state_get(s, state, "en", state_cb, &e) < 0 || !e.found) {
        fprintf(errs, "line %ld: state: the ISO3 code of a State\n", lineno);
        bad = 1;
    }
    const struct template *t = json_is_integer(cyc) ? template_get((int)json_integer_value(cyc)) : NULL;
    if (!t) { fprintf(errs, "line %ld: cycle: a year with a template (2010, 2012, ..., 2026, every second year)\n", lineno); bad = 1; }
    if (status && strcmp(status, "draft") != 0 && strcmp(status, "published") != 0) {
        fprintf(errs, "line %ld: status: draft or published\n", lineno);
        bad = 1;
    }
    if (!json_is_object(answers)) { fprintf(errs, "line %ld: answers: an object\n", lineno); return 1; }
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v) {
        const struct template_question *q = t ? template_question(t, k) : NULL;
        char err[256];
        if (t && !q) { fprintf(errs, "line %ld: %s: no such question in the %d template\n", lineno, k, t->cycle); bad = 1; }
        else if (q && answer_check(q, v, err, sizeof err) < 0) { fprintf(errs, "line %ld: %s: %s\n", lineno, k, err); bad = 1; }
    }
    return bad;
}

/* One line of the input and what the checking thread made of it. */
struct line {
    char *text;                 /* owned until parsed */
    size_t len;
    long lineno;
    json_t *o;                  /* owned: the parsed line, NULL when it is not a JSON object */
    char **dumps;               /* owned: each non-null answer as JSON text, in the answers' order */
    struct store_answer_row *answers;   /* owned: the question of each and its text (in dumps) */
    size_t ndumps;
    int parse_bad, check_bad;   /* errors in the checker's output from errs_at, errs_len bytes */
    size_t errs_at, errs_len;
    struct bulk_mark rows_from, rows_to;    /* a published line's search rows (the checker computes them) */
    long long report_id;        /* given by the writer */
};

static int write_line(struct store *s, struct line *l)
{
    json_t *o = l->o;
    const char *state = json_string_value(json_object_get(o, "state"));
    int cycle = (int)json_integer_value(json_object_get(o, "cycle"));
    const char *status = json_string_value(json_object_get(o, "status"));
    const char *lang = json_string_value(json_object_get(o, "language"));
    bool published = status && strcmp(status, "published") == 0;
    if (cycle >= TEMPLATE_BENCH_FIRST) {     /* a benchmark cycle (demo --scale): create it */
        char opens[24], deadline[24];
        snprintf(opens, sizeof opens, "%d-01-01", cycle);
        snprintf(deadline, sizeof deadline, "%d-03-31", cycle);
        if (store_cycle_add(s, cycle, opens, deadline) < 0) return -1;
    }
    long long id = store_report_add(s, state, cycle, lang ? lang : "en", json_is_true(json_object_get(o, "synthetic")), 0);
    if (id <= 0) return id == 0 ? 1 : -1;
    json_t *answers = json_object_get(o, "answers");
    if (l->ndumps && store_bulk_answers(s, id, l->answers, l->ndumps) < 0) return -1;
    if (published && (store_report_set_status(s, id, "published", 1) < 0 || store_report_version_add(s, id, 1, 0, "imported") < 0 ||
                      assist_sync_report(s, id, state, cycle, 1, lang ? lang : "en", answers,
                                         json_is_true(json_object_get(o, "synthetic")), 0) < 0))
        return -1;
    l->report_id = id;
    return 0;
}

/* Drop the answers the skip logic makes inactive (report_inactive: the one rule; they are not
   imported), write each other one as JSON text, and add the questions of a published line to keys. */
static void prepare_answers(struct line *l, json_t *keys)
{
    json_t *answers = json_object_get(l->o, "answers"), *x;
    json_t *inactive = report_inactive(template_get((int)json_integer_value(json_object_get(l->o, "cycle"))), answers);
    size_t i;
    json_array_foreach(inactive, i, x) json_object_del(answers, json_string_value(x));
    json_decref(inactive);
    const char *status = json_string_value(json_object_get(l->o, "status")), *k;
    bool published = status && strcmp(status, "published") == 0;
    l->dumps = xcalloc(json_object_size(answers) + 1, sizeof *l->dumps);
    l->answers = xcalloc(json_object_size(answers) + 1, sizeof *l->answers);
    json_object_foreach(answers, k, x) {
        if (json_is_null(x)) continue;
        l->answers[l->ndumps] = (struct store_answer_row){ k, l->dumps[l->ndumps] = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY) };
        l->ndumps++;
        if (published && !json_object_get(keys, k)) json_object_set_new(keys, k, json_true());
    }
}

/* The checking thread: parses, checks and prepares the lines in order while the writer writes
   those it has finished (all or nothing still: the writer stops at the first bad line and
   everything is rolled back).  It also computes the search rows of the published lines, whose
   report ids the writer fills in as it adds the reports. */
struct pipe {
    struct store *s;
    struct line *lines;
    size_t n;
    json_t *keys;               /* the questions of the published lines */
    struct bulk_rows rows;      /* the published lines' search rows, without their report ids until the writer is done */
    struct buf scratch;         /* the checker's */
    FILE *errs;                 /* the checker's output (a memory stream) */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t ready;               /* lines[0 .. ready) are checked */
    int bad;                    /* a checked line has errors */
};

/* Prepare a good line: its answers, and a published line's search rows (0 or -1 on a database error). */
static int prepare_line(struct pipe *p, struct line *l)
{
    prepare_answers(l, p->keys);
    const char *status = json_string_value(json_object_get(l->o, "status"));
    const char *lang = json_string_value(json_object_get(l->o, "language"));
    l->rows_from = l->rows_to = bulk_rows_mark(&p->rows);
    if (!status || strcmp(status, "published") != 0) return 0;
    int rc = bulk_index_report(p->s, &p->rows, 0, 1, lang ? lang : "en", json_object_get(l->o, "answers"), &p->scratch);
    l->rows_to = bulk_rows_mark(&p->rows);
    return rc;
}

static void *check_all(void *arg)
{
    struct pipe *p = arg;
    for (size_t i = 0; i < p->n; i++) {
        struct line *l = &p->lines[i];
        fflush(p->errs);
        l->errs_at = (size_t)ftell(p->errs);
        if (l->len > BULK_MAX_LINE) {
            fprintf(p->errs, "line %ld: longer than 4 MB\n", l->lineno);
            l->parse_bad = 1;
        } else {
            json_error_t e;
            l->o = json_loadb(l->text, l->len, JSON_REJECT_DUPLICATES, &e);
            if (!json_is_object(l->o)) {
                fprintf(p->errs, "line %ld: not a JSON object: %s\n", l->lineno, l->o ? "" : e.text);
                json_decref(l->o);
                l->o = NULL;
                l->parse_bad = 1;
            } else if (!(l->check_bad = check_line(p->s, l->o, l->lineno, p->errs)) && prepare_line(p, l) < 0) {
                fprintf(p->errs, "line %ld: database error\n", l->lineno);
                l->check_bad = 1;
            }
        }
        free(l->text);
        l->text = NULL;
        fflush(p->errs);
        l->errs_len = (size_t)ftell(p->errs) - l->errs_at;
        pthread_mutex_lock(&p->lock);
        p->ready = i + 1;
        if (l->parse_bad || l->check_bad) p->bad = 1;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

/* Wait until line i is checked; 0 when it and every line before it are good. */
static int wait_line(struct pipe *p, size_t i)
{
    pthread_mutex_lock(&p->lock);
    while (p->ready <= i) pthread_cond_wait(&p->cond, &p->lock);
    int bad = p->bad;
    pthread_mutex_unlock(&p->lock);
    return bad ? -1 : 0;
}

/* Every non-blank line of in, unparsed; *n gets how many. */
static struct line *read_lines(FILE *in, size_t *n)
{
    struct line *lines = NULL;
    size_t cap = 0;
    char *text = NULL;
    size_t tcap = 0;
    ssize_t len;
    long lineno = 0;
    *n = 0;
    while ((len = getline(&text, &tcap, in)) >= 0) {
        lineno++;
        if (len == 0 || text[0] == '\n') continue;
        if (*n == cap) lines = xrealloc(lines, (cap = cap ? cap * 2 : 1024) * sizeof *lines);
        lines[(*n)++] = (struct line){ .text = text, .len = (size_t)len, .lineno = lineno };
        text = NULL;
        tcap = 0;
    }
    free(text);
    return lines;
}

static void free_lines(struct line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lines[i].text);
        json_decref(lines[i].o);
        for (size_t k = 0; k < lines[i].ndumps; k++) free(lines[i].dumps[k]);
        free(lines[i].dumps);
        free(lines[i].answers);
    }
    free(lines);
}

/* The checker's errors as the import has always printed them: every line that is not JSON, then
   the first lines with other errors, up to 50 lines in all.  Returns the number of bad lines. */
static long print_errors(const struct line *lines, size_t n, const char *out, FILE *errs)
{
    long bad = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        if (lines[i].parse_bad) { fwrite(out + lines[i].errs_at, 1, lines[i].errs_len, errs); bad++; shown++; }
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].check_bad) continue;
        if (shown < 50) fwrite(out + lines[i].errs_at, 1, lines[i].errs_len, errs);
        bad++;
        shown++;
    }
    if (shown > 50) fprintf(errs, "... and %ld more lines with errors\n", shown - 50);
    return bad;
}

long bulk_import(struct store *s, FILE *in, FILE *errs, FILE *progress)
{
    char terr[256];
    if (template_init(terr, sizeof terr) < 0) { fprintf(errs, "templates: %s\n", terr); return -1; }
    struct pipe p = { .s = s, .keys = json_object(), .rows = BULK_ROWS_INIT, .scratch = BUF_INIT,
                      .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
    p.lines = read_lines(in, &p.n);
    char *out = NULL;
    size_t outlen = 0;
    p.errs = open_memstream(&out, &outlen);
    pthread_t checker;
    if (!p.errs || pthread_create(&checker, NULL, check_all, &p) != 0) {
        if (p.errs) fclose(p.errs);
        free(out);
        free_lines(p.lines, p.n);
        json_decref(p.keys);
        fprintf(errs, "out of memory\n");
        return -1;
    }
    /* The writer starts at once, and writes each line as soon as it is checked. */
    store_bulk_cache(s, BULK_CACHE_MB);
    int busy = store_tx_begin(s) < 0, failed = 0;
    long done = 0;
    struct buf write_errs = BUF_INIT;
    long long last_before = busy ? -1 : store_bulk_begin(s);
    if (!busy && last_before < 0) { buf_printf(&write_errs, "database error\n"); failed = 1; }
    for (size_t i = 0; !busy && last_before >= 0 && i < p.n; i++) {
        if (wait_line(&p, i) < 0) break;
        int rc = write_line(s, &p.lines[i]);
        if (rc != 0) {
            buf_printf(&write_errs, "line %ld: %s\n", p.lines[i].lineno,
                       rc > 0 ? "this State already has a report for this cycle" : "database error");
            failed = 1;
        }
        done++;
        if (progress && done % 1000 == 0) fprintf(progress, "\rimport: %ld/%zu", done, p.n);
    }
    pthread_join(checker, NULL);
    fclose(p.errs);
    if (progress && done >= 1000) fprintf(progress, "\n");
    buf_cleanup(&p.scratch);
    long bad = print_errors(p.lines, p.n, out, errs);
    free(out);
    if (!bad && !busy && !failed) {
        struct arena a = ARENA_INIT;
        for (size_t i = 0; i < p.n; i++) bulk_rows_set_report(&p.rows, p.lines[i].rows_from, p.lines[i].rows_to, p.lines[i].report_id);
        if (bulk_index_write(s, &p.rows, p.keys, &a) < 0 || store_bulk_end_indexed(s) < 0) {
            buf_printf(&write_errs, "indexing the reports for search failed\n");
            failed = 1;
        }
        arena_cleanup(&a);
    }
    bulk_rows_cleanup(&p.rows);
    json_decref(p.keys);
    free_lines(p.lines, p.n);
    if (bad) fprintf(errs, "%ld error(s): nothing was imported\n", bad);
    else if (busy) fprintf(errs, "the database is busy\n");
    else if (failed) fprintf(errs, "%snothing was imported\n", buf_cstr(&write_errs));
    buf_cleanup(&write_errs);
    if (bad || busy || failed) {
        if (!busy) {
            store_bulk_abort(s);
            store_tx_rollback(s);
        }
        store_bulk_cache(s, 0);
        return -1;
    }
    store_audit_add(s, 0, "cli", "report.bulk_import", NULL, NULL);
    int committed = store_tx_commit(s);
    store_bulk_cache(s, 0);
    return committed < 0 ? -1 : done;
}

struct export_ctx { struct store *s; FILE *out; long n; };

static int version_cb(const struct store_version *v, void *ctx)
{
    char **last = ctx;
    free(*last);
    *last = xstrdup(v->answers);
    return 0;
}

static int export_cb(const struct store_report *r, void *ctx)
{
    struct export_ctx *e = ctx;
    char *answers = NULL;
    store_report_versions_each(e->s, r->id, version_cb, &answers);
    json_t *a = answers ? json_loads(answers, 0, NULL) : json_object();
    json_t *o = json_pack("{s:s, s:i, s:s, s:i, s:s, s:b, s:o}", "state", r->state_iso3, "cycle", r->cycle, "status", "published",
                          "version", r->version, "language", r->language, "synthetic", r->synthetic, "answers", a ? a : json_object());
    char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    /* '<' can only be inside a string here: escape it as the API's writer does (util/text.h), so that no
       line holds raw markup a careless consumer could paste into a page. */
    const char *p = line;
    for (const char *lt; (lt = strchr(p, '<')) != NULL; p = lt + 1) {
        fwrite(p, 1, (size_t)(lt - p), e->out);
        fputs("\\u003c", e->out);
    }
    fprintf(e->out, "%s\n", p);
    free(line);
    free(answers);
    json_decref(o);
    e->n++;
    return 0;
}

long bulk_export(struct store *s, int cycle, FILE *out)
{
    struct export_ctx e = { s, out, 0 };
    if (store_reports_each(s, NULL, cycle, NULL, true, export_cb, &e) < 0) return -1;
    return e.n;
}

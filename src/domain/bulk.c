/* bulk: see bulk.h. */
#include "domain/bulk.h"

#include <jansson.h>
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

static int write_line(struct store *s, json_t *o, const struct bulk_questions *q, struct bulk_rows *rows, struct buf *scratch)
{
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
    const char *k;
    json_t *v, *answers = json_object_get(o, "answers");
    json_object_foreach(answers, k, v) {
        if (json_is_null(v)) continue;
        char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        int rc = store_answer_put(s, id, k, js, 0);
        free(js);
        if (rc < 0) return -1;
    }
    if (published && (store_report_set_status(s, id, "published", 1) < 0 || store_report_version_add(s, id, 1, 0, "imported") < 0 ||
                      bulk_index_report(s, q, rows, id, 1, lang ? lang : "en", answers, scratch) < 0 ||
                      assist_sync_report(s, id, state, cycle, 1, lang ? lang : "en", answers,
                                         json_is_true(json_object_get(o, "synthetic")), 0) < 0))
        return -1;
    return 0;
}

/* Drop the answers the skip logic makes inactive (report_inactive: the one rule; they are not
   imported) and add the questions of a published line to keys. */
static void prepare_line(json_t *o, json_t *keys)
{
    json_t *answers = json_object_get(o, "answers"), *x;
    json_t *inactive = report_inactive(template_get((int)json_integer_value(json_object_get(o, "cycle"))), answers);
    size_t i;
    json_array_foreach(inactive, i, x) json_object_del(answers, json_string_value(x));
    json_decref(inactive);
    const char *status = json_string_value(json_object_get(o, "status")), *k;
    if (!status || strcmp(status, "published") != 0) return;
    json_object_foreach(answers, k, x)
        if (!json_is_null(x) && !json_object_get(keys, k)) json_object_set_new(keys, k, json_true());
}

static long read_lines(FILE *in, json_t *all, FILE *errs)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, bad = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (n == 0 || line[0] == '\n') continue;
        if (n > BULK_MAX_LINE) { fprintf(errs, "line %ld: longer than 4 MB\n", lineno); bad++; continue; }
        json_error_t e;
        json_t *o = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &e);
        if (!json_is_object(o)) {
            fprintf(errs, "line %ld: not a JSON object: %s\n", lineno, o ? "" : e.text);
            json_decref(o);
            bad++;
            continue;
        }
        json_object_set_new(o, "_line", json_integer(lineno));
        json_array_append_new(all, o);
    }
    free(line);
    return bad;
}

long bulk_import(struct store *s, FILE *in, FILE *errs, FILE *progress)
{
    char terr[256];
    if (template_init(terr, sizeof terr) < 0) { fprintf(errs, "templates: %s\n", terr); return -1; }
    json_t *all = json_array(), *o;
    long bad = read_lines(in, all, errs);
    size_t i;
    /* Every line is checked; the first 50 lines with errors are printed. */
    FILE *sink = fopen("/dev/null", "w");
    long shown = bad;
    json_array_foreach(all, i, o) {
        int b = check_line(s, o, (long)json_integer_value(json_object_get(o, "_line")), shown < 50 || !sink ? errs : sink);
        bad += b;
        shown += b;
    }
    if (sink) fclose(sink);
    if (shown > 50) fprintf(errs, "... and %ld more lines with errors\n", shown - 50);
    if (bad) { json_decref(all); fprintf(errs, "%ld error(s): nothing was imported\n", bad); return -1; }
    store_bulk_cache(s, BULK_CACHE_MB);
    if (store_tx_begin(s) < 0) { store_bulk_cache(s, 0); json_decref(all); fprintf(errs, "the database is busy\n"); return -1; }
    long done = 0;
    struct arena a = ARENA_INIT;
    struct bulk_questions q = { 0 };
    struct buf scratch = BUF_INIT;
    struct bulk_rows rows = BULK_ROWS_INIT;
    json_t *keys = json_object();
    json_array_foreach(all, i, o) prepare_line(o, keys);
    long long last_before = store_bulk_begin(s);
    if (last_before < 0 || bulk_index_questions(s, keys, &a, &q) < 0) { fprintf(errs, "database error\n"); bad++; last_before = -1; }
    json_decref(keys);
    json_array_foreach(all, i, o) {
        if (last_before < 0) break;
        int rc = write_line(s, o, &q, &rows, &scratch);
        if (rc != 0) {
            fprintf(errs, "line %ld: %s\n", (long)json_integer_value(json_object_get(o, "_line")),
                    rc > 0 ? "this State already has a report for this cycle" : "database error");
            bad++;
        }
        done++;
        if (progress && done % 1000 == 0) fprintf(progress, "\rimport: %ld/%zu", done, json_array_size(all));
    }
    if (progress && done >= 1000) fprintf(progress, "\n");
    buf_cleanup(&scratch);
    if (!bad && (bulk_index_write(s, &rows) < 0 || store_bulk_end_indexed(s) < 0)) { fprintf(errs, "indexing the reports for search failed\n"); bad++; }
    bulk_rows_cleanup(&rows);
    arena_cleanup(&a);
    if (bad) {
        store_bulk_abort(s);
        store_tx_rollback(s);
        store_bulk_cache(s, 0);
        json_decref(all);
        fprintf(errs, "nothing was imported\n");
        return -1;
    }
    store_audit_add(s, 0, "cli", "report.bulk_import", NULL, NULL);
    int committed = store_tx_commit(s);
    store_bulk_cache(s, 0);
    if (committed < 0) { json_decref(all); return -1; }
    json_decref(all);
    return done;
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

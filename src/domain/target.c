/*
 * target: voluntary targets, their progress and the path to each (see target.h).
 *
 * Reported progress is never stored: target_points() reads the State's published answers
 * through changes_get (domain/changes.c, the read behind /states/{ISO3}/changes), so what a
 * target shows agrees with what the State's reports say, a later version or a correction is
 * followed at once, and a draft never counts.
 */
#include "domain/target.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/changes.h"
#include "domain/input.h"
#include "domain/match.h"
#include "domain/refdata.h"
#include "domain/template.h"
#include "store/store.h"
#include "store/target.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

static const char *const STATUS_NAMES[TARGET_NSTATUS] = { "active", "achieved", "withdrawn" };

const char *target_status_name(enum target_status s)
{
    return s < TARGET_NSTATUS ? STATUS_NAMES[s] : "active";
}

int target_status_parse(const char *name, enum target_status *out)
{
    for (int i = 0; name && i < TARGET_NSTATUS; i++)
        if (strcmp(name, STATUS_NAMES[i]) == 0) { *out = (enum target_status)i; return 0; }
    return -1;
}

/* ---------------------------------------------------------------- reading */

static void from_row(struct arena *a, const struct store_target *r, struct target *t)
{
    memset(t, 0, sizeof *t);
    t->id = r->id;
    t->iso3 = r->iso3;
    t->region = r->region;
    t->place_name = r->place_name ? r->place_name : r->iso3 ? r->iso3 : r->region;
    t->title = r->title;
    t->paragraphs = assist_strings_parse(a, r->paragraphs);
    t->indicator = r->indicator;
    t->question = r->question;
    const struct template_question *q = r->question ? template_question_any(r->question) : NULL;
    t->question_number = q ? q->number : NULL;
    t->unit = r->unit ? r->unit : "";
    t->notes = r->notes ? r->notes : "";
    if (target_status_parse(r->status, &t->status) < 0) t->status = TARGET_ACTIVE;
    t->has_baseline = r->has_baseline;
    t->baseline_value = r->baseline_value;
    t->baseline_year = r->baseline_year;
    t->target_value = r->target_value;
    t->target_year = r->target_year;
    t->synthetic = r->synthetic;
    t->created_at = r->created_at;
    t->updated_at = r->updated_at;
}

/* The value of a published answer to an indicator question: a number, or Yes 1 and No or Developing 0. */
static bool answer_value(enum answer_type type, const char *json, double *v)
{
    json_t *x = json ? json_loads(json, JSON_DECODE_ANY, NULL) : NULL;
    bool ok = false;
    if (type == ANSWER_NUMBER && json_is_number(x)) { *v = json_number_value(x); ok = true; }
    else if ((type == ANSWER_YN || type == ANSWER_YND) && json_is_string(x)) {
        *v = strcmp(json_string_value(x), "yes") == 0 ? 1 : 0;
        ok = true;
    }
    json_decref(x);
    return ok;
}

/* Whether a question may measure a target: a number, yes/no or yes/no/developing. */
static bool indicator_type(enum answer_type t)
{
    return t == ANSWER_NUMBER || t == ANSWER_YN || t == ANSWER_YND;
}

/* The points a State's published reports give a target measured by question qid (appended to *pts). */
static void reported_points(struct arena *a, const struct changes *ch, const char *qid, struct target_point **pts, size_t *n)
{
    for (size_t r = 0; r < ch->nrows; r++) {
        const struct changes_row *row = &ch->rows[r];
        if (strcmp(row->q->id, qid) != 0) continue;
        for (size_t c = 0; c < ch->ncols; c++) {
            const struct changes_cell *cell = &row->cells[c];
            double v;
            if (cell->state != CHANGES_ANSWERED || cell->nparts != 1 || !answer_value(row->q->type, cell->value, &v)) continue;
            *pts = arena_grow(a, *pts, *n, *n + 1, sizeof **pts);
            (*pts)[(*n)++] = (struct target_point){ .year = ch->cols[c].cycle, .value = v, .note = cell->parts[0].text,
                                                    .source = TARGET_REPORT, .report = ch->cols[c].report,
                                                    .version = ch->cols[c].version, .synthetic = ch->cols[c].synthetic };
        }
        return;
    }
}

static int cmp_point(const void *x, const void *y)
{
    const struct target_point *p = x, *q = y;
    if (p->year != q->year) return p->year < q->year ? -1 : 1;
    int d = strcmp(p->date ? p->date : "", q->date ? q->date : "");
    if (d) return d;
    return (int)p->source - (int)q->source;   /* a report after what was recorded the same year */
}

/* One State's published answers, read once per State for a list (a small memo in the arena). */
struct memo { const char *iso3; struct changes ch; bool ok; };
struct memos { struct memo *v; size_t n; };

static const struct changes *memo_changes(struct store *s, struct arena *a, struct memos *m, const char *iso3, const char *lang,
                                          struct err *e)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].iso3, iso3) == 0) return m->v[i].ok ? &m->v[i].ch : NULL;
    m->v = arena_grow(a, m->v, m->n, m->n + 1, sizeof *m->v);
    struct memo *x = &m->v[m->n++];
    x->iso3 = iso3;
    struct err ce = ERR_NONE;
    x->ok = changes_get(s, a, iso3, lang, false, &x->ch, &ce) == 0;
    if (!x->ok && ce.code == ERR_STORE) { *e = ce; return NULL; }
    return x->ok ? &x->ch : NULL;
}

/* Fill t's points (recorded, then reported) and its latest.  -1 with e on a failed read. */
static int target_points(struct store *s, struct arena *a, struct memos *m, const char *lang, struct target *t, bool keep,
                         struct err *e)
{
    struct store_target_progress *rec;
    size_t nrec;
    if (store_target_progress_list(s, a, t->id, &rec, &nrec) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct target_point *pts = nrec ? arena_array(a, nrec, sizeof *pts) : NULL;
    size_t n = 0;
    for (size_t i = 0; i < nrec; i++)
        pts[n++] = (struct target_point){ .year = rec[i].year, .date = rec[i].date, .value = rec[i].value,
                                          .note = rec[i].note, .source = TARGET_RECORDED, .synthetic = rec[i].synthetic };
    if (t->iso3 && t->question) {
        struct err ce = ERR_NONE;
        const struct changes *ch = memo_changes(s, a, m, t->iso3, lang, &ce);
        if (!ch && ce.code == ERR_STORE) { *e = ce; return -1; }
        if (ch) reported_points(a, ch, t->question, &pts, &n);
    }
    if (n > 1) qsort(pts, n, sizeof *pts, cmp_point);
    t->has_latest = n > 0;
    if (n) t->latest = pts[n - 1];
    t->points = keep ? pts : NULL;
    t->npoints = keep ? n : 0;
    return 0;
}

int target_list(struct store *s, struct arena *a, const struct principal *who, const char *lang, const struct target_filter *f,
                struct target **out, size_t *n, struct err *e)
{
    (void)who;   /* targets are public */
    *out = NULL;
    *n = 0;
    enum target_status st;
    if (f->status && target_status_parse(f->status, &st) < 0)
        return err_set(e, ERR_INVALID, N_("status: active, achieved or withdrawn"), NULL);
    struct store_target_filter sf = { .iso3 = f->iso3, .region = f->region, .paragraph = f->paragraph, .status = f->status };
    struct store_target *rows;
    size_t nrows;
    if (store_targets_list(s, a, lang, &sf, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct target *v = nrows ? arena_array(a, nrows, sizeof *v) : NULL;
    struct memos m = { NULL, 0 };
    for (size_t i = 0; i < nrows; i++) {
        from_row(a, &rows[i], &v[i]);
        if (target_points(s, a, &m, lang, &v[i], false, e) < 0) return -1;
    }
    *out = v;
    *n = nrows;
    return 0;
}

int target_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
               struct target *out, struct err *e)
{
    (void)who;
    struct store_target r;
    int g = store_target_get(s, a, lang, id, &r);
    if (g < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (g > 0) return err_set(e, ERR_NOT_FOUND, N_("There is no such target."), NULL);
    from_row(a, &r, out);
    struct memos m = { NULL, 0 };
    return target_points(s, a, &m, lang, out, true, e);
}

bool target_may_edit(const struct principal *who, const struct target *t)
{
    return authz_allowed(who, AUTHZ_TARGET_EDIT, t->iso3);
}

/* ---------------------------------------------------------------- checking input */

/* A number from -TARGET_VALUE_MAX to TARGET_VALUE_MAX: 1 set, 0 absent or null, -1 with an error. */
static int value_field(json_t *in, const char *key, double *v, struct assist_field_errors *errs, const char *msg)
{
    json_t *x = json_object_get(in, key);
    if (!x || json_is_null(x)) return 0;
    if (!json_is_number(x) || !isfinite(json_number_value(x)) || fabs(json_number_value(x)) > TARGET_VALUE_MAX) {
        input_error(errs, key, msg);
        return -1;
    }
    *v = json_number_value(x);
    return 1;
}

/* A year from TARGET_YEAR_MIN to TARGET_YEAR_MAX: 1 set, 0 absent, -1 with an error. */
static int year_field(json_t *in, const char *key, int *y, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, key);
    if (!x || json_is_null(x)) return 0;
    if (!json_is_integer(x) || json_integer_value(x) < TARGET_YEAR_MIN || json_integer_value(x) > TARGET_YEAR_MAX) {
        input_error(errs, key, N_("Enter a year from 2001 to 2100, like 2030."));
        return -1;
    }
    *y = (int)json_integer_value(x);
    return 1;
}

static const char *const TARGET_FIELDS[] = {
    "state", "region", "title", "paragraphs", "indicator", "question", "unit", "baseline_value", "baseline_year",
    "target_value", "target_year", "notes", "status", NULL,
};

/* Apply in to t (a target being set or changed); errors into errs.  creating: title, indicator, target required. */
static void target_apply(struct store *s, struct arena *a, json_t *in, bool creating, struct store_target *t,
                         struct assist_field_errors *errs)
{
    (void)s;
    input_unknown(in, TARGET_FIELDS, errs);
    const char *x;
    if (json_object_get(in, "title") || creating) {
        x = input_text(in, "title", TARGET_TITLE_MAX, true, "", errs, N_("The title is too long: write at most 200 characters."),
                       N_("Enter a title for the target."));
        if (x) t->title = arena_strdup(a, x);
    }
    if (json_object_get(in, "indicator") || creating) {
        x = input_text(in, "indicator", TARGET_INDICATOR_MAX, true, "", errs,
                       N_("The indicator is too long: write at most 500 characters."),
                       N_("Say how progress is measured, for example \"weapons marked at import, per cent\"."));
        if (x) t->indicator = arena_strdup(a, x);
    }
    if (json_object_get(in, "unit")) {
        x = input_text(in, "unit", TARGET_UNIT_MAX, false, "", errs, N_("The unit is too long: write at most 50 characters."), NULL);
        if (x) t->unit = arena_strdup(a, x);
    }
    if (json_object_get(in, "notes")) {
        x = input_text(in, "notes", TARGET_TEXT_MAX, false, "", errs, N_("The notes are too long: write at most 5,000 characters."), NULL);
        if (x) t->notes = arena_strdup(a, x);
    }
    if (json_object_get(in, "paragraphs")) {
        x = input_codes(a, in, "paragraphs", input_paragraph_ok, NULL, errs,
                        N_("Give the paragraphs as a list such as [\"PoA II.4\", \"ITI 8a\"]."));
        if (x) t->paragraphs = x;
    }
    json_t *v;
    if ((v = json_object_get(in, "question"))) {
        const char *qid = json_string_value(v);
        const struct template_question *q = qid && *qid ? template_question_any(qid) : NULL;
        if (json_is_null(v) || (qid && !*qid)) t->question = NULL;
        else if (!q || !indicator_type(q->type))
            input_error(errs, "question", N_("Name a question of the reporting template answered by a number, "
                                             "Yes/No or Yes/No/Developing, like surplus.identified.count, or leave it empty."));
        else t->question = arena_strdup(a, qid);
    }
    if (t->question && t->region)
        input_error(errs, "question", N_("A regional target's progress is recorded: leave the question empty."));
    if (json_object_get(in, "baseline_value")) {
        int r = value_field(in, "baseline_value", &t->baseline_value, errs,
                            N_("Enter the baseline as a number, like 40, or leave it empty."));
        if (r >= 0) t->has_baseline = r == 1;
    }
    if (json_object_get(in, "baseline_year")) {
        int y = 0;
        if (year_field(in, "baseline_year", &y, errs) >= 0) t->baseline_year = y;
    }
    if (json_object_get(in, "target_value") || creating) {
        if (value_field(in, "target_value", &t->target_value, errs, N_("Enter the target as a number, like 100.")) == 0)
            input_error(errs, "target_value", N_("Enter the value to reach, like 100."));
    }
    if (json_object_get(in, "target_year") || creating) {
        if (year_field(in, "target_year", &t->target_year, errs) == 0)
            input_error(errs, "target_year", N_("Enter the year by which the target is to be met, like 2030."));
    }
    if (t->has_baseline && !t->baseline_year) input_error(errs, "baseline_year", N_("Enter the year of the baseline, like 2020."));
    if (t->baseline_year && t->target_year && t->baseline_year > t->target_year)
        input_error(errs, "target_year", N_("The target year comes before the baseline year: it must be the same year or later."));
    if ((v = json_object_get(in, "status"))) {
        enum target_status st;
        if (target_status_parse(json_string_value(v), &st) < 0)
            input_error(errs, "status", N_("The status is one of active, achieved or withdrawn."));
        else t->status = STATUS_NAMES[st];
    }
}

/* Whose target a new one is: the focal point's State, or the region the Secretariat names.  -1 with e or errs. */
static int target_owner(struct store *s, const struct principal *who, json_t *in, char iso3[4], const char **region,
                        struct assist_field_errors *errs, struct err *e)
{
    const char *st = json_string_value(json_object_get(in, "state"));
    const char *rg = json_string_value(json_object_get(in, "region"));
    if (who->role == ROLE_FOCAL_POINT) {
        if (rg || (st && strcmp(st, who->state_iso3) != 0))
            return err_set(e, ERR_FORBIDDEN, N_("A focal point sets targets for its own State only; the Secretariat records "
                                                "a region's targets."), NULL);
        memcpy(iso3, who->state_iso3, 4);
    } else if (rg) {
        if (ref_region_check(s, rg, NULL) < 0) input_error(errs, "region", N_("Name the region by its M49 code, for example 002 for Africa."));
        *region = rg;
    } else if (st) {
        if (!authz_allowed(who, AUTHZ_TARGET_EDIT, NULL))
            return err_set(e, ERR_FORBIDDEN, N_("Only a State's focal points set its targets."), NULL);
        input_error(errs, "state", N_("A State's targets are set by its focal points: the Secretariat records regional targets."));
    } else if (authz_allowed(who, AUTHZ_TARGET_EDIT, NULL)) {
        input_error(errs, "region", N_("Name the region by its M49 code, for example 002 for Africa."));
    }
    if (!authz_allowed(who, AUTHZ_TARGET_EDIT, iso3[0] ? iso3 : NULL) && !errs->n)
        return err_set(e, ERR_FORBIDDEN, N_("Only a State's focal points set its targets, and the Secretariat a region's."), NULL);
    return 0;
}

long long target_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                        struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1;
    errs->n = 0;
    char iso3[4] = "";
    const char *region = NULL;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the target as a JSON object.")); input_invalid(errs, e); goto done; }
    if (target_owner(s, who, in, iso3, &region, errs, e) < 0) goto done;
    struct store_target t = { .iso3 = iso3[0] ? iso3 : NULL, .region = region, .status = "active", .paragraphs = "[]",
                              .unit = "", .notes = "", .created_by = who->user_id };
    target_apply(s, &a, in, true, &t, errs);
    if (json_object_get(in, "status") && t.status && strcmp(t.status, "active") != 0)
        input_error(errs, "status", N_("A new target is active."));
    if (errs->n) { input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    id = store_target_save(s, &t);
    if (id > 0) {
        json_t *d = json_pack("{s:s?, s:s?, s:s}", "state", t.iso3, "region", t.region, "title", t.title);
        audit_record(s, who, "target.add", "target", id, d);
        json_decref(d);
    }
    if (store_tx_end(s, id > 0) < 0) {
        err_set(e, ERR_STORE, NULL, NULL);
        id = -1;
    }
done:
    arena_cleanup(&a);
    return id;
}

/* Load target id for a write, under the writer lock, and check who may change it.  -1 with e (the transaction rolled back). */
static int load_for_edit(struct store *s, struct arena *a, const struct principal *who, long long id, struct store_target *t,
                         struct err *e)
{
    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, NULL, NULL);
    int g = store_target_get(s, a, "en", id, t);
    if (g != 0) {
        store_tx_rollback(s);
        return err_set(e, g < 0 ? ERR_STORE : ERR_NOT_FOUND, g < 0 ? NULL : N_("There is no such target."), NULL);
    }
    if (!authz_allowed(who, AUTHZ_TARGET_EDIT, t->iso3)) {
        store_tx_rollback(s);
        return err_set(e, ERR_FORBIDDEN, t->iso3 ? N_("Only the State's focal points change its targets and record their progress.")
                                                 : N_("Only the Secretariat changes a region's targets and records their progress."),
                       NULL);
    }
    return 0;
}

int target_update(struct store *s, const struct principal *who, long long id, json_t *in, struct assist_field_errors *errs,
                  struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    errs->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the changes as a JSON object.")); input_invalid(errs, e); goto done; }
    struct store_target t;
    if (load_for_edit(s, &a, who, id, &t, e) < 0) goto done;
    const char *st = json_string_value(json_object_get(in, "state")), *rg = json_string_value(json_object_get(in, "region"));
    if ((json_object_get(in, "state") && (!st || !t.iso3 || strcmp(st, t.iso3) != 0)) ||
        (json_object_get(in, "region") && (!rg || !t.region || strcmp(rg, t.region) != 0)))
        input_error(errs, t.iso3 ? "state" : "region", N_("A target stays with its State or region: set a new one for another."));
    target_apply(s, &a, in, false, &t, errs);
    if (errs->n) { store_tx_rollback(s); input_invalid(errs, e); goto done; }
    if (store_target_save(s, &t) < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    audit_record(s, who, "target.change", "target", id, in);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

long long target_progress_add(struct store *s, const struct principal *who, long long id, json_t *in,
                              struct assist_field_errors *errs, struct err *e)
{
    static const char *const FIELDS[] = { "value", "year", "date", "note", NULL };
    struct arena a = ARENA_INIT;
    long long pid = -1;
    errs->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the progress as a JSON object.")); input_invalid(errs, e); goto done; }
    struct store_target t;
    if (load_for_edit(s, &a, who, id, &t, e) < 0) goto done;
    input_unknown(in, FIELDS, errs);
    struct store_target_progress p = { .target_id = id, .synthetic = false, .recorded_by = who->user_id };
    if (value_field(in, "value", &p.value, errs, N_("Enter the value reached as a number, like 60.")) == 0)
        input_error(errs, "value", N_("Enter the value reached, like 60."));
    json_t *d = json_object_get(in, "date");
    int has_year = year_field(in, "year", &p.year, errs);
    if (d && !json_is_null(d)) {
        const char *day = json_string_value(d);
        if (!day || !match_day(day) || atoi(day) < TARGET_YEAR_MIN || atoi(day) > TARGET_YEAR_MAX)
            input_error(errs, "date", N_("Enter a date as YYYY-MM-DD, for example 2027-03-31."));
        else if (has_year == 1 && p.year != atoi(day))
            input_error(errs, "year", N_("The year is not the date's: give one of them, or both alike."));
        else { p.date = arena_strdup(&a, day); p.year = atoi(day); }
    } else if (has_year == 0) {
        input_error(errs, "year", N_("Enter the year the value was reached, like 2025."));
    }
    const char *note = input_text(in, "note", TARGET_TEXT_MAX, false, "", errs, N_("The note is too long: write at most 5,000 characters."),
                                  NULL);
    p.note = note ? note : "";
    if (errs->n) { store_tx_rollback(s); input_invalid(errs, e); goto done; }
    pid = store_target_progress_add(s, &p);
    if (pid < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    json_t *ad = json_pack("{s:f, s:i}", "value", p.value, "year", p.year);
    audit_record(s, who, "target.progress", "target", id, ad);
    json_decref(ad);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); pid = -1; }
done:
    arena_cleanup(&a);
    return pid;
}

/* ---------------------------------------------------------------- the report's pre-fill */

/* A value as the report's text writes it: 12, 12.5, 0.25 (no grouping: the report is data). */
static void value_text(struct buf *b, double v)
{
    char tmp[64];
    if (v == floor(v) && fabs(v) < 1e15) snprintf(tmp, sizeof tmp, "%.0f", v);
    else {
        snprintf(tmp, sizeof tmp, "%.2f", v);
        char *z = tmp + strlen(tmp) - 1;
        while (*z == '0') *z-- = 0;
        if (*z == '.') *z = 0;
    }
    buf_puts(b, tmp);
}

static void value_unit(struct buf *b, double v, const char *unit)
{
    value_text(b, v);
    if (unit && *unit) { buf_putc(b, ' '); buf_puts(b, unit); }
}

/* One target as a paragraph of the report's text (English, like the report). */
static void summary_line(struct buf *b, const struct target *t)
{
    buf_puts(b, "- ");
    buf_puts(b, t->title);
    if (t->paragraphs.n) {
        buf_puts(b, " (");
        for (size_t i = 0; i < t->paragraphs.n; i++) { if (i) buf_puts(b, ", "); buf_puts(b, t->paragraphs.v[i]); }
        buf_putc(b, ')');
    }
    buf_puts(b, ". Indicator: ");
    buf_puts(b, t->indicator);
    buf_puts(b, ".");
    if (t->has_baseline) {
        buf_puts(b, " Baseline: ");
        value_unit(b, t->baseline_value, t->unit);
        buf_printf(b, " (%d).", t->baseline_year);
    }
    buf_puts(b, " Target: ");
    value_unit(b, t->target_value, t->unit);
    buf_printf(b, " by %d.", t->target_year);
    if (t->has_latest) {
        buf_puts(b, " Latest: ");
        value_unit(b, t->latest.value, t->unit);
        buf_printf(b, " (%d%s).", t->latest.year, t->latest.source == TARGET_REPORT ? ", as reported" : "");
    }
    if (t->status == TARGET_ACHIEVED) buf_puts(b, " Achieved.");
    buf_putc(b, '\n');
}

/* Cut text to at most max characters, at the end of a line where one ends in the last fifth. */
static void cut_to(struct buf *b, size_t max)
{
    size_t c = 0, i = 0, last_nl = 0;
    for (; i < b->len; i++) {
        if (((unsigned char)b->data[i] & 0xC0) != 0x80) {
            if (c == max) break;
            c++;
        }
        if (b->data[i] == '\n') last_nl = i;
    }
    if (i < b->len) b->len = last_nl > i - i / 5 ? last_nl : i;
    while (b->len && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' ')) b->len--;
    if (b->data) b->data[b->len] = '\0';   /* the buffer keeps its old terminator beyond a shortened length */
}

static int put_answer(struct store *s, const struct template_question *q, long long report_id, json_t *v, long long uid)
{
    char err[200];
    if (answer_check(q, v, err, sizeof err) < 0) return 0;   /* only what fits the question */
    char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    int rc = store_answer_put(s, report_id, q->id, js, uid);
    free(js);
    return rc;
}

int target_prefill_report(struct store *s, long long report_id, const char *iso3, int cycle, long long user_id)
{
    const struct template *tpl = template_get(cycle);
    const struct template_question *yn = tpl ? template_question(tpl, "coord.targets") : NULL;
    const struct template_question *details = tpl ? template_question(tpl, "coord.targets.details") : NULL;
    if (!yn) return 0;
    struct arena a = ARENA_INIT;
    struct buf text = BUF_INIT;
    struct target *v;
    size_t n;
    struct err e = ERR_NONE;
    struct principal pub;
    auth_public(&pub);
    int rc = -1;
    if (target_list(s, &a, &pub, "en", &(struct target_filter){ .iso3 = iso3 }, &v, &n, &e) < 0) goto done;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].status != TARGET_WITHDRAWN) { summary_line(&text, &v[i]); kept++; }
    rc = 0;
    if (!kept) goto done;
    json_t *yes = json_string("yes");
    rc = put_answer(s, yn, report_id, yes, user_id);
    json_decref(yes);
    if (rc == 0 && details) {
        json_t *mx = json_object_get(details->json, "max_length");
        cut_to(&text, json_is_integer(mx) ? (size_t)json_integer_value(mx) : TARGET_TEXT_MAX);
        json_t *d = json_string(buf_cstr(&text));
        rc = put_answer(s, details, report_id, d, user_id);
        json_decref(d);
    }
done:
    buf_cleanup(&text);
    arena_cleanup(&a);
    return rc;
}

/* ---------------------------------------------------------------- the figure */

/* The category of year y in cats (added in order when new). */
static size_t year_index(int *years, size_t *n, int y)
{
    for (size_t i = 0; i < *n; i++)
        if (years[i] == y) return i;
    years[*n] = y;
    return (*n)++;
}

static int cmp_int(const void *x, const void *y)
{
    int p = *(const int *)x, q = *(const int *)y;
    return p < q ? -1 : p > q;
}

void target_chart(struct arena *a, const struct target *t, struct chart *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = t->npoints + 2, ny = 0;
    int *years = arena_array(a, cap, sizeof *years);
    if (t->has_baseline) year_index(years, &ny, t->baseline_year);
    for (size_t i = 0; i < t->npoints; i++) year_index(years, &ny, t->points[i].year);
    year_index(years, &ny, t->target_year);
    qsort(years, ny, sizeof *years, cmp_int);
    double *reached = arena_array(a, ny, sizeof *reached), *planned = arena_array(a, ny, sizeof *planned);
    const char **cats = arena_array(a, ny, sizeof *cats);
    for (size_t i = 0; i < ny; i++) {
        reached[i] = planned[i] = NAN;
        cats[i] = arena_printf(a, "%d", years[i]);
    }
    size_t k;
    if (t->has_baseline) {
        k = year_index(years, &ny, t->baseline_year);
        reached[k] = planned[k] = t->baseline_value;
    }
    for (size_t i = 0; i < t->npoints; i++) reached[year_index(years, &ny, t->points[i].year)] = t->points[i].value;   /* the last of a year */
    planned[year_index(years, &ny, t->target_year)] = t->target_value;
    struct chart_series *ser = arena_array(a, 2, sizeof *ser);
    ser[0] = (struct chart_series){ .label = _("Value reached"), .v = reached };
    ser[1] = (struct chart_series){ .label = _("Planned path to the target"), .v = planned };
    out->kind = CHART_LINE;
    out->id = arena_printf(a, "target-%lld", t->id);
    out->title = arena_printf(a, _("Path to the target: %s"), t->title);
    /* The sentence, written from the data with the values in plain digits (the page isolates them). */
    char latest[40], goal[40], base[40];
    struct buf tmp = BUF_INIT;
    value_text(&tmp, t->has_latest ? t->latest.value : 0);
    snprintf(latest, sizeof latest, "%s", buf_cstr(&tmp));
    buf_clear(&tmp);
    value_text(&tmp, t->target_value);
    snprintf(goal, sizeof goal, "%s", buf_cstr(&tmp));
    buf_clear(&tmp);
    value_text(&tmp, t->baseline_value);
    snprintf(base, sizeof base, "%s", buf_cstr(&tmp));
    buf_cleanup(&tmp);
    if (t->has_latest && t->has_baseline)
        out->summary = arena_printf(a, _("From %s in %d the value has reached %s in %d, against a target of %s by %d."), base,
                                    t->baseline_year, latest, t->latest.year, goal, t->target_year);
    else if (t->has_latest)
        out->summary = arena_printf(a, _("The value has reached %s in %d, against a target of %s by %d."), latest, t->latest.year,
                                    goal, t->target_year);
    else
        out->summary = arena_printf(a, _("No progress has been recorded or reported yet; the target is %s by %d."), goal,
                                    t->target_year);
    out->unit = t->unit;
    out->x_label = _("Year");
    out->y_label = *t->unit ? t->unit : _("Value");
    out->categories = cats;
    out->ncat = ny;
    out->series = ser;
    out->nseries = 2;
    out->source = t->question ? _("Values recorded by the State and its answers in its published national reports "
                                  "(the latest version of each; drafts never count).")
                              : _("Values recorded by those who set the target.");
    out->synthetic = t->synthetic;
}

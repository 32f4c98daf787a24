/*
 * demo_targets: the demo's voluntary targets (demo_targets, see demo.h), all synthetic and
 * labelled so wherever they show.  Kenya, France and Peru (the demo focal points' States) each
 * set targets, and the Secretariat recorded one for Africa on its States' behalf.  One of Kenya's
 * targets is measured by a question of the reporting template that its published 2022 and 2024
 * reports both answer (a Yes/No question whose answer changed where there is one, else a number), so its path
 * shows progress taken from reported answers; the others have progress recorded by hand.  Made
 * once: a database that has targets already is left alone.
 */
#include "domain/demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/changes.h"
#include "domain/template.h"
#include "store/target.h"
#include "util/arena.h"

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

static long long user_id(struct store *s, const char *name)
{
    long long id = 0;
    return store_user_by_name(s, name, user_cb, &id) < 0 ? 0 : id;
}

/*
 * A question Kenya's published reports answer in two cycles or more: a yes/no one whose answer
 * changed to Yes (progress to show) first, else a number; NULL when none.
 */
static const struct template_question *kenya_question(struct store *s, struct arena *a, double *last_number)
{
    struct changes ch;
    struct err e;
    if (changes_get(s, a, "KEN", "en", false, &ch, &e) < 0) return NULL;
    const struct template_question *number = NULL;
    for (size_t r = 0; r < ch.nrows; r++) {
        const struct changes_row *row = &ch.rows[r];
        int answered = 0;
        const char *last = NULL;
        for (size_t c = 0; c < ch.ncols; c++)
            if (row->cells[c].state == CHANGES_ANSWERED && row->cells[c].nparts == 1) { answered++; last = row->cells[c].value; }
        if (answered < 2) continue;
        bool now_yes = last && strcmp(last, "\"yes\"") == 0;
        if (row->changed && now_yes && (row->q->type == ANSWER_YND || row->q->type == ANSWER_YN)) return row->q;
        if (!number && row->q->type == ANSWER_NUMBER && last) { number = row->q; *last_number = atof(last); }
    }
    return number;
}

struct demo_target {
    const char *iso3, *region, *user, *title, *paragraphs, *indicator, *unit;
    double baseline;
    int baseline_year;
    double target;
    int target_year;
    struct { double v; int year; const char *note; } progress[3];
};

static const struct demo_target TARGETS[] = {
    { "KEN", NULL, "kenya", "Mark every State-owned small arm and light weapon", "[\"PoA II.8\", \"ITI 8a\"]",
      "Share of State-owned weapons marked at the time of import or in stockpiles", "per cent", 35, 2020, 100, 2030,
      { { 52, 2023, "National Police Service armoury audit (synthetic)" }, { 64, 2025, "Mid-term review (synthetic)" } } },
    { "FRA", NULL, "france", "Trace every illicit firearm seized in criminal cases", "[\"ITI 14\", \"PoA II.36\"]",
      "Tracing requests sent for seized firearms, per cent of seizures", "per cent", 48, 2021, 90, 2028,
      { { 61, 2023, "Annual tracing statistics (synthetic)" }, { 70, 2025, NULL } } },
    { "PER", NULL, "peru", "Destroy the surplus weapons identified in 2022", "[\"PoA II.18\", \"PoA II.19\"]",
      "Surplus weapons destroyed", "weapons", 0, 2022, 12000, 2027,
      { { 3500, 2023, "Public destruction ceremony in Lima (synthetic)" }, { 7900, 2025, NULL } } },
    { NULL, "002", "unoda", "A national action plan in every African State", "[\"PoA II.2\", \"PoA II.4\"]",
      "African States with a national action plan adopted (recorded by the Secretariat on the region's behalf)", "States", 24,
      2020, 54, 2030, { { 31, 2022, "From the States' reports (synthetic)" }, { 36, 2024, NULL } } },
};

int demo_targets(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    struct store_target *existing;
    size_t n;
    int rc = -1;
    if (store_targets_list(s, &a, "en", &(struct store_target_filter){ 0 }, &existing, &n) < 0) {
        snprintf(err, errlen, "the targets could not be read");
        goto done;
    }
    rc = 0;
    if (n) goto done;
    double last = 0;
    const struct template_question *kq = kenya_question(s, &a, &last);
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "the database is busy"); rc = -1; goto done; }
    int made = 0;
    for (size_t i = 0; i < sizeof TARGETS / sizeof TARGETS[0] && rc == 0; i++) {
        const struct demo_target *d = &TARGETS[i];
        long long uid = user_id(s, d->user);
        struct store_target t = { .iso3 = d->iso3, .region = d->region, .title = d->title, .paragraphs = d->paragraphs,
                                  .indicator = d->indicator, .unit = d->unit, .notes = "Synthetic demonstration target.",
                                  .status = "active", .has_baseline = true, .baseline_value = d->baseline,
                                  .baseline_year = d->baseline_year, .target_value = d->target, .target_year = d->target_year,
                                  .synthetic = true, .created_by = uid };
        long long id = store_target_save(s, &t);
        if (id <= 0) { rc = -1; break; }
        made++;
        for (size_t k = 0; k < 3 && d->progress[k].year && rc == 0; k++) {
            struct store_target_progress p = { .target_id = id, .value = d->progress[k].v, .year = d->progress[k].year,
                                               .note = d->progress[k].note, .synthetic = true, .recorded_by = uid };
            if (store_target_progress_add(s, &p) < 0) rc = -1;
        }
    }
    /* Kenya's target measured by its reports: the baseline and the target follow the question's kind. */
    if (rc == 0 && kq) {
        bool number = kq->type == ANSWER_NUMBER;
        struct store_target t = {
            .iso3 = "KEN", .title = arena_printf(&a, number ? "Raise the figure reported at question %s of the national report"
                                                          : "Answer Yes at question %s of the national report", kq->number),
            .paragraphs = "[\"PoA II.4\"]",
            .indicator = arena_printf(&a, "Question %s of the national report: %s", kq->number, kq->text),
            .question = kq->id, .unit = number ? "" : "1 = Yes", .notes = "Synthetic demonstration target: its progress is "
                                                                         "taken from Kenya's published reports.",
            .status = "active", .has_baseline = !number, .baseline_value = 0, .baseline_year = number ? 0 : 2020,
            .target_value = number ? ceil(last * 1.5 + 1) : 1, .target_year = 2030, .synthetic = true, .created_by = user_id(s, "kenya") };
        if (store_target_save(s, &t) <= 0) rc = -1;
        else made++;
    }
    if (rc == 0) store_audit_add(s, 0, "demo", "demo.targets", NULL, NULL);
    if (store_tx_end(s, rc >= 0) < 0) {
        snprintf(err, errlen, "the demo's targets could not be saved");
        rc = -1;
        goto done;
    }
    if (out) fprintf(out, "targets: %d voluntary targets (synthetic)\n", made);
done:
    arena_cleanup(&a);
    return rc;
}

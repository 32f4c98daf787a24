/*
 * store/target: voluntary targets and the progress users record on them
 * (migrations/0016_targets.sql).  Reads copy rows into the caller's arena; writes need an
 * open transaction (store_tx_begin).  Paragraphs are JSON array text, as stored.  0 on
 * success, 1 for "not found", -1 on a database error (logged).
 */
#ifndef POAISS_STORE_TARGET_H
#define POAISS_STORE_TARGET_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* A target as stored.  Reads fill every field (strings in the arena); a save writes every field but the names. */
struct store_target {
    long long id;
    const char *iso3, *region;          /* exactly one is set */
    const char *place_name;             /* the State's or the region's name in the asked language (reads only) */
    const char *title, *paragraphs, *indicator, *question, *unit, *notes, *status;
    bool has_baseline;
    double baseline_value;
    int baseline_year;                  /* 0: none */
    double target_value;
    int target_year;
    bool synthetic;
    long long created_by;
    const char *created_at, *updated_at;
};

/* Which targets a list holds; NULL fields do not filter. */
struct store_target_filter {
    const char *iso3;                   /* the State's own targets */
    const char *region;                 /* targets of the region (any M49 level) and of its States */
    const char *paragraph;              /* targets naming this paragraph ("PoA II.4") */
    const char *status;
};

struct store_target_progress {
    long long id, target_id;
    double value;
    int year;
    const char *date, *note, *created_at;   /* date: NULL when only the year is known */
    bool synthetic;
    long long recorded_by;
};

/** The targets of the filter, States' first by name then regions', newest first within one place. */
int store_targets_list(struct store *s, struct arena *a, const char *lang, const struct store_target_filter *f,
                       struct store_target **out, size_t *n);
/** One target (1: none). */
int store_target_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_target *out);
/** Insert (t->id 0; returns the new id) or update every field of t->id (returns t->id); -1 on error. */
long long store_target_save(struct store *s, const struct store_target *t);
/** Record a progress entry; its id, or -1. */
long long store_target_progress_add(struct store *s, const struct store_target_progress *p);
/** The recorded progress of a target, oldest year first. */
int store_target_progress_list(struct store *s, struct arena *a, long long target_id, struct store_target_progress **out,
                               size_t *n);

#endif

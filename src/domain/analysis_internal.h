/*
 * analysis_internal: what the four reads of the analysis share (analysis_common.c): the
 * analysed cycles with their dates, every State with its areas, the regions and groups in
 * display order, charts allocated in the arena, and the tile grid of the map.
 */
#ifndef POAISS_DOMAIN_ANALYSIS_INTERNAL_H
#define POAISS_DOMAIN_ANALYSIS_INTERNAL_H

#include "domain/analysis.h"
#include "domain/cycle.h"
#include "domain/refdata.h"
#include "domain/state.h"

/** The reference data every analysis reads (all in the caller's arena). */
struct analysis_ctx {
    struct cycle *cyc;          /* the analysed cycles, oldest first */
    size_t ncyc;
    struct state *st;           /* every State, by name in the asked language */
    size_t nst;
    size_t *by_code;            /* indexes into st, sorted by ISO3 code */
    struct ref_item *regions;   /* the M49 tree in display order */
    size_t nregions;
    struct ref_item *groups;
    size_t ngroups;
    struct store_analysis_report *rep;  /* every published report of the analysed cycles, by cycle then State */
    size_t nrep;
};

struct store_analysis_report;
/**
 * Read the analysed cycles (those with at least one published report), their published
 * reports, the States, the regions and groups in lang.  0, or -1 with e (ERR_STORE). */
int analysis_ctx_load(struct store *s, struct arena *a, const char *lang, struct analysis_ctx *c, struct err *e);
/** The index of year among the analysed cycles, or -1. */
int analysis_cycle_index(const struct analysis_ctx *c, int year);
/** The index of the State iso3 in c->st, or -1. */
int analysis_state_index(const struct analysis_ctx *c, const char *iso3);
/** Is the State in the region (any M49 level; NULL: any) and the group (NULL: any)? */
bool analysis_state_in(const struct state *st, const char *region, const char *group);
/** n zeroed charts in a. */
struct chart *analysis_charts_new(struct arena *a, size_t n);
/** n zeroed ints, doubles, strings in a. */
int *analysis_ints(struct arena *a, size_t n);
double *analysis_doubles(struct arena *a, size_t n);
const char **analysis_strs(struct arena *a, size_t n);
/**
 * The tile grid of every State of c: a block of rows per region (level 1, in display order),
 * TILE_COLS tiles wide, the States ordered by subregion then code, so the grid never depends on
 * the language.  value[i] is the legend index of c->st[i]; href[i] may be NULL.  Fills ch's tiles.
 */
void analysis_tiles(struct arena *a, const struct analysis_ctx *c, const int *value, const char *const *href,
                    struct chart *ch);
/** The summary sentence: fmt (a translated msgid) with its %s replaced by the args in order, in a. */
const char *analysis_say(struct arena *a, const char *fmt, ...);

#endif

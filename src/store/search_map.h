/*
 * search_map: the map of published reports the search counts with (store/search_map.c), for
 * store/search_scan.c only.
 */
#ifndef POAISS_STORE_SEARCH_MAP_H
#define POAISS_STORE_SEARCH_MAP_H

#include <stdatomic.h>
#include <stddef.h>

#include "store/internal.h"

struct map_state { char iso3[4], region[8], subregion[8], intermediate[8], grp[8]; };

#define ISO3_SLOTS (26 * 26 * 26)

struct report_map {
    atomic_int refs;             /* the store's, each connection's and each memo's */
    long long max_rowid;         /* the highest report_version rowid read: each publication adds a row */
    long long nq;                /* the questions numbered (search_question) */
    size_t nid, cap;             /* report ids below nid are mapped; cap: the arrays' size */
    int *cycle;                  /* by report id: the cycle, 0 when not published */
    unsigned short *state;       /* by report id: the index in st */
    struct map_state *st;        /* in name order (as browsing lists them): the index is the rank */
    size_t nst;
    unsigned short *by_iso3;     /* ISO3_SLOTS: a State's index in st + 1 by its code (AAA..ZZZ), 0: none */
    char **question;             /* by question number: its id (search_question) */
    int maxq;
    struct store_rank_lengths len;   /* the indexed answers' lengths in tokens, for poaiss_rank */
};

/**
 * The map for what connection c sees now: its own if still current, else the store's, brought up
 * to date first when it is behind.  Lent: c holds a reference until its next call.  NULL on error (logged).
 */
struct report_map *store_report_map_get(struct store *s, struct store_conn *c);
/** Take one more reference to m (released with store_report_map_release); returns m. */
struct report_map *store_report_map_ref(struct report_map *m);

#endif

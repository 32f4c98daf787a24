/*
 * match: how well an offer fits a request, factor by factor, with the reasons in words.
 *
 * A request and an offer are first reduced to compact profiles (bit sets of categories,
 * kinds, M49 regions and languages; months; amounts), so that scoring a pair is a few
 * integer operations: ranking 10,000 requests against 10,000 offers takes well under a
 * second.  A pair is a candidate only when the offer takes the request's category (or
 * every category); its score (0-100) adds the factors' points:
 *
 *   category   35 the offer names the category; 20 it takes every category
 *   kind       15 names the kind; 10 every kind; 0 (a mismatch) names others
 *   place      20 names the State or one of its M49 regions (subregion, intermediate);
 *              16 its continent; 12 serves everywhere; 0 serves elsewhere
 *   budget     15 the estimate lies in the budget; 8 no estimate or no budget; 5 below the
 *              smallest grant; 0 above the largest
 *   period     10 the periods overlap; 6 one is unknown; 0 the offer ends before the request
 *              starts, or a call closed before today
 *   language    5 a working language in common; 2 one side names none; 0 none in common
 *
 * A call for proposals of a trust fund takes only needs stated in a national report: a
 * request filed outside a report is held to 30 points at most.
 * The README ("Matching") says the same; tests/unit/test_match.c tests each factor.
 */
#ifndef POAISS_DOMAIN_MATCH_H
#define POAISS_DOMAIN_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

enum match_factor { MATCH_CATEGORY, MATCH_KIND, MATCH_PLACE, MATCH_BUDGET, MATCH_PERIOD, MATCH_LANGUAGE, MATCH_REPORT,
                    MATCH_NFACTORS };

/* How a factor came out: its points, whether it fits, and the variant its words follow. */
enum match_how {
    MH_NAMED,          /* the offer names the request's value */
    MH_ANY,            /* the offer takes every value */
    MH_OTHER,          /* the offer names other values (a mismatch) */
    MH_UNKNOWN,        /* one side does not say */
    MH_BELOW,          /* budget: the estimate is below the smallest grant */
    MH_ABOVE,          /* budget: the estimate is above the largest */
    MH_CONTINENT,      /* place: the offer serves the State's continent */
    MH_ENDS_BEFORE,    /* period: the offer ends before the request starts */
    MH_CLOSED,         /* period: the call closed */
    MH_OPEN_UNTIL,     /* period: the call is open until its deadline */
};

struct match_result {
    int score;                          /* 0-100; -1: not a candidate (another category) */
    struct { uint8_t points; bool fits; uint8_t how; } f[MATCH_NFACTORS];
    int place_bit;                      /* MATCH_PLACE named: the region bit that matched, -1 the State itself */
    int language_bit;                   /* MATCH_LANGUAGE named: the first common language */
};

#define MATCH_LANG_BITS 32

/* A request reduced for matching. */
struct match_request {
    long long id;
    uint32_t category;                  /* one bit */
    uint8_t kind;                       /* one bit; 0 none */
    uint16_t state;                     /* index of the State in the profile set, 0xffff none */
    uint64_t places;                    /* the State's M49 regions (continent, subregion, intermediate) */
    uint64_t continent;                 /* of those, the continent */
    double cost;                        /* < 0: not estimated */
    int start, end;                     /* months (year*12+month-1); 0 unknown */
    uint32_t langs;
    bool from_report;
};

/* An offer reduced for matching. */
struct match_offer {
    long long id;
    uint32_t categories;                /* 0: every category */
    uint8_t kinds;                      /* 0: every kind */
    uint64_t places;                    /* regions served; with nstates 0 and places 0: everywhere */
    const uint16_t *states;             /* States served (indices), sorted */
    size_t nstates;
    double budget_min, budget_max;      /* < 0: not said */
    int start, end;                     /* months; 0 unknown */
    int deadline;                       /* a call's closing day (days since 1970); 0 none */
    uint32_t langs;
    bool is_call;
};

/** Score one pair on day today (days since 1970-01-01). */
void match_score(const struct match_request *r, const struct match_offer *o, int today, struct match_result *out);

/* ---- the set of open requests and offers, ranked ---- */

struct match_hit { long long id; int score; };

struct match_set;   /* opaque: the profiles and the code tables behind them */

/** An empty set (owned; match_set_free). */
struct match_set *match_set_new(void);
void match_set_free(struct match_set *m);
/** The bit of a category, kind, M49 region or language code in this set (made on first use); -1 when the table is full. */
int match_set_bit(struct match_set *m, int table, const char *code);
enum { MATCH_T_CATEGORY, MATCH_T_KIND, MATCH_T_REGION, MATCH_T_LANG, MATCH_T_STATE, MATCH_NTABLES };
/** The bit of a code already in a table, or -1 (the set is not changed: safe on a shared set). */
int match_set_lookup(const struct match_set *m, int table, const char *code);
/** The code of bit i of a table, or NULL. */
const char *match_set_code(const struct match_set *m, int table, int i);
/** Add a request or an offer (copied; an offer's states too). */
void match_set_add_request(struct match_set *m, const struct match_request *r);
void match_set_add_offer(struct match_set *m, const struct match_offer *o);
/** Index the set by category (after the last add; an add undoes it): the top lists then scan only candidates. */
void match_set_index(struct match_set *m);
size_t match_set_requests(const struct match_set *m);
size_t match_set_offers(const struct match_set *m);
/** The profile of request or offer id, or NULL. */
const struct match_request *match_set_request(const struct match_set *m, long long id);
const struct match_offer *match_set_offer(const struct match_set *m, long long id);

/**
 * The best k offers for request r (or requests for offer o), best first (ties: newest id
 * first), candidates only.  out holds k entries; returns how many were filled.
 */
size_t match_top_offers(const struct match_set *m, const struct match_request *r, int today, struct match_hit *out, size_t k);
size_t match_top_requests(const struct match_set *m, const struct match_offer *o, int today, struct match_hit *out, size_t k);
/**
 * The top k offers of every request, on threads threads: out[i*k ..] for the i-th request
 * added, counts[i] filled.  For the benchmark and the Secretariat's overview.
 */
void match_all(const struct match_set *m, int today, size_t k, int threads, struct match_hit *out, size_t *counts);

/** Months since year 0 of "YYYY-MM" or "YYYY-MM-DD"; 0 when s is NULL or not such a date. */
int match_month(const char *s);
/** Days since 1970-01-01 of "YYYY-MM-DD"; 0 when not such a date. */
int match_day(const char *s);

#endif

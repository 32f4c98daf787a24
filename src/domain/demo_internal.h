/*
 * demo_internal: what the parts of the demo generator share (not for other modules): the
 * seeded random numbers, the languages and topics of the free text, a State's profile, the
 * state of one report being generated (struct gen) and of the whole run (struct demo).
 * demo.c chooses which States report when and stores the reports, demo_answers.c makes up
 * the answers, demo_text.c holds the sentences.  See demo.h.
 */
#ifndef POAISS_DOMAIN_DEMO_INTERNAL_H
#define POAISS_DOMAIN_DEMO_INTERNAL_H

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/template.h"
#include "store/store.h"

/* ------------------------------------------------------------------ randomness */

/* xorshift64*, seeded through splitmix64 so that nearby seeds give unrelated streams. */
struct rng { uint64_t s; };

static inline uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t hash_str(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

static inline void rng_seed(struct rng *r, uint64_t a, uint64_t b, uint64_t c)
{
    r->s = mix64(a ^ mix64(b ^ mix64(c)));
    if (!r->s) r->s = 0x2545F4914F6CDD1DULL;
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static inline double rng_unit(struct rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }
static inline bool rng_chance(struct rng *r, double p) { return rng_unit(r) < p; }
static inline int rng_int(struct rng *r, int lo, int hi)
{
    if (hi <= lo) return lo;
    uint64_t span = (uint64_t)((int64_t)hi - (int64_t)lo) + 1;
    return (int)((int64_t)lo + (int64_t)(rng_next(r) % span));
}
/* Log-uniform integer in [lo, hi]: as many hundreds as thousands as tens of thousands. */
static inline long long rng_log(struct rng *r, double lo, double hi)
{
    if (hi < lo) hi = lo;
    return llround(exp(log(lo) + rng_unit(r) * (log(hi) - log(lo))));
}
#define PICK(r, arr) ((arr)[rng_next(r) % (sizeof(arr) / sizeof((arr)[0]))])

static inline double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* ------------------------------------------------------------------ languages and topics */

enum lang { EN, FR, ES, NLANG };
static const char *const LANG_CODE[NLANG] = { "en", "fr", "es" };

enum topic { T_COORD, T_MARKING, T_TRANSFER, T_BROKER, T_STOCK, T_DIVERSION, T_SURPLUS, T_TRACING, T_GENDER,
             T_YOUTH, T_NEWTECH, T_ASSIST, T_CHALLENGES, T_OPPORTUNITIES, T_COMMENTS, NTOPIC };

/* ------------------------------------------------------------------ the run */

struct dstate {
    char iso3[4], grp[8];
    char name[NLANG][128];
    enum lang lang;
    bool developing, donor, manufacturer, needs;
    bool account;           /* bound to a demo account (setup.c): not drawn: reports as demo.c's account_fate says */
    double capacity;        /* how far implementation has come, 0..1 */
    double diligence;       /* how keen it is to report */
    double size;            /* scale of its figures */
    json_t *known;          /* answers of its last report (owned), keyed by the ids of known_cycle */
    int known_cycle;
    long long last_report;
    bool reported_prev;
};

struct states { struct dstate *v; size_t n, cap; };

struct gen {
    struct rng r;
    struct dstate *st;
    int cycle, step;                /* step: 0 for the first template cycle (2010), 1 for the next ... */
    const struct template *t;
    json_t *ans;                    /* answers so far (borrowed) */
    enum lang l;
    int year;                       /* the year {Y} stands for when not 0 */
    double keep;                    /* when > 0, the chance that an earlier answer is carried unchanged */
};

struct demo {
    struct store *s;
    unsigned seed;
    struct states ss;
    long long publisher;        /* the Secretariat's demo account, 0 when none */
    int reports;
    long today;                 /* days since 1970: no synthetic event is later */
};

/* ------------------------------------------------------------------ demo_text.c */

/** Sentences by language and topic, parallel across languages, NULL after the last (static). */
extern const char *const demo_text[NLANG][NTOPIC][6];
/** The topic a free-text question or cell speaks about, from its question id (lent). */
enum topic demo_topic_of(const char *id);
/** How many sentences demo_text has for language l and topic t. */
size_t demo_topic_count(enum lang l, enum topic t);

/* ------------------------------------------------------------------ demo_answers.c */

/**
 * Answer g->t in order, respecting skip logic, from the State's previous answers prev (lent,
 * keyed by g->t's ids, NULL for none); a draft (fraction < 1) stops part of the way.  Every
 * value passes answer_check.  Returns the answers (owned); g->ans points to them.
 */
json_t *demo_answer_all(struct gen *g, struct demo *d, json_t *prev, double fraction);
/** The answers known (lent) of cycle from_cycle mapped, template by template, onto the ids of t (owned). */
json_t *demo_migrate(json_t *known, int from_cycle, const struct template *t);

#endif

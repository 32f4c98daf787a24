/*
 * answers_list: published answers read as values, for the cross-views (one question across
 * States, one section of a cycle, one State across cycles).  Each function reads rows through
 * the statements of report.c and state_answers.c and copies them into the caller's arena, so
 * the caller owns what it gets (as long as the arena lives) instead of borrowing rows inside a
 * callback.  Only published versions are read.  0 on success, -1 on a database error (logged).
 */
#include "store/internal.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

struct grow { struct arena *a; void *v; size_t n, cap, size; };

static void *grow_next(struct grow *g)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        g->v = arena_grow(g->a, g->v, g->n, cap, g->size);
        g->cap = cap;
    }
    return (char *)g->v + g->size * g->n++;
}

static int question_add(const char *iso3, const char *name, int cycle, const char *value, void *ctx)
{
    struct grow *g = ctx;
    struct store_question_answer *d = grow_next(g);
    *d = (struct store_question_answer){ DUP(g->a, iso3), DUP(g->a, name), cycle, DUP(g->a, value) };
    return 0;
}

int store_question_answers_list(struct store *s, struct arena *a, const char *question, const char *lang, int first, int last,
                                struct store_question_answer **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_question_answer) };
    int rc = store_question_answers(s, question, lang, first, last, question_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int cycle_add(const struct store_cycle_answers *x, void *ctx)
{
    struct grow *g = ctx;
    struct store_cycle_answers *d = grow_next(g);
    *d = (struct store_cycle_answers){ DUP(g->a, x->iso3), DUP(g->a, x->name), x->report_id, DUP(g->a, x->answers),
                                       x->synthetic };
    return 0;
}

int store_cycle_answers_list(struct store *s, struct arena *a, int cycle, const char *lang, const char *region,
                             const char *grp, struct store_cycle_answers **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_cycle_answers) };
    int rc = store_cycle_answers(s, cycle, lang, region, grp, cycle_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int published_add(const struct store_published *p, void *ctx)
{
    struct grow *g = ctx;
    struct store_published *d = grow_next(g);
    *d = (struct store_published){ p->report_id, p->cycle, p->version, p->synthetic, DUP(g->a, p->language),
                                   DUP(g->a, p->published_at), DUP(g->a, p->answers) };
    return 0;
}

int store_state_published_list(struct store *s, struct arena *a, const char *iso3, struct store_published **out,
                               size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_published) };
    int rc = store_state_published_each(s, iso3, published_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

/*
 * match: scoring a request against an offer, and ranking a set of them (see match.h for the
 * factors and their points).
 */
#include "domain/match.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static int first_bit(uint64_t v) { return v ? __builtin_ctzll(v) : -1; }

static bool has_state(const struct match_offer *o, uint16_t st)
{
    size_t lo = 0, hi = o->nstates;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o->states[mid] == st) return true;
        if (o->states[mid] < st) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* The points of a factor; the details go to out when there is one.  One copy of the rules: match_score fills
   out, score_only (out NULL, inlined) ranks. */
#define SET(F, P, FITS, HOW) do { \
        pts += (P); \
        if (out) { out->f[F].points = (P); out->f[F].fits = (FITS); out->f[F].how = (HOW); } \
    } while (0)

static inline __attribute__((always_inline)) int score_impl(const struct match_request *r, const struct match_offer *o, int today,
                                                            struct match_result *out)
{
    int pts = 0;
    if (out) {
        memset(out, 0, sizeof *out);
        out->place_bit = -1;
        out->language_bit = -1;
    }
    if (o->categories && !(o->categories & r->category)) {
        SET(MATCH_CATEGORY, 0, false, MH_OTHER);
        if (out) out->score = -1;
        return -1;
    }
    if (o->categories) SET(MATCH_CATEGORY, 35, true, MH_NAMED);
    else SET(MATCH_CATEGORY, 20, true, MH_ANY);

    if (!o->kinds) SET(MATCH_KIND, 10, true, MH_ANY);
    else if (!r->kind) SET(MATCH_KIND, 10, true, MH_UNKNOWN);
    else if (o->kinds & r->kind) SET(MATCH_KIND, 15, true, MH_NAMED);
    else SET(MATCH_KIND, 0, false, MH_OTHER);

    uint64_t near = o->places & r->places & ~r->continent;
    if (!o->places && !o->nstates) SET(MATCH_PLACE, 12, true, MH_ANY);
    else if (o->nstates && r->state != 0xffff && has_state(o, r->state)) SET(MATCH_PLACE, 20, true, MH_NAMED);
    else if (near) {
        SET(MATCH_PLACE, 20, true, MH_NAMED);
        if (out) out->place_bit = first_bit(near);
    } else if (o->places & r->continent) {
        SET(MATCH_PLACE, 16, true, MH_CONTINENT);
        if (out) out->place_bit = first_bit(o->places & r->continent);
    } else SET(MATCH_PLACE, 0, false, MH_OTHER);

    if (r->cost < 0 || (o->budget_min < 0 && o->budget_max < 0)) SET(MATCH_BUDGET, 8, true, MH_UNKNOWN);
    else if (o->budget_max >= 0 && r->cost > o->budget_max) SET(MATCH_BUDGET, 0, false, MH_ABOVE);
    else if (o->budget_min >= 0 && r->cost < o->budget_min) SET(MATCH_BUDGET, 5, false, MH_BELOW);
    else SET(MATCH_BUDGET, 15, true, MH_NAMED);

    if (o->is_call && o->deadline && today > o->deadline) SET(MATCH_PERIOD, 0, false, MH_CLOSED);
    else if (o->end && r->start && o->end < r->start) SET(MATCH_PERIOD, 0, false, MH_ENDS_BEFORE);
    else if (o->is_call && o->deadline) SET(MATCH_PERIOD, 10, true, MH_OPEN_UNTIL);
    else if (!o->start && !o->end) SET(MATCH_PERIOD, 6, true, MH_UNKNOWN);
    else if (!r->start && !r->end) SET(MATCH_PERIOD, 6, true, MH_UNKNOWN);
    else if (r->end && o->start && r->end < o->start) SET(MATCH_PERIOD, 0, false, MH_OTHER);
    else SET(MATCH_PERIOD, 10, true, MH_NAMED);

    uint32_t common = o->langs & r->langs;
    if (!o->langs || !r->langs) SET(MATCH_LANGUAGE, 2, true, MH_UNKNOWN);
    else if (common) {
        SET(MATCH_LANGUAGE, 5, true, MH_NAMED);
        if (out) out->language_bit = __builtin_ctz(common);
    } else SET(MATCH_LANGUAGE, 0, false, MH_OTHER);

    if (o->is_call) {
        if (r->from_report) SET(MATCH_REPORT, 0, true, MH_NAMED);
        else {
            SET(MATCH_REPORT, 0, false, MH_OTHER);
            if (pts > 30) pts = 30;
        }
    }
    if (pts > 100) pts = 100;
    if (out) out->score = pts;
    return pts;
}

void match_score(const struct match_request *r, const struct match_offer *o, int today, struct match_result *out)
{
    score_impl(r, o, today, out);
}

static int score_only(const struct match_request *r, const struct match_offer *o, int today)
{
    return score_impl(r, o, today, NULL);
}

/* ---------------------------------------------------------------- the set */

#define TABLE_MAX 64

struct match_set {
    struct match_request *req;
    size_t nreq, capreq;
    struct match_offer *off;
    size_t noff, capoff;
    uint16_t **states;          /* offers' State lists, owned */
    char **codes[MATCH_NTABLES];
    size_t ncodes[MATCH_NTABLES], capcodes[MATCH_NTABLES];
    /* the index (match_set_index): offers and requests by category bit, offers of every category */
    bool indexed;
    uint32_t *off_by[32], *req_by[32], *off_any;
    size_t noff_by[32], nreq_by[32], noff_any;
};

static void unindex(struct match_set *m)
{
    for (int c = 0; c < 32; c++) {
        free(m->off_by[c]);
        free(m->req_by[c]);
        m->off_by[c] = m->req_by[c] = NULL;
        m->noff_by[c] = m->nreq_by[c] = 0;
    }
    free(m->off_any);
    m->off_any = NULL;
    m->noff_any = 0;
    m->indexed = false;
}

void match_set_index(struct match_set *m)
{
    unindex(m);
    size_t coff[32] = { 0 }, creq[32] = { 0 }, cany = 0;
    for (size_t i = 0; i < m->noff; i++) {
        if (!m->off[i].categories) cany++;
        for (int c = 0; c < 32; c++) coff[c] += (m->off[i].categories >> c) & 1;
    }
    for (size_t i = 0; i < m->nreq; i++)
        for (int c = 0; c < 32; c++) creq[c] += (m->req[i].category >> c) & 1;
    for (int c = 0; c < 32; c++) {
        m->off_by[c] = coff[c] ? xmalloc(coff[c] * sizeof(uint32_t)) : NULL;
        m->req_by[c] = creq[c] ? xmalloc(creq[c] * sizeof(uint32_t)) : NULL;
    }
    m->off_any = cany ? xmalloc(cany * sizeof(uint32_t)) : NULL;
    for (size_t i = 0; i < m->noff; i++) {
        uint32_t cats = m->off[i].categories;
        if (!cats) m->off_any[m->noff_any++] = (uint32_t)i;
        for (int c = 0; c < 32; c++)
            if ((cats >> c) & 1) m->off_by[c][m->noff_by[c]++] = (uint32_t)i;
    }
    for (size_t i = 0; i < m->nreq; i++)
        for (int c = 0; c < 32; c++)
            if ((m->req[i].category >> c) & 1) m->req_by[c][m->nreq_by[c]++] = (uint32_t)i;
    m->indexed = true;
}

static const size_t TABLE_LIMIT[MATCH_NTABLES] = { 32, 8, TABLE_MAX, MATCH_LANG_BITS, 0xfffe };

struct match_set *match_set_new(void)
{
    return xcalloc(1, sizeof(struct match_set));
}

void match_set_free(struct match_set *m)
{
    if (!m) return;
    unindex(m);
    for (size_t i = 0; i < m->noff; i++) free(m->states[i]);
    free(m->states);
    free(m->req);
    free(m->off);
    for (int t = 0; t < MATCH_NTABLES; t++) {
        for (size_t i = 0; i < m->ncodes[t]; i++) free(m->codes[t][i]);
        free(m->codes[t]);
    }
    free(m);
}

int match_set_lookup(const struct match_set *m, int table, const char *code)
{
    if (table < 0 || table >= MATCH_NTABLES || !code) return -1;
    for (size_t i = 0; i < m->ncodes[table]; i++)
        if (strcmp(m->codes[table][i], code) == 0) return (int)i;
    return -1;
}

int match_set_bit(struct match_set *m, int table, const char *code)
{
    if (table < 0 || table >= MATCH_NTABLES || !code) return -1;
    int have = match_set_lookup(m, table, code);
    if (have >= 0) return have;
    if (m->ncodes[table] >= TABLE_LIMIT[table]) return -1;
    if (m->ncodes[table] == m->capcodes[table]) {
        m->capcodes[table] = m->capcodes[table] ? m->capcodes[table] * 2 : 16;
        m->codes[table] = xrealloc(m->codes[table], m->capcodes[table] * sizeof(char *));
    }
    m->codes[table][m->ncodes[table]] = xstrdup(code);
    return (int)m->ncodes[table]++;
}

const char *match_set_code(const struct match_set *m, int table, int i)
{
    if (table < 0 || table >= MATCH_NTABLES || i < 0 || (size_t)i >= m->ncodes[table]) return NULL;
    return m->codes[table][i];
}

void match_set_add_request(struct match_set *m, const struct match_request *r)
{
    if (m->nreq == m->capreq) {
        m->capreq = m->capreq ? m->capreq * 2 : 64;
        m->req = xrealloc(m->req, m->capreq * sizeof *m->req);
    }
    m->req[m->nreq++] = *r;
    m->indexed = false;
}

static int cmp_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

void match_set_add_offer(struct match_set *m, const struct match_offer *o)
{
    if (m->noff == m->capoff) {
        m->capoff = m->capoff ? m->capoff * 2 : 64;
        m->off = xrealloc(m->off, m->capoff * sizeof *m->off);
        m->states = xrealloc(m->states, m->capoff * sizeof *m->states);
    }
    uint16_t *st = NULL;
    if (o->nstates) {
        st = xmalloc(o->nstates * sizeof *st);
        memcpy(st, o->states, o->nstates * sizeof *st);
        qsort(st, o->nstates, sizeof *st, cmp_u16);
    }
    m->states[m->noff] = st;
    m->off[m->noff] = *o;
    m->off[m->noff].states = st;
    m->noff++;
    m->indexed = false;
}

size_t match_set_requests(const struct match_set *m) { return m->nreq; }
size_t match_set_offers(const struct match_set *m) { return m->noff; }

const struct match_request *match_set_request(const struct match_set *m, long long id)
{
    for (size_t i = 0; i < m->nreq; i++)
        if (m->req[i].id == id) return &m->req[i];
    return NULL;
}

const struct match_offer *match_set_offer(const struct match_set *m, long long id)
{
    for (size_t i = 0; i < m->noff; i++)
        if (m->off[i].id == id) return &m->off[i];
    return NULL;
}

/* Keep the best k hits, best first: higher score, then the newer (higher) id. */
static void keep(struct match_hit *top, size_t *n, size_t k, long long id, int score)
{
    if (!k) return;
    if (*n == k && (score < top[k - 1].score || (score == top[k - 1].score && id < top[k - 1].id))) return;
    size_t at = *n < k ? (*n)++ : k - 1;
    while (at > 0 && (top[at - 1].score < score || (top[at - 1].score == score && top[at - 1].id < id))) {
        top[at] = top[at - 1];
        at--;
    }
    top[at] = (struct match_hit){ id, score };
}

size_t match_top_offers(const struct match_set *m, const struct match_request *r, int today, struct match_hit *out, size_t k)
{
    size_t n = 0;
    if (m->indexed) {
        int c = first_bit(r->category);
        const uint32_t *lists[2] = { c >= 0 && c < 32 ? m->off_by[c] : NULL, m->off_any };
        size_t counts[2] = { c >= 0 && c < 32 ? m->noff_by[c] : 0, m->noff_any };
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < counts[l]; i++) {
                const struct match_offer *o = &m->off[lists[l][i]];
                keep(out, &n, k, o->id, score_only(r, o, today));
            }
        return n;
    }
    for (size_t i = 0; i < m->noff; i++) {
        const struct match_offer *o = &m->off[i];
        int sc = score_only(r, o, today);
        if (sc >= 0) keep(out, &n, k, o->id, sc);
    }
    return n;
}

size_t match_top_requests(const struct match_set *m, const struct match_offer *o, int today, struct match_hit *out, size_t k)
{
    size_t n = 0;
    if (m->indexed && o->categories) {
        for (int c = 0; c < 32; c++)
            if ((o->categories >> c) & 1)
                for (size_t i = 0; i < m->nreq_by[c]; i++) {
                    const struct match_request *r = &m->req[m->req_by[c][i]];
                    keep(out, &n, k, r->id, score_only(r, o, today));
                }
        return n;
    }
    for (size_t i = 0; i < m->nreq; i++) {
        const struct match_request *r = &m->req[i];
        int sc = score_only(r, o, today);
        if (sc >= 0) keep(out, &n, k, r->id, sc);
    }
    return n;
}

struct all_job {
    const struct match_set *m;
    int today;
    size_t k, from, to;
    struct match_hit *out;
    size_t *counts;
};

static void *all_run(void *arg)
{
    struct all_job *j = arg;
    for (size_t i = j->from; i < j->to; i++)
        j->counts[i] = match_top_offers(j->m, &j->m->req[i], j->today, j->out + i * j->k, j->k);
    return NULL;
}

void match_all(const struct match_set *m, int today, size_t k, int threads, struct match_hit *out, size_t *counts)
{
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    pthread_t tid[64];
    bool started[64] = { false };
    struct all_job jobs[64];
    for (int t = 0; t < threads; t++) {
        jobs[t] = (struct all_job){ m, today, k, m->nreq * (size_t)t / (size_t)threads, m->nreq * (size_t)(t + 1) / (size_t)threads,
                                    out, counts };
        started[t] = t < threads - 1 && pthread_create(&tid[t], NULL, all_run, &jobs[t]) == 0;
        if (!started[t]) all_run(&jobs[t]);
    }
    for (int t = 0; t < threads; t++)
        if (started[t]) pthread_join(tid[t], NULL);
}

/* ---------------------------------------------------------------- dates */

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int match_month(const char *s)
{
    if (!s || strlen(s) < 7 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2)) return 0;
    int y = atoi(s), mo = atoi(s + 5);
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12) return 0;
    return y * 12 + mo - 1;
}

int match_day(const char *s)
{
    if (!s || strlen(s) != 10 || !match_month(s) || s[7] != '-' || !digits(s + 8, 2)) return 0;
    int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8);
    if (d < 1 || d > 31) return 0;
    /* H. Hinnant's days_from_civil */
    y -= mo <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

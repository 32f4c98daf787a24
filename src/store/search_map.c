/*
 * search_map: the map of published reports that the search (store/search_scan.c) counts with:
 * each published report's cycle and State, each State's regions and group in the order browsing
 * lists them, the questions by number, and the indexed answers' lengths for ranking.
 *
 * One map for the whole store (struct store: rmap, under rmap_lock), shared by every read
 * connection: `poaiss serve` builds it before it listens (store_search_warm), so that no
 * search, not even the first on a thread, pays for it (0.17-0.45 s at 40,000 reports when
 * each connection read its own).  A map is never changed once shared: a publication makes a
 * new one (a copy of the newest, and the version rows added since); each connection, and each
 * search memo, holds a reference to the map it counts with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_map.h"
#include "util/mem.h"

static void map_free(struct report_map *m)
{
    free(m->cycle);
    free(m->state);
    free(m->st);
    free(m->by_iso3);
    free(m->len.v);
    for (int i = 0; m->question && i <= m->maxq; i++) free(m->question[i]);
    free(m->question);
    free(m);
}

void store_report_map_release(struct report_map *m)
{
    if (m && atomic_fetch_sub(&m->refs, 1) == 1) map_free(m);
}

struct report_map *store_report_map_ref(struct report_map *m)
{
    atomic_fetch_add(&m->refs, 1);
    return m;
}

/* A copy of o, with one reference (the caller's). */
static struct report_map *map_copy(const struct report_map *o)
{
    struct report_map *m = xcalloc(1, sizeof *m);
    atomic_init(&m->refs, 1);
    m->max_rowid = o->max_rowid;
    m->nq = o->nq;
    m->nid = o->nid;
    m->cap = o->cap;
    if (o->cap) {
        m->cycle = xcalloc(o->cap, sizeof *m->cycle);
        m->state = xcalloc(o->cap, sizeof *m->state);
        memcpy(m->cycle, o->cycle, o->cap * sizeof *m->cycle);
        memcpy(m->state, o->state, o->cap * sizeof *m->state);
    }
    m->nst = o->nst;
    m->st = xcalloc(o->nst ? o->nst : 1, sizeof *m->st);
    if (o->nst) memcpy(m->st, o->st, o->nst * sizeof *m->st);
    m->by_iso3 = xcalloc(ISO3_SLOTS, sizeof *m->by_iso3);
    memcpy(m->by_iso3, o->by_iso3, ISO3_SLOTS * sizeof *m->by_iso3);
    m->len.n = o->len.n;
    m->len.v = xcalloc(o->len.n ? o->len.n : 1, sizeof *m->len.v);
    if (o->len.n) memcpy(m->len.v, o->len.v, o->len.n * sizeof *m->len.v);
    m->maxq = o->maxq;
    m->question = xcalloc((size_t)o->maxq + 1, sizeof *m->question);
    for (int i = 0; i <= o->maxq; i++) m->question[i] = o->question[i] ? xstrdup(o->question[i]) : NULL;
    return m;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
    snprintf(dst, n, "%s", store_col(st, i) ? store_col(st, i) : "");
}

/* The slot of an ISO 3166 alpha-3 code in by_iso3, or -1 when it is not three capitals. */
static int iso3_slot(const char *iso3)
{
    if (!iso3) return -1;
    int v = 0;
    for (int i = 0; i < 3; i++) {
        if (iso3[i] < 'A' || iso3[i] > 'Z') return -1;
        v = v * 26 + (iso3[i] - 'A');
    }
    return iso3[3] ? -1 : v;
}

/* A State's index in m->st, or m->nst when the map has no such State. */
static size_t state_index(const struct report_map *m, const char *iso3)
{
    int slot = iso3_slot(iso3);
    if (slot >= 0) return m->by_iso3[slot] ? (size_t)m->by_iso3[slot] - 1 : m->nst;
    size_t k = 0;
    while (k < m->nst && (!iso3 || strcmp(m->st[k].iso3, iso3) != 0)) k++;
    return k;
}

static int states_read(struct store_conn *c, struct report_map *m)
{
    static const char SQL[] = "SELECT iso3, region, subregion, intermediate, grp FROM state ORDER BY name, iso3";
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && m->nst < 65535) {
        if (m->nst == cap) { cap = cap ? cap * 2 : 256; m->st = xrealloc(m->st, cap * sizeof *m->st); }
        struct map_state *s = &m->st[m->nst++];
        copy_col(s->iso3, sizeof s->iso3, st, 0);
        copy_col(s->region, sizeof s->region, st, 1);
        copy_col(s->subregion, sizeof s->subregion, st, 2);
        copy_col(s->intermediate, sizeof s->intermediate, st, 3);
        copy_col(s->grp, sizeof s->grp, st, 4);
        int slot = iso3_slot(s->iso3);
        if (slot >= 0 && !m->by_iso3[slot]) m->by_iso3[slot] = (unsigned short)m->nst;
    }
    store_done(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/*
 * The reports published since version row after, into the map; after 0: every published report,
 * read from report and the version rows' primary key (reading the version rows themselves, each
 * with its answers, took 0.17 s at 40,000 reports).
 */
static int reports_read(struct store_conn *c, struct report_map *m, long long after)
{
    static const char SINCE[] = "SELECT r.id, r.cycle, r.state_iso3 FROM report_version v JOIN report r ON r.id = v.report_id "
                                "WHERE v.rowid > ?1";
    static const char ALL[] = "SELECT r.id, r.cycle, r.state_iso3 FROM report r "
                              "WHERE EXISTS (SELECT 1 FROM report_version v WHERE v.report_id = r.id)";
    sqlite3_stmt *st = store_stmt(c, after > 0 ? SINCE : ALL);
    if (!st) return -1;
    if (after > 0) sqlite3_bind_int64(st, 1, after);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (id <= 0 || id >= (1LL << 32)) continue;
        if ((size_t)id >= m->cap) {
            size_t ncap = m->cap ? m->cap : 1024;
            while (ncap <= (size_t)id) ncap *= 2;
            m->cycle = xrealloc(m->cycle, ncap * sizeof *m->cycle);
            m->state = xrealloc(m->state, ncap * sizeof *m->state);
            memset(m->cycle + m->cap, 0, (ncap - m->cap) * sizeof *m->cycle);
            memset(m->state + m->cap, 0, (ncap - m->cap) * sizeof *m->state);
            m->cap = ncap;
        }
        size_t k = state_index(m, store_col(st, 2));
        if (k == m->nst) continue;                      /* a State the reference data lacks: never found */
        m->cycle[id] = sqlite3_column_int(st, 1);
        m->state[id] = (unsigned short)k;
        if ((size_t)id + 1 > m->nid) m->nid = (size_t)id + 1;
    }
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int questions_read(struct store_conn *c, struct report_map *m)
{
    static const char SQL[] = "SELECT n, question FROM search_question ORDER BY n";
    for (int i = 0; m->question && i <= m->maxq; i++) free(m->question[i]);
    free(m->question);
    m->question = xcalloc(1, sizeof *m->question);
    m->maxq = 0;
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    size_t cap = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_int(st, 0);
        if (n < 1 || n > 65535) continue;
        if ((size_t)n >= cap) {
            size_t ncap = cap;
            while (ncap <= (size_t)n) ncap *= 2;
            m->question = xrealloc(m->question, ncap * sizeof *m->question);
            memset(m->question + cap, 0, (ncap - cap) * sizeof *m->question);
            cap = ncap;
        }
        m->question[n] = xstrdup(store_col(st, 1) ? store_col(st, 1) : "");
        if (n > m->maxq) m->maxq = n;
    }
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The lengths of the indexed answers (FTS5's docsize rows) with rowids lo..hi, into the map: each
 * answer's slot is report id × STORE_RANK_QMAX + question number.  poaiss_rank read them one by
 * one through FTS5 (a B-tree lookup per match, after each write from disk: 7.5 of the 13 ms that
 * ranking the 1,126 matches of "firearms destroyed" took).  Read whole at the start (0.3 s at
 * 40,000 reports, 10 MB), then only a newly published report's.
 */
static int lengths_read(struct store_conn *c, struct report_map *m, long long lo, long long hi)
{
    static const char SQL[] = "SELECT id, sz FROM search_answer_docsize WHERE id BETWEEN ?1 AND ?2";
    size_t need = m->nid * STORE_RANK_QMAX;
    if (need > m->len.n) {
        m->len.v = xrealloc(m->len.v, need * sizeof *m->len.v);
        memset(m->len.v + m->len.n, 0, (need - m->len.n) * sizeof *m->len.v);
        m->len.n = need;
    }
    size_t from = (size_t)(lo >> 16) * STORE_RANK_QMAX, to = (size_t)((hi >> 16) + 1) * STORE_RANK_QMAX;
    if (to > m->len.n) to = m->len.n;
    if (from < to) memset(m->len.v + from, 0, (to - from) * sizeof *m->len.v);   /* a republished report's old answers */
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long rowid = sqlite3_column_int64(st, 0), id = rowid >> 16;
        int qn = (int)(rowid & 65535);
        if (id <= 0 || (size_t)id >= m->nid || qn >= STORE_RANK_QMAX) continue;   /* poaiss_rank asks FTS5 */
        /* sz: a varint per column (SQLite's: seven bits a byte, the most significant first, the high bit
           set on every byte but the last); the length is their sum, as xColumnSize(-1) gives */
        const unsigned char *p = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        unsigned long long sum = 0, v = 0;
        for (int i = 0; p && i < n; i++) {
            v = (v << 7) | (p[i] & 0x7F);
            if (p[i] & 0x80) continue;
            sum += v;
            v = 0;
        }
        m->len.v[(size_t)id * STORE_RANK_QMAX + (size_t)qn] = sum > 65535 ? 0 : (unsigned short)sum;   /* 0: ask FTS5 */
    }
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The lengths of the answers of the reports published since version row after (lengths_read). */
static int lengths_since(struct store_conn *c, struct report_map *m, long long after)
{
    static const char SQL[] = "SELECT DISTINCT report_id FROM report_version WHERE rowid > ?1";
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, after);
    long long *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) { cap = cap ? cap * 2 : 64; ids = xrealloc(ids, cap * sizeof *ids); }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    store_done(st);
    for (size_t i = 0; rc == SQLITE_DONE && i < n; i++)
        if (lengths_read(c, m, ids[i] * 65536, ids[i] * 65536 + 65535) < 0) rc = SQLITE_ERROR;
    free(ids);
    return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * A new map for the key (max_rowid, nq), with one reference: from (lent) and the version rows
 * added since, or all of it when from is NULL.  Versions are never changed or deleted
 * (migration 0002) and a report's cycle and State never change, so the rows added since are all
 * a map lacks.  Rows committed after the key was read may be read too: the map then holds more
 * than its key says, which is harmless (a connection cannot see their answers yet).  NULL on error.
 */
static struct report_map *map_build(struct store_conn *c, const struct report_map *from, long long max_rowid, long long nq)
{
    struct report_map *m;
    if (from) m = map_copy(from);
    else {
        m = xcalloc(1, sizeof *m);
        atomic_init(&m->refs, 1);
        m->by_iso3 = xcalloc(ISO3_SLOTS, sizeof *m->by_iso3);
    }
    if ((!from && states_read(c, m) < 0) || reports_read(c, m, from ? from->max_rowid : 0) < 0 ||
        ((!from || from->nq != nq) && questions_read(c, m) < 0) ||
        (from ? lengths_since(c, m, from->max_rowid) : lengths_read(c, m, 0, (long long)m->nid * 65536)) < 0) {
        map_free(m);
        return NULL;
    }
    m->max_rowid = max_rowid;
    m->nq = nq;
    return m;
}

/* Does m hold every publication and question up to the key? */
static bool map_covers(const struct report_map *m, long long max_rowid, long long nq)
{
    return m && m->max_rowid >= max_rowid && m->nq >= nq;
}

/*
 * The map for what connection c sees now: its own if still current, else the store's, brought up
 * to date first when it is behind (one thread builds, under the lock; the others wait for it and
 * share it).  Lent: c holds a reference until its next call.  NULL on error.
 */
struct report_map *store_report_map_get(struct store *s, struct store_conn *c)
{
    static const char KEY[] = "SELECT coalesce(max(rowid), 0), (SELECT count(*) FROM search_question) FROM report_version";
    sqlite3_stmt *st = store_stmt(c, KEY);
    if (!st) return NULL;
    int rc = sqlite3_step(st);
    long long max_rowid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    long long nq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : -1;
    store_done(st);
    if (max_rowid < 0) { store_log_error(c->db, "search map"); return NULL; }
    if (map_covers(c->rmap, max_rowid, nq)) return c->rmap;
    pthread_mutex_lock(&s->rmap_lock);
    struct report_map *m = s->rmap;
    if (!map_covers(m, max_rowid, nq)) {
        m = map_build(c, s->rmap, max_rowid, nq);
        if (!m) {
            pthread_mutex_unlock(&s->rmap_lock);
            store_log_error(c->db, "search map");
            return NULL;
        }
        store_report_map_release(s->rmap);
        s->rmap = m;
    }
    store_report_map_ref(m);
    pthread_mutex_unlock(&s->rmap_lock);
    store_report_map_release(c->rmap);
    c->rmap = m;
    return m;
}

/*
 * fts: full-text search over published reports (table search_answer, migration 0003).
 *
 * The 'poaiss' FTS5 tokenizer wraps the built-in `unicode61 remove_diacritics 2` (which
 * lower-cases, drops accents and splits on punctuation) and adds Snowball stems.  A row's
 * language is not visible to a tokenizer, and reports mix languages anyway (a French
 * report cites an English law title), so each word is indexed as itself plus its stems
 * in every language of its script, as colocated tokens (FTS5 synonyms): Latin script ->
 * English, French, Spanish; Cyrillic -> Russian; Arabic -> Arabic.  A query word is
 * expanded the same way, and FTS5 ORs colocated query tokens, so "marking" finds
 * "marked" (English stem "mark") and "armes" finds "arme" (French stem "arme").  A
 * prefix query ("marq"*) uses the unstemmed word, which is indexed too.  Offsets are
 * those of unicode61, byte offsets into the original text, so snippet() and
 * highlight() mark the original words.
 *
 * The tokenizer arguments, when given, name the Snowball algorithms to use instead
 * (tokenize = 'poaiss english french').  Stemmers are not thread-safe: each tokenizer
 * instance (one per table per connection; a connection is used by one thread at a time)
 * owns its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include <libstemmer.h>

#include "store/internal.h"
#include "util/buf.h"
#include "util/mem.h"

enum script { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC };

#define MAX_STEMMERS 8
#define MAX_STEM_TOKEN 200              /* longer tokens are indexed as they are */

/* Recent tokens and their distinct stems: the vocabulary of reports is small and repetitive,
   so most tokens skip the stemmers (a direct-mapped cache, per tokenizer instance). */
#define STEM_CACHE 4096
#define STEM_CACHE_LEN 31
struct stem_entry {
    unsigned char klen, n, len[4];
    char key[STEM_CACHE_LEN];
    char stem[4][STEM_CACHE_LEN];
};

struct ptok {
    fts5_tokenizer inner_api;
    Fts5Tokenizer *inner;
    struct { struct sb_stemmer *sb; enum script script; } st[MAX_STEMMERS];
    int nst;
    struct stem_entry *cache;
};

static unsigned stem_hash(const char *t, int n)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++) h = (h ^ (unsigned char)t[i]) * 16777619u;
    return h % STEM_CACHE;
}

static enum script algorithm_script(const char *alg)
{
    if (strcmp(alg, "russian") == 0 || strcmp(alg, "ru") == 0) return SCRIPT_CYRILLIC;
    if (strcmp(alg, "arabic") == 0 || strcmp(alg, "ar") == 0) return SCRIPT_ARABIC;
    return SCRIPT_LATIN;
}

/* The script of a folded token, by its first byte. */
static enum script token_script(const char *t, int n)
{
    if (n <= 0) return SCRIPT_NONE;
    unsigned char c = (unsigned char)t[0];
    if (c >= 'a' && c <= 'z') return SCRIPT_LATIN;
    if (c >= 0xC3 && c <= 0xC9) return SCRIPT_LATIN;          /* Latin-1 supplement, Latin extended */
    if (c >= 0xD0 && c <= 0xD3) return SCRIPT_CYRILLIC;
    if (c >= 0xD8 && c <= 0xDB) return SCRIPT_ARABIC;
    return SCRIPT_NONE;                                        /* digits, CJK, others: no stemming */
}

static void ptok_delete(Fts5Tokenizer *t)
{
    struct ptok *p = (struct ptok *)t;
    if (!p) return;
    if (p->inner) p->inner_api.xDelete(p->inner);
    for (int i = 0; i < p->nst; i++) sb_stemmer_delete(p->st[i].sb);
    free(p->cache);
    free(p);
}

static int ptok_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    fts5_api *api = ud;
    struct ptok *p = calloc(1, sizeof *p);
    if (!p) return SQLITE_NOMEM;
    void *iud = NULL;
    int rc = api->xFindTokenizer(api, "unicode61", &iud, &p->inner_api);
    const char *uargs[] = { "remove_diacritics", "2" };
    if (rc == SQLITE_OK) rc = p->inner_api.xCreate(iud, uargs, 2, &p->inner);
    static const char *const DEFAULT[] = { "english", "french", "spanish", "russian", "arabic" };
    const char *const *algs = argc > 0 ? argv : DEFAULT;
    int nalgs = argc > 0 ? argc : (int)(sizeof DEFAULT / sizeof DEFAULT[0]);
    for (int i = 0; rc == SQLITE_OK && i < nalgs; i++) {
        if (p->nst == MAX_STEMMERS) { rc = SQLITE_ERROR; break; }
        struct sb_stemmer *sb = sb_stemmer_new(algs[i], "UTF_8");
        if (!sb) { rc = SQLITE_ERROR; break; }          /* unknown algorithm (or out of memory) */
        p->st[p->nst].sb = sb;
        p->st[p->nst].script = algorithm_script(algs[i]);
        p->nst++;
    }
    if (rc == SQLITE_OK && !(p->cache = calloc(STEM_CACHE, sizeof *p->cache))) rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK) { ptok_delete((Fts5Tokenizer *)p); *out = NULL; return rc; }
    *out = (Fts5Tokenizer *)p;
    return SQLITE_OK;
}

struct tok_ctx {
    struct ptok *p;
    int flags;
    void *ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
};

static int on_token(void *c, int tflags, const char *tok, int n, int start, int end)
{
    struct tok_ctx *tc = c;
    int rc = tc->xToken(tc->ctx, tflags, tok, n, start, end);
    if (rc != SQLITE_OK || (tc->flags & FTS5_TOKENIZE_PREFIX) || n > MAX_STEM_TOKEN) return rc;
    enum script sc = token_script(tok, n);
    if (sc == SCRIPT_NONE) return rc;
    struct stem_entry *e = n <= STEM_CACHE_LEN ? &tc->p->cache[stem_hash(tok, n)] : NULL;
    if (e && e->klen == n && memcmp(e->key, tok, (size_t)n) == 0) {
        for (int k = 0; k < e->n && rc == SQLITE_OK; k++)
            rc = tc->xToken(tc->ctx, FTS5_TOKEN_COLOCATED, e->stem[k], e->len[k], start, end);
        return rc;
    }
    char seen[MAX_STEMMERS][MAX_STEM_TOKEN + 1];
    int seen_len[MAX_STEMMERS], nseen = 0;
    for (int i = 0; i < tc->p->nst && rc == SQLITE_OK; i++) {
        if (tc->p->st[i].script != sc) continue;
        const sb_symbol *s = sb_stemmer_stem(tc->p->st[i].sb, (const sb_symbol *)tok, n);
        if (!s) return SQLITE_NOMEM;
        int len = sb_stemmer_length(tc->p->st[i].sb);
        if (len <= 0 || len > MAX_STEM_TOKEN || (len == n && memcmp(s, tok, (size_t)n) == 0)) continue;
        int dup = 0;
        for (int k = 0; k < nseen && !dup; k++) dup = seen_len[k] == len && memcmp(seen[k], s, (size_t)len) == 0;
        if (dup) continue;
        memcpy(seen[nseen], s, (size_t)len);
        seen_len[nseen++] = len;
        rc = tc->xToken(tc->ctx, FTS5_TOKEN_COLOCATED, (const char *)s, len, start, end);
    }
    bool cacheable = e && rc == SQLITE_OK && nseen <= 4;
    for (int k = 0; cacheable && k < nseen; k++) cacheable = seen_len[k] <= STEM_CACHE_LEN;
    if (cacheable) {
        e->klen = (unsigned char)n;
        memcpy(e->key, tok, (size_t)n);
        e->n = (unsigned char)nseen;
        for (int k = 0; k < nseen; k++) {
            e->len[k] = (unsigned char)seen_len[k];
            memcpy(e->stem[k], seen[k], (size_t)seen_len[k]);
        }
    }
    return rc;
}

static int ptok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    struct ptok *p = (struct ptok *)t;
    struct tok_ctx tc = { p, flags, ctx, xToken };
    return p->inner_api.xTokenize(p->inner, &tc, flags, text, n, on_token);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int store_fts_register(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api) { store_log_error(db, "fts5 api"); return -1; }
    fts5_tokenizer tok = { ptok_create, ptok_delete, ptok_tokenize };
    if (api->xCreateTokenizer(api, "poaiss", api, &tok, NULL) != SQLITE_OK) {
        store_log_error(db, "fts5 tokenizer");
        return -1;
    }
    return 0;
}

/* ---- search ---- */

int store_search(struct store *s, const char *fts_query, int limit, int offset,
                 int (*cb)(const struct store_hit *h, void *ctx), void *ctx, long *total)
{
    return store_search_filtered(s, fts_query, NULL, limit, offset, cb, ctx, total);
}

/* ---- turning user text into a safe FTS5 query ---- */

#define QUOTE_MAX_TERMS 16
#define QUOTE_MAX_TERM 256              /* bytes of one word or phrase */

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t len;
    unsigned min;
    unsigned cp;
    if (c < 0x80) return 1;
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

/* One term: its sanitised bytes (no '"', no control characters), whether it is searchable. */
struct term { char text[QUOTE_MAX_TERM + 4]; size_t len; int letters; };

static void term_add(struct term *t, const unsigned char *p, size_t n)
{
    if (t->len + n > QUOTE_MAX_TERM) return;           /* keep whole characters; drop the rest */
    if (n == 1 && (p[0] < 0x20 || p[0] == 0x7F)) { p = (const unsigned char *)" "; }
    if (n > 1 || (p[0] >= '0' && p[0] <= '9') || ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z')) t->letters++;
    memcpy(t->text + t->len, p, n);
    t->len += n;
}

static void term_emit(struct buf *out, const struct term *t, int prefix, int *nterms)
{
    if (!t->letters || *nterms >= QUOTE_MAX_TERMS) return;
    if (out->len) buf_putc(out, ' ');
    buf_putc(out, '"');
    buf_append(out, t->text, t->len);
    buf_putc(out, '"');
    if (prefix && t->letters >= 2) buf_putc(out, '*');   /* a one-letter prefix would match half the index */
    (*nterms)++;
}

int store_search_quote(const char *user_query, struct buf *out)
{
    buf_clear(out);
    if (!user_query) return -1;
    const unsigned char *p = (const unsigned char *)user_query;
    size_t n = strlen(user_query), i = 0;
    int nterms = 0;
    while (i < n && nterms < QUOTE_MAX_TERMS) {
        size_t l = utf8_len(p + i, n - i);
        if (l == 0 || (l == 1 && (p[i] <= ' ' || p[i] == 0x7F || p[i] == '*'))) { i += l ? l : 1; continue; }
        struct term t = { .len = 0 };
        int prefix = 0;
        if (p[i] == '"') {                              /* a phrase, up to the next quote or the end */
            i++;
            while (i < n && p[i] != '"') {
                l = utf8_len(p + i, n - i);
                if (l == 0) { term_add(&t, (const unsigned char *)" ", 1); i++; continue; }
                term_add(&t, p + i, l);
                i += l;
            }
            if (i < n) i++;                             /* the closing quote */
            if (i < n && p[i] == '*') prefix = 1;
        } else {                                        /* a word, up to a blank or a quote */
            while (i < n && p[i] > ' ' && p[i] != 0x7F && p[i] != '"') {
                l = utf8_len(p + i, n - i);
                if (l == 0) break;                      /* invalid UTF-8 ends the word */
                term_add(&t, p + i, l);
                i += l;
            }
            while (t.len && t.text[t.len - 1] == '*') { t.len--; prefix = 1; }
            if (prefix) {                               /* recount: the stars were not letters */
                t.letters = 0;
                for (size_t k = 0; k < t.len; k++) {
                    unsigned char c = (unsigned char)t.text[k];
                    if (c >= 0x80 ? (c & 0xC0) != 0x80 : ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
                        t.letters++;
                }
            }
        }
        term_emit(out, &t, prefix, &nterms);
    }
    return out->len ? 0 : -1;
}

/*
 * The report and the question are found from the rowid (report_id * 65536 + n, n the
 * question's number in search_question; see migration 0004), never from the report_id or
 * question columns: reading an UNINDEXED column reads the FTS5 content row, a B-tree
 * lookup per match that made counting 116,000 matches at 40,000 reports take 1.9 s, not 0.1 s.
 */
#define SEARCH_FROM "FROM search_answer a JOIN report r ON r.id = a.rowid >> 16 JOIN state st ON st.iso3 = r.state_iso3 "
/* With text (?1 is the FTS5 query) or without (browsing the answers to one question: ?7 is set). */
#define SEARCH_TEXT "WHERE search_answer MATCH ?1 AND "
#define SEARCH_ALL "WHERE ?7 IS NOT NULL AND "
/* The answer filter (?8) reads the published version the row was indexed from: a string answer
   (yes/no/developing, a single choice) equal to it, a selected option of a multi choice, or
   "other" for an answer that gives an other text. */
#define ANSWER_PATH "printf('$.\"%w\"', a.question)"
#define ANSWER_MATCH "(?8 IS NULL OR EXISTS (SELECT 1 FROM report_version v WHERE v.report_id = a.report_id " \
    "AND v.version = a.version AND ((json_type(v.answers, " ANSWER_PATH ") = 'text' AND v.answers ->> " ANSWER_PATH " = ?8) " \
    "OR EXISTS (SELECT 1 FROM json_each(v.answers, printf('$.\"%w\".selected', a.question)) e WHERE e.value = ?8) " \
    "OR (?8 = 'other' AND json_type(v.answers, printf('$.\"%w\".other', a.question)) = 'text'))))"
#define SEARCH_COND "(?4 = 0 OR r.cycle = ?4) " \
    "AND (?5 IS NULL OR ?5 IN (st.region, st.subregion, st.intermediate)) AND (?6 IS NULL OR st.grp = ?6) " \
    "AND (?7 IS NULL OR (a.rowid & 65535) = (SELECT n FROM search_question WHERE question = ?7)) " \
    "AND (?9 IS NULL OR (a.rowid & 65535) IN (SELECT q.n FROM search_question q, json_each(?9) j WHERE q.question = j.value)) " \
    "AND " ANSWER_MATCH " "

static bool browsing(const char *fts_query) { return !fts_query || !*fts_query; }

static void bind_filter(sqlite3_stmt *st, const char *q, const struct store_search_filter *f)
{
    if (!browsing(q)) store_bind_text(st, 1, q);
    sqlite3_bind_int(st, 4, f ? f->cycle : 0);
    store_bind_text(st, 5, f ? f->region : NULL);
    store_bind_text(st, 6, f ? f->grp : NULL);
    store_bind_text(st, 7, f ? f->question : NULL);
    store_bind_text(st, 8, f && f->question ? f->answer : NULL);
    store_bind_text(st, 9, f ? f->questions : NULL);
}

#define HIT_COLS "SELECT a.report_id, a.version, a.question, a.lang, snippet(search_answer, 0, char(2), char(3), '…', 16), "

#define HITS_STOPPED 1000   /* not an SQLite result code: the callback asked to stop */

/* Step through hits with the columns of HIT_COLS and a rank: SQLITE_DONE, HITS_STOPPED or an error. */
static int hits_each(sqlite3_stmt *st, int (*cb)(const struct store_hit *h, void *ctx), void *ctx)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_hit h = {
            sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), store_col(st, 2), store_col(st, 3),
            store_col(st, 4), sqlite3_column_double(st, 5),
        };
        if (cb(&h, ctx)) return HITS_STOPPED;
    }
    return rc;
}

/*
 * One scan for the count and three facets.  A search page asks for the number of matches and
 * for the counts by cycle, region and group, each of which used to scan every match again
 * (1 s a scan for a common word at 40,000 reports).  The first of these calls now groups the
 * matches by (cycle, region, group) once; the others add up those rows.  The result is kept
 * per connection (connections are per thread) for the same query and filters until the data
 * changes (PRAGMA data_version).
 */
struct agg_row { int cycle; char region[8], subregion[8], grp[8]; long n; };
struct search_memo { char *key; long long data_version; struct agg_row *rows; size_t n; };

void store_search_memo_free(struct search_memo *m)
{
    if (!m) return;
    free(m->key);
    free(m->rows);
    free(m);
}

static long long data_version(struct store_conn *c)
{
    sqlite3_stmt *st = store_stmt(c, "PRAGMA data_version");
    long long v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    store_done(st);
    return v;
}

static char *memo_key(const char *q, const struct store_search_filter *f)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", q ? q : "", f ? f->cycle : 0, f && f->region ? f->region : "",
               f && f->grp ? f->grp : "", f && f->question ? f->question : "", f && f->question && f->answer ? f->answer : "",
               f && f->questions ? f->questions : "");
    return buf_steal(&b, NULL);
}

/* The matches grouped by cycle, region and group; NULL on error (*sqlerr: -2 for a query FTS5 refused). */
static struct search_memo *aggregate(struct store_conn *c, const char *q, const struct store_search_filter *f, int *sqlerr)
{
    static const char AGG[] = "SELECT r.cycle, st.region, st.grp, st.subregion, count(*) " SEARCH_FROM SEARCH_TEXT SEARCH_COND
                              "GROUP BY r.cycle, st.region, st.grp, st.subregion";
    static const char AGG_ALL[] = "SELECT r.cycle, st.region, st.grp, st.subregion, count(*) " SEARCH_FROM SEARCH_ALL SEARCH_COND
                                  "GROUP BY r.cycle, st.region, st.grp, st.subregion";
    *sqlerr = -1;
    char *key = memo_key(q, f);
    long long dv = data_version(c);
    struct search_memo *m = c->memo;
    if (m && dv >= 0 && m->data_version == dv && strcmp(m->key, key) == 0) { free(key); return m; }
    sqlite3_stmt *st = store_stmt(c, browsing(q) ? AGG_ALL : AGG);
    if (!st) { free(key); return NULL; }
    bind_filter(st, q, f);
    struct search_memo *n = xcalloc(1, sizeof *n);
    n->key = key;
    n->data_version = dv;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n->n == cap) { cap = cap ? cap * 2 : 64; n->rows = xrealloc(n->rows, cap * sizeof *n->rows); }
        struct agg_row *r = &n->rows[n->n++];
        r->cycle = sqlite3_column_int(st, 0);
        snprintf(r->region, sizeof r->region, "%s", store_col(st, 1) ? store_col(st, 1) : "");
        snprintf(r->grp, sizeof r->grp, "%s", store_col(st, 2) ? store_col(st, 2) : "");
        snprintf(r->subregion, sizeof r->subregion, "%s", store_col(st, 3) ? store_col(st, 3) : "");
        r->n = (long)sqlite3_column_int64(st, 4);
    }
    store_done(st);
    if (rc != SQLITE_DONE) {
        store_search_memo_free(n);
        /* Only a text query can be one FTS5 refuses: browsing has none, so its failure is the database's. */
        if (rc == SQLITE_ERROR && !browsing(q)) *sqlerr = -2; else store_log_error(c->db, "search");
        return NULL;
    }
    store_search_memo_free(c->memo);
    c->memo = n;
    return n;
}

struct facet_sum { char value[16]; long n; };

static int cmp_facet_count(const void *a, const void *b)
{
    const struct facet_sum *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->value, y->value);
}

static int cmp_facet_value_desc(const void *a, const void *b)
{
    return -strcmp(((const struct facet_sum *)a)->value, ((const struct facet_sum *)b)->value);
}

/* Counts by cycle (k 0), region (1), group (2) or subregion (3) from the memo. */
static int facet_from_memo(struct store_conn *c, const struct search_memo *m, int k, const char *lang,
                           int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx)
{
    /* the name in lang (ref_name has no English rows), else the English name */
    static const char REGION[] = "SELECT coalesce((SELECT n.name FROM ref_name n WHERE n.kind = 'region' AND n.code = ?1 "
                                 "AND n.lang = ?2), name) FROM region WHERE code = ?1";
    static const char GROUP[] = "SELECT coalesce((SELECT n.name FROM ref_name n WHERE n.kind = 'group' AND n.code = ?1 "
                                "AND n.lang = ?2), name) FROM regional_group WHERE code = ?1";
    struct facet_sum *v = xcalloc(m->n ? m->n : 1, sizeof *v);
    size_t nv = 0;
    for (size_t i = 0; i < m->n; i++) {
        char val[16];
        if (k == 0) snprintf(val, sizeof val, "%04d", m->rows[i].cycle);
        else snprintf(val, sizeof val, "%s", k == 1 ? m->rows[i].region : k == 3 ? m->rows[i].subregion : m->rows[i].grp);
        if (k >= 2 && !*val) continue;                  /* States outside the five groups, or without a subregion */
        size_t j = 0;
        while (j < nv && strcmp(v[j].value, val) != 0) j++;
        if (j == nv) { snprintf(v[nv].value, sizeof v[nv].value, "%s", val); v[nv++].n = 0; }
        v[j].n += m->rows[i].n;
    }
    qsort(v, nv, sizeof *v, k == 0 ? cmp_facet_value_desc : cmp_facet_count);
    for (size_t j = 0; j < nv; j++) {
        const char *value = v[j].value;
        if (k == 0) while (*value == '0' && value[1]) value++;
        char label[160];
        snprintf(label, sizeof label, "%s", value);
        if (k > 0) {
            sqlite3_stmt *st = store_stmt(c, k == 2 ? GROUP : REGION);
            if (st) {
                store_bind_text(st, 1, value);
                store_bind_text(st, 2, lang);
                if (sqlite3_step(st) == SQLITE_ROW && store_col(st, 0)) snprintf(label, sizeof label, "%s", store_col(st, 0));
                store_done(st);
            }
        }
        if (cb(value, label, v[j].n, ctx)) break;
    }
    free(v);
    return 0;
}

int store_search_filtered(struct store *s, const char *fts_query, const struct store_search_filter *f, int limit, int offset,
                          int (*cb)(const struct store_hit *h, void *ctx), void *ctx, long *total)
{
    /* "+a.rank": SQLite sorts, so FTS5 ranks only the answers that pass the filters. */
    static const char RANKED_IDS[] = "SELECT a.rowid, a.rank " SEARCH_FROM SEARCH_TEXT SEARCH_COND "ORDER BY +a.rank LIMIT ?2 OFFSET ?3";
    static const char RANKED[] = HIT_COLS "a.rank " SEARCH_FROM SEARCH_TEXT SEARCH_COND "ORDER BY +a.rank LIMIT ?2 OFFSET ?3";
    /* In rowid order the rows stream: columns and excerpts are made only for the rows returned. */
    static const char NEWEST[] = HIT_COLS "0.0 " SEARCH_FROM SEARCH_TEXT SEARCH_COND "ORDER BY a.rowid DESC LIMIT ?2 OFFSET ?3";
    static const char ONE[] = HIT_COLS "?3 FROM search_answer a WHERE search_answer MATCH ?1 AND a.rowid = ?2";
    static const char SQL_ALL[] =   /* no text to rank by: newest cycle first, then by State */
        "SELECT a.report_id, a.version, a.question, a.lang, substr(a.text, 1, 300) || iif(length(a.text) > 300, '…', ''), 0 "
        SEARCH_FROM SEARCH_ALL SEARCH_COND "ORDER BY r.cycle DESC, st.name LIMIT ?2 OFFSET ?3";
    if (total) *total = 0;
    bool all = browsing(fts_query);
    if (all && (!f || !f->question)) return 0;
    struct store_conn *c = store_reader(s);
    if (!c) return -1;
    int err;
    const struct search_memo *m = aggregate(c, fts_query, f, &err);
    if (!m) return err;
    long n = 0;
    for (size_t i = 0; i < m->n; i++) n += m->rows[i].n;
    if (total) *total = n;
    sqlite3_stmt *st;
    int rc;
    if (limit <= 0 || n == 0) return 0;

    if (all || n > STORE_SEARCH_RANK_MAX || limit > 100) {
        /* Browsing; newest first; or ranked in one statement for a long download (excerpts of every candidate). */
        st = store_stmt(c, all ? SQL_ALL : n > STORE_SEARCH_RANK_MAX ? NEWEST : RANKED);
        if (!st) return -1;
        bind_filter(st, fts_query, f);
        sqlite3_bind_int(st, 2, limit);
        sqlite3_bind_int(st, 3, offset < 0 ? 0 : offset);
        rc = hits_each(st, cb, ctx);
        store_done(st);
    } else {
        /* A page: rank the candidates by rowid alone, then make the excerpts of the page only. */
        long long rowids[100];
        double ranks[100];
        int got = 0;
        st = store_stmt(c, RANKED_IDS);
        if (!st) return -1;
        bind_filter(st, fts_query, f);
        sqlite3_bind_int(st, 2, limit);
        sqlite3_bind_int(st, 3, offset < 0 ? 0 : offset);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && got < limit) {
            rowids[got] = sqlite3_column_int64(st, 0);
            ranks[got++] = sqlite3_column_double(st, 1);
        }
        store_done(st);
        if (rc == SQLITE_ROW) rc = SQLITE_DONE;
        for (int i = 0; i < got && rc == SQLITE_DONE; i++) {
            st = store_stmt(c, ONE);
            if (!st) return -1;
            store_bind_text(st, 1, fts_query);
            sqlite3_bind_int64(st, 2, rowids[i]);
            sqlite3_bind_double(st, 3, ranks[i]);
            rc = hits_each(st, cb, ctx);
            store_done(st);
        }
    }
    if (rc == SQLITE_DONE || rc == HITS_STOPPED) return 0;
    if (rc == SQLITE_ERROR) return -2;
    store_log_error(c->db, "search");
    return -1;
}

/* The answer values of each matching row: its string answer, else its selected options and "other" when it gives an other text. */
#define ANSWER_VALUES "JOIN report_version v ON v.report_id = a.report_id AND v.version = a.version, " \
    "json_each(CASE json_type(v.answers, " ANSWER_PATH ") WHEN 'text' THEN json_array(v.answers ->> " ANSWER_PATH ") " \
    "WHEN 'object' THEN json_insert(coalesce(v.answers -> printf('$.\"%w\".selected', a.question), '[]'), '$[#]', " \
    "iif(json_type(v.answers, printf('$.\"%w\".other', a.question)) = 'text', 'other', NULL)) ELSE '[]' END) e "
#define ANSWER_GROUP "AND e.type = 'text' GROUP BY e.value ORDER BY n DESC"

int store_search_facet(struct store *s, const char *fts_query, const struct store_search_filter *f, const char *facet,
                       int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx)
{
#define FACET_SQL(where) \
    { NULL, NULL, NULL,   /* cycle, region, group: from the grouped scan (aggregate) */ \
      "SELECT q.question, q.question, count(*) n " SEARCH_FROM "JOIN search_question q ON q.n = (a.rowid & 65535) " \
      where SEARCH_COND "GROUP BY q.n ORDER BY n DESC, q.question", \
      "SELECT e.value, e.value, count(DISTINCT a.rowid) n " SEARCH_FROM ANSWER_VALUES where SEARCH_COND ANSWER_GROUP }
    static const char *const TEXT[] = FACET_SQL(SEARCH_TEXT);
    static const char *const ALL[] = FACET_SQL(SEARCH_ALL);
#undef FACET_SQL
    static const char *const NAMES[] = { "cycle", "region", "group", "question", "answer", "subregion" };
    int k = -1;
    for (int i = 0; i < 6; i++)
        if (strcmp(facet, NAMES[i]) == 0) k = i;
    int memo_k = k <= 2 ? k : k == 5 ? 3 : -1;     /* answered from the grouped scan */
    if (k == 5) k = 0;
    bool all = browsing(fts_query);
    if (k < 0 || (all && (!f || !f->question)) || (k == 4 && (!f || !f->question))) return 0;
    struct store_conn *c = store_reader(s);
    if (!c) return -1;
    if (memo_k >= 0) {
        int err;
        const struct search_memo *m = aggregate(c, fts_query, f, &err);
        return m ? facet_from_memo(c, m, memo_k, f ? f->lang : NULL, cb, ctx) : err;
    }
    sqlite3_stmt *st = store_stmt(c, all ? ALL[k] : TEXT[k]);
    if (!st) return -1;
    bind_filter(st, fts_query, f);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(store_col(st, 0), store_col(st, 1), (long)sqlite3_column_int64(st, 2), ctx)) break;
    store_done(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    return rc == SQLITE_ERROR ? -2 : -1;
}

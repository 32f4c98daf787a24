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

/* Set on a thread that reads the index one stored term at a time (store/search_terms.c): a query
   word is then itself only, without its stems. */
static _Thread_local bool tl_exact;

void store_fts_exact(bool on) { tl_exact = on; }

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
    if (tl_exact && (tc->flags & FTS5_TOKENIZE_QUERY)) return rc;
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

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v);
static void inst_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v);
static void avgdl_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v);
static void pos_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v);

struct query_tokens { int (*cb)(void *ctx, bool colocated, const char *tok, int n); void *ctx; };

static int on_query_token(void *c, int tflags, const char *tok, int n, int start, int end)
{
    (void)start;
    (void)end;
    struct query_tokens *qt = c;
    return qt->cb(qt->ctx, (tflags & FTS5_TOKEN_COLOCATED) != 0, tok, n) ? SQLITE_ABORT : SQLITE_OK;
}

struct store_fts_tok { fts5_tokenizer tok; Fts5Tokenizer *t; };

struct store_fts_tok *store_fts_tok_open(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    void *ud = NULL;
    struct store_fts_tok *ft = xcalloc(1, sizeof *ft);
    if (!api || api->xFindTokenizer(api, "poaiss", &ud, &ft->tok) != SQLITE_OK || ft->tok.xCreate(ud, NULL, 0, &ft->t) != SQLITE_OK) {
        free(ft);
        return NULL;
    }
    return ft;
}

int store_fts_tok_run(struct store_fts_tok *ft, const char *text, int n, bool prefix,
                      int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx)
{
    struct query_tokens qt = { cb, ctx };
    int rc = ft->tok.xTokenize(ft->t, &qt, FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0), text, n, on_query_token);
    return rc == SQLITE_OK ? 0 : rc == SQLITE_ABORT ? 1 : -1;
}

int store_fts_tok_document(struct store_fts_tok *ft, const char *text, int n,
                           int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx)
{
    struct query_tokens qt = { cb, ctx };
    int rc = ft->tok.xTokenize(ft->t, &qt, FTS5_TOKENIZE_DOCUMENT, text, n, on_query_token);
    return rc == SQLITE_OK ? 0 : rc == SQLITE_ABORT ? 1 : -1;
}

void store_fts_tok_close(struct store_fts_tok *ft)
{
    if (!ft) return;
    ft->tok.xDelete(ft->t);
    free(ft);
}

int store_fts_query_tokens(sqlite3 *db, const char *text, int n, bool prefix,
                           int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx)
{
    struct store_fts_tok *ft = store_fts_tok_open(db);
    if (!ft) return -1;
    int rc = store_fts_tok_run(ft, text, n, prefix, cb, ctx);
    store_fts_tok_close(ft);
    return rc;
}

int store_fts_register(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api) { store_log_error(db, "fts5 api"); return -1; }
    fts5_tokenizer tok = { ptok_create, ptok_delete, ptok_tokenize };
    if (api->xCreateTokenizer(api, "poaiss", api, &tok, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "poaiss_rank", NULL, rank_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "poaiss_inst", NULL, inst_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "poaiss_avgdl", NULL, avgdl_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "poaiss_pos", NULL, pos_fn, NULL) != SQLITE_OK) {
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

/*
 * A written phrase as FTS5 will read it: ASCII letters lower-cased, each run of other ASCII
 * bytes (blanks, punctuation: unicode61 separators) one blank, none at either end; other bytes
 * as they are.  Two phrases with the same key and the same prefix flag match the same answers.
 */
struct phrase_key { char text[QUOTE_MAX_TERM + 4]; size_t len; bool prefix; };

static void phrase_key_of(struct phrase_key *k, const struct term *t, bool prefix)
{
    k->len = 0;
    k->prefix = prefix;
    bool gap = false;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        bool word = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!word) { gap = k->len > 0; continue; }
        if (gap) { k->text[k->len++] = ' '; gap = false; }
        k->text[k->len++] = (char)(c < 0x80 && c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
}

/* Write the term as a phrase unless it has no letters, the query is full, or an equal phrase is
   written already (seen: the keys of those written, nterms of them): "the the" costs one phrase. */
static void term_emit(struct buf *out, const struct term *t, int prefix, int *nterms, struct phrase_key *seen)
{
    if (!t->letters || *nterms >= QUOTE_MAX_TERMS) return;
    bool star = prefix && t->letters >= 2;   /* a one-letter prefix would match half the index */
    struct phrase_key *k = &seen[*nterms];
    phrase_key_of(k, t, star);
    for (int i = 0; i < *nterms; i++)
        if (seen[i].prefix == k->prefix && seen[i].len == k->len && memcmp(seen[i].text, k->text, k->len) == 0) return;
    if (out->len) buf_putc(out, ' ');
    buf_putc(out, '"');
    buf_append(out, t->text, t->len);
    buf_putc(out, '"');
    if (star) buf_putc(out, '*');
    (*nterms)++;
}

int store_search_quote(const char *user_query, struct buf *out)
{
    buf_clear(out);
    if (!user_query) return -1;
    const unsigned char *p = (const unsigned char *)user_query;
    size_t n = strlen(user_query), i = 0;
    int nterms = 0;
    struct phrase_key seen[QUOTE_MAX_TERMS];
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
        term_emit(out, &t, prefix, &nterms, seen);
    }
    return out->len ? 0 : -1;
}


/* ---- ranking ---- */

/*
 * poaiss_rank(search_answer): BM25 (k1 1.2, b 0.75) without the inverse document frequency,
 * lower is better, as bm25() and rank.  bm25() weighs each phrase by how many answers hold it,
 * and learns that on its first call by reading every answer that holds each phrase: at 40,000
 * reports 20 ms and more before the first row for two common words, whatever the filters
 * leave.  Every hit holds every phrase anyway (the search ANDs them), so here each phrase
 * weighs the same: the answers where they occur more often, in fewer words, come first.
 *
 * poaiss_rank(search_answer, lengths): with a second argument, a struct store_rank_lengths bound
 * as a pointer (store/internal.h), the answer's length comes from it, not from FTS5's docsize
 * table (a B-tree lookup per match, read from disk again after each write); the same number.
 *
 * poaiss_rank(search_answer, lengths, groups): with a third, a struct store_rank_groups, the
 * query's phrases are counted in groups: a group's frequency is the sum of its phrases'.  A query
 * of words is ranked so (store_fts_rank_query), each word's group being its tokens as phrases of
 * their own, which the term index can count too (store/search_terms.c).
 */
double store_rank_score(const unsigned *tf, int np, int dl, double avgdl)
{
    const double k1 = 1.2, b = 0.75;
    double score = 0, norm = k1 * (1 - b + b * (double)dl / avgdl);
    for (int p = 0; p < np; p++) score += (double)tf[p] * (k1 + 1) / ((double)tf[p] + norm);
    return -score;
}

/* The average length of an answer, in tokens, as FTS5 counts them (1 for an empty index). */
static int avgdl_of(const Fts5ExtensionApi *api, Fts5Context *fc, double *avgdl)
{
    sqlite3_int64 rows = 0, tokens = 0;
    *avgdl = 1.0;
    if (api->xRowCount(fc, &rows) != SQLITE_OK || api->xColumnTotalSize(fc, -1, &tokens) != SQLITE_OK) return -1;
    if (rows > 0) *avgdl = (double)tokens / (double)rows;
    return 0;
}

struct rank_avg { double avgdl; };

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v)
{
    struct rank_avg *avg = api->xGetAuxdata(fc, 0);
    if (!avg) {
        avg = sqlite3_malloc(sizeof *avg);
        if (!avg) { sqlite3_result_error_nomem(ctx); return; }
        avgdl_of(api, fc, &avg->avgdl);
        if (api->xSetAuxdata(fc, avg, sqlite3_free) != SQLITE_OK) { sqlite3_result_error_nomem(ctx); return; }
    }
    int ninst = 0, dl = 0;
    /* The answer's length from the map's table when the caller binds it (a second argument), else from FTS5. */
    const struct store_rank_lengths *len = nval > 0 ? sqlite3_value_pointer(v[0], STORE_RANK_LENGTHS) : NULL;
    if (len) {
        sqlite3_int64 rowid = api->xRowid(fc);
        size_t id = (size_t)(rowid >> 16), qn = (size_t)(rowid & 65535);
        if (rowid > 0 && qn < STORE_RANK_QMAX && id < len->n / STORE_RANK_QMAX) dl = len->v[id * STORE_RANK_QMAX + qn];
    }
    const struct store_rank_groups *groups = nval > 1 ? sqlite3_value_pointer(v[1], STORE_RANK_GROUPS) : NULL;
    if (api->xInstCount(fc, &ninst) != SQLITE_OK || (!dl && api->xColumnSize(fc, -1, &dl) != SQLITE_OK)) {
        sqlite3_result_error(ctx, "poaiss_rank", -1);
        return;
    }
    unsigned tf[STORE_RANK_PHRASES] = { 0 };
    int np = api->xPhraseCount(fc);
    if (np > STORE_RANK_PHRASES) np = STORE_RANK_PHRASES;
    for (int i = 0; i < ninst; i++) {
        int phrase, col, off;
        if (api->xInst(fc, i, &phrase, &col, &off) != SQLITE_OK || phrase < 0 || phrase >= np) continue;
        if (!groups) tf[phrase]++;
        else if (phrase < groups->nphrases) tf[groups->group[phrase]]++;
    }
    sqlite3_result_double(ctx, store_rank_score(tf, groups ? groups->ngroups : np, dl, avg->avgdl));
}

/* poaiss_inst(search_answer): how many times the query's phrases occur in the row (xInstCount). */
static void inst_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v)
{
    (void)nval;
    (void)v;
    int n = 0;
    if (api->xInstCount(fc, &n) != SQLITE_OK) { sqlite3_result_error(ctx, "poaiss_inst", -1); return; }
    sqlite3_result_int(ctx, n);
}

/*
 * poaiss_pos(search_answer): where the query's phrases occur in the row, as a blob of varints (the
 * first position, then each one's distance from the one before), in the order of xInst; NULL when
 * they do not come in ascending order (several phrases), an error when FTS5 fails.  For a query of
 * one term: the term's positions, which the term index keeps (store/search_terms.c).
 */
static void pos_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v)
{
    (void)nval;
    (void)v;
    int n = 0;
    if (api->xInstCount(fc, &n) != SQLITE_OK) { sqlite3_result_error(ctx, "poaiss_pos", -1); return; }
    unsigned char small[256], *out = (size_t)n * 5 <= sizeof small ? small : sqlite3_malloc64((sqlite3_uint64)n * 5);
    if (!out) { sqlite3_result_error_nomem(ctx); return; }
    size_t len = 0;
    int prev = 0;
    bool ascending = true;
    for (int i = 0; i < n && ascending; i++) {
        int phrase, col, off;
        if (api->xInst(fc, i, &phrase, &col, &off) != SQLITE_OK) { n = -1; break; }
        if (off < prev || col != 0) { ascending = false; break; }
        unsigned d = (unsigned)(off - prev);
        while (d >= 0x80) { out[len++] = (unsigned char)(d | 0x80); d >>= 7; }
        out[len++] = (unsigned char)d;
        prev = off;
    }
    if (n < 0) sqlite3_result_error(ctx, "poaiss_pos", -1);
    else if (!ascending) sqlite3_result_null(ctx);
    else sqlite3_result_blob(ctx, len ? out : (const void *)"", (int)len, SQLITE_TRANSIENT);
    if (out != small) sqlite3_free(out);
}

/* poaiss_avgdl(search_answer): the average length poaiss_rank uses. */
static void avgdl_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **v)
{
    (void)nval;
    (void)v;
    double a;
    if (avgdl_of(api, fc, &a) < 0) { sqlite3_result_error(ctx, "poaiss_avgdl", -1); return; }
    sqlite3_result_double(ctx, a);
}

/* ---- the phrases of a quoted query ---- */

/*
 * The next phrase of an FTS5 query as store_search_quote writes it ("word" or "a phrase", then * for a
 * prefix, blanks between) from *p: 1 (text..len, prefix; *p moved past it), 0 at the end, -1 when q is
 * not written so (FTS5 decides what it means).
 */
int store_fts_next_phrase(const char **p, const char **text, size_t *len, bool *prefix)
{
    const char *q = *p;
    while (*q == ' ') q++;
    if (!*q) return 0;
    const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
    if (!end) return -1;
    *prefix = end[1] == '*';
    *text = q + 1;
    *len = (size_t)(end - q - 1);
    q = end + 1 + *prefix;
    if (*q && *q != ' ') return -1;
    *p = q;
    return 1;
}


/* ---- a query of words, ranked by their tokens ---- */

struct rank_spell {
    struct buf *out;
    struct store_rank_groups *g;
    int positions;               /* of the current word */
    bool fail;
};

static int on_rank_token(void *ctx, bool colocated, const char *tok, int n)
{
    struct rank_spell *rs = ctx;
    if (!colocated) rs->positions++;
    if (rs->positions > 1 || n <= 0 || rs->g->nphrases == STORE_RANK_PHRASES) { rs->fail = true; return 1; }
    buf_puts(rs->out, rs->g->nphrases && rs->g->group[rs->g->nphrases - 1] == rs->g->ngroups ? " OR \"" : "\"");
    for (int i = 0; i < n; i++) {
        if (tok[i] == '"') buf_putc(rs->out, '"');
        buf_putc(rs->out, tok[i]);
    }
    buf_putc(rs->out, '"');
    rs->g->group[rs->g->nphrases++] = rs->g->ngroups;
    return 0;
}

int store_fts_rank_query(sqlite3 *db, const char *q, struct buf *out, struct store_rank_groups *g)
{
    g->nphrases = g->ngroups = 0;
    const char *p = q, *text;
    size_t len;
    bool prefix;
    int more;
    while ((more = store_fts_next_phrase(&p, &text, &len, &prefix)) != 0) {
        if (more < 0 || prefix || g->ngroups == STORE_RANK_PHRASES) return 0;
        buf_puts(out, g->ngroups ? " AND (" : "(");
        struct rank_spell rs = { out, g, 0, false };
        int rc = store_fts_query_tokens(db, text, (int)len, false, on_rank_token, &rs);
        if (rc < 0) return -1;
        if (rs.fail || rs.positions != 1) return 0;
        buf_putc(out, ')');
        g->ngroups++;
    }
    return g->ngroups > 0;
}

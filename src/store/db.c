/*
 * db: opening, pragmas, migrations, the statement cache, transactions and backups.
 *
 * Durability: WAL mode; the writer runs with synchronous=FULL so that an acknowledged
 * write survives a crash of the machine, not only of the process (writes here are
 * few and small: reports, accounts).  Readers run with synchronous=NORMAL.
 */
#include "store/excerpts.h"
#include "store/internal.h"
#include "store/search_terms.h"
#include "util/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "util/buf.h"
#include "util/embed.h"
#include "util/text.h"
#include "util/mem.h"

static _Thread_local struct store_conn *tl_reader;
static _Thread_local struct store *tl_store;
static _Thread_local unsigned tl_generation;
static unsigned next_generation = 1;

void store_log_error(sqlite3 *db, const char *where)
{
    /* A statement interrupted by this thread's query budget (budget.c) is the budget at work, not a fault: the
       request is answered 503 "try a narrower query" and the access log shows it; nothing for the operator here. */
    if (db && sqlite3_errcode(db) == SQLITE_INTERRUPT && store_budget_exceeded()) return;
    fprintf(stderr, "poaiss: database error in %s: %s\n", where, db ? sqlite3_errmsg(db) : "no connection");
}

const char *store_col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* SQL function fold(text): see text_fold(). */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    struct buf b = BUF_INIT;
    text_fold(&b, s ? s : "", (size_t)sqlite3_value_bytes(argv[0]));
    size_t len;
    char *out = buf_steal(&b, &len);
    sqlite3_result_text(ctx, out, (int)len, free);
}

/* SQL function poaiss_bulk(): 1 while this connection runs a bulk write (migration 0005). */
static void sql_bulk(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; (void)argv;
    const struct store_conn *c = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, c->bulk);
}

/* SQLite keeps memory statistics by default, under a global mutex taken at each of its
   allocations (several per row written); nothing reads them here (no soft heap limit, no
   sqlite3_memory_used).  Off, an import of 10,000 reports does about 4% less work, and a search
   about 8% (the threads' connections contended for it).  Set before SQLite starts (store_open,
   store_conn_open); afterwards SQLITE_MISUSE, harmless. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

int store_conn_open(struct store_conn *c, const char *path, int flags, bool writer, char *err, size_t errlen)
{
    pthread_once(&sqlite_once, sqlite_configure);
    memset(c, 0, sizeof *c);
    if (sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        c->db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(c->db, 5000);
    sqlite3_create_function_v2(c->db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
                               NULL, NULL, NULL);
    sqlite3_create_function_v2(c->db, "poaiss_bulk", 0, SQLITE_UTF8, c, sql_bulk, NULL, NULL, NULL);
    sqlite3_extended_result_codes(c->db, 1);
    store_fts_register(c->db);
    store_search_scan_register(c->db);
    if (writer) store_bulk_rows_register(c->db);
    if (!writer) sqlite3_progress_handler(c->db, STORE_BUDGET_STEPS, store_budget_progress, NULL);   /* budget.c */
    /* Readers read with pread, not through a mapping: in WAL mode SQLite unmaps a connection's whole
       mapping at its first read after any commit (its own process's too), and the next reads fault the
       pages in again.  At 40,000 reports, a search asked just after a write took 9.6 ms with 256 MB
       mapped, 12.6 with the whole file, 6.9 without (`firearms destroyed`, p50); the analysis pages,
       which read more pages, took 2-7 ms longer without, far inside their goal (README). */
    const char *pragmas = writer
        ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456;"
        : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=0; PRAGMA query_only=ON;";
    char *msg = NULL;
    if (sqlite3_exec(c->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot set up %s: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(c->db);
        c->db = NULL;
        return -1;
    }
    return 0;
}

void store_conn_close(struct store_conn *c)
{
    for (int i = 0; i < c->ncache; i++) sqlite3_finalize(c->cache[i].stmt);
    c->ncache = 0;
    store_search_memo_free(c->memo);
    c->memo = NULL;
    store_report_map_release(c->rmap);
    c->rmap = NULL;
    store_excerpts_close(c);
    if (c->db) sqlite3_close(c->db);
    c->db = NULL;
}

sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql)
{
    for (int i = 0; i < c->ncache; i++)
        if (c->cache[i].sql == sql) return c->cache[i].stmt;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        store_log_error(c->db, sql);
        return NULL;
    }
    if (c->ncache < STORE_STMT_CACHE) {
        c->cache[c->ncache].sql = sql;
        c->cache[c->ncache].stmt = st;
        c->ncache++;
    } else {
        mem_die(__FILE__, __LINE__, "statement cache full: raise STORE_STMT_CACHE");
    }
    return st;
}

void store_done(sqlite3_stmt *st)
{
    if (!st) return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

struct store_conn *store_reader(struct store *s)
{
    if (tl_reader && tl_store == s && tl_generation == s->generation) return tl_reader;
    struct store_conn *c = xcalloc(1, sizeof *c);
    char err[256];
    if (store_conn_open(c, s->path, SQLITE_OPEN_READONLY, false, err, sizeof err) < 0) {
        fprintf(stderr, "poaiss: %s\n", err);
        free(c);
        return NULL;
    }
    pthread_mutex_lock(&s->readers_lock);
    c->next = s->readers;
    s->readers = c;
    pthread_mutex_unlock(&s->readers_lock);
    tl_reader = c;
    tl_store = s;
    tl_generation = s->generation;
    return c;
}

struct store_conn *store_writer(struct store *s)
{
    POAISS_ASSERT(s->in_tx);
    return &s->writer;
}

static int exec(struct store *s, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(s->writer.db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(s->writer.db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int user_version(struct store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->writer.db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* Apply embedded migrations/NNNN_*.sql above the database's user_version, each in its own transaction. */
static int migrate(struct store *s, char *err, size_t errlen)
{
    int have = user_version(s);
    if (have < 0) { snprintf(err, errlen, "%s is not a poaiss database", s->path); return -1; }
    int latest = 0;
    for (const struct embed_file *f = embed_files; f->name; f++) {
        if (strncmp(f->name, "migrations/", 11) != 0) continue;
        int n = atoi(f->name + 11);
        if (n > latest) latest = n;
    }
    if (have > latest) {
        snprintf(err, errlen, "%s has schema version %d, newer than this program knows (%d)", s->path, have, latest);
        return -1;
    }
    for (int v = have + 1; v <= latest; v++) {
        const struct embed_file *mig = NULL;
        for (const struct embed_file *f = embed_files; f->name; f++)
            if (strncmp(f->name, "migrations/", 11) == 0 && atoi(f->name + 11) == v) mig = f;
        if (!mig) { snprintf(err, errlen, "migration %04d is missing", v); return -1; }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d;", v);
        char e2[512];
        if (exec(s, "BEGIN IMMEDIATE", e2, sizeof e2) < 0 || exec(s, (const char *)mig->data, e2, sizeof e2) < 0 ||
            exec(s, pragma, e2, sizeof e2) < 0 || exec(s, "COMMIT", e2, sizeof e2) < 0) {
            exec(s, "ROLLBACK", pragma, sizeof pragma);
            snprintf(err, errlen, "migration %s failed: %s", mig->name, e2);
            return -1;
        }
    }
    return 0;
}

struct store *store_open(const char *path, bool create, char *err, size_t errlen)
{
    pthread_once(&sqlite_once, sqlite_configure);
    struct store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    pthread_mutex_init(&s->wlock, NULL);
    pthread_mutex_init(&s->readers_lock, NULL);
    pthread_mutex_init(&s->rmap_lock, NULL);
    s->generation = __atomic_fetch_add(&next_generation, 1, __ATOMIC_RELAXED);
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (store_conn_open(&s->writer, path, flags, true, err, errlen) < 0 || migrate(s, err, errlen) < 0) {
        store_conn_close(&s->writer);
        pthread_mutex_destroy(&s->wlock);
        pthread_mutex_destroy(&s->readers_lock);
        pthread_mutex_destroy(&s->rmap_lock);
        free(s->path);
        free(s);
        return NULL;
    }
    return s;
}

void store_close(struct store *s)
{
    if (!s) return;
    store_search_terms_stop(s);
    struct store_conn *c = s->readers;
    while (c) {
        struct store_conn *next = c->next;
        store_conn_close(c);
        free(c);
        c = next;
    }
    if (tl_store == s) { tl_reader = NULL; tl_store = NULL; }
    sqlite3_exec(s->writer.db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;", NULL, NULL, NULL);
    store_conn_close(&s->writer);
    pthread_mutex_destroy(&s->wlock);
    pthread_mutex_destroy(&s->readers_lock);
    store_report_map_release(s->rmap);
    pthread_mutex_destroy(&s->rmap_lock);
    free(s->path);
    free(s);
}

int store_schema_version(struct store *s)
{
    pthread_mutex_lock(&s->wlock);
    int v = user_version(s);
    pthread_mutex_unlock(&s->wlock);
    return v;
}

int store_bulk_cache(struct store *s, int megabytes)
{
#ifdef __GLIBC__
    /* A bulk write allocates and frees large blocks (pages, sorter runs, FTS5 buffers) all along: by
       default glibc hands the top of the heap back to the system at each large free and takes it
       again at the next allocation, and those page faults and TLB flushes were a third of an
       import's time (10,000 reports: 9.3 s of system time, 3.1 s after).  The program is a
       command-line run here (import, demo): keep what is freed until it exits. */
    if (megabytes > 0) {
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 64 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    }
#endif
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", megabytes > 0 ? -megabytes * 1024 : -2000);
    pthread_mutex_lock(&s->wlock);
    int rc = sqlite3_exec(s->writer.db, sql, NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wlock);
    return rc == SQLITE_OK ? 0 : -1;
}

int store_tx_begin(struct store *s)
{
    pthread_mutex_lock(&s->wlock);
    if (sqlite3_exec(s->writer.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        store_log_error(s->writer.db, "BEGIN IMMEDIATE");
        pthread_mutex_unlock(&s->wlock);
        return -1;
    }
    s->in_tx = 1;
    s->tx_changes = sqlite3_total_changes64(s->writer.db);
    return 0;
}

int store_tx_commit(struct store *s)
{
    POAISS_ASSERT(s->in_tx);
    int rc = sqlite3_exec(s->writer.db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        store_log_error(s->writer.db, "COMMIT");
        sqlite3_exec(s->writer.db, "ROLLBACK", NULL, NULL, NULL);
    }
    s->in_tx = 0;
    /* After the commit, never before: a reader that took the old number may have cached the old data under it.
       Only a transaction that changed a row: a sign-in that only reads must not empty the response cache. */
    if (sqlite3_total_changes64(s->writer.db) != s->tx_changes) __atomic_fetch_add(&s->data_generation, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&s->wlock);
    return rc == SQLITE_OK ? 0 : -1;
}

void store_tx_rollback(struct store *s)
{
    POAISS_ASSERT(s->in_tx);
    sqlite3_exec(s->writer.db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    pthread_mutex_unlock(&s->wlock);
}

int store_tx_end(struct store *s, bool ok)
{
    if (!ok) {
        store_tx_rollback(s);
        return -1;
    }
    return store_tx_commit(s);
}

/* fsync a file, or the directory holding it (dir true), so that a rename onto it survives a power cut. */
static int sync_path(const char *path, bool dir)
{
    char d[4096];
    if (dir) {
        const char *slash = strrchr(path, '/');
        if (!slash) snprintf(d, sizeof d, ".");
        else snprintf(d, sizeof d, "%.*s", slash == path ? 1 : (int)(slash - path), path);
        path = d;
    }
    int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int store_backup(struct store *s, const char *to, const char *tmp, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    int rc = SQLITE_OK;
    bool placed = false;
    char own[4096];
    if (!tmp) {   /* no temporary file from the caller: one of our own beside the target */
        int fd = -1;
        if ((size_t)snprintf(own, sizeof own, "%s.partial-XXXXXX", to) < sizeof own) fd = mkstemp(own);
        if (fd < 0) { snprintf(err, errlen, "cannot create a file beside %s: %s", to, strerror(errno)); return -1; }
        close(fd);
        tmp = own;
    }
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
        goto fail;
    }
    /* The temporary file is thrown away on any failure and synced once at the end: no journal needed. */
    sqlite3_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL);
    pthread_mutex_lock(&s->wlock);
    b = sqlite3_backup_init(dst, "main", s->writer.db, "main");
    if (b) {
        /* One step of all pages: one read transaction, so one consistent snapshot that a commit
         * elsewhere cannot restart (WAL: readers never wait for the writer). */
        for (int tries = 0; tries < 50; tries++) {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            sqlite3_sleep(100);
        }
        int frc = sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE) rc = frc;
    } else {
        rc = sqlite3_errcode(dst);
    }
    pthread_mutex_unlock(&s->wlock);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "backup to %s failed: %s", to, sqlite3_errstr(rc));
        goto fail;
    }
    /* A copy is one self-contained file (rollback journal): checking or opening it leaves no -wal beside it;
     * the server puts it back in WAL mode when it opens it. */
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "backup to %s failed: %s", to, sqlite3_errmsg(dst));
        goto fail;
    }
    if (sqlite3_close(dst) != SQLITE_OK) { dst = NULL; snprintf(err, errlen, "backup to %s failed while closing", to); goto fail; }
    dst = NULL;
    if (sync_path(tmp, false) < 0) { snprintf(err, errlen, "cannot sync %s: %s", tmp, strerror(errno)); goto fail; }
    /* link() + unlink() rather than rename(): never replaces a file that appeared meanwhile. */
    if (link(tmp, to) == 0) {
        unlink(tmp);
    } else if (errno == EEXIST) {
        snprintf(err, errlen, "%s exists; choose a new file", to);
        goto fail;
    } else if (rename(tmp, to) < 0) {   /* a file system without hard links */
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, to, strerror(errno));
        goto fail;
    }
    placed = true;
    sync_path(to, true);
    return 0;
fail:
    if (dst) sqlite3_close(dst);
    if (!placed) unlink(tmp);
    return -1;
}

/* A write by another process (the sqlite3 shell, a second poaiss) is seen within this many microseconds.
   Polling on every request took a read transaction and its shared-memory locks (fcntl): under wrk, 17 %
   of a cached answer's CPU. */
#define DATA_VERSION_POLL_US 1000

static long long monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

unsigned long store_data_generation(struct store *s)
{
    /* This process's writes bump the number in store_tx_commit; another's are seen by PRAGMA data_version,
       asked by one thread at a time at most once every DATA_VERSION_POLL_US. */
    long long now = monotonic_us(), last = __atomic_load_n(&s->data_polled_us, __ATOMIC_ACQUIRE);
    if (now - last < DATA_VERSION_POLL_US ||
        !__atomic_compare_exchange_n(&s->data_polled_us, &last, now, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return __atomic_load_n(&s->data_generation, __ATOMIC_ACQUIRE);
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, "PRAGMA data_version") : NULL;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        long long v = sqlite3_column_int64(st, 0);
        if (v != c->data_version) {
            c->data_version = v;
            __atomic_fetch_add(&s->data_generation, 1, __ATOMIC_ACQ_REL);
        }
    } else {
        __atomic_fetch_add(&s->data_generation, 1, __ATOMIC_ACQ_REL);   /* unsure: invalidate */
    }
    store_done(st);
    return __atomic_load_n(&s->data_generation, __ATOMIC_ACQUIRE);
}

bool store_is_initialised(struct store *s)
{
    struct store_conn *c = store_reader(s);
    if (!c) return false;
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM state");
    bool ok = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    store_done(st);
    return ok;
}

void *store_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) return v;
    size_t c = *cap ? *cap * 2 : 16;
    v = arena_grow(a, v, n, c, size);
    *cap = c;
    return v;
}

/*
 * store/target: voluntary targets and their recorded progress (see store/target.h).
 */
#include "store/target.h"

#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

/* The place's name: the State's (state_name in ?1, else English) or the region's (ref_name in ?1, else English). */
#define TARGET_COLS \
    "t.id, t.state_iso3, t.region, " \
    "CASE WHEN t.state_iso3 IS NOT NULL THEN coalesce(sn.name, st.name) " \
    "     ELSE coalesce((SELECT ln.name FROM ref_name ln WHERE ln.kind = 'region' AND ln.code = t.region AND ln.lang = ?1), rg.name) END, " \
    "t.title, t.paragraphs, t.indicator, t.question, t.unit, t.notes, t.status, t.baseline_value, t.baseline_year, " \
    "t.target_value, t.target_year, t.synthetic, t.created_by, t.created_at, t.updated_at "
#define TARGET_FROM \
    "FROM target t LEFT JOIN state st ON st.iso3 = t.state_iso3 " \
    "LEFT JOIN state_name sn ON sn.iso3 = t.state_iso3 AND sn.lang = ?1 " \
    "LEFT JOIN region rg ON rg.code = t.region "

static void target_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_target *t = elem;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    t->iso3 = DUP(a, store_col(st, 1));
    t->region = DUP(a, store_col(st, 2));
    t->place_name = DUP(a, store_col(st, 3));
    t->title = DUP(a, store_col(st, 4));
    t->paragraphs = DUP(a, store_col(st, 5));
    t->indicator = DUP(a, store_col(st, 6));
    t->question = DUP(a, store_col(st, 7));
    t->unit = DUP(a, store_col(st, 8));
    t->notes = DUP(a, store_col(st, 9));
    t->status = DUP(a, store_col(st, 10));
    t->has_baseline = sqlite3_column_type(st, 11) != SQLITE_NULL;
    t->baseline_value = sqlite3_column_double(st, 11);
    t->baseline_year = sqlite3_column_int(st, 12);
    t->target_value = sqlite3_column_double(st, 13);
    t->target_year = sqlite3_column_int(st, 14);
    t->synthetic = sqlite3_column_int(st, 15) != 0;
    t->created_by = sqlite3_column_int64(st, 16);
    t->created_at = DUP(a, store_col(st, 17));
    t->updated_at = DUP(a, store_col(st, 18));
}

int store_targets_list(struct store *s, struct arena *a, const char *lang, const struct store_target_filter *f,
                       struct store_target **out, size_t *n)
{
    static const char SQL[] =
        "SELECT " TARGET_COLS TARGET_FROM
        "WHERE (?2 IS NULL OR t.state_iso3 = ?2) "
        "  AND (?3 IS NULL OR ?3 IN (st.region, st.subregion, st.intermediate) OR t.region = ?3 "
        "       OR t.region IN (SELECT parent FROM region WHERE code = ?3) "
        "       OR t.region IN (SELECT r2.parent FROM region r1 JOIN region r2 ON r2.code = r1.parent WHERE r1.code = ?3)) "
        "  AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(t.paragraphs) p WHERE p.value = ?4)) "
        "  AND (?5 IS NULL OR t.status = ?5) "
        "ORDER BY t.state_iso3 IS NULL, 4, t.id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        store_bind_text(st, 2, f->iso3);
        store_bind_text(st, 3, f->region);
        store_bind_text(st, 4, f->paragraph);
        store_bind_text(st, 5, f->status);
    }
    return store_rows(st, a, sizeof **out, target_row, NULL, out, n, "targets list");
}

int store_target_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_target *out)
{
    static const char SQL[] = "SELECT " TARGET_COLS TARGET_FROM "WHERE t.id = ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        store_bind_text(st, 1, lang ? lang : "en");
        sqlite3_bind_int64(st, 2, id);
    }
    return store_row(st, a, target_row, NULL, out, "target get");
}

long long store_target_save(struct store *s, const struct store_target *t)
{
    static const char INS[] =
        "INSERT INTO target (state_iso3, region, title, paragraphs, indicator, question, unit, notes, status, baseline_value, "
        "  baseline_year, target_value, target_year, synthetic, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
    static const char UPD[] =
        "UPDATE target SET state_iso3 = ?1, region = ?2, title = ?3, paragraphs = ?4, indicator = ?5, question = ?6, unit = ?7, "
        "  notes = ?8, status = ?9, baseline_value = ?10, baseline_year = ?11, target_value = ?12, target_year = ?13, "
        "  synthetic = ?14, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?16";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, t->id ? UPD : INS) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, t->iso3);
    store_bind_text(st, 2, t->region);
    store_bind_text(st, 3, t->title);
    store_bind_text(st, 4, t->paragraphs ? t->paragraphs : "[]");
    store_bind_text(st, 5, t->indicator);
    store_bind_text(st, 6, t->question);
    store_bind_text(st, 7, t->unit ? t->unit : "");
    store_bind_text(st, 8, t->notes ? t->notes : "");
    store_bind_text(st, 9, t->status ? t->status : "active");
    if (t->has_baseline) sqlite3_bind_double(st, 10, t->baseline_value);
    else sqlite3_bind_null(st, 10);
    if (t->baseline_year) sqlite3_bind_int(st, 11, t->baseline_year);
    else sqlite3_bind_null(st, 11);
    sqlite3_bind_double(st, 12, t->target_value);
    sqlite3_bind_int(st, 13, t->target_year);
    sqlite3_bind_int(st, 14, t->synthetic);
    if (t->id) sqlite3_bind_int64(st, 16, t->id);
    else if (t->created_by > 0) sqlite3_bind_int64(st, 15, t->created_by);
    else sqlite3_bind_null(st, 15);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(c->db, "target save");
    store_done(st);
    if (rc != SQLITE_DONE) return -1;
    return t->id ? t->id : sqlite3_last_insert_rowid(c->db);
}

long long store_target_progress_add(struct store *s, const struct store_target_progress *p)
{
    static const char SQL[] =
        "INSERT INTO target_progress (target_id, value, year, date, note, synthetic, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, p->target_id);
    sqlite3_bind_double(st, 2, p->value);
    sqlite3_bind_int(st, 3, p->year);
    store_bind_text(st, 4, p->date);
    store_bind_text(st, 5, p->note ? p->note : "");
    sqlite3_bind_int(st, 6, p->synthetic);
    if (p->recorded_by > 0) sqlite3_bind_int64(st, 7, p->recorded_by);
    else sqlite3_bind_null(st, 7);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(c->db, "target progress add");
    store_done(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(c->db) : -1;
}

static void progress_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_target_progress *p = elem;
    p->id = sqlite3_column_int64(st, 0);
    p->target_id = sqlite3_column_int64(st, 1);
    p->value = sqlite3_column_double(st, 2);
    p->year = sqlite3_column_int(st, 3);
    p->date = DUP(a, store_col(st, 4));
    p->note = DUP(a, store_col(st, 5));
    p->created_at = DUP(a, store_col(st, 6));
    p->synthetic = sqlite3_column_int(st, 7) != 0;
    p->recorded_by = sqlite3_column_int64(st, 8);
}

int store_target_progress_list(struct store *s, struct arena *a, long long target_id, struct store_target_progress **out,
                               size_t *n)
{
    static const char SQL[] =
        "SELECT id, target_id, value, year, date, note, created_at, synthetic, recorded_by FROM target_progress "
        "WHERE target_id = ?1 ORDER BY year, coalesce(date, ''), id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, target_id);
    return store_rows(st, a, sizeof **out, progress_row, NULL, out, n, "target progress list");
}

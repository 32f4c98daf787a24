/*
 * store/cycle: reporting cycles and the meetings that close them.  Rows only: whether a
 * cycle is open, past its deadline or closed is decided by domain/cycle.c from the dates.
 * Writes run on the writer inside the caller's transaction.
 */
#include <stdbool.h>
#include <string.h>

#include "store/internal.h"
#include "util/arena.h"

#define CYCLE_COLS "SELECT c.year, c.meeting, m.name, m.kind, m.starts, m.ends, c.opens, c.deadline, " \
                   "coalesce(c.template_year, 0) FROM cycle c LEFT JOIN meeting m ON m.code = c.meeting "

static int step_changes(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    int n = rc == SQLITE_DONE ? sqlite3_changes(sqlite3_db_handle(st)) : -1;
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return n < 0 ? -1 : n > 0 ? 1 : 0;
}

int store_cycles_each(struct store *s, int (*cb)(const struct store_cycle *, void *), void *ctx)
{
    static const char SQL[] = CYCLE_COLS "ORDER BY c.year DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_cycle r = {
            sqlite3_column_int(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3), store_col(st, 4),
            store_col(st, 5), store_col(st, 6), store_col(st, 7), sqlite3_column_int(st, 8),
        };
        if (cb(&r, ctx)) break;
    }
    int ret = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
    if (ret < 0) store_log_error(c->db, __func__);
    store_done(st);
    return ret;
}

/*
 * The one statement that adds a cycle.  A benchmark cycle (2100 ...: `poaiss demo --scale`,
 * their import) is added unless it exists; a real cycle only after every existing real one
 * (after_every), benchmark cycles not counting as cycles a real one must follow.
 */
static int cycle_row_add(struct store *s, int year, const char *meeting, const char *opens, const char *deadline,
                         int template_year, bool after_every, const char *where)
{
    static const char SQL[] =
        "INSERT INTO cycle(year, meeting, opens, deadline, template_year) "
        "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS "
        "(SELECT 1 FROM cycle WHERE year = ?1 OR (?6 AND year > ?1 AND year < 2100))";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    store_bind_text(st, 2, meeting);
    store_bind_text(st, 3, opens);
    store_bind_text(st, 4, deadline);
    if (template_year) sqlite3_bind_int(st, 5, template_year);
    else sqlite3_bind_null(st, 5);
    sqlite3_bind_int(st, 6, after_every);
    return step_changes(st, where);
}

int store_cycle_add(struct store *s, int year, const char *opens, const char *deadline)
{
    return cycle_row_add(s, year, NULL, opens, deadline, 0, false, __func__);
}

int store_cycle_insert(struct store *s, int year, const char *meeting, const char *opens, const char *deadline,
                       int template_year)
{
    return cycle_row_add(s, year, meeting, opens, deadline, template_year, true, __func__);
}

int store_cycle_dates_set(struct store *s, int year, const char *opens, const char *deadline)
{
    static const char SQL[] = "UPDATE cycle SET opens = ?2, deadline = ?3 WHERE year = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    store_bind_text(st, 2, opens);
    store_bind_text(st, 3, deadline);
    return step_changes(st, __func__);
}

int store_meeting_read(struct store *s, struct arena *a, const char *code, struct store_meeting *out)
{
    static const char SQL[] = "SELECT m.code, m.kind, m.name, m.starts, m.ends, m.year, "
                              "coalesce((SELECT year FROM cycle WHERE meeting = m.code), 0) FROM meeting m WHERE m.code = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, code);
    int rc = sqlite3_step(st), ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
    if (ret == 0) {
        *out = (struct store_meeting){
            arena_strdup(a, store_col(st, 0)), arena_strdup(a, store_col(st, 1)), arena_strdup(a, store_col(st, 2)),
            arena_strdup(a, store_col(st, 3)), arena_strdup(a, store_col(st, 4)), sqlite3_column_int(st, 5),
            sqlite3_column_int(st, 6),
        };
    } else if (ret < 0) {
        store_log_error(c->db, __func__);
    }
    store_done(st);
    return ret;
}

int store_meeting_add(struct store *s, const struct store_meeting *m)
{
    static const char SQL[] = "INSERT INTO meeting(code, kind, name, starts, ends, year) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                              "ON CONFLICT(code) DO NOTHING";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, m->code);
    store_bind_text(st, 2, m->kind);
    store_bind_text(st, 3, m->name);
    store_bind_text(st, 4, m->starts);
    store_bind_text(st, 5, m->ends);
    sqlite3_bind_int(st, 6, m->year);
    return step_changes(st, __func__);
}

int store_meeting_dates_set(struct store *s, const char *code, const char *starts, const char *ends)
{
    static const char SQL[] = "UPDATE meeting SET starts = ?2, ends = ?3, year = CAST(substr(?2, 1, 4) AS INTEGER) "
                              "WHERE code = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, starts);
    store_bind_text(st, 3, ends);
    return step_changes(st, __func__);
}

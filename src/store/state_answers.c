/*
 * state_answers: one State's published answers, cycle by cycle (the "what changed" view).
 * Only published versions are read, never the working answers of a draft: for each report
 * of the State with a publication, its latest published version (report.version).
 */
#include "store/internal.h"

int store_state_published_each(struct store *s, const char *iso3,
                               int (*cb)(const struct store_published *p, void *ctx), void *ctx)
{
    static const char SQL[] =
        "SELECT r.id, r.cycle, r.version, r.synthetic, r.language, v.published_at, v.answers "
        "FROM report r JOIN report_version v ON v.report_id = r.id AND v.version = r.version "
        "WHERE r.state_iso3 = ?1 AND r.version > 0 ORDER BY r.cycle";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_published p = {
            sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
            sqlite3_column_int(st, 3) != 0, store_col(st, 4), store_col(st, 5), store_col(st, 6),
        };
        if (cb(&p, ctx)) break;
    }
    store_done(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    store_log_error(c->db, "state published answers");
    return -1;
}

/*
 * store/baseline: joint baseline assessments, their partners and findings (see store/baseline.h).
 */
#include "store/baseline.h"

#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

/* ---------------------------------------------------------------- reads */

int store_baseline_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_baseline *out)
{
    static const char SQL[] =
        "SELECT b.id, b.request_id, b.status, b.note, b.summary, b.state_public, b.synthetic, b.created_by, b.completed_by, "
        "  b.created_at, b.completed_at, b.updated_at, q.state_iso3, coalesce(sn.name, st.name), q.title, q.status, q.stage, "
        "  q.category "
        "FROM baseline b JOIN request q ON q.id = b.request_id JOIN state st ON st.iso3 = q.state_iso3 "
        "LEFT JOIN state_name sn ON sn.iso3 = q.state_iso3 AND sn.lang = ?2 "
        "WHERE b.id = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, lang ? lang : "en");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->request_id = sqlite3_column_int64(st, 1);
        out->status = DUP(a, store_col(st, 2));
        out->note = DUP(a, store_col(st, 3));
        out->summary = DUP(a, store_col(st, 4));
        out->state_public = sqlite3_column_int(st, 5) != 0;
        out->synthetic = sqlite3_column_int(st, 6) != 0;
        out->created_by = sqlite3_column_int64(st, 7);
        out->completed_by = sqlite3_column_int64(st, 8);
        out->created_at = DUP(a, store_col(st, 9));
        out->completed_at = DUP(a, store_col(st, 10));
        out->updated_at = DUP(a, store_col(st, 11));
        out->iso3 = DUP(a, store_col(st, 12));
        out->state_name = DUP(a, store_col(st, 13));
        out->request_title = DUP(a, store_col(st, 14));
        out->request_status = DUP(a, store_col(st, 15));
        out->request_stage = DUP(a, store_col(st, 16));
        out->request_category = DUP(a, store_col(st, 17));
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, "baseline get");
    }
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static void baseline_partners_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_baseline_partner *p = elem;
    p->partner_id = sqlite3_column_int64(st, 0);
    p->code = DUP(a, store_col(st, 1));
    p->name = DUP(a, store_col(st, 2));
    p->kind = DUP(a, store_col(st, 3));
    p->agrees_public = sqlite3_column_int(st, 4) != 0;
}

int store_baseline_partners(struct store *s, struct arena *a, long long id, struct store_baseline_partner **out, size_t *n)
{
    static const char SQL[] =
        "SELECT p.id, p.code, p.name, p.kind, bp.agrees_public FROM baseline_partner bp JOIN partner p ON p.id = bp.partner_id "
        "WHERE bp.baseline_id = ?1 ORDER BY p.name, p.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, id);
    return store_rows(st, a, sizeof **out, baseline_partners_row, NULL, out, n, "baseline partners");
}

static void baseline_findings_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_baseline_finding *f = elem;
    f->party = sqlite3_column_int64(st, 0);
    f->category = DUP(a, store_col(st, 1));
    f->findings = DUP(a, store_col(st, 2));
    f->needs = DUP(a, store_col(st, 3));
    f->capacities = DUP(a, store_col(st, 4));
    f->updated_at = DUP(a, store_col(st, 5));
    f->updated_by = sqlite3_column_int64(st, 6);
}

int store_baseline_findings(struct store *s, struct arena *a, long long id, struct store_baseline_finding **out, size_t *n)
{
    static const char SQL[] =
        "SELECT party, category, findings, needs, capacities, updated_at, updated_by FROM baseline_finding "
        "WHERE baseline_id = ?1 ORDER BY category, party";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, id);
    return store_rows(st, a, sizeof **out, baseline_findings_row, NULL, out, n, "baseline findings");
}

int store_baselines_of_request(struct store *s, struct arena *a, long long request_id, long long **out, size_t *n)
{
    static const char SQL[] = "SELECT id FROM baseline WHERE request_id = ?1 ORDER BY id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, request_id);
    return store_rows(st, a, sizeof **out, store_row_id, NULL, out, n, "baselines of request");
}

int store_baselines_open_count(struct store *s, long long request_id)
{
    static const char SQL[] = "SELECT count(*) FROM baseline WHERE request_id = ?1 AND status = 'open'";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, request_id);
    int rc = sqlite3_step(st), count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    if (rc != SQLITE_ROW) store_log_error(c->db, "baselines open count");
    store_done(st);
    return count;
}

static void partner_choices_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_partner_choice *p = elem;
    p->id = sqlite3_column_int64(st, 0);
    p->code = DUP(a, store_col(st, 1));
    p->name = DUP(a, store_col(st, 2));
    p->kind = DUP(a, store_col(st, 3));
    p->interested = sqlite3_column_int(st, 4) != 0;
}

int store_partner_choices(struct store *s, struct arena *a, long long request_id, struct store_partner_choice **out, size_t *n)
{
    static const char SQL[] =
        "SELECT p.id, p.code, p.name, p.kind, "
        "  EXISTS (SELECT 1 FROM interest i WHERE i.request_id = ?1 AND i.partner_id = p.id AND i.status <> 'withdrawn') AS x "
        "FROM partner p ORDER BY x DESC, p.name, p.id";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) sqlite3_bind_int64(st, 1, request_id);
    return store_rows(st, a, sizeof **out, partner_choices_row, NULL, out, n, "partner choices");
}

int store_baseline_request_state(struct store *s, struct arena *a, long long request_id, const char **iso3, const char **status,
                                 const char **stage)
{
    static const char SQL[] = "SELECT state_iso3, status, stage FROM request WHERE id = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, request_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *iso3 = DUP(a, store_col(st, 0));
        *status = DUP(a, store_col(st, 1));
        *stage = DUP(a, store_col(st, 2));
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, "baseline request state");
    }
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* ---------------------------------------------------------------- writes */

long long store_baseline_add(struct store *s, long long request_id, const char *note, long long user_id, bool synthetic)
{
    static const char SQL[] = "INSERT INTO baseline (request_id, note, created_by, synthetic) VALUES (?1, ?2, ?3, ?4)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, request_id);
    store_bind_text(st, 2, note ? note : "");
    if (user_id > 0) sqlite3_bind_int64(st, 3, user_id);
    else sqlite3_bind_null(st, 3);
    sqlite3_bind_int(st, 4, synthetic);
    if (store_step_done(st, "baseline add") < 0) return -1;
    return sqlite3_last_insert_rowid(c->db);
}

int store_baseline_partner_add(struct store *s, long long id, long long partner_id)
{
    static const char SQL[] = "INSERT OR IGNORE INTO baseline_partner (baseline_id, partner_id) VALUES (?1, ?2)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, partner_id);
    return store_step_done(st, "baseline partner add");
}

static int touch(struct store_conn *c, long long id)
{
    static const char SQL[] = "UPDATE baseline SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_done(st, "baseline touch");
}

int store_baseline_finding_set(struct store *s, long long id, long long party, const char *category, const char *findings,
                               const char *needs, const char *capacities, long long user_id)
{
    static const char SET[] =
        "INSERT INTO baseline_finding (baseline_id, party, category, findings, needs, capacities, updated_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (baseline_id, party, category) DO UPDATE SET findings = excluded.findings, needs = excluded.needs, "
        "  capacities = excluded.capacities, updated_by = excluded.updated_by, "
        "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
    static const char DEL[] = "DELETE FROM baseline_finding WHERE baseline_id = ?1 AND party = ?2 AND category = ?3";
    bool empty = !(findings && *findings) && !(needs && *needs) && !(capacities && *capacities);
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, empty ? DEL : SET);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, party);
    store_bind_text(st, 3, category);
    if (!empty) {
        store_bind_text(st, 4, findings ? findings : "");
        store_bind_text(st, 5, needs ? needs : "");
        store_bind_text(st, 6, capacities ? capacities : "");
        if (user_id > 0) sqlite3_bind_int64(st, 7, user_id);
        else sqlite3_bind_null(st, 7);
    }
    if (store_step_done(st, "baseline finding set") < 0) return -1;
    return touch(c, id);
}

int store_baseline_agree(struct store *s, long long id, long long party, bool agrees)
{
    static const char STATE[] = "UPDATE baseline SET state_public = ?2 WHERE id = ?1";
    static const char PARTNER[] = "UPDATE baseline_partner SET agrees_public = ?2 WHERE baseline_id = ?1 AND partner_id = ?3";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, party == 0 ? STATE : PARTNER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, agrees);
    if (party != 0) sqlite3_bind_int64(st, 3, party);
    if (store_step_done(st, "baseline agree") < 0) return -1;
    if (sqlite3_changes(c->db) == 0) return 1;
    return touch(c, id);
}

int store_baseline_agreements_clear(struct store *s, long long id, long long keep_party)
{
    static const char STATE[] = "UPDATE baseline SET state_public = 0 WHERE id = ?1 AND ?2 <> 0";
    static const char PARTNERS[] = "UPDATE baseline_partner SET agrees_public = 0 WHERE baseline_id = ?1 AND partner_id <> ?2";
    struct store_conn *c = store_writer(s);
    const char *const sqls[2] = { STATE, PARTNERS };
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = store_stmt(c, sqls[i]);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, keep_party);
        if (store_step_done(st, "baseline agreements clear") < 0) return -1;
    }
    return 0;
}

int store_baseline_summary_set(struct store *s, long long id, const char *summary, bool complete, long long user_id)
{
    static const char SQL[] =
        "UPDATE baseline SET summary = ?2, "
        "  status = CASE WHEN ?3 THEN 'completed' ELSE status END, "
        "  completed_at = CASE WHEN ?3 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE completed_at END, "
        "  completed_by = CASE WHEN ?3 THEN ?4 ELSE completed_by END, "
        "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, summary ? summary : "");
    sqlite3_bind_int(st, 3, complete);
    if (user_id > 0) sqlite3_bind_int64(st, 4, user_id);
    else sqlite3_bind_null(st, 4);
    return store_step_done(st, "baseline summary set");
}

int store_request_assessment_mark(struct store *s, long long request_id)
{
    static const char SQL[] = "UPDATE request SET assessment = 1 WHERE id = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, request_id);
    return store_step_done(st, "request assessment mark");
}

/* ref: reference data — States, regions, groups, organisations, cycles, documents. */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "util/arena.h"

/* Run a read statement prepared on this thread's reader, handing each row to fn. */
#define EACH_ROW(st, ...)                                              \
    do {                                                                \
        int rc_;                                                        \
        while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) { __VA_ARGS__ }         \
        if (rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) { store_log_error(sqlite3_db_handle(st), __func__); store_done(st); return -1; } \
    } while (0)

int store_ref_load_sql(struct store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(store_writer(s)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "poaiss: loading reference data: %s\n", msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int step_write(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_doc_add(struct store *s, const char *code, const char *title, const char *symbol, int year)
{
    static const char SQL[] = "INSERT INTO document(code, title, symbol, year) VALUES (?1, ?2, ?3, ?4)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, title);
    store_bind_text(st, 3, symbol);
    sqlite3_bind_int(st, 4, year);
    return step_write(st, __func__);
}

int store_doc_section_add(struct store *s, const char *doc, const char *num, const char *title, int ord)
{
    static const char SQL[] = "INSERT INTO document_section(doc, num, title, ord) VALUES (?1, ?2, ?3, ?4)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, doc);
    store_bind_text(st, 2, num);
    store_bind_text(st, 3, title);
    sqlite3_bind_int(st, 4, ord);
    return step_write(st, __func__);
}

int store_doc_paragraph_add(struct store *s, const char *doc, const char *section, int num, const char *address,
                            const char *heading, const char *text, int ord)
{
    static const char SQL[] = "INSERT INTO document_paragraph(doc, section, num, address, heading, text, ord) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, doc);
    store_bind_text(st, 2, section);
    sqlite3_bind_int(st, 3, num);
    store_bind_text(st, 4, address);
    store_bind_text(st, 5, heading);
    store_bind_text(st, 6, text);
    sqlite3_bind_int(st, 7, ord);
    return step_write(st, __func__);
}

/* The name of a (kind, code) in the language bound to ?1, else english: ref_name holds no English rows. */
#define LOCAL_NAME(kind, code, english) \
    "coalesce((SELECT ln.name FROM ref_name ln WHERE ln.kind = '" kind "' AND ln.code = " code " AND ln.lang = ?1), " \
    english ")"

#define STATE_COLS \
    "SELECT s.iso3, s.iso2, s.numeric, s.name, coalesce(n.name, s.name), " LOCAL_NAME("official", "s.iso3", "s.official_name") \
    ", s.status, s.region, " LOCAL_NAME("region", "r1.code", "r1.name") ", s.subregion, " \
    LOCAL_NAME("region", "r2.code", "r2.name") ", s.intermediate, " LOCAL_NAME("region", "r3.code", "r3.name") \
    ", s.grp, " LOCAL_NAME("group", "g.code", "g.name") " " \
    "FROM state s LEFT JOIN state_name n ON n.iso3 = s.iso3 AND n.lang = ?1 " \
    "LEFT JOIN region r1 ON r1.code = s.region LEFT JOIN region r2 ON r2.code = s.subregion " \
    "LEFT JOIN region r3 ON r3.code = s.intermediate LEFT JOIN regional_group g ON g.code = s.grp "

static void state_row(sqlite3_stmt *st, struct store_state *r)
{
    r->iso3 = store_col(st, 0); r->iso2 = store_col(st, 1); r->numeric = store_col(st, 2);
    r->name = store_col(st, 3); r->local_name = store_col(st, 4); r->official_name = store_col(st, 5);
    r->status = store_col(st, 6); r->region = store_col(st, 7); r->region_name = store_col(st, 8);
    r->subregion = store_col(st, 9); r->subregion_name = store_col(st, 10); r->intermediate = store_col(st, 11);
    r->intermediate_name = store_col(st, 12); r->grp = store_col(st, 13); r->grp_name = store_col(st, 14);
}

int store_states_each(struct store *s, const struct store_state_filter *f, store_state_cb cb, void *ctx)
{
    static const char SQL[] = STATE_COLS
        "WHERE (?2 IS NULL OR s.region = ?2 OR s.subregion = ?2 OR s.intermediate = ?2) "
        "AND (?3 IS NULL OR s.grp = ?3) "
        "AND (?4 IS NULL OR s.iso3 IN (SELECT iso3 FROM organisation_member WHERE org = ?4)) "
        "AND (?5 IS NULL OR s.iso3 IN (SELECT iso3 FROM state_name WHERE instr(fold(name), fold(?5)) > 0) "
        "     OR instr(fold(s.name), fold(?5)) > 0 OR s.iso3 = upper(?5)) "
        "ORDER BY fold(coalesce(n.name, s.name))";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, f && f->lang ? f->lang : "en");
    store_bind_text(st, 2, f ? f->region : NULL);
    store_bind_text(st, 3, f ? f->grp : NULL);
    store_bind_text(st, 4, f ? f->org : NULL);
    store_bind_text(st, 5, f && f->q && *f->q ? f->q : NULL);
    struct store_state r;
    EACH_ROW(st, { state_row(st, &r); if (cb(&r, ctx)) break; });
    store_done(st);
    return 0;
}

int store_state_get(struct store *s, const char *iso3, const char *lang, store_state_cb cb, void *ctx)
{
    static const char SQL[] = STATE_COLS "WHERE s.iso3 = ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang ? lang : "en");
    store_bind_text(st, 2, iso3);
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW) {
        struct store_state r;
        state_row(st, &r);
        cb(&r, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_state_names_each(struct store *s, const char *iso3, int (*cb)(const struct store_name *, void *), void *ctx)
{
    static const char SQL[] = "SELECT lang, name FROM state_name WHERE iso3 = ?1 "
                              "ORDER BY CASE lang WHEN 'ar' THEN 1 WHEN 'zh' THEN 2 WHEN 'en' THEN 3 "
                              "WHEN 'fr' THEN 4 WHEN 'ru' THEN 5 ELSE 6 END";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, iso3);
    EACH_ROW(st, { struct store_name n = { store_col(st, 0), store_col(st, 1) }; if (cb(&n, ctx)) break; });
    store_done(st);
    return 0;
}

int store_regions_each(struct store *s, const char *lang, int (*cb)(const struct store_region *, void *), void *ctx)
{
    static const char SQL[] =
        "SELECT r.code, " LOCAL_NAME("region", "r.code", "r.name") ", r.parent, r.level, "
        "(SELECT count(*) FROM state s WHERE s.region = r.code OR s.subregion = r.code OR s.intermediate = r.code) "
        "FROM region r ORDER BY coalesce((SELECT p.parent FROM region p WHERE p.code = r.parent), r.parent, r.code), "
        "coalesce(r.parent, r.code), r.level, r.name";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang);
    EACH_ROW(st, {
        struct store_region r = { store_col(st, 0), store_col(st, 1), store_col(st, 2), sqlite3_column_int(st, 3),
                                  sqlite3_column_int(st, 4) };
        if (cb(&r, ctx)) break;
    });
    store_done(st);
    return 0;
}

int store_region_get(struct store *s, const char *code, int (*cb)(const struct store_region *, void *), void *ctx)
{
    static const char SQL[] = "SELECT code, name, parent, level FROM region WHERE code = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, code);
    int ret = 1, rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct store_region r = { store_col(st, 0), store_col(st, 1), store_col(st, 2), sqlite3_column_int(st, 3), 0 };
        if (cb) cb(&r, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {   /* a failed read is an error, not "none" */
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_groups_each(struct store *s, const char *lang, int (*cb)(const struct store_group *, void *), void *ctx)
{
    static const char SQL[] = "SELECT g.code, " LOCAL_NAME("group", "g.code", "g.name")
                              ", (SELECT count(*) FROM state s WHERE s.grp = g.code) FROM regional_group g ORDER BY g.ord";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang);
    EACH_ROW(st, {
        struct store_group g = { store_col(st, 0), store_col(st, 1), sqlite3_column_int(st, 2) };
        if (cb(&g, ctx)) break;
    });
    store_done(st);
    return 0;
}

#define ORG_COLS "SELECT o.code, " LOCAL_NAME("org", "o.code", "o.name") ", o.kind, o.url, " \
                 "(SELECT count(*) FROM organisation_member m WHERE m.org = o.code) FROM organisation o "

static struct store_org org_row(sqlite3_stmt *st)
{
    return (struct store_org){ store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3),
                               sqlite3_column_int(st, 4) };
}

int store_orgs_each(struct store *s, const char *lang, const char *member_iso3, int (*cb)(const struct store_org *, void *),
                    void *ctx)
{
    static const char SQL[] =
        ORG_COLS "WHERE ?2 IS NULL OR o.code IN (SELECT org FROM organisation_member WHERE iso3 = ?2) "
        "ORDER BY o.code";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang);
    store_bind_text(st, 2, member_iso3);
    EACH_ROW(st, {
        struct store_org o = org_row(st);
        if (cb(&o, ctx)) break;
    });
    store_done(st);
    return 0;
}

int store_org_get(struct store *s, const char *code, const char *lang, int (*cb)(const struct store_org *, void *),
                  void *ctx)
{
    static const char SQL[] =
        ORG_COLS "WHERE o.code = ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang);
    store_bind_text(st, 2, code);
    int ret = 1, rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct store_org o = org_row(st);
        if (cb) cb(&o, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {   /* a failed read is an error, not "none" */
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_org_members_each(struct store *s, const char *code, const char *lang,
                           int (*cb)(const char *, const char *, void *), void *ctx)
{
    static const char SQL[] = "SELECT s.iso3, coalesce(n.name, s.name) FROM organisation_member m JOIN state s ON s.iso3 = m.iso3 "
                              "LEFT JOIN state_name n ON n.iso3 = s.iso3 AND n.lang = ?1 "
                              "WHERE m.org = ?2 ORDER BY fold(coalesce(n.name, s.name))";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, lang);
    store_bind_text(st, 2, code);
    EACH_ROW(st, { if (cb(store_col(st, 0), store_col(st, 1), ctx)) break; });
    store_done(st);
    return 0;
}

int store_ref_name_read(struct store *s, struct arena *a, const char *kind, const char *code, const char *lang,
                        const char **out)
{
    static const char SQL[] = "SELECT name FROM ref_name WHERE kind = ?1 AND code = ?2 AND lang = ?3";
    *out = NULL;
    if (!kind || !code || !lang) return 1;
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, code);
    store_bind_text(st, 3, lang);
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW && store_col(st, 0)) {
        *out = arena_strdup(a, store_col(st, 0));
        ret = 0;
    } else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_ref_names_count(struct store *s)
{
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, "SELECT count(*) FROM ref_name") : NULL;
    if (!st) return -1;
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    if (n < 0) store_log_error(c->db, __func__);
    store_done(st);
    return n;
}

int store_doc_get(struct store *s, const char *code, int (*cb)(const struct store_doc *, void *), void *ctx)
{
    static const char SQL[] = "SELECT code, title, symbol, year FROM document WHERE code = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, code);
    int ret = 1, rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct store_doc d = { store_col(st, 0), store_col(st, 1), store_col(st, 2), sqlite3_column_int(st, 3) };
        cb(&d, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {   /* a failed read is an error, not "none" */
        store_log_error(c->db, __func__);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_doc_sections_each(struct store *s, const char *doc, int (*cb)(const struct store_section *, void *), void *ctx)
{
    static const char SQL[] = "SELECT num, title FROM document_section WHERE doc = ?1 ORDER BY ord";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, doc);
    EACH_ROW(st, { struct store_section r = { store_col(st, 0), store_col(st, 1) }; if (cb(&r, ctx)) break; });
    store_done(st);
    return 0;
}

int store_doc_paragraphs_each(struct store *s, const char *doc, int (*cb)(const struct store_paragraph *, void *), void *ctx)
{
    static const char SQL[] = "SELECT section, address, heading, text, num FROM document_paragraph WHERE doc = ?1 ORDER BY ord";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, doc);
    EACH_ROW(st, {
        struct store_paragraph r = { store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3),
                                     sqlite3_column_int(st, 4) };
        if (cb(&r, ctx)) break;
    });
    store_done(st);
    return 0;
}

int store_counts_get(struct store *s, struct store_counts *out)
{
    static const char SQL[] =
        "SELECT (SELECT count(*) FROM state), (SELECT count(*) FROM state WHERE status = 'member'), "
        "(SELECT count(*) FROM state WHERE status = 'observer'), (SELECT count(*) FROM organisation), "
        "(SELECT count(*) FROM document_paragraph), (SELECT count(*) FROM cycle), (SELECT count(*) FROM user)";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    int ret = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->states = sqlite3_column_int(st, 0); out->members = sqlite3_column_int(st, 1);
        out->observers = sqlite3_column_int(st, 2); out->orgs = sqlite3_column_int(st, 3);
        out->paragraphs = sqlite3_column_int(st, 4); out->cycles = sqlite3_column_int(st, 5);
        out->users = sqlite3_column_int(st, 6);
        ret = 0;
    }
    store_done(st);
    return ret;
}

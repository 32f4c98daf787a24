/*
 * check: `poaiss check --db PATH`, a read-only examination of a database (a live one or a
 * backup): SQLite's integrity_check and foreign_key_check, then the schema against the one
 * this program's migrations make.  The expected schema is not a list typed here: the
 * embedded migrations are applied to an empty in-memory database and every table, index,
 * trigger and view they create (and every column of each table) must be in the file with
 * the same type.  Nothing is written to the file checked; it is not migrated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/mem.h"

#define CHECK_MAX_LINES 20   /* problems printed per check; the count is always exact */

/* Run one PRAGMA that returns problem rows; print up to CHECK_MAX_LINES.  The number of problems, -1 on error. */
static long pragma_problems(sqlite3 *db, const char *sql, bool ok_row_means_ok, FILE *out, const char *label)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(out, "FAIL %s: %s\n", label, sqlite3_errmsg(db));
        return -1;
    }
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c0 = (const char *)sqlite3_column_text(st, 0);
        if (ok_row_means_ok && c0 && strcmp(c0, "ok") == 0) continue;
        if (n++ < CHECK_MAX_LINES) {
            fprintf(out, "  %s:", label);
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                fprintf(out, " %s", v ? v : "NULL");
            }
            fputc('\n', out);
        }
    }
    if (rc != SQLITE_DONE) {
        fprintf(out, "FAIL %s: %s\n", label, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (n > CHECK_MAX_LINES) fprintf(out, "  %s: ... and %ld more\n", label, n - CHECK_MAX_LINES);
    fprintf(out, n ? "FAIL %s: %ld problem%s\n" : "ok   %s\n", label, n, n == 1 ? "" : "s");
    return n;
}

static int user_version_of(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* Does db have the object (type, name) and, for a table, every column the reference's table has? */
static long schema_object_problems(sqlite3 *db, sqlite3 *ref, const char *type, const char *name, FILE *out)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    if (sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = ?1", -1, &st, NULL) != SQLITE_OK) return 1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    const char *have = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!have) { fprintf(out, "  schema: %s %s is missing\n", type, name); n = 1; }
    else if (strcmp(have, type) != 0) { fprintf(out, "  schema: %s is a %s, not a %s\n", name, have, type); n = 1; }
    sqlite3_finalize(st);
    if (n || strcmp(type, "table") != 0) return n;
    /* Columns: those of the reference's table that the file's table lacks. */
    sqlite3_stmt *rc = NULL, *hc = NULL;
    if (sqlite3_prepare_v2(ref, "SELECT name FROM pragma_table_info(?1)", -1, &rc, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &hc, NULL) != SQLITE_OK) {
        sqlite3_finalize(rc);
        sqlite3_finalize(hc);
        return 1;
    }
    sqlite3_bind_text(rc, 1, name, -1, SQLITE_STATIC);
    while (sqlite3_step(rc) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(rc, 0);
        sqlite3_reset(hc);
        sqlite3_bind_text(hc, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(hc, 2, col, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(hc) != SQLITE_ROW) { fprintf(out, "  schema: column %s.%s is missing\n", name, col); n++; }
    }
    sqlite3_finalize(rc);
    sqlite3_finalize(hc);
    return n;
}

/* Compare the schema of db with the reference made by the migrations. */
static long schema_problems(sqlite3 *db, struct store *ref, FILE *out)
{
    int have = user_version_of(db), want = user_version_of(ref->writer.db);
    long n = 0;
    if (have != want) {
        fprintf(out, have > want ? "FAIL schema version %d: newer than this program knows (%d); use the newer program\n"
                                 : "FAIL schema version %d: this program's is %d; run 'poaiss serve' or any command that opens it to migrate it\n",
                have, want);
        n++;
    } else {
        fprintf(out, "ok   schema version %d\n", have);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ref->writer.db,
                           "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name", -1, &st,
                           NULL) != SQLITE_OK) {
        fprintf(out, "FAIL schema: the reference schema cannot be read\n");
        return n + 1;
    }
    long objects = 0, missing = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        objects++;
        missing += schema_object_problems(db, ref->writer.db, (const char *)sqlite3_column_text(st, 0),
                                          (const char *)sqlite3_column_text(st, 1), out);
    }
    sqlite3_finalize(st);
    if (missing) fprintf(out, "FAIL schema: %ld of the %ld tables, indexes, triggers and views the migrations make differ\n", missing, objects);
    else fprintf(out, "ok   schema: the %ld tables, indexes, triggers and views the migrations make are all there\n", objects);
    return n + missing;
}

long store_check(const char *path, FILE *out)
{
    struct store_conn *c = xcalloc(1, sizeof *c);
    struct store *ref = NULL;
    char err[512];
    long problems = -1;
    if (store_conn_open(c, path, SQLITE_OPEN_READONLY, false, err, sizeof err) < 0) {
        fprintf(out, "FAIL %s\n", err);
        goto done;
    }
    if (user_version_of(c->db) < 0) { fprintf(out, "FAIL %s cannot be read as a database: %s\n", path, sqlite3_errmsg(c->db)); goto done; }
    problems = 0;
    long p = pragma_problems(c->db, "PRAGMA integrity_check(1000)", true, out, "integrity_check");
    problems += p < 0 ? 1 : p;
    p = pragma_problems(c->db, "PRAGMA foreign_key_check", false, out, "foreign_key_check");
    problems += p < 0 ? 1 : p;
    ref = store_open(":memory:", true, err, sizeof err);
    if (!ref) { fprintf(out, "FAIL schema: the migrations could not be applied to compare: %s\n", err); problems++; goto done; }
    problems += schema_problems(c->db, ref, out);
done:
    store_close(ref);
    store_conn_close(c);
    free(c);
    return problems;
}

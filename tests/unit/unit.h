/*
 * unit.h: helpers shared by the unit tests (tests/unit/test_*.c): a temporary database with the
 * reference data and the built-in templates, or a demo database; the fixture of a test file on
 * one database (UNIT_DB_FIXTURE); accounts without passwords, principals to act as.
 * Include it after <cmocka.h>.
 */
#ifndef POAISS_TESTS_UNIT_H
#define POAISS_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/auth.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "store/store.h"

/* Remove a database file and its WAL and shared-memory files. */
static inline void unit_db_remove(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path); unlink(p);
    snprintf(p, sizeof p, "%s-shm", path); unlink(p);
}

/*
 * A new database at /tmp/poaiss-TAG-PID.db (its path into path) with the reference data
 * (setup_init: States, cycles with 2026 open, the PoA) and the templates loaded.  NULL on failure.
 */
static inline struct store *unit_db_open(const char *tag, char path[96])
{
    snprintf(path, 96, "/tmp/poaiss-%s-%d.db", tag, (int)getpid());
    unit_db_remove(path);
    char err[256];
    if (template_init(err, sizeof err) < 0) { fprintf(stderr, "templates: %s\n", err); return NULL; }
    struct store *s = store_open(path, true, err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return NULL; }
    if (setup_init(s, err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); store_close(s); return NULL; }
    return s;
}

/*
 * An account (no password: it cannot sign in) and the principal acting as it, as a session
 * would resolve it.  role is a stored role name; iso3 the State of a focal point or NULL.
 * Returns the user id, or -1.
 */
static inline long long unit_user(struct store *s, const char *username, const char *role, const char *iso3,
                                  struct principal *p)
{
    if (store_tx_begin(s) < 0) return -1;
    long long id = store_user_add(s, username, username, NULL, role, iso3, NULL, "!no-password");
    if (id <= 0 || store_tx_commit(s) < 0) { if (id <= 0) store_tx_rollback(s); return -1; }
    memset(p, 0, sizeof *p);
    if (role_parse(role, &p->role) < 0) return -1;
    p->user_id = id;
    snprintf(p->username, sizeof p->username, "%s", username);
    snprintf(p->name, sizeof p->name, "%s", username);
    if (iso3) snprintf(p->state_iso3, sizeof p->state_iso3, "%s", iso3);
    return id;
}

/*
 * A new database at /tmp/poaiss-TAG-PID.db (its path into path) made as `poaiss demo` makes
 * it: the reference data, the demo accounts, the synthetic reports, the cycle it opens (its
 * printed lines are discarded).  NULL on failure.
 */
static inline struct store *unit_demo_open(const char *tag, char path[96])
{
    snprintf(path, 96, "/tmp/poaiss-%s-%d.db", tag, (int)getpid());
    unit_db_remove(path);
    char err[256];
    struct store *s = store_open(path, true, err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return NULL; }
    FILE *devnull = fopen("/dev/null", "w");
    int rc = devnull ? setup_demo(s, devnull, err, sizeof err) : -1;
    if (devnull) fclose(devnull);
    if (rc < 0) { fprintf(stderr, "demo: %s\n", err); store_close(s); return NULL; }
    return s;
}

/*
 * The fixture of a test file that works on one database for all its tests: declares db and
 * dbpath and cmocka's group fixtures setup() and teardown().  setup opens the database with
 * open (unit_db_open: the reference data; unit_demo_open: the demo), makes it the group's
 * state as well (*state), then evaluates arrange, the file's own arrangement (0 when it has
 * none; an expression that is 0 on success, -1 fails the group); teardown closes db (which a
 * test may have reopened) and removes its files.  Pass them to cmocka_run_group_tests.
 */
#define UNIT_FIXTURE(opener, tag, arrange)                                                 \
    static char dbpath[96];                                                                \
    static struct store *db;                                                               \
    static int setup(void **state)                                                         \
    {                                                                                      \
        db = opener(tag, dbpath);                                                          \
        *state = db;                                                                       \
        return db ? (arrange) : -1;                                                        \
    }                                                                                      \
    static int teardown(void **state)                                                      \
    {                                                                                      \
        (void)state;                                                                       \
        store_close(db);                                                                   \
        unit_db_remove(dbpath);                                                            \
        return 0;                                                                          \
    }
/** The fixture on a database with the reference data (unit_db_open). */
#define UNIT_DB_FIXTURE(tag, arrange) UNIT_FIXTURE(unit_db_open, tag, arrange)
/** The fixture on a demo database (unit_demo_open). */
#define UNIT_DEMO_FIXTURE(tag, arrange) UNIT_FIXTURE(unit_demo_open, tag, arrange)

#endif

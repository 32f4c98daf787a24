/*
 * fuzz_json_import: libFuzzer driver for `poaiss import` (bulk_import, src/domain/bulk.c): JSON Lines of
 * reports read with jansson, each line checked against its cycle's template (answer_check for every
 * answer), then written all at once or not at all.  The input is the whole file given to the import;
 * it runs against a real database (reference data only, made once per process in a temporary
 * directory), so a valid input is imported for real and the same input again is refused at the
 * write (a State's second report for a cycle) and rolled back.
 *
 * Besides memory errors (ASan/UBSan) and leaks, it checks what bulk.h promises: -1, or the number
 * of reports imported, never more than the input's lines; and that a refused import wrote nothing
 * (the number of published reports is unchanged).
 *
 * Links the domain, the store and util (tests/fuzz/run.sh: sources_for), with
 * FUZZ_LIBS: jansson sqlite3 libsodium expat minizip xlsxwriter
 * FUZZ_LDFLAGS: -lstemmer -lpthread -lm
 *
 *   sh tests/fuzz/run.sh fuzz_json_import
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/bulk.h"
#include "domain/setup.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_json_import: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

static struct store *st;
static FILE *devnull;
static char dir[64];

static void cleanup(void)
{
    char p[96];
    store_close(st);
    if (devnull) fclose(devnull);
    const char *files[] = { "db", "db-wal", "db-shm" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* A copy of $FUZZ_JSON_IMPORT_DB (a `poaiss init` database: run.sh makes it with the release build, in a second)
   into path; false when there is none. */
static bool copy_seed_db(const char *path)
{
    const char *from = getenv("FUZZ_JSON_IMPORT_DB");
    FILE *in = from ? fopen(from, "rb") : NULL, *out = in ? fopen(path, "wb") : NULL;
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out) != 0) ok = false;
    return ok;
}

/* Once, before the first input (and outside libFuzzer's per-input timeout): the database. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256], path[96];
    CHECK(sodium_init() >= 0);
    json_object_seed(0);
    snprintf(dir, sizeof dir, "/tmp/fuzz_json_import-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/db", dir);
    bool seeded = copy_seed_db(path);
    st = store_open(path, !seeded, err, sizeof err);
    if (!st) { fprintf(stderr, "%s\n", err); abort(); }
    if (!seeded && setup_init(st, err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); abort(); }
    devnull = fopen("/dev/null", "w");
    CHECK(devnull != NULL);
    atexit(cleanup);
    return 0;
}

/* How many published reports the database holds (bulk_export writes each one's latest version). */
static long reports(void)
{
    FILE *out = fopen("/dev/null", "w");
    CHECK(out != NULL);
    long n = bulk_export(st, 0, out);
    fclose(out);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    long lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    long before = reports();
    FILE *in = fmemopen((void *)(uintptr_t)data, size, "r");
    CHECK(in != NULL);
    long n = bulk_import(st, in, devnull, NULL);
    fclose(in);
    CHECK(n >= -1 && n <= lines);
    if (n == -1) CHECK(reports() == before);
    return 0;
}

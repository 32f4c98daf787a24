/* Unit tests: util/arena (a request's memory, freed at once). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/arena.h"

static void test_arena(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    char *s = arena_strdup(&a, "Kenya");
    assert_string_equal(s, "Kenya");
    assert_null(arena_strdup(&a, NULL));
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    assert_string_equal(arena_printf(&a, "%s-%d", "KEN", 2026), "KEN-2026");
    /* Alignment for any type, zero-filled. */
    for (int i = 0; i < 100; i++) {
        long double *p = arena_alloc(&a, sizeof *p * 3);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        assert_true(p[0] == 0 && p[2] == 0);
    }
    /* A block larger than a chunk, and small ones after it still work. */
    char *big = arena_alloc(&a, 1 << 20);
    memset(big, 'x', 1 << 20);
    char *after = arena_strdup(&a, "after");
    assert_string_equal(after, "after");
    assert_string_equal(s, "Kenya");   /* earlier values are untouched */
    int *v = arena_array(&a, 4, sizeof *v);
    v[3] = 9;
    int *w = arena_grow(&a, v, 4, 100, sizeof *v);
    assert_int_equal(w[3], 9);
    assert_int_equal(w[99], 0);
    /* A long text is whole: nothing is cut. */
    char *longs = arena_alloc(&a, 70001);
    memset(longs, 'y', 70000);
    assert_int_equal(strlen(arena_strdup(&a, longs)), 70000);
    assert_true(a.used > (1 << 20));
    arena_cleanup(&a);
    assert_null(a.head);
    assert_int_equal(a.used, 0);
    assert_string_equal(arena_strdup(&a, "again"), "again");   /* usable after cleanup */
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_arena) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests: domain/demo_text, the sentences of the demo's free text: every topic has
 * sentences in English, French and Spanish, as many in each (they are parallel), valid
 * UTF-8 with only the {Y}, {Y2} and {N} placeholders; the topic of a question id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/demo_internal.h"
#include "util/text.h"

static void test_sentences(void **state)
{
    (void)state;
    for (int t = 0; t < NTOPIC; t++) {
        size_t n = demo_topic_count(EN, (enum topic)t);
        if (n < 1) fail_msg("topic %d has no sentence", t);
        for (int l = 0; l < NLANG; l++) {
            if (demo_topic_count((enum lang)l, (enum topic)t) != n) fail_msg("topic %d: %s differs from en", t, LANG_CODE[l]);
            for (size_t i = 0; i < n; i++) {
                const char *s = demo_text[l][t][i];
                assert_true(utf8_valid_text(s, strlen(s)));
                assert_true(strlen(s) > 20);
                for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{'))
                    if (strncmp(p, "{Y}", 3) && strncmp(p, "{Y2}", 4) && strncmp(p, "{N}", 3)) fail_msg("placeholder in: %s", s);
                for (const char *p = strchr(s, '}'); p; p = strchr(p + 1, '}'))
                    assert_true(p > s && (p[-1] == 'Y' || p[-1] == '2' || p[-1] == 'N'));
            }
        }
    }
    assert_string_equal(LANG_CODE[EN], "en");
    assert_string_equal(LANG_CODE[FR], "fr");
    assert_string_equal(LANG_CODE[ES], "es");
}

static void test_topic_of(void **state)
{
    (void)state;
    assert_int_equal(demo_topic_of("coord.body"), T_COORD);
    assert_int_equal(demo_topic_of("challenges.opportunities"), T_OPPORTUNITIES);
    assert_int_equal(demo_topic_of("challenges.comments"), T_COMMENTS);
    assert_int_equal(demo_topic_of("challenges.obstacles"), T_CHALLENGES);
    assert_int_equal(demo_topic_of("stock.loss.details"), T_DIVERSION);       /* before "stock" */
    assert_int_equal(demo_topic_of("stock.standards.scope"), T_STOCK);
    assert_int_equal(demo_topic_of("manuf.newtech.details"), T_NEWTECH);      /* before "manuf" */
    assert_int_equal(demo_topic_of("iti.trace.sent"), T_TRACING);
    assert_int_equal(demo_topic_of("gender.youth.details"), T_YOUTH);
    assert_int_equal(demo_topic_of("unknown.question"), T_COMMENTS);
    assert_int_equal(demo_topic_of(""), T_COMMENTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_sentences), cmocka_unit_test(test_topic_of) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

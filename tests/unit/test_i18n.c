/* Unit tests: util/i18n, the interface catalogues and the templates' own (po/templates/), as built in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/template.h"
#include "util/i18n.h"

static int setup(void **state)
{
    (void)state;
    i18n_init();
    return 0;
}

static void test_template_lookup(void **state)
{
    (void)state;
    assert_string_equal(i18n_template_in("fr", "Once a year"), "Une fois par an");
    assert_string_equal(i18n_template_in("es", "Manufacture"), "Fabricación");
    assert_string_equal(i18n_template_in("ru", "Women"), "Женщины");
    assert_string_equal(i18n_template_in("ar", "Once a year"), "مرة في السنة");
    assert_string_equal(i18n_template_in("zh", "Tracing"), "追查");   /* a taxonomy name */
    /* English, an unknown language, a string no catalogue has (a new question): the text itself. */
    const char *s = "Once a year";
    assert_ptr_equal(i18n_template_in("en", s), s);
    assert_ptr_equal(i18n_template_in("de", s), s);
    assert_ptr_equal(i18n_template_in(NULL, s), s);
    const char *novel = "A question added after the catalogues were made?";
    assert_ptr_equal(i18n_template_in("fr", novel), novel);
    assert_null(i18n_template_in("fr", NULL));
    assert_string_equal(i18n_template_in("fr", ""), "");
}

static void test_template_follows_thread_language(void **state)
{
    (void)state;
    i18n_set_lang("fr");
    assert_string_equal(i18n_template("Women"), "Femmes");
    /* The two domains are apart: an interface string is not looked up among the template's. */
    assert_string_equal(i18n_gettext("Women"), "Women");
    i18n_set_lang("en");
    assert_string_equal(i18n_template("Women"), "Women");
    i18n_set_lang("xx");
    assert_string_equal(i18n_template("Women"), "Women");
}

/* Every question text, option label and section title of the current template is translated in
 * every catalogue (the tests need not name them one by one). */
static void test_current_template_is_translated(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(template_init(err, sizeof err), 0);
    const struct template *t = template_get(2026);
    assert_non_null(t);
    static const char *const langs[] = { "fr", "es", "ru", "ar", "zh" };
    for (size_t l = 0; l < 5; l++) {
        for (size_t i = 0; i < t->nq; i++) {
            const struct template_question *q = &t->q[i];
            if (i18n_template_in(langs[l], q->text) == q->text) fail_msg("%s: %s: text untranslated", langs[l], q->id);
            if (i18n_template_in(langs[l], q->section_title) == q->section_title) fail_msg("%s: section %s untranslated", langs[l], q->section_id);
            json_t *o;
            size_t k;
            json_array_foreach(json_object_get(q->json, "options"), k, o) {
                const char *label = json_string_value(json_object_get(o, "label"));
                if (label && i18n_template_in(langs[l], label) == label) fail_msg("%s: %s: option %s untranslated", langs[l], q->id, label);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_lookup),
        cmocka_unit_test(test_template_follows_thread_language),
        cmocka_unit_test(test_current_template_is_translated),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

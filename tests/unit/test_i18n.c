/*
 * Unit tests: util/i18n, the interface catalogues and the templates' own (po/templates/), as
 * built in; dates, times and numbers in the six languages, their hostile inputs, and the
 * output checked against what the CLDR files it was taken from say (patterns, month names,
 * digits, separators), rendered here independently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "domain/template.h"
#include "util/buf.h"
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

/* ---- dates, times and numbers ---- */

/* The text i18n writes into a fresh buffer (a static copy, for assert_string_equal). */
static const char *date_in(const char *lang, const char *iso, bool *ok)
{
    static char out[256];
    struct buf b = BUF_INIT;
    bool r = i18n_date_in(&b, lang, iso);
    if (ok) *ok = r;
    snprintf(out, sizeof out, "%s", b.len ? buf_cstr(&b) : "");
    buf_cleanup(&b);
    return out;
}

static const char *datetime_in(const char *lang, const char *iso)
{
    static char out[256];
    struct buf b = BUF_INIT;
    i18n_datetime_in(&b, lang, iso);
    snprintf(out, sizeof out, "%s", b.len ? buf_cstr(&b) : "");
    buf_cleanup(&b);
    return out;
}

static const char *number_in(const char *lang, long long n)
{
    static char out[256];
    struct buf b = BUF_INIT;
    i18n_number_in(&b, lang, n);
    snprintf(out, sizeof out, "%s", buf_cstr(&b));
    buf_cleanup(&b);
    return out;
}

static void test_date_each_language(void **state)
{
    (void)state;
    assert_string_equal(date_in("en", "2026-12-06", NULL), "6 December 2026");
    assert_string_equal(date_in("fr", "2026-12-06", NULL), "6 décembre 2026");
    assert_string_equal(date_in("ru", "2026-12-06", NULL), "6 декабря 2026 г.");
    assert_string_equal(date_in("zh", "2026-12-06", NULL), "2026年12月6日");
    assert_string_equal(date_in("es", "2026-12-06", NULL), "6 de diciembre de 2026");
    assert_string_equal(date_in("ar", "2026-12-06", NULL), "٦ ديسمبر ٢٠٢٦");   /* CLDR's ar default: Arabic-Indic digits */
    assert_string_equal(date_in("ar", "2026-03-31", NULL), "٣١ مارس ٢٠٢٦");
    /* a date-time gives its date; the thread's language is used by i18n_date */
    assert_string_equal(date_in("fr", "2026-04-24T06:18:29Z", NULL), "24 avril 2026");
    i18n_set_lang("ru");
    struct buf b = BUF_INIT;
    assert_true(i18n_date(&b, "2024-02-29"));   /* a leap day */
    assert_string_equal(buf_cstr(&b), "29 февраля 2024 г.");
    buf_cleanup(&b);
    i18n_set_lang("en");
    /* an unknown or missing language: English */
    assert_string_equal(date_in("de", "2026-01-02", NULL), "2 January 2026");
    assert_string_equal(date_in(NULL, "2026-01-02", NULL), "2 January 2026");
}

static void test_datetime_each_language(void **state)
{
    (void)state;
    const char *t = "2026-04-24T06:18:29Z";
    assert_string_equal(datetime_in("en", t), "24 April 2026 at 06:18 UTC");
    assert_string_equal(datetime_in("fr", t), "24 avril 2026 à 06:18 UTC");
    assert_string_equal(datetime_in("ru", t), "24 апреля 2026 г., 06:18 UTC");
    assert_string_equal(datetime_in("zh", t), "2026年4月24日 06:18 UTC");
    assert_string_equal(datetime_in("es", t), "24 de abril de 2026, 6:18 UTC");
    assert_string_equal(datetime_in("ar", t), "٢٤ أبريل ٢٠٢٦ في ٦:١٨ ص UTC");
    assert_string_equal(datetime_in("ar", "2026-04-24 18:05:00.123"), "٢٤ أبريل ٢٠٢٦ في ٦:٠٥ م UTC");
    assert_string_equal(datetime_in("ar", "2026-04-24T00:05+00:00"), "٢٤ أبريل ٢٠٢٦ في ١٢:٠٥ ص UTC");
    /* no time: the date alone */
    assert_string_equal(datetime_in("en", "2026-04-24"), "24 April 2026");
}

/* Not a date: written as given, and false; the HTML writer escapes it and isolates it. */
static void test_date_hostile(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2026-13-45", "T", "", "2026-02-29", "2026-00-10", "2026-12-00", "2026-12-32", "0000-01-01", "2026-1-06",
        "２０２６-12-06", "2026-12-06T", "2026-12-06T25:00", "2026-12-06T06:60", "2026-12-06T06:18:29+02:00",
        "2026-12-06Z", "2026-12-06T06:18:29.Z", "2026-12-06 <script>", "+2026-12-06", "2026-12-06T06:18:2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = true;
        assert_string_equal(date_in("ar", bad[i], &ok), bad[i]);
        assert_false(ok);
        assert_string_equal(datetime_in("zh", bad[i]), bad[i]);
    }
    bool ok = true;
    assert_string_equal(date_in("fr", NULL, &ok), "");
    assert_false(ok);

    i18n_set_lang("ar");
    struct buf b = BUF_INIT;
    i18n_html_date(&b, "2026-13-45\"><script>alert(1)</script>");
    assert_string_equal(buf_cstr(&b), "<bdi dir=\"ltr\">2026-13-45&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</bdi>");
    buf_clear(&b);
    i18n_html_date(&b, "2026-12-06");
    assert_string_equal(buf_cstr(&b), "<time datetime=\"2026-12-06\"><bdi>٦ ديسمبر ٢٠٢٦</bdi></time>");
    buf_clear(&b);
    i18n_html_datetime(&b, "2026-04-24T06:18:29Z");
    assert_string_equal(buf_cstr(&b), "<time datetime=\"2026-04-24T06:18:29Z\"><bdi>٢٤ أبريل ٢٠٢٦ في ٦:١٨ ص UTC</bdi></time>");
    buf_clear(&b);
    i18n_html_date(&b, NULL);
    i18n_html_date(&b, "");
    i18n_html_ltr(&b, NULL);
    assert_int_equal(b.len, 0);
    i18n_html_ltr(&b, "+254 20 <1234>");
    assert_string_equal(buf_cstr(&b), "<bdi dir=\"ltr\">+254 20 &lt;1234&gt;</bdi>");
    buf_clear(&b);
    i18n_html_number(&b, -1234);
    assert_string_equal(buf_cstr(&b), "\xD8\x9C-١٬٢٣٤");
    buf_cleanup(&b);
    i18n_set_lang("en");
}

static void test_number_each_language(void **state)
{
    (void)state;
    assert_string_equal(number_in("en", 0), "0");
    assert_string_equal(number_in("en", 999), "999");
    assert_string_equal(number_in("en", 1234), "1,234");
    assert_string_equal(number_in("en", 1234567), "1,234,567");
    assert_string_equal(number_in("en", -1234567), "-1,234,567");
    assert_string_equal(number_in("en", LLONG_MIN), "-9,223,372,036,854,775,808");
    assert_string_equal(number_in("en", LLONG_MAX), "9,223,372,036,854,775,807");
    assert_string_equal(number_in("fr", 1234567), "1\u202f234\u202f567");
    assert_string_equal(number_in("ru", 1234567), "1\u00a0234\u00a0567");
    assert_string_equal(number_in("zh", 1234567), "1,234,567");
    assert_string_equal(number_in("es", 1234), "1234");          /* minimumGroupingDigits 2 */
    assert_string_equal(number_in("es", 12345), "12.345");
    assert_string_equal(number_in("es", 1234567), "1.234.567");
    assert_string_equal(number_in("ar", 1234567), "١٬٢٣٤٬٥٦٧");
    assert_string_equal(number_in("ar", 195), "١٩٥");
    assert_string_equal(number_in("ar", -5), "\xD8\x9C-٥");    /* U+061C ARABIC LETTER MARK, then the hyphen */
    assert_string_equal(number_in("xx", 1234), "1,234");
}

/* ---- the locale table against CLDR ---- */

#define CLDR_MAIN "/usr/share/unicode/cldr/common/main/"

/* What the check reads from one CLDR file: the first value of each, in file order. */
struct cldr {
    char *months[12], *date_long, *time_short, *date_time, *am, *pm, *numsys, *min_grouping;
    char *group[2], *minus[2];          /* [0] latn, [1] arab */
    /* where the parser is */
    int depth, greg, month_fmt, month_wide, date_long_in, time_short_in, dt_long_in, period_fmt, period_abbr, symbols;
    char **capture;
    char text[512];
    size_t len;
};

static const char *att(const char **a, const char *name)
{
    for (int i = 0; a[i]; i += 2)
        if (strcmp(a[i], name) == 0) return a[i + 1];
    return NULL;
}

static void XMLCALL cldr_start(void *ud, const char *el, const char **a)
{
    struct cldr *c = ud;
    c->depth++;
    const char *type = att(a, "type");
    bool alt = att(a, "alt") != NULL;
    c->capture = NULL;
    if (!strcmp(el, "calendar")) c->greg = type && !strcmp(type, "gregorian") ? c->depth : 0;
    if (!c->greg) {
        if (!strcmp(el, "defaultNumberingSystem") && !alt) c->capture = &c->numsys;
        else if (!strcmp(el, "minimumGroupingDigits") && !alt) c->capture = &c->min_grouping;
        else if (!strcmp(el, "symbols")) {
            const char *ns = att(a, "numberSystem");
            c->symbols = ns && !strcmp(ns, "latn") ? 1 : ns && !strcmp(ns, "arab") ? 2 : 0;
        } else if (c->symbols && !alt && !strcmp(el, "group")) c->capture = &c->group[c->symbols - 1];
        else if (c->symbols && !alt && !strcmp(el, "minusSign")) c->capture = &c->minus[c->symbols - 1];
    } else {
        if (!strcmp(el, "monthContext")) c->month_fmt = type && !strcmp(type, "format");
        else if (!strcmp(el, "monthWidth")) c->month_wide = type && !strcmp(type, "wide");
        else if (!strcmp(el, "month") && c->month_fmt && c->month_wide && type && !alt && !att(a, "yeared")) {
            int m = atoi(type);
            if (m >= 1 && m <= 12) c->capture = &c->months[m - 1];
        } else if (!strcmp(el, "dateFormatLength")) c->date_long_in = type && !strcmp(type, "long");
        else if (!strcmp(el, "timeFormatLength")) c->time_short_in = type && !strcmp(type, "short");
        else if (!strcmp(el, "dateTimeFormatLength")) c->dt_long_in = type && !strcmp(type, "long");
        else if (!strcmp(el, "pattern") && !alt) {
            if (c->date_long_in) c->capture = &c->date_long;
            else if (c->time_short_in) c->capture = &c->time_short;
            else if (c->dt_long_in) c->capture = &c->date_time;
        } else if (!strcmp(el, "dayPeriodContext")) c->period_fmt = type && !strcmp(type, "format");
        else if (!strcmp(el, "dayPeriodWidth")) c->period_abbr = type && !strcmp(type, "abbreviated");
        else if (!strcmp(el, "dayPeriod") && c->period_fmt && c->period_abbr && type && !alt)
            c->capture = !strcmp(type, "am") ? &c->am : !strcmp(type, "pm") ? &c->pm : NULL;
    }
    if (c->capture && *c->capture) c->capture = NULL;   /* the first one counts */
    c->len = 0;
}

static void XMLCALL cldr_chars(void *ud, const char *s, int n)
{
    struct cldr *c = ud;
    if (!c->capture || c->len + (size_t)n >= sizeof c->text) return;
    memcpy(c->text + c->len, s, (size_t)n);
    c->len += (size_t)n;
}

static void XMLCALL cldr_end(void *ud, const char *el)
{
    struct cldr *c = ud;
    if (c->capture) {
        c->text[c->len] = 0;
        *c->capture = strdup(c->text);
        c->capture = NULL;
    }
    if (!strcmp(el, "calendar")) c->greg = 0;
    if (!strcmp(el, "monthContext")) c->month_fmt = 0;
    if (!strcmp(el, "monthWidth")) c->month_wide = 0;
    if (!strcmp(el, "dayPeriodContext")) c->period_fmt = 0;
    if (!strcmp(el, "dayPeriodWidth")) c->period_abbr = 0;
    if (!strcmp(el, "dateFormatLength")) c->date_long_in = 0;
    if (!strcmp(el, "timeFormatLength")) c->time_short_in = 0;
    if (!strcmp(el, "dateTimeFormatLength")) c->dt_long_in = 0;
    if (!strcmp(el, "symbols")) c->symbols = 0;
    c->depth--;
}

static void cldr_read(struct cldr *c, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, CLDR_MAIN "%s.xml", file);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("%s: cannot open (unicode-cldr-core is a build dependency)", path);
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, c);
    XML_SetElementHandler(p, cldr_start, cldr_end);
    XML_SetCharacterDataHandler(p, cldr_chars);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (XML_Parse(p, chunk, (int)n, 0) == XML_STATUS_ERROR) fail_msg("%s: %s", path, XML_ErrorString(XML_GetErrorCode(p)));
    XML_Parse(p, "", 0, 1);
    XML_ParserFree(p);
    fclose(f);
}

static void cldr_free(struct cldr *c)
{
    for (int i = 0; i < 12; i++) free(c->months[i]);
    free(c->date_long); free(c->time_short); free(c->date_time); free(c->am); free(c->pm);
    free(c->numsys); free(c->min_grouping);
    for (int i = 0; i < 2; i++) { free(c->group[i]); free(c->minus[i]); }
}

static void expect(const char *lang, const char *what, const char *cldr, const char *ours)
{
    if (!cldr) fail_msg("%s: CLDR has no %s", lang, what);
    if (strcmp(cldr, ours) != 0) fail_msg("%s: %s: CLDR gives \"%s\", i18n wrote \"%s\"", lang, what, cldr, ours);
}

/* ASCII digits as the numbering system writes them. */
static void put_sys_digits(struct buf *b, const char *s, bool arab)
{
    for (; *s; s++) {
        if (arab && *s >= '0' && *s <= '9') { char d[2] = { (char)0xD9, (char)(0xA0 + *s - '0') }; buf_append(b, d, 2); }
        else buf_putc(b, *s);
    }
}

/* A CLDR pattern rendered for 2026-MM-06 06:18 (independently of i18n.c), into b. */
static void render(struct buf *b, const struct cldr *c, const char *pat, int month, bool arab)
{
    for (const char *p = pat; *p;) {
        if (*p == '\'') { p++; while (*p && *p != '\'') buf_putc(b, *p++); if (*p) p++; continue; }
        if (!strchr("dMyHhma", *p)) { buf_putc(b, *p++); continue; }
        char ch = *p;
        int n = 0;
        char num[8] = "";
        while (p[n] == ch) n++;
        p += n;
        if (ch == 'M' && n >= 3) { assert_non_null(c->months[month - 1]); buf_puts(b, c->months[month - 1]); continue; }
        if (ch == 'a') { assert_non_null(c->am); buf_puts(b, c->am); continue; }
        int v = ch == 'd' ? 6 : ch == 'M' ? month : ch == 'y' ? 2026 : ch == 'm' ? 18 : 6;
        snprintf(num, sizeof num, "%0*d", n > 2 ? 1 : n, v);
        put_sys_digits(b, num, arab);
    }
}

static void test_output_is_cldr(void **state)
{
    (void)state;
    for (int l = 0; l < 6; l++) {
        const char *lang = I18N_LANGS[l];
        struct cldr c = { 0 };
        /* English as the UN writes it: en_GB, then what it inherits from en */
        if (!strcmp(lang, "en")) cldr_read(&c, "en_GB");
        cldr_read(&c, lang);
        bool arab = c.numsys && strcmp(c.numsys, "arab") == 0;
        assert_non_null(c.date_long);
        assert_non_null(c.time_short);
        assert_non_null(c.date_time);
        struct buf want = BUF_INIT;
        for (int m = 1; m <= 12; m++) {   /* the long date, every month's name */
            char iso[32];
            snprintf(iso, sizeof iso, "2026-%02d-06", m);
            buf_clear(&want);
            render(&want, &c, c.date_long, m, arab);
            expect(lang, iso, buf_cstr(&want), date_in(lang, iso, NULL));
        }
        /* date and time: the long date-time pattern joins the long date {1} and the short time {0} */
        buf_clear(&want);
        for (const char *p = c.date_time; *p;) {
            if (!strncmp(p, "{1}", 3)) { render(&want, &c, c.date_long, 12, arab); p += 3; }
            else if (!strncmp(p, "{0}", 3)) { render(&want, &c, c.time_short, 12, arab); buf_puts(&want, " UTC"); p += 3; }
            else if (*p == '\'') { p++; while (*p && *p != '\'') buf_putc(&want, *p++); if (*p) p++; }
            else buf_putc(&want, *p++);
        }
        expect(lang, "2026-12-06T06:18:00Z", buf_cstr(&want), datetime_in(lang, "2026-12-06T06:18:00Z"));
        /* numbers: the default numbering system's digits, group and minus sign; minimumGroupingDigits */
        int k = arab;
        const char *group = c.group[k] ? c.group[k] : c.group[0], *minus = c.minus[k] ? c.minus[k] : c.minus[0];
        assert_non_null(group);
        assert_non_null(minus);
        buf_clear(&want);
        buf_puts(&want, minus);
        put_sys_digits(&want, "1", arab); buf_puts(&want, group);
        put_sys_digits(&want, "234", arab); buf_puts(&want, group);
        put_sys_digits(&want, "567", arab);
        expect(lang, "-1234567", buf_cstr(&want), number_in(lang, -1234567));
        int min_grouping = c.min_grouping ? atoi(c.min_grouping) : 1;
        buf_clear(&want);
        put_sys_digits(&want, "1", arab);
        if (min_grouping < 2) buf_puts(&want, group);
        put_sys_digits(&want, "234", arab);
        expect(lang, "1234", buf_cstr(&want), number_in(lang, 1234));
        buf_cleanup(&want);
        cldr_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_lookup),
        cmocka_unit_test(test_template_follows_thread_language),
        cmocka_unit_test(test_current_template_is_translated),
        cmocka_unit_test(test_date_each_language),
        cmocka_unit_test(test_datetime_each_language),
        cmocka_unit_test(test_date_hostile),
        cmocka_unit_test(test_number_each_language),
        cmocka_unit_test(test_output_is_cldr),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

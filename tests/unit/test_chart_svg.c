/*
 * test_chart_svg: the SVG of a chart (web/chart_svg.c).  Grouped bars each start at the axis (two
 * series side by side, not stacked: needs and offers are compared, not added); stacked bars
 * follow one another; the title and summary are the SVG's accessible name and description;
 * markup in a label is escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/chart_svg.h"
#include "util/buf.h"

/* The x attribute of every <rect> with a fill pattern or colour, in order (the bars). */
static size_t rect_xs(const char *svg, double *xs, size_t max)
{
    size_t n = 0;
    for (const char *p = svg; n < max && (p = strstr(p, "<rect x=\"")); p += 9) {
        const char *tail = strchr(p + 9, '>');
        const char *sw = strstr(p, "stroke-width=\"1\"");
        if (tail && sw && sw < tail) xs[n++] = strtod(p + 9, NULL);
    }
    return n;
}

static struct chart bars(enum chart_kind kind, double *a, double *b, const char **cats, struct chart_series *se)
{
    se[0] = (struct chart_series){ "Needs", a, NULL, NULL, NULL };
    se[1] = (struct chart_series){ "Offers <open>", b, NULL, NULL, NULL };
    return (struct chart){ .kind = kind, .id = "t", .title = "Needs & offers", .summary = "A summary.", .unit = "",
                           .categories = cats, .ncat = 2, .series = se, .nseries = 2, .source = "" };
}

static void test_grouped_and_stacked(void **state)
{
    (void)state;
    double a[2] = { 6, 13 }, b[2] = { 5, 7 };
    const char *cats[2] = { "Laws", "Plans" };
    struct chart_series se[2];
    struct chart ch = bars(CHART_BAR, a, b, cats, se);
    struct buf out = BUF_INIT;
    chart_svg(&out, &ch);
    double xs[8];
    assert_int_equal(rect_xs(buf_cstr(&out), xs, 8), 4);
    for (size_t i = 1; i < 4; i++) assert_true(fabs(xs[i] - xs[0]) < 0.01);   /* every bar from the axis */
    assert_non_null(strstr(out.data, "Needs &amp; offers"));
    assert_non_null(strstr(out.data, "Offers &lt;open&gt;"));
    assert_null(strstr(out.data, "<open>"));
    buf_clear(&out);
    ch.kind = CHART_STACKED;
    chart_svg(&out, &ch);
    assert_int_equal(rect_xs(buf_cstr(&out), xs, 8), 4);
    assert_true(xs[1] > xs[0] + 1);          /* the second segment follows the first */
    assert_true(xs[3] > xs[2] + 1);
    buf_cleanup(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_grouped_and_stacked) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

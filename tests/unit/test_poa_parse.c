/*
 * test_poa_parse: domain/poa_parse against data/poa.txt (run from the repository root)
 * and against hostile input (empty, garbage, NUL bytes, bad UTF-8, truncations, mutations).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/poa_parse.h"

#define POA_PATH "data/poa.txt"

static char *poa_text;
static size_t poa_len;
static struct poa_doc poa;

static int setup(void **state)
{
    (void)state;
    FILE *f = fopen(POA_PATH, "rb");
    if (!f) { fprintf(stderr, "cannot open %s (run from the repository root)\n", POA_PATH); return -1; }
    size_t cap = 1 << 16;
    poa_text = malloc(cap);
    poa_len = 0;
    size_t got;
    while ((got = fread(poa_text + poa_len, 1, cap - poa_len, f)) > 0) {
        poa_len += got;
        if (poa_len == cap) poa_text = realloc(poa_text, cap *= 2);
    }
    fclose(f);
    char err[256];
    if (poa_parse(poa_text, poa_len, &poa, err, sizeof err) != 0) {
        fprintf(stderr, "poa_parse: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    poa_doc_cleanup(&poa);
    free(poa_text);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------ */

static const struct poa_paragraph *para(const struct poa_doc *d, const char *sec, int num)
{
    for (size_t i = 0; i < d->nparas; i++)
        if (strcmp(d->sections[d->paras[i].section].num, sec) == 0 && d->paras[i].num == num) return &d->paras[i];
    return NULL;
}

static const struct poa_paragraph *must_para(const char *sec, int num)
{
    const struct poa_paragraph *p = para(&poa, sec, num);
    if (!p) fail_msg("no paragraph %s.%d", sec, num);
    return p;
}

static size_t count_in(const struct poa_doc *d, int section)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nparas; i++) n += d->paras[i].section == section;
    return n;
}

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}

/* White space normalised: no leading/trailing space, no double space, no tab or CR. */
static void assert_clean(const char *s)
{
    assert_non_null(s);
    size_t n = strlen(s);
    assert_true(n > 0);
    assert_false(s[0] == ' ' || s[0] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\n');
    assert_null(strstr(s, "  "));
    assert_null(strstr(s, " \n"));
    assert_null(strstr(s, "\n "));
    assert_null(strchr(s, '\t'));
    assert_null(strchr(s, '\r'));
}

/* The invariants a successful parse promises, whatever the input. */
static void assert_consistent(const struct poa_doc *d)
{
    assert_true(d->nsections >= 1);
    assert_non_null(d->sections);
    assert_true(d->nparas >= d->nsections);
    assert_non_null(d->paras);
    for (size_t i = 0; i < d->nsections; i++) {
        assert_true(memchr(d->sections[i].num, '\0', sizeof d->sections[i].num) != NULL);
        assert_true(d->sections[i].num[0] != '\0');
        assert_non_null(d->sections[i].title);
        assert_true(d->sections[i].title[0] != '\0');
        assert_true(count_in(d, (int)i) >= 1);
    }
    int sec = 0, expect = 1;
    for (size_t i = 0; i < d->nparas; i++) {
        const struct poa_paragraph *p = &d->paras[i];
        if (p->section != sec) {
            assert_int_equal(p->section, sec + 1);
            sec++;
            expect = 1;
        }
        assert_int_equal(p->num, expect);
        expect++;
        assert_non_null(p->text);
        assert_true(p->text[0] != '\0');
        if (p->heading) assert_true(p->heading[0] != '\0');
        char addr[32];
        poa_paragraph_address(d, p, addr, sizeof addr);
        assert_true(starts_with(addr, "PoA "));
    }
    assert_int_equal((size_t)sec, d->nsections - 1);
}

/* Parse buf; either -1 with a message and a zeroed doc, or a consistent doc. Returns rc. */
static int parse_checked(const char *buf, size_t len)
{
    struct poa_doc d;
    char err[256];
    memset(&d, 0x5A, sizeof d);
    int rc = poa_parse(buf, len, &d, err, sizeof err);
    if (rc == 0) {
        assert_consistent(&d);
    } else {
        assert_int_equal(rc, -1);
        assert_true(err[0] != '\0');
        assert_null(d.sections);
        assert_null(d.paras);
        assert_null(d.title);
        assert_int_equal(d.nparas, 0);
    }
    poa_doc_cleanup(&d);
    poa_doc_cleanup(&d);
    return rc;
}

static void assert_same_doc(const struct poa_doc *a, const struct poa_doc *b)
{
    assert_string_equal(a->title, b->title);
    assert_string_equal(a->symbol, b->symbol);
    assert_int_equal(a->nsections, b->nsections);
    assert_int_equal(a->nparas, b->nparas);
    for (size_t i = 0; i < a->nsections; i++) {
        assert_string_equal(a->sections[i].num, b->sections[i].num);
        assert_string_equal(a->sections[i].title, b->sections[i].title);
    }
    for (size_t i = 0; i < a->nparas; i++) {
        assert_int_equal(a->paras[i].section, b->paras[i].section);
        assert_int_equal(a->paras[i].num, b->paras[i].num);
        assert_string_equal(a->paras[i].text, b->paras[i].text);
        if (a->paras[i].heading || b->paras[i].heading) {
            assert_non_null(a->paras[i].heading);
            assert_non_null(b->paras[i].heading);
            assert_string_equal(a->paras[i].heading, b->paras[i].heading);
        }
    }
}

/* A copy of the PoA text with every occurrence of from replaced by to. */
static char *replaced(const char *from, const char *to, size_t *outlen)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *o = malloc(poa_len * (tl > fl ? tl : 1) + 1);
    size_t n = 0;
    for (size_t i = 0; i < poa_len;) {
        if (poa_len - i >= fl && memcmp(poa_text + i, from, fl) == 0) {
            memcpy(o + n, to, tl);
            n += tl;
            i += fl;
        } else {
            o[n++] = poa_text[i++];
        }
    }
    *outlen = n;
    return o;
}

/* ---- the real text ------------------------------------------------------------------ */

static void test_title_and_sections(void **state)
{
    (void)state;
    assert_string_equal(poa.title, "Programme of Action to Prevent, Combat and Eradicate the Illicit Trade in Small Arms "
                                   "and Light Weapons in All Its Aspects");
    assert_string_equal(poa.symbol, "A/CONF.192/15");
    assert_int_equal(poa.nsections, 4);
    assert_string_equal(poa.sections[0].num, "I");
    assert_string_equal(poa.sections[0].title, "Preamble");
    assert_string_equal(poa.sections[1].num, "II");
    assert_string_equal(poa.sections[1].title,
                        "Preventing, combating and eradicating the illicit trade in small arms and light weapons in all its aspects");
    assert_string_equal(poa.sections[2].num, "III");
    assert_string_equal(poa.sections[2].title, "Implementation, international cooperation and assistance");
    assert_string_equal(poa.sections[3].num, "IV");
    assert_string_equal(poa.sections[3].title, "Follow-up to the United Nations Conference on the Illicit Trade in Small Arms "
                                               "and Light Weapons in All Its Aspects");
}

static void test_counts(void **state)
{
    (void)state;
    assert_consistent(&poa);
    assert_int_equal(count_in(&poa, 0), 22);
    assert_int_equal(count_in(&poa, 1), 41);
    assert_int_equal(count_in(&poa, 2), 18);
    assert_int_equal(count_in(&poa, 3), 2);
    assert_int_equal(poa.nparas, 83);
}

static void test_paragraph_starts(void **state)
{
    (void)state;
    assert_true(starts_with(must_para("I", 1)->text, "We, the States participating in the United Nations Conference"));
    assert_true(starts_with(must_para("I", 2)->text, "Gravely concerned about the illicit manufacture"));
    assert_true(starts_with(must_para("I", 22)->text, "Resolve therefore to prevent, combat and eradicate"));
    assert_true(starts_with(must_para("II", 1)->text, "We, the States participating in this Conference"));
    assert_true(starts_with(must_para("II", 4)->text,
                            "To establish, or designate as appropriate, national coordination agencies or bodies"));
    assert_true(starts_with(must_para("II", 41)->text, "To promote dialogue and a culture of peace"));
    assert_true(ends_with(must_para("II", 41)->text, "involving all sectors of society."));
    assert_true(starts_with(must_para("III", 1)->text, "We, the States participating in the Conference, recognize"));
    assert_true(starts_with(must_para("III", 9)->text, "States are encouraged to use and support"));
    assert_true(ends_with(must_para("III", 18)->text, "light weapons in all its aspects."));
    assert_true(starts_with(must_para("IV", 2)->text, "Finally, we, the States participating"));
    assert_true(ends_with(must_para("IV", 2)->text, "to implement the present Programme of Action."));
    /* nothing of a following section heading is left in the last paragraph of a section */
    assert_null(strstr(must_para("I", 22)->text, "II."));
    assert_null(strstr(must_para("II", 41)->text, "III."));
    assert_null(strstr(must_para("III", 18)->text, "IV."));
}

static void test_stray_numbers(void **state)
{
    (void)state;
    /* the page break inside I.9 is joined */
    assert_string_equal(must_para("I", 9)->text, "Reaffirming the inherent right to individual or collective self-defence in "
                                                 "accordance with Article 51 of the Charter of the United Nations,");
    assert_true(starts_with(must_para("I", 10)->text, "Reaffirming also the right of each State to manufacture"));
    assert_true(ends_with(must_para("I", 1)->text, "having met in New York from 9 to 20 July 2001,"));
    /* "... (S/2000/1092) of 15 November 2000. 20. To develop ..." */
    assert_true(ends_with(must_para("II", 19)->text,
                          "ammunition and explosives (S/2000/1092) of 15 November 2000."));
    assert_true(starts_with(must_para("II", 20)->text, "To develop and implement, including in conflict"));
    assert_non_null(strstr(must_para("II", 30)->text, "in paragraphs 28 to 31 of this section."));
    assert_non_null(strstr(must_para("II", 34)->text, "as stipulated in paragraph 17 of this section,"));
    assert_non_null(strstr(must_para("IV", 1)->text, "no later than 2006 to review"));
}

static void test_subparagraphs(void **state)
{
    (void)state;
    const char *t = must_para("I", 22)->text;
    assert_int_equal(count_char(t, '\n'), 5);
    assert_non_null(strstr(t, "by:\n(a) Strengthening or developing agreed norms"));
    assert_non_null(strstr(t, "in all its aspects;\n(b) Developing and implementing"));
    assert_non_null(strstr(t, ";\n(e) Promoting responsible action by States"));

    t = must_para("II", 23)->text;
    assert_int_equal(count_char(t, '\n'), 2);
    assert_non_null(strstr(t, "information on, inter alia,\n(a) small arms and light weapons confiscated"));
    assert_non_null(strstr(t, "within their jurisdiction; and\n(b) other relevant information"));

    t = must_para("IV", 1)->text;
    assert_int_equal(count_char(t, '\n'), 4);
    assert_non_null(strstr(t, "follow-up of the Conference:\n(a) To convene a conference"));
    assert_non_null(strstr(t, "\n(d) To consider further steps"));

    t = must_para("IV", 2)->text;
    assert_int_equal(count_char(t, '\n'), 3);
    assert_non_null(strstr(t, "All Its Aspects:\n(a) Encourage the United Nations"));
    assert_non_null(strstr(t, "\n(c) Further encourage non-governmental organizations"));

    /* every other paragraph is one line; every line break opens a subparagraph */
    size_t breaks = 0;
    for (size_t i = 0; i < poa.nparas; i++) {
        const char *s = poa.paras[i].text;
        assert_clean(s);
        for (const char *p = strchr(s, '\n'); p; p = strchr(p + 1, '\n')) {
            breaks++;
            assert_true(p[1] == '(' && p[3] == ')' && p[4] == ' ');
        }
    }
    assert_int_equal(breaks, 5 + 2 + 4 + 3);
}

static void test_headings(void **state)
{
    (void)state;
    assert_string_equal(must_para("II", 2)->heading, "At the national level");
    assert_string_equal(must_para("II", 24)->heading, "At the regional level");
    assert_string_equal(must_para("II", 32)->heading, "At the global level");
    size_t n = 0;
    for (size_t i = 0; i < poa.nparas; i++)
        if (poa.paras[i].heading) {
            n++;
            assert_clean(poa.paras[i].heading);
        }
    assert_int_equal(n, 3);
    /* the heading is cut off the end of the paragraph before it */
    assert_true(ends_with(must_para("II", 1)->text, "eradicate the illicit trade in small arms and light weapons in all its aspects:"));
    assert_true(ends_with(must_para("II", 23)->text, "in small arms and light weapons in all its aspects."));
    assert_true(ends_with(must_para("II", 31)->text, "in small arms and light weapons in all its aspects."));
    assert_null(strstr(must_para("II", 1)->text, "At the"));
    assert_null(strstr(must_para("II", 23)->text, "At the"));
    assert_null(strstr(must_para("II", 31)->text, "At the"));
    assert_clean(poa.title);
    for (size_t i = 0; i < poa.nsections; i++) assert_clean(poa.sections[i].title);
}

static void test_address(void **state)
{
    (void)state;
    char buf[32];
    poa_paragraph_address(&poa, must_para("II", 4), buf, sizeof buf);
    assert_string_equal(buf, "PoA II.4");
    poa_paragraph_address(&poa, must_para("I", 1), buf, sizeof buf);
    assert_string_equal(buf, "PoA I.1");
    poa_paragraph_address(&poa, must_para("IV", 2), buf, sizeof buf);
    assert_string_equal(buf, "PoA IV.2");
    poa_paragraph_address(&poa, must_para("III", 18), buf, 6);
    assert_string_equal(buf, "PoA I");
    memcpy(buf, "xyz", 4);
    poa_paragraph_address(&poa, must_para("III", 18), buf, 0);
    assert_string_equal(buf, "xyz");
    poa_paragraph_address(&poa, must_para("III", 18), NULL, 10);
    struct poa_paragraph bad = { 99, 7, NULL, NULL };
    poa_paragraph_address(&poa, &bad, buf, sizeof buf);
    assert_string_equal(buf, "PoA ?.7");
    bad.section = -1;
    poa_paragraph_address(&poa, &bad, buf, sizeof buf);
    assert_string_equal(buf, "PoA ?.7");
    /* addresses are unique (document_paragraph.address is UNIQUE) */
    for (size_t i = 0; i < poa.nparas; i++)
        for (size_t k = i + 1; k < poa.nparas; k++) {
            char a[32], b[32];
            poa_paragraph_address(&poa, &poa.paras[i], a, sizeof a);
            poa_paragraph_address(&poa, &poa.paras[k], b, sizeof b);
            assert_string_not_equal(a, b);
        }
}

/* The same text with other line ends and spaces parses to the same document. */
static void test_whitespace_variants(void **state)
{
    (void)state;
    static const struct { const char *from, *to; } variants[] = {
        { "\n", "\r\n" },
        { "\n", "\n\n\n" },
        { " ", "  " },
        { " ", "\t" },
        { " ", "\xC2\xA0" },                /* NBSP */
        { "aspects, ", "aspects,\n" },      /* line breaks all through the body */
        { " 51 of", "\f51 of" },            /* a form feed for the page break */
    };
    for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
        size_t n;
        char *t = replaced(variants[v].from, variants[v].to, &n);
        struct poa_doc d;
        char err[256];
        assert_int_equal(poa_parse(t, n, &d, err, sizeof err), 0);
        assert_same_doc(&poa, &d);
        poa_doc_cleanup(&d);
        free(t);
    }
    /* a byte order mark and surrounding blank space are ignored */
    size_t n = poa_len + 8;
    char *t = malloc(n);
    memcpy(t, "\xEF\xBB\xBF\n \n", 5);
    memcpy(t + 5, poa_text, poa_len);
    memcpy(t + 5 + poa_len, " \n\n", 3);
    struct poa_doc d;
    assert_int_equal(poa_parse(t, n, &d, NULL, 0), 0);
    assert_same_doc(&poa, &d);
    poa_doc_cleanup(&d);
    free(t);
}

/* A lost paragraph number is reported, not silently merged into the paragraph before. */
static void test_missing_paragraph(void **state)
{
    (void)state;
    size_t n;
    char *t = replaced(" 24. To establish", " To establish", &n);
    struct poa_doc d;
    char err[256];
    assert_int_equal(poa_parse(t, n, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "section II: paragraph 24 is missing"));
    assert_null(d.paras);
    poa_doc_cleanup(&d);
    free(t);
}

/* A small document of its own, to pin the rules down. */
static void test_small_document(void **state)
{
    (void)state;
    const char *t = "Header\nAn Instrument (UN Document A/RES/55/255)\n"
                    "I. General 1. We met in 1997. 2. Resolve: (a) one; (b) two. "
                    "II. Measures 1. To act under resolution 55/255. 5. Not a paragraph. "
                    "At the national level 2. To see paragraph 3 (a) of annex I. Done.";
    struct poa_doc d;
    char err[256];
    assert_int_equal(poa_parse(t, strlen(t), &d, err, sizeof err), 0);
    assert_consistent(&d);
    assert_string_equal(d.title, "An Instrument");
    assert_string_equal(d.symbol, "A/RES/55/255");
    assert_int_equal(d.nsections, 2);
    assert_string_equal(d.sections[1].title, "Measures");
    assert_int_equal(d.nparas, 4);
    assert_string_equal(d.paras[0].text, "We met in 1997.");
    assert_string_equal(d.paras[1].text, "Resolve:\n(a) one;\n(b) two.");
    assert_string_equal(d.paras[2].text, "To act under resolution 55/255. 5. Not a paragraph.");
    assert_string_equal(d.paras[3].heading, "At the national level");
    assert_string_equal(d.paras[3].text, "To see paragraph 3 (a) of annex I. Done.");
    poa_doc_cleanup(&d);

    /* a section heading right after a paragraph number belongs to the paragraph (fuzzer find) */
    t = "I. A 1. II. A 1. I11";
    assert_int_equal(poa_parse(t, strlen(t), &d, err, sizeof err), 0);
    assert_consistent(&d);
    assert_int_equal(d.nsections, 1);
    assert_string_equal(d.paras[0].text, "II. A 1. I11");
    poa_doc_cleanup(&d);

    /* no front matter: no title, no symbol */
    t = "I. Only 1. Text";
    assert_int_equal(poa_parse(t, strlen(t), &d, err, sizeof err), 0);
    assert_null(d.title);
    assert_null(d.symbol);
    assert_string_equal(d.paras[0].text, "Text");
    poa_doc_cleanup(&d);
}

/* ---- hostile input ------------------------------------------------------------------ */

static void expect_error(const char *buf, size_t len, const char *needle)
{
    struct poa_doc d;
    char err[256];
    memset(&d, 0x5A, sizeof d);
    assert_int_equal(poa_parse(buf, len, &d, err, sizeof err), -1);
    if (!strstr(err, needle)) fail_msg("error \"%s\" lacks \"%s\"", err, needle);
    assert_null(d.sections);
    assert_null(d.paras);
    assert_null(d.title);
    assert_null(d.symbol);
    poa_doc_cleanup(&d);
    /* no error buffer at all */
    assert_int_equal(poa_parse(buf, len, &d, NULL, 0), -1);
    poa_doc_cleanup(&d);
}

static void test_hostile(void **state)
{
    (void)state;
    expect_error(NULL, 0, "empty");
    expect_error("", 0, "empty");
    expect_error("I. X 1. Y", 0, "empty");
    expect_error(" \n\t\r\n ", 6, "empty");
    expect_error("garbage", 7, "no section");
    expect_error("1. To 2. To 3. To", 17, "no section");
    expect_error("I. Preamble", 11, "no section");
    expect_error("I. Preamble 2. To", 17, "no section");
    expect_error("I. Preamble. 1. To", 18, "no section");
    expect_error("I. Preamble\0 1. To", 18, "NUL");
    expect_error("\0", 1, "NUL");
    expect_error("I. Pre\xC3 1. To", 13, "UTF-8");           /* truncated sequence */
    expect_error("I. Pre\xC0\xAF 1. To", 14, "UTF-8");       /* overlong */
    expect_error("I. Pre\xED\xA0\x80 1. To", 15, "UTF-8");   /* surrogate */
    expect_error("I. Pre\xF4\x90\x80\x80 1. To", 16, "UTF-8"); /* above U+10FFFF */
    expect_error("I. Pre\xFF 1. To", 13, "UTF-8");
    expect_error("I. Pre", 7, "NUL");                        /* the terminator counted in */
    expect_error("I. Pre\x1B 1. To", 13, "control");
    expect_error("I. Pre\xC2\x80 1. To", 14, "control");     /* C1 control */
    expect_error("\xE2\x80", 2, "UTF-8");
    assert_int_equal(poa_parse("I. A 1. B", 9, NULL, NULL, 0), -1);

    /* the real text with a NUL in the middle */
    char *t = malloc(poa_len);
    memcpy(t, poa_text, poa_len);
    t[poa_len / 2] = '\0';
    expect_error(t, poa_len, "NUL");
    free(t);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t ok = 0;
    for (size_t n = 0; n <= poa_len; n += (n < 400 || poa_len - n < 400) ? 1 : 17) {
        char *t = malloc(n ? n : 1);                 /* exact size: ASan sees any overread */
        memcpy(t, poa_text, n);
        ok += parse_checked(t, n) == 0;
        free(t);
    }
    assert_true(ok > 0);
    /* cut just after a section heading: III is not a section without its paragraph 1 */
    const char *cut = strstr(poa_text, "III. Implementation, international cooperation and assistance");
    assert_non_null(cut);
    size_t n = (size_t)(cut - poa_text) + strlen("III. Implementation, international cooperation and assistance");
    struct poa_doc d;
    assert_int_equal(poa_parse(poa_text, n, &d, NULL, 0), 0);
    assert_int_equal(d.nsections, 2);
    assert_int_equal(d.nparas, 22 + 41);
    poa_doc_cleanup(&d);
}

/* Deterministic random mutations of the real text: never a crash, always consistent. */
static void test_mutations(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15u;
    char *t = malloc(poa_len);
    for (int round = 0; round < 400; round++) {
        memcpy(t, poa_text, poa_len);
        int edits = 1 + round % 8;
        for (int e = 0; e < edits; e++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            size_t at = (size_t)(x % poa_len);
            static const char pool[] = "0123456789. ()abIVX\n\xC3\xA9";
            t[at] = (x >> 40) & 1 ? (char)(x >> 48) : pool[(x >> 32) % (sizeof pool - 1)];
        }
        size_t len = (round % 3 == 0) ? (size_t)((x >> 20) % poa_len) + 1 : poa_len;
        parse_checked(t, len);
    }
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_and_sections),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_paragraph_starts),
        cmocka_unit_test(test_stray_numbers),
        cmocka_unit_test(test_subparagraphs),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_whitespace_variants),
        cmocka_unit_test(test_missing_paragraph),
        cmocka_unit_test(test_small_document),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

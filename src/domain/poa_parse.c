/*
 * poa_parse: see poa_parse.h.
 *
 * The PoA text as shipped is three long lines of flowing text: a web-site banner
 * ("Implementation Support System"), then the title with the whole body run on after
 * it, with page breaks surviving only as stray blank lines ("in accordance with\n\n
 * Article 51").  Nothing marks structure but the numbers themselves, so the parser
 * works in four steps:
 *
 * 1. Check and normalise.  The input must be valid UTF-8 with no NUL and no control
 *    character other than white space, else -1.  Every run of white space (including
 *    NBSP and the other Unicode spaces) becomes one separator: '\n' if the run held a
 *    line break, else ' '.  Line breaks matter only for the front matter; everywhere
 *    else both separators mean "space", which joins page-broken paragraphs.
 *
 * 2. Find the skeleton.  A section starts at a word "I." / "II." ... -- only the next
 *    expected numeral -- followed by a capitalised title that reaches a paragraph "1."
 *    within MAX_SECTION_TITLE bytes without a sentence stop.  A paragraph starts at a
 *    word "N." followed by a separator and a capital (or "(", a quote, non-ASCII) and
 *    only when N is the next number expected in the section.  That sequence rule is what
 *    keeps "Article 51 of", "resolution 55/255", "9 to 20 July 2001" and "15 November
 *    2000. 20. To ..." from being taken for paragraph starts.  A candidate numbered one
 *    past the expected number means a paragraph start was lost (garbled text): that is
 *    an error rather than a silent merge of two paragraphs.  A paragraph's text is never
 *    empty: nothing can start at its first byte.
 *
 * 3. Subheadings.  "At the national level" sits between the end of one paragraph and
 *    the number of the next, so it first lands at the end of the previous paragraph.
 *    A trailing run of words (letters, spaces, hyphens, apostrophes only) that follows
 *    sentence punctuation, starts with a capital and is short is moved from the end of
 *    a paragraph to the heading of the next paragraph of the same section.  (A heading
 *    between a section title and its paragraph 1 would stay in the section title; the
 *    PoA has none: only section II has subheadings, before II.2, II.24 and II.32.)
 *
 * 4. Subparagraphs.  Inside a paragraph "(a) " after ':', ';', ',' or '.', then "(b) ",
 *    "(c) " ... in strict alphabetical sequence each start a new line, provided there
 *    are at least two of them.
 *
 * The front matter (everything before "I.") gives the title: its last line, with a
 * trailing "(UN Document A/CONF.192/15)" split off as the symbol.  The banner line
 * before it is dropped.
 *
 * Every scan is bounded by the normalised length, and each check of a section
 * candidate stops at the next ". ", which every later candidate contains, so the whole
 * parse is linear in the input.  All indexes are size_t into one NUL-terminated buffer.
 */
#include "domain/poa_parse.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

enum {
    POA_MAX_INPUT = 4 * 1024 * 1024,  /* bytes; the PoA is about 30 KB */
    MAX_SECTIONS = 39,                /* the longest numeral up to 39 ("XXXVIII") fits num[8] */
    MAX_SECTION_TITLE = 300,          /* bytes from "II. " to the paragraph "1." */
    MAX_PARA_DIGITS = 6,
    MAX_HEADING = 80,                 /* bytes */
    MAX_HEADING_WORDS = 8,
    MAX_SYMBOL = 63
};

struct span { size_t a, b; };         /* [a, b) in the normalised buffer; a == b is none */

struct raw_para {
    int section;
    int num;
    struct span text, heading;
};

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static bool is_sep(char c) { return c == ' ' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_nonascii(char c) { return (unsigned char)c >= 0x80; }

/* ---- step 1: check and normalise -------------------------------------------------- */

/* Length of the valid UTF-8 sequence at in[i] (a byte >= 0x80) with its code point in *cp, or 0. */
static size_t utf8_seq(const unsigned char *in, size_t len, size_t i, unsigned long *cp)
{
    unsigned c = in[i];
    size_t k;
    unsigned lo = 0x80, hi = 0xBF;
    unsigned long v;
    if (c >= 0xC2 && c <= 0xDF) { k = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) {
        k = 3; v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;           /* no overlong forms */
        if (c == 0xED) hi = 0x9F;           /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4; v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;           /* nothing above U+10FFFF */
    } else return 0;
    if (len - i < k) return 0;
    for (size_t j = 1; j < k; j++) {
        unsigned b = in[i + j];
        if (j == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return k;
}

/* 0 for a code point that is not white space, 1 for a space, 2 for a line break. */
static int space_class(unsigned long cp)
{
    if (cp == '\n' || cp == '\r' || cp == '\f' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) return 2;
    if (cp == ' ' || cp == '\t' || cp == '\v' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return 1;
    return 0;
}

/* Check the input and normalise its white space into *out (NUL-terminated, *outn bytes). */
static int normalise(const unsigned char *in, size_t len, char **out, size_t *outn, char *err, size_t errlen)
{
    char *o = xmalloc(len + 1);
    size_t n = 0, i = 0;
    int pending = 0;
    if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) i = 3;   /* byte order mark */
    while (i < len) {
        unsigned long cp = in[i];
        size_t k = 1;
        if (cp == 0) {
            free(o);
            return fail(err, errlen, "the text contains a NUL byte at offset %zu", i);
        }
        if (cp >= 0x80 && !(k = utf8_seq(in, len, i, &cp))) {
            free(o);
            return fail(err, errlen, "the text is not valid UTF-8 at byte offset %zu", i);
        }
        int sc = space_class(cp);
        if (!sc && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) {
            free(o);
            return fail(err, errlen, "the text contains control character U+%04lX at byte offset %zu", cp, i);
        }
        if (sc) {
            if (sc > pending) pending = sc;
        } else {
            if (pending && n) o[n++] = pending == 2 ? '\n' : ' ';
            pending = 0;
            memcpy(o + n, in + i, k);
            n += k;
        }
        i += k;
    }
    o[n] = '\0';
    if (n == 0) {
        free(o);
        return fail(err, errlen, "the text is empty");
    }
    *out = o;
    *outn = n;
    return 0;
}

/* ---- step 2: skeleton ------------------------------------------------------------- */

static bool word_start(const char *s, size_t i) { return i == 0 || is_sep(s[i - 1]); }

/* Could this byte open the text of a paragraph or a title? */
static bool opens_text(char c) { return is_upper(c) || c == '(' || c == '"' || c == '\'' || is_nonascii(c); }

/* Roman numeral for 1..MAX_SECTIONS. */
static void roman(int v, char out[8])
{
    static const char *const units[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
    size_t n = 0;
    for (int t = v / 10; t > 0 && n < 3; t--) out[n++] = 'X';
    const char *u = units[v % 10];
    while (*u && n < 7) out[n++] = *u++;
    out[n] = '\0';
}

/*
 * If a paragraph number "N. " followed by text starts at s[i], return N (1..999999) and
 * set *text to where its text starts; else return 0.
 */
static int para_number_at(const char *s, size_t n, size_t i, size_t *text)
{
    if (!word_start(s, i) || i >= n || s[i] == '0') return 0;
    size_t j = i;
    int v = 0;
    while (j < n && is_digit(s[j]) && j - i < MAX_PARA_DIGITS) v = v * 10 + (s[j++] - '0');
    if (j == i || n - j < 3 || s[j] != '.' || !is_sep(s[j + 1]) || !opens_text(s[j + 2])) return 0;
    *text = j + 2;
    return v;
}

/*
 * If the heading of section num ("II. Title") starts at s[i] and is followed by its
 * paragraph 1, set *title to where the title starts and *body to where "1." starts.
 */
static bool section_at(const char *s, size_t n, size_t i, const char *num, size_t *title, size_t *body)
{
    size_t k = strlen(num);
    if (!word_start(s, i) || n - i < k + 3 || memcmp(s + i, num, k) != 0) return false;
    if (s[i + k] != '.' || !is_sep(s[i + k + 1]) || !opens_text(s[i + k + 2])) return false;
    size_t t = i + k + 2, tmp;
    for (size_t j = t; j < n && j - t <= MAX_SECTION_TITLE; j++) {
        if (j > t && para_number_at(s, n, j, &tmp) == 1) {
            *title = t;
            *body = j;
            return true;
        }
        if ((s[j] == '.' || s[j] == ':' || s[j] == ';') && j + 1 < n && is_sep(s[j + 1])) return false;
    }
    return false;
}

/* Span [a, b) without separators at either end. */
static struct span trim(const char *s, size_t a, size_t b)
{
    while (a < b && is_sep(s[a])) a++;
    while (b > a && is_sep(s[b - 1])) b--;
    return (struct span){ a, b };
}

/* ---- step 3: subheadings ---------------------------------------------------------- */

static bool heading_byte(char c)
{
    return is_upper(c) || is_lower(c) || is_nonascii(c) || is_sep(c) || c == '-' || c == '\'';
}

/*
 * If the paragraph text *t ends with a subheading ("... aspects: At the national level"),
 * cut it off *t and return it in *h.
 */
static bool cut_heading(const char *s, struct span *t, struct span *h)
{
    size_t j = t->b;
    while (j > t->a && heading_byte(s[j - 1])) j--;
    if (j == t->a || j + 1 >= t->b) return false;       /* all words, or nothing after the stop */
    char p = s[j - 1];
    if (!(p == '.' || p == ':' || p == ';' || p == ',' || p == '!' || p == '?' || p == ')')) return false;
    if (!is_sep(s[j]) || !is_upper(s[j + 1])) return false;
    size_t words = 1;
    for (size_t k = j + 1; k < t->b; k++) words += is_sep(s[k]);
    if (t->b - (j + 1) > MAX_HEADING || words > MAX_HEADING_WORDS) return false;
    *h = (struct span){ j + 1, t->b };
    t->b = j;
    return true;
}

/* ---- step 4: output strings ------------------------------------------------------- */

/* The span as a string, separators as spaces; NULL for an empty span. */
static char *plain(const char *s, struct span sp)
{
    if (sp.a >= sp.b) return NULL;
    char *r = xstrndup(s + sp.a, sp.b - sp.a);
    for (char *p = r; *p; p++)
        if (*p == '\n') *p = ' ';
    return r;
}

/* The paragraph text with each subparagraph "(a) ", "(b) " ... on a line of its own. */
static char *paragraph_text(const char *s, struct span sp)
{
    char *r = plain(s, sp);
    if (!r) return xstrdup("");
    size_t n = sp.b - sp.a;
    char want = 'a';
    size_t *breaks = NULL, nbreaks = 0, items = 0;
    for (size_t p = 0; p + 3 < n && want <= 'z'; p++) {
        if (r[p] != '(' || r[p + 1] != want || r[p + 2] != ')' || r[p + 3] != ' ') continue;
        if (p > 0 && r[p - 1] != ' ') continue;
        if (want == 'a' && p > 0) {
            char c = p >= 2 ? r[p - 2] : 0;
            if (!(c == ':' || c == ';' || c == ',' || c == '.')) continue;
        }
        if (p > 0) {
            breaks = xrealloc(breaks, (nbreaks + 1) * sizeof *breaks);
            breaks[nbreaks++] = p - 1;
        }
        items++;
        want++;
    }
    if (items >= 2)
        for (size_t i = 0; i < nbreaks; i++) r[breaks[i]] = '\n';
    free(breaks);
    return r;
}

/* Title and symbol from the front matter [0, end): its last line, "(UN Document X)" split off. */
static void front_matter(const char *s, size_t end, struct poa_doc *out)
{
    struct span t = trim(s, 0, end);
    for (size_t j = t.b; j > t.a; j--)
        if (s[j - 1] == '\n') { t.a = j; break; }
    if (t.b > t.a && s[t.b - 1] == ')') {
        size_t open = t.b - 1;
        while (open > t.a && s[open] != '(') open--;
        if (s[open] == '(') {
            struct span sym = { open + 1, t.b - 1 };
            static const char *const prefixes[] = { "UN Document ", "UN document ", "United Nations document " };
            for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
                size_t k = strlen(prefixes[i]);
                if (sym.b - sym.a > k && memcmp(s + sym.a, prefixes[i], k) == 0) { sym.a += k; break; }
            }
            bool ok = sym.b > sym.a && sym.b - sym.a <= MAX_SYMBOL, slash = false;
            for (size_t k = sym.a; ok && k < sym.b; k++) {
                char c = s[k];
                slash |= c == '/';
                ok = is_upper(c) || is_lower(c) || is_digit(c) || c == '/' || c == '.' || c == '-';
            }
            if (ok && slash) {
                out->symbol = xstrndup(s + sym.a, sym.b - sym.a);
                t = trim(s, t.a, open);
            }
        }
    }
    out->title = plain(s, t);
}

/* ---- the parse -------------------------------------------------------------------- */

int poa_parse(const char *text, size_t len, struct poa_doc *out, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!out) return fail(err, errlen, "no document to parse into");
    memset(out, 0, sizeof *out);
    if (!text || len == 0) return fail(err, errlen, "the text is empty");
    if (len > POA_MAX_INPUT) return fail(err, errlen, "the text is too long (%zu bytes, at most %d)", len, POA_MAX_INPUT);

    char *s = NULL;
    size_t n = 0;
    if (normalise((const unsigned char *)text, len, &s, &n, err, errlen) < 0) return -1;

    struct { char num[8]; struct span title; } secs[MAX_SECTIONS];
    size_t nsec = 0, title = 0, body = 0, start = 0;
    roman(1, secs[0].num);
    for (start = 0; start < n; start++)
        if (section_at(s, n, start, secs[0].num, &title, &body)) break;
    if (start == n) {
        free(s);
        return fail(err, errlen, "no section \"I.\" followed by a paragraph \"1.\" was found");
    }
    secs[0].title = trim(s, title, body);
    nsec = 1;

    struct raw_para *paras = NULL;
    size_t np = 0, cap = 0;
    int expected = 1;
    bool open = false;              /* paras[np - 1] still runs on */
    size_t j = body;
    while (j < n) {
        if (!word_start(s, j)) { j++; continue; }
        size_t t, b;
        char next[8] = "";
        if (nsec < MAX_SECTIONS) roman((int)nsec + 1, next);
        if (next[0] && section_at(s, n, j, next, &t, &b)) {
            if (open) paras[np - 1].text = trim(s, paras[np - 1].text.a, j);
            open = false;
            memcpy(secs[nsec].num, next, sizeof next);
            secs[nsec].title = trim(s, t, b);
            nsec++;
            expected = 1;
            j = b;
            continue;
        }
        int v = para_number_at(s, n, j, &t);
        if (v && v == expected) {
            if (open) paras[np - 1].text = trim(s, paras[np - 1].text.a, j);
            if (np == cap) {
                cap = cap ? cap * 2 : 64;
                paras = xrealloc(paras, cap * sizeof *paras);
            }
            paras[np++] = (struct raw_para){ (int)nsec - 1, v, { t, n }, { 0, 0 } };
            expected++;
            open = true;
            j = t + 1;              /* nothing starts at the first byte of a paragraph's text */
            continue;
        }
        if (v && v == expected + 1 && expected > 1) {
            char sec[8];
            memcpy(sec, secs[nsec - 1].num, sizeof sec);
            free(paras);
            free(s);
            return fail(err, errlen, "section %s: paragraph %d is missing (paragraph %d follows paragraph %d)",
                        sec, expected, v, expected - 1);
        }
        j++;
    }
    POAISS_ASSERT(np > 0 && open);
    paras[np - 1].text = trim(s, paras[np - 1].text.a, n);

    for (size_t i = 0; i + 1 < np; i++)
        if (paras[i + 1].section == paras[i].section) cut_heading(s, &paras[i].text, &paras[i + 1].heading);

    front_matter(s, start, out);
    out->sections = xcalloc(nsec, sizeof *out->sections);
    out->nsections = nsec;
    for (size_t i = 0; i < nsec; i++) {
        memcpy(out->sections[i].num, secs[i].num, sizeof secs[i].num);
        out->sections[i].title = plain(s, secs[i].title);
    }
    out->paras = xcalloc(np, sizeof *out->paras);
    out->nparas = np;
    for (size_t i = 0; i < np; i++) {
        out->paras[i].section = paras[i].section;
        out->paras[i].num = paras[i].num;
        out->paras[i].heading = plain(s, paras[i].heading);
        out->paras[i].text = paragraph_text(s, paras[i].text);
    }
    free(paras);
    free(s);
    return 0;
}

void poa_doc_cleanup(struct poa_doc *doc)
{
    if (!doc) return;
    free(doc->title);
    free(doc->symbol);
    for (size_t i = 0; doc->sections && i < doc->nsections; i++) free(doc->sections[i].title);
    free(doc->sections);
    for (size_t i = 0; doc->paras && i < doc->nparas; i++) {
        free(doc->paras[i].heading);
        free(doc->paras[i].text);
    }
    free(doc->paras);
    memset(doc, 0, sizeof *doc);
}

void poa_paragraph_address(const struct poa_doc *doc, const struct poa_paragraph *p, char *buf, size_t buflen)
{
    if (!buf || !buflen) return;
    const char *num = "?";
    if (doc && p && p->section >= 0 && (size_t)p->section < doc->nsections && doc->sections)
        num = doc->sections[p->section].num;
    snprintf(buf, buflen, "PoA %.7s.%d", num, p ? p->num : 0);
}

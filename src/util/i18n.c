/* i18n: see i18n.h.  Catalogues are .mo files; their originals are sorted, so lookup is a binary search. */
#include "util/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/embed.h"
#include "util/text.h"

const char *const I18N_LANGS[6] = { "ar", "zh", "en", "fr", "ru", "es" };
static const char *const AUTONYMS[6] = { "العربية", "中文", "English", "Français", "Русский", "Español" };

struct catalogue {
    const unsigned char *data;
    size_t len;
    uint32_t n, orig, trans;
    bool swap;
};

static struct catalogue catalogues[6];
/* The reporting templates' strings (question texts, options ...): a second domain, po/templates/. */
static struct catalogue template_catalogues[6];
static _Thread_local int current = 2;   /* English */

static uint32_t rd32(const struct catalogue *c, size_t off)
{
    if (off + 4 > c->len) return 0;
    const unsigned char *p = c->data + off;
    return c->swap ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
                   : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
}

static void load(struct catalogue *c, const struct embed_file *f)
{
    c->data = f->data;
    c->len = f->len;
    c->swap = false;
    uint32_t magic = rd32(c, 0);
    if (magic != 0x950412de) {
        c->swap = true;
        if (rd32(c, 0) != 0x950412de) { c->data = NULL; return; }
    }
    c->n = rd32(c, 8);
    c->orig = rd32(c, 12);
    c->trans = rd32(c, 16);
    if ((size_t)c->orig + (size_t)c->n * 8 > c->len || (size_t)c->trans + (size_t)c->n * 8 > c->len)
        c->data = NULL;
}

void i18n_init(void)
{
    for (int i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "mo/%s.mo", I18N_LANGS[i]);
        const struct embed_file *f = embed_find(name);
        if (f) load(&catalogues[i], f);
        snprintf(name, sizeof name, "mo/templates/%s.mo", I18N_LANGS[i]);
        f = embed_find(name);
        if (f) load(&template_catalogues[i], f);
    }
}

static int lang_index(const char *lang)
{
    if (!lang) return -1;
    for (int i = 0; i < 6; i++)
        if (strcmp(lang, I18N_LANGS[i]) == 0) return i;
    return -1;
}

bool i18n_available(const char *lang)
{
    int i = lang_index(lang);
    return i == 2 || (i >= 0 && catalogues[i].data);
}

void i18n_set_lang(const char *lang)
{
    current = i18n_available(lang) ? lang_index(lang) : 2;
}

const char *i18n_lang(void) { return I18N_LANGS[current]; }
const char *i18n_dir(void) { return current == 0 ? "rtl" : "ltr"; }

const char *i18n_autonym(const char *lang)
{
    int i = lang_index(lang);
    return i < 0 ? lang : AUTONYMS[i];
}

/* The translation of msgid in catalogue c, or msgid itself. */
static const char *lookup(const struct catalogue *c, const char *msgid)
{
    if (!c->data || !msgid || !*msgid) return msgid;
    uint32_t lo = 0, hi = c->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t len = rd32(c, c->orig + (size_t)mid * 8), off = rd32(c, c->orig + (size_t)mid * 8 + 4);
        if ((size_t)off + len >= c->len) return msgid;
        int cmp = strcmp(msgid, (const char *)c->data + off);
        if (cmp == 0) {
            uint32_t tlen = rd32(c, c->trans + (size_t)mid * 8), toff = rd32(c, c->trans + (size_t)mid * 8 + 4);
            if (tlen == 0 || (size_t)toff + tlen >= c->len) return msgid;
            return (const char *)c->data + toff;
        }
        if (cmp < 0) hi = mid; else lo = mid + 1;
    }
    return msgid;
}

const char *i18n_gettext(const char *msgid)
{
    return lookup(&catalogues[current], msgid);
}

const char *i18n_template_in(const char *lang, const char *english)
{
    int i = lang_index(lang);
    return i < 0 ? english : lookup(&template_catalogues[i], english);
}

const char *i18n_template(const char *english)
{
    return lookup(&template_catalogues[current], english);
}

/* ---- dates, times and numbers ------------------------------------------------------------ */

/*
 * CLDR 41 data for the six languages (common/main/LANG.xml; English from en_GB.xml, whose
 * day-month-year order is the UN's).  Patterns use CLDR's letters: d day, M month (MMMM its
 * name), y year, H/HH hour 0-23, h hour 1-12, mm minutes, a am/pm, 'text' literal; the
 * joining pattern puts the date at {1} and the time at {0}.  Checked against the CLDR
 * files by tests/unit/test_i18n.c.
 */
struct i18n_locale {
    const char *months[12];      /* gregorian, format context, wide */
    const char *date_long, *time_short, *date_time, *am, *pm;
    bool arab_digits;            /* the default numbering system is "arab" (U+0660-U+0669) */
    const char *group, *minus;   /* symbols of the default numbering system */
    int min_grouping;            /* minimumGroupingDigits: 2 leaves 1234 ungrouped */
};

static const struct i18n_locale LOCALES[6] = {
    { { "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
      "d MMMM y", "h:mm a", "{1} في {0}", "ص", "م", true, "٬", "\xD8\x9C-", 1 },
    { { "一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月" },
      "y年M月d日", "HH:mm", "{1} {0}", "上午", "下午", false, ",", "-", 1 },
    { { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December" },
      "d MMMM y", "HH:mm", "{1} 'at' {0}", "am", "pm", false, ",", "-", 1 },
    { { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre" },
      "d MMMM y", "HH:mm", "{1} 'à' {0}", "AM", "PM", false, "\xE2\x80\xAF", "-", 1 },
    { { "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
        "декабря" },
      "d MMMM y 'г'.", "HH:mm", "{1}, {0}", "AM", "PM", false, "\xC2\xA0", "-", 1 },
    { { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
        "diciembre" },
      "d 'de' MMMM 'de' y", "H:mm", "{1}, {0}", "a. m.", "p. m.", false, ".", "-", 2 },
};

static const struct i18n_locale *locale_of(const char *lang)
{
    int i = lang_index(lang);
    return &LOCALES[i < 0 ? 2 : i];
}

struct when { int y, mo, d, h, mi; bool has_time; };

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* A real calendar date, optionally with a UTC time: the forms i18n.h describes, nothing else. */
static bool when_parse(const char *s, struct when *w)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    memset(w, 0, sizeof *w);
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &w->y) || !digits(s + 5, 2, &w->mo) || !digits(s + 8, 2, &w->d)) return false;
    if (w->y < 1 || w->mo < 1 || w->mo > 12 || w->d < 1) return false;
    bool leap = (w->y % 4 == 0 && w->y % 100 != 0) || w->y % 400 == 0;
    if (w->d > mdays[w->mo - 1] + (w->mo == 2 && leap)) return false;
    const char *p = s + 10;
    if (!*p) return true;
    if (*p != 'T' && *p != ' ') return false;
    p++;
    if (strlen(p) < 5 || p[2] != ':' || !digits(p, 2, &w->h) || !digits(p + 3, 2, &w->mi) || w->h > 23 || w->mi > 59)
        return false;
    p += 5;
    int sec;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec) || sec > 60) return false;
        p += 3;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9') return false;
            while (*p >= '0' && *p <= '9') p++;
        }
    }
    if (*p == 'Z') p++;
    else if (strcmp(p, "+00:00") == 0) p += 6;
    if (*p) return false;
    w->has_time = true;
    return true;
}

/* The decimal digits of s (ASCII), in the locale's digits. */
static void put_digits(struct buf *b, const struct i18n_locale *L, const char *s)
{
    for (; *s; s++) {
        if (L->arab_digits && *s >= '0' && *s <= '9') {
            char d[2] = { (char)0xD9, (char)(0xA0 + (*s - '0')) };   /* U+0660 + n */
            buf_append(b, d, 2);
        } else {
            buf_putc(b, *s);
        }
    }
}

static void put_num(struct buf *b, const struct i18n_locale *L, int v, int width)
{
    char s[16];
    snprintf(s, sizeof s, "%0*d", width > 4 ? 4 : width, v);
    put_digits(b, L, s);
}

static bool pattern_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* One CLDR date or time pattern (the letters i18n_locale lists; other letters write nothing). */
static void put_pattern(struct buf *b, const struct i18n_locale *L, const char *pat, const struct when *w)
{
    const char *p = pat;
    while (*p) {
        if (*p == '\'') {
            p++;
            if (*p == '\'') { buf_putc(b, '\''); p++; continue; }
            while (*p && *p != '\'') buf_putc(b, *p++);
            if (*p) p++;
            continue;
        }
        if (!pattern_letter(*p)) { buf_putc(b, *p++); continue; }
        char c = *p;
        int n = 0;
        while (p[n] == c) n++;
        p += n;
        switch (c) {
        case 'd': put_num(b, L, w->d, n); break;
        case 'M': if (n >= 3) buf_puts(b, L->months[w->mo - 1]); else put_num(b, L, w->mo, n); break;
        case 'y': put_num(b, L, w->y, 1); break;
        case 'H': put_num(b, L, w->h, n); break;
        case 'h': put_num(b, L, w->h % 12 ? w->h % 12 : 12, n); break;
        case 'm': put_num(b, L, w->mi, n); break;
        case 'a': buf_puts(b, w->h < 12 ? L->am : L->pm); break;
        default: break;
        }
    }
}

static void put_date_time(struct buf *b, const struct i18n_locale *L, const struct when *w)
{
    for (const char *p = L->date_time; *p;) {
        if (p[0] == '{' && (p[1] == '0' || p[1] == '1') && p[2] == '}') {
            if (p[1] == '1') put_pattern(b, L, L->date_long, w);
            else { put_pattern(b, L, L->time_short, w); buf_puts(b, " UTC"); }
            p += 3;
        } else if (*p == '\'') {
            p++;
            while (*p && *p != '\'') buf_putc(b, *p++);
            if (*p) p++;
        } else {
            buf_putc(b, *p++);
        }
    }
}

bool i18n_date_in(struct buf *b, const char *lang, const char *iso)
{
    struct when w;
    if (!when_parse(iso, &w)) { if (iso) buf_puts(b, iso); return false; }
    put_pattern(b, locale_of(lang), locale_of(lang)->date_long, &w);
    return true;
}

bool i18n_datetime_in(struct buf *b, const char *lang, const char *iso)
{
    struct when w;
    if (!when_parse(iso, &w)) { if (iso) buf_puts(b, iso); return false; }
    const struct i18n_locale *L = locale_of(lang);
    if (w.has_time) put_date_time(b, L, &w);
    else put_pattern(b, L, L->date_long, &w);
    return true;
}

bool i18n_date(struct buf *b, const char *iso) { return i18n_date_in(b, I18N_LANGS[current], iso); }
bool i18n_datetime(struct buf *b, const char *iso) { return i18n_datetime_in(b, I18N_LANGS[current], iso); }

void i18n_number_in(struct buf *b, const char *lang, long long n)
{
    const struct i18n_locale *L = locale_of(lang);
    char s[32];
    /* the magnitude as unsigned: -LLONG_MIN overflows a long long */
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    int len = snprintf(s, sizeof s, "%llu", u);
    if (n < 0) buf_puts(b, L->minus);
    bool group = len > 3 && len - 3 >= L->min_grouping;
    for (int i = 0; i < len; i++) {
        char d[2] = { s[i], 0 };
        put_digits(b, L, d);
        int left = len - 1 - i;
        if (group && left > 0 && left % 3 == 0) buf_puts(b, L->group);
    }
}

void i18n_number(struct buf *b, long long n) { i18n_number_in(b, I18N_LANGS[current], n); }

static void html_when(struct buf *b, const char *iso, bool (*fmt)(struct buf *, const char *))
{
    if (!iso || !*iso) return;
    struct buf t = BUF_INIT;
    if (fmt(&t, iso)) {
        HTML_LIT(b, "<time datetime=\"");
        html_text(b, iso);
        HTML_LIT(b, "\"><bdi>");
        html_text(b, buf_cstr(&t));
        HTML_LIT(b, "</bdi></time>");
    } else {
        i18n_html_ltr(b, iso);
    }
    buf_cleanup(&t);
}

void i18n_html_date(struct buf *b, const char *iso) { html_when(b, iso, i18n_date); }
void i18n_html_datetime(struct buf *b, const char *iso) { html_when(b, iso, i18n_datetime); }

void i18n_html_number(struct buf *b, long long n)
{
    struct buf t = BUF_INIT;
    i18n_number(&t, n);
    html_text(b, buf_cstr(&t));
    buf_cleanup(&t);
}

void i18n_html_ltr(struct buf *b, const char *s)
{
    if (!s || !*s) return;
    HTML_LIT(b, "<bdi dir=\"ltr\">");
    html_text(b, s);
    HTML_LIT(b, "</bdi>");
}

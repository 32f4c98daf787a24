/* i18n: see i18n.h.  Catalogues are .mo files; their originals are sorted, so lookup is a binary search. */
#include "util/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/embed.h"

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

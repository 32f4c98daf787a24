#include "gen_refdata.h"

/* ---- iso-codes ------------------------------------------------------------------------- */


Iso *iso;
static int n_iso;

static const char *json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

void load_iso_codes(void)
{
    json_error_t je;
    json_t *root = json_load_file(iso_codes_path, 0, &je);
    if (!root) die("%s:%d: %s", iso_codes_path, je.line, je.text);
    json_t *arr = json_object_get(root, "3166-1");
    if (!json_is_array(arr)) die("%s: no \"3166-1\" array", iso_codes_path);
    n_iso = (int)json_array_size(arr);
    iso = xmalloc((size_t)n_iso * sizeof *iso);
    for (int i = 0; i < n_iso; i++) {
        json_t *o = json_array_get(arr, (size_t)i);
        const char *a2 = json_str(o, "alpha_2"), *a3 = json_str(o, "alpha_3");
        const char *num = json_str(o, "numeric"), *name = json_str(o, "name");
        const char *off = json_str(o, "official_name");
        if (!a2 || !a3 || !num || !name) die("%s: entry %d lacks alpha_2, alpha_3, numeric or name", iso_codes_path, i);
        iso[i].alpha2 = xstrdup(a2);
        iso[i].alpha3 = xstrdup(a3);
        iso[i].numeric = xstrdup(num);
        iso[i].name = xstrdup(name);
        iso[i].official = off ? xstrdup(off) : NULL;
    }
    json_decref(root);
}

const Iso *iso_by_alpha3(const char *a3)
{
    for (int i = 0; i < n_iso; i++)
        if (strcmp(iso[i].alpha3, a3) == 0) return &iso[i];
    return NULL;
}

const Iso *iso_by_alpha2(const char *a2)
{
    for (int i = 0; i < n_iso; i++)
        if (strcmp(iso[i].alpha2, a2) == 0) return &iso[i];
    return NULL;
}

/* ---- gettext .mo catalogues ----------------------------------------------------------- */


static uint32_t mo_u32(const Mo *m, size_t off)
{
    if (off > m->len || m->len - off < 4) die("%s: truncated at offset %zu", m->path, off);
    const unsigned char *p = m->buf + off;
    if (m->big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

void mo_load(Mo *m, const char *path)
{
    m->path = xstrdup(path);
    m->buf = (unsigned char *)must_read(path, &m->len);
    if (m->len < 28) die("%s: too short for a .mo file", path);
    const unsigned char *b = m->buf;
    if (b[0] == 0xde && b[1] == 0x12 && b[2] == 0x04 && b[3] == 0x95) m->big_endian = 0;
    else if (b[0] == 0x95 && b[1] == 0x04 && b[2] == 0x12 && b[3] == 0xde) m->big_endian = 1;
    else die("%s: not a .mo file (bad magic)", path);
    uint32_t rev = mo_u32(m, 4);
    if (rev >> 16 > 1) die("%s: unsupported .mo major revision %u", path, (unsigned)(rev >> 16));
    m->n = mo_u32(m, 8);
    m->orig = mo_u32(m, 12);
    m->trans = mo_u32(m, 16);
    if ((uint64_t)m->orig + 8ull * m->n > m->len || (uint64_t)m->trans + 8ull * m->n > m->len)
        die("%s: string tables run past the end of the file", path);
}

/* The string at descriptor i of the table at tab: pointer and length, bounds-checked. */
static const char *mo_string(const Mo *m, uint32_t tab, uint32_t i, uint32_t *lenp)
{
    uint32_t len = mo_u32(m, tab + 8u * i), off = mo_u32(m, tab + 8u * i + 4);
    if ((uint64_t)off + len >= m->len || m->buf[off + len] != 0)
        die("%s: string %u runs past the end of the file", m->path, (unsigned)i);
    *lenp = len;
    return (const char *)m->buf + off;
}

/* The translation of msgid, or NULL if there is none (or it is empty). */
char *mo_lookup(const Mo *m, const char *msgid)
{
    size_t klen = strlen(msgid);
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t olen;
        const char *o = mo_string(m, m->orig, i, &olen);
        if (olen != klen || memcmp(o, msgid, klen) != 0) continue;
        uint32_t tlen;
        const char *t = mo_string(m, m->trans, i, &tlen);
        size_t first = strlen(t); /* plural forms: the first one */
        if (first == 0) return NULL;
        char *s = xstrndup(t, first < tlen ? first : tlen);
        if (!utf8_valid(s)) die("%s: translation of \"%s\" is not valid UTF-8", m->path, msgid);
        return s;
    }
    return NULL;
}

/* ---- CLDR ------------------------------------------------------------------------------- */


CGroup *cgroups;
int n_cgroups;



static const char *attr(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

void XMLCALL sup_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct sup_ctx *c = ud;
    if (strcmp(el, "territoryContainment") == 0) { c->in_containment = 1; return; }
    if (!c->in_containment || strcmp(el, "group") != 0) return;
    const char *type = attr(atts, "type"), *contains = attr(atts, "contains");
    if (!type || !contains) return;
    const char *status = attr(atts, "status"), *grouping = attr(atts, "grouping");
    cgroups = xrealloc(cgroups, (size_t)(n_cgroups + 1) * sizeof *cgroups);
    CGroup *g = &cgroups[n_cgroups++];
    g->type = xstrdup(type);
    g->contains = xstrdup(contains);
    g->status = status ? xstrdup(status) : NULL;
    g->grouping = grouping && strcmp(grouping, "true") == 0;
}

void XMLCALL sup_end(void *ud, const XML_Char *el)
{
    struct sup_ctx *c = ud;
    if (strcmp(el, "territoryContainment") == 0) c->in_containment = 0;
}

void xml_parse(const char *path, void *ud, XML_StartElementHandler st,
                      XML_EndElementHandler en, XML_CharacterDataHandler cd)
{
    size_t len;
    char *buf = must_read(path, &len);
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) die("out of memory");
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, st, en);
    if (cd) XML_SetCharacterDataHandler(p, cd);
    if (XML_Parse(p, buf, (int)len, 1) == XML_STATUS_ERROR)
        die("%s:%lu: %s", path, (unsigned long)XML_GetCurrentLineNumber(p),
            XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    free(buf);
}

/* English names of M49 regions from main/en.xml (<territory type="002">Africa</territory>). */

CName *cnames;
int n_cnames;



void XMLCALL en_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct en_ctx *c = ud;
    if (strcmp(el, "territories") == 0) { c->in_territories = 1; return; }
    if (!c->in_territories || strcmp(el, "territory") != 0) return;
    const char *type = attr(atts, "type");
    if (!type || !is_m49(type) || attr(atts, "alt")) return;
    c->capturing = 1;
    memcpy(c->code, type, 4);
    c->text = xmalloc(1);
    c->text[0] = 0;
    c->len = 0;
}

void XMLCALL en_chars(void *ud, const XML_Char *s, int len)
{
    struct en_ctx *c = ud;
    if (!c->capturing || len <= 0) return;
    c->text = xrealloc(c->text, c->len + (size_t)len + 1);
    memcpy(c->text + c->len, s, (size_t)len);
    c->len += (size_t)len;
    c->text[c->len] = 0;
}

void XMLCALL en_end(void *ud, const XML_Char *el)
{
    struct en_ctx *c = ud;
    if (strcmp(el, "territories") == 0) { c->in_territories = 0; return; }
    if (!c->capturing || strcmp(el, "territory") != 0) return;
    c->capturing = 0;
    cnames = xrealloc(cnames, (size_t)(n_cnames + 1) * sizeof *cnames);
    memcpy(cnames[n_cnames].code, c->code, 4);
    cnames[n_cnames].name = c->text;
    n_cnames++;
    c->text = NULL;
}

/* Where CLDR's English name differs from the name in the UN M49 standard. */
static const struct { const char *code, *name; } m49_names[] = {
    { "035", "South-eastern Asia" },
    { "053", "Australia and New Zealand" },
    { "057", "Micronesia" },
    { "419", "Latin America and the Caribbean" },
};

/* ---- the M49 tree ---------------------------------------------------------------------- */


Region regions[64];
int n_regions;

int region_find(const char *code)
{
    for (int i = 0; i < n_regions; i++)
        if (strcmp(regions[i].code, code) == 0) return i;
    return -1;
}

static int region_add(const char *code, int level, int parent)
{
    if (region_find(code) >= 0) die("%s: region %s appears twice in the M49 tree", "supplementalData.xml", code);
    if (n_regions == (int)(sizeof regions / sizeof regions[0])) die("too many regions");
    Region *r = &regions[n_regions];
    memcpy(r->code, code, 4);
    r->level = level;
    r->parent = parent;
    r->name = NULL;
    return n_regions++;
}

/* Ordinary (non-deprecated, non-grouping) containment groups of a type; in CLDR one
 * type may have several group elements. Calls fn for each contained code. */
static void each_contained(const char *type, int want_status_grouping, void (*fn)(const char *, void *), void *ud)
{
    for (int i = 0; i < n_cgroups; i++) {
        CGroup *g = &cgroups[i];
        if (strcmp(g->type, type) != 0) continue;
        int is_grouping = g->status && strcmp(g->status, "grouping") == 0;
        if (g->status && !is_grouping) continue; /* deprecated */
        if (is_grouping != want_status_grouping) continue;
        char *copy = xstrdup(g->contains);
        char **w = split_words(copy, NULL);
        for (int k = 0; w[k]; k++) fn(w[k], ud);
        free(w);
        free(copy);
    }
}

struct tree_ctx {
    int parent, level;
};

static void add_child(const char *code, void *ud)
{
    struct tree_ctx *t = ud;
    if (is_m49(code)) region_add(code, t->level, t->parent);
}

/* In UN M49, Sub-Saharan Africa (202) and Latin America and the Caribbean (419) are
 * subregions whose parts (Eastern Africa ..., Caribbean ...) are intermediate regions.
 * CLDR has them only as overlay groupings on an otherwise two-level tree, so they are
 * layered in here. (CLDR's other overlays, e.g. 003 North America, are not M49.) */
static const struct { const char *code, *parent; } m49_layers[] = {
    { "202", "002" },
    { "419", "019" },
};

struct layer_ctx {
    int layer;
    const char *found;
};

static void find_in_grouping(const char *code, void *ud)
{
    struct layer_ctx *l = ud;
    if (strcmp(code, regions[l->layer].code) == 0) l->found = code;
}

static void move_under_layer(const char *code, void *ud)
{
    struct layer_ctx *l = ud;
    int i = region_find(code);
    if (i < 0 || regions[i].level != 2 || regions[i].parent != regions[l->layer].parent)
        die("supplementalData.xml: %s contains %s, which is not a subregion of %s: the CLDR layout has changed",
            regions[l->layer].code, code, regions[regions[l->layer].parent].code);
    regions[i].level = 3;
    regions[i].parent = l->layer;
}

/* Alpha-2 territory -> leaf region index. */

static Leaf leaves[400];
static int n_leaves;

struct leaf_ctx {
    int region;
};

static void add_leaf(const char *code, void *ud)
{
    struct leaf_ctx *l = ud;
    if (!is_upper_code(code, 2)) return;
    for (int i = 0; i < n_leaves; i++)
        if (strcmp(leaves[i].a2, code) == 0)
            die("supplementalData.xml: %s is in both %s and %s", code, regions[leaves[i].region].code,
                regions[l->region].code);
    if (n_leaves == (int)(sizeof leaves / sizeof leaves[0])) die("too many territories");
    memcpy(leaves[n_leaves].a2, code, 3);
    leaves[n_leaves].region = l->region;
    n_leaves++;
}

int leaf_region(const char *a2)
{
    for (int i = 0; i < n_leaves; i++)
        if (strcmp(leaves[i].a2, a2) == 0) return leaves[i].region;
    return -1;
}

void build_m49_tree(const char *supfile)
{
    struct tree_ctx t = { -1, 1 };
    each_contained("001", 0, add_child, &t);
    int n1 = n_regions;
    if (n1 != 5) die("%s: the world (001) has %d M49 regions, expected 5", supfile, n1);
    for (int i = 0; i < n1; i++) {
        t.parent = i;
        t.level = 2;
        each_contained(regions[i].code, 0, add_child, &t);
    }
    for (size_t k = 0; k < sizeof m49_layers / sizeof m49_layers[0]; k++) {
        int p = region_find(m49_layers[k].parent);
        if (p < 0 || regions[p].level != 1) die("%s: no M49 region %s", supfile, m49_layers[k].parent);
        struct layer_ctx l = { -1, NULL };
        /* CLDR must list it as a grouping under its parent */
        l.layer = region_add(m49_layers[k].code, 2, p);
        each_contained(m49_layers[k].parent, 1, find_in_grouping, &l);
        if (!l.found) die("%s: %s is not a grouping of %s: the CLDR layout has changed", supfile,
                          m49_layers[k].code, m49_layers[k].parent);
        /* its parts: a group whose type is the layer (CLDR marks it grouping="true") */
        int before = 0;
        for (int i = 0; i < n_regions; i++) before += regions[i].parent == l.layer;
        each_contained(m49_layers[k].code, 0, move_under_layer, &l);
        int after = 0;
        for (int i = 0; i < n_regions; i++) after += regions[i].parent == l.layer;
        if (after == before) die("%s: %s has no parts", supfile, m49_layers[k].code);
    }
    for (int i = 0; i < n_regions; i++) {
        int layer = 0;
        for (size_t k = 0; k < sizeof m49_layers / sizeof m49_layers[0]; k++)
            layer |= strcmp(regions[i].code, m49_layers[k].code) == 0;
        if (regions[i].level == 1 || layer) continue;
        struct leaf_ctx l = { i };
        each_contained(regions[i].code, 0, add_leaf, &l);
    }
}

const char *region_name(const char *code)
{
    for (size_t k = 0; k < sizeof m49_names / sizeof m49_names[0]; k++)
        if (strcmp(m49_names[k].code, code) == 0) return m49_names[k].name;
    for (int i = 0; i < n_cnames; i++)
        if (strcmp(cnames[i].code, code) == 0) return cnames[i].name;
    return NULL;
}


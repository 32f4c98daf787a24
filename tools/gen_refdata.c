/*
 * gen_refdata: build-time generator of the reference data SQL.
 *
 *   gen_refdata [--iso-codes FILE] [--locale-dir DIR] [--cldr DIR] DATADIR > refdata.sql
 *
 * Reads the project's own lists in DATADIR (states.tsv, groups.tsv, organisations.tsv,
 * meetings.tsv, cycles.tsv, names.tsv) and the system's reference data:
 *   - iso-codes: ISO 3166-1 codes and names (JSON) and their translations into Arabic,
 *     Chinese, French, Russian and Spanish (gettext .mo catalogues, parsed here);
 *   - Unicode CLDR: the territory containment (UN M49 regions, the UN membership list)
 *     from supplementalData.xml, and region names from main/en.xml (and ar, zh, fr, ru, es).
 * Writes one transaction of INSERTs for the tables region, regional_group, state,
 * state_name, organisation, organisation_member, meeting and cycle of
 * migrations/0001_init.sql, and ref_name (migrations/0008_ref_name.sql): the names of
 * regions, groups, organisations, meetings and official State names in Arabic, Chinese,
 * French, Russian and Spanish, from CLDR, iso-codes and DATADIR/names.tsv.
 *
 * Any inconsistency (an unknown or duplicate code, a membership list that differs from
 * CLDR's, a wrong count, an organisation member that is not a listed State, a bad date)
 * is reported on stderr as FILE:LINE: message, and the exit status is 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <jansson.h>

#define N_MEMBERS   193
#define N_OBSERVERS 2

static const char *iso_codes_path = "/usr/share/iso-codes/json/iso_3166-1.json";
static const char *locale_dir = "/usr/share/locale";
static const char *cldr_dir = "/usr/share/unicode/cldr/common";

static int nerrors;

/* ---- diagnostics and memory ------------------------------------------------------ */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_refdata: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* An error in an input file: reported, counted; the run fails at the next checkpoint. */
static void err_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (line > 0)
        fprintf(stderr, "%s:%d: ", file, line);
    else
        fprintf(stderr, "%s: ", file);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    nerrors++;
}

static void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_refdata: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void checkpoint(void)
{
    if (nerrors) {
        fprintf(stderr, "gen_refdata: %d error%s, no output\n", nerrors, nerrors == 1 ? "" : "s");
        exit(1);
    }
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static char *path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = xmalloc(la + lb + 2);
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* The whole file, NUL-terminated; NULL (errno set) if it cannot be read. */
static char *read_file(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (cap - len < 4096) buf = xrealloc(buf, cap *= 2);
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); errno = EIO; return NULL; }
    buf[len] = 0;
    if (lenp) *lenp = len;
    return buf;
}

static char *must_read(const char *path, size_t *lenp)
{
    char *s = read_file(path, lenp);
    if (!s) die("%s: %s", path, strerror(errno));
    return s;
}

/* ---- small checks -------------------------------------------------------------------- */

static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n;
        if (*p < 0x80) { p++; continue; }
        else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2) n = 1;
        else if ((*p & 0xf0) == 0xe0) n = 2;
        else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4) n = 3;
        else return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xc0) != 0x80) return 0;
    }
    return 1;
}

static int is_upper_code(const char *s, size_t len)
{
    if (strlen(s) != len) return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 'A' || s[i] > 'Z') return 0;
    return 1;
}

static int is_m49(const char *s)
{
    return strlen(s) == 3 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
        && isdigit((unsigned char)s[2]);
}

/* YYYY-MM-DD, a real calendar date. */
static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* A decimal integer in [lo, hi]; -1 if not. */
static long parse_int(const char *s, long lo, long hi)
{
    if (!*s) return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p)) return -1;
    if (strlen(s) > 9) return -1;
    long v = atol(s);
    return v < lo || v > hi ? -1 : v;
}

/* Split s on single spaces into a NULL-terminated vector (s is modified). */
static char **split_words(char *s, int *np)
{
    int n = 0, cap = 8;
    char **v = xmalloc(cap * sizeof *v);
    char *save = NULL;
    for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (n + 1 >= cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = w;
    }
    v[n] = NULL;
    if (np) *np = n;
    return v;
}

/* ---- TSV ------------------------------------------------------------------------------ */

typedef struct {
    char **f;
    int line;
} Row;

typedef struct {
    char *path;
    Row *rows;
    int n;
} Table;

/* Load DIR/NAME: '#' lines and blank lines are skipped; the first other line must be the
 * header; every row has exactly as many tab-separated fields as the header. */
static void tsv_load(Table *t, const char *dir, const char *name, const char *header)
{
    t->path = path_join(dir, name);
    t->rows = NULL;
    t->n = 0;
    char *buf = must_read(t->path, NULL);
    int ncols = 1;
    for (const char *p = header; *p; p++) ncols += *p == '\t';
    int cap = 0, lineno = 0, seen_header = 0;
    char *line = buf;
    while (*line) {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : line + strlen(line);
        if (nl) *nl = 0;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[--len] = 0;
        lineno++;
        if (len == 0 || line[0] == '#') { line = next; continue; }
        if (!utf8_valid(line)) {
            err_at(t->path, lineno, "invalid UTF-8");
            line = next;
            continue;
        }
        if (!seen_header) {
            if (strcmp(line, header) != 0) {
                err_at(t->path, lineno, "header is not \"%s\"", header);
                checkpoint();
            }
            seen_header = 1;
            line = next;
            continue;
        }
        char **f = xmalloc((size_t)ncols * sizeof *f);
        int n = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (n < ncols) f[n] = p;
            n++;
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        if (n != ncols) {
            err_at(t->path, lineno, "%d fields, expected %d", n, ncols);
            free(f);
            line = next;
            continue;
        }
        int bad = 0;
        for (int i = 0; i < ncols; i++) {
            size_t fl = strlen(f[i]);
            if (fl && (f[i][0] == ' ' || f[i][fl - 1] == ' ')) bad = 1;
        }
        if (bad) err_at(t->path, lineno, "a field begins or ends with a space");
        if (t->n == cap) t->rows = xrealloc(t->rows, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *t->rows);
        t->rows[t->n].f = f;
        t->rows[t->n].line = lineno;
        t->n++;
        line = next;
    }
    if (!seen_header) err_at(t->path, 0, "no header line");
}

/* ---- iso-codes ------------------------------------------------------------------------- */

typedef struct {
    char *alpha2, *alpha3, *numeric, *name, *official;
} Iso;

static Iso *iso;
static int n_iso;

static const char *json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void load_iso_codes(void)
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

static const Iso *iso_by_alpha3(const char *a3)
{
    for (int i = 0; i < n_iso; i++)
        if (strcmp(iso[i].alpha3, a3) == 0) return &iso[i];
    return NULL;
}

static const Iso *iso_by_alpha2(const char *a2)
{
    for (int i = 0; i < n_iso; i++)
        if (strcmp(iso[i].alpha2, a2) == 0) return &iso[i];
    return NULL;
}

/* ---- gettext .mo catalogues ----------------------------------------------------------- */

typedef struct {
    char *path;
    unsigned char *buf;
    size_t len;
    int big_endian;
    uint32_t n, orig, trans;
} Mo;

static uint32_t mo_u32(const Mo *m, size_t off)
{
    if (off > m->len || m->len - off < 4) die("%s: truncated at offset %zu", m->path, off);
    const unsigned char *p = m->buf + off;
    if (m->big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void mo_load(Mo *m, const char *path)
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
static char *mo_lookup(const Mo *m, const char *msgid)
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

typedef struct {
    char *type, *contains, *status;
    int grouping;
} CGroup;

static CGroup *cgroups;
static int n_cgroups;

struct sup_ctx {
    int in_containment;
};

static const char *attr(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

static void XMLCALL sup_start(void *ud, const XML_Char *el, const XML_Char **atts)
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

static void XMLCALL sup_end(void *ud, const XML_Char *el)
{
    struct sup_ctx *c = ud;
    if (strcmp(el, "territoryContainment") == 0) c->in_containment = 0;
}

static void xml_parse(const char *path, void *ud, XML_StartElementHandler st,
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
typedef struct {
    char code[4];
    char *name;
} CName;

static CName *cnames;
static int n_cnames;

struct en_ctx {
    int in_territories;
    int capturing;
    char code[4];
    char *text;
    size_t len;
};

static void XMLCALL en_start(void *ud, const XML_Char *el, const XML_Char **atts)
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

static void XMLCALL en_chars(void *ud, const XML_Char *s, int len)
{
    struct en_ctx *c = ud;
    if (!c->capturing || len <= 0) return;
    c->text = xrealloc(c->text, c->len + (size_t)len + 1);
    memcpy(c->text + c->len, s, (size_t)len);
    c->len += (size_t)len;
    c->text[c->len] = 0;
}

static void XMLCALL en_end(void *ud, const XML_Char *el)
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

typedef struct {
    char code[4];
    const char *name;
    int level;
    int parent; /* index, -1 for level 1 */
} Region;

static Region regions[64];
static int n_regions;

static int region_find(const char *code)
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
typedef struct {
    char a2[3];
    int region;
} Leaf;

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

static int leaf_region(const char *a2)
{
    for (int i = 0; i < n_leaves; i++)
        if (strcmp(leaves[i].a2, a2) == 0) return leaves[i].region;
    return -1;
}

static void build_m49_tree(const char *supfile)
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

static const char *region_name(const char *code)
{
    for (size_t k = 0; k < sizeof m49_names / sizeof m49_names[0]; k++)
        if (strcmp(m49_names[k].code, code) == 0) return m49_names[k].name;
    for (int i = 0; i < n_cnames; i++)
        if (strcmp(cnames[i].code, code) == 0) return cnames[i].name;
    return NULL;
}

/* ---- the project's lists ------------------------------------------------------------- */

enum { L_AR, L_ZH, L_EN, L_FR, L_RU, L_ES, N_LANGS };
static const char *const lang_code[N_LANGS] = { "ar", "zh", "en", "fr", "ru", "es" };
static const char *const lang_dir[N_LANGS] = { "ar", "zh_CN", NULL, "fr", "ru", "es" };

typedef struct {
    const char *iso3, *status, *grp, *name;
    const Iso *iso;
    int region, subregion, intermediate;
    char *names[N_LANGS];
    int line;
} State;

static State *states;
static int n_states;

static int state_find(const char *iso3)
{
    for (int i = 0; i < n_states; i++)
        if (strcmp(states[i].iso3, iso3) == 0) return i;
    return -1;
}

typedef struct {
    const char *code, *name;
    long ord;
} Group;

static Group groups[16];
static int n_groups;

static int group_find(const char *code)
{
    for (int i = 0; i < n_groups; i++)
        if (strcmp(groups[i].code, code) == 0) return i;
    return -1;
}

static void load_groups(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "groups.tsv", "code\tname\tord");
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        if (!*f[0] || !*f[1]) { err_at(t.path, line, "empty code or name"); continue; }
        if (group_find(f[0]) >= 0) { err_at(t.path, line, "duplicate group %s", f[0]); continue; }
        long ord = parse_int(f[2], 1, 100);
        if (ord < 0) { err_at(t.path, line, "bad ord \"%s\"", f[2]); continue; }
        if (n_groups == (int)(sizeof groups / sizeof groups[0])) { err_at(t.path, line, "too many groups"); break; }
        groups[n_groups++] = (Group){ f[0], f[1], ord };
    }
    if (n_groups != 5) err_at(t.path, 0, "%d groups, expected the 5 UN regional groups", n_groups);
}

static void load_states(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "states.tsv", "iso3\tstatus\tgroup\tname");
    states = xmalloc((size_t)(t.n ? t.n : 1) * sizeof *states);
    int members = 0, observers = 0;
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        if (!is_upper_code(f[0], 3)) { err_at(t.path, line, "bad ISO3 code \"%s\"", f[0]); continue; }
        const Iso *e = iso_by_alpha3(f[0]);
        if (!e) { err_at(t.path, line, "unknown ISO3 code %s (not in %s)", f[0], iso_codes_path); continue; }
        int dup = state_find(f[0]);
        if (dup >= 0) {
            err_at(t.path, line, "duplicate State %s (first at line %d)", f[0], states[dup].line);
            continue;
        }
        if (strcmp(f[1], "member") == 0) members++;
        else if (strcmp(f[1], "observer") == 0) observers++;
        else { err_at(t.path, line, "%s: status \"%s\" is neither member nor observer", f[0], f[1]); continue; }
        if (*f[2] && group_find(f[2]) < 0) { err_at(t.path, line, "%s: unknown regional group \"%s\"", f[0], f[2]); continue; }
        if (!*f[3]) { err_at(t.path, line, "%s: empty name", f[0]); continue; }
        for (int k = 0; k < n_states; k++)
            if (strcmp(states[k].name, f[3]) == 0)
                err_at(t.path, line, "%s: name \"%s\" already used by %s (line %d)", f[0], f[3], states[k].iso3, states[k].line);
        State *s = &states[n_states++];
        memset(s, 0, sizeof *s);
        s->iso3 = f[0];
        s->status = f[1];
        s->grp = *f[2] ? f[2] : NULL;
        s->name = f[3];
        s->iso = e;
        s->line = line;
        s->region = s->subregion = s->intermediate = -1;
    }
    if (members != N_MEMBERS || observers != N_OBSERVERS)
        err_at(t.path, 0, "%d member States and %d observer States, expected %d and %d", members, observers,
               N_MEMBERS, N_OBSERVERS);
}

/* The member States must be exactly CLDR's UN group. */
static void check_un_membership(const char *supfile, const char *statesfile)
{
    const CGroup *un = NULL;
    for (int i = 0; i < n_cgroups; i++)
        if (strcmp(cgroups[i].type, "UN") == 0 && !(cgroups[i].status && strcmp(cgroups[i].status, "deprecated") == 0))
            un = &cgroups[i];
    if (!un) die("%s: no territoryContainment group \"UN\"", supfile);
    char *copy = xstrdup(un->contains);
    int n;
    char **w = split_words(copy, &n);
    int diffs = 0;
    for (int k = 0; k < n; k++) {
        int found = 0;
        for (int i = 0; i < n_states; i++)
            if (strcmp(states[i].iso->alpha2, w[k]) == 0) {
                found = 1;
                if (strcmp(states[i].status, "member") != 0) {
                    err_at(statesfile, states[i].line, "%s is a UN Member State in CLDR but listed as %s",
                           states[i].iso3, states[i].status);
                    diffs++;
                }
            }
        if (!found) {
            const Iso *e = iso_by_alpha2(w[k]);
            err_at(statesfile, 0, "CLDR's UN group has %s (%s, %s), missing here", w[k], e ? e->alpha3 : "?",
                   e ? e->name : "unknown to iso-codes");
            diffs++;
        }
    }
    for (int i = 0; i < n_states; i++) {
        if (strcmp(states[i].status, "member") != 0) continue;
        int found = 0;
        for (int k = 0; k < n && !found; k++) found = strcmp(states[i].iso->alpha2, w[k]) == 0;
        if (!found) {
            err_at(statesfile, states[i].line, "%s (%s) is listed as a member but is not in CLDR's UN group",
                   states[i].iso3, states[i].iso->alpha2);
            diffs++;
        }
    }
    if (diffs) fprintf(stderr, "%s: %d difference%s from CLDR's UN group (%d codes) in %s\n", statesfile, diffs,
                       diffs == 1 ? "" : "s", n, supfile);
    free(w);
    free(copy);
}

static void place_states(const char *statesfile)
{
    for (int i = 0; i < n_states; i++) {
        State *s = &states[i];
        int leaf = leaf_region(s->iso->alpha2);
        if (leaf < 0) {
            err_at(statesfile, s->line, "%s (%s) is in no M49 region in CLDR", s->iso3, s->iso->alpha2);
            continue;
        }
        if (regions[leaf].level == 3) {
            s->intermediate = leaf;
            s->subregion = regions[leaf].parent;
        } else if (regions[leaf].level == 2) {
            s->subregion = leaf;
        } else {
            err_at(statesfile, s->line, "%s is directly in region %s, with no subregion", s->iso3, regions[leaf].code);
            continue;
        }
        s->region = regions[s->subregion].parent;
    }
}

static void load_translations(void)
{
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) {
            for (int i = 0; i < n_states; i++) states[i].names[l] = xstrdup(states[i].name);
            continue;
        }
        char sub[64];
        snprintf(sub, sizeof sub, "%s/LC_MESSAGES/iso_3166-1.mo", lang_dir[l]);
        char *path = path_join(locale_dir, sub);
        Mo m;
        mo_load(&m, path);
        for (int i = 0; i < n_states; i++) {
            char *tr = mo_lookup(&m, states[i].iso->name);
            if (!tr) {
                warn("%s: no translation of \"%s\" (%s); using the English name", path, states[i].iso->name,
                     states[i].iso3);
                tr = xstrdup(states[i].name);
            }
            states[i].names[l] = tr;
        }
        free(m.buf);
        free(path);
    }
}

/* organisations */
typedef struct {
    const char *code, *kind, *name, *url;
    char **members;
    int n_members;
} Org;

static Org *orgs;
static int n_orgs;

static void load_orgs(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "organisations.tsv", "code\tkind\tname\turl\tmembers");
    orgs = xmalloc((size_t)(t.n ? t.n : 1) * sizeof *orgs);
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        int ok = 1;
        if (!*f[0]) { err_at(t.path, line, "empty code"); continue; }
        for (const char *p = f[0]; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '-') ok = 0;
        if (!ok) { err_at(t.path, line, "bad organisation code \"%s\"", f[0]); continue; }
        for (int k = 0; k < n_orgs; k++)
            if (strcmp(orgs[k].code, f[0]) == 0) { err_at(t.path, line, "duplicate organisation %s", f[0]); ok = 0; }
        if (strcmp(f[1], "regional") && strcmp(f[1], "subregional") && strcmp(f[1], "international")) {
            err_at(t.path, line, "%s: kind \"%s\" is not regional, subregional or international", f[0], f[1]);
            ok = 0;
        }
        if (!*f[2]) { err_at(t.path, line, "%s: empty name", f[0]); ok = 0; }
        if (*f[3] && strncmp(f[3], "https://", 8) && strncmp(f[3], "http://", 7)) {
            err_at(t.path, line, "%s: url \"%s\" is not http(s)", f[0], f[3]);
            ok = 0;
        }
        int n;
        char **m = split_words(f[4], &n);
        if (n == 0) err_at(t.path, line, "%s: no members", f[0]);
        for (int k = 0; k < n; k++) {
            if (state_find(m[k]) < 0) {
                err_at(t.path, line, "%s: member %s is not in states.tsv", f[0], m[k]);
                ok = 0;
            }
            for (int j = 0; j < k; j++)
                if (strcmp(m[j], m[k]) == 0) { err_at(t.path, line, "%s: member %s listed twice", f[0], m[k]); ok = 0; }
        }
        if (!ok) continue;
        orgs[n_orgs++] = (Org){ f[0], f[1], f[2], *f[3] ? f[3] : NULL, m, n };
    }
}

/* meetings and cycles */
typedef struct {
    const char *code, *kind, *name, *starts, *ends;
    long year;
    int used;
} Meeting;

static Meeting *meetings;
static int n_meetings;

static int meeting_find(const char *code)
{
    for (int i = 0; i < n_meetings; i++)
        if (strcmp(meetings[i].code, code) == 0) return i;
    return -1;
}

static void load_meetings(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "meetings.tsv", "code\tkind\tname\tstarts\tends\tyear");
    meetings = xmalloc((size_t)(t.n ? t.n : 1) * sizeof *meetings);
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        int ok = 1;
        if (!*f[0] || !*f[2]) { err_at(t.path, line, "empty code or name"); continue; }
        if (meeting_find(f[0]) >= 0) { err_at(t.path, line, "duplicate meeting %s", f[0]); continue; }
        if (strcmp(f[1], "BMS") && strcmp(f[1], "RevCon") && strcmp(f[1], "MGE") && strcmp(f[1], "Conference")) {
            err_at(t.path, line, "%s: kind \"%s\" is not BMS, RevCon, MGE or Conference", f[0], f[1]);
            ok = 0;
        }
        long year = parse_int(f[5], 2001, 2100);
        if (year < 0) { err_at(t.path, line, "%s: bad year \"%s\"", f[0], f[5]); ok = 0; }
        if (!*f[3] != !*f[4]) { err_at(t.path, line, "%s: give both dates or neither", f[0]); ok = 0; }
        for (int k = 3; k <= 4; k++)
            if (*f[k] && !valid_date(f[k])) { err_at(t.path, line, "%s: bad date \"%s\"", f[0], f[k]); ok = 0; }
        if (ok && *f[3]) {
            if (strcmp(f[3], f[4]) > 0) { err_at(t.path, line, "%s: ends before it starts", f[0]); ok = 0; }
            if (atol(f[3]) != year) { err_at(t.path, line, "%s: starts in %.4s, not in %ld", f[0], f[3], year); ok = 0; }
        }
        if (!ok) continue;
        meetings[n_meetings++] = (Meeting){ f[0], f[1], f[2], *f[3] ? f[3] : NULL, *f[4] ? f[4] : NULL, year, 0 };
    }
}

typedef struct {
    long year;
    const char *meeting, *opens, *deadline;
} Cycle;

static Cycle *cycles;
static int n_cycles;

static void load_cycles(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "cycles.tsv", "year\tmeeting\topens\tdeadline");
    cycles = xmalloc((size_t)(t.n ? t.n : 1) * sizeof *cycles);
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        int ok = 1;
        long year = parse_int(f[0], 2001, 2100);
        if (year < 0) { err_at(t.path, line, "bad year \"%s\"", f[0]); continue; }
        for (int k = 0; k < n_cycles; k++)
            if (cycles[k].year == year) { err_at(t.path, line, "duplicate cycle %ld", year); ok = 0; }
        int m = -1;
        if (*f[1]) {
            m = meeting_find(f[1]);
            if (m < 0) { err_at(t.path, line, "%ld: meeting %s is not in meetings.tsv", year, f[1]); ok = 0; }
            else if (meetings[m].used++) { err_at(t.path, line, "%ld: meeting %s closes another cycle too", year, f[1]); ok = 0; }
        }
        for (int k = 2; k <= 3; k++)
            if (!valid_date(f[k])) { err_at(t.path, line, "%ld: bad date \"%s\"", year, f[k]); ok = 0; }
        if (ok && strcmp(f[2], f[3]) > 0) { err_at(t.path, line, "%ld: deadline before opening", year); ok = 0; }
        if (ok && m >= 0 && meetings[m].starts && strcmp(f[3], meetings[m].starts) >= 0) {
            err_at(t.path, line, "%ld: deadline %s is not before %s starts (%s)", year, f[3], f[1], meetings[m].starts);
            ok = 0;
        }
        if (!ok) continue;
        cycles[n_cycles++] = (Cycle){ year, *f[1] ? f[1] : NULL, f[2], f[3] };
    }
    /* the years go up; a cycle's status follows from its dates and today (domain/cycle.c), not from here */
    for (int i = 1; i < n_cycles; i++)
        if (cycles[i].year <= cycles[i - 1].year) err_at(t.path, 0, "cycles are not in order of year (%ld after %ld)", cycles[i].year, cycles[i - 1].year);
}

/* ---- names in the languages other than English ------------------------------------------
 * English names live in the lists themselves (region, regional_group, organisation,
 * meeting, state.official_name); the others go to ref_name(kind, code, lang, name):
 *   - region:   CLDR main/LANG.xml territory names, then data/names.tsv (the UN M49 names
 *               where CLDR's differ, as m49_names does for English);
 *   - official: the iso-codes translation of the State's English official name;
 *   - group, org, meeting: data/names.tsv only (the UN's own names, typed by hand);
 *   - state:    data/names.tsv replaces an iso-codes short name (state_name), e.g. where
 *               iso-codes has no translation. */

typedef struct {
    const char *kind;
    const char *code;
    int lang;
    char *name;
} Name;

static Name *names;
static int n_names;

static int name_find(const char *kind, const char *code, int lang)
{
    for (int i = 0; i < n_names; i++)
        if (names[i].lang == lang && strcmp(names[i].kind, kind) == 0 && strcmp(names[i].code, code) == 0) return i;
    return -1;
}

/* Set a name; a later source replaces an earlier one. */
static void name_set(const char *kind, const char *code, int lang, char *name)
{
    int i = name_find(kind, code, lang);
    if (i >= 0) { names[i].name = name; return; }
    names = xrealloc(names, (size_t)(n_names + 1) * sizeof *names);
    names[n_names++] = (Name){ kind, code, lang, name };
}

static void load_region_translations(void)
{
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        char sub[64];
        snprintf(sub, sizeof sub, "main/%s.xml", lang_code[l]);
        char *path = path_join(cldr_dir, sub);
        cnames = NULL;     /* the English list stays referenced by regions[].name */
        n_cnames = 0;
        struct en_ctx c = { 0 };
        xml_parse(path, &c, en_start, en_end, en_chars);
        for (int i = 0; i < n_regions; i++) {
            int found = 0;
            for (int k = 0; k < n_cnames && !found; k++)
                if (strcmp(cnames[k].code, regions[i].code) == 0) {
                    name_set("region", regions[i].code, l, cnames[k].name);
                    found = 1;
                }
            if (!found) warn("%s: no name for region %s; English is shown", path, regions[i].code);
        }
        free(path);
    }
}

static void load_official_translations(void)
{
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        char sub[64];
        snprintf(sub, sizeof sub, "%s/LC_MESSAGES/iso_3166-1.mo", lang_dir[l]);
        char *path = path_join(locale_dir, sub);
        Mo m;
        mo_load(&m, path);
        for (int i = 0; i < n_states; i++) {
            if (!states[i].iso->official) continue;
            char *tr = mo_lookup(&m, states[i].iso->official);
            if (tr) name_set("official", states[i].iso3, l, tr);
        }
        free(m.buf);
        free(path);
    }
}

static int lang_find(const char *code)
{
    for (int l = 0; l < N_LANGS; l++)
        if (strcmp(lang_code[l], code) == 0) return l;
    return -1;
}

static void load_names(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "names.tsv", "kind\tcode\tlang\tname");
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        int l = lang_find(f[2]);
        if (l < 0 || l == L_EN) {
            err_at(t.path, line, "language \"%s\" is not ar, zh, fr, ru or es (English names are in the lists)", f[2]);
            continue;
        }
        if (!*f[3]) { err_at(t.path, line, "empty name"); continue; }
        int known;
        if (strcmp(f[0], "region") == 0) known = region_find(f[1]) >= 0;
        else if (strcmp(f[0], "group") == 0) known = group_find(f[1]) >= 0;
        else if (strcmp(f[0], "meeting") == 0) known = meeting_find(f[1]) >= 0;
        else if (strcmp(f[0], "state") == 0 || strcmp(f[0], "official") == 0) known = state_find(f[1]) >= 0;
        else if (strcmp(f[0], "org") == 0) {
            known = 0;
            for (int k = 0; k < n_orgs; k++) known |= strcmp(orgs[k].code, f[1]) == 0;
        } else {
            err_at(t.path, line, "kind \"%s\" is not region, group, org, meeting, state or official", f[0]);
            continue;
        }
        if (!known) { err_at(t.path, line, "%s %s is not in the reference data", f[0], f[1]); continue; }
        for (int k = 0; k < i; k++)
            if (!strcmp(t.rows[k].f[0], f[0]) && !strcmp(t.rows[k].f[1], f[1]) && !strcmp(t.rows[k].f[2], f[2]))
                err_at(t.path, line, "%s %s %s is named twice (first on line %d)", f[0], f[1], f[2], t.rows[k].line);
        if (strcmp(f[0], "state") == 0) states[state_find(f[1])].names[l] = xstrdup(f[3]);
        else name_set(f[0], f[1], l, xstrdup(f[3]));
    }
    /* Groups, organisations and meetings have no other source: say which lack a name. */
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        for (int i = 0; i < n_groups; i++)
            if (name_find("group", groups[i].code, l) < 0) warn("%s: group %s has no %s name", t.path, groups[i].code, lang_code[l]);
        for (int i = 0; i < n_orgs; i++)
            if (name_find("org", orgs[i].code, l) < 0) warn("%s: organisation %s has no %s name", t.path, orgs[i].code, lang_code[l]);
        for (int i = 0; i < n_meetings; i++)
            if (name_find("meeting", meetings[i].code, l) < 0) warn("%s: meeting %s has no %s name", t.path, meetings[i].code, lang_code[l]);
    }
}

/* ---- SQL ---------------------------------------------------------------------------------- */

static void sql_str(const char *s)
{
    if (!s) { fputs("NULL", stdout); return; }
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'') putchar('\'');
        putchar(*s);
    }
    putchar('\'');
}

static const char *rcode(int i) { return i < 0 ? NULL : regions[i].code; }

static int cmp_region(const void *a, const void *b)
{
    const Region *x = a, *y = b;
    if (x->level != y->level) return x->level - y->level;
    return strcmp(x->code, y->code);
}

static void emit(void)
{
    /* regions by level, then code, so that every parent comes first */
    Region sorted[64];
    memcpy(sorted, regions, (size_t)n_regions * sizeof *regions);
    qsort(sorted, (size_t)n_regions, sizeof *sorted, cmp_region);

    puts("-- Generated by tools/gen_refdata.c from data/*.tsv, iso-codes and Unicode CLDR: do not edit.");
    /* No BEGIN/COMMIT: poaiss init loads this inside its own transaction, with the PoA. */
    for (int i = 0; i < n_regions; i++) {
        fputs("INSERT INTO region(code,name,parent,level) VALUES(", stdout);
        sql_str(sorted[i].code);
        putchar(',');
        sql_str(sorted[i].name);
        putchar(',');
        sql_str(sorted[i].parent < 0 ? NULL : regions[sorted[i].parent].code);
        printf(",%d);\n", sorted[i].level);
    }
    for (int i = 0; i < n_groups; i++) {
        fputs("INSERT INTO regional_group(code,name,ord) VALUES(", stdout);
        sql_str(groups[i].code);
        putchar(',');
        sql_str(groups[i].name);
        printf(",%ld);\n", groups[i].ord);
    }
    for (int i = 0; i < n_states; i++) {
        const State *s = &states[i];
        const char *v[] = { s->iso3, s->iso->alpha2, s->iso->numeric, s->name, s->iso->official, s->status,
                            rcode(s->region), rcode(s->subregion), rcode(s->intermediate), s->grp };
        fputs("INSERT INTO state(iso3,iso2,numeric,name,official_name,status,region,subregion,intermediate,grp) VALUES(", stdout);
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            if (k) putchar(',');
            sql_str(v[k]);
        }
        puts(");");
    }
    for (int i = 0; i < n_states; i++)
        for (int l = 0; l < N_LANGS; l++) {
            fputs("INSERT INTO state_name(iso3,lang,name) VALUES(", stdout);
            sql_str(states[i].iso3);
            putchar(',');
            sql_str(lang_code[l]);
            putchar(',');
            sql_str(states[i].names[l]);
            puts(");");
        }
    for (int i = 0; i < n_orgs; i++) {
        fputs("INSERT INTO organisation(code,name,kind,url) VALUES(", stdout);
        sql_str(orgs[i].code);
        putchar(',');
        sql_str(orgs[i].name);
        putchar(',');
        sql_str(orgs[i].kind);
        putchar(',');
        sql_str(orgs[i].url);
        puts(");");
    }
    for (int i = 0; i < n_orgs; i++)
        for (int k = 0; k < orgs[i].n_members; k++) {
            fputs("INSERT INTO organisation_member(org,iso3) VALUES(", stdout);
            sql_str(orgs[i].code);
            putchar(',');
            sql_str(orgs[i].members[k]);
            puts(");");
        }
    for (int i = 0; i < n_meetings; i++) {
        const Meeting *m = &meetings[i];
        fputs("INSERT INTO meeting(code,kind,name,starts,ends,year) VALUES(", stdout);
        sql_str(m->code);
        putchar(',');
        sql_str(m->kind);
        putchar(',');
        sql_str(m->name);
        putchar(',');
        sql_str(m->starts);
        putchar(',');
        sql_str(m->ends);
        printf(",%ld);\n", m->year);
    }
    for (int i = 0; i < n_cycles; i++) {
        const Cycle *c = &cycles[i];
        printf("INSERT INTO cycle(year,meeting,opens,deadline) VALUES(%ld,", c->year);
        sql_str(c->meeting);
        putchar(',');
        sql_str(c->opens);
        putchar(',');
        sql_str(c->deadline);
        puts(");");
    }
    for (int i = 0; i < n_names; i++) {
        fputs("INSERT INTO ref_name(kind,code,lang,name) VALUES(", stdout);
        sql_str(names[i].kind);
        putchar(',');
        sql_str(names[i].code);
        putchar(',');
        sql_str(lang_code[names[i].lang]);
        putchar(',');
        sql_str(names[i].name);
        puts(");");
    }
    if (fflush(stdout) != 0 || ferror(stdout)) die("writing output: %s", strerror(errno));
}

/* ---- main ------------------------------------------------------------------------------- */

static void usage(void)
{
    fputs("usage: gen_refdata [--iso-codes FILE] [--locale-dir DIR] [--cldr DIR] DATADIR > refdata.sql\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iso-codes") == 0 && i + 1 < argc) iso_codes_path = argv[++i];
        else if (strcmp(argv[i], "--locale-dir") == 0 && i + 1 < argc) locale_dir = argv[++i];
        else if (strcmp(argv[i], "--cldr") == 0 && i + 1 < argc) cldr_dir = argv[++i];
        else if (argv[i][0] == '-' || dir) usage();
        else dir = argv[i];
    }
    if (!dir) usage();

    char *supfile = path_join(cldr_dir, "supplemental/supplementalData.xml");
    char *enfile = path_join(cldr_dir, "main/en.xml");
    char *statesfile = path_join(dir, "states.tsv");

    load_iso_codes();
    load_groups(dir);
    checkpoint();
    load_states(dir);
    checkpoint();

    struct sup_ctx sc = { 0 };
    xml_parse(supfile, &sc, sup_start, sup_end, NULL);
    if (n_cgroups == 0) die("%s: no territoryContainment groups", supfile);
    check_un_membership(supfile, statesfile);
    checkpoint();

    build_m49_tree(supfile);
    struct en_ctx ec = { 0 };
    xml_parse(enfile, &ec, en_start, en_end, en_chars);
    for (int i = 0; i < n_regions; i++) {
        regions[i].name = region_name(regions[i].code);
        if (!regions[i].name) die("%s: no English name for region %s", enfile, regions[i].code);
    }
    place_states(statesfile);
    checkpoint();

    load_translations();
    load_orgs(dir);
    load_meetings(dir);
    load_cycles(dir);
    checkpoint();
    load_region_translations();
    load_official_translations();
    load_names(dir);
    checkpoint();

    emit();
    return 0;
}

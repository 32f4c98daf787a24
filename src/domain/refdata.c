/* refdata: see refdata.h. */
#include "domain/refdata.h"

#include <stdbool.h>
#include <string.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/text.h"

static int found_cb(const struct store_state *st, void *ctx) { (void)st; *(int *)ctx = 1; return 0; }

int ref_state_code(struct store *s, const char *raw, size_t n, char out[4], struct err *e)
{
    char code[4];
    if (n == 3) memcpy(code, raw, 3);
    code[n == 3 ? 3 : 0] = '\0';
    if (n != 3 || !text_code_upper(code, 3, out))
        return err_set(e, ERR_INVALID, N_("A State is named by its three-letter ISO 3166 code, such as KEN."), NULL);
    int found = 0;
    if (store_state_get(s, out, "en", found_cb, &found) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (!found) return err_set(e, ERR_NOT_FOUND, N_("There is no State with this code."), NULL);
    return 0;
}

int ref_cycle_check(struct store *s, long long year, struct err *e)
{
    if (year < 1000 || year > 9999) return err_set(e, ERR_INVALID, N_("A cycle is named by its year, such as 2026."), NULL);
    int rc = store_cycle_exists(s, (int)year);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc) return err_set(e, ERR_NOT_FOUND, N_("There is no reporting cycle for this year."), NULL);
    return 0;
}

int ref_region_check(struct store *s, const char *code, struct err *e)
{
    int rc = store_region_get(s, code, NULL, NULL);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc) return err_set(e, ERR_INVALID, N_("region: '%s' is not a UN M49 region code (see /api/v1/regions)"), code);
    return 0;
}

static int group_found(const struct store_group *g, void *ctx)
{
    const char **want = ctx;
    if (*want && strcmp(g->code, *want) == 0) { *want = NULL; return 1; }
    return 0;
}

int ref_group_check(struct store *s, const char *code, struct err *e)
{
    const char *want = code;
    if (store_groups_each(s, NULL, group_found, &want) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (want) return err_set(e, ERR_INVALID, N_("group: '%s' is not a UN regional group (AFR, APG, EEG, GRULAC, WEOG)"), code);
    return 0;
}

static int org_found(const struct store_org *o, void *ctx) { (void)o; *(int *)ctx = 1; return 0; }

int ref_org_check(struct store *s, const char *code, struct err *e)
{
    int found = 0;
    if (store_org_get(s, code, NULL, org_found, &found) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (!found) return err_set(e, ERR_INVALID, N_("org: '%s' is not a known organisation (see /api/v1/organisations)"), code);
    return 0;
}

int ref_regions(struct store *s, struct arena *a, const char *lang, struct ref_item **out, size_t *n, struct err *e)
{
    struct store_region *r;
    if (store_regions_list(s, a, lang, &r, n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, *n, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = (struct ref_item){ r[i].code, r[i].name, r[i].parent, r[i].level, r[i].count };
    return 0;
}

int ref_groups(struct store *s, struct arena *a, const char *lang, struct ref_item **out, size_t *n, struct err *e)
{
    struct store_group *g;
    if (store_groups_list(s, a, lang, &g, n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, *n, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = (struct ref_item){ g[i].code, g[i].name, NULL, 0, g[i].count };
    return 0;
}

static struct ref_org org_from(struct arena *a, const struct store_org *o)
{
    return (struct ref_org){ arena_strdup(a, o->code), arena_strdup(a, o->name), arena_strdup(a, o->kind),
                             o->url && *o->url ? arena_strdup(a, o->url) : NULL, o->count };
}

int ref_orgs(struct store *s, struct arena *a, const char *lang, const char *member_iso3, struct ref_org **out, size_t *n,
             struct err *e)
{
    struct store_org *o;
    if (store_orgs_list(s, a, lang, member_iso3, &o, n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, *n, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = org_from(a, &o[i]);
    return 0;
}

struct org_read { struct arena *a; struct ref_org *out; bool found; };

static int org_read_cb(const struct store_org *o, void *ctx)
{
    struct org_read *r = ctx;
    *r->out = org_from(r->a, o);
    r->found = true;
    return 0;
}

int ref_org_get(struct store *s, struct arena *a, const char *code, const char *lang, struct ref_org *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!code || strlen(code) > REF_ORG_CODE_MAX)
        return err_set(e, ERR_INVALID, N_("An organisation is named by its short code, such as ECOWAS."), NULL);
    struct org_read r = { a, out, false };
    if (store_org_get(s, code, lang, org_read_cb, &r) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (!r.found) return err_set(e, ERR_NOT_FOUND, N_("There is no organisation with this code."), NULL);
    return 0;
}

struct members { struct arena *a; struct ref_member *v; size_t n, cap; };

static int member_add(const char *iso3, const char *name, void *ctx)
{
    struct members *m = ctx;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        m->v = arena_grow(m->a, m->v, m->n, cap, sizeof *m->v);
        m->cap = cap;
    }
    m->v[m->n++] = (struct ref_member){ arena_strdup(m->a, iso3), arena_strdup(m->a, name ? name : iso3) };
    return 0;
}

int ref_org_members(struct store *s, struct arena *a, const char *code, const char *lang, struct ref_member **out,
                    size_t *n, struct err *e)
{
    struct members m = { a, NULL, 0, 0 };
    *out = NULL;
    *n = 0;
    if (store_org_members_each(s, code, lang, member_add, &m) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = m.v;
    *n = m.n;
    return 0;
}

struct doc_read { struct arena *a; struct ref_doc *d; bool found; size_t cap_s, cap_p; };

static int doc_cb(const struct store_doc *d, void *ctx)
{
    struct doc_read *r = ctx;
    r->d->code = arena_strdup(r->a, d->code);
    r->d->title = arena_strdup(r->a, d->title);
    r->d->symbol = arena_strdup(r->a, d->symbol);
    r->d->year = d->year;
    r->found = true;
    return 0;
}

static int section_cb(const struct store_section *x, void *ctx)
{
    struct doc_read *r = ctx;
    struct ref_doc *d = r->d;
    if (d->nsections == r->cap_s) {
        r->cap_s = r->cap_s ? r->cap_s * 2 : 8;
        d->sections = arena_grow(r->a, d->sections, d->nsections, r->cap_s, sizeof *d->sections);
    }
    d->sections[d->nsections++] = (struct ref_doc_section){ arena_strdup(r->a, x->num), arena_strdup(r->a, x->title) };
    return 0;
}

static int paragraph_cb(const struct store_paragraph *p, void *ctx)
{
    struct doc_read *r = ctx;
    struct ref_doc *d = r->d;
    if (d->nparagraphs == r->cap_p) {
        r->cap_p = r->cap_p ? r->cap_p * 2 : 64;
        d->paragraphs = arena_grow(r->a, d->paragraphs, d->nparagraphs, r->cap_p, sizeof *d->paragraphs);
    }
    d->paragraphs[d->nparagraphs++] = (struct ref_doc_paragraph){
        arena_strdup(r->a, p->section), arena_strdup(r->a, p->address),
        arena_strdup(r->a, p->heading), arena_strdup(r->a, p->text ? p->text : ""), p->num };
    return 0;
}

int ref_doc_get(struct store *s, struct arena *a, const char *code, struct ref_doc *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct doc_read r = { a, out, false, 0, 0 };
    int rc = store_doc_get(s, code, doc_cb, &r);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc || !r.found) return err_set(e, ERR_NOT_FOUND, N_("The Programme of Action has not been loaded into this database."), NULL);
    if (store_doc_sections_each(s, code, section_cb, &r) < 0 || store_doc_paragraphs_each(s, code, paragraph_cb, &r) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    return 0;
}

const char *ref_name(struct store *s, struct arena *a, const char *kind, const char *code, const char *lang,
                     const char *english)
{
    const char *name;
    if (!lang || strcmp(lang, "en") == 0) return english;
    return store_ref_name_read(s, a, kind, code, lang, &name) == 0 ? name : english;
}

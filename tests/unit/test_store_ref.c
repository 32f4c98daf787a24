/*
 * Unit tests: store/ref, the reference data as queried: States filtered by region (any M49
 * level), regional group, organisation and name in any language (accents and case folded,
 * hostile text matched literally), one State with its name in a language, regions and
 * groups with their counts, organisations and members, cycles (the current one), the PoA.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "util/arena.h"

UNIT_DB_FIXTURE("store-ref", 0)

struct found { int n; char first[4]; char name[128]; bool ken; };

static int state_cb(const struct store_state *st, void *ctx)
{
    struct found *f = ctx;
    if (!f->n++) { snprintf(f->first, sizeof f->first, "%s", st->iso3); snprintf(f->name, sizeof f->name, "%s", st->local_name ? st->local_name : st->name); }
    if (!strcmp(st->iso3, "KEN")) f->ken = true;
    return 0;
}

static struct found states(const char *region, const char *grp, const char *org, const char *q, const char *lang)
{
    struct found f = { 0 };
    struct store_state_filter flt = { region, grp, org, q, lang };
    assert_int_equal(store_states_each(db, &flt, state_cb, &f), 0);
    return f;
}

static void test_state_filters(void **state)
{
    (void)state;
    assert_int_equal(states(NULL, NULL, NULL, NULL, NULL).n, 195);
    assert_int_equal(states(NULL, "EEG", NULL, NULL, NULL).n, 23);
    assert_int_equal(states(NULL, "AFR", NULL, NULL, NULL).n, 54);
    assert_true(states("014", NULL, NULL, NULL, NULL).ken);          /* Eastern Africa, a subregion */
    assert_true(states("002", NULL, NULL, NULL, NULL).ken);          /* Africa, a region */
    assert_false(states("150", NULL, NULL, NULL, NULL).ken);         /* Europe */
    assert_int_equal(states(NULL, NULL, "ECOWAS", NULL, NULL).n, 12);
    assert_int_equal(states(NULL, NULL, "AU", NULL, NULL).n, 54);
    assert_int_equal(states(NULL, "AFR", NULL, "kenya", NULL).n, 1);
    /* Names in any language, folded: Russian, accents, case, the ISO3 code itself. */
    assert_int_equal(states(NULL, NULL, NULL, "франц", NULL).n, 1);
    struct found f = states(NULL, NULL, NULL, "cote d'ivoire", NULL);
    assert_true(f.n >= 1);
    assert_string_equal(f.first, "CIV");
    assert_string_equal(states(NULL, NULL, NULL, "ken", NULL).first, "KEN");
    /* Unknown filters find nothing; hostile text is text. */
    assert_int_equal(states("999", NULL, NULL, NULL, NULL).n, 0);
    assert_int_equal(states(NULL, "XYZ", NULL, NULL, NULL).n, 0);
    assert_int_equal(states(NULL, NULL, NULL, "' OR 1=1 --", NULL).n, 0);
    assert_int_equal(states(NULL, NULL, NULL, "%", NULL).n, 0);
    assert_int_equal(states(NULL, NULL, NULL, "", NULL).n, 195);      /* empty: no filter */
}

static void test_one_state(void **state)
{
    (void)state;
    struct found f = { 0 };
    assert_int_equal(store_state_get(db, "FRA", "fr", state_cb, &f), 0);
    assert_string_equal(f.first, "FRA");
    assert_string_equal(f.name, "France");
    struct found z = { 0 };
    assert_int_equal(store_state_get(db, "CHN", "zh", state_cb, &z), 0);
    assert_string_equal(z.name, "中国");
    assert_int_equal(store_state_get(db, "XYZ", "en", state_cb, &f), 1);
    assert_int_equal(store_state_get(db, "fra", "en", state_cb, &f), 1);   /* codes are upper case */
    assert_int_equal(store_state_get(db, "", "en", state_cb, &f), 1);
}

static int name_cb(const struct store_name *n, void *ctx) { (void)n; (*(int *)ctx)++; return 0; }
static int region_cb(const struct store_region *r, void *ctx)
{
    int *n = ctx;
    n[0]++;
    if (!strcmp(r->code, "002")) n[1] = r->count;
    return 0;
}
static int group_cb(const struct store_group *g, void *ctx) { int *n = ctx; n[0]++; n[1] += g->count; return 0; }
static int org_cb(const struct store_org *o, void *ctx) { (void)o; (*(int *)ctx)++; return 0; }
static int member_cb(const char *iso3, const char *name, void *ctx) { (void)name; if (!strcmp(iso3, "NGA")) *(int *)ctx = 1; return 0; }

static void test_regions_groups_orgs(void **state)
{
    (void)state;
    int names = 0;
    assert_int_equal(store_state_names_each(db, "KEN", name_cb, &names), 0);
    assert_int_equal(names, 6);                                  /* the six UN languages */
    int r[2] = { 0 };
    assert_int_equal(store_regions_each(db, NULL, region_cb, r), 0);
    assert_true(r[0] > 20);
    assert_int_equal(r[1], 54);                                  /* Africa: 54 States */
    assert_int_equal(store_region_get(db, "014", region_cb, r), 0);
    assert_int_equal(store_region_get(db, "nope", region_cb, r), 1);
    int g[2] = { 0 };
    assert_int_equal(store_groups_each(db, NULL, group_cb, g), 0);
    assert_int_equal(g[0], 5);
    assert_true(g[1] >= 193);
    int orgs = 0, ken_orgs = 0, none = 0, nga = 0;
    assert_int_equal(store_orgs_each(db, NULL, NULL, org_cb, &orgs), 0);
    assert_int_equal(store_orgs_each(db, NULL, "KEN", org_cb, &ken_orgs), 0);
    assert_int_equal(store_orgs_each(db, NULL, "XYZ", org_cb, &none), 0);
    assert_true(orgs >= 15 && ken_orgs >= 1 && ken_orgs < orgs && none == 0);
    assert_int_equal(store_org_get(db, "ECOWAS", NULL, org_cb, &none), 0);
    assert_int_equal(store_org_get(db, "NOPE", NULL, org_cb, &none), 1);
    assert_int_equal(store_org_members_each(db, "ECOWAS", NULL, member_cb, &nga), 0);
    assert_int_equal(nga, 1);
}

static int cycle_cb(const struct store_cycle *c, void *ctx)
{
    int *v = ctx;
    if (v[0]++ == 0) v[1] = c->year;
    if (c->opens && c->deadline) v[2]++;
    return 0;
}

struct doc_counts { int sections, paragraphs; char address[32]; };
static int section_cb(const struct store_section *s, void *ctx) { (void)s; ((struct doc_counts *)ctx)->sections++; return 0; }
static int paragraph_cb(const struct store_paragraph *p, void *ctx)
{
    struct doc_counts *d = ctx;
    if (!d->paragraphs++) snprintf(d->address, sizeof d->address, "%s", p->address);
    return 0;
}
static int doc_cb(const struct store_doc *d, void *ctx) { snprintf(ctx, 64, "%s", d->symbol ? d->symbol : ""); return 0; }

static void test_cycles_and_poa(void **state)
{
    (void)state;
    int v[3] = { 0 };
    assert_int_equal(store_cycles_each(db, cycle_cb, v), 0);
    assert_true(v[0] >= 12);
    assert_true(v[1] >= 2026);                                   /* the newest first */
    assert_int_equal(v[2], v[0]);                                /* every cycle has its dates (its status follows from them: domain/cycle.c) */
    char symbol[64] = "";
    assert_int_equal(store_doc_get(db, "PoA", doc_cb, symbol), 0);
    assert_true(strlen(symbol) > 0);
    assert_int_equal(store_doc_get(db, "nope", doc_cb, symbol), 1);
    struct doc_counts d = { 0 };
    assert_int_equal(store_doc_sections_each(db, "PoA", section_cb, &d), 0);
    assert_int_equal(store_doc_paragraphs_each(db, "PoA", paragraph_cb, &d), 0);
    assert_true(d.sections >= 3);
    assert_true(d.paragraphs > 80);
    assert_true(strlen(d.address) > 0);
}

/* ---- names in the asked language, English where there is none ---- */

struct named { const char *code; char name[256]; };
static int region_name_cb(const struct store_region *r, void *ctx)
{
    struct named *n = ctx;
    if (!strcmp(r->code, n->code)) snprintf(n->name, sizeof n->name, "%s", r->name);
    return 0;
}
static int group_name_cb(const struct store_group *g, void *ctx)
{
    struct named *n = ctx;
    if (!strcmp(g->code, n->code)) snprintf(n->name, sizeof n->name, "%s", g->name);
    return 0;
}
static int org_name_cb(const struct store_org *o, void *ctx)
{
    struct named *n = ctx;
    if (!strcmp(o->code, n->code)) snprintf(n->name, sizeof n->name, "%s", o->name);
    return 0;
}
static int member_name_cb(const char *iso3, const char *name, void *ctx)
{
    struct named *n = ctx;
    if (!strcmp(iso3, n->code)) snprintf(n->name, sizeof n->name, "%s", name);
    return 0;
}
struct state_names { char region[128], subregion[128], group[128], official[256]; };
static int state_names_cb(const struct store_state *st, void *ctx)
{
    struct state_names *n = ctx;
    snprintf(n->region, sizeof n->region, "%s", st->region_name);
    snprintf(n->subregion, sizeof n->subregion, "%s", st->subregion_name);
    snprintf(n->group, sizeof n->group, "%s", st->grp_name);
    snprintf(n->official, sizeof n->official, "%s", st->official_name ? st->official_name : "");
    return 0;
}

static void test_names_in_language(void **state)
{
    (void)state;
    struct named r = { "014", "" };
    assert_int_equal(store_regions_each(db, "fr", region_name_cb, &r), 0);
    assert_string_equal(r.name, "Afrique orientale");
    assert_int_equal(store_regions_each(db, "en", region_name_cb, &r), 0);
    assert_string_equal(r.name, "Eastern Africa");
    assert_int_equal(store_regions_each(db, "de", region_name_cb, &r), 0);   /* no such language: English */
    assert_string_equal(r.name, "Eastern Africa");
    assert_int_equal(store_regions_each(db, "' OR 1=1 --", region_name_cb, &r), 0);
    assert_string_equal(r.name, "Eastern Africa");
    struct named g = { "AFR", "" };
    assert_int_equal(store_groups_each(db, "zh", group_name_cb, &g), 0);
    assert_string_equal(g.name, "非洲国家组");
    struct named o = { "AU", "" };
    assert_int_equal(store_orgs_each(db, "es", NULL, org_name_cb, &o), 0);
    assert_string_equal(o.name, "Unión Africana");
    assert_int_equal(store_org_get(db, "AU", "ar", org_name_cb, &o), 0);
    assert_string_equal(o.name, "الاتحاد الأفريقي");
    struct named m = { "KEN", "" };
    assert_int_equal(store_org_members_each(db, "EAC", "ru", member_name_cb, &m), 0);
    assert_string_equal(m.name, "Кения");
    struct state_names sn;
    assert_int_equal(store_state_get(db, "KEN", "fr", state_names_cb, &sn), 0);
    assert_string_equal(sn.region, "Afrique");
    assert_string_equal(sn.subregion, "Afrique subsaharienne");
    assert_string_equal(sn.group, "Groupe des États d'Afrique");
    assert_string_equal(sn.official, "République du Kenya");
    assert_int_equal(store_state_get(db, "KEN", "en", state_names_cb, &sn), 0);
    assert_string_equal(sn.official, "Republic of Kenya");
    struct arena a = ARENA_INIT;
    const char *name = NULL;
    assert_int_equal(store_ref_name_read(db, &a, "meeting", "BMS9", "fr", &name), 0);
    assert_string_equal(name, "Neuvième Réunion biennale des États (BMS9)");
    assert_int_equal(store_ref_name_read(db, &a, "meeting", "BMS9", "en", &name), 1);   /* English is the meeting's own name */
    assert_null(name);
    assert_int_equal(store_ref_name_read(db, &a, "meeting", "NOPE", "fr", &name), 1);
    assert_int_equal(store_ref_name_read(db, &a, "meeting", NULL, "fr", &name), 1);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_filters), cmocka_unit_test(test_one_state), cmocka_unit_test(test_regions_groups_orgs),
        cmocka_unit_test(test_cycles_and_poa), cmocka_unit_test(test_names_in_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

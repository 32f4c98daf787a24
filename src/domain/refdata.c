/* refdata: see refdata.h. */
#include "domain/refdata.h"

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

int ref_orgs(struct store *s, struct arena *a, const char *lang, const char *member_iso3, struct ref_item **out, size_t *n,
             struct err *e)
{
    struct store_org *o;
    if (store_orgs_list(s, a, lang, member_iso3, &o, n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, *n, sizeof **out);
    for (size_t i = 0; i < *n; i++) (*out)[i] = (struct ref_item){ o[i].code, o[i].name, o[i].kind, 0, o[i].count };
    return 0;
}

const char *ref_name(struct store *s, struct arena *a, const char *kind, const char *code, const char *lang,
                     const char *english)
{
    const char *name;
    if (!lang || strcmp(lang, "en") == 0) return english;
    return store_ref_name_read(s, a, kind, code, lang, &name) == 0 ? name : english;
}

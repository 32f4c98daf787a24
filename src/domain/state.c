/* state: see state.h. */
#include "domain/state.h"

#include <string.h>

#include "domain/auth.h"
#include "domain/refdata.h"
#include "domain/report.h"
#include "store/store.h"
#include "util/arena.h"

static void state_from(struct state *d, const struct store_state *s)
{
    *d = (struct state){
        .iso3 = s->iso3, .iso2 = s->iso2, .m49 = s->numeric, .name = s->name,
        .local_name = s->local_name ? s->local_name : s->name,
        .official_name = s->official_name && *s->official_name ? s->official_name : NULL,
        .observer = s->status && strcmp(s->status, "observer") == 0,
        .region = { s->region, s->region_name }, .subregion = { s->subregion, s->subregion_name },
        .intermediate = { s->intermediate, s->intermediate_name }, .group = { s->grp, s->grp_name },
    };
}

int state_list(struct store *s, struct arena *a, const struct state_filter *f, const char *lang, struct state **out,
               size_t *n, struct err *e)
{
    struct store_state_filter sf = { .lang = lang };
    if (f) { sf.region = f->region; sf.grp = f->group; sf.org = f->org; sf.q = f->q; }
    struct store_state *rows;
    size_t nrows;
    if (store_states_list(s, a, &sf, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows, sizeof **out);
    for (size_t i = 0; i < nrows; i++) state_from(&(*out)[i], &rows[i]);
    *n = nrows;
    return 0;
}

int state_profile_get(struct store *s, struct arena *a, const struct principal *who, const char *iso3, const char *lang,
                      struct state_profile *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_state st;
    int rc = store_state_read(s, a, iso3, lang, &st);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc) return err_set(e, ERR_NOT_FOUND, N_("There is no State with this code."), NULL);
    state_from(&out->st, &st);

    struct store_name *names;
    if (store_state_names_list(s, a, iso3, &names, &out->nnames) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    out->names = arena_array(a, out->nnames, sizeof *out->names);
    for (size_t i = 0; i < out->nnames; i++) { out->names[i].lang = names[i].lang; out->names[i].name = names[i].name; }

    if (ref_orgs(s, a, lang, iso3, &out->orgs, &out->norgs, e) < 0) return -1;

    /* Drafts are decided here, once: the public (and the cache) never get one. */
    out->drafts = who && report_may_see_draft(who, iso3);
    struct store_report *reps;
    size_t nreps;
    if (store_reports_list(s, a, iso3, 0, NULL, !out->drafts, &reps, &nreps) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct cycle *cyc;
    if (cycle_list(s, a, &cyc, &out->ncycles, e) < 0) return -1;
    out->cycles = arena_array(a, out->ncycles, sizeof *out->cycles);
    for (size_t i = 0; i < out->ncycles; i++) {
        struct state_cycle *c = &out->cycles[i];
        const char *meeting_name = ref_name(s, a, "meeting", cyc[i].meeting, lang, cyc[i].meeting_name);
        *c = (struct state_cycle){ cyc[i].year, cyc[i].meeting, meeting_name, cyc[i].status, NULL };
        for (size_t k = 0; k < nreps; k++) {
            if (reps[k].cycle != c->year) continue;
            if (reps[k].version == 0 && !out->drafts) continue;
            struct state_report *r = arena_alloc(a, sizeof *r);
            *r = (struct state_report){ reps[k].id, reps[k].version, reps[k].status, reps[k].synthetic,
                                        cycle_report_late(&cyc[i], reps[k].submitted_at) };
            c->report = r;
        }
    }
    return 0;
}

int state_reporting_list(struct store *s, struct arena *a, int year, const char *lang, struct state_reporting **out,
                         size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct store_state_filter sf = { .lang = lang };
    struct store_state *rows;
    size_t nrows;
    struct store_report *reps;
    size_t nreps;
    if (store_states_list(s, a, &sf, &rows, &nrows) < 0 || store_reports_list(s, a, NULL, year, NULL, true, &reps, &nreps) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows, sizeof **out);
    for (size_t i = 0; i < nrows; i++) {
        struct state_reporting *r = &(*out)[i];
        state_from(&r->st, &rows[i]);
        for (size_t k = 0; k < nreps; k++) {
            if (strcmp(reps[k].state_iso3, rows[i].iso3) != 0) continue;
            r->report = reps[k].id;
            r->synthetic = reps[k].synthetic;
        }
    }
    *n = nrows;
    return 0;
}

const char *state_name_in(struct store *s, struct arena *a, const char *iso3, const char *lang)
{
    struct store_state st;
    if (!iso3 || store_state_read(s, a, iso3, lang, &st) != 0) return iso3 ? iso3 : "";
    return st.local_name && *st.local_name ? st.local_name : st.name && *st.name ? st.name : iso3;
}

/*
 * demo_baseline: the demo's joint baseline assessment (demo_baseline, see demo.h).  After
 * demo_assistance: on the Kenyan request the demo donor agency (the `donor` account) marked
 * interest in, an assessment with Kenya and that partner, both sides' findings in two
 * categories, and both agreeing to publish it, so that it is public.  It stays open: the demo
 * accounts `kenya` and `donor` can change their sides, `unoda` can complete it.  Synthetic;
 * made once (a second `poaiss demo` leaves it).
 */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "store/assistance.h"
#include "store/baseline.h"
#include "store/store.h"
#include "util/arena.h"

struct side_text { const char *findings, *needs, *capacities; };

/* The two sides' findings in stockpile management (first) and in marking and record-keeping (second). */
static const struct side_text STATE_SIDE[2] = {
    { "Armouries in four of the eight regions lack secure doors and registers (demo).",
      "Refurbished armouries and training of 40 armoury staff (demo).",
      "A national focal point and a stockpile management unit in the police (demo)." },
    { "About 60% of State-owned firearms are marked; records are kept on paper (demo).",
      "Two marking machines and an electronic record-keeping system (demo).",
      "Trained marking teams in the capital (demo)." },
};
static const struct side_text PARTNER_SIDE[2] = {
    { "The site visits confirm the gaps in physical security the State reports (demo).",
      "Funding for the refurbishment and a training of trainers (demo).",
      "Our agency can fund equipment and bring trainers from the region (demo)." },
    { "Marking is advanced; the records need to be digitised first (demo).",
      "Software and data entry before new machines (demo).",
      "Experience with record-keeping systems in two neighbouring States (demo)." },
};

int demo_baseline(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    long long partner = store_partner_by_code(s, "demo-donor-agency");
    if (partner <= 0) {   /* no demo partners (or unreadable): nothing to do */
        if (partner < 0) snprintf(err, errlen, "reading the partners failed");
        arena_cleanup(&a);
        return partner < 0 ? -1 : 0;
    }
    struct store_interest *iv;
    size_t ni;
    if (store_interests_list(s, &a, 0, partner, &iv, &ni) < 0) { snprintf(err, errlen, "reading the interests failed"); goto done; }
    struct store_request q = { 0 };
    bool found = false;
    for (size_t i = 0; i < ni && !found; i++) {
        if (strcmp(iv[i].status, "withdrawn") == 0) continue;
        if (store_request_get(s, &a, "en", iv[i].request_id, &q) != 0) continue;
        found = strcmp(q.iso3, "KEN") == 0 && (strcmp(q.status, "open") == 0 || strcmp(q.status, "matched") == 0);
    }
    if (!found) { rc = 0; goto done; }
    long long *had;
    size_t nhad;
    if (store_baselines_of_request(s, &a, q.id, &had, &nhad) < 0) { snprintf(err, errlen, "reading the assessments failed"); goto done; }
    if (nhad) { rc = 0; goto done; }   /* made already */
    static const char *const cats[2] = { "stockpile", "marking_recordkeeping" };
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); goto done; }
    long long id = store_baseline_add(s, q.id, "Physical security of stockpiles and the state of marking and records (demo).", 0, true);
    if (id <= 0 || store_baseline_partner_add(s, id, partner) < 0) goto fail;
    for (int k = 0; k < 2; k++) {
        if (store_baseline_finding_set(s, id, 0, cats[k], STATE_SIDE[k].findings, STATE_SIDE[k].needs, STATE_SIDE[k].capacities, 0) < 0 ||
            store_baseline_finding_set(s, id, partner, cats[k], PARTNER_SIDE[k].findings, PARTNER_SIDE[k].needs,
                                       PARTNER_SIDE[k].capacities, 0) < 0)
            goto fail;
    }
    if (store_baseline_agree(s, id, 0, true) != 0 || store_baseline_agree(s, id, partner, true) != 0) goto fail;
    if (store_request_assessment_mark(s, q.id) < 0) goto fail;
    store_audit_add(s, 0, "cli", "demo.baseline", NULL, NULL);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto done; }
    if (out) fprintf(out, "Demo baseline assessment: request %lld, Kenya and the demo donor agency, public (synthetic)\n", q.id);
    rc = 0;
    goto done;
fail:
    store_tx_rollback(s);
    snprintf(err, errlen, "making the demo's baseline assessment failed");
done:
    arena_cleanup(&a);
    return rc;
}

/*
 * demo_notify: the demo's notifications.  The demo makes its interests straight in the store
 * (demo_assist.c), not through assist_interest_mark and assist_interest_decide, so this puts
 * in the outbox what those would have: for every interest not withdrawn, the requesting
 * State's focal points are told (interest_marked); for every one answered, the partner's
 * accounts (interest_answered).  Flagged synthetic; dedup keys make a second run add nothing.
 */
#include <stdio.h>
#include <string.h>

#include "domain/demo.h"
#include "domain/notify.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"

int demo_notifications(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    int rc = -1, made = 0;
    struct store_interest *in;
    size_t n;
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); goto done; }
    if (store_interests_list(s, &a, 0, 0, &in, &n) < 0) goto fail;
    notify_synthetic(true);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(in[i].status, "withdrawn") == 0) continue;
        struct store_request q;
        if (store_request_get(s, &a, "en", in[i].request_id, &q) != 0) continue;
        const char *object = arena_printf(&a, "/assistance/requests/%lld", q.id);
        json_t *p = json_pack("{s:s, s:s, s:s}", "title", q.title ? q.title : "", "partner",
                              in[i].partner_name ? in[i].partner_name : "", "note", in[i].note ? in[i].note : "");
        int k = notify_state(s, q.iso3, NOTIFY_INTEREST_MARKED, object, p,
                             arena_printf(&a, "demo:interest:%lld:%lld", q.id, in[i].partner_id));
        json_decref(p);
        if (k < 0) goto fail_sync;
        made += k;
        bool accepted = strcmp(in[i].status, "accepted") == 0;
        if (!accepted && strcmp(in[i].status, "declined") != 0) continue;
        p = json_pack("{s:s, s:{s:s}, s:{s:s}}", "title", q.title ? q.title : "", "state", "state", q.iso3, "answer", "msgid",
                      accepted ? "Accepted" : "Declined");
        k = notify_partner(s, in[i].partner_id, NOTIFY_INTEREST_ANSWERED, object, p,
                           arena_printf(&a, "demo:answer:%lld:%lld", q.id, in[i].partner_id));
        json_decref(p);
        if (k < 0) goto fail_sync;
        made += k;
    }
    notify_synthetic(false);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto done; }
    if (out) fprintf(out, "Demo notifications: %d (synthetic)\n", made);
    rc = 0;
    goto done;
fail_sync:
    notify_synthetic(false);
fail:
    store_tx_rollback(s);
    snprintf(err, errlen, "making the demo's notifications failed");
done:
    arena_cleanup(&a);
    return rc;
}

/* report_history: see report_history.h. */
#include "domain/report_history.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/report.h"
#include "store/store.h"
#include "util/arena.h"

struct rep { bool found; char iso3[4]; char status[16]; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct rep *p = ctx;
    p->found = true;
    snprintf(p->iso3, sizeof p->iso3, "%s", r->state_iso3);
    snprintf(p->status, sizeof p->status, "%s", r->status);
    return 0;
}

/* The report, if who may see its draft: 0, or -1 with e. */
static int load(struct store *s, const struct principal *who, long long id, struct rep *rep, struct err *e)
{
    int rc = store_report_get(s, id, false, rep_cb, rep);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc || !who || !report_may_see_draft(who, rep->iso3)) return err_set(e, ERR_NOT_FOUND, N_("There is no such report."), NULL);
    return 0;
}

int report_history_get(struct store *s, struct arena *a, const struct principal *who, long long id,
                       struct report_event_line **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct rep rep = { 0 };
    if (load(s, who, id, &rep, e) < 0) return -1;
    struct store_history_row *h;
    size_t nh;
    if (store_report_history_list(s, a, id, &h, &nh) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nh ? nh : 1, sizeof **out);
    for (size_t i = 0; i < nh; i++) {
        struct report_event_line *prev = *n ? &(*out)[*n - 1] : NULL;
        /* Consecutive saves by the same person are one line. */
        if (prev && strcmp(h[i].action, "save") == 0 && strcmp(prev->action, "save") == 0 && strcmp(prev->actor, h[i].actor) == 0) {
            prev->count++;
            prev->at = h[i].at;
            continue;
        }
        (*out)[(*n)++] = (struct report_event_line){ h[i].at, h[i].at, h[i].action, h[i].actor, h[i].comment, 1 };
    }
    return 0;
}

int report_return_latest(struct store *s, struct arena *a, const struct principal *who, long long id, const char **at,
                         const char **comment, struct err *e)
{
    *at = *comment = NULL;
    struct rep rep = { 0 };
    if (load(s, who, id, &rep, e) < 0) return -1;
    if (strcmp(rep.status, "returned") != 0) return 0;
    struct store_history_row *h;
    size_t nh;
    if (store_report_history_list(s, a, id, &h, &nh) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    for (size_t i = nh; i-- > 0;)
        if (strcmp(h[i].action, "return") == 0) { *at = h[i].at; *comment = h[i].comment; return 1; }
    return 0;
}

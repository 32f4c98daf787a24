/*
 * project_prefill: the next national report takes the State's projects (project_prefill_report,
 * see project.h).  report_start copies the previous cycle's published answers first; then each
 * project where the State is the requesting State becomes a row of assist.received.list, and
 * each project where it is a partner (partner.kind 'state') a row of assist.provided.list,
 * with only the columns the cycle's template has (2026: provider or recipient, category,
 * kind, description, amount_usd when the budget is in US dollars, start, end, status).  A
 * row's description names the project ("Title (project 12)"), so that a row carried over from
 * the previous report for the same project is replaced, not repeated.  A row the template
 * refuses is left out; the State completes or removes the rows in its draft.
 */
#include "domain/project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/answer.h"
#include "domain/template.h"
#include "store/project.h"
#include "store/store.h"
#include "util/arena.h"

static bool has_column(const struct template_question *q, const char *id)
{
    for (size_t i = 0; i < q->nmembers; i++)
        if (strcmp(q->members[i].id, id) == 0) return true;
    return false;
}

/* Did the project run in the two years before the cycle (not cancelled)? */
static bool counts_for(const struct project *p, int cycle)
{
    if (strcmp(p->status, "cancelled") == 0) return false;
    char from[16];
    snprintf(from, sizeof from, "%04d-01", cycle - 2);
    return !p->period_end || !*p->period_end || strcmp(p->period_end, from) >= 0;
}

/* The row of a project in a list question q; who: the provider's (received) or recipient's (provided) column value. */
static json_t *row_of(struct arena *a, const struct template_question *q, const struct project *p, const char *who_key,
                      const char *who)
{
    json_t *r = json_object();
    json_object_set_new(r, who_key, json_string(who));
    if (p->categories.n && has_column(q, "category")) json_object_set_new(r, "category", json_string(p->categories.v[0]));
    if (p->nrequests && p->requests[0].kind && has_column(q, "kind")) json_object_set_new(r, "kind", json_string(p->requests[0].kind));
    if (has_column(q, "description"))
        json_object_set_new(r, "description", json_string(arena_printf(a, "%s (project %lld)", p->title, p->id)));
    if (p->has_budget && strcmp(p->currency, "USD") == 0 && has_column(q, "amount_usd"))
        json_object_set_new(r, "amount_usd", json_real(p->budget));
    if (p->period_start && *p->period_start && has_column(q, "start")) json_object_set_new(r, "start", json_string(p->period_start));
    if (p->period_end && *p->period_end && has_column(q, "end")) json_object_set_new(r, "end", json_string(p->period_end));
    if (has_column(q, "status"))
        json_object_set_new(r, "status", json_string(strcmp(p->status, "completed") == 0 ? "completed" : "ongoing"));
    return r;
}

/* Does the row hold this description? */
static bool same_row(json_t *row, json_t *fresh)
{
    const char *a = json_string_value(json_object_get(row, "description")), *b = json_string_value(json_object_get(fresh, "description"));
    return a && b && strcmp(a, b) == 0;
}

/* Merge the rows into the report's answer to list (and "yes" to yn); -1 on a database error. */
static int merge(struct store *s, const struct template *t, long long report_id, const char *yn, const char *list, json_t *rows,
                 long long user_id)
{
    const struct template_question *q = template_question(t, list);
    if (!q || !json_array_size(rows)) return 0;
    char *old = NULL, err[200];
    if (store_answer_rev(s, report_id, list, &old) < 0) return -1;
    json_t *cur = old ? json_loads(old, 0, NULL) : NULL;
    free(old);
    json_t *out = json_array(), *x, *y;
    size_t i, j;
    json_array_foreach(cur, i, x) {   /* what the previous report said, but the rows of these projects */
        bool replaced = false;
        json_array_foreach(rows, j, y) replaced |= same_row(x, y);
        if (!replaced) json_array_append(out, x);
    }
    json_decref(cur);
    json_array_foreach(rows, j, y) {
        json_t *one = json_pack("[O]", y);
        if (answer_check(q, one, err, sizeof err) == 0) json_array_append(out, y);
        json_decref(one);
    }
    int rc = 0;
    if (json_array_size(out) && answer_check(q, out, err, sizeof err) == 0) {
        char *js = json_dumps(out, JSON_COMPACT);
        rc = store_answer_put(s, report_id, list, js, user_id);
        free(js);
        const struct template_question *gate = template_question(t, yn);
        json_t *yes = json_string("yes");
        if (rc == 0 && gate && answer_check(gate, yes, err, sizeof err) == 0) rc = store_answer_put(s, report_id, yn, "\"yes\"", user_id);
        json_decref(yes);
    }
    json_decref(out);
    return rc;
}

int project_prefill_report(struct store *s, long long report_id, const char *iso3, int cycle, long long user_id)
{
    const struct template *t = template_get(cycle);
    if (!t) return 0;
    struct arena a = ARENA_INIT;
    struct principal sys;
    auth_public(&sys);
    struct err e = ERR_NONE;
    int rc = -1;
    json_t *received = json_array(), *provided = json_array();
    const struct template_question *qr = template_question(t, "assist.received.list");
    const struct template_question *qp = template_question(t, "assist.provided.list");
    struct project *v;
    size_t n;
    struct project_filter f = { .iso3 = iso3 };
    if (qr) {
        if (project_list(s, &a, &sys, "en", project_now(), &f, &v, &n, &e) < 0) goto done;
        for (size_t i = 0; i < n; i++) {
            if (!counts_for(&v[i], cycle)) continue;
            char *names = NULL;
            for (size_t k = 1; k < v[i].nparties; k++)
                names = names ? arena_printf(&a, "%s; %s", names, v[i].parties[k].name) : arena_strdup(&a, v[i].parties[k].name);
            json_array_append_new(received, row_of(&a, qr, &v[i], "provider", names ? names : ""));
        }
    }
    long long me = qp ? store_partner_of_state(s, iso3) : 0;
    if (me < 0) goto done;
    if (me > 0) {
        struct project_filter pf = { .partner_id = me };
        if (project_list(s, &a, &sys, "en", project_now(), &pf, &v, &n, &e) < 0) goto done;
        for (size_t i = 0; i < n; i++)
            if (counts_for(&v[i], cycle)) json_array_append_new(provided, row_of(&a, qp, &v[i], "recipient", v[i].state_name));
    }
    if (merge(s, t, report_id, "assist.received", "assist.received.list", received, user_id) < 0 ||
        merge(s, t, report_id, "assist.provided", "assist.provided.list", provided, user_id) < 0)
        goto done;
    rc = 0;
done:
    json_decref(received);
    json_decref(provided);
    arena_cleanup(&a);
    return rc;
}

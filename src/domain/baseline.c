/*
 * baseline: joint baseline assessments: who sees one and what each asker may do (load),
 * opening one, a party's findings and agreement to publish, the Secretariat's summary
 * (see baseline.h).  SQL is in store/baseline.c.
 */
#include "domain/baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assistance.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/notify.h"
#include "store/assistance.h"
#include "store/baseline.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/text.h"

/* ---------------------------------------------------------------- small helpers */

static void field_error(struct baseline_field_errors *errs, const char *field, const char *msg)
{
    if (errs->n >= sizeof errs->v / sizeof errs->v[0]) return;
    struct baseline_field_error *f = &errs->v[errs->n++];
    snprintf(f->field, sizeof f->field, "%s", field);
    f->msg = msg;
}

static int invalid(const struct baseline_field_errors *errs, struct err *e)
{
    return err_set(e, ERR_INVALID, errs->n ? errs->v[0].msg : N_("Check the fields."), NULL);
}

/*
 * Text of at most BASELINE_TEXT_MAX characters, or absent/null ("").  The value (lent from v),
 * or NULL after an error named field.
 */
static const char *text_of(json_t *v, const char *field, const char *too_long, struct baseline_field_errors *errs)
{
    if (!v || json_is_null(v)) return "";
    const char *t = json_string_value(v);
    if (!t || strlen(t) != json_string_length(v) || !utf8_valid_text(t, json_string_length(v))) {
        field_error(errs, field, N_("Write text here."));
        return NULL;
    }
    if (text_chars(t) > BASELINE_TEXT_MAX) { field_error(errs, field, too_long); return NULL; }
    return t;
}

static bool blank(const char *t)
{
    for (; t && *t; t++)
        if (*t != ' ' && *t != '\n' && *t != '\t' && *t != '\r') return false;
    return true;
}

bool baseline_request_open(const char *status, const char *stage)
{
    bool open = status && (strcmp(status, "open") == 0 || strcmp(status, "matched") == 0);
    return open && !(stage && (strcmp(stage, "completed") == 0 || strcmp(stage, "closed") == 0));
}

static const char NOT_FOUND[] = N_("There is no such baseline assessment, or it is shared only between its parties.");

/* ---------------------------------------------------------------- reading */

/*
 * Read assessment id into out (findings too when with_findings) and decide what who may see
 * and do.  *readable: whether who may see it.  0, 1 when there is none, -1 on a database error.
 */
static int load(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                bool with_findings, struct baseline *out, bool *readable)
{
    struct store_baseline r;
    struct store_baseline_partner *p;
    size_t np;
    *readable = false;
    int rc = store_baseline_get(s, a, lang, id, &r);
    if (rc != 0) return rc;
    if (store_baseline_partners(s, a, id, &p, &np) < 0) return -1;
    long long own = assist_partner_of(s, who);
    if (own < 0) return -1;
    memset(out, 0, sizeof *out);
    out->id = r.id;
    out->request_id = r.request_id;
    out->iso3 = r.iso3;
    out->state_name = r.state_name;
    out->request_title = r.request_title;
    out->request_status = r.request_status;
    out->request_category = r.request_category;
    out->status = r.status;
    out->note = r.note;
    out->summary = r.summary;
    out->synthetic = r.synthetic;
    out->created_at = r.created_at;
    out->completed_at = r.completed_at;
    out->updated_at = r.updated_at;
    out->parties = arena_array(a, np + 1, sizeof *out->parties);
    out->parties[0] = (struct baseline_party){ 0, r.iso3, r.state_name, "state", r.state_public };
    bool all = r.state_public && np > 0, partner_in = false;
    for (size_t i = 0; i < np; i++) {
        out->parties[i + 1] = (struct baseline_party){ p[i].partner_id, p[i].code, p[i].name, p[i].kind, p[i].agrees_public };
        all = all && p[i].agrees_public;
        partner_in = partner_in || (own > 0 && p[i].partner_id == own);
    }
    out->nparties = np + 1;
    out->is_public = all;
    out->side = authz_allowed(who, AUTHZ_STATE_EDIT, r.iso3) ? 0
              : partner_in && authz_assist_party_write(who, r.iso3, true) ? own : -1;
    out->may_write = out->side >= 0;
    out->may_complete = authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL) && strcmp(r.status, "open") == 0;
    *readable = all || authz_assist_party_read(who, r.iso3, partner_in);
    if (with_findings && *readable) {
        struct store_baseline_finding *f;
        size_t nf;
        if (store_baseline_findings(s, a, id, &f, &nf) < 0) return -1;
        out->findings = arena_array(a, nf ? nf : 1, sizeof *out->findings);
        for (size_t i = 0; i < nf; i++)
            out->findings[i] = (struct baseline_finding){ f[i].party, f[i].category, f[i].findings, f[i].needs, f[i].capacities,
                                                          f[i].updated_at };
        out->nfindings = nf;
    }
    return 0;
}

int baseline_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                 struct baseline *out, struct err *e)
{
    bool readable;
    int rc = load(s, a, who, lang, id, true, out, &readable);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc > 0 || !readable) return err_set(e, ERR_NOT_FOUND, NOT_FOUND, NULL);
    return 0;
}

int baseline_list_of_request(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                             long long request_id, struct baseline **out, size_t *n, struct err *e)
{
    long long *ids;
    size_t nids;
    *out = NULL;
    *n = 0;
    if (store_baselines_of_request(s, a, request_id, &ids, &nids) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nids ? nids : 1, sizeof **out);
    for (size_t i = 0; i < nids; i++) {
        bool readable;
        if (load(s, a, who, lang, ids[i], false, &(*out)[*n], &readable) != 0) return err_set(e, ERR_STORE, NULL, NULL);
        if (readable) (*n)++;
    }
    return 0;
}

int baseline_partner_choices(struct store *s, struct arena *a, long long request_id, struct baseline_choice **out, size_t *n,
                             struct err *e)
{
    struct store_partner_choice *v;
    size_t nv;
    *out = NULL;
    *n = 0;
    if (store_partner_choices(s, a, request_id, &v, &nv) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nv ? nv : 1, sizeof **out);
    for (size_t i = 0; i < nv; i++) (*out)[i] = (struct baseline_choice){ v[i].code, v[i].name, v[i].interested };
    *n = nv;
    return 0;
}

/* ---------------------------------------------------------------- opening */

/* The partners named in list: their ids (deduplicated) into ids; errors into errs. */
static size_t partners_of(struct store *s, struct arena *a, json_t *list, const char *iso3, long long *ids,
                          struct baseline_field_errors *errs)
{
    size_t n = 0, i;
    json_t *v;
    if (!json_is_array(list) || json_array_size(list) == 0) {
        field_error(errs, "partners", N_("Choose at least one partner to take part in the assessment."));
        return 0;
    }
    if (json_array_size(list) > BASELINE_PARTNERS_MAX) {
        field_error(errs, "partners", N_("Choose at most 16 partners for one assessment."));
        return 0;
    }
    json_array_foreach(list, i, v) {
        const char *code = json_string_value(v);
        long long id = code && *code ? store_partner_by_code(s, code) : 0;
        if (id <= 0) {
            field_error(errs, "partners", N_("Name each partner by its code, such as demo-nor: one of them is not known."));
            return 0;
        }
        struct store_partner p;
        if (store_partner_get(s, a, id, &p) == 0 && p.iso3 && strcmp(p.kind, "state") == 0 && strcmp(p.iso3, iso3) == 0) {
            field_error(errs, "partners", N_("The requesting State takes part already: choose partners other than the State itself."));
            return 0;
        }
        bool dup = false;
        for (size_t k = 0; k < n; k++) dup = dup || ids[k] == id;
        if (!dup) ids[n++] = id;
    }
    return n;
}

/* A change of the assessment b by the side b->side (-1: the Secretariat), told to the other parties. */
static int tell_change(struct store *s, struct arena *a, const struct baseline *b, const char *who_name)
{
    long long ids[BASELINE_PARTNERS_MAX + 1];
    size_t n = 0;
    for (size_t i = 0; i < b->nparties && n < BASELINE_PARTNERS_MAX + 1; i++)
        if (b->parties[i].party > 0) ids[n++] = b->parties[i].party;
    json_t *p = json_pack("{s:s, s:s}", "title", b->request_title ? b->request_title : "", "party", who_name ? who_name : "");
    int rc = p ? notify_parties(s, b->iso3, ids, n, b->side, NOTIFY_BASELINE_UPDATED, arena_printf(a, "/baselines/%lld", b->id), p, NULL)
               : -1;
    json_decref(p);
    return rc;
}

long long baseline_open(struct store *s, const struct principal *who, long long request_id, json_t *partners,
                        const char *note, struct baseline_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1, ids[BASELINE_PARTNERS_MAX];
    if (!authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL)) {
        err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat opens a joint baseline assessment."), NULL);
        goto done;
    }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    const char *iso3, *status, *stage;
    int g = store_baseline_request_state(s, &a, request_id, &iso3, &status, &stage);
    if (g != 0) {
        err_set(e, g < 0 ? ERR_STORE : ERR_NOT_FOUND, g < 0 ? NULL : N_("There is no such request for assistance."), NULL);
        goto fail;
    }
    if (!baseline_request_open(status, stage)) {
        err_set(e, ERR_STATE, N_("This request is closed, completed, withdrawn or superseded: an assessment is opened only for a "
                                 "request still being processed."), NULL);
        goto fail;
    }
    int open = store_baselines_open_count(s, request_id);
    if (open < 0) { err_set(e, ERR_STORE, NULL, NULL); goto fail; }
    if (open > 0) {
        err_set(e, ERR_STATE, N_("This request has an assessment under way already: complete it before opening another."), NULL);
        goto fail;
    }
    size_t n = partners_of(s, &a, partners, iso3, ids, errs);
    if (note && (text_chars(note) > BASELINE_TEXT_MAX || !utf8_valid_text(note, strlen(note))))
        field_error(errs, "note", N_("The note is too long: write at most 5,000 characters."));
    if (errs->n) { invalid(errs, e); goto fail; }
    id = store_baseline_add(s, request_id, note, who->user_id, false);
    if (id <= 0) goto store_fail;
    json_t *codes = json_array();
    for (size_t i = 0; i < n; i++) {
        struct store_partner p;
        if (store_baseline_partner_add(s, id, ids[i]) < 0 || store_partner_get(s, &a, ids[i], &p) != 0) {
            json_decref(codes);
            goto store_fail;
        }
        json_array_append_new(codes, json_string(p.code));
    }
    if (store_request_assessment_mark(s, request_id) < 0) { json_decref(codes); goto store_fail; }
    json_t *d = json_pack("{s:I, s:o}", "request", request_id, "partners", codes);
    audit_record(s, who, "baseline.open", "baseline", id, d);
    json_decref(d);
    struct store_request q;
    json_t *tp = store_request_get(s, &a, "en", request_id, &q) == 0
                     ? json_pack("{s:s, s:{s:s}}", "title", q.title ? q.title : "", "state", "state", iso3) : NULL;
    int told = tp ? notify_parties(s, iso3, ids, n, -1, NOTIFY_BASELINE_OPENED, arena_printf(&a, "/baselines/%lld", id), tp, NULL) : -1;
    json_decref(tp);
    if (told < 0) goto store_fail;
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); id = -1; }
    goto done;
store_fail:
    err_set(e, ERR_STORE, NULL, NULL);
fail:
    store_tx_rollback(s);
    id = -1;
done:
    arena_cleanup(&a);
    return id;
}

/* ---------------------------------------------------------------- changing */

static const char *const FIELDS[] = { "findings", "public", "summary", "status", NULL };
static const char *const FINDING_FIELDS[] = { "category", "findings", "needs", "capacities", NULL };

static bool known(const char *k, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], k) == 0) return true;
    return false;
}

/* One side's findings in a category, as checked. */
struct side_finding { const char *category, *findings, *needs, *capacities; };

/* Check the "findings" array into v (at most BASELINE_FINDINGS_MAX); how many, errors into errs. */
static size_t findings_check(json_t *list, struct side_finding *v, struct baseline_field_errors *errs)
{
    if (!json_is_array(list) || json_array_size(list) > BASELINE_FINDINGS_MAX) {
        field_error(errs, "findings", N_("Give the findings as a list of objects with category, findings, needs and capacities."));
        return 0;
    }
    size_t n = 0, i;
    json_t *o;
    json_array_foreach(list, i, o) {
        char f[64];
        if (!json_is_object(o)) {
            snprintf(f, sizeof f, "findings[%u]", (unsigned)i);
            field_error(errs, f, N_("Give each category's findings as an object with category, findings, needs and capacities."));
            continue;
        }
        const char *k;
        json_t *x;
        json_object_foreach(o, k, x) {
            if (known(k, FINDING_FIELDS)) continue;
            snprintf(f, sizeof f, "findings[%u].%.20s", (unsigned)i, k);
            field_error(errs, f, N_("This field is not known: check its name."));
        }
        (void)x;
        struct side_finding sf;
        const char *cat = json_string_value(json_object_get(o, "category"));
        snprintf(f, sizeof f, "findings[%u].category", (unsigned)i);
        if (!cat || !assist_category_known(cat)) {
            field_error(errs, f, N_("Choose the category of the findings from the taxonomy, such as stockpile."));
            cat = NULL;
        }
        for (size_t k2 = 0; cat && k2 < n; k2++)
            if (strcmp(v[k2].category, cat) == 0) {
                field_error(errs, f, N_("Each category appears once: put its findings together."));
                cat = NULL;
            }
        sf.category = cat;
        snprintf(f, sizeof f, "findings[%u].findings", (unsigned)i);
        sf.findings = text_of(json_object_get(o, "findings"), f, N_("The findings are too long: write at most 5,000 characters."), errs);
        snprintf(f, sizeof f, "findings[%u].needs", (unsigned)i);
        sf.needs = text_of(json_object_get(o, "needs"), f, N_("The needs are too long: write at most 5,000 characters."), errs);
        snprintf(f, sizeof f, "findings[%u].capacities", (unsigned)i);
        sf.capacities = text_of(json_object_get(o, "capacities"), f,
                                N_("The capacities are too long: write at most 5,000 characters."), errs);
        if (sf.category && sf.findings && sf.needs && sf.capacities) v[n++] = sf;
    }
    return n;
}

static bool same(const char *x, const char *y) { return strcmp(x ? x : "", y ? y : "") == 0; }

/* Whether recording f for side changes what b holds. */
static bool finding_changes(const struct baseline *b, long long side, const struct side_finding *f)
{
    for (size_t i = 0; i < b->nfindings; i++) {
        const struct baseline_finding *x = &b->findings[i];
        if (x->party == side && strcmp(x->category, f->category) == 0)
            return !same(x->findings, f->findings) || !same(x->needs, f->needs) || !same(x->capacities, f->capacities);
    }
    return *f->findings || *f->needs || *f->capacities;
}

/* Record the findings that change (and clear the other sides' agreements when any does): how many categories changed, or -1. */
static int findings_apply(struct store *s, const struct principal *who, const struct baseline *b, const struct side_finding *v,
                          size_t n)
{
    json_t *cats = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!finding_changes(b, b->side, &v[i])) continue;
        if (store_baseline_finding_set(s, b->id, b->side, v[i].category, v[i].findings, v[i].needs, v[i].capacities,
                                       who->user_id) < 0) {
            json_decref(cats);
            return -1;
        }
        json_array_append_new(cats, json_string(v[i].category));
    }
    if (json_array_size(cats) && store_baseline_agreements_clear(s, b->id, b->side) < 0) { json_decref(cats); return -1; }
    if (json_array_size(cats)) {
        json_t *d = json_pack("{s:I, s:O}", "party", b->side, "categories", cats);
        audit_record(s, who, "baseline.findings", "baseline", b->id, d);
        json_decref(d);
    }
    size_t changed = json_array_size(cats);
    json_decref(cats);
    return (int)changed;
}

/* Check in and, when write, make the change (see baseline_update and baseline_check). */
static int update(struct store *s, const struct principal *who, long long id, json_t *in, bool write,
                  struct baseline_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    errs->n = 0;
    if (!json_is_object(in)) { field_error(errs, "", N_("Send the changes as a JSON object.")); invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    struct baseline b;
    bool readable;
    int g = load(s, &a, who, "en", id, true, &b, &readable);
    if (g < 0) { err_set(e, ERR_STORE, NULL, NULL); goto fail; }
    if (g > 0 || !readable) { err_set(e, ERR_NOT_FOUND, NOT_FOUND, NULL); goto fail; }
    json_t *findings = json_object_get(in, "findings"), *pub = json_object_get(in, "public");
    json_t *summary = json_object_get(in, "summary"), *status = json_object_get(in, "status");
    if ((findings || pub) && !b.may_write) {
        err_set(e, ERR_FORBIDDEN, N_("Only the parties to the assessment record findings and agree to publish it."), NULL);
        goto fail;
    }
    if ((summary || status) && !authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL)) {
        err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat writes the summary and completes the assessment."), NULL);
        goto fail;
    }
    if ((findings || summary || status) && strcmp(b.status, "open") != 0) {
        err_set(e, ERR_STATE, N_("This assessment is completed: its findings and summary no longer change."), NULL);
        goto fail;
    }
    const char *k;
    json_t *x;
    json_object_foreach(in, k, x)
        if (!known(k, FIELDS)) field_error(errs, k, N_("This field is not known: check its name."));
    (void)x;
    if (!findings && !pub && !summary && !status)
        field_error(errs, "", N_("Send at least one of findings, public, summary or status."));
    struct side_finding v[BASELINE_FINDINGS_MAX];
    size_t n = findings ? findings_check(findings, v, errs) : 0;
    if (pub && !json_is_boolean(pub)) field_error(errs, "public", N_("Say true or false: do you agree to make the assessment public?"));
    const char *sum = summary ? text_of(summary, "summary", N_("The summary is too long: write at most 5,000 characters."), errs) : NULL;
    bool complete = false;
    if (status) {
        const char *st = json_string_value(status);
        if (!st || strcmp(st, "completed") != 0) field_error(errs, "status", N_("The status can only become completed."));
        else complete = true;
        if (complete && blank(sum ? sum : b.summary))
            field_error(errs, "summary", N_("Write a summary of the assessment before completing it."));
    }
    if (errs->n) { invalid(errs, e); goto fail; }
    if (!write) { store_tx_rollback(s); rc = 0; goto done; }
    int changed = findings ? findings_apply(s, who, &b, v, n) : 0;
    if (changed < 0) goto store_fail;
    if (pub) {
        bool agrees = json_is_true(pub);
        if (store_baseline_agree(s, id, b.side, agrees) != 0) goto store_fail;
        json_t *d = json_pack("{s:I, s:b}", "party", b.side, "agrees", agrees);
        audit_record(s, who, "baseline.agree", "baseline", id, d);
        json_decref(d);
    }
    if (summary || complete) {
        if (store_baseline_summary_set(s, id, sum ? sum : b.summary, complete, who->user_id) < 0) goto store_fail;
        audit_record(s, who, complete ? "baseline.complete" : "baseline.summary", "baseline", id, NULL);
    }
    if (changed > 0 || complete) {   /* the other parties hear of new findings and of the completion */
        const char *name = b.side < 0 ? "UN Secretariat" : NULL;
        for (size_t i = 0; !name && i < b.nparties; i++)
            if (b.parties[i].party == b.side) name = b.parties[i].name;
        if (tell_change(s, &a, &b, name) < 0) goto store_fail;
    }
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
    goto done;
store_fail:
    err_set(e, ERR_STORE, NULL, NULL);
fail:
    store_tx_rollback(s);
done:
    arena_cleanup(&a);
    return rc;
}

int baseline_update(struct store *s, const struct principal *who, long long id, json_t *in,
                    struct baseline_field_errors *errs, struct err *e)
{
    return update(s, who, id, in, true, errs, e);
}

int baseline_check(struct store *s, const struct principal *who, long long id, json_t *in,
                   struct baseline_field_errors *errs, struct err *e)
{
    return update(s, who, id, in, false, errs, e);
}

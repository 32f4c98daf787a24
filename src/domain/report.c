/* report: see report.h. */
#include "domain/report.h"
#include "domain/quota.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attachment.h"
#include "domain/audit.h"
#include "domain/assistance.h"
#include "domain/authz.h"
#include "domain/project.h"
#include "domain/cycle.h"
#include "domain/notify.h"
#include "domain/target.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/mem.h"
#include "util/text.h"

void report_result_cleanup(struct report_result *r)
{
    json_decref(r->details);
    r->details = NULL;
}

/* Fill e (msg: a static msgid); for the callers' `return fail(...)` in void helpers, nothing to return. */
static void fail(struct err *e, enum err_code c, const char *msg)
{
    err_set(e, c, msg, NULL);
}

/* A message composed here (English, with a question's number): kept in r, shown as it is. */
static void fail_text(struct report_result *r, struct err *e, enum err_code c, const char *text)
{
    snprintf(r->text, sizeof r->text, "%s", text);
    err_set(e, c, "%s", r->text);
}

/* What a public operation answers: 0 when e says nothing went wrong, else -1. */
static int done(const struct err *e)
{
    return e->code == ERR_OK ? 0 : -1;
}

/* The statuses each step starts from (report_status_allows). */
static const char *const FROM_EDIT[] = { "draft", "returned", NULL };
static const char *const FROM_REVIEW[] = { "submitted", NULL };
static const char *const FROM_REOPEN[] = { "submitted", "published", NULL };

static const char *const *step_from(enum report_step step)
{
    switch (step) {
    case REPORT_STEP_EDIT: case REPORT_STEP_SUBMIT: return FROM_EDIT;
    case REPORT_STEP_PUBLISH: case REPORT_STEP_RETURN: return FROM_REVIEW;
    case REPORT_STEP_REOPEN: return FROM_REOPEN;
    }
    return FROM_EDIT;
}

bool report_status_allows(const char *status, enum report_step step)
{
    for (const char *const *f = step_from(step); status && *f; f++)
        if (strcmp(status, *f) == 0) return true;
    return false;
}

bool report_may_see_draft(const struct principal *who, const char *iso3)
{
    return authz_allowed(who, AUTHZ_DRAFT_READ, iso3);
}

struct rep { bool found; long long id; char iso3[4]; int cycle; char status[16]; int version; char language[4]; bool synthetic; };

static int rep_cb(const struct store_report *x, void *ctx)
{
    struct rep *p = ctx;
    p->found = true;
    p->id = x->id;
    snprintf(p->iso3, sizeof p->iso3, "%s", x->state_iso3);
    p->cycle = x->cycle;
    snprintf(p->status, sizeof p->status, "%s", x->status);
    p->version = x->version;
    snprintf(p->language, sizeof p->language, "%s", x->language ? x->language : "en");
    p->synthetic = x->synthetic;
    return 0;
}

static int answers_cb(const struct store_answer *a, void *ctx)
{
    json_t **pair = ctx;
    json_t *v = json_loads(a->value, JSON_DECODE_ANY, NULL);
    if (v) json_object_set_new(pair[0], a->question, v);
    if (pair[1]) json_object_set_new(pair[1], a->question, json_integer(a->rev));
    return 0;
}

static json_t *answers_via(struct store *s, long long id, bool writer, json_t **revs)
{
    json_t *pair[2] = { json_object(), revs ? json_object() : NULL };
    store_answers_each(s, id, writer, answers_cb, pair);
    if (revs) *revs = pair[1];
    return pair[0];
}

json_t *report_answers(struct store *s, long long id, json_t **revs)
{
    return answers_via(s, id, false, revs);
}

int report_answers_read(struct store *s, long long id, json_t **answers, json_t **revs)
{
    json_t *pair[2] = { json_object(), revs ? json_object() : NULL };
    if (store_answers_each(s, id, false, answers_cb, pair) < 0) {
        json_decref(pair[0]);
        json_decref(pair[1]);
        *answers = NULL;
        if (revs) *revs = NULL;
        return -1;
    }
    *answers = pair[0];
    if (revs) *revs = pair[1];
    return 0;
}

/* The last published answers of this State before cycle, with that report's cycle. */
struct prev { long long id; int cycle; };

static int prev_cb(const struct store_report *x, void *ctx)
{
    struct prev *p = ctx;
    if (x->version > 0 && x->cycle < p->cycle && !p->id) { p->id = x->id; p->cycle = x->cycle; }
    return 0;
}

struct last_version { json_t *answers; };

static int version_cb(const struct store_version *v, void *ctx)
{
    struct last_version *lv = ctx;
    json_decref(lv->answers);
    lv->answers = json_loads(v->answers, 0, NULL);
    return 0;
}

static int drop_inactive(struct store *s, long long id, const struct template *t, long long uid, json_t *dropped);

/* Pre-fill: copy the previous cycle's published answers, following renames, splits and merges. */
static int prefill(struct store *s, const struct template *t, long long new_id, long long prev_id, long long uid)
{
    struct last_version lv = { NULL };
    store_report_versions_each(s, prev_id, version_cb, &lv);
    if (!lv.answers) return 0;
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(lv.answers, k, v) {
        const char *to[8];
        size_t n = template_carry_over(t, k, to, 8);
        for (size_t i = 0; i < n && rc == 0; i++) {
            const struct template_question *q = template_question(t, to[i]);
            char err[200];
            if (!q || answer_check(q, v, err, sizeof err) < 0) continue;   /* only what still fits */
            char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            rc = store_answer_put(s, new_id, to[i], js, uid);
            free(js);
        }
    }
    json_decref(lv.answers);
    /* The files the carried answers refer to belong to the State's reports: link them to the new one. */
    return rc == 0 ? store_attachment_links_copy(s, prev_id, new_id) : rc;
}

int report_start(struct store *s, const struct principal *who, const char *iso3, int cycle, struct report_result *r,
                 struct err *e)
{
    *e = ERR_NONE;
    memset(r, 0, sizeof *r);
    if (!authz_allowed(who, AUTHZ_STATE_EDIT, iso3)) { fail(e, ERR_FORBIDDEN, N_("Only the State's own points of contact start its report.")); return done(e); }
    /* A State starts its report while the cycle is open, and still after the deadline until the
       meeting ends (it reports late rather than not at all); not before it opens, nor once closed. */
    struct arena a = ARENA_INIT;
    struct cycle c;
    struct err ce = ERR_NONE;
    int crc = cycle_read(s, &a, cycle, &c, &ce);
    enum cycle_status cst = c.status;
    arena_cleanup(&a);
    if (crc < 0) { fail(e, ce.code == ERR_STORE ? ERR_STORE : ERR_STATE, N_("This reporting cycle is not open.")); return done(e); }
    const struct template *t = template_get(cycle);
    if (!t || !cycle_allows_start(cst)) {
        fail(e, ERR_STATE, cst == CYCLE_PLANNED ? N_("This reporting cycle is not open yet.") : N_("This reporting cycle is closed: its meeting has ended."));
        return done(e);
    }
    struct rep existing = { 0 };
    if (store_report_find(s, iso3, cycle, false, rep_cb, &existing) == 0) { r->id = existing.id; return done(e); }
    struct prev p = { 0, cycle };
    store_reports_each(s, iso3, 0, NULL, true, prev_cb, &p);
    if (store_tx_begin(s) < 0) { fail(e, ERR_STORE, N_("The database is busy.")); return done(e); }
    long long id = store_report_add(s, iso3, cycle, "en", false, p.id);
    if (id == 0) {   /* started meanwhile by a colleague */
        store_tx_rollback(s);
        store_report_find(s, iso3, cycle, false, rep_cb, &existing);
        r->id = existing.id;
        return done(e);
    }
    /* Pre-fills that join what the previous report said, before inactive answers go: the State's projects
       (domain/project_prefill.c) and its voluntary targets (domain/target.c: coord.targets and its details). */
    if (id < 0 || (p.id && prefill(s, t, id, p.id, who->user_id) < 0) || project_prefill_report(s, id, iso3, cycle, who->user_id) < 0 ||
        target_prefill_report(s, id, iso3, cycle, who->user_id) < 0 ||
        (p.id && drop_inactive(s, id, t, who->user_id, NULL) < 0) ||
        store_report_event_add(s, id, who->user_id, "start", NULL) < 0) {
        store_tx_rollback(s);
        fail(e, ERR_STORE, N_("The report could not be created."));
        return done(e);
    }
    json_t *d = json_pack("{s:s, s:i, s:I}", "state", iso3, "cycle", cycle, "prefilled_from", (json_int_t)p.id);
    audit_record(s, who, "report.start", "report", id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) { fail(e, ERR_STORE, N_("The report could not be saved.")); return done(e); }
    r->id = id;
    return done(e);
}

/* Load the report under the writer lock and check the principal may edit it in its status. */
static bool load_for_edit(struct store *s, const struct principal *who, long long id, struct rep *rep, struct err *e)
{
    if (store_report_get(s, id, true, rep_cb, rep) != 0) { fail(e, ERR_NOT_FOUND, N_("There is no such report.")); return false; }
    if (!authz_allowed(who, AUTHZ_STATE_EDIT, rep->iso3)) {
        fail(e, report_may_see_draft(who, rep->iso3) ? ERR_FORBIDDEN : ERR_NOT_FOUND,
             report_may_see_draft(who, rep->iso3) ? N_("Only the State's own points of contact change its report.") : N_("There is no such report."));
        return false;
    }
    if (!report_status_allows(rep->status, REPORT_STEP_EDIT)) {
        fail(e, ERR_STATE, N_("The report is submitted or published: reopen it to change it."));
        return false;
    }
    return true;
}

/* Nesting depth of a JSON value: answers are at most a table of rows of fields. */
static int depth(json_t *v)
{
    int d = 0;
    json_t *x;
    size_t i;
    const char *k;
    if (json_is_array(v)) json_array_foreach(v, i, x) { int e = depth(x); if (e > d) d = e; }
    else if (json_is_object(v)) json_object_foreach(v, k, x) { int e = depth(x); if (e > d) d = e; }
    else return 0;
    return d + 1;
}

/* Is ref a reference to a file linked to report id, with the stored size and type?  0 yes, else -1 with a message. */
static int check_ref(struct store *s, long long id, const char *label, json_t *ref, char *err, size_t errlen)
{
    const char *sha = json_string_value(json_object_get(ref, "sha256"));
    if (!json_is_object(ref) || !attachment_sha_valid(sha)) {
        snprintf(err, errlen, "%s: a file answer is {\"name\", \"type\", \"bytes\", \"sha256\"} with the hash of an uploaded file", label);
        return -1;
    }
    long long bytes = -1;
    char type[128] = "";
    int rc = store_attachment_linked(s, id, sha, &bytes, type, sizeof type);
    if (rc != 0) {
        snprintf(err, errlen, "%s: no file with sha256 %s has been uploaded to this report: upload it first", label, sha);
        return -1;
    }
    json_t *b = json_object_get(ref, "bytes");
    const char *t = json_string_value(json_object_get(ref, "type"));
    if (!json_is_integer(b) || json_integer_value(b) != bytes || !t || strcmp(t, type) != 0) {
        snprintf(err, errlen, "%s: the uploaded file is %s of %lld bytes: give that type and size", label, type, bytes);
        return -1;
    }
    return 0;
}

struct refs_check { struct store *s; long long id; const char *label; char *err; size_t errlen; int rc; size_t seen; };

static void check_one_ref(json_t *ref, void *ctx)
{
    struct refs_check *c = ctx;
    c->seen++;
    if (c->rc == 0) c->rc = check_ref(c->s, c->id, c->label, ref, c->err, c->errlen);
}

/* How many file references (objects with a member "sha256") v holds, anywhere. */
static size_t count_refs(json_t *v)
{
    json_t *x;
    size_t i, n = 0;
    const char *k;
    if (json_is_array(v)) json_array_foreach(v, i, x) n += count_refs(x);
    else if (json_is_object(v)) {
        if (json_object_get(v, "sha256")) return 1;
        json_object_foreach(v, k, x) n += count_refs(x);
    }
    return n;
}

/*
 * Check every file reference in an answer.  A reference is accepted only where the template asks for a file (a file
 * question, or a file column or member of a table or group: answer_each_file visits those) and only for a file
 * linked to this report; a {"sha256": ...} anywhere else is refused, so no answer can make a stored file
 * downloadable through this report.
 */
static int check_refs(struct store *s, long long id, const struct template_question *q, json_t *v, char *err, size_t errlen)
{
    struct refs_check c = { s, id, q->number ? q->number : q->id, err, errlen, 0, 0 };
    if (!v || json_is_null(v)) return 0;
    answer_each_file(q, v, check_one_ref, &c);
    if (c.rc) return c.rc;
    if (count_refs(v) > c.seen) {
        snprintf(err, errlen, "%s: a file can only be the answer to a file question or a file column: upload it there", c.label);
        return -1;
    }
    return 0;
}

/* Append every validation error of v to list as {question, number, field, where, message}; how many. */
static size_t append_errors(json_t *list, const struct template_question *q, json_t *v)
{
    struct answer_errors e;
    answer_errors_init(&e);
    size_t n = answer_validate(q, v, &e);
    for (size_t i = 0; i < e.n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s?, s:s, s:s, s:s}", "question", q->id, "number", q->number, "field",
                                              e.v[i].path, "where", e.v[i].where, "message", e.v[i].message));
    answer_errors_cleanup(&e);
    return n;
}

/*
 * Skip logic where it removes answers: report_inactive decides (see report.h), this clears them.  Called by every
 * save and import and again before a report is submitted or published, so an answer to an inactive question is
 * never kept, submitted or published.  The cleared ids are appended to dropped (when not NULL).  The number
 * cleared, or -1.
 */
json_t *report_inactive(const struct template *t, json_t *answers)
{
    json_t *left = json_copy(answers), *out = json_array();
    for (size_t i = 0; t && i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (!json_object_get(left, q->id) || template_applies(q, left)) continue;
        json_object_del(left, q->id);
        json_array_append_new(out, json_string(q->id));
    }
    json_decref(left);
    return out;
}

static int drop_inactive(struct store *s, long long id, const struct template *t, long long uid, json_t *dropped)
{
    json_t *answers = answers_via(s, id, true, NULL), *gone = report_inactive(t, answers), *q;
    size_t i;
    int n = 0;
    json_array_foreach(gone, i, q) {
        if (store_answer_put(s, id, json_string_value(q), NULL, uid) < 0) { n = -1; break; }
        if (dropped) json_array_append(dropped, q);
        n++;
    }
    json_decref(gone);
    json_decref(answers);
    return n;
}

/* Store and link the uploaded files, within the report's and the account's quotas (quota.h).  -1 with e set. */
static int put_blobs(struct store *s, const struct principal *who, long long id, const struct report_blob *blobs, size_t n,
                     struct report_result *r, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        if (quota_check(s, id, who->user_id, blobs[i].sha256, (long long)blobs[i].len, r->text, sizeof r->text, e) < 0)
            return -1;
        if (store_attachment_put(s, blobs[i].sha256, blobs[i].type, blobs[i].data, blobs[i].len) < 0 ||
            store_attachment_link(s, id, blobs[i].sha256, who->user_id) < 0) {
            fail(e, ERR_STORE, N_("The file could not be stored."));
            return -1;
        }
    }
    return 0;
}

int report_save(struct store *s, const struct principal *who, long long id, json_t *changes, struct report_result *r,
                struct err *e)
{
    *e = ERR_NONE;
    report_save_files(s, who, id, changes, NULL, 0, r, e);
    return done(e);
}

int report_attach(struct store *s, const struct principal *who, long long id, const struct report_blob *blob,
                   struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    memset(r, 0, sizeof *r);
    r->id = id;
    if (store_tx_begin(s) < 0) { fail(e, ERR_STORE, N_("The database is busy.")); return done(e); }
    struct rep rep = { 0 };
    if (!load_for_edit(s, who, id, &rep, e)) { store_tx_rollback(s); return done(e); }
    if (put_blobs(s, who, id, blob, 1, r, e) < 0) { store_tx_rollback(s); return done(e); }
    json_t *d = json_pack("{s:s, s:s, s:I}", "sha256", blob->sha256, "type", blob->type, "bytes", (json_int_t)blob->len);
    audit_record(s, who, "report.attach", "report", id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) fail(e, ERR_STORE, N_("The file could not be stored."));
    return done(e);
}

/* Tell the saver which answers skip logic cleared: their entry says rev 0 and "dropped", added when absent. */
static void mark_dropped(json_t *saved, json_t *dropped)
{
    json_t *d, *e;
    size_t i, j;
    json_array_foreach(dropped, i, d) {
        bool found = false;
        json_array_foreach(saved, j, e) {
            if (!json_equal(json_object_get(e, "question"), d)) continue;
            json_object_set_new(e, "rev", json_integer(0));
            json_object_set_new(e, "dropped", json_true());
            json_object_del(e, "warning");
            found = true;
        }
        if (!found) json_array_append_new(saved, json_pack("{s:O, s:i, s:b}", "question", d, "rev", 0, "dropped", 1));
    }
}

int report_save_files(struct store *s, const struct principal *who, long long id, json_t *changes,
                      const struct report_blob *blobs, size_t nblobs, struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    memset(r, 0, sizeof *r);
    r->id = id;
    if (!json_is_array(changes) || json_array_size(changes) == 0 || json_array_size(changes) > 1000) {
        fail(e, ERR_INVALID, N_("Send a list of 1 to 1000 changes: [{\"question\": ..., \"value\": ..., \"rev\": ...}]."));
        return done(e);
    }
    if (store_tx_begin(s) < 0) { fail(e, ERR_STORE, N_("The database is busy.")); return done(e); }
    struct rep rep = { 0 };
    if (!load_for_edit(s, who, id, &rep, e)) { store_tx_rollback(s); return done(e); }
    if (put_blobs(s, who, id, blobs, nblobs, r, e) < 0) { store_tx_rollback(s); return done(e); }
    const struct template *t = template_get(rep.cycle);
    json_t *conflicts = json_array(), *saved = json_array(), *c;
    size_t i;
    json_array_foreach(changes, i, c) {
        const char *qid = json_string_value(json_object_get(c, "question"));
        json_t *value = json_object_get(c, "value"), *rev = json_object_get(c, "rev");
        const struct template_question *q = template_question(t, qid);
        if (!json_is_object(c) || !q || !value || !json_is_integer(rev)) {
            char m[200];
            snprintf(m, sizeof m, "Change %zu: %s.", i + 1,
                     !q ? "no such question in this cycle's template" : "it needs \"value\" (null to clear) and an integer \"rev\"");
            json_decref(conflicts);
            json_decref(saved);
            store_tx_rollback(s);
            fail_text(r, e, ERR_INVALID, m);
            r->details = json_pack("[{s:s?, s:s}]", "question", qid, "message", m);
            return done(e);
        }
        /* null, "", {} and [] all mean "not answered": the answer is cleared, never stored empty. */
        bool empty = json_is_null(value) || (json_is_string(value) && json_string_length(value) == 0) ||
                     (json_is_object(value) && json_object_size(value) == 0) || (json_is_array(value) && json_array_size(value) == 0);
        char *js = empty ? NULL : json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        if (js && (strlen(js) > REPORT_MAX_ANSWER_BYTES || depth(value) > 4)) {
            free(js);
            json_decref(conflicts);
            json_decref(saved);
            store_tx_rollback(s);
            fail(e, ERR_INVALID, N_("An answer is larger than 64 KB or nested deeper than a table of rows."));
            return done(e);
        }
        char referr[256];
        if (!empty && check_refs(s, id, q, value, referr, sizeof referr) < 0) {
            free(js);
            json_decref(conflicts);
            json_decref(saved);
            store_tx_rollback(s);
            fail_text(r, e, ERR_INVALID, referr);
            r->details = json_pack("[{s:s, s:s?, s:s}]", "question", qid, "number", q->number, "message", referr);
            return done(e);
        }
        char *current = NULL;
        long long cur = store_answer_rev(s, id, qid, &current);
        long long base = json_integer_value(rev);
        if (cur != base) {
            json_t *theirs = current ? json_loads(current, JSON_DECODE_ANY, NULL) : json_null();
            json_array_append_new(conflicts, json_pack("{s:s, s:O, s:o, s:I, s:I}", "question", qid, "yours", value,
                                                       "theirs", theirs ? theirs : json_null(), "rev", (json_int_t)cur,
                                                       "your_rev", (json_int_t)base));
        } else if (store_answer_put(s, id, qid, js, who->user_id) < 0) {
            free(js);
            free(current);
            json_decref(conflicts);
            json_decref(saved);
            store_tx_rollback(s);
            fail(e, ERR_STORE, N_("The answer could not be saved."));
            return done(e);
        } else {
            char err[256] = "";
            bool ok = answer_check(q, value, err, sizeof err) == 0;
            json_t *errors = json_array();
            append_errors(errors, q, value);
            json_array_append_new(saved, json_pack("{s:s, s:I, s:s?, s:o}", "question", qid, "rev",
                                                   (json_int_t)(js ? cur + 1 : 0), "warning", ok ? NULL : err, "errors", errors));
        }
        free(js);
        free(current);
    }
    if (json_array_size(conflicts)) {
        store_tx_rollback(s);
        json_decref(saved);
        fail(e, ERR_CONFLICT, N_("Someone else changed these answers since you loaded them: nothing was saved. Both values are shown."));
        r->details = conflicts;
        return done(e);
    }
    json_decref(conflicts);
    json_t *dropped = json_array();
    if (drop_inactive(s, id, t, who->user_id, dropped) < 0) {
        json_decref(dropped);
        json_decref(saved);
        store_tx_rollback(s);
        fail(e, ERR_STORE, N_("The answers could not be saved."));
        return done(e);
    }
    mark_dropped(saved, dropped);
    store_report_touch(s, id);
    json_t *d = json_pack("{s:I, s:o}", "answers", (json_int_t)json_array_size(saved), "dropped", dropped);
    audit_record(s, who, "report.save", "report", id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) { json_decref(saved); fail(e, ERR_STORE, N_("The answers could not be saved.")); return done(e); }
    r->details = saved;
    return done(e);
}

/* report_import and report_import_workbook: keep_files keeps the report's file answers (a workbook carries none). */
static void import_answers(struct store *s, const struct principal *who, long long id, json_t *answers, bool keep_files,
                           struct report_result *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->id = id;
    if (!json_is_object(answers) || json_object_size(answers) > 2000) {
        fail(e, ERR_INVALID, N_("Send {\"answers\": {question id: value, ...}}."));
        return;
    }
    if (store_tx_begin(s) < 0) { fail(e, ERR_STORE, N_("The database is busy.")); return; }
    struct rep rep = { 0 };
    if (!load_for_edit(s, who, id, &rep, e)) { store_tx_rollback(s); return; }
    const struct template *t = template_get(rep.cycle);
    json_t *errors = json_array(), *v;
    const char *k;
    json_object_foreach(answers, k, v) {
        const struct template_question *q = template_question(t, k);
        char err[256];
        if (!q) json_array_append_new(errors, json_pack("{s:s, s:s}", "question", k, "message", "No such question in this cycle's template."));
        else if (depth(v) > 4)
            json_array_append_new(errors, json_pack("{s:s, s:s?, s:s}", "question", k, "number", q->number, "message", "Nested too deeply."));
        else if (!append_errors(errors, q, v) && check_refs(s, id, q, v, err, sizeof err) < 0)
            json_array_append_new(errors, json_pack("{s:s, s:s?, s:s}", "question", k, "number", q->number, "message", err));
    }
    if (json_array_size(errors)) {
        store_tx_rollback(s);
        fail(e, ERR_INVALID, N_("The import has errors: nothing was changed."));
        r->details = errors;
        return;
    }
    json_decref(errors);
    json_t *current = answers_via(s, id, true, NULL);
    int rc = 0, changed = 0;
    json_object_foreach(current, k, v) {
        const struct template_question *q = template_question(t, k);
        if (keep_files && q && q->type == ANSWER_FILE) continue;
        if (rc == 0 && !json_object_get(answers, k)) { rc = store_answer_put(s, id, k, NULL, who->user_id); changed++; }
    }
    json_object_foreach(answers, k, v) {
        json_t *cur = json_object_get(current, k);
        if (rc || json_is_null(v) || (cur && json_equal(cur, v))) continue;
        char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        rc = store_answer_put(s, id, k, js, who->user_id);
        free(js);
        changed++;
    }
    json_decref(current);
    int dropped = rc < 0 ? -1 : drop_inactive(s, id, t, who->user_id, NULL);
    if (rc < 0 || dropped < 0) { store_tx_rollback(s); fail(e, ERR_STORE, N_("The import could not be saved.")); return; }
    changed += dropped;
    if (changed) store_report_touch(s, id);
    json_t *d = json_pack("{s:i, s:i}", "changed", changed, "dropped", dropped);
    audit_record(s, who, "report.import", "report", id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) fail(e, ERR_STORE, N_("The import could not be saved."));
}

int report_import(struct store *s, const struct principal *who, long long id, json_t *answers, struct report_result *r,
                  struct err *e)
{
    *e = ERR_NONE;
    import_answers(s, who, id, answers, false, r, e);
    return done(e);
}

int report_import_workbook(struct store *s, const struct principal *who, long long id, json_t *answers,
                           struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    import_answers(s, who, id, answers, true, r, e);
    return done(e);
}

static json_t *check_answers(const struct template *t, json_t *answers)
{
    json_t *errors = json_array();
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        json_t *v = json_object_get(answers, q->id);
        if (!template_applies(q, answers)) continue;
        if ((!v || json_is_null(v)) && json_is_true(json_object_get(q->json, "required")))
            json_array_append_new(errors, json_pack("{s:s, s:s?, s:s, s:s?, s:s}", "question", q->id, "number", q->number,
                                                    "field", q->id, "where", q->number, "message", "An answer is required."));
        else if (v)
            append_errors(errors, q, v);
    }
    return errors;
}

int report_check(struct store *s, const struct principal *who, long long id, struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    memset(r, 0, sizeof *r);
    r->id = id;
    struct rep rep = { 0 };
    if (store_report_get(s, id, false, rep_cb, &rep) != 0 || !report_may_see_draft(who, rep.iso3)) {
        fail(e, ERR_NOT_FOUND, N_("There is no such report."));
        return done(e);
    }
    json_t *answers = report_answers(s, id, NULL);
    r->details = check_answers(template_get(rep.cycle), answers);
    json_decref(answers);
    return done(e);
}

/* A status change under the writer lock: from one of the allowed statuses, by an allowed principal. */
/* A returned report: its State's focal points are told, with the comment (in the transition's transaction). */
static int notify_report_returned(struct store *s, long long id, const char *iso3, int cycle, const char *comment)
{
    char object[48], year[16];
    snprintf(object, sizeof object, "/reports/%lld?view=working", id);
    snprintf(year, sizeof year, "%d", cycle);   /* a year, not a number to group: "2026", never "2,026" */
    json_t *p = json_pack("{s:{s:s}, s:s, s:s}", "state", "state", iso3, "cycle", year, "comment", comment ? comment : "");
    int n = notify_state(s, iso3, NOTIFY_REPORT_RETURNED, object, p, NULL);
    json_decref(p);
    return n;
}

static void transition(struct store *s, const struct principal *who, long long id, enum authz_action need,
                       enum report_step step, const char *to, const char *action, const char *not_now,
                       const char *comment, struct report_result *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->id = id;
    if (store_tx_begin(s) < 0) { fail(e, ERR_STORE, N_("The database is busy.")); return; }
    struct rep rep = { 0 };
    if (store_report_get(s, id, true, rep_cb, &rep) != 0 || !report_may_see_draft(who, rep.iso3)) {
        store_tx_rollback(s);
        fail(e, ERR_NOT_FOUND, N_("There is no such report."));
        return;
    }
    if (!authz_allowed(who, need, rep.iso3)) {
        store_tx_rollback(s);
        fail(e, ERR_FORBIDDEN, need == AUTHZ_PUBLISH ? N_("Only the Secretariat publishes or returns reports.")
                                                     : N_("Only the State's own points of contact do this."));
        return;
    }
    if (!report_status_allows(rep.status, step)) {
        store_tx_rollback(s);
        fail(e, ERR_STATE, not_now);
        return;
    }
    bool submitting = strcmp(action, "submitted") == 0;
    if ((submitting || strcmp(to, "published") == 0) && drop_inactive(s, id, template_get(rep.cycle), who->user_id, NULL) < 0) {
        store_tx_rollback(s);
        fail(e, ERR_STORE, N_("The change could not be saved."));
        return;
    }
    if (submitting) {
        json_t *answers = answers_via(s, id, true, NULL);
        json_t *errors = check_answers(template_get(rep.cycle), answers);
        json_decref(answers);
        if (json_array_size(errors)) {
            store_tx_rollback(s);
            fail(e, ERR_INVALID, N_("The report has errors: correct them, then submit."));
            r->details = errors;
            return;
        }
        json_decref(errors);
    }
    int version = rep.version + (strcmp(to, "published") == 0 ? 1 : 0);
    const char *event = strcmp(action, "submitted") == 0 ? "submit" : strcmp(action, "published") == 0 ? "publish"
                      : strcmp(action, "returned") == 0 ? "return" : "reopen";
    if (store_report_set_status(s, id, to, version) < 0 || store_report_event_add(s, id, who->user_id, event, comment) < 0 ||
        (version != rep.version && store_report_version_add(s, id, version, who->user_id, comment) < 0)) {
        store_tx_rollback(s);
        fail(e, ERR_STORE, N_("The change could not be saved."));
        return;
    }
    if (version != rep.version) {   /* published: its needs and offers become requests and offers */
        json_t *answers = answers_via(s, id, true, NULL);
        int rc = assist_sync_report(s, id, rep.iso3, rep.cycle, version, rep.language, answers, rep.synthetic, who->user_id);
        json_decref(answers);
        if (rc < 0) {
            store_tx_rollback(s);
            fail(e, ERR_STORE, N_("The change could not be saved."));
            return;
        }
    }
    if (strcmp(event, "return") == 0 && notify_report_returned(s, id, rep.iso3, rep.cycle, comment) < 0) {
        store_tx_rollback(s);
        fail(e, ERR_STORE, N_("The change could not be saved."));
        return;
    }
    char act[32];
    snprintf(act, sizeof act, "report.%s", event);
    json_t *d = json_pack("{s:s, s:s, s:i, s:s?}", "from", rep.status, "to", to, "version", version, "comment", comment);
    audit_record(s, who, act, "report", id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) fail(e, ERR_STORE, N_("The change could not be saved."));
}

int report_submit(struct store *s, const struct principal *who, long long id, struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    transition(s, who, id, AUTHZ_STATE_EDIT, REPORT_STEP_SUBMIT, "submitted", "submitted",
               N_("Only a draft or a returned report can be submitted."), NULL, r, e);
    return done(e);
}

int report_publish(struct store *s, const struct principal *who, long long id, const char *note, struct report_result *r,
                   struct err *e)
{
    *e = ERR_NONE;
    if (text_chars(note) > REPORT_MAX_COMMENT_CHARS) {
        memset(r, 0, sizeof *r);
        fail(e, ERR_INVALID, N_("The note is too long: write at most 5,000 characters."));
        return done(e);
    }
    transition(s, who, id, AUTHZ_PUBLISH, REPORT_STEP_PUBLISH, "published", "published",
               N_("Only a submitted report can be published: this one is not waiting for review."), note, r, e);
    return done(e);
}

int report_return(struct store *s, const struct principal *who, long long id, const char *comment,
                  struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    if (!comment || !*comment) {
        memset(r, 0, sizeof *r);
        fail(e, ERR_INVALID, N_("Say what the State should change: a comment is required to return a report."));
        return done(e);
    }
    if (text_chars(comment) > REPORT_MAX_COMMENT_CHARS) {
        memset(r, 0, sizeof *r);
        fail(e, ERR_INVALID, N_("The comment is too long: write at most 5,000 characters."));
        return done(e);
    }
    transition(s, who, id, AUTHZ_PUBLISH, REPORT_STEP_RETURN, "returned", "returned",
               N_("Only a submitted report can be returned: this one is not waiting for review."), comment, r, e);
    return done(e);
}

int report_reopen(struct store *s, const struct principal *who, long long id, struct report_result *r, struct err *e)
{
    *e = ERR_NONE;
    transition(s, who, id, AUTHZ_STATE_EDIT, REPORT_STEP_REOPEN, "draft", "reopened",
               N_("Only a submitted or a published report can be reopened."), NULL, r, e);
    return done(e);
}

json_t *report_diff(json_t *before, json_t *after)
{
    json_t *out = json_array(), *v;
    const char *k;
    json_object_foreach(before, k, v) {
        json_t *a = json_object_get(after, k);
        if (!a || !json_equal(a, v)) json_array_append_new(out, json_pack("{s:s, s:O, s:O}", "question", k, "before", v, "after", a ? a : json_null()));
    }
    json_object_foreach(after, k, v)
        if (!json_object_get(before, k)) json_array_append_new(out, json_pack("{s:s, s:n, s:O}", "question", k, "before", "after", v));
    return out;
}

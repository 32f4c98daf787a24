/*
 * assist_proposal: the proposal file of a request for assistance.  A request read from a
 * report carries its report's file (the row's proposal_file: shown and served as the report's
 * files are, attachment_open); a request filed outside a report carries one of its own,
 * uploaded with the form or the API, stored content-addressed like a report's files and
 * public as the request is.  See assistance.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assist_internal.h"
#include "domain/attachment.h"
#include "domain/quota.h"
#include "store/store.h"   /* store_attachment_put */
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

/* What a proposal may be: the template's proposal_file column (data/templates/2026.json). */
static json_t *proposal_spec(void)
{
    return json_pack("{s:[s,s,s], s:I}", "accept", "application/pdf",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "application/vnd.oasis.opendocument.text", "max_bytes", (json_int_t)ASSIST_PROPOSAL_MAX_BYTES);
}

static void refuse(struct assist_field_errors *errs, const char *msg)
{
    if (errs->n < sizeof errs->v / sizeof errs->v[0]) errs->v[errs->n++] = (struct assist_field_error){ "proposal", msg };
}

void assist_proposal_apply(struct arena *a, const struct assist_proposal *p, struct store_request *q,
                           struct assist_proposal_blob *blob, struct assist_field_errors *errs)
{
    memset(blob, 0, sizeof *blob);
    if (!p || p->op == ASSIST_PROPOSAL_KEEP) return;
    if (q->report_id) {
        refuse(errs, N_("This request comes from a national report: its proposal file changes with the report."));
        return;
    }
    if (p->op == ASSIST_PROPOSAL_REMOVE) { q->proposal = NULL; return; }
    json_t *spec = proposal_spec(), *ref = NULL;
    const char *type = NULL;
    enum attachment_error rc = attachment_check(spec, p->name, p->name ? p->name_len : 0, p->data, p->len, &ref, &type);
    json_decref(spec);
    switch (rc) {
    case ATTACHMENT_OK: break;
    case ATTACHMENT_EMPTY: refuse(errs, N_("The proposal file is empty: choose the file again.")); return;
    case ATTACHMENT_TOO_LARGE: refuse(errs, N_("The proposal file is too large: send at most 10 MB.")); return;
    default:
        refuse(errs, N_("This kind of file is not accepted as a proposal: send a PDF, Word (.docx) or OpenDocument (.odt) file."));
        return;
    }
    char *d = json_dumps(ref, JSON_COMPACT);
    q->proposal = arena_strdup(a, d);
    free(d);
    snprintf(blob->sha256, sizeof blob->sha256, "%s", json_string_value(json_object_get(ref, "sha256")));
    blob->type = type;
    blob->data = p->data;
    blob->len = p->len;
    json_decref(ref);
}

int assist_proposal_quota(struct store *s, const struct principal *who, const struct assist_proposal_blob *blob,
                          struct assist_field_errors *errs)
{
    if (!blob->sha256[0]) return 0;
    char arg[32];
    struct err e = ERR_NONE;
    if (quota_check(s, 0, who->user_id, blob->sha256, (long long)blob->len, arg, sizeof arg, &e) == 0) return 0;
    refuse(errs, e.code == ERR_TOO_LARGE
                     ? N_("This file would take the files you have uploaded past the most one account may hold: remove "
                          "files no longer needed (they are deleted within a day) or ask the Secretariat.")
                     : N_("The proposal file could not be stored: try again."));
    return -1;
}

int assist_proposal_forget(struct store *s, const char *was, const char *now)
{
    if (!was) return 0;
    json_t *w = json_loads(was, 0, NULL), *n = now ? json_loads(now, 0, NULL) : NULL;
    const char *old = json_string_value(json_object_get(w, "sha256")), *cur = json_string_value(json_object_get(n, "sha256"));
    int rc = old && attachment_sha_valid(old) && !(cur && strcmp(old, cur) == 0) ? store_attachment_drop_unused(s, old) : 0;
    json_decref(w);
    json_decref(n);
    return rc;
}

int assist_proposal_store(struct store *s, const struct assist_proposal_blob *blob)
{
    if (!blob->sha256[0]) return 0;
    return store_attachment_put(s, blob->sha256, blob->type, blob->data, blob->len);
}

int assist_request_proposal_open(struct store *s, const struct principal *who, long long id, struct buf *out,
                                 struct attachment_file *f)
{
    struct arena a = ARENA_INIT;
    struct assist_request q;
    struct err e = ERR_NONE;
    int rc = 1;
    memset(f, 0, sizeof *f);
    if (assist_request_get(s, &a, who, "en", id, &q, &e) < 0) { rc = e.code == ERR_NOT_FOUND ? 1 : -1; goto done; }
    if (!q.proposal_sha256 || !attachment_sha_valid(q.proposal_sha256)) goto done;
    if (q.source.report) {   /* the report's file: as the report's pages serve it */
        enum attachment_access r = attachment_open(s, who, q.source.report, q.proposal_sha256, out, f);
        rc = r == ATTACHMENT_SERVED ? 0 : r == ATTACHMENT_ABSENT ? 1 : -1;
        goto done;
    }
    const char *type;
    int g = attachment_read(s, q.proposal_sha256, out, &type);
    if (g != 0) { rc = g; goto done; }
    const char *name = q.proposal_name ? q.proposal_name : "proposal";
    attachment_clean_name(name, strlen(name), f->name);
    f->type = type;
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

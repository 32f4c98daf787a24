/* audit: see audit.h. */
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "domain/auth.h"
#include "store/store.h"
#include "util/arena.h"

int audit_record(struct store *s, const struct principal *who, const char *action, const char *kind, long long id,
                 json_t *detail)
{
    char obj[48];
    if (kind) snprintf(obj, sizeof obj, "%s:%lld", kind, id);
    char *dump = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
    int rc = store_audit_add(s, who->user_id, who->username[0] ? who->username : "cli", action, kind ? obj : NULL, dump);
    free(dump);
    return rc;
}

struct entries { struct arena *a; struct audit_entry *v; size_t n, cap; };

static int entry_add(const struct store_audit *r, void *ctx)
{
    struct entries *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        l->v = arena_grow(l->a, l->v, l->n, cap, sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = (struct audit_entry){ r->id, arena_strdup(l->a, r->at), arena_strdup(l->a, r->actor),
                                         arena_strdup(l->a, r->action), arena_strdup(l->a, r->object),
                                         arena_strdup(l->a, r->detail) };
    return 0;
}

int audit_list(struct store *s, struct arena *a, int limit, struct audit_entry **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > AUDIT_LIST_MAX) return err_set(e, ERR_INVALID, N_("limit: a number from 1 to 1000"), NULL);
    struct entries l = { a, NULL, 0, 0 };
    if (store_audit_each(s, limit, entry_add, &l) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = l.v;
    *n = l.n;
    return 0;
}

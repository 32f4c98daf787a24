/* dictionary: see dictionary.h. */
#include "domain/dictionary.h"

#include <jansson.h>
#include <stdlib.h>

#include "domain/template.h"
#include "util/arena.h"
#include "util/buf.h"

static const char *refs_text(struct arena *a, json_t *refs)
{
    struct buf out = BUF_INIT;
    json_t *r;
    size_t i;
    json_array_foreach(refs, i, r) {
        if (i) buf_puts(&out, "; ");
        if (json_is_string(r)) buf_puts(&out, json_string_value(r));
    }
    char *s = arena_strdup(a, buf_cstr(&out));
    buf_cleanup(&out);
    return s;
}

static const char *options_text(struct arena *a, json_t *q)
{
    const char *from = json_string_value(json_object_get(q, "options_from"));
    if (from) return arena_strdup(a, from);
    struct buf out = BUF_INIT;
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(q, "options"), i, o) {
        if (i) buf_puts(&out, "; ");
        const char *id = json_string_value(json_object_get(o, "id"));
        if (id) buf_puts(&out, id);
    }
    char *s = arena_strdup(a, buf_cstr(&out));
    buf_cleanup(&out);
    return s;
}

void dictionary_list(struct arena *a, struct dictionary_row **out, size_t *n)
{
    size_t ny = template_cycles(NULL, 0), total = 0;
    int *years = arena_array(a, ny ? ny : 1, sizeof *years);
    template_cycles(years, ny);
    for (size_t i = 0; i < ny; i++) total += template_get(years[i])->nq;
    *out = arena_array(a, total ? total : 1, sizeof **out);
    *n = 0;
    for (size_t i = 0; i < ny; i++) {
        const struct template *t = template_get(years[i]);
        for (size_t k = 0; k < t->nq; k++) {
            const struct template_question *q = &t->q[k];
            json_t *when = json_object_get(q->json, "when");
            char *w = when ? json_dumps(when, JSON_COMPACT) : NULL;
            (*out)[(*n)++] = (struct dictionary_row){ years[i], q, answer_type_name(q->type),
                                                      refs_text(a, json_object_get(q->json, "refs")),
                                                      options_text(a, q->json), arena_strdup(a, w) };
            free(w);
        }
    }
}

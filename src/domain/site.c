/* site: see site.h. */
#include "domain/site.h"

#include "store/store.h"

int site_counts_get(struct store *s, struct site_counts *out, struct err *e)
{
    struct store_counts n;
    if (store_counts_get(s, &n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = (struct site_counts){ .states = n.states, .members = n.members, .observers = n.observers, .orgs = n.orgs,
                                 .cycles = n.cycles, .paragraphs = n.paragraphs };
    return 0;
}

unsigned long site_data_generation(struct store *s) { return store_data_generation(s); }

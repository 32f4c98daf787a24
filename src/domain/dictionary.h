/*
 * dictionary: the data dictionary of the open data (/data/dictionary.csv): every question of
 * every real cycle's template (benchmark cycles reuse a template and are not listed), with its
 * type, references, options and skip condition as text.  Read from the built-in templates
 * only; the rows live in the caller's arena.
 */
#ifndef POAISS_DOMAIN_DICTIONARY_H
#define POAISS_DOMAIN_DICTIONARY_H

#include <stddef.h>

struct arena;
struct template_question;

struct dictionary_row {
    int cycle;
    const struct template_question *q;   /* lent from the templates */
    const char *type;                    /* the answer type's name */
    const char *refs;                    /* the references, "; " between them ("" when none) */
    const char *options;                 /* the option ids, "; " between them, or the list they come from */
    const char *applies_when;            /* the skip condition as compact JSON, or NULL */
};

/** Every question of every real templated cycle, oldest cycle first, in template order. */
void dictionary_list(struct arena *a, struct dictionary_row **out, size_t *n);

#endif

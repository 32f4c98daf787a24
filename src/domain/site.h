/*
 * site: facts about the whole database, for the pages that speak of it as a whole: the key
 * figures of the home page, whether the database answers (/healthz), and the number that
 * changes with the data, which stamps what the public cache keeps (web/app.c).
 */
#ifndef POAISS_DOMAIN_SITE_H
#define POAISS_DOMAIN_SITE_H

#include "domain/error.h"

struct store;

/** The key figures: States (Members, observers), organisations, reporting cycles, PoA paragraphs. */
struct site_counts { int states, members, observers, orgs, cycles, paragraphs; };

/** Count them.  0, or -1 with e (ERR_STORE: the database could not be read). */
int site_counts_get(struct store *s, struct site_counts *out, struct err *e);

/**
 * A number that changes whenever the data has changed (by this process or another).  A
 * cached answer made at one number is stale at any other.
 */
unsigned long site_data_generation(struct store *s);

#endif

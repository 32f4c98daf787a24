/*
 * setup: filling a new database — the reference data built into the binary, the
 * Programme of Action parsed into addressed paragraphs — and the demo content.
 */
#ifndef POAISS_DOMAIN_SETUP_H
#define POAISS_DOMAIN_SETUP_H

#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

/**
 * Load the reference data unless already there.  0 loaded, 1 already there (then the names
 * in the other languages are added if the database was made before they existed), -1 with err.
 */
int setup_init(struct store *s, char *err, size_t errlen);

struct setup_demo_account { const char *username, *name, *role, *state, *org; };
/** The demo accounts; each one's password is its username followed by "-demo-2026". */
extern const struct setup_demo_account SETUP_DEMO_ACCOUNTS[];

/** init, then the demo accounts (printed to out).  -1 with err. */
int setup_demo(struct store *s, FILE *out, char *err, size_t errlen);
/** The same with scale times as many synthetic reports (benchmark cycles; see demo.h). */
int setup_demo_scaled(struct store *s, int scale, FILE *out, char *err, size_t errlen);

#endif

/*
 * refdata: the domain's checks of names taken from the reference data (States, cycles,
 * regions, groups, organisations).  The route table's parameters are checked with these
 * (web/params.c), so the limits are the data's own: a cycle is valid when the database
 * has it, not when it falls in a range typed into a handler.
 *
 * Each returns 0 when the name is good, else -1 with e: ERR_INVALID (malformed, with a
 * message that says what is expected), ERR_NOT_FOUND (well-formed, unknown) or ERR_STORE.
 */
#ifndef POAISS_DOMAIN_REFDATA_H
#define POAISS_DOMAIN_REFDATA_H

#include <stddef.h>

#include "domain/error.h"

struct store;

/** A State code of n bytes at raw, any case; out gets it in upper case. */
int ref_state_code(struct store *s, const char *raw, size_t n, char out[4], struct err *e);
/** A cycle's year. */
int ref_cycle_check(struct store *s, long long year, struct err *e);
/** A UN M49 region code (any level). */
int ref_region_check(struct store *s, const char *code, struct err *e);
/** A UN regional group code. */
int ref_group_check(struct store *s, const char *code, struct err *e);
/** An organisation's code. */
int ref_org_check(struct store *s, const char *code, struct err *e);

/** An entry of a reference list: code, name in the asked language, parent (regions), level (regions: 1-3), count of States. */
struct ref_item { const char *code, *name, *parent; int level, count; };

struct arena;
/*
 * Names are in lang ("ar" ... "es"; NULL or "en": English), in English where the reference
 * data has none in lang.
 */
/** The M49 regions as a tree in display order.  0, or -1 with e (ERR_STORE).  Values in the arena. */
int ref_regions(struct store *s, struct arena *a, const char *lang, struct ref_item **out, size_t *n, struct err *e);
/** The UN regional groups. */
int ref_groups(struct store *s, struct arena *a, const char *lang, struct ref_item **out, size_t *n, struct err *e);
/**
 * An organisation: the one type every page, list and download that shows an organisation
 * uses (the organisations page, a State's profile, the filter of the State list, the API).
 * kind is "regional", "subregional" or "international"; url may be NULL; members counts its
 * member States.
 */
struct ref_org { const char *code, *name, *kind, *url; int members; };
/** The organisations by code (member_iso3 non-NULL: those the State belongs to).  0, or -1 with e (ERR_STORE). */
int ref_orgs(struct store *s, struct arena *a, const char *lang, const char *member_iso3, struct ref_org **out, size_t *n,
             struct err *e);
/** One organisation by its code (case-sensitive).  0, or -1 with e (ERR_INVALID: too long; ERR_NOT_FOUND; ERR_STORE). */
int ref_org_get(struct store *s, struct arena *a, const char *code, const char *lang, struct ref_org *out, struct err *e);
/** A member State of an organisation: its code and short name in the asked language. */
struct ref_member { const char *iso3, *name; };
/** The member States of organisation code, by name in lang.  0, or -1 with e (ERR_STORE). */
int ref_org_members(struct store *s, struct arena *a, const char *code, const char *lang, struct ref_member **out,
                    size_t *n, struct err *e);
/** The longest organisation code (ECOWAS, CARICOM ...). */
#define REF_ORG_CODE_MAX 16

/** A document of reference (the Programme of Action: "PoA"), its sections and its addressed paragraphs, in order. */
struct ref_doc_section { const char *num, *title; };
struct ref_doc_paragraph {
    const char *section;     /* the number of its section */
    const char *address;     /* "PoA II.4": the stable address the templates cite */
    const char *heading;     /* a heading above it, or NULL or "" */
    const char *text;        /* subparagraphs one per line */
    int num;
};
struct ref_doc {
    const char *code, *title, *symbol;   /* symbol may be NULL */
    int year;
    struct ref_doc_section *sections;     size_t nsections;
    struct ref_doc_paragraph *paragraphs; size_t nparagraphs;
};
/** The document code with its sections and paragraphs, in a.  0, or -1 with e (ERR_NOT_FOUND: not loaded; ERR_STORE). */
int ref_doc_get(struct store *s, struct arena *a, const char *code, struct ref_doc *out, struct err *e);

/**
 * The name in lang of a reference item of kind "region", "group", "org", "meeting" or
 * "official" (a State's official name) with this code; english (lent) when there is none or
 * the name cannot be read.  Owned by the arena, or english itself.
 */
const char *ref_name(struct store *s, struct arena *a, const char *kind, const char *code, const char *lang,
                     const char *english);

#endif

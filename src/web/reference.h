/*
 * reference (web): the organisations' lists, described once as tables (web/table_export.h)
 * for the pages, the downloads and the API (api/reference.c), and the one way an
 * organisation is shown in a list (the organisations page, a State's profile).
 */
#ifndef POAISS_WEB_REFERENCE_H
#define POAISS_WEB_REFERENCE_H

#include <stddef.h>

#include "domain/refdata.h"
#include "util/buf.h"
#include "web/table_export.h"

/** The organisations (code, name, kind, members, url): t is initialised here; labels in the current language. */
void orgs_table(struct table *t, const struct ref_org *v, size_t n);
/** An organisation's member States (state, name). */
void org_members_table(struct table *t, const struct ref_member *v, size_t n);
/** An organisation as a list item: its code, left to right and linked to its page, then its name. */
void org_item_html(struct buf *b, const struct ref_org *o);

#endif

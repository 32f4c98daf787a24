/*
 * web/cycles: the reporting cycles as a page and downloads (/cycles), where the calendar
 * stands (on /cycles and the home page), and the Secretariat's forms to open a cycle
 * (/cycles/new) and change its dates (/cycles/{year}/edit).  Statuses come from
 * domain/cycle.c.
 */
#ifndef POAISS_WEB_CYCLES_H
#define POAISS_WEB_CYCLES_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/cycle.h"
#include "util/buf.h"
#include "web/table_export.h"

/** Fill t (initialised here; the caller cleans it up) with one row per cycle of v: the page's table and the downloads. */
void cycles_table(struct table *t, const struct cycle *v, size_t n);
/**
 * Write where the calendar stands: the current cycle, its status in words, its deadline and
 * the days left or how late it is, the next meeting; with manage (the Secretariat), links
 * to open the next cycle or change the current one's dates.
 */
void cycles_calendar_html(struct buf *b, const struct cycle *v, size_t n, bool manage);

#endif

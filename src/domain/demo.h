/*
 * demo: synthetic but plausible national reports for the demo database.
 *
 * Every closed or open cycle that has a template gets reports from about as many States
 * as reported on record (2010 ~95, 2012 ~93, 2014 ~105, 2016 ~113, the record 2018 ~120,
 * 2020 ~105, 2022 ~95, 2024 ~100, 2026 ~90 of 195: about 920 in all).  Which States
 * report is drawn by weight: the Western European and Eastern European groups more often
 * than the others, a State that reported last cycle is likely to report again, some
 * States report every cycle and others rarely.  The States bound to a demo account (Kenya,
 * France, Peru) are not drawn: each has published reports for 2022 and 2024 only (France's
 * 2024 one corrected), the later carrying most answers forward and revising a few, so that
 * their focal points see their State's history, "what changed" and a pre-filled report in
 * the cycle the demo opens, which is theirs to start.
 *
 * Answers follow the template of the cycle, question by question in template order,
 * respecting skip logic; every value passes answer_check.  They show regional
 * patterns and progress over time (a State carries most answers forward and improves
 * some), plausible figures, law tables, destruction events, synthetic contacts with
 * @example.org addresses, free text in English, French or Spanish by State, and
 * assistance needs for about 40% of the developing States that report.  `file`
 * questions and `multi` table cells are left unanswered.
 *
 * Closed cycles are published (a few with a corrected second version); the open cycle
 * mixes published, submitted, returned and draft reports.  Every report is marked
 * synthetic.  One transaction per cycle; a single "demo.reports" line goes to the
 * audit log.  Deterministic for a given seed.
 *
 * Dates are plausible: a report is started between October and February before the
 * deadline (31 March), submitted weeks or months later, published or returned within
 * days, corrected months after; nothing is dated after today.
 *
 * Files: demo.c (States, cycles, dates, storing), demo_answers.c (the answers), demo_text.c
 * (the sentences); demo_internal.h holds what they share.
 */
#ifndef POAISS_DOMAIN_DEMO_H
#define POAISS_DOMAIN_DEMO_H

#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

/**
 * Generate the synthetic reports; one line per cycle ("2024: 100 reports") goes to
 * progress when it is not NULL.  Returns the number of reports created, or -1 with err.
 */
int demo_reports(struct store *s, unsigned seed, FILE *progress, char *err, size_t errlen);
/**
 * The same, then, when scale > 1, benchmark cycles (see template.h: 2100, 2102, ...) filled
 * the same way until the database holds about scale times as many reports.  For
 * measuring search and import at tens of thousands of reports; never for a real database.
 */
int demo_reports_scaled(struct store *s, unsigned seed, int scale, FILE *progress, char *err, size_t errlen);

/**
 * The demo's partners, their offers (some fitting open requests well, some poorly) and
 * interests in each state (demo_assist.c).  After the published reports' requests are made
 * (assist_sync_all).  0, or -1 with a message in err.
 */
int demo_assistance(struct store *s, FILE *out, char *err, size_t errlen);
/**
 * The demo's joint baseline assessment (demo_baseline.c): on a Kenyan request the demo donor
 * agency is interested in, both sides' findings in two categories, agreed public by both.
 * After demo_assistance.  0, or -1 with a message in err.
 */
int demo_baseline(struct store *s, FILE *out, char *err, size_t errlen);

/**
 * The demo's three projects with progress reports from both sides over past periods, one
 * party late (demo_projects.c).  After demo_assistance.  0, or -1 with a message in err.
 */
int demo_projects(struct store *s, FILE *out, char *err, size_t errlen);

/**
 * The demo's requests walked through the procedure (demo_procedure.c): every stage, dated in
 * the past, one overdue, one possible duplicate.  After demo_assistance; once.  0, or -1
 * with a message in err.
 */
int demo_procedure(struct store *s, FILE *out, char *err, size_t errlen);
/**
 * The demo's notifications (demo_notify.c): the messages the domain would have put in the
 * outbox for the demo's interests (Kenya's focal point: the partners interested in its
 * request; the donor: the States' answers), flagged synthetic.  After demo_assistance.
 * 0, or -1 with a message in err.
 */
int demo_notifications(struct store *s, FILE *out, char *err, size_t errlen);

/**
 * The demo's voluntary targets (demo_targets.c): Kenya's, France's and Peru's, one for Africa
 * recorded by the Secretariat, with recorded progress, and one of Kenya's measured by a question
 * its published reports answer.  Synthetic.  After the reports; made once.  0, or -1 with err.
 */
int demo_targets(struct store *s, FILE *out, char *err, size_t errlen);

#endif

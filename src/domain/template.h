/*
 * template: the reporting template of each cycle, loaded from the JSON files in data/templates
 * (built into the binary), and the rules it sets for answers: their types, skip logic,
 * and how question ids of one cycle map to the next.  The template is data: this module
 * knows the answer types (parsed into enum answer_type, whose operations are in answer.h), never the questions.
 *
 * Templates are loaded once before threads start and are read-only afterwards.
 */
#ifndef POAISS_DOMAIN_TEMPLATE_H
#define POAISS_DOMAIN_TEMPLATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/answer.h"

struct template_question {
    const char *id, *number, *text, *help;
    enum answer_type type;              /* parsed once by the loader; answer_type_name() gives its name */
    const struct answer_member *members;   /* table columns, group fields, contact members (owned by the template) */
    size_t nmembers;
    const char *section_id, *section_title;
    json_t *json;                       /* the question's own object (borrowed) */
};

struct template {
    int cycle;
    int based_on;                       /* 0 when none */
    const char *title;
    json_t *root;                       /* owned */
    struct template_question *q;
    size_t nq;
};

/** Load every built-in template and the taxonomy.  -1 with a message. */
int template_init(char *err, size_t errlen);
/*
 * Benchmark cycles.  `poaiss demo --scale N` needs more reports than the real cycles can
 * hold (one report per State and cycle), so it adds synthetic closed cycles 2100, 2102, ...
 * (at most TEMPLATE_BENCH_MAX of them).  Cycle 2100 + 2i is answered on the i-th template
 * in year order, modulo the number of templates (2100: 2010, 2102: 2012, ..., 2116: 2026, 2118: 2010).
 * No real cycle reaches these years; the reports in them are marked synthetic.
 */
#define TEMPLATE_BENCH_FIRST 2100
#define TEMPLATE_BENCH_MAX 1000

/**
 * The template of a cycle (of a benchmark cycle, or of a cycle the Secretariat opened
 * without a file of its own: the template it reuses), or NULL.  Lent: lives as long as
 * the process.
 */
const struct template *template_get(int cycle);
/**
 * Record that cycle answers the template of cycle uses (a cycle opened by the Secretariat
 * without a file in data/templates: domain/cycle.c calls this for each such cycle it reads
 * or opens).  Ignored when cycle has a file of its own or uses has none.  Thread-safe.
 */
void template_reuse(int cycle, int uses);
/** How many templates there are (one per templated cycle). */
size_t template_count(void);
/**
 * The i-th real templated cycle's template, oldest first (0 <= i < template_count()), or NULL.
 * The one way to walk the real cycles that have a template: no year range is typed anywhere
 * else, and benchmark cycles (TEMPLATE_BENCH_FIRST and on) are never among them.
 */
const struct template *template_at(size_t i);
/**
 * The real cycles that have a template, oldest first: those with a file of their own and those
 * opened since, which reuse an earlier one (template_reuse).  Writes up to max years; returns how
 * many there are.  template_get(year) gives each one's template.
 */
size_t template_cycles(int *out, size_t max);
/** The template of the newest real cycle that has this question, or NULL (lent). */
const struct template_question *template_question_any(const char *id);
/** The newest cycle that has a template (its own file, or one it reuses: template_reuse). */
int template_latest_cycle(void);
/** A question by id, or NULL. */
const struct template_question *template_question(const struct template *t, const char *id);
/** The taxonomy: {"categories": [...], "kinds": [...]} (borrowed). */
json_t *template_taxonomy(void);

/** The largest max_bytes of any file question or column in any template (0 when none). */
long long template_max_file_bytes(void);

/** Does the question apply, given the answers so far (an object id -> value)?  Skip logic. */
bool template_applies(const struct template_question *q, json_t *answers);
/**
 * The ids in template t that an answer to old_id in the previous cycle carries over to
 * (renamed: one; split: several; merged: one; unchanged: itself when t still has it).
 * Writes up to max ids into out; returns how many.
 */
size_t template_carry_over(const struct template *t, const char *old_id, const char **out, size_t max);
/**
 * The ids that question id of template from had in the older template old, following the maps
 * back one template at a time (renamed: one id; split: the one it was split from; merged: the
 * several it was merged from); 0 when the question was not asked then.  old NULL (a cycle without
 * a template) or old == from: id itself.  Writes up to max ids (lent: the templates') into out.
 */
size_t template_ids_in(const struct template *from, const char *id, const struct template *old, const char **out,
                       size_t max);
#endif

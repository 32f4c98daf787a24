/*
 * input: the checks of the fields of a JSON object a user sends (the API's bodies, the forms
 * read into JSON), shared by assistance, projects and targets so that a field is refused for
 * the same reasons and with the same words everywhere.  Each check adds its problem to a
 * struct assist_field_errors (domain/assistance.h: field and English msgid, lent) and goes on,
 * so that one answer lists every problem; input_invalid turns the list into the domain error.
 */
#ifndef POAISS_DOMAIN_INPUT_H
#define POAISS_DOMAIN_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/assistance.h"
#include "domain/error.h"

struct arena;
struct store;

/** Add a field's problem (field and msg lent: static, or a key of the input); dropped once errs is full. */
void input_error(struct assist_field_errors *errs, const char *field, const char *msg);
/** -1 with e set to ERR_INVALID, its message and field those of the first problem (else "Check the fields."). */
int input_invalid(const struct assist_field_errors *errs, struct err *e);
/** A problem for each member of in whose key is not in known (NULL-terminated), so that a misspelt field is not lost. */
void input_unknown(json_t *in, const char *const *known, struct assist_field_errors *errs);
/**
 * Member key as text of at most max characters: valid UTF-8 without NUL, not blank when
 * required.  The text (lent from in); absent (or null) when not required: absent; NULL after
 * adding a problem (missing, too_long, or "Write text here." for what is not text).
 */
const char *input_text(json_t *in, const char *key, size_t max, bool required, const char *absent,
                       struct assist_field_errors *errs, const char *too_long, const char *missing);
/**
 * Member key as an amount from 0 to ASSIST_COST_MAX: *has false when absent or null, else true
 * with *v.  0, or -1 after adding msg as its problem.
 */
int input_amount(json_t *in, const char *key, const char *msg, bool *has, double *v, struct assist_field_errors *errs);
/**
 * Member key as a list of at most ASSIST_LIST_MAX codes, each accepted by ok(s, code): the list
 * without repeats as compact JSON text in the arena ("[]" when absent), or NULL after adding bad.
 */
const char *input_codes(struct arena *a, json_t *in, const char *key, bool (*ok)(struct store *s, const char *code),
                        struct store *s, struct assist_field_errors *errs, const char *bad);
/** input_codes's test for paragraphs of the instruments ("PoA II.17", "ITI 8a"); s unused. */
bool input_paragraph_ok(struct store *s, const char *code);

#endif

/*
 * assist_web: what the assistance pages share (web/assist_*.c, web/account_assist.c, the
 * State page): the requests list described once as a table, status tags, amounts, periods,
 * languages and paragraph links, the reasons of a match, and the form helpers of the request
 * and offer forms.  Everything is read through domain/assistance.h; nothing here touches the
 * store.  Every text is escaped; every user-facing string goes through _().
 */
#ifndef POAISS_WEB_ASSIST_WEB_H
#define POAISS_WEB_ASSIST_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/assistance.h"
#include "web/table_export.h"
#include "web/web.h"

/* The UN languages a State or a partner may work in, in the order the forms list them. */
extern const char *const ASSIST_LANGS[6];

/** The words of a request's or an offer's status ("open", "matched" ...), translated (lent). */
const char *assist_status_label(const char *status);
/** The words of an interest's status ("interested", "accepted", "declined", "withdrawn"), translated (lent). */
const char *assist_interest_label(const char *status);
/** A status as a tag: words, never colour alone. */
void assist_html_tag(struct buf *b, const char *status, const char *label);
/** An amount in the page's language with its currency, isolated ("120,000 USD"). */
void assist_html_money(struct buf *b, double v, const char *currency);
/** A budget range of an offer ("—" when it has none). */
void assist_html_budget(struct buf *b, const struct assist_offer *o);
/** A period "YYYY-MM – YYYY-MM", isolated ("—" when none). */
void assist_html_period(struct buf *b, const char *start, const char *end);
/** Languages by their autonyms, separated by commas ("—" when none). */
void assist_html_langs(struct buf *b, const struct assist_strings *l);
/** A request's paragraphs: PoA ones linked to /documents/poa#II.4, the others as text. */
void assist_html_paragraphs(struct buf *b, const struct assist_strings *p);
/** The reasons of a match as a list: each with an icon and the words "Fits" or "Does not fit". */
void assist_html_reasons(struct buf *b, const struct assist_match *m);
/** A translated text with one %s, filled with value isolated left to right (a number, a code). */
void assist_html_fill(struct buf *b, const char *fmt, const char *value);
/** The score as "NN/100", isolated. */
void assist_html_score(struct buf *b, int score);

/*
 * The requests as one table (the board, its .csv/.xlsx/.json downloads): region and subregion
 * codes come from regions (one per request, lent; NULL: empty).
 */
struct assist_place { const char *region, *subregion, *intermediate; };
void assist_requests_table(struct table *t, const struct assist_request *v, size_t n, const struct assist_place *places);
/**
 * The M49 region, subregion and intermediate region of each request's State (an array of n
 * in the request's arena).  0, or -1 with e.
 */
int assist_places(struct app *app, struct http_request *req, const struct assist_request *v, size_t n,
                  struct assist_place **out, struct err *e);

/* ---- forms ---- */

/** The error summary of a form: each field error linked to #f-<field> (messages are msgids). */
void assist_error_summary(struct buf *b, const struct assist_field_errors *errs);
/** The error of a field (NULL: none). */
const char *assist_field_error(const struct assist_field_errors *errs, const char *field);
/**
 * Open a field's group: <div class="field[ field-error]">, its label for f-<name>, its hint
 * and its error (ids f-<name>-hint, f-<name>-error); then the caller writes the input with
 * assist_describedby().  legend true: a <fieldset> with a <legend> (checkboxes, radios).
 */
void assist_field_open(struct buf *b, const char *name, const char *label, const char *hint,
                       const struct assist_field_errors *errs, bool legend);
void assist_field_close(struct buf *b, bool legend);
/** The aria-describedby and aria-invalid attributes of a field's input (leading space). */
void assist_describedby(struct buf *b, const char *name, bool hint, const struct assist_field_errors *errs);
/** A text input of a field (value kept); width in characters; ltr for codes, amounts and months. */
void assist_input(struct buf *b, const char *name, const char *label, const char *hint, const char *value, int width,
                  bool ltr, const struct assist_field_errors *errs);
/**
 * A text area of a field (value kept; NULL: empty), rows lines high: the form's one way to
 * write <textarea id="f-<name>" name="<name>">, with its label, hint and error around it.
 */
void assist_textarea(struct buf *b, const char *name, const char *label, const char *hint, const char *value, int rows,
                     const struct assist_field_errors *errs);
/**
 * The end of a form: <div class="actions"> with the primary submit button labelled submit (lent,
 * translated) and a Cancel link to cancel_href (lent), then </form>.
 */
void assist_form_end(struct buf *b, const char *submit, const char *cancel_href);
/** A checkbox, its id f-<name>-<value> (the first one of a list also gets id f-<name> for the summary's link). */
void assist_checkbox(struct buf *b, const char *name, const char *value, const char *label, bool checked, bool first);
/** A radio button, as a checkbox (its id f-<name>-<value>, "unsaid" for ""), checked when current (lent, may be NULL) is value. */
void assist_radio(struct buf *b, const char *name, const char *value, const char *label, const char *current, bool first);
/** True when the list holds s. */
bool assist_has(const struct assist_strings *l, const char *s);
/**
 * Read a form amount ("120000", "120,000", "120 000"; empty: none, null) into in[key] as a
 * number; what is not a number goes as the text typed, for the domain to refuse by field.
 */
void assist_form_amount(json_t *in, const char *key, const char *raw);
/** Open a select field: its group (assist_field_open), then <select id="f-<name>" name="<name>"> with its aria attributes. */
void assist_select_open(struct buf *b, const char *name, const char *text, const struct assist_field_errors *errs);
/** Close it: </select> and its group. */
void assist_select_close(struct buf *b);
/**
 * A select field of a form (assist_field_open's group): one option per value, labelled by label(value),
 * value selected; lang_options: each option marked lang="<value>" (a list of languages by their autonyms).
 */
void assist_select(struct buf *b, const char *name, const char *text, const char *const *values, size_t n,
                   const char *(*label)(const char *), const char *value, bool lang_options, const struct assist_field_errors *errs);
/** The label of a taxonomy id of list ("categories" or "kinds") in the page's language (lent). */
const char *assist_taxonomy_label(const char *list, const char *id);
/** The <option>s of a taxonomy list ("categories" or "kinds"), value selected (the caller writes the <select>). */
void assist_taxonomy_options(struct buf *b, const char *list, const char *value);
/** The attributes lang="xx" dir="auto" of a user's text written in lang (leading space; nothing when lang is NULL). */
void assist_html_lang(struct buf *b, const char *lang);
/**
 * After a form's write: true when it is answered (ok: redirected to <path>?done=<done>; or the
 * error e shown); false when the form must be shown again with its field errors (ERR_INVALID).
 */
bool assist_form_answered(struct http_request *req, struct http_response *res, bool ok, const char *path, const char *done,
                          const struct err *e);
/** The values of a repeated form field (checkboxes) as a JSON array of strings (new reference). */
json_t *assist_form_list(struct http_request *req, const char *name);
/** The checked values of a form list as assist_strings in the request's arena. */
struct assist_strings assist_strings_of(struct arena *a, json_t *list);

/* ---- pages (web/assist_*.c) ---- */
void page_assistance(struct app *, struct http_request *, struct http_response *);
void page_assist_request(struct app *, struct http_request *, struct http_response *);
/** The request page (web_arg 0), with a form's errors shown in the summary and as status (NULL, 200: none). */
void assist_request_page(struct app *app, struct http_request *req, struct http_response *res,
                         const struct assist_field_errors *errs, int status);
void page_assist_request_new(struct app *, struct http_request *, struct http_response *);
void page_assist_request_new_post(struct app *, struct http_request *, struct http_response *);
void page_assist_request_edit(struct app *, struct http_request *, struct http_response *);
void page_assist_request_edit_post(struct app *, struct http_request *, struct http_response *);
void page_assist_request_proposal(struct app *, struct http_request *, struct http_response *);
void page_assist_interest_post(struct app *, struct http_request *, struct http_response *);
void page_assist_answer_post(struct app *, struct http_request *, struct http_response *);
void page_assist_offer(struct app *, struct http_request *, struct http_response *);
void page_assist_offer_new(struct app *, struct http_request *, struct http_response *);
void page_assist_offer_new_post(struct app *, struct http_request *, struct http_response *);
void page_assist_offer_edit(struct app *, struct http_request *, struct http_response *);
void page_assist_offer_edit_post(struct app *, struct http_request *, struct http_response *);

/* ---- the account page and the State page ---- */

/** The partner's workspace on /account: its offers with their best requests, its interests, requests that fit. */
int account_assist_partner(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e);
/** On a focal point's /account: its State's requests and the interests awaiting its answer. */
int account_assist_state(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e);
/** On /states/{ISO3}: the State's open requests and its offers, as links.  0, or -1 with e. */
int assist_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e);

#endif

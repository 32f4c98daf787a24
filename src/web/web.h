/*
 * web: what pages and API handlers share — the application context, the handler
 * signature, page layout, errors (HTML for pages, JSON under /api/), CSRF and cookies.
 */
#ifndef POAISS_WEB_WEB_H
#define POAISS_WEB_WEB_H

#include <stdbool.h>
#include <stdio.h>

#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/error.h"
#include "domain/report_view.h"
#include "http/http.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/params.h"

struct store;

struct app {
    struct store *store;
    bool secure_cookies;        /* behind TLS: mark cookies Secure */
    long long query_budget_us;  /* searches and analyses: their read queries' time budget (query_budget_begin); 0: none */
};

typedef void (*handler_fn)(struct app *app, struct http_request *req, struct http_response *res);

/** Set up the process-wide application the dispatcher serves. */
void app_set(struct app *app);
/** The application being served (NULL before app_set). */
struct app *app_get(void);
/**
 * Print every route of the table to out (lent): "METHOD PATTERN" one per line ({} for a parameter)
 * (`poaiss routes`), or with json a JSON array of {method, pattern, authz (authz_action_name), csrf,
 * cache, args (the path captures' names)} (`poaiss routes --json`).
 */
void app_routes_print(FILE *out, bool json);
/** The dispatcher given to the HTTP server. */
void app_dispatch(struct http_request *req, struct http_response *res);
/** For the HTTP server: may this request send a body up to the upload limit (a file upload route, signed in)? */
bool app_upload_ok(const struct http_request *req);

/* ---- responses ---- */
/** The HTTP status of a domain error code. */
int web_err_status(enum err_code code);
/** A domain error's message in the request's language, its %s filled (lent: static or in the request's arena). */
const char *web_err_message(struct http_request *req, const struct err *e);
/** Answer a domain error: its status, its message translated (JSON under /api/, else a page). */
void web_fail(struct http_request *req, struct http_response *res, const struct err *e);
/** An error: JSON {"error":{"status","message"}} under /api/, else an HTML page. */
void web_error(struct http_request *req, struct http_response *res, int status, const char *message);
/** Start a page: doctype, head, header, navigation, <main>.  title is plain text. */
void page_begin(struct http_request *req, struct http_response *res, const char *title);
/** Close <main>, the footer and the document. */
void page_end(struct http_request *req, struct http_response *res);
/** Begin a JSON answer (sets the content type). */
void api_begin(struct http_response *res, int status);

/* ---- forms ---- */
/** The CSRF token to put in this request's forms (sets a cookie for visitors without a session). */
const char *web_csrf_token(struct http_request *req, struct http_response *res);
/** True when the form's "csrf" field (or the X-CSRF-Token header) matches. */
bool web_csrf_ok(struct http_request *req);
/** Write the hidden CSRF input. */
void web_csrf_field(struct http_request *req, struct http_response *res);
/** Set a cookie with the project's attributes (HttpOnly, SameSite=Lax, Path=/, Secure behind TLS). */
void web_set_cookie(struct app *app, struct http_response *res, const char *name, const char *value, long max_age);

#define SESSION_COOKIE "poaiss_session"
#define CSRF_COOKIE "poaiss_csrf"
#define LANG_COOKIE "poaiss_lang"

/* ---- handlers (one file per area) ---- */
void page_home(struct app *, struct http_request *, struct http_response *);
void page_states(struct app *, struct http_request *, struct http_response *);
void page_state(struct app *, struct http_request *, struct http_response *);
void page_organisations(struct app *, struct http_request *, struct http_response *);
void page_organisation(struct app *, struct http_request *, struct http_response *);
void page_cycles(struct app *, struct http_request *, struct http_response *);
void page_cycle(struct app *, struct http_request *, struct http_response *);
void page_cycle_new(struct app *, struct http_request *, struct http_response *);
void page_cycle_new_post(struct app *, struct http_request *, struct http_response *);
void page_cycle_edit(struct app *, struct http_request *, struct http_response *);
void page_cycle_edit_post(struct app *, struct http_request *, struct http_response *);
void page_poa(struct app *, struct http_request *, struct http_response *);
void page_login(struct app *, struct http_request *, struct http_response *);
void page_login_post(struct app *, struct http_request *, struct http_response *);
void page_logout_post(struct app *, struct http_request *, struct http_response *);
void page_account(struct app *, struct http_request *, struct http_response *);
void page_password(struct app *, struct http_request *, struct http_response *);
void page_password_post(struct app *, struct http_request *, struct http_response *);
void page_admin_users(struct app *, struct http_request *, struct http_response *);
void page_admin_user_confirm(struct app *, struct http_request *, struct http_response *);
void page_admin_user_post(struct app *, struct http_request *, struct http_response *);
void api_tokens(struct app *, struct http_request *, struct http_response *);
void api_token_delete(struct app *, struct http_request *, struct http_response *);
void api_me_password(struct app *, struct http_request *, struct http_response *);
void api_users(struct app *, struct http_request *, struct http_response *);
void api_user_action(struct app *, struct http_request *, struct http_response *);
void page_static(struct app *, struct http_request *, struct http_response *);
void page_healthz(struct app *, struct http_request *, struct http_response *);

void page_report(struct app *, struct http_request *, struct http_response *);
void page_report_action(struct app *, struct http_request *, struct http_response *);
void page_report_edit(struct app *, struct http_request *, struct http_response *);
void page_report_edit_post(struct app *, struct http_request *, struct http_response *);
void page_report_check(struct app *, struct http_request *, struct http_response *);
void page_report_export(struct app *, struct http_request *, struct http_response *);
void page_report_workbook(struct app *, struct http_request *, struct http_response *);
void page_report_upload(struct app *, struct http_request *, struct http_response *);
void api_report_workbook(struct app *, struct http_request *, struct http_response *);
void page_report_file(struct app *, struct http_request *, struct http_response *);
void api_report_files_post(struct app *, struct http_request *, struct http_response *);
void page_questions(struct app *, struct http_request *, struct http_response *);
void page_question(struct app *, struct http_request *, struct http_response *);
void page_section(struct app *, struct http_request *, struct http_response *);
void api_question(struct app *, struct http_request *, struct http_response *);
void page_data(struct app *, struct http_request *, struct http_response *);
void page_data_reports(struct app *, struct http_request *, struct http_response *);
void page_data_dictionary(struct app *, struct http_request *, struct http_response *);
void page_search_download(struct app *, struct http_request *, struct http_response *);
void page_search(struct app *, struct http_request *, struct http_response *);
void api_search(struct app *, struct http_request *, struct http_response *);
void page_report_start(struct app *, struct http_request *, struct http_response *);
void page_report_confirm(struct app *, struct http_request *, struct http_response *);
void page_report_submitted(struct app *, struct http_request *, struct http_response *);
void page_desk(struct app *, struct http_request *, struct http_response *);
void api_desk(struct app *, struct http_request *, struct http_response *);
void page_state_changes(struct app *, struct http_request *, struct http_response *);
void api_state_changes(struct app *, struct http_request *, struct http_response *);

void api_states(struct app *, struct http_request *, struct http_response *);
void api_state(struct app *, struct http_request *, struct http_response *);
void api_regions(struct app *, struct http_request *, struct http_response *);
void api_groups(struct app *, struct http_request *, struct http_response *);
void api_organisations(struct app *, struct http_request *, struct http_response *);
void api_organisation(struct app *, struct http_request *, struct http_response *);
void api_cycles(struct app *, struct http_request *, struct http_response *);
void api_cycles_post(struct app *, struct http_request *, struct http_response *);
void api_cycle_patch(struct app *, struct http_request *, struct http_response *);
void api_document_poa(struct app *, struct http_request *, struct http_response *);
void api_openapi(struct app *, struct http_request *, struct http_response *);
void api_me(struct app *, struct http_request *, struct http_response *);
void api_audit(struct app *, struct http_request *, struct http_response *);
void api_users_post(struct app *, struct http_request *, struct http_response *);
void api_template(struct app *, struct http_request *, struct http_response *);
void api_reports(struct app *, struct http_request *, struct http_response *);
void api_report(struct app *, struct http_request *, struct http_response *);
void api_reports_post(struct app *, struct http_request *, struct http_response *);
void api_report_answers(struct app *, struct http_request *, struct http_response *);
void api_report_check(struct app *, struct http_request *, struct http_response *);
void api_report_action(struct app *, struct http_request *, struct http_response *);

/* /api/v1/assistance/ (api/assistance.c) */
void api_assist_requests(struct app *, struct http_request *, struct http_response *);
void api_assist_request(struct app *, struct http_request *, struct http_response *);
void api_assist_requests_post(struct app *, struct http_request *, struct http_response *);
void api_assist_request_patch(struct app *, struct http_request *, struct http_response *);
void api_assist_request_proposal_post(struct app *, struct http_request *, struct http_response *);
void api_assist_request_proposal_delete(struct app *, struct http_request *, struct http_response *);
void api_assist_request_matches(struct app *, struct http_request *, struct http_response *);
void api_assist_interest_post(struct app *, struct http_request *, struct http_response *);
void api_assist_interest_delete(struct app *, struct http_request *, struct http_response *);
void api_assist_interest_accept(struct app *, struct http_request *, struct http_response *);
void api_assist_interest_decline(struct app *, struct http_request *, struct http_response *);
void api_assist_offers(struct app *, struct http_request *, struct http_response *);
void api_assist_offer(struct app *, struct http_request *, struct http_response *);
void api_assist_offers_post(struct app *, struct http_request *, struct http_response *);
void api_assist_offer_patch(struct app *, struct http_request *, struct http_response *);
void api_assist_offer_matches(struct app *, struct http_request *, struct http_response *);

/* ---- reports ---- */
/**
 * Load the report named by the first path argument (declared A_REPORT) through the domain
 * (report_view_get), into ri (strings in the request's arena).  Answers 404 itself (a draft
 * is 404 to whoever may not see it; with need_draft_view, every report is) and returns false.
 */
bool web_report_load(struct app *app, struct http_request *req, struct http_response *res, struct report_view *ri,
                     bool need_draft_view);
/**
 * Load the report as web_report_load does (with the working copy), then check that the asker may
 * change its answers now: the State's own focal points (else 403) while it is a draft or returned
 * (else 409).  Called by every handler that takes answers in its body BEFORE the body is read, so a
 * Secretariat member or an admin sending a large or hostile body is refused without it being parsed
 * (issue 13).  Answers itself and returns false when not.
 */
bool web_report_load_editable(struct app *app, struct http_request *req, struct http_response *res, struct report_view *ri);
/** The status of a report operation's error (domain/report.h): 422 for ERR_INVALID (a request the report's rules refuse), else web_fail's. */
int web_report_status(const struct err *e);
/** Answer a report operation's error with that status and its message in the asker's language (web_error). */
void web_report_fail(struct http_request *req, struct http_response *res, const struct err *e);

/* ---- shared validation ---- */
/** Check a State code parameter: 0 ok (upper-cased into out), 400 malformed, 404 unknown. */
int web_state_code(struct app *app, const char *raw, char out[4]);

#endif

/*
 * app: the dispatcher.  For every request, in this order: reject what cannot be
 * parsed (400/413), find who is asking (bearer token or session cookie), choose the
 * language, match the route (404/405), ask authz whether the asker may (401/403),
 * check the CSRF token on cookie-authenticated writes, then call the handler.
 * Security headers are set here for every response.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/cycle.h"
#include "domain/query_budget.h"
#include "domain/site.h"
#include "http/router.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "web/assist_stage_web.h"
#include "web/analysis_web.h"
#include "web/assist_web.h"
#include "web/baseline_web.h"
#include "web/cache.h"
#include "web/trends.h"
#include "web/notify_web.h"
#include "web/project_web.h"
#include "web/targets.h"
#include "web/table_export.h"
#include "web/web.h"

/* CACHE: the public answer depends only on language, target and data.  WHOLE: it depends on the
 * data alone (published data, the same for everyone, in no particular language) and ignores the
 * query string too, so it is cached by path for every caller: a bulk download is made once per
 * data change, whoever asks and whatever parameters are tacked on. */
/* SHARED: the answer is the same for every caller, signed in or not (static files), so it keeps the
 * handler's Cache-Control; every other answer to a signed-in caller is private (see cache_policy). */
/* COSTLY: the answer takes real work when the cache cannot give it (a password hashed with argon2, a search, an
 * analysis and its downloads, the trends document and its PDF, a question's or a section's answers across States,
 * a report's workbook and exports, the Secretariat's desks, an account's page with its matches): it runs on a worker thread (http.h: res->defer), a few at a time per client,
 * so that the network threads keep answering everything else. */
/* ANYQ: the handler reads query parameters it does not declare (the search's): every parameter is part of the
 * cache key.  Elsewhere the key holds the declared ones only (cache_key). */
enum { ROUTE_CSRF = 1, ROUTE_CACHE = 2, ROUTE_WHOLE = 4, ROUTE_SHARED = 8, ROUTE_COSTLY = 16, ROUTE_ANYQ = 32 };

/*
 * A route: method, pattern ({} for each path capture), the authorisation it needs, flags, the
 * handler, then the declarations of its path captures (in order) and of the query parameters
 * it reads (web/params.h).  Declared parameters are checked before the handler runs; the
 * handler reads them with web_arg() and web_q().
 */
struct route {
    enum http_method method;
    const char *pattern;
    enum authz_action need;
    unsigned flags;
    handler_fn fn;
    struct param_spec args[HTTP_MAX_ARGS];
    const struct param_spec *query;
};

/* Path captures. */
#define A_STATE { "state", PARAM_STATE, 0, 0, 0 }
#define A_STATE_DL { "state", PARAM_STATE, 0, 0, PARAM_SUFFIX }
#define A_CYCLE { "cycle", PARAM_CYCLE, 0, 0, 0 }
#define A_CYCLE_DL { "cycle", PARAM_CYCLE, 0, 0, PARAM_SUFFIX }
#define A_CYCLE_PDF { "cycle", PARAM_CYCLE, 0, 0, PARAM_PDF }
#define A_REPORT { "report", PARAM_ID, 0, 0, 0 }
#define A_FILE { "file", PARAM_SHA256, 0, 0, 0 }
#define A_ORG { "organisation", PARAM_CODE, 0, 0, 0 }
#define A_QUESTION_DL { "question", PARAM_QUESTION, 0, 0, PARAM_SUFFIX }
#define A_SECTION_DL { "section", PARAM_CODE, 0, 0, PARAM_SUFFIX }
#define A_ID { "id", PARAM_ID, 0, 0, 0 }
#define A_PARTNER { "partner", PARAM_CODE, 0, 0, 0 }
/* Query parameters. */
static const struct param_spec Q_STATES[] = {
    { "region", PARAM_REGION, 0, 0, 0 }, { "group", PARAM_GROUP, 0, 0, 0 }, { "org", PARAM_ORG, 0, 0, 0 },
    { "q", PARAM_TEXT, 0, 100, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* A report page: a published version, or the working copy (view=working). */
static const struct param_spec Q_REPORT[] = {
    { "version", PARAM_INT, 1, 100000, 0 }, { "view", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* The list of reports: a State's, a cycle's, by status (the status's values are the domain's: report_view_list). */
static const struct param_spec Q_REPORTS[] = {
    { "state", PARAM_STATE, 0, 0, 0 }, { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "status", PARAM_CODE, 0, 0, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};
static const struct param_spec Q_DESK[] = { { "cycle", PARAM_CYCLE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 } };

/* One question across States: the answer in a cycle. */
static const struct param_spec Q_QUESTION[] = {
    { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "answer", PARAM_TEXT, 0, 100, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* A section across States: one cycle, a region or a regional group. */
static const struct param_spec Q_SECTION[] = {
    { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "region", PARAM_REGION, 0, 0, 0 }, { "group", PARAM_GROUP, 0, 0, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};
/* Requests for assistance: by State, taxonomy, M49 region, status, cycle, estimated cost (USD). */
static const struct param_spec Q_ASSIST_REQUESTS[] = {
    { "state", PARAM_STATE, 0, 0, 0 }, { "category", PARAM_CODE, 0, 0, 0 }, { "kind", PARAM_CODE, 0, 0, 0 },
    { "region", PARAM_REGION, 0, 0, 0 }, { "status", PARAM_CODE, 0, 0, 0 }, { "cycle", PARAM_CYCLE, 0, 0, 0 },
    { "cost_min", PARAM_INT, 0, 1000000000000LL, 0 }, { "cost_max", PARAM_INT, 0, 1000000000000LL, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};
/* Offers: by partner (its code), taxonomy, status. */
static const struct param_spec Q_ASSIST_OFFERS[] = {
    { "partner", PARAM_CODE, 0, 0, 0 }, { "category", PARAM_CODE, 0, 0, 0 }, { "kind", PARAM_CODE, 0, 0, 0 },
    { "status", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* Matches: how many (10 unless said). */
static const struct param_spec Q_MATCHES[] = { { "limit", PARAM_INT, 1, 100, 0 }, { NULL, PARAM_NONE, 0, 0, 0 } };
/* The needs board: status (open and matched unless asked), category, kind, region, cycle, State. */
static const struct param_spec Q_ASSIST[] = {
    { "status", PARAM_CODE, 0, 0, 0 }, { "category", PARAM_CODE, 0, 0, 0 }, { "kind", PARAM_CODE, 0, 0, 0 },
    { "region", PARAM_REGION, 0, 0, 0 }, { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "state", PARAM_STATE, 0, 0, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};
/* A request's or an offer's page: the banner after a form ("done"). */
static const struct param_spec Q_ASSIST_DONE[] = { { "done", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 } };
/* The account page: a partner's "requests that fit" filters. */
static const struct param_spec Q_ACCOUNT[] = {
    { "category", PARAM_CODE, 0, 0, 0 }, { "kind", PARAM_CODE, 0, 0, 0 }, { "region", PARAM_REGION, 0, 0, 0 },
    { "cost_min", PARAM_INT, 0, 1000000000000LL, 0 }, { "cost_max", PARAM_INT, 0, 1000000000000LL, 0 },
    { "done", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* One's notifications: a page of them, the banner after "Mark all as read"; the API: the unread ones only. */
static const struct param_spec Q_NOTIFICATIONS[] = {
    { "page", PARAM_INT, 1, 1000000, 0 }, { "done", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
static const struct param_spec Q_API_NOTIFICATIONS[] = {
    { "page", PARAM_INT, 1, 1000000, 0 }, { "unread", PARAM_INT, 0, 1, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
#define A_ASSIST { "id", PARAM_ID, 0, 0, 0 }
/* The assistance desk: a stage, overdue only, an M49 region. */
static const struct param_spec Q_ASSIST_DESK[] = {
    { "stage", PARAM_CODE, 0, 0, 0 }, { "overdue", PARAM_INT, 0, 1, 0 }, { "region", PARAM_REGION, 0, 0, 0 },
    { NULL, PARAM_NONE, 0, 0, 0 },
};

/* Projects (issue 11): the list's filters; the new project form's pre-fill; a project page's banner. */
static const struct param_spec Q_PROJECTS[] = {
    { "state", PARAM_STATE, 0, 0, 0 }, { "partner", PARAM_CODE, 0, 0, 0 }, { "status", PARAM_CODE, 0, 0, 0 },
    { "category", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
static const struct param_spec Q_PROJECT_NEW[] = {
    { "request", PARAM_ID, 0, 0, 0 }, { "partner", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
/* Voluntary targets (issue 12, item 4): by State, M49 region (its own and its States'), paragraph, status; a
   target's page: the banner after a form ("done"). */
static const struct param_spec Q_TARGETS[] = {
    { "state", PARAM_STATE, 0, 0, 0 }, { "region", PARAM_REGION, 0, 0, 0 }, { "paragraph", PARAM_TEXT, 0, 20, 0 },
    { "status", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};

/* The analysis (issue 12): a cycle, one chart's numbers in a download; a question's also an area. */
static const struct param_spec Q_ANALYSIS[] = {
    { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "chart", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};
static const struct param_spec Q_ANALYSIS_Q[] = {
    { "cycle", PARAM_CYCLE, 0, 0, 0 }, { "region", PARAM_REGION, 0, 0, 0 }, { "group", PARAM_GROUP, 0, 0, 0 },
    { "chart", PARAM_CODE, 0, 0, 0 }, { NULL, PARAM_NONE, 0, 0, 0 },
};

/* What changed in a State's reports: only the questions whose answer changed. */
static const struct param_spec Q_CHANGES[] = { { "changed", PARAM_INT, 0, 1, 0 }, { NULL, PARAM_NONE, 0, 0, 0 } };

/* A route without parameters leaves their declarations out: they are zero (none, passed on as they are). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct route ROUTES[] = {
    { HTTP_GET, "/", AUTHZ_PUBLIC, ROUTE_CACHE, page_home },
    { HTTP_GET, "/states", AUTHZ_PUBLIC, ROUTE_CACHE, page_states, { { 0 } }, Q_STATES },
    /* Downloads: a list's path + .csv, .xlsx or .json, with the page's query string (table_export.h).
       /states/{}, /cycles/{} and /questions/{} take the suffix on their last segment themselves. */
    { HTTP_GET, "/states.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_states, { { 0 } }, Q_STATES },
    { HTTP_GET, "/states.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_states, { { 0 } }, Q_STATES },
    { HTTP_GET, "/states.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_states, { { 0 } }, Q_STATES },
    { HTTP_GET, "/states/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_state, { A_STATE_DL } },
    { HTTP_GET, "/states/{}/changes", AUTHZ_PUBLIC, ROUTE_CACHE, page_state_changes, { A_STATE }, Q_CHANGES },
    { HTTP_GET, "/organisations", AUTHZ_PUBLIC, ROUTE_CACHE, page_organisations },
    { HTTP_GET, "/organisations.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_organisations },
    { HTTP_GET, "/organisations.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_organisations },
    { HTTP_GET, "/organisations.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_organisations },
    { HTTP_GET, "/organisations/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_organisation },
    { HTTP_GET, "/cycles", AUTHZ_PUBLIC, ROUTE_CACHE, page_cycles },
    { HTTP_GET, "/cycles.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_cycles },
    { HTTP_GET, "/cycles.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_cycles },
    { HTTP_GET, "/cycles.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_cycles },
    { HTTP_GET, "/cycles/new", AUTHZ_CYCLES_MANAGE, 0, page_cycle_new },
    { HTTP_POST, "/cycles/new", AUTHZ_CYCLES_MANAGE, ROUTE_CSRF, page_cycle_new_post },
    { HTTP_GET, "/cycles/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_cycle, { A_CYCLE_DL } },
    { HTTP_GET, "/cycles/{}/edit", AUTHZ_CYCLES_MANAGE, 0, page_cycle_edit, { A_CYCLE } },
    { HTTP_POST, "/cycles/{}/edit", AUTHZ_CYCLES_MANAGE, ROUTE_CSRF, page_cycle_edit_post, { A_CYCLE } },
    { HTTP_GET, "/documents/poa", AUTHZ_PUBLIC, ROUTE_CACHE, page_poa },
    { HTTP_GET, "/search", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY | ROUTE_ANYQ, page_search },
    { HTTP_GET, "/search.csv", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY | ROUTE_ANYQ, page_search_download },
    { HTTP_GET, "/search.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY | ROUTE_ANYQ, page_search_download },
    { HTTP_GET, "/search.json", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY | ROUTE_ANYQ, page_search_download },
    { HTTP_GET, "/questions", AUTHZ_PUBLIC, ROUTE_CACHE, page_questions },
    { HTTP_GET, "/data", AUTHZ_PUBLIC, ROUTE_CACHE, page_data },
    { HTTP_GET, "/data/reports.jsonl", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_WHOLE, page_data_reports },
    { HTTP_GET, "/data/dictionary.csv", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_WHOLE, page_data_dictionary },
    { HTTP_GET, "/questions/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_question, { A_QUESTION_DL }, Q_QUESTION },
    { HTTP_GET, "/sections/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_section, { A_SECTION_DL }, Q_SECTION },
    { HTTP_GET, "/login", AUTHZ_PUBLIC, 0, page_login },
    { HTTP_POST, "/login", AUTHZ_PUBLIC, ROUTE_CSRF | ROUTE_COSTLY, page_login_post },
    { HTTP_POST, "/logout", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_logout_post },
    { HTTP_GET, "/account", AUTHZ_SIGNED_IN, ROUTE_COSTLY, page_account, { { 0 } }, Q_ACCOUNT },
    { HTTP_GET, "/account/password", AUTHZ_OWN_ACCOUNT, 0, page_password },
    { HTTP_POST, "/account/password", AUTHZ_OWN_ACCOUNT, ROUTE_CSRF | ROUTE_COSTLY, page_password_post },
    { HTTP_GET, "/admin/users", AUTHZ_USERS_MANAGE, 0, page_admin_users },
    { HTTP_GET, "/admin/users/{}/{}", AUTHZ_USERS_MANAGE, 0, page_admin_user_confirm },
    { HTTP_POST, "/admin/users/{}/{}", AUTHZ_USERS_MANAGE, ROUTE_CSRF, page_admin_user_post },
    { HTTP_GET, "/desk", AUTHZ_DESK_READ, ROUTE_COSTLY, page_desk, { { 0 } }, Q_DESK },
    { HTTP_POST, "/reports/start", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_report_start },
    { HTTP_GET, "/reports/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_report, { A_REPORT }, Q_REPORT },
    { HTTP_GET, "/reports/{}/edit", AUTHZ_SIGNED_IN, 0, page_report_edit, { A_REPORT } },
    { HTTP_POST, "/reports/{}/edit", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_report_edit_post, { A_REPORT } },
    { HTTP_GET, "/reports/{}/check", AUTHZ_SIGNED_IN, 0, page_report_check, { A_REPORT } },
    { HTTP_GET, "/reports/{}/workbook.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_report_workbook, { A_REPORT } },
    { HTTP_POST, "/reports/{}/upload", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_report_upload, { A_REPORT } },
    { HTTP_GET, "/reports/{}/files/{}", AUTHZ_PUBLIC, 0, page_report_file, { A_REPORT, A_FILE } },
    { HTTP_GET, "/reports/{}/publish", AUTHZ_PUBLISH, 0, page_report_confirm, { A_REPORT } },
    { HTTP_GET, "/reports/{}/return", AUTHZ_PUBLISH, 0, page_report_confirm, { A_REPORT } },
    { HTTP_GET, "/reports/{}/submitted", AUTHZ_SIGNED_IN, 0, page_report_submitted, { A_REPORT } },
    { HTTP_GET, "/reports/{}/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_report_export, { A_REPORT } },
    { HTTP_POST, "/reports/{}/{}", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_report_action, { A_REPORT } },
    /* Assistance: the needs board and its downloads, requests, offers, the partners' interest and the State's answer. */
    { HTTP_GET, "/assistance", AUTHZ_PUBLIC, ROUTE_CACHE, page_assistance, { { 0 } }, Q_ASSIST },
    { HTTP_GET, "/assistance.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_assistance, { { 0 } }, Q_ASSIST },
    { HTTP_GET, "/assistance.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_assistance, { { 0 } }, Q_ASSIST },
    { HTTP_GET, "/assistance.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_assistance, { { 0 } }, Q_ASSIST },
    { HTTP_GET, "/assistance/requests/new", AUTHZ_REQUEST_EDIT, 0, page_assist_request_new },
    { HTTP_POST, "/assistance/requests/new", AUTHZ_REQUEST_EDIT, ROUTE_CSRF, page_assist_request_new_post },
    { HTTP_GET, "/assistance/requests/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_assist_request, { A_ASSIST }, Q_ASSIST_DONE },
    { HTTP_GET, "/assistance/requests/{}/edit", AUTHZ_SIGNED_IN, 0, page_assist_request_edit, { A_ASSIST } },
    { HTTP_POST, "/assistance/requests/{}/edit", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_assist_request_edit_post, { A_ASSIST } },
    { HTTP_POST, "/assistance/requests/{}/interest", AUTHZ_OFFER_MAKE, ROUTE_CSRF, page_assist_interest_post, { A_ASSIST } },
    { HTTP_POST, "/assistance/requests/{}/answer", AUTHZ_REQUEST_ANSWER, ROUTE_CSRF, page_assist_answer_post, { A_ASSIST } },
    /* assist10: a filed request's proposal file (download; upload and removal through the API). */
    { HTTP_GET, "/assistance/requests/{}/proposal", AUTHZ_PUBLIC, 0, page_assist_request_proposal, { A_ASSIST } },
    { HTTP_POST, "/api/v1/assistance/requests/{}/proposal", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_request_proposal_post, { A_ID } },
    { HTTP_DELETE, "/api/v1/assistance/requests/{}/proposal", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_request_proposal_delete, { A_ID } },
    { HTTP_GET, "/assistance/offers/new", AUTHZ_OFFER_MAKE, 0, page_assist_offer_new },
    { HTTP_POST, "/assistance/offers/new", AUTHZ_OFFER_MAKE, ROUTE_CSRF, page_assist_offer_new_post },
    { HTTP_GET, "/assistance/offers/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_assist_offer, { A_ASSIST }, Q_ASSIST_DONE },
    { HTTP_GET, "/assistance/offers/{}/edit", AUTHZ_OFFER_MAKE, 0, page_assist_offer_edit, { A_ASSIST } },
    { HTTP_POST, "/assistance/offers/{}/edit", AUTHZ_OFFER_MAKE, ROUTE_CSRF, page_assist_offer_edit_post, { A_ASSIST } },
    /* Analysis, the trends document for a meeting (issue 12, item 7): the page and, with .pdf, the A4 PDF. */
    { HTTP_GET, "/analysis/trends/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_trends, { A_CYCLE_PDF } },
    /* Notifications: one's own messages and their read marks, the language of messages (never cached: signed in). */
    { HTTP_GET, "/account/notifications", AUTHZ_SIGNED_IN, 0, page_notifications, { { 0 } }, Q_NOTIFICATIONS },
    { HTTP_POST, "/account/notifications/read", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_notifications_read_post },
    { HTTP_POST, "/account/language", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_account_language_post },
    { HTTP_GET, "/api/v1/notifications", AUTHZ_SIGNED_IN, 0, api_notifications, { { 0 } }, Q_API_NOTIFICATIONS },
    { HTTP_POST, "/api/v1/notifications/read", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_notifications_read },
    /* Voluntary targets (issue 12, item 4; web/targets.c, web/target_form.c): the list and its downloads, a target's
       path, the forms of those who set them (who may change which target is the domain's question: target_may_edit). */
    { HTTP_GET, "/targets", AUTHZ_PUBLIC, ROUTE_CACHE, page_targets, { { 0 } }, Q_TARGETS },
    { HTTP_GET, "/targets.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_targets, { { 0 } }, Q_TARGETS },
    { HTTP_GET, "/targets.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_targets, { { 0 } }, Q_TARGETS },
    { HTTP_GET, "/targets.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_targets, { { 0 } }, Q_TARGETS },
    { HTTP_GET, "/targets/new", AUTHZ_TARGET_EDIT, 0, page_target_new },
    { HTTP_POST, "/targets/new", AUTHZ_TARGET_EDIT, ROUTE_CSRF, page_target_new_post },
    { HTTP_GET, "/targets/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_target, { A_ID }, Q_ASSIST_DONE },
    { HTTP_GET, "/targets/{}/edit", AUTHZ_SIGNED_IN, 0, page_target_edit, { A_ID } },
    { HTTP_POST, "/targets/{}/edit", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_target_edit_post, { A_ID } },
    { HTTP_POST, "/targets/{}/progress", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_target_progress_post, { A_ID } },
    /* Analysis (issue 12, the "analysis" part): the pages, their numbers as downloads (one table per page, ?chart=
       for one chart's rows) and the API; public data only, cached like every public page. */
    { HTTP_GET, "/analysis", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis },
    { HTTP_GET, "/analysis/reporting", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_reporting, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/reporting.csv", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_reporting, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/reporting.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_reporting, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/reporting.json", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_reporting, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/questions/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_question, { A_QUESTION_DL }, Q_ANALYSIS_Q },
    { HTTP_GET, "/analysis/sdg-16-4-2", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_sdg, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/sdg-16-4-2.csv", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_sdg, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/sdg-16-4-2.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_sdg, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/sdg-16-4-2.json", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_sdg, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/assistance", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_assistance, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/assistance.csv", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_assistance, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/assistance.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_assistance, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/analysis/assistance.json", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, page_analysis_assistance, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/api/v1/analysis/reporting", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, api_analysis_reporting, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/api/v1/analysis/questions/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, api_analysis_question,
      { { "question", PARAM_QUESTION, 0, 0, 0 } }, Q_ANALYSIS_Q },
    { HTTP_GET, "/api/v1/analysis/sdg-16-4-2", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, api_analysis_sdg, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/api/v1/analysis/assistance", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, api_analysis_assistance, { { 0 } }, Q_ANALYSIS },
    { HTTP_GET, "/static/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_SHARED, page_static },
    { HTTP_GET, "/healthz", AUTHZ_PUBLIC, 0, page_healthz },
    { HTTP_GET, "/api/v1/states", AUTHZ_PUBLIC, ROUTE_CACHE, api_states, { { 0 } }, Q_STATES },
    { HTTP_GET, "/api/v1/states/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_state, { A_STATE } },
    { HTTP_GET, "/api/v1/states/{}/changes", AUTHZ_PUBLIC, ROUTE_CACHE, api_state_changes, { A_STATE }, Q_CHANGES },
    { HTTP_GET, "/api/v1/regions", AUTHZ_PUBLIC, ROUTE_CACHE, api_regions },
    { HTTP_GET, "/api/v1/groups", AUTHZ_PUBLIC, ROUTE_CACHE, api_groups },
    { HTTP_GET, "/api/v1/organisations", AUTHZ_PUBLIC, ROUTE_CACHE, api_organisations },
    { HTTP_GET, "/api/v1/organisations/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_organisation },
    { HTTP_GET, "/api/v1/cycles", AUTHZ_PUBLIC, ROUTE_CACHE, api_cycles },
    { HTTP_POST, "/api/v1/cycles", AUTHZ_CYCLES_MANAGE, ROUTE_CSRF, api_cycles_post },
    { HTTP_PATCH, "/api/v1/cycles/{}", AUTHZ_CYCLES_MANAGE, ROUTE_CSRF, api_cycle_patch, { A_CYCLE } },
    { HTTP_GET, "/api/v1/documents/poa", AUTHZ_PUBLIC, ROUTE_CACHE, api_document_poa },
    { HTTP_GET, "/api/v1/openapi.json", AUTHZ_PUBLIC, ROUTE_CACHE, api_openapi },
    { HTTP_GET, "/api/v1/me", AUTHZ_PUBLIC, 0, api_me },
    { HTTP_GET, "/api/v1/search", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY | ROUTE_ANYQ, api_search },
    { HTTP_GET, "/api/v1/questions/{}", AUTHZ_PUBLIC, ROUTE_CACHE | ROUTE_COSTLY, api_question, { { "question", PARAM_QUESTION, 0, 0, 0 } }, Q_QUESTION },
    { HTTP_GET, "/api/v1/audit", AUTHZ_AUDIT_READ, 0, api_audit },
    { HTTP_GET, "/api/v1/users", AUTHZ_USERS_MANAGE, 0, api_users },
    { HTTP_GET, "/api/v1/desk", AUTHZ_DESK_READ, ROUTE_COSTLY, api_desk, { { 0 } }, Q_DESK },
    { HTTP_POST, "/api/v1/users", AUTHZ_USERS_MANAGE, ROUTE_CSRF, api_users_post },
    { HTTP_POST, "/api/v1/users/{}/sessions/end", AUTHZ_USERS_MANAGE, ROUTE_CSRF, api_user_action },
    { HTTP_POST, "/api/v1/users/{}/disable", AUTHZ_USERS_MANAGE, ROUTE_CSRF, api_user_action },
    { HTTP_POST, "/api/v1/users/{}/enable", AUTHZ_USERS_MANAGE, ROUTE_CSRF, api_user_action },
    { HTTP_GET, "/api/v1/tokens", AUTHZ_OWN_ACCOUNT, 0, api_tokens },
    { HTTP_DELETE, "/api/v1/tokens/{}", AUTHZ_OWN_ACCOUNT, ROUTE_CSRF, api_token_delete },
    { HTTP_POST, "/api/v1/me/password", AUTHZ_OWN_ACCOUNT, ROUTE_CSRF | ROUTE_COSTLY, api_me_password },
    { HTTP_GET, "/api/v1/templates/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_template },
    { HTTP_GET, "/api/v1/reports", AUTHZ_PUBLIC, ROUTE_CACHE, api_reports, { { 0 } }, Q_REPORTS },
    { HTTP_POST, "/api/v1/reports", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_reports_post },
    { HTTP_GET, "/api/v1/reports/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_report, { A_REPORT } },
    { HTTP_GET, "/api/v1/reports/{}/files/{}", AUTHZ_PUBLIC, 0, page_report_file, { A_REPORT, A_FILE } },
    { HTTP_PATCH, "/api/v1/reports/{}/answers", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_report_answers, { A_REPORT } },
    { HTTP_GET, "/api/v1/reports/{}/check", AUTHZ_SIGNED_IN, 0, api_report_check, { A_REPORT } },
    { HTTP_POST, "/api/v1/reports/{}/workbook", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_report_workbook, { A_REPORT } },
    { HTTP_POST, "/api/v1/reports/{}/files", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_report_files_post, { A_REPORT } },
    { HTTP_POST, "/api/v1/reports/{}/{}", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_report_action, { A_REPORT } },
    /* Assistance: who may change a request, an offer or an interest is the domain's question (authz). */
    { HTTP_GET, "/api/v1/assistance/requests", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_requests, { { 0 } }, Q_ASSIST_REQUESTS },
    { HTTP_POST, "/api/v1/assistance/requests", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_requests_post },
    { HTTP_GET, "/api/v1/assistance/requests/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_request, { A_ID } },
    { HTTP_PATCH, "/api/v1/assistance/requests/{}", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_request_patch, { A_ID } },
    { HTTP_GET, "/api/v1/assistance/requests/{}/matches", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_request_matches, { A_ID },
      Q_MATCHES },
    { HTTP_POST, "/api/v1/assistance/requests/{}/interest", AUTHZ_OFFER_MAKE, ROUTE_CSRF, api_assist_interest_post, { A_ID } },
    { HTTP_DELETE, "/api/v1/assistance/requests/{}/interest", AUTHZ_OFFER_MAKE, ROUTE_CSRF, api_assist_interest_delete, { A_ID } },
    { HTTP_POST, "/api/v1/assistance/requests/{}/interest/{}/accept", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_interest_accept,
      { A_ID, A_PARTNER } },
    { HTTP_POST, "/api/v1/assistance/requests/{}/interest/{}/decline", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_interest_decline,
      { A_ID, A_PARTNER } },
    { HTTP_GET, "/api/v1/assistance/offers", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_offers, { { 0 } }, Q_ASSIST_OFFERS },
    { HTTP_POST, "/api/v1/assistance/offers", AUTHZ_OFFER_MAKE, ROUTE_CSRF, api_assist_offers_post },
    { HTTP_GET, "/api/v1/assistance/offers/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_offer, { A_ID } },
    { HTTP_PATCH, "/api/v1/assistance/offers/{}", AUTHZ_OFFER_MAKE, ROUTE_CSRF, api_assist_offer_patch, { A_ID } },
    { HTTP_GET, "/api/v1/assistance/offers/{}/matches", AUTHZ_PUBLIC, ROUTE_CACHE, api_assist_offer_matches, { A_ID }, Q_MATCHES },
    /* Projects (issue 11, "projects"): public reads; who may record one at all is authz's (the form too); for which
       State and partners, and who may report on or complete one, is the domain's question. */
    { HTTP_GET, "/projects", AUTHZ_PUBLIC, ROUTE_CACHE, page_projects, { { 0 } }, Q_PROJECTS },
    { HTTP_GET, "/projects.csv", AUTHZ_PUBLIC, ROUTE_CACHE, page_projects, { { 0 } }, Q_PROJECTS },
    { HTTP_GET, "/projects.xlsx", AUTHZ_PUBLIC, ROUTE_CACHE, page_projects, { { 0 } }, Q_PROJECTS },
    { HTTP_GET, "/projects.json", AUTHZ_PUBLIC, ROUTE_CACHE, page_projects, { { 0 } }, Q_PROJECTS },
    { HTTP_GET, "/projects/new", AUTHZ_PROJECT_RECORD, 0, page_project_new, { { 0 } }, Q_PROJECT_NEW },
    { HTTP_POST, "/projects/new", AUTHZ_PROJECT_RECORD, ROUTE_CSRF, page_project_new_post },
    { HTTP_GET, "/projects/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_project, { A_ID }, Q_ASSIST_DONE },
    { HTTP_POST, "/projects/{}/reports", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_project_report_post, { A_ID } },
    { HTTP_POST, "/projects/{}/complete", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_project_complete_post, { A_ID } },
    { HTTP_GET, "/api/v1/projects", AUTHZ_PUBLIC, ROUTE_CACHE, api_projects, { { 0 } }, Q_PROJECTS },
    { HTTP_POST, "/api/v1/projects", AUTHZ_PROJECT_RECORD, ROUTE_CSRF, api_projects_post },
    { HTTP_GET, "/api/v1/projects/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_project, { A_ID } },
    { HTTP_POST, "/api/v1/projects/{}/reports", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_project_reports_post, { A_ID } },
    { HTTP_POST, "/api/v1/projects/{}/complete", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_project_complete, { A_ID } },
    /* proc: the procedure of requests (stages, history, targets) and the Secretariat's assistance desk; private, never cached. */
    { HTTP_GET, "/desk/assistance", AUTHZ_ASSIST_ALL, ROUTE_COSTLY, page_assist_desk, { { 0 } }, Q_ASSIST_DESK },
    { HTTP_GET, "/desk/assistance.csv", AUTHZ_ASSIST_ALL, ROUTE_COSTLY, page_assist_desk, { { 0 } }, Q_ASSIST_DESK },
    { HTTP_GET, "/desk/assistance.xlsx", AUTHZ_ASSIST_ALL, ROUTE_COSTLY, page_assist_desk, { { 0 } }, Q_ASSIST_DESK },
    { HTTP_GET, "/desk/assistance.json", AUTHZ_ASSIST_ALL, ROUTE_COSTLY, page_assist_desk, { { 0 } }, Q_ASSIST_DESK },
    { HTTP_POST, "/desk/assistance/targets", AUTHZ_ASSIST_PROCESS, ROUTE_CSRF, page_assist_targets_post },
    { HTTP_POST, "/assistance/requests/{}/stage", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_assist_stage_post, { A_ASSIST } },
    { HTTP_GET, "/api/v1/desk/assistance", AUTHZ_ASSIST_ALL, ROUTE_COSTLY, api_assist_desk, { { 0 } }, Q_ASSIST_DESK },
    { HTTP_GET, "/api/v1/desk/assistance/targets", AUTHZ_ASSIST_ALL, 0, api_assist_targets },
    { HTTP_PUT, "/api/v1/desk/assistance/targets", AUTHZ_ASSIST_PROCESS, ROUTE_CSRF, api_assist_targets_put },
    { HTTP_POST, "/api/v1/assistance/requests/{}/stage", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_assist_stage_post, { A_ID } },
    /* Joint baseline assessments (issue 11, item 3; web/baseline*.c, api/baselines.c): the domain answers 404 to who
       may not see one, 403 to who may not change it. */
    { HTTP_GET, "/baselines/{}", AUTHZ_PUBLIC, ROUTE_CACHE, page_baseline, { A_ID }, Q_ASSIST_DONE },
    { HTTP_GET, "/baselines/{}/side", AUTHZ_SIGNED_IN, 0, page_baseline_side, { A_ID } },
    { HTTP_POST, "/baselines/{}/side", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_baseline_side_post, { A_ID } },
    { HTTP_POST, "/baselines/{}/publish", AUTHZ_SIGNED_IN, ROUTE_CSRF, page_baseline_publish_post, { A_ID } },
    { HTTP_POST, "/baselines/{}/complete", AUTHZ_ASSIST_PROCESS, ROUTE_CSRF, page_baseline_complete_post, { A_ID } },
    { HTTP_GET, "/assistance/requests/{}/baseline", AUTHZ_ASSIST_PROCESS, 0, page_baseline_new, { A_ID } },
    { HTTP_POST, "/assistance/requests/{}/baseline", AUTHZ_ASSIST_PROCESS, ROUTE_CSRF, page_baseline_new_post, { A_ID } },
    { HTTP_POST, "/api/v1/assistance/requests/{}/baseline", AUTHZ_ASSIST_PROCESS, ROUTE_CSRF, api_baseline_post, { A_ID } },
    { HTTP_GET, "/api/v1/baselines/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_baseline, { A_ID } },
    { HTTP_PATCH, "/api/v1/baselines/{}", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_baseline_patch, { A_ID } },
    /* Voluntary targets (issue 12, item 4; api/targets.c). */
    { HTTP_GET, "/api/v1/targets", AUTHZ_PUBLIC, ROUTE_CACHE, api_targets, { { 0 } }, Q_TARGETS },
    { HTTP_POST, "/api/v1/targets", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_targets_post },
    { HTTP_GET, "/api/v1/targets/{}", AUTHZ_PUBLIC, ROUTE_CACHE, api_target, { A_ID } },
    { HTTP_POST, "/api/v1/targets/{}/progress", AUTHZ_SIGNED_IN, ROUTE_CSRF, api_target_progress_post, { A_ID } },
};
#pragma GCC diagnostic pop
#define NROUTES (sizeof ROUTES / sizeof ROUTES[0])

static struct app *the_app;
static const char *patterns[NROUTES];
static enum http_method methods[NROUTES];

void app_set(struct app *app)
{
    the_app = app;
    for (size_t i = 0; i < NROUTES; i++) {
        patterns[i] = ROUTES[i].pattern;
        methods[i] = ROUTES[i].method;
    }
}

/* `poaiss routes --json`: one object per route, for the authorisation matrix (tests/http/authz_matrix.test.mjs). */
static void routes_json(FILE *out, const char *const *names)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_arr(&w);
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *r = &ROUTES[i];
        jsonw_obj(&w);
        jsonw_kstr(&w, "method", names[r->method]);
        jsonw_kstr(&w, "pattern", r->pattern);
        jsonw_kstr(&w, "authz", authz_action_name(r->need));
        jsonw_kbool(&w, "csrf", (r->flags & ROUTE_CSRF) != 0);
        jsonw_kbool(&w, "cache", (r->flags & ROUTE_CACHE) != 0);
        jsonw_key(&w, "args");
        jsonw_arr(&w);
        for (size_t a = 0; a < HTTP_MAX_ARGS && r->args[a].name; a++) jsonw_str(&w, r->args[a].name);
        jsonw_arr_end(&w);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    fprintf(out, "%s\n", buf_cstr(&b));
    buf_cleanup(&b);
}

void app_routes_print(FILE *out, bool json)
{
    static const char *const NAMES[] = { [HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST", [HTTP_PUT] = "PUT",
                                         [HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE", [HTTP_OPTIONS] = "OPTIONS",
                                         [HTTP_OTHER] = "OTHER" };
    if (json) { routes_json(out, NAMES); return; }
    for (size_t i = 0; i < NROUTES; i++) fprintf(out, "%s %s\n", NAMES[ROUTES[i].method], ROUTES[i].pattern);
}

static void security_headers(struct http_request *req, struct http_response *res)
{
    http_response_header(res, "X-Content-Type-Options", "nosniff");
    http_response_header(res, "Referrer-Policy", "same-origin");
    http_response_header(res, "Vary", "Accept-Language, Cookie");
    if (strncmp(req->path ? req->path : "", "/api/", 5) == 0) {
        http_response_header(res, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    } else {
        http_response_header(res, "Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    }
}

/* The language: ?lang=, else the cookie, else the first supported Accept-Language tag. */
static void choose_language(struct http_request *req, struct http_response *res)
{
    const char *q = http_query(req, "lang");
    if (q && i18n_available(q)) {
        i18n_set_lang(q);
        const char *c = http_request_cookie(req, LANG_COOKIE);
        if (!c || strcmp(c, q) != 0) {   /* remember the choice for the next pages */
            char v[128];
            snprintf(v, sizeof v, LANG_COOKIE "=%s; Path=/; SameSite=Lax; Max-Age=31536000%s", q,
                     the_app && the_app->secure_cookies ? "; Secure" : "");
            http_response_header(res, "Set-Cookie", v);
        }
        return;
    }
    const char *c = http_request_cookie(req, LANG_COOKIE);
    if (c && i18n_available(c)) { i18n_set_lang(c); return; }
    const char *al = http_request_header(req, "Accept-Language");
    while (al && *al) {
        while (*al == ' ' || *al == ',') al++;
        char tag[3] = { 0 };
        if (al[0] && al[1] && (al[2] == '-' || al[2] == ',' || al[2] == ';' || al[2] == '\0')) {
            tag[0] = (char)(al[0] | 0x20);
            tag[1] = (char)(al[1] | 0x20);
            if (i18n_available(tag)) { i18n_set_lang(tag); return; }
        }
        al = strchr(al, ',');
    }
    i18n_set_lang("en");
}

/* Bearer token first (API clients), else the session cookie.  -1: a bearer token was given and is invalid. */
static int identify(const struct http_request *req, struct principal *who)
{
    const char *authz = http_request_header(req, "Authorization");
    if (authz) {
        if (strncasecmp(authz, "Bearer ", 7) != 0) return -1;
        return auth_token_resolve(the_app->store, authz + 7, who) == 0 ? 0 : -1;
    }
    const char *cookie = http_request_cookie(req, SESSION_COOKIE);
    if (cookie) auth_session_resolve(the_app->store, cookie, who);
    else auth_public(who);
    return 0;
}

static bool sets_cookie(const struct http_response *res)
{
    for (size_t i = 0; i < res->nheaders; i++)
        if (strcmp(res->headers[i].name, "Set-Cookie") == 0) return true;
    return false;
}

static unsigned dispatch(struct http_request *req, struct http_response *res, struct principal *who, bool *finished);
static void run_handler(const struct route *r, struct http_request *req, struct http_response *res);

/*
 * Whether an answer may be kept by a browser or a proxy is decided here, once, for every route.  An answer to a
 * caller who is signed in (a session cookie or a bearer token) may show what the public cannot see (a draft, its
 * files and downloads, an account, the audit log), so it is "private, no-store" unless its route answers everyone
 * alike (ROUTE_SHARED, ROUTE_WHOLE); so is every answer that sets a cookie.  Handlers set Cache-Control only for
 * what they tell the public (static files, published attachments).
 */
static void cache_policy(const struct http_request *req, struct http_response *res, const struct principal *who, unsigned flags)
{
    bool signed_in = who->user_id > 0 || http_request_header(req, "Authorization") || http_request_cookie(req, SESSION_COOKIE);
    if ((signed_in && !(flags & (ROUTE_SHARED | ROUTE_WHOLE))) || sets_cookie(res))
        http_response_header_set(res, "Cache-Control", "private, no-store");
}

/* The headers every answer gets: the caching policy, then the security headers. */
static void finish(struct http_request *req, struct http_response *res, const struct principal *who, unsigned flags)
{
    cache_policy(req, res, who, flags);
    security_headers(req, res);
}

/* A cached answer: it has its security headers; only the caching policy of what this request added (a language
   cookie) remains.  Returns flags. */
static unsigned hit(struct http_request *req, struct http_response *res, const struct principal *who, unsigned flags,
                    bool *finished)
{
    cache_policy(req, res, who, flags);
    *finished = true;
    return flags;
}

/* The cache stamp: the data generation and today's date, since what a page says about the
   calendar (a cycle open, a deadline passed) changes at midnight without the data changing. */
static unsigned long data_day_generation(void)
{
    /* The date is worked out once a second per thread (a cached answer is served in a few microseconds). */
    static _Thread_local time_t asked = -1;
    static _Thread_local long days;
    time_t now = time(NULL);
    if (now != asked) {
        char today[11];
        cycle_today(today);
        days = cycle_date_days(today);
        asked = now;
    }
    return site_data_generation(the_app->store) ^ ((unsigned long)days << 40);
}

/* Check the route's declared parameters; false after answering 400 or 404 (never cached). */
static bool check_params(const struct route *r, struct http_request *req, struct http_response *res)
{
    struct err e = ERR_NONE;
    if (params_check(the_app->store, req, r->args, HTTP_MAX_ARGS, r->query, &e) == 0) return true;
    web_fail(req, res, &e);
    return false;
}

void app_dispatch(struct http_request *req, struct http_response *res)
{
    struct principal who;
    auth_public(&who);
    req->who = &who;
    i18n_set_lang("en");
    bool finished = false;
    unsigned flags = dispatch(req, res, &who, &finished);
    if (!finished) finish(req, res, &who, flags);
}

/* Put res in the cache under key, with every header it is sent with: its headers are then finished. */
static void cache_keep(struct http_request *req, struct http_response *res, const struct principal *who, unsigned flags,
                       bool whole, const char *key, unsigned long gen, bool *finished)
{
    finish(req, res, who, flags);
    *finished = true;
    if (res->status == 200 && !sets_cookie(res)) cache_put(whole ? "" : i18n_lang(), key, gen, res);
}

/*
 * The cache key of a public request to route r: its path, and the query parameters the route reads (web_q_read),
 * re-encoded; the language is the key's other half.  The others are dropped from the request first: nothing reads
 * them, and the links a page keeps its parameters in (filters, downloads, languages) must not carry them, so that
 * "?zz=1", "?zz=2" ... are one page, made once and cached once.
 */
static void cache_key(const struct route *r, struct http_request *req, struct buf *out)
{
    buf_clear(out);
    buf_puts(out, req->path);
    char sep = '?';
    size_t kept = 0;
    for (size_t i = 0; i < req->query.n; i++) {
        struct http_param p = req->query.v[i];
        if (!(r->flags & ROUTE_ANYQ) && strcmp(p.name, "lang") != 0 && !web_q_read(req, p.name)) {
            free(p.name);
            free(p.value);
            continue;
        }
        req->query.v[kept++] = p;
        if (!web_q_read(req, p.name)) continue;
        buf_putc(out, sep);
        sep = '&';
        html_urlpart(out, p.name);
        buf_putc(out, '=');
        html_urlpart(out, p.value);
    }
    req->query.n = kept;
}

/* Answer the request; the matched route's flags (0 when none matched).  *finished: res has every header (from the cache). */
static unsigned dispatch(struct http_request *req, struct http_response *res, struct principal *who, bool *finished)
{
    unsigned flags = 0;
    if (req->refused) {   /* the server's own checks (framing, sizes, per-client limits): http/server.c */
        web_error(req, res, req->refused, req->refused_why ? _(req->refused_why) : "The request was refused.");
        return flags;
    }
    if (req->uri_bad) {
        web_error(req, res, 400, "The address is malformed: check its percent-escapes and that it is UTF-8.");
        return flags;
    }
    if (req->body_too_large) {
        web_error(req, res, 413, "The request body is too large.");
        return flags;
    }
    choose_language(req, res);
    bool bad_token = identify(req, who) < 0;
    size_t idx;
    char allow[64];
    enum router_result rr = router_match(patterns, methods, NROUTES, req, &idx, allow, sizeof allow);
    if (rr == ROUTER_NOT_FOUND) { web_error(req, res, 404, _("There is no page at this address.")); return flags; }
    if (rr == ROUTER_BAD_METHOD) {
        http_response_header(res, "Allow", allow);
        web_error(req, res, 405, "This method is not allowed here.");
        return flags;
    }
    const struct route *r = &ROUTES[idx];
    flags = r->flags;
    if (bad_token) {
        http_response_header(res, "WWW-Authenticate", "Bearer");
        web_error(req, res, 401, "The bearer token is invalid, expired or revoked.");
        return flags;
    }
    if (!authz_allowed(who, r->need, who->state_iso3[0] ? who->state_iso3 : NULL)) {
        if (who->role == ROLE_PUBLIC) {
            if (strncmp(req->path, "/api/", 5) == 0) {
                http_response_header(res, "WWW-Authenticate", "Bearer");
                web_error(req, res, 401, "Sign in or send a bearer token.");
            } else {
                struct buf loc = BUF_INIT;
                buf_puts(&loc, "/login?next=");
                html_urlpart(&loc, req->path);
                http_redirect(res, buf_cstr(&loc));
                buf_cleanup(&loc);
            }
        } else {
            web_error(req, res, 403, _("Your account may not do this."));
        }
        return flags;
    }
    const char *ct = req->content_type;
    if (req->method == HTTP_POST && ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
                                           strncasecmp(ct, "multipart/form-data", 19) == 0) && http_form_bad(req)) {
        /* before the form's token is looked for in it: a form that cannot be read is the sender's mistake, not an
           expired form */
        web_error(req, res, 400, _("The form could not be read: it is not valid UTF-8, has too many fields or a broken part."));
        return flags;
    }
    if ((r->flags & ROUTE_CSRF) && !who->by_token && !web_csrf_ok(req)) {
        web_error(req, res, 403, _("The form has expired or did not come from this site. Reload the page and try again."));
        return flags;
    }
    bool whole = (r->flags & ROUTE_WHOLE) != 0;
    bool cacheable = (r->flags & ROUTE_CACHE) &&
                     (whole || (who->role == ROLE_PUBLIC && !http_request_header(req, "Authorization") &&
                                !http_request_cookie(req, SESSION_COOKIE)));
    unsigned long gen = 0;
    struct buf keyb = BUF_INIT;
    const char *key = NULL;
    req->qspec = r->query;                             /* what web_q_read answers (params_check sets it too) */
    req->qany = (r->flags & ROUTE_ANYQ) != 0;
    if (cacheable) {
        gen = data_day_generation();
        if (!whole) cache_key(r, req, &keyb);
        key = whole ? req->path : buf_cstr(&keyb);
        const char *lang = whole ? "" : i18n_lang();
        if (cache_get(lang, key, gen, res)) {
            buf_cleanup(&keyb);
            return hit(req, res, who, flags, finished);
        }
        if (whole) {
            /* One thread makes a bulk download; the others asking at the same time wait for it
               and take it from the cache rather than each making it again. */
            static pthread_mutex_t making = PTHREAD_MUTEX_INITIALIZER;
            pthread_mutex_lock(&making);
            if (cache_get(lang, key, gen, res)) {
                hit(req, res, who, flags, finished);
            } else if (check_params(r, req, res)) {
                run_handler(r, req, res);
                cache_keep(req, res, who, flags, whole, key, gen, finished);
            }
            pthread_mutex_unlock(&making);
            return flags;
        }
    }
    if (check_params(r, req, res)) {
        if ((r->flags & ROUTE_COSTLY) && !req->offloaded) {
            res->defer = true;                         /* the server dispatches it again on a worker */
        } else {
            run_handler(r, req, res);
            if (cacheable) cache_keep(req, res, who, flags, whole, key, gen, finished);
        }
    }
    buf_cleanup(&keyb);
    return flags;
}

/* Searches and analyses (pages, downloads, API): the requests whose read queries run under the time budget. */
static bool budgeted(const char *path)
{
    static const char *const prefixes[] = { "/search", "/api/v1/search", "/questions/", "/api/v1/questions/", "/sections/",
                                            "/analysis", "/api/v1/analysis" };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0) return true;
    return false;
}

/* Call the route's handler, under the query budget when it is a search or an analysis: past the budget the
   query was interrupted, and whatever the handler made of that becomes a 503 that says what to do (never cached). */
static void run_handler(const struct route *r, struct http_request *req, struct http_response *res)
{
    bool armed = the_app->query_budget_us > 0 && budgeted(req->path);
    /* A download (.csv, .xlsx, .json) writes up to 5,000 rows with their excerpts: bounded work, but ten times a
       page's; under a sanitizer on a loaded machine /search.csv?q=marking took over 2 s of CPU. */
    size_t stem;
    bool download = table_format_split(req->path, &stem) != TABLE_PAGE;
    if (armed) query_budget_begin(download ? 10 * the_app->query_budget_us : the_app->query_budget_us);
    r->fn(the_app, req, res);
    if (!armed || !query_budget_end()) return;
    http_response_cleanup(res);
    res->status = 503;
    http_response_header(res, "Retry-After", "10");
    web_error(req, res, 503, _("This query takes too long to answer. Try a narrower query: fewer or rarer words, one cycle, one region."));
}

struct app *app_get(void) { return the_app; }

/* "/reports/123/edit" matches prefix "/reports/", digits, then suffix. */
static bool report_path(const char *path, const char *prefix, const char *suffix)
{
    size_t pl = strlen(prefix);
    if (!path || strncmp(path, prefix, pl) != 0) return false;
    const char *p = path + pl, *d = p;
    while (*p >= '0' && *p <= '9') p++;
    return p > d && p - d <= 15 && strcmp(p, suffix) == 0;
}

bool app_upload_ok(const struct http_request *req)
{
    /* Only the routes that take files (the section form, a workbook through the form or the API, a file through
     * the API), and only from an account that may edit some State's report: the large limit is not offered to
     * anyone else.  (The handler still checks the report and the CSRF token.) */
    if (req->method != HTTP_POST || req->uri_bad || !the_app) return false;
    const char *ct = req->content_type;
    bool multipart = ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
    bool route = ((report_path(req->path, "/reports/", "/edit") || report_path(req->path, "/reports/", "/upload")) && multipart) ||
                 report_path(req->path, "/api/v1/reports/", "/files") || report_path(req->path, "/api/v1/reports/", "/workbook");
    if (!route) return false;
    struct principal who;
    auth_public(&who);
    return identify(req, &who) == 0 && authz_allowed(&who, AUTHZ_STATE_EDIT, who.state_iso3);
}

/*
 * project_web: the pages (web/project_*.c) and the API (api/projects.c) of projects, and the
 * sections other pages show (a request's page, a State's page, /account).  Everything is read
 * through domain/project.h, which decides what the asker may see and do; nothing here
 * touches the store.
 */
#ifndef POAISS_WEB_PROJECT_WEB_H
#define POAISS_WEB_PROJECT_WEB_H

#include "domain/project.h"
#include "web/assist_web.h"
#include "web/web.h"

/* ---- pages ---- */
void page_projects(struct app *, struct http_request *, struct http_response *);
void page_project(struct app *, struct http_request *, struct http_response *);
void page_project_new(struct app *, struct http_request *, struct http_response *);
void page_project_new_post(struct app *, struct http_request *, struct http_response *);
void page_project_report_post(struct app *, struct http_request *, struct http_response *);
void page_project_complete_post(struct app *, struct http_request *, struct http_response *);

/* ---- /api/v1/projects ---- */
void api_projects(struct app *, struct http_request *, struct http_response *);
void api_projects_post(struct app *, struct http_request *, struct http_response *);
void api_project(struct app *, struct http_request *, struct http_response *);
void api_project_reports_post(struct app *, struct http_request *, struct http_response *);
void api_project_complete(struct app *, struct http_request *, struct http_response *);

/* ---- sections of other pages (0, or -1 with e) ---- */

/**
 * On a request's page: the projects answering it, and for whoever may make one a "Start a
 * project" link for each accepted interest (iv: the interests as the asker sees them, lent).
 */
int project_request_section(struct app *app, struct http_request *req, const struct assist_request *q,
                            const struct assist_interest *iv, size_t ni, struct buf *b, struct err *e);
/** On /states/{ISO3} (its Assistance section): the projects where the State is the requesting State. */
int project_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e);
/** On /account: a partner's projects, or a focal point's State's projects, with the reports due or late. */
int project_account_section(struct app *app, struct http_request *req, struct buf *b, struct err *e);

/* ---- shared by the project pages ---- */

/** The words of a project's status ("active", "completed", "cancelled"), translated (lent). */
const char *project_status_label(const char *status);
/** The projects as one table (the /projects list and its downloads). */
void project_table(struct table *t, const struct project *v, size_t n);

#endif

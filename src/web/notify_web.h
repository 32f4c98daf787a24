/*
 * notify_web: the notifications' pages and API handlers (web/notifications.c,
 * api/notifications.c), and what other pages show of them: the navigation's unread count
 * and the account page's section.
 */
#ifndef POAISS_WEB_NOTIFY_WEB_H
#define POAISS_WEB_NOTIFY_WEB_H

#include "web/web.h"

/** The navigation's link to one's notifications with the unread count (nothing for the public). */
void notify_web_nav(struct http_request *req, struct buf *b);
/**
 * The account page's section: the unread count, the language of messages (a form).  Written
 * into b before the page starts; -1 with e when it cannot be read (nothing written).
 */
int notify_web_account(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e);

/* Pages (web/notifications.c). */
void page_notifications(struct app *, struct http_request *, struct http_response *);
void page_notifications_read_post(struct app *, struct http_request *, struct http_response *);
void page_account_language_post(struct app *, struct http_request *, struct http_response *);
/* API (api/notifications.c). */
void api_notifications(struct app *, struct http_request *, struct http_response *);
void api_notifications_read(struct app *, struct http_request *, struct http_response *);

#endif

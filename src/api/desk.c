/* desk: GET /api/v1/desk, the Secretariat's desk as JSON (the tables of web/desk.c; private: no-store). */
#include <time.h>

#include "web/desk.h"
#include "web/web.h"

void api_desk(struct app *app, struct http_request *req, struct http_response *res)
{
    struct desk d;
    struct err e = ERR_NONE;
    const struct http_value *cy = web_q(req, "cycle");
    if (desk_get(app->store, &req->arena, req->who, cy->set ? (int)cy->n : 0, i18n_lang(), time(NULL), &d, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    api_begin(res, 200);
    http_response_header(res, "Cache-Control", "private, no-store");
    struct buf *b = &res->body;
    struct table t;
    buf_puts(b, "{\"current_cycle\":");
    if (d.current_cycle) buf_printf(b, "%d", d.current_cycle); else buf_puts(b, "null");
    buf_puts(b, ",\"cycle\":");
    if (d.cycle) buf_printf(b, "%d", d.cycle); else buf_puts(b, "null");
    buf_puts(b, ",\"waiting\":");
    desk_waiting_table(&t, &d);
    table_write_json(&t, NULL, b);
    table_cleanup(&t);
    buf_puts(b, ",\"returned\":");
    desk_returned_table(&t, &d);
    table_write_json(&t, NULL, b);
    table_cleanup(&t);
    buf_puts(b, ",\"progress\":");
    desk_progress_table(&t, &d);
    table_write_json(&t, NULL, b);
    table_cleanup(&t);
    buf_puts(b, "}\n");
}

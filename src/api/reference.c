/* reference: the JSON API for reference data — States, regions, groups, organisations, cycles, the PoA. */
#include <stdio.h>
#include <string.h>

#include "util/jsonw.h"
#include "web/web.h"

static void state_fields(struct jsonw *w, const struct store_state *s)
{
    jsonw_kstr(w, "iso3", s->iso3);
    jsonw_kstr(w, "iso2", s->iso2);
    jsonw_kstr(w, "m49", s->numeric);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "status", s->status);
    jsonw_key(w, "region");
    if (s->region) { jsonw_obj(w); jsonw_kstr(w, "code", s->region); jsonw_kstr(w, "name", s->region_name); jsonw_obj_end(w); }
    else jsonw_null(w);
    jsonw_key(w, "subregion");
    if (s->subregion) { jsonw_obj(w); jsonw_kstr(w, "code", s->subregion); jsonw_kstr(w, "name", s->subregion_name); jsonw_obj_end(w); }
    else jsonw_null(w);
    jsonw_key(w, "intermediate_region");
    if (s->intermediate) { jsonw_obj(w); jsonw_kstr(w, "code", s->intermediate); jsonw_kstr(w, "name", s->intermediate_name); jsonw_obj_end(w); }
    else jsonw_null(w);
    jsonw_key(w, "group");
    if (s->grp) { jsonw_obj(w); jsonw_kstr(w, "code", s->grp); jsonw_kstr(w, "name", s->grp_name); jsonw_obj_end(w); }
    else jsonw_null(w);
}

struct list_ctx { struct jsonw *w; int n; };

static int state_item(const struct store_state *s, void *ctx)
{
    struct list_ctx *c = ctx;
    jsonw_obj(c->w);
    state_fields(c->w, s);
    jsonw_obj_end(c->w);
    c->n++;
    return 0;
}

void api_states(struct app *app, struct http_request *req, struct http_response *res)
{
    struct store_state_filter f;
    if (!web_state_filter(app, req, res, "en", &f)) return;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "states");
    jsonw_arr(&w);
    struct list_ctx c = { &w, 0 };
    if (store_states_each(app->store, &f, state_item, &c) < 0) { web_error(req, res, 500, "The database could not be read."); return; }
    jsonw_arr_end(&w);
    jsonw_kint(&w, "count", c.n);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static int one_state(const struct store_state *s, void *ctx)
{
    state_fields(ctx, s);
    jsonw_kstr(ctx, "official_name", s->official_name);
    return 0;
}

static int name_item(const struct store_name *n, void *ctx)
{
    jsonw_kstr(ctx, n->lang, n->name);
    return 0;
}

static int org_ref(const struct store_org *o, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kstr(w, "code", o->code);
    jsonw_kstr(w, "name", o->name);
    jsonw_obj_end(w);
    return 0;
}

static int report_cycle(const struct store_cycle *c, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kint(w, "cycle", c->year);
    jsonw_kstr(w, "meeting", c->meeting);
    jsonw_key(w, "report");
    jsonw_null(w);
    jsonw_obj_end(w);
    return 0;
}

void api_state(struct app *app, struct http_request *req, struct http_response *res)
{
    char iso3[4];
    int st = web_state_code(app, req->args[0], iso3);
    if (st == 400) { web_error(req, res, 400, "A State is named by its three-letter ISO 3166 alpha-3 code, such as KEN."); return; }
    if (st == 404) { web_error(req, res, 404, "There is no UN Member or observer State with this code."); return; }
    if (st) { web_error(req, res, 500, "The database could not be read."); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    store_state_get(app->store, iso3, "en", one_state, &w);
    jsonw_key(&w, "names");
    jsonw_obj(&w);
    store_state_names_each(app->store, iso3, name_item, &w);
    jsonw_obj_end(&w);
    jsonw_key(&w, "organisations");
    jsonw_arr(&w);
    store_orgs_each(app->store, iso3, org_ref, &w);
    jsonw_arr_end(&w);
    jsonw_key(&w, "reports");
    jsonw_arr(&w);
    store_cycles_each(app->store, report_cycle, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static int region_item(const struct store_region *r, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kstr(w, "code", r->code);
    jsonw_kstr(w, "name", r->name);
    jsonw_kstr(w, "parent", r->parent);
    jsonw_kint(w, "level", r->level);
    jsonw_kint(w, "states", r->count);
    jsonw_obj_end(w);
    return 0;
}

void api_regions(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "regions");
    jsonw_arr(&w);
    store_regions_each(app->store, region_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static int group_item(const struct store_group *g, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kstr(w, "code", g->code);
    jsonw_kstr(w, "name", g->name);
    jsonw_kint(w, "states", g->count);
    jsonw_obj_end(w);
    return 0;
}

void api_groups(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "groups");
    jsonw_arr(&w);
    store_groups_each(app->store, group_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static int member_code(const char *iso3, const char *name, void *ctx)
{
    (void)name;
    jsonw_str(ctx, iso3);
    return 0;
}

struct org_ctx { struct jsonw *w; struct app *app; };

static int org_item(const struct store_org *o, void *ctx)
{
    struct org_ctx *c = ctx;
    jsonw_obj(c->w);
    jsonw_kstr(c->w, "code", o->code);
    jsonw_kstr(c->w, "name", o->name);
    jsonw_kstr(c->w, "kind", o->kind);
    jsonw_kstr(c->w, "url", o->url);
    jsonw_key(c->w, "members");
    jsonw_arr(c->w);
    store_org_members_each(c->app->store, o->code, member_code, c->w);
    jsonw_arr_end(c->w);
    jsonw_obj_end(c->w);
    return 0;
}

void api_organisations(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "organisations");
    jsonw_arr(&w);
    struct org_ctx c = { &w, app };
    store_orgs_each(app->store, NULL, org_item, &c);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_organisation(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *code = req->args[0];
    if (strlen(code) > 16) { web_error(req, res, 400, "An organisation is named by its short code, such as ECOWAS."); return; }
    struct buf tmp = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &tmp);
    struct org_ctx c = { &w, app };
    int rc = store_org_get(app->store, code, org_item, &c);
    if (rc != 0) {
        buf_cleanup(&tmp);
        web_error(req, res, rc == 1 ? 404 : 500, rc == 1 ? "There is no organisation with this code." : "The database could not be read.");
        return;
    }
    api_begin(res, 200);
    buf_append(&res->body, tmp.data, tmp.len);
    buf_putc(&res->body, '\n');
    buf_cleanup(&tmp);
}

static int cycle_item(const struct store_cycle *c, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kint(w, "year", c->year);
    jsonw_kstr(w, "status", c->status);
    jsonw_kstr(w, "opens", c->opens);
    jsonw_kstr(w, "deadline", c->deadline);
    jsonw_key(w, "meeting");
    if (c->meeting) {
        jsonw_obj(w);
        jsonw_kstr(w, "code", c->meeting);
        jsonw_kstr(w, "kind", c->kind);
        jsonw_kstr(w, "name", c->meeting_name);
        jsonw_kstr(w, "starts", c->starts);
        jsonw_kstr(w, "ends", c->ends);
        jsonw_obj_end(w);
    } else {
        jsonw_null(w);
    }
    jsonw_obj_end(w);
    return 0;
}

void api_cycles(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "cycles");
    jsonw_arr(&w);
    store_cycles_each(app->store, cycle_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static int doc_fields(const struct store_doc *d, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_kstr(w, "code", d->code);
    jsonw_kstr(w, "title", d->title);
    jsonw_kstr(w, "symbol", d->symbol);
    jsonw_kint(w, "year", d->year);
    return 0;
}

static int section_item(const struct store_section *s, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kstr(w, "number", s->num);
    jsonw_kstr(w, "title", s->title);
    jsonw_obj_end(w);
    return 0;
}

static int paragraph_item(const struct store_paragraph *p, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kstr(w, "address", p->address);
    jsonw_kstr(w, "section", p->section);
    jsonw_kint(w, "number", p->num);
    jsonw_kstr(w, "heading", p->heading);
    jsonw_kstr(w, "text", p->text);
    jsonw_obj_end(w);
    return 0;
}

void api_document_poa(struct app *app, struct http_request *req, struct http_response *res)
{
    struct buf head = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &head);
    jsonw_obj(&w);
    int rc = store_doc_get(app->store, "PoA", doc_fields, &w);
    if (rc != 0) {
        buf_cleanup(&head);
        web_error(req, res, rc == 1 ? 404 : 500, rc == 1 ? "The Programme of Action is not loaded." : "The database could not be read.");
        return;
    }
    api_begin(res, 200);
    buf_append(&res->body, head.data, head.len);
    buf_cleanup(&head);
    w.b = &res->body;
    jsonw_key(&w, "sections");
    jsonw_arr(&w);
    store_doc_sections_each(app->store, "PoA", section_item, &w);
    jsonw_arr_end(&w);
    jsonw_key(&w, "paragraphs");
    jsonw_arr(&w);
    store_doc_paragraphs_each(app->store, "PoA", paragraph_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

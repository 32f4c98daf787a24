/* reference: the JSON API for reference data — States, regions, groups, organisations, cycles, the PoA. */
#include <stdio.h>
#include <string.h>

#include "domain/state.h"
#include "util/jsonw.h"
#include "web/states.h"
#include "web/web.h"

static void area(struct jsonw *w, const char *key, const struct state_area *ar)
{
    jsonw_key(w, key);
    if (!ar->code) { jsonw_null(w); return; }
    jsonw_obj(w);
    jsonw_kstr(w, "code", ar->code);
    jsonw_kstr(w, "name", ar->name);
    jsonw_obj_end(w);
}

/* The list answers the same rows as /states.json (one table description, web/states.h). */
void api_states(struct app *app, struct http_request *req, struct http_response *res)
{
    struct state_filter f = { .region = web_q(req, "region")->s, .group = web_q(req, "group")->s,
                              .org = web_q(req, "org")->s, .q = web_q(req, "q")->s };
    struct state *v;
    size_t n;
    struct err e = ERR_NONE;
    if (state_list(app->store, &req->arena, &f, "en", &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct table t;
    states_table(&t, v, n);
    i18n_set_lang(lang);
    api_begin(res, 200);
    table_write_json(&t, "states", &res->body);
    table_cleanup(&t);
}

void api_state(struct app *app, struct http_request *req, struct http_response *res)
{
    struct state_profile p;
    struct err e = ERR_NONE;
    if (state_profile_get(app->store, &req->arena, req->who, web_arg(req, 0)->s, "en", &p, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    /* The API speaks English whatever the interface language (the rows' labels and status texts). */
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct table t;
    state_reports_table(&t, &p);
    i18n_set_lang(lang);
    struct buf rows = BUF_INIT;
    table_write_json(&t, NULL, &rows);
    table_cleanup(&t);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "iso3", p.st.iso3);
    jsonw_kstr(&w, "iso2", p.st.iso2);
    jsonw_kstr(&w, "m49", p.st.m49);
    jsonw_kstr(&w, "name", p.st.name);
    jsonw_kstr(&w, "status", p.st.observer ? "observer" : "member");
    area(&w, "region", &p.st.region);
    area(&w, "subregion", &p.st.subregion);
    area(&w, "intermediate_region", &p.st.intermediate);
    area(&w, "group", &p.st.group);
    jsonw_kstr(&w, "official_name", p.st.official_name);
    jsonw_key(&w, "names");
    jsonw_obj(&w);
    for (size_t i = 0; i < p.nnames; i++) jsonw_kstr(&w, p.names[i].lang, p.names[i].name);
    jsonw_obj_end(&w);
    jsonw_key(&w, "organisations");
    jsonw_arr(&w);
    for (size_t i = 0; i < p.norgs; i++) {
        jsonw_obj(&w);
        jsonw_kstr(&w, "code", p.orgs[i].code);
        jsonw_kstr(&w, "name", p.orgs[i].name);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "reports");
    /* The rows of /states/{ISO3}.json, already escaped JSON. */
    while (rows.len && rows.data[rows.len - 1] == '\n') rows.len--;
    jsonw_raw(&w, rows.data, rows.len);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    buf_cleanup(&rows);
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
    store_regions_each(app->store, NULL, region_item, &w);
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
    store_groups_each(app->store, NULL, group_item, &w);
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
    store_org_members_each(c->app->store, o->code, NULL, member_code, c->w);
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
    store_orgs_each(app->store, NULL, NULL, org_item, &c);
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
    int rc = store_org_get(app->store, code, NULL, org_item, &c);
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

/* reference: the JSON API for reference data — States, regions, groups, organisations, cycles, the PoA. */
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/state.h"
#include "util/jsonw.h"
#include "web/reference.h"
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

/* {"<key>": [{"code", "name", "parent"?, "level"?, "states"}]}: parent and level for regions (tree), not groups. */
static void items_json(struct http_response *res, const char *key, const struct ref_item *v, size_t n, bool tree)
{
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, key);
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj(&w);
        jsonw_kstr(&w, "code", v[i].code);
        jsonw_kstr(&w, "name", v[i].name);
        if (tree) {
            jsonw_kstr(&w, "parent", v[i].parent);
            jsonw_kint(&w, "level", v[i].level);
        }
        jsonw_kint(&w, "states", v[i].count);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_regions(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_item *v;
    size_t n;
    struct err e = ERR_NONE;
    if (ref_regions(app->store, &req->arena, NULL, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    items_json(res, "regions", v, n, true);
}

void api_groups(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_item *v;
    size_t n;
    struct err e = ERR_NONE;
    if (ref_groups(app->store, &req->arena, NULL, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    items_json(res, "groups", v, n, false);
}

/* The list answers the same rows as /organisations.json (one table description, web/reference.h), in English. */
void api_organisations(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_org *v;
    size_t n;
    struct err e = ERR_NONE;
    if (ref_orgs(app->store, &req->arena, NULL, NULL, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct table t;
    orgs_table(&t, v, n);
    i18n_set_lang(lang);
    api_begin(res, 200);
    table_write_json(&t, "organisations", &res->body);
    table_cleanup(&t);
}

/*
 * One organisation: the fields of its row in the list, and its member States as "states", the
 * rows of /organisations/{code}.json (in English).
 */
void api_organisation(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_org o;
    struct ref_member *m;
    size_t nm;
    struct err e = ERR_NONE;
    if (ref_org_get(app->store, &req->arena, req->args[0], NULL, &o, &e) < 0 ||
        ref_org_members(app->store, &req->arena, o.code, NULL, &m, &nm, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct table t;
    org_members_table(&t, m, nm);
    i18n_set_lang(lang);
    struct buf rows = BUF_INIT;
    table_write_json(&t, NULL, &rows);
    table_cleanup(&t);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "code", o.code);
    jsonw_kstr(&w, "name", o.name);
    jsonw_kstr(&w, "kind", o.kind);
    jsonw_kint(&w, "members", o.members);
    jsonw_kstr(&w, "url", o.url);
    jsonw_key(&w, "states");
    while (rows.len && rows.data[rows.len - 1] == '\n') rows.len--;
    jsonw_raw(&w, rows.data, rows.len);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    buf_cleanup(&rows);
}

void api_document_poa(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_doc d;
    struct err e = ERR_NONE;
    if (ref_doc_get(app->store, &req->arena, "PoA", &d, &e) < 0) { web_fail(req, res, &e); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "code", d.code);
    jsonw_kstr(&w, "title", d.title);
    jsonw_kstr(&w, "symbol", d.symbol);
    jsonw_kint(&w, "year", d.year);
    jsonw_key(&w, "sections");
    jsonw_arr(&w);
    for (size_t i = 0; i < d.nsections; i++) {
        jsonw_obj(&w);
        jsonw_kstr(&w, "number", d.sections[i].num);
        jsonw_kstr(&w, "title", d.sections[i].title);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "paragraphs");
    jsonw_arr(&w);
    for (size_t i = 0; i < d.nparagraphs; i++) {
        const struct ref_doc_paragraph *p = &d.paragraphs[i];
        jsonw_obj(&w);
        jsonw_kstr(&w, "address", p->address);
        jsonw_kstr(&w, "section", p->section);
        jsonw_kint(&w, "number", p->num);
        jsonw_kstr(&w, "heading", p->heading);
        jsonw_kstr(&w, "text", p->text);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

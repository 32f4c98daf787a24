/* setup: see setup.h. */
#include "domain/setup.h"

#include <stdio.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/poa_parse.h"
#include "util/buf.h"
#include "util/embed.h"

static int load_poa(struct store *s, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find("poa.txt");
    if (!f) { snprintf(err, errlen, "the PoA text is not built in"); return -1; }
    struct poa_doc doc;
    char perr[256];
    if (poa_parse((const char *)f->data, f->len, &doc, perr, sizeof perr) < 0) {
        snprintf(err, errlen, "parsing the PoA: %s", perr);
        return -1;
    }
    int rc = store_doc_add(s, "PoA", doc.title ? doc.title : "Programme of Action", doc.symbol, 2001);
    for (size_t i = 0; rc == 0 && i < doc.nsections; i++)
        rc = store_doc_section_add(s, "PoA", doc.sections[i].num, doc.sections[i].title, (int)i + 1);
    for (size_t i = 0; rc == 0 && i < doc.nparas; i++) {
        const struct poa_paragraph *p = &doc.paras[i];
        char addr[32];
        poa_paragraph_address(&doc, p, addr, sizeof addr);
        rc = store_doc_paragraph_add(s, "PoA", doc.sections[p->section].num, p->num, addr, p->heading, p->text, (int)i + 1);
    }
    poa_doc_cleanup(&doc);
    if (rc < 0) snprintf(err, errlen, "storing the PoA failed");
    return rc;
}

/*
 * A database initialised before migration 0007 has the reference data but no names in the
 * other languages: take the ref_name rows of the built-in reference data (its lines that
 * insert into ref_name), in one transaction.  0, or -1 with err.
 */
static int fill_names(struct store *s, const struct embed_file *ref, char *err, size_t errlen)
{
    int n = store_ref_names_count(s);
    if (n < 0) { snprintf(err, errlen, "reading the names of the reference data failed"); return -1; }
    if (n > 0) return 0;
    static const char PREFIX[] = "INSERT INTO ref_name(";
    struct buf sql = BUF_INIT;
    const char *p = (const char *)ref->data, *end = p + ref->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        if (len > sizeof PREFIX - 1 && memcmp(p, PREFIX, sizeof PREFIX - 1) == 0) buf_append(&sql, p, len);
        p += len;
    }
    int rc = -1;
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "the database is busy"); goto fail; }
    if (store_ref_load_sql(s, buf_cstr(&sql)) < 0) {
        store_tx_rollback(s);
        snprintf(err, errlen, "loading the names of the reference data failed");
        goto fail;
    }
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto fail; }
    rc = 0;
fail:
    buf_cleanup(&sql);
    return rc;
}

int setup_init(struct store *s, char *err, size_t errlen)
{
    const struct embed_file *ref = embed_find("refdata.sql");
    if (!ref) { snprintf(err, errlen, "the reference data is not built in"); return -1; }
    if (store_is_initialised(s)) return fill_names(s, ref, err, errlen) < 0 ? -1 : 1;
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "the database is busy"); return -1; }
    if (store_ref_load_sql(s, (const char *)ref->data) < 0) {
        store_tx_rollback(s);
        snprintf(err, errlen, "loading the reference data failed");
        return -1;
    }
    if (load_poa(s, err, errlen) < 0) { store_tx_rollback(s); return -1; }
    store_audit_add(s, 0, "cli", "init", NULL, NULL);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); return -1; }
    return 0;
}

const struct setup_demo_account SETUP_DEMO_ACCOUNTS[] = {
    { "admin", "Demo administrator", "admin", NULL, NULL },
    { "unoda", "Demo Secretariat officer", "secretariat", NULL, NULL },
    { "kenya", "Demo focal point, Kenya", "focal_point", "KEN", NULL },
    { "france", "Demo focal point, France", "focal_point", "FRA", NULL },
    { "peru", "Demo focal point, Peru", "focal_point", "PER", NULL },
    { "donor", "Demo partner (donor)", "partner", NULL, "Demo donor agency" },
    { NULL, NULL, NULL, NULL, NULL },
};

static int exists_cb(const struct store_user *u, void *ctx)
{
    (void)u;
    *(int *)ctx = 1;
    return 0;
}

static int report_count_cb(const struct store_report *r, void *ctx)
{
    (void)r;
    (*(int *)ctx)++;
    return 1;   /* one is enough */
}

int setup_demo(struct store *s, FILE *out, char *err, size_t errlen)
{
    return setup_demo_scaled(s, 1, out, err, errlen);
}

int setup_demo_scaled(struct store *s, int scale, FILE *out, char *err, size_t errlen)
{
    if (setup_init(s, err, errlen) < 0) return -1;
    fprintf(out, "Demo accounts (username / password / role):\n");
    for (const struct setup_demo_account *a = SETUP_DEMO_ACCOUNTS; a->username; a++) {
        char password[64];
        snprintf(password, sizeof password, "%s-demo-2026", a->username);
        int exists = 0;
        store_user_by_name(s, a->username, exists_cb, &exists);
        if (!exists) {
            struct auth_user_new u = { a->username, a->name, NULL, a->role, a->state, a->org };
            if (auth_user_add(s, &u, password, "cli", 0, err, errlen) < 0) return -1;
        }
        fprintf(out, "  %-8s %-20s %s%s%s\n", a->username, password, a->role, a->state ? " " : "", a->state ? a->state : "");
    }
    int count = 0;
    if (store_reports_each(s, NULL, 0, NULL, false, report_count_cb, &count) < 0) {
        snprintf(err, errlen, "reading the reports failed");
        return -1;
    }
    if (count == 0) {
        fprintf(out, "Synthetic reports (demo content, marked as such):\n");
        if (demo_reports_scaled(s, 2026, scale, out, err, errlen) < 0) return -1;
    }
    return 0;
}

/* setup: see setup.h. */
#include "domain/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/auth.h"
#include "domain/cycle.h"
#include "domain/demo.h"
#include "domain/poa_parse.h"
#include "domain/template.h"
#include "util/arena.h"
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

/* The highest number n of a meeting code prefix<n> among the cycles (BMS9 -> 9). */
static int meeting_number(const struct cycle *v, size_t n, const char *prefix)
{
    int best = 0;
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < n; i++)
        if (v[i].meeting && strncmp(v[i].meeting, prefix, pl) == 0 && atoi(v[i].meeting + pl) > best) best = atoi(v[i].meeting + pl);
    return best;
}

/* The day (YYYY-MM-DD) of the first Monday of June in year y, plus add days. */
static void june_monday(int y, int add, char out[11])
{
    char first[24];
    snprintf(first, sizeof first, "%04d-06-01", y);
    long d = cycle_date_days(first);
    d += (7 - (d + 3) % 7) % 7 + add;          /* day 0 (1970-01-01) was a Thursday: (d + 3) % 7 is 0 on Mondays */
    time_t t = (time_t)d * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * The demo works in the cycle that follows the last meeting held: when no later cycle exists,
 * open it as the Secretariat would (opening today, reports due 31 March of its year, its
 * meeting in June: the next RevCon when the reference data has it for that year, else the
 * next BMS; the meeting's dates are the demo's, not the UN's).  On 2026-12-06: 2028, BMS10.
 */
static int open_next_cycle(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    struct cycle *v;
    size_t n;
    struct err e = ERR_NONE;
    int rc = 0;
    if (cycle_list(s, &a, &v, &n, &e) < 0) { snprintf(err, errlen, "reading the cycles failed"); rc = -1; goto done; }
    const struct cycle *last = cycle_last_closed(v, n);
    if (!last) goto done;
    for (size_t i = 0; i < n; i++)
        if (v[i].year > last->year && v[i].year < TEMPLATE_BENCH_FIRST) goto done;   /* already there */
    int year = last->year + 2;
    char today[11], deadline[24], starts[11], ends[11], ybuf[16], code[24], name[160];
    cycle_today(today);
    snprintf(deadline, sizeof deadline, "%04d-03-31", year);
    if (strcmp(today, deadline) >= 0) goto done;  /* too late in the year for a plausible cycle */
    june_monday(year, 0, starts);
    june_monday(year, 4, ends);
    snprintf(ybuf, sizeof ybuf, "%d", year);
    snprintf(code, sizeof code, "RevCon%d", meeting_number(v, n, "RevCon") + 1);
    struct store_meeting m;
    bool revcon = store_meeting_read(s, &a, code, &m) == 0 && m.year == year && !m.cycle;
    static const char *const ORD[] = { "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
                                       "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth" };
    if (!revcon) {
        int k = meeting_number(v, n, "BMS") + 1;
        snprintf(code, sizeof code, "BMS%d", k);
        if (k <= 15) snprintf(name, sizeof name, "%s Biennial Meeting of States (BMS%d)", ORD[k - 1], k);
        else snprintf(name, sizeof name, "Biennial Meeting of States (BMS%d)", k);
    }
    struct principal sec;
    auth_public(&sec);
    sec.role = ROLE_SECRETARIAT;     /* the CLI acts for the Secretariat; the audit log says "cli" */
    struct cycle_new in = { ybuf, code, revcon ? NULL : name, starts, ends, today, deadline };
    struct cycle_problems pb;
    struct cycle c;
    if (cycle_open(s, &a, &sec, &in, true, &c, &pb, &e) < 0) {
        const char *why = e.msg ? e.msg : "";
        for (int f = 0; f < CYCLE_NFIELDS; f++)
            if (pb.msg[f]) { why = pb.msg[f]; break; }
        snprintf(err, errlen, "opening the %d cycle failed: %s", year, why);
        rc = -1;
        goto done;
    }
    fprintf(out, "Opened the %d reporting cycle: reports due %s, %s %s to %s (the template of %d).\n", c.year, c.deadline,
            c.meeting, c.starts, c.ends, c.template_year);
done:
    arena_cleanup(&a);
    return rc;
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
    return open_next_cycle(s, out, err, errlen);
}

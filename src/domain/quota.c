/* quota: see quota.h. */
#include "domain/quota.h"

#include <stdio.h>

#include "store/store.h"
#include "util/i18n.h"

static long long report_quota = QUOTA_REPORT_DEFAULT, account_quota = QUOTA_ACCOUNT_DEFAULT;
static time_t last_collect;   /* the serve sweep's last collection (the worker thread only) */

void quota_set(long long report_bytes, long long account_bytes)
{
    report_quota = report_bytes > 0 ? report_bytes : QUOTA_REPORT_DEFAULT;
    account_quota = account_bytes > 0 ? account_bytes : QUOTA_ACCOUNT_DEFAULT;
}

long long quota_report_bytes(void) { return report_quota; }
long long quota_account_bytes(void) { return account_quota; }

/* "50 MB", "1.5 MB", "800 KB", "2.5 KB": decimal units, as the attachment size limits are given. */
static void size_text(char *out, size_t n, long long bytes)
{
    if (bytes >= 1000 * 1000) {
        if (bytes % (1000 * 1000) == 0) snprintf(out, n, "%lld MB", bytes / (1000 * 1000));
        else snprintf(out, n, "%.1f MB", (double)bytes / 1e6);
    } else if (bytes % 1000 == 0) {
        snprintf(out, n, "%lld KB", bytes / 1000);
    } else {
        snprintf(out, n, "%.1f KB", (double)bytes / 1e3);
    }
}

int quota_check(struct store *s, long long report_id, long long user_id, const char *sha256, long long bytes,
                char *argbuf, size_t argbuf_len, struct err *e)
{
    long long in_report = 0, in_account = 0;
    if (store_upload_usage(s, report_id, user_id, sha256, &in_report, &in_account) < 0)
        return err_set(e, ERR_STORE, N_("The file could not be stored."), NULL);
    if (report_id > 0 && in_report + bytes > report_quota) {
        size_text(argbuf, argbuf_len, report_quota);
        return err_set(e, ERR_TOO_LARGE,
                       N_("This file would take the report's files past %s, the most one report may hold: remove files "
                          "the report no longer needs (they are deleted within a day) or send a smaller file."),
                       argbuf);
    }
    if (user_id > 0 && in_account + bytes > account_quota) {
        size_text(argbuf, argbuf_len, account_quota);
        return err_set(e, ERR_TOO_LARGE,
                       N_("This file would take the files you have uploaded past %s, the most one account may hold: "
                          "remove files no longer needed (they are deleted within a day) or ask the Secretariat."),
                       argbuf);
    }
    return 0;
}

int quota_collect(struct store *s, time_t now, long grace_s, struct quota_collected *r)
{
    char before[32];
    time_t t = now - (grace_s > 0 ? grace_s : 0);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct store_collected c = { 0 };
    *r = (struct quota_collected){ 0 };
    if (store_tx_begin(s) < 0) return -1;
    if (store_attachment_collect(s, before, &c) < 0) { store_tx_rollback(s); return -1; }
    if (store_tx_commit(s) < 0) return -1;
    *r = (struct quota_collected){ c.links, c.files, c.bytes };
    return 0;
}

void quota_collect_due(struct store *s, time_t now)
{
    if (last_collect && now - last_collect < 3600) return;
    last_collect = now;
    struct quota_collected r;
    if (quota_collect(s, now, QUOTA_GRACE_DEFAULT, &r) < 0)
        fprintf(stderr, "poaiss: removing unreferenced files failed (see above); the sweep tries again in an hour\n");
    else if (r.files || r.links)
        fprintf(stderr, "poaiss: removed %lld unreferenced file(s) (%lld bytes) and %lld unreferenced link(s)\n", r.files,
                r.bytes, r.links);
}

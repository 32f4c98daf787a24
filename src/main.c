/*
 * main: the command line.  Each command parses its own options, opens the store,
 * calls the domain, and reports in one line what happened or what was wrong.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/cycle.h"
#include "domain/demo.h"
#include "domain/assistance.h"
#include "domain/auth.h"
#include "domain/bulk.h"
#include "domain/notify.h"
#include "domain/notify_send.h"
#include "domain/quota.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "http/client_addr.h"
#include "http/http.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "web/trends_pdf.h"
#include "web/web.h"

#define VERSION "0.1.0"

struct opt { const char *name; const char **value; bool *flag; };

/* Parse --name VALUE / --name=VALUE / --flag.  -1 with a message on an unknown or incomplete option. */
static int parse_opts(int argc, char **argv, const struct opt *opts, const char *cmd)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) { fprintf(stderr, "poaiss %s: unexpected argument '%s' (see --help)\n", cmd, a); return -1; }
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        const struct opt *o = NULL;
        for (const struct opt *p = opts; p->name; p++)
            if (strlen(p->name) == n && strncmp(p->name, a + 2, n) == 0) o = p;
        if (!o) { fprintf(stderr, "poaiss %s: unknown option '%s' (see --help)\n", cmd, a); return -1; }
        if (o->flag) { *o->flag = true; continue; }
        if (eq) *o->value = eq + 1;
        else if (i + 1 < argc) *o->value = argv[++i];
        else { fprintf(stderr, "poaiss %s: --%s needs a value\n", cmd, o->name); return -1; }
    }
    return 0;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
    return false;
}

static struct store *open_store(const char *db, bool create, const char *cmd)
{
    if (!db) { fprintf(stderr, "poaiss %s: --db PATH is required\n", cmd); return NULL; }
    char err[512];
    struct store *s = store_open(db, create, err, sizeof err);
    if (!s) fprintf(stderr, "poaiss %s: %s\n", cmd, err);
    /* Cycles opened without a template file of their own answer an earlier cycle's: tell
       template_get() before any thread starts (errors show again where they matter). */
    struct err e = ERR_NONE;
    if (s && store_is_initialised(s) && template_init(err, sizeof err) == 0) cycle_templates_load(s, &e);
    return s;
}

static const char USAGE[] =
    "poaiss " VERSION " — Programme of Action Implementation Support System\n\n"
    "usage: poaiss COMMAND [OPTIONS]\n\n"
    "commands:\n"
    "  init          create a database with the reference data\n"
    "  demo          init, plus demo accounts (printed)\n"
    "  serve         serve the web site and the API\n"
    "  user add      add an account (password read from standard input)\n"
    "  user disable  disable an account (and 'user enable')\n"
    "  token create  create an API bearer token (printed once)\n"
    "  token list    list API tokens; 'token revoke' revokes one\n"
    "  backup        copy the database, in use, to a new file (one consistent snapshot)\n"
    "  check         check a database: integrity, foreign keys, schema\n"
    "  gc            remove uploaded files nothing refers to any more\n"
    "  import        import reports from JSON Lines (all or nothing)\n"
    "  export        write published reports as JSON Lines\n"
    "  reindex       rebuild the full-text index and the requests and offers from the reports\n"
    "  notify-sweep  put the time-based notifications (a stage overdue, a report due) in the outbox\n"
    "  version       print the version\n\n"
    "Run 'poaiss COMMAND --help' for a command's options.\n";

static int cmd_init(int argc, char **argv, bool demo)
{
    const char *cmd = demo ? "demo" : "init";
    if (wants_help(argc, argv)) {
        printf(demo ? "usage: poaiss demo --db PATH [--scale N]\n\nCreate (or complete) a database with the reference data and the demo\n"
                      "accounts, and print the accounts and their passwords.  A new database also gets\n"
                      "about 920 synthetic reports (2010-2026).  Never for production.\n\n"
                      "  --scale N  N times as many synthetic reports (1-1000, default 1): the extra ones go\n"
                      "             into benchmark cycles 2100, 2102, ... (for search and import benchmarks)\n"
                    : "usage: poaiss init --db PATH\n\nCreate a database with the reference data: 193 Member States and 2 observer\n"
                      "States, M49 regions, UN regional groups, regional organisations, reporting\n"
                      "cycles and meetings, and the Programme of Action.  Safe to run twice.\n");
        return 0;
    }
    const char *db = NULL, *scale_s = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "scale", demo ? &scale_s : NULL, NULL }, { NULL, NULL, NULL } };
    if (!demo) opts[1].name = NULL;
    if (parse_opts(argc, argv, opts, cmd) < 0) return 2;
    int scale = 1;
    if (scale_s) {
        char *end;
        long v = strtol(scale_s, &end, 10);
        if (*end || end == scale_s || v < 1 || v > 1000) { fprintf(stderr, "poaiss demo: --scale takes a whole number from 1 to 1000\n"); return 2; }
        scale = (int)v;
    }
    struct store *s = open_store(db, true, cmd);
    if (!s) return 1;
    char err[512];
    int rc = demo ? setup_demo_scaled(s, scale, stdout, err, sizeof err) : setup_init(s, err, sizeof err);
    if (rc >= 0 && demo && assist_sync_all(s) < 0) {
        snprintf(err, sizeof err, "the requests and offers of the published reports could not be made");
        rc = -1;
    }
    if (rc == 0 && demo && demo_assistance(s, stdout, err, sizeof err) < 0) rc = -1;   /* a new demo database only */
    if (rc == 0 && demo && demo_procedure(s, stdout, err, sizeof err) < 0) rc = -1;     /* proc: after the assistance demo */
    if (rc == 0 && demo && demo_baseline(s, stdout, err, sizeof err) < 0) rc = -1;
    if (rc == 0 && demo && demo_notifications(s, stdout, err, sizeof err) < 0) rc = -1;
    if (rc == 0 && demo && demo_projects(s, stdout, err, sizeof err) < 0) rc = -1;      /* after the assistance demo */
    if (rc == 0 && demo && demo_targets(s, stdout, err, sizeof err) < 0) rc = -1;      /* voluntary targets (issue 12) */
    if (rc < 0) fprintf(stderr, "poaiss %s: %s\n", cmd, err);
    else if (!demo) printf(rc == 1 ? "%s already holds the reference data\n" : "%s: initialised\n", db);
    else printf("%s: demo database ready\n", db);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

/* On each worker thread of the server, before its first request (http_server_config.worker_start). */
static void serve_worker_start(void *store)
{
    store_search_warm(store);
}

static int cmd_serve(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss serve --db PATH [--listen ADDR:PORT] [--threads N] [--access-log FILE]\n"
               "                    [--max-body BYTES] [--timeout SECONDS] [--header-timeout SECONDS] [--secure-cookies]\n"
               "                    [--sendmail PATH [--mail-from ADDRESS] [--base-url URL]] [--sweep-seconds N]\n"
               "                    [--trust-proxy ADDRS] [--quota-report BYTES] [--quota-account BYTES]\n"
               "                    [--query-budget-ms MS]\n\n"
               "  --listen         address and port (default 127.0.0.1:8080; port 0 picks a free one)\n"
               "  --threads        worker threads (default: one per core)\n"
               "  --access-log     one line per request to FILE ('-' for standard error; default none)\n"
               "  --max-body       largest request body accepted (default 1048576)\n"
               "  --timeout        idle connection timeout in seconds (default 30)\n"
               "  --header-timeout seconds a request's headers may take, from the connection's start or\n"
               "                   the previous answer, however slowly they trickle (default 10)\n"
               "  --secure-cookies mark cookies Secure (when served behind TLS)\n"
               "  --sendmail       e-mail notifications through this sendmail program ('PATH -t -oi');\n"
               "                   without it nothing is e-mailed (messages still show on the site)\n"
               "  --mail-from      the From address of those e-mails (default poaiss@localhost)\n"
               "  --base-url       the site's address for the links in e-mails (default http://LISTEN)\n"
               "  --sweep-seconds  look for time-based notifications every N seconds (default 300; 0: never)\n"
               "  --trust-proxy    comma-separated addresses (or ADDR/PREFIX) of reverse proxies whose X-Real-IP\n"
               "                   and X-Forwarded-For give the client's address (default none: the peer's)\n"
               "  --quota-report   bytes of uploaded files one report may hold (default 50000000)\n"
               "  --quota-account  bytes of uploaded files one account may hold (default 200000000)\n"
               "  --query-budget-ms  a search's or an analysis's queries stop after this many milliseconds of\n"
               "                   processor time (default 2000; decimals allowed; off: no limit): 503\n\n"
               "At start and with every sweep (at most hourly), files nothing refers to any more are removed\n"
               "after a day (see 'poaiss gc --help').\n"
               "SIGTERM or SIGINT: stop accepting, let requests in flight finish, close the database.\n");
        return 0;
    }
    const char *db = NULL, *listen = "127.0.0.1:8080", *threads = NULL, *log = NULL, *max_body = NULL, *timeout = NULL;
    const char *header_timeout = NULL;
    const char *sendmail = NULL, *mail_from = "poaiss@localhost", *base_url = NULL, *sweep = "300", *trust_proxy = NULL;
    const char *quota_report = NULL, *quota_account = NULL, *budget = "2000";
    bool secure = false;
    struct opt opts[] = {
        { "db", &db, NULL }, { "listen", &listen, NULL }, { "threads", &threads, NULL }, { "access-log", &log, NULL },
        { "max-body", &max_body, NULL }, { "timeout", &timeout, NULL }, { "header-timeout", &header_timeout, NULL },
        { "secure-cookies", NULL, &secure },
        { "sendmail", &sendmail, NULL }, { "mail-from", &mail_from, NULL }, { "base-url", &base_url, NULL },
        { "sweep-seconds", &sweep, NULL }, { "trust-proxy", &trust_proxy, NULL },
        { "quota-report", &quota_report, NULL }, { "quota-account", &quota_account, NULL },
        { "query-budget-ms", &budget, NULL }, { NULL, NULL, NULL },
    };
    if (parse_opts(argc, argv, opts, "serve") < 0) return 2;
    char *end = NULL;
    long sweep_s = strtol(sweep, &end, 10);
    if (!*sweep || *end || sweep_s < 0 || sweep_s > 86400) {
        fprintf(stderr, "poaiss serve: --sweep-seconds takes a number of seconds from 0 (never) to 86400\n");
        return 2;
    }
    double budget_ms = strcmp(budget, "off") == 0 ? 0 : strtod(budget, &end);
    if (strcmp(budget, "off") != 0 && (!*budget || *end || !(budget_ms > 0 && budget_ms <= 600000))) {
        fprintf(stderr, "poaiss serve: --query-budget-ms takes milliseconds above 0, at most 600000, or off\n");
        return 2;
    }
    char base[512];   /* without --base-url: the address served, once its port is known (below) */
    snprintf(base, sizeof base, "%s", base_url ? base_url : "http://localhost");
    for (size_t n = strlen(base); n > 0 && base[n - 1] == '/'; n--) base[n - 1] = '\0';
    struct notify_mailer mailer = { .sendmail = sendmail, .from = mail_from, .base_url = base };
    if (sendmail) {
        char merr[300];
        if (notify_mailer_check(&mailer, merr, sizeof merr) < 0) { fprintf(stderr, "poaiss serve: %s\n", merr); return 2; }
    }
    long long qr = quota_report ? strtoll(quota_report, &end, 10) : QUOTA_REPORT_DEFAULT;
    if (quota_report && (!*quota_report || *end || qr < 1)) { fprintf(stderr, "poaiss serve: --quota-report takes a number of bytes, at least 1\n"); return 2; }
    long long qa = quota_account ? strtoll(quota_account, &end, 10) : QUOTA_ACCOUNT_DEFAULT;
    if (quota_account && (!*quota_account || *end || qa < 1)) { fprintf(stderr, "poaiss serve: --quota-account takes a number of bytes, at least 1\n"); return 2; }
    quota_set(qr, qa);
    struct http_trust trust = { 0 };
    if (trust_proxy) {
        char terr[160];
        if (http_trust_parse(&trust, trust_proxy, terr, sizeof terr) < 0) { fprintf(stderr, "poaiss serve: --trust-proxy: %s\n", terr); return 2; }
    }
    struct http_server_config cfg = { .listen = listen, .trust = &trust };
    if (threads) cfg.threads = (unsigned)strtoul(threads, NULL, 10);
    if (max_body) cfg.max_body = strtoull(max_body, NULL, 10);
    if (timeout) cfg.timeout_s = (unsigned)strtoul(timeout, NULL, 10);
    if (header_timeout) cfg.header_timeout_s = (unsigned)strtoul(header_timeout, NULL, 10);
    if ((threads && (cfg.threads < 1 || cfg.threads > 256)) || (max_body && cfg.max_body < 1024) ||
        (timeout && (cfg.timeout_s < 1 || cfg.timeout_s > 3600)) ||
        (header_timeout && (cfg.header_timeout_s < 1 || cfg.header_timeout_s > 3600))) {
        fprintf(stderr, "poaiss serve: --threads 1-256, --max-body at least 1024, --timeout 1-3600, --header-timeout 1-3600\n");
        return 2;
    }
    FILE *logf = NULL;
    if (log) {
        logf = strcmp(log, "-") == 0 ? stderr : fopen(log, "a");
        if (!logf) { fprintf(stderr, "poaiss serve: cannot open %s: %s\n", log, strerror(errno)); return 1; }
        setvbuf(logf, NULL, _IOLBF, 0);
        cfg.access_log = logf;
    }
    struct store *s = open_store(db, false, "serve");
    if (!s) return 1;
    if (!store_is_initialised(s)) {
        fprintf(stderr, "poaiss serve: %s has no reference data: run 'poaiss init --db %s' first\n", db, db);
        store_close(s);
        return 1;
    }
    char terr[256];
    if (template_init(terr, sizeof terr) < 0) {
        fprintf(stderr, "poaiss serve: reporting templates: %s\n", terr);
        store_close(s);
        return 1;
    }
    /* Block the stop signals in every thread, before the first is started (the term index's builder below:
       a SIGTERM the kernel gave to a thread without the mask ended the process at once); this one waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    /* The map of published reports every search counts with, built before the first request (0.05 s at 40,000 reports). */
    if (store_search_warm(s) < 0) fprintf(stderr, "poaiss serve: could not build the search map now (see the error above); the first search will try again\n");
    /* The search's terms in memory, built in the background (3 s of one core at 40,000 reports): searches read FTS5 until then. */
    if (store_search_terms_start(s, false) < 0) fprintf(stderr, "poaiss serve: could not start the search term index; searches read the full-text index\n");
    struct app app = { .store = s, .secure_cookies = secure, .query_budget_us = (long long)(budget_ms * 1000 + 0.5) };
    if (budget_ms > 0 && app.query_budget_us < 1) app.query_budget_us = 1;
    app_set(&app);
    /* File uploads may be as large as the largest file a template accepts, plus the rest of the form. */
    long long max_file = template_max_file_bytes();
    if (max_file > 0) {
        cfg.max_upload = (size_t)max_file + 1024 * 1024;
        cfg.upload_ok = app_upload_ok;
    }
    signal(SIGPIPE, SIG_IGN);
    char err[256];
    cfg.worker_start = serve_worker_start;   /* searches run on the workers: their connections ready before the first */
    cfg.worker_arg = s;
    struct http_server *srv = http_server_start(&cfg, app_dispatch, err, sizeof err);
    if (!srv) { fprintf(stderr, "poaiss serve: %s\n", err); store_close(s); return 1; }
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
    if (!base_url) snprintf(base, sizeof base, "http://%s:%u", host[0] && strcmp(host, "*") ? host : "localhost", http_server_port(srv));
    quota_collect_due(s, time(NULL));   /* unreferenced files (domain/quota.h); the sweep repeats it hourly */
    /* Messages left 'sending' by a server that stopped during a hand-off (notify_send.h); then the worker. */
    int lost = notify_mail_recover(s);
    if (lost > 0) fprintf(stderr, "poaiss: %d notification e-mail(s) were being handed to sendmail when the server stopped: marked failed, not sent again\n", lost);
    notify_mail_enable(sendmail != NULL);
    struct notify_worker *worker = notify_worker_start(s, sendmail ? &mailer : NULL, (int)sweep_s, 2);
    if (!worker) fprintf(stderr, "poaiss serve: the notification worker could not start: no e-mail, no sweeps\n");
    printf("poaiss: serving %s on http://%s:%u/\n", db, host[0] && strcmp(host, "*") ? host : "0.0.0.0", http_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "poaiss: %s received, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    http_server_stop(srv, 10);
    notify_worker_stop(worker);
    trends_pdf_shutdown();   /* fontconfig's and pango's caches, for leak checkers */
    store_close(s);
    if (logf && logf != stderr) fclose(logf);
    fprintf(stderr, "poaiss: stopped cleanly\n");
    return 0;
}

/* Read a password from standard input: the first line, without its newline. */
static char *read_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    if (isatty(STDIN_FILENO)) fprintf(stderr, "Password (input shown; better piped in): ");
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) { free(line); return NULL; }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    return line;
}

static int user_add(int argc, char **argv)
{
    const char *db = NULL;
    struct auth_user_new u = { 0 };
    struct opt opts[] = {
        { "db", &db, NULL }, { "username", &u.username, NULL }, { "role", &u.role, NULL }, { "name", &u.name, NULL },
        { "email", &u.email, NULL }, { "state", &u.state_iso3, NULL }, { "org", &u.org, NULL }, { NULL, NULL, NULL },
    };
    if (parse_opts(argc - 1, argv + 1, opts, "user add") < 0) return 2;
    struct store *s = open_store(db, false, "user add");
    if (!s) return 1;
    char *password = read_password();
    char err[256];
    long long id = password ? auth_user_add(s, &u, password, "cli", 0, err, sizeof err) : -1;
    if (!password) snprintf(err, sizeof err, "no password on standard input");
    if (password) memset(password, 0, strlen(password));
    free(password);
    if (id < 0) fprintf(stderr, "poaiss user add: %s\n", err);
    else printf("added user %s (id %lld, %s)\n", u.username, id, u.role);
    store_close(s);
    return id < 0 ? 1 : 0;
}

/* user disable / user enable --username U: audited as "cli"; disabling ends the account's sessions. */
static int user_disable(int argc, char **argv, bool disable)
{
    const char *cmd = disable ? "user disable" : "user enable";
    const char *db = NULL, *username = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "username", &username, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc - 1, argv + 1, opts, cmd) < 0) return 2;
    if (!username) { fprintf(stderr, "poaiss %s: --username is required\n", cmd); return 2; }
    struct store *s = open_store(db, false, cmd);
    if (!s) return 1;
    long long id = 0;
    char err[256] = "";
    int rc = auth_user_id(s, username, &id);
    if (rc == 0) rc = auth_user_set_disabled(s, NULL, id, disable, err, sizeof err);
    else snprintf(err, sizeof err, rc < 0 ? "database error" : "no account named '%s'", username);
    if (rc == 0 || rc == 2) printf("%s is %s%s\n", username, disable ? "disabled" : "enabled", rc == 2 ? " (it was already)" : "");
    else fprintf(stderr, "poaiss %s: %s\n", cmd, err);
    store_close(s);
    return rc == 0 || rc == 2 ? 0 : 1;
}

static int cmd_user(int argc, char **argv)
{
    bool add = argc >= 1 && strcmp(argv[0], "add") == 0, dis = argc >= 1 && strcmp(argv[0], "disable") == 0,
         en = argc >= 1 && strcmp(argv[0], "enable") == 0;
    if ((!add && !dis && !en) || wants_help(argc, argv)) {
        printf("usage: poaiss user add --db PATH --username NAME --role ROLE [--name \"Full name\"]\n"
               "                       [--email ADDRESS] [--state ISO3] [--org ORGANISATION]  < password\n"
               "       poaiss user disable --db PATH --username NAME\n"
               "       poaiss user enable --db PATH --username NAME\n\n"
               "  ROLE: focal_point (needs --state), partner (needs --org), secretariat, admin\n"
               "  The password is the first line of standard input: %d to %d characters, not the\n"
               "  username, not a common password.\n"
               "  A disabled account cannot sign in; its sessions end and its tokens stop working at once\n"
               "  (they work again if it is enabled; revoke them with 'poaiss token revoke').\n",
               AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
        return argc >= 1 && wants_help(argc, argv) ? 0 : 2;
    }
    return add ? user_add(argc, argv) : user_disable(argc, argv, dis);
}

static int token_create(int argc, char **argv)
{
    const char *db = NULL, *username = NULL, *label = NULL, *days = "365";
    struct opt opts[] = {
        { "db", &db, NULL }, { "username", &username, NULL }, { "label", &label, NULL }, { "days", &days, NULL },
        { NULL, NULL, NULL },
    };
    if (parse_opts(argc - 1, argv + 1, opts, "token create") < 0) return 2;
    char *end;
    long d = strtol(days, &end, 10);
    if (*end || !*days) { fprintf(stderr, "poaiss token create: --days wants a number\n"); return 2; }
    struct store *s = open_store(db, false, "token create");
    if (!s) return 1;
    char token[AUTH_SECRET_LEN + 8], err[256];
    int rc = auth_token_create(s, username, label, (int)d, "cli", token, err, sizeof err);
    if (rc < 0) fprintf(stderr, "poaiss token create: %s\n", err);
    else printf("%s\n", token);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static void print_time(long long t)
{
    char b[32] = "-";
    time_t tt = (time_t)t;
    struct tm tm;
    if (t > 0 && gmtime_r(&tt, &tm)) strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    printf("\t%s", b);
}

static int token_row(const struct auth_token_info *t, void *ctx)
{
    (void)ctx;
    printf("%lld\t%s\t%s", t->id, t->username, t->label);
    print_time(t->created_at);
    print_time(t->expires_at);
    print_time(t->revoked_at);
    printf("\n");
    return 0;
}

static int token_list(int argc, char **argv)
{
    const char *db = NULL, *username = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "username", &username, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc - 1, argv + 1, opts, "token list") < 0) return 2;
    struct store *s = open_store(db, false, "token list");
    if (!s) return 1;
    long long uid = 0;
    int rc = username ? auth_user_id(s, username, &uid) : 0;
    if (rc != 0) fprintf(stderr, "poaiss token list: %s\n", rc < 0 ? "database error" : "no such account");
    else {
        printf("id\tusername\tlabel\tcreated\texpires\trevoked\n");
        rc = auth_tokens_each(s, uid, token_row, NULL);
        if (rc < 0) fprintf(stderr, "poaiss token list: database error\n");
    }
    store_close(s);
    return rc == 0 ? 0 : 1;
}

static int token_revoke(int argc, char **argv)
{
    const char *db = NULL, *id_s = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "id", &id_s, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc - 1, argv + 1, opts, "token revoke") < 0) return 2;
    char *end = NULL;
    long long id = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!id_s || !*id_s || *end || id < 1) { fprintf(stderr, "poaiss token revoke: --id takes a token's number (see 'poaiss token list')\n"); return 2; }
    struct store *s = open_store(db, false, "token revoke");
    if (!s) return 1;
    int rc = auth_token_revoke(s, NULL, id);
    if (rc == 0) printf("token %lld is revoked\n", id);
    else fprintf(stderr, "poaiss token revoke: %s\n", rc == 1 ? "no token with this number" : "database error");
    store_close(s);
    return rc == 0 ? 0 : 1;
}

static int cmd_token(int argc, char **argv)
{
    static const char *const SUB[] = { "create", "list", "revoke" };
    int sub = -1;
    for (int i = 0; i < 3 && argc >= 1; i++) if (strcmp(argv[0], SUB[i]) == 0) sub = i;
    if (sub < 0 || wants_help(argc, argv)) {
        printf("usage: poaiss token create --db PATH --username NAME [--label TEXT] [--days N]\n"
               "       poaiss token list --db PATH [--username NAME]\n"
               "       poaiss token revoke --db PATH --id N\n\n"
               "create: print a new API bearer token for the account (shown once; only its hash is kept).\n"
               "  Send it as 'Authorization: Bearer TOKEN'.  --days 0 (default 365) means no expiry.\n"
               "list: every token (or the account's), newest first, tab-separated: id, username, label,\n"
               "  created, expires, revoked (UTC; '-' for none).  Secrets are never shown.\n"
               "revoke: the token stops working at once; it stays in the list as revoked.\n");
        return argc >= 1 && wants_help(argc, argv) ? 0 : 2;
    }
    return sub == 0 ? token_create(argc, argv) : sub == 1 ? token_list(argc, argv) : token_revoke(argc, argv);
}

static int cmd_import(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss import --db PATH [--file FILE]\n\nImport reports from JSON Lines (standard input without --file):\n"
               "one report per line: {\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {...}}.\n"
               "All or nothing: every error is listed with its line number and nothing is written.\n");
        return 0;
    }
    const char *db = NULL, *file = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "file", &file, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "import") < 0) return 2;
    FILE *in = file ? fopen(file, "r") : stdin;
    if (!in) { fprintf(stderr, "poaiss import: cannot open %s: %s\n", file, strerror(errno)); return 1; }
    struct store *s = open_store(db, false, "import");
    if (!s) { if (file) fclose(in); return 1; }
    long n = bulk_import(s, in, stderr, isatty(STDERR_FILENO) ? stderr : NULL);
    if (n >= 0) printf("imported %ld reports\n", n);

    store_close(s);
    if (file) fclose(in);
    return n < 0 ? 1 : 0;
}

static int cmd_export(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss export --db PATH [--cycle YEAR]\n\nWrite every published report (its latest version) as JSON Lines to standard output.\n");
        return 0;
    }
    const char *db = NULL, *cycle = "0";
    struct opt opts[] = { { "db", &db, NULL }, { "cycle", &cycle, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "export") < 0) return 2;
    struct store *s = open_store(db, false, "export");
    if (!s) return 1;
    long n = bulk_export(s, atoi(cycle), stdout);
    store_close(s);
    if (n < 0) { fprintf(stderr, "poaiss export: database error\n"); return 1; }
    fprintf(stderr, "exported %ld reports\n", n);
    return 0;
}

/* The backup's temporary file, removed when a stop signal ends the run (SIGKILL leaves it, never the target). */
static char backup_tmp[4096];

static void backup_on_signal(int sig)
{
    if (backup_tmp[0]) unlink(backup_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int cmd_backup(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss backup --db PATH --to FILE\n\nCopy the database to FILE while it is in use: one consistent snapshot, however\n"
               "many writes arrive meanwhile.  The copy is written to FILE.partial-XXXXXX beside FILE, synced,\n"
               "then given the name FILE: FILE never exists half-written, and is never replaced.\n"
               "Check a copy with 'poaiss check --db FILE'.\n");
        return 0;
    }
    const char *db = NULL, *to = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { "to", &to, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "backup") < 0) return 2;
    if (!to) { fprintf(stderr, "poaiss backup: --to FILE is required\n"); return 2; }
    if (access(to, F_OK) == 0) { fprintf(stderr, "poaiss backup: %s exists; choose a new file\n", to); return 1; }
    if ((size_t)snprintf(backup_tmp, sizeof backup_tmp, "%s.partial-XXXXXX", to) >= sizeof backup_tmp) {
        fprintf(stderr, "poaiss backup: the path %s is too long\n", to);
        return 2;
    }
    struct store *s = open_store(db, false, "backup");
    if (!s) return 1;
    /* The stop signals wait while the temporary file is made and its handler installed: a SIGTERM that
     * came between the two would leave the file behind. */
    sigset_t stops, before;
    sigemptyset(&stops);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGHUP);
    sigprocmask(SIG_BLOCK, &stops, &before);
    int fd = mkstemp(backup_tmp);
    if (fd < 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, &before, NULL);
        fprintf(stderr, "poaiss backup: cannot create a file beside %s: %s\n", to, strerror(e));
        store_close(s);
        return 1;
    }
    close(fd);
    signal(SIGTERM, backup_on_signal);
    signal(SIGINT, backup_on_signal);
    signal(SIGHUP, backup_on_signal);
    sigprocmask(SIG_SETMASK, &before, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char err[512];
    int rc = store_backup(s, to, backup_tmp, err, sizeof err);
    backup_tmp[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc < 0) fprintf(stderr, "poaiss backup: %s\n", err);
    else printf("backed up %s to %s in %.2f s\n", db, to, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int cmd_check(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss check --db PATH\n\nExamine a database (in use, or a backup) without changing it: SQLite's\n"
               "integrity_check and foreign_key_check, the schema version, and every table, column, index,\n"
               "trigger and view this program's migrations make.  One line per check; exit 0 when all pass,\n"
               "1 when any fails.\n");
        return 0;
    }
    const char *db = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "check") < 0) return 2;
    if (!db) { fprintf(stderr, "poaiss check: --db PATH is required\n"); return 2; }
    if (access(db, R_OK) != 0) { fprintf(stderr, "poaiss check: cannot read %s: %s\n", db, strerror(errno)); return 1; }
    printf("checking %s\n", db);
    long n = store_check(db, stdout);
    if (n == 0) printf("%s: sound\n", db);
    else if (n > 0) printf("%s: %ld problem%s found: restore the latest sound backup, or ask for help with this report\n", db, n, n == 1 ? "" : "s");
    return n == 0 ? 0 : 1;
}

static int cmd_gc(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss gc --db PATH [--grace-hours N]\n\nRemove the uploaded files nothing refers to any more, and print what was removed.\n"
               "A report's link to a file goes when neither its working answers nor any of its published\n"
               "versions refer to the file; a file goes when no report is linked to it and no request for\n"
               "assistance has it as its proposal.  Only what is older than the grace period (default 24 hours)\n"
               "goes, so a file uploaded and not yet saved in an answer stays.  `serve` does this at start and\n"
               "hourly.  The space is reused by the database; a VACUUM gives it back to the disk.\n");
        return 0;
    }
    const char *db = NULL, *grace = "24";
    struct opt opts[] = { { "db", &db, NULL }, { "grace-hours", &grace, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "gc") < 0) return 2;
    char *end;
    long hours = strtol(grace, &end, 10);
    if (!*grace || *end || hours < 0 || hours > 24 * 366) { fprintf(stderr, "poaiss gc: --grace-hours takes 0 to 8784\n"); return 2; }
    struct store *s = open_store(db, false, "gc");
    if (!s) return 1;
    struct quota_collected r;
    int rc = quota_collect(s, time(NULL), hours * 3600, &r);
    if (rc < 0) fprintf(stderr, "poaiss gc: the database failed (see above); nothing was removed\n");
    else printf("removed %lld unreferenced file%s (%lld bytes) and %lld unreferenced link%s\n", r.files, r.files == 1 ? "" : "s",
                r.bytes, r.links, r.links == 1 ? "" : "s");
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int cmd_reindex(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss reindex --db PATH\n\nRebuild the full-text search index from the latest published version of every\n"
               "report, in one transaction, and print how long it took; then make the requests and\n"
               "offers of assistance of every published report again (needed once for a database\n"
               "made before assistance existed).  Publishing keeps both current.\n");
        return 0;
    }
    const char *db = NULL;
    struct opt opts[] = { { "db", &db, NULL }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "reindex") < 0) return 2;
    struct store *s = open_store(db, false, "reindex");
    if (!s) return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long long rows = 0;
    store_bulk_cache(s, 512);
    int rc = store_tx_begin(s);
    if (rc == 0) {
        rc = store_search_rebuild(s, &rows);
        if (rc == 0) rc = store_tx_commit(s); else store_tx_rollback(s);
    }
    long long reports = rc == 0 ? assist_sync_all(s) : -1;
    if (rc == 0 && reports < 0) {
        fprintf(stderr, "poaiss reindex: the index is rebuilt, but the requests and offers could not be made again\n");
        rc = -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc < 0) fprintf(stderr, "poaiss reindex: rebuilding the index failed; it is unchanged\n");
    else printf("indexed %lld answers in %.2f s\n", rows, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int cmd_notify_sweep(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: poaiss notify-sweep --db PATH [--mail]\n\nPut the time-based notifications due now (a stage of a request overdue, a progress\n"
               "report due) in the outbox, once each, and print how many were added.  `serve` does this every\n"
               "--sweep-seconds.  --mail: queue them for e-mail too (a `serve --sendmail` sends them).\n");
        return 0;
    }
    const char *db = NULL;
    bool mail = false;
    struct opt opts[] = { { "db", &db, NULL }, { "mail", NULL, &mail }, { NULL, NULL, NULL } };
    if (parse_opts(argc, argv, opts, "notify-sweep") < 0) return 2;
    struct store *s = open_store(db, false, "notify-sweep");
    if (!s) return 1;
    notify_mail_enable(mail);
    long long n = notify_sweep(s, time(NULL));
    if (n < 0) fprintf(stderr, "poaiss notify-sweep: a source of notifications failed (see above); the others were added\n");
    else printf("%lld notification%s added\n", n, n == 1 ? "" : "s");
    store_close(s);
    return n < 0 ? 1 : 0;
}

/*
 * An import touches about 900 MB of fresh memory (SQLite's page cache, FTS5's terms, the parsed
 * reports): in 4 KB pages, 210,000 page faults and as many more TLB misses, a quarter of its CPU
 * time on a virtual machine (10,099 reports: 22.6 s of CPU in 4 KB pages, 16.6 s in huge pages,
 * back to back).  glibc's malloc asks the kernel for transparent huge pages (madvise) under the
 * tunable glibc.malloc.hugetlb=1, which it reads only when a program starts: the import runs
 * itself again with it, once, before it has read anything.  A GLIBC_TUNABLES that names it
 * already (=0 keeps 4 KB pages) is left alone, and so is a run under valgrind (an exec would
 * leave the tool); if the exec fails the import goes on as it is.
 */
static void import_hugepages(char **argv)
{
#ifdef __GLIBC__
    static const char HUGE[] = "glibc.malloc.hugetlb=1";
    const char *t = getenv("GLIBC_TUNABLES"), *pre = getenv("LD_PRELOAD");
    if ((t && strstr(t, "glibc.malloc.hugetlb")) || (pre && strstr(pre, "vgpreload"))) return;
    char was[1024] = "", v[sizeof was + sizeof HUGE];
    if (t && snprintf(was, sizeof was, "%s", t) >= (int)sizeof was) return;
    snprintf(v, sizeof v, "%s%s%s", was, was[0] ? ":" : "", HUGE);
    if (setenv("GLIBC_TUNABLES", v, 1) != 0) return;
    fflush(NULL);
    execv("/proc/self/exe", argv);
    if (t) setenv("GLIBC_TUNABLES", was, 1); else unsetenv("GLIBC_TUNABLES");
#else
    (void)argv;
#endif
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0) import_hugepages(argv);
    if (auth_init() < 0) { fprintf(stderr, "poaiss: libsodium failed to initialise\n"); return 1; }
    json_object_seed(0);
    i18n_init();
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "init") == 0) return cmd_init(argc - 2, argv + 2, false);
    if (strcmp(cmd, "demo") == 0) return cmd_init(argc - 2, argv + 2, true);
    if (strcmp(cmd, "serve") == 0) return cmd_serve(argc - 2, argv + 2);
    if (strcmp(cmd, "user") == 0) return cmd_user(argc - 2, argv + 2);
    if (strcmp(cmd, "token") == 0) return cmd_token(argc - 2, argv + 2);
    if (strcmp(cmd, "backup") == 0) return cmd_backup(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "gc") == 0) return cmd_gc(argc - 2, argv + 2);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc - 2, argv + 2);
    if (strcmp(cmd, "reindex") == 0) return cmd_reindex(argc - 2, argv + 2);
    if (strcmp(cmd, "notify-sweep") == 0) return cmd_notify_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "routes") == 0) {   /* hidden: for the tests and the curious */
        bool json = argc > 2 && strcmp(argv[2], "--json") == 0;
        if (argc > 2 + json) { fprintf(stderr, "usage: poaiss routes [--json]\n"); return 2; }
        app_routes_print(stdout, json);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) { printf("poaiss %s\n", VERSION); return 0; }
    fprintf(stderr, "poaiss: unknown command '%s'\n\n%s", cmd, USAGE);
    return 2;
}

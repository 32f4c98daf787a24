/*
 * notify_send: e-mail through sendmail, and serve's background worker (see notify_send.h).
 *
 * The message goes to sendmail with Unix line ends (sendmail -t takes the local convention and
 * writes CRLF on the wire).  Headers hold only ASCII we made: the address checked by
 * notify_address_ok, encoded words for the name and the subject, and values of our own.
 * sendmail's standard error (its first 300 bytes, control characters removed) becomes
 * last_error when it fails.
 */
#include "domain/notify_send.h"
#include "domain/quota.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/notify.h"
#include "store/notify.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

extern char **environ;

#define DEFAULT_ATTEMPTS 5
#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_BACKOFF_S 60
#define BACKOFF_MAX_S (6 * 3600)
#define ERROR_MAX 300

/* ---------------------------------------------------------------- checks */

bool notify_address_ok(const char *addr)
{
    if (!addr) return false;
    size_t n = strlen(addr), at = 0, ats = 0;
    if (n < 3 || n > 254) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c == '@') { ats++; at = i; continue; }
        /* RFC 5322 atext and dots: nothing that ends, quotes or separates a header value */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(".!#$%&'*+/=?^_`{|}~-", c)))
            return false;
    }
    return ats == 1 && at > 0 && at < n - 1 && addr[0] != '.' && addr[n - 1] != '.';
}

int notify_mailer_check(const struct notify_mailer *m, char *err, size_t errlen)
{
    if (!m->sendmail || !*m->sendmail) { snprintf(err, errlen, "--sendmail needs the path of a sendmail program"); return -1; }
    if (!notify_address_ok(m->from)) {
        snprintf(err, errlen, "--mail-from must be a plain address such as poaiss@example.org (no name, no spaces)");
        return -1;
    }
    const char *u = m->base_url ? m->base_url : "";
    bool scheme = strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f) scheme = false;
    if (!scheme) { snprintf(err, errlen, "--base-url must be an http:// or https:// address without spaces"); return -1; }
    if (access(m->sendmail, X_OK) != 0) {
        snprintf(err, errlen, "--sendmail %s: %s", m->sendmail, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- composing */

/* Text as encoded words ("=?UTF-8?B?...?="), each at most 75 characters, never cutting a UTF-8
   character, folded onto continuation lines.  Control characters become spaces first. */
static void encoded_words(struct buf *b, const char *text)
{
    struct buf clean = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) buf_putc(&clean, (char)(*p < 0x20 || *p == 0x7f ? ' ' : *p));
    const unsigned char *s = (const unsigned char *)buf_cstr(&clean);
    size_t n = clean.len, i = 0;
    if (n == 0) buf_puts(b, "=?UTF-8?B?" "?=");
    while (i < n) {
        size_t take = n - i < 39 ? n - i : 39;   /* 39 bytes: 52 base64 characters, 64 with the markers, 73 after "Subject: " */
        while (take > 0 && i + take < n && (s[i + take] & 0xC0) == 0x80) take--;   /* not inside a character */
        if (take == 0) take = 1;
        char enc[64];
        sodium_bin2base64(enc, sizeof enc, s + i, take, sodium_base64_VARIANT_ORIGINAL);
        if (i > 0) buf_puts(b, "\n ");
        buf_printf(b, "=?UTF-8?B?%s?=", enc);
        i += take;
    }
    buf_cleanup(&clean);
}

/* text as quoted-printable (RFC 2045): lines of at most 76 characters, Unix line ends kept. */
static void quoted_printable(struct buf *b, const char *text)
{
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') { buf_putc(b, '\n'); col = 0; continue; }
        bool at_end = p[1] == '\n' || p[1] == '\0';
        bool plain = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_end);
        if (*p == '\r') continue;
        size_t w = plain ? 1 : 3;
        if (col + w > 75) { buf_puts(b, "=\n"); col = 0; }
        if (plain) buf_putc(b, (char)*p);
        else buf_printf(b, "=%02X", *p);
        col += w;
    }
}

/* The part after '@' of an address we checked. */
static const char *domain_of(const char *addr)
{
    const char *at = strchr(addr, '@');
    return at ? at + 1 : "localhost";
}

/* An object path we may put after the base URL: a local path, printable ASCII without spaces. */
static bool object_ok(const char *o)
{
    if (!o || o[0] != '/' || o[1] == '/') return false;
    for (const unsigned char *p = (const unsigned char *)o; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\') return false;
    return true;
}

void notify_mail_compose(struct buf *b, const struct notify_mailer *m, const char *to, const char *name,
                         const char *lang, long long id, const char *object, const char *subject, const char *body,
                         time_t now)
{
    char date[64];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    const char *l = lang && i18n_available(lang) ? lang : "en";
    buf_printf(b, "From: %s\n", m->from);
    buf_puts(b, "To: ");
    if (name && *name) {
        encoded_words(b, name);
        buf_puts(b, "\n ");
    }
    buf_printf(b, "<%s>\n", to);
    buf_puts(b, "Subject: ");
    encoded_words(b, subject ? subject : "");
    buf_printf(b, "\nDate: %s\nMessage-ID: <poaiss.notification.%lld@%s>\n", date, id, domain_of(m->from));
    buf_printf(b, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n"
                  "Content-Language: %s\nAuto-Submitted: auto-generated\n\n", l);
    char was[8];
    snprintf(was, sizeof was, "%s", i18n_lang());
    i18n_set_lang(l);
    struct buf text = BUF_INIT;
    buf_puts(&text, body ? body : "");
    if (object_ok(object)) buf_printf(&text, "\n\n%s%s", m->base_url, object);
    buf_printf(&text, "\n\n-- \n%s\n%s/account/notifications\n",
               _("You receive this message because you have an account on PoA-ISS. Your messages and the language they are written in:"),
               m->base_url);
    i18n_set_lang(was);
    quoted_printable(b, buf_cstr(&text));
    buf_cleanup(&text);
}

/* ---------------------------------------------------------------- sendmail */

static long long ms_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int pipe_cloexec(int fd[2])
{
    if (pipe(fd) < 0) return -1;
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Append what the child wrote to its standard error (up to ERROR_MAX bytes); false at its end. */
static bool read_err(int fd, struct buf *err)
{
    char tmp[512];
    ssize_t k = read(fd, tmp, sizeof tmp);
    if (k > 0 && err->len < ERROR_MAX) buf_append(err, tmp, (size_t)k < ERROR_MAX - err->len ? (size_t)k : ERROR_MAX - err->len);
    return k > 0 || (k < 0 && (errno == EAGAIN || errno == EINTR));
}

/* Hand msg to `path -t -oi` and wait for it, at most timeout_s.  0 when it exited with 0; else -1 with why in err. */
static int run_sendmail(const char *path, const char *msg, size_t len, int timeout_s, struct buf *err)
{
    int in[2] = { -1, -1 }, out[2] = { -1, -1 };
    if (pipe_cloexec(in) < 0 || pipe_cloexec(out) < 0) {
        buf_printf(err, "cannot make a pipe: %s", strerror(errno));
        for (int i = 0; i < 2; i++) { if (in[i] >= 0) close(in[i]); if (out[i] >= 0) close(out[i]); }
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, out[1], 2);
    char *argv[] = { (char *)(uintptr_t)path, (char *)(uintptr_t)"-t", (char *)(uintptr_t)"-oi", NULL };
    pid_t pid;
    int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        buf_printf(err, "cannot run %s: %s", path, strerror(rc));
        return -1;
    }
    /* A sendmail that exits without reading must not kill us with SIGPIPE: block it here, and
       take a pending one afterwards (serve ignores it anyway; the tests do not). */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    long long deadline = ms_now() + (long long)timeout_s * 1000;
    size_t sent = 0;
    bool reading = true, timed_out = false, write_failed = false;
    while ((in[1] >= 0 || reading) && !timed_out) {
        struct pollfd p[2] = { { in[1], POLLOUT, 0 }, { reading ? out[0] : -1, POLLIN, 0 } };
        long long left = deadline - ms_now();
        if (left <= 0) { timed_out = true; break; }
        if (poll(p, 2, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR) break;
        if (in[1] >= 0 && (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t k = write(in[1], msg + sent, len - sent);
            if (k > 0) sent += (size_t)k;
            if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
                if (k < 0) write_failed = true;
                close(in[1]);
                in[1] = -1;
            }
        }
        if (reading && (p[1].revents & (POLLIN | POLLERR | POLLHUP))) reading = read_err(out[0], err);
    }
    if (in[1] >= 0) close(in[1]);
    close(out[0]);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, WNOHANG)) == 0 && ms_now() < deadline) {
        struct timespec t = { 0, 10 * 1000000 };
        nanosleep(&t, NULL);
    }
    if (w == 0) {
        timed_out = true;
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    struct timespec zero = { 0, 0 };
    while (sigtimedwait(&pipe_set, NULL, &zero) > 0) {}
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* what it said, on one line */
    for (size_t i = 0; i < err->len; i++)
        if ((unsigned char)err->data[i] < 0x20) err->data[i] = ' ';
    char said[ERROR_MAX + 1];
    snprintf(said, sizeof said, "%s", buf_cstr(err));
    buf_clear(err);
    if (timed_out) { buf_printf(err, "%s did not finish within %d s and was stopped", path, timeout_s); return -1; }
    if (w > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !write_failed) return 0;
    if (w > 0 && WIFEXITED(status)) buf_printf(err, "%s exited with status %d", path, WEXITSTATUS(status));
    else if (w > 0 && WIFSIGNALED(status)) buf_printf(err, "%s was killed by signal %d", path, WTERMSIG(status));
    else buf_printf(err, "%s could not be waited for", path);
    if (write_failed) buf_puts(err, " before reading the whole message");
    if (said[0]) buf_printf(err, ": %s", said);
    return -1;
}

/* ---------------------------------------------------------------- delivery */

int notify_mail_recover(struct store *s)
{
    if (store_tx_begin(s) < 0) return -1;
    int n = store_notify_sending_reset(s, "failed",
                                       "the server stopped while handing this message to sendmail: it may have been sent, "
                                       "so it is not sent again");
    return store_tx_end(s, n >= 0) < 0 ? -1 : n;
}

static int record(struct store *s, long long id, const char *state, int attempts, long long next, const char *error)
{
    if (store_tx_begin(s) < 0) return -1;
    return store_tx_end(s, store_notify_sent(s, id, state, attempts, next, error) >= 0);
}

int notify_deliver_one(struct store *s, const struct notify_mailer *m, time_t now)
{
    struct arena a = ARENA_INIT;
    struct store_notify_mail msg;
    int rc = -1;
    if (store_tx_begin(s) < 0) goto done;
    int c = store_notify_claim(s, &a, (long long)now, &msg);
    if (c != 0) {
        store_tx_rollback(s);
        rc = c == 1 ? 0 : -1;
        goto done;
    }
    if (store_tx_commit(s) < 0) goto done;
    int attempts = msg.attempts + 1, max = m->max_attempts > 0 ? m->max_attempts : DEFAULT_ATTEMPTS;
    if (msg.disabled || !notify_address_ok(msg.email)) {   /* nothing a retry would change */
        rc = record(s, msg.id, "failed", attempts, 0, msg.disabled ? "the account is disabled" : "the account's e-mail address is not a plain address") < 0 ? -1 : 1;
        goto done;
    }
    const char *subject, *body;
    notify_render(s, &a, msg.lang, msg.kind, msg.params, &subject, &body);
    struct buf mail = BUF_INIT, err = BUF_INIT;
    notify_mail_compose(&mail, m, msg.email, msg.name, msg.lang, msg.id, msg.object, subject, body, now);
    int sent = run_sendmail(m->sendmail, mail.data, mail.len, m->timeout_s > 0 ? m->timeout_s : DEFAULT_TIMEOUT_S, &err);
    if (sent == 0) {
        rc = record(s, msg.id, "sent", attempts, 0, NULL) < 0 ? -1 : 1;
    } else {
        long long delay = m->backoff_s > 0 ? m->backoff_s : DEFAULT_BACKOFF_S;
        for (int i = 1; i < attempts && delay < BACKOFF_MAX_S; i++) delay *= 2;
        if (delay > BACKOFF_MAX_S) delay = BACKOFF_MAX_S;
        bool last = attempts >= max;
        rc = record(s, msg.id, last ? "failed" : "pending", attempts, last ? 0 : (long long)now + delay, buf_cstr(&err)) < 0 ? -1 : 1;
    }
    buf_cleanup(&mail);
    buf_cleanup(&err);
done:
    arena_cleanup(&a);
    return rc;
}

/* ---------------------------------------------------------------- the worker */

struct notify_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    struct store *s;
    struct notify_mailer m;
    bool mail;
    int sweep_s, poll_s;
};

static void *worker_main(void *arg)
{
    struct notify_worker *w = arg;
    time_t next_sweep = 0;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        pthread_mutex_unlock(&w->mu);
        time_t now = time(NULL);
        if (w->sweep_s > 0 && now >= next_sweep) {
            notify_sweep(w->s, now);
            quota_collect_due(w->s, now);   /* unreferenced files, at most hourly (quota.h) */
            next_sweep = now + w->sweep_s;
        }
        if (w->mail) {
            int k;
            while ((k = notify_deliver_one(w->s, &w->m, time(NULL))) == 1) {
                pthread_mutex_lock(&w->mu);
                bool stop = w->stop;
                pthread_mutex_unlock(&w->mu);
                if (stop) break;
            }
        }
        pthread_mutex_lock(&w->mu);
        if (w->stop) break;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->poll_s;
        pthread_cond_timedwait(&w->cv, &w->mu, &until);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

struct notify_worker *notify_worker_start(struct store *s, const struct notify_mailer *m, int sweep_s, int poll_s)
{
    struct notify_worker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->s = s;
    if (m) { w->m = *m; w->mail = true; }
    w->sweep_s = sweep_s;
    w->poll_s = poll_s > 0 ? poll_s : 2;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    /* The worker takes no signals: the main thread waits for SIGTERM and SIGINT. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return NULL;
    }
    return w;
}

void notify_worker_stop(struct notify_worker *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

/*
 * notify: the outbox (see notify.h).  The message table below is the one place where a kind
 * gets its words: a subject and a body, English msgids with named parameters, translated
 * when a message is shown or sent, in the reader's language.  Adding a kind: a value in
 * enum notify_kind, a row here (the key is the enum's name in lower case), and the msgids go
 * to po/ with `make pot`.
 */
#include "domain/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/state.h"
#include "store/notify.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

struct notify_message { const char *key, *subject, *body; };

static const struct notify_message MESSAGES[NOTIFY_KIND_COUNT] = {
    [NOTIFY_REQUEST_ACKNOWLEDGED] = { "request_acknowledged", N_("Your request “%(title)s” was acknowledged"),
        N_("The Secretariat acknowledged your State's request for assistance “%(title)s”. It will now assess it.") },
    [NOTIFY_STAGE_MOVED] = { "stage_moved", N_("Request “%(title)s”: now %(stage)s"),
        N_("The request for assistance “%(title)s” moved to the stage “%(stage)s”.\n\n%(note)s") },
    [NOTIFY_STAGE_OVERDUE] = { "stage_overdue", N_("Overdue: “%(title)s” in %(stage)s"),
        N_("The request for assistance “%(title)s” has been in the stage “%(stage)s” for %(days)s days, longer than its target.") },
    [NOTIFY_INTEREST_MARKED] = { "interest_marked", N_("%(partner)s is interested in “%(title)s”"),
        N_("%(partner)s marked its interest in your State's request for assistance “%(title)s”. Accept or decline it on the request's page.\n\n%(note)s") },
    [NOTIFY_INTEREST_ANSWERED] = { "interest_answered", N_("Your interest in “%(title)s”: %(answer)s"),
        N_("%(state)s answered your interest in its request for assistance “%(title)s”: %(answer)s.") },
    [NOTIFY_BASELINE_OPENED] = { "baseline_opened", N_("Joint baseline assessment opened: “%(title)s”"),
        N_("The Secretariat opened a joint baseline assessment of the request “%(title)s” of %(state)s, and you take part in it. Record your findings on the assessment's page.") },
    [NOTIFY_BASELINE_UPDATED] = { "baseline_updated", N_("Baseline assessment updated: “%(title)s”"),
        N_("%(party)s changed the joint baseline assessment of “%(title)s”.") },
    [NOTIFY_PROJECT_CREATED] = { "project_created", N_("New project: “%(title)s”"),
        N_("A project with %(state)s was recorded: “%(title)s”. Its progress reports are posted on its page.") },
    [NOTIFY_PROGRESS_DUE] = { "progress_due", N_("Progress report due: “%(title)s”"),
        N_("A progress report of the project “%(title)s” is due on %(due)s.") },
    [NOTIFY_PROGRESS_POSTED] = { "progress_posted", N_("Progress report posted: “%(title)s”"),
        N_("%(party)s posted a progress report on the project “%(title)s”.") },
    [NOTIFY_REPORT_RETURNED] = { "report_returned", N_("Your national report for %(cycle)s was returned"),
        N_("The Secretariat returned the national report of %(state)s for %(cycle)s. Its comment:\n\n%(comment)s\n\nChange the report and submit it again.") },
};

static bool mail_on, synthetic_on;

const char *notify_kind_key(enum notify_kind k)
{
    return (unsigned)k < NOTIFY_KIND_COUNT ? MESSAGES[k].key : "unknown";
}

int notify_kind_parse(const char *key, enum notify_kind *out)
{
    for (int k = 0; key && k < NOTIFY_KIND_COUNT; k++)
        if (strcmp(MESSAGES[k].key, key) == 0) { *out = (enum notify_kind)k; return 0; }
    return -1;
}

void notify_mail_enable(bool on) { mail_on = on; }
void notify_synthetic(bool on) { synthetic_on = on; }

/* ---------------------------------------------------------------- the outbox */

static int add(struct store *s, enum store_notify_to to, long long id, const char *iso3, enum notify_kind kind,
               const char *object, json_t *params, const char *dedup)
{
    if ((unsigned)kind >= NOTIFY_KIND_COUNT) return -1;
    char *text = params ? json_dumps(params, JSON_COMPACT) : NULL;
    struct store_notify_new m = { .to = to, .id = id, .iso3 = iso3, .kind = MESSAGES[kind].key, .object = object,
                                  .params = text && json_is_object(params) ? text : "{}", .dedup = dedup,
                                  .mail = mail_on, .synthetic = synthetic_on };
    int n = store_notify_add(s, &m);
    free(text);
    return n;
}

int notify_user(struct store *s, long long user_id, enum notify_kind kind, const char *object, json_t *params,
                const char *dedup)
{
    return add(s, STORE_NOTIFY_USER, user_id, NULL, kind, object, params, dedup);
}

int notify_state(struct store *s, const char *iso3, enum notify_kind kind, const char *object, json_t *params,
                 const char *dedup)
{
    return iso3 ? add(s, STORE_NOTIFY_STATE, 0, iso3, kind, object, params, dedup) : 0;
}

int notify_partner(struct store *s, long long partner_id, enum notify_kind kind, const char *object, json_t *params,
                   const char *dedup)
{
    return partner_id > 0 ? add(s, STORE_NOTIFY_PARTNER, partner_id, NULL, kind, object, params, dedup) : 0;
}

int notify_secretariat(struct store *s, enum notify_kind kind, const char *object, json_t *params, const char *dedup)
{
    return add(s, STORE_NOTIFY_SECRETARIAT, 0, NULL, kind, object, params, dedup);
}

int notify_parties(struct store *s, const char *iso3, const long long *partners, size_t n, long long skip,
                   enum notify_kind kind, const char *object, json_t *params, const char *dedup)
{
    int added = skip != 0 ? notify_state(s, iso3, kind, object, params, dedup) : 0;
    for (size_t i = 0; added >= 0 && i < n; i++) {
        if (partners[i] == skip) continue;
        int k = notify_partner(s, partners[i], kind, object, params, dedup);
        added = k < 0 ? -1 : added + k;
    }
    return added;
}

/* ---------------------------------------------------------------- writing a message */

/* One parameter's value, written for this thread's language (see notify.h). */
static void param_text(struct store *s, struct arena *a, struct buf *b, json_t *v)
{
    if (json_is_string(v)) {
        buf_puts(b, json_string_value(v));
    } else if (json_is_integer(v)) {
        i18n_number(b, (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        buf_printf(b, "%g", json_real_value(v));
    } else if (json_is_object(v)) {
        json_t *m = json_object_get(v, "msgid"), *st = json_object_get(v, "state"), *d = json_object_get(v, "date");
        if (json_is_string(m)) buf_puts(b, _(json_string_value(m)));
        else if (json_is_string(st)) buf_puts(b, state_name_in(s, a, json_string_value(st), i18n_lang()));
        else if (json_is_string(d)) i18n_date(b, json_string_value(d));
    }
}

/* msg with each "%(name)s" replaced by the value of params' name (nothing when it has none). */
static const char *expand(struct store *s, struct arena *a, const char *msg, json_t *params)
{
    struct buf b = BUF_INIT;
    for (const char *p = msg; *p;) {
        const char *end;
        if (p[0] == '%' && p[1] == '(' && (end = strstr(p + 2, ")s")) != NULL && end - p < 40) {
            char name[40];
            snprintf(name, sizeof name, "%.*s", (int)(end - p - 2), p + 2);
            param_text(s, a, &b, json_object_get(params, name));
            p = end + 2;
        } else {
            buf_putc(&b, *p++);
        }
    }
    /* An empty parameter at the end (a note not given) leaves blank lines: trim them. */
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.len--;
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_cleanup(&b);
    return out;
}

void notify_render(struct store *s, struct arena *a, const char *lang, const char *key, const char *params,
                   const char **subject, const char **body)
{
    char was[8];
    snprintf(was, sizeof was, "%s", i18n_lang());
    i18n_set_lang(lang && i18n_available(lang) ? lang : "en");
    json_t *p = params ? json_loads(params, 0, NULL) : NULL;
    if (!json_is_object(p)) {
        json_decref(p);
        p = json_object();
    }
    enum notify_kind k;
    if (notify_kind_parse(key, &k) == 0) {
        *subject = expand(s, a, _(MESSAGES[k].subject), p);
        *body = expand(s, a, _(MESSAGES[k].body), p);
    } else {
        *subject = arena_strdup(a, _("Notification"));
        *body = arena_strdup(a, "");
    }
    json_decref(p);
    i18n_set_lang(was);
}

/* ---------------------------------------------------------------- reading */

int notify_list(struct store *s, struct arena *a, long long user_id, const char *lang, bool unread_only, int page,
                struct notify_item **out, size_t *n, long long *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (page < 1) page = 1;
    struct store_notify_row *rows;
    size_t nrows;
    if (store_notify_list(s, a, user_id, unread_only, (page - 1) * NOTIFY_PAGE_SIZE, NOTIFY_PAGE_SIZE, &rows, &nrows,
                          total) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    *out = nrows ? arena_array(a, nrows, sizeof **out) : NULL;
    for (size_t i = 0; i < nrows; i++) {
        struct notify_item *it = &(*out)[i];
        *it = (struct notify_item){ .id = rows[i].id, .kind = rows[i].kind, .object = rows[i].object ? rows[i].object : "",
                                    .created_at = rows[i].created_at, .read_at = rows[i].read_at,
                                    .synthetic = rows[i].synthetic };
        notify_render(s, a, lang, rows[i].kind, rows[i].params, &it->subject, &it->body);
    }
    *n = nrows;
    return 0;
}

long long notify_unread_count(struct store *s, long long user_id)
{
    return user_id > 0 ? store_notify_unread(s, user_id) : 0;
}

long long notify_mark_read(struct store *s, long long user_id, const long long *ids, size_t n, struct err *e)
{
    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, NULL, NULL);
    long long changed = 0;
    for (size_t i = 0; i == 0 || i < n; i++) {
        if (n && ids[i] <= 0) continue;   /* 0 would mean "all" to the store */
        long long c = store_notify_read(s, user_id, n ? ids[i] : 0);
        if (c < 0) {
            store_tx_rollback(s);
            return err_set(e, ERR_STORE, NULL, NULL);
        }
        changed += c;
    }
    if (store_tx_commit(s) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    return changed;
}

/* ---------------------------------------------------------------- language of messages */

const char *notify_lang_get(struct store *s, struct arena *a, long long user_id)
{
    const char *lang = NULL;
    return store_user_lang_get(s, a, user_id, &lang) == 0 ? lang : NULL;
}

static bool lang_known(const char *lang)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(I18N_LANGS[i], lang) == 0) return true;
    return false;
}

static int lang_write(struct store *s, long long user_id, const char *lang, bool only_if_unset)
{
    if (store_tx_begin(s) < 0) return -1;
    if (store_user_lang_set(s, user_id, lang, only_if_unset) < 0) {
        store_tx_rollback(s);
        return -1;
    }
    return store_tx_commit(s);
}

int notify_lang_set(struct store *s, long long user_id, const char *lang, struct err *e)
{
    if (lang && !lang_known(lang))
        return err_set(e, ERR_INVALID, N_("Choose one of the six languages of the United Nations."), "lang");
    if (lang_write(s, user_id, lang, false) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    return 0;
}

int notify_lang_default(struct store *s, long long user_id, const char *lang)
{
    if (!lang || !lang_known(lang) || user_id <= 0) return 0;
    struct arena a = ARENA_INIT;
    const char *had = notify_lang_get(s, &a, user_id);   /* read first: most sign-ins write nothing */
    arena_cleanup(&a);
    return had ? 0 : lang_write(s, user_id, lang, true);
}

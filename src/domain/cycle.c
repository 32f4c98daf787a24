/* cycle: see cycle.h. */
#include "domain/cycle.h"
#include "domain/refdata.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/text.h"

const char *const CYCLE_FIELD_ID[CYCLE_NFIELDS] = {
    "year", "meeting", "meeting_name", "meeting_starts", "meeting_ends", "opens", "deadline",
};

const char *cycle_status_id(enum cycle_status st)
{
    switch (st) {
    case CYCLE_PLANNED: return "planned";
    case CYCLE_OPEN: return "open";
    case CYCLE_DEADLINE_PASSED: return "deadline_passed";
    case CYCLE_CLOSED: return "closed";
    }
    return "closed";
}

const char *cycle_status_label(enum cycle_status st)
{
    switch (st) {
    case CYCLE_PLANNED: return N_("Planned");
    case CYCLE_OPEN: return N_("Open for reports");
    case CYCLE_DEADLINE_PASSED: return N_("Deadline passed");
    case CYCLE_CLOSED: return N_("Closed");
    }
    return N_("Closed");
}

/* ---- dates ---- */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long cycle_date_days(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return -1; }
        else if (!isdigit((unsigned char)s[i])) return -1;
    }
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return -1;
    return days_from_civil(y, m, d);
}

/* A date field exactly: YYYY-MM-DD and nothing after. */
static bool is_date(const char *s)
{
    return s && strlen(s) == 10 && cycle_date_days(s) >= 0;
}

long cycle_days_between(const char *a, const char *b)
{
    long x = cycle_date_days(a), y = cycle_date_days(b);
    return x < 0 || y < 0 ? 0 : y - x;
}

void cycle_today(char out[11])
{
    const char *env = getenv("POAISS_TODAY");
    if (is_date(env)) {
        memcpy(out, env, 10);
        out[10] = '\0';
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- status ---- */

enum cycle_status cycle_status_on(const struct cycle *c, const char *today)
{
    if (c->year >= TEMPLATE_BENCH_FIRST) return CYCLE_CLOSED;
    if (c->opens && strcmp(today, c->opens) < 0) return CYCLE_PLANNED;
    if (!c->deadline || strcmp(today, c->deadline) <= 0) return CYCLE_OPEN;
    /* After the deadline: closed once its meeting has ended (no meeting fixed yet: not closed). */
    const char *end = c->ends ? c->ends : c->starts;
    return end && strcmp(today, end) > 0 ? CYCLE_CLOSED : CYCLE_DEADLINE_PASSED;
}

static void cycle_from(struct cycle *c, const struct store_cycle *r, const char *today)
{
    const struct template *t = template_get(r->year);
    *c = (struct cycle){
        r->year, r->meeting, r->meeting_name, r->kind, r->starts, r->ends, r->opens, r->deadline,
        r->template_year ? r->template_year : t ? r->year : 0, CYCLE_PLANNED,
    };
    c->status = cycle_status_on(c, today);
}

int cycle_list(struct store *s, struct arena *a, struct cycle **out, size_t *n, struct err *e)
{
    struct store_cycle *rows;
    if (store_cycles_list(s, a, &rows, n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    char today[11];
    cycle_today(today);
    *out = arena_array(a, *n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        if (rows[i].template_year) template_reuse(rows[i].year, rows[i].template_year);
        cycle_from(&(*out)[i], &rows[i], today);
    }
    return 0;
}

int cycle_read(struct store *s, struct arena *a, int year, struct cycle *out, struct err *e)
{
    struct cycle *v;
    size_t n;
    if (cycle_list(s, a, &v, &n, e) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (v[i].year == year) { *out = v[i]; return 0; }
    return err_set(e, ERR_NOT_FOUND, N_("There is no reporting cycle %s."), arena_printf(a, "%d", year));
}

int cycle_templates_load(struct store *s, struct err *e)
{
    struct arena a = ARENA_INIT;
    struct cycle *v;
    size_t n;
    int rc = cycle_list(s, &a, &v, &n, e);
    arena_cleanup(&a);
    return rc;
}

const struct cycle *cycle_current(const struct cycle *v, size_t n)
{
    const struct cycle *open = NULL, *planned = NULL, *passed = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct cycle *c = &v[i];
        if (c->year >= TEMPLATE_BENCH_FIRST) continue;
        if (c->status == CYCLE_OPEN && (!open || c->year > open->year)) open = c;
        if (c->status == CYCLE_PLANNED && (!planned || strcmp(c->opens, planned->opens) < 0)) planned = c;
        if (c->status == CYCLE_DEADLINE_PASSED && (!passed || strcmp(c->deadline, passed->deadline) > 0)) passed = c;
    }
    return open ? open : planned ? planned : passed;
}

const struct cycle *cycle_last_closed(const struct cycle *v, size_t n)
{
    const struct cycle *last = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].year < TEMPLATE_BENCH_FIRST && v[i].status == CYCLE_CLOSED && (!last || v[i].year > last->year)) last = &v[i];
    return last;
}

bool cycle_allows_start(enum cycle_status st)
{
    return st == CYCLE_OPEN || st == CYCLE_DEADLINE_PASSED;
}

bool cycle_report_late(const struct cycle *c, const char *submitted_at)
{
    if (!c || !c->deadline || !submitted_at || cycle_date_days(submitted_at) < 0) return false;
    return strncmp(submitted_at, c->deadline, 10) > 0;
}

const struct cycle *cycle_find(const struct cycle *v, size_t n, int year)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].year == year) return &v[i];
    return NULL;
}

bool cycle_submission_late(struct store *s, int year, const char *submitted_at)
{
    if (!submitted_at) return false;
    struct arena a = ARENA_INIT;
    struct cycle c;
    bool late = cycle_read(s, &a, year, &c, NULL) == 0 && cycle_report_late(&c, submitted_at);
    arena_cleanup(&a);
    return late;
}

/* ---- opening and changing ---- */

static void problem(struct cycle_problems *pb, enum cycle_field f, const char *msg, const char *arg)
{
    if (pb->msg[f]) return;        /* the first problem of a field is the one to fix first */
    pb->msg[f] = msg;
    pb->arg[f] = arg;
    pb->n++;
}

static bool given(const char *s) { return s && *s; }

/* A date field: required, or optional (may be empty).  True when it holds a date. */
static bool date_field(struct cycle_problems *pb, enum cycle_field f, const char *v, bool required)
{
    if (!given(v)) {
        if (required) problem(pb, f, N_("Enter the date as YYYY-MM-DD, for example 2027-06-01."), NULL);
        return false;
    }
    if (!is_date(v)) { problem(pb, f, N_("Enter a real date as YYYY-MM-DD, for example 2027-06-01."), NULL); return false; }
    return true;
}

/* The rules every cycle's dates follow: the deadline after the opening, the meeting after the deadline. */
static void dates_check(struct cycle_problems *pb, const char *opens, const char *deadline, const char *starts,
                        const char *ends)
{
    if (is_date(opens) && is_date(deadline) && strcmp(deadline, opens) <= 0)
        problem(pb, CYCLE_FIELD_DEADLINE, N_("The report deadline must be after the opening date."), NULL);
    if (is_date(deadline) && is_date(starts) && strcmp(starts, deadline) <= 0)
        problem(pb, CYCLE_FIELD_STARTS, N_("The meeting must start after the report deadline."), NULL);
    if (is_date(starts) && is_date(ends) && strcmp(ends, starts) < 0)
        problem(pb, CYCLE_FIELD_ENDS, N_("The meeting must end on or after the day it starts."), NULL);
}

static void audit(struct store *s, const struct principal *who, const char *action, const struct cycle *c)
{
    json_t *d = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:i}", "meeting", c->meeting, "opens", c->opens,
                          "deadline", c->deadline, "meeting_starts", c->starts, "meeting_ends", c->ends,
                          "template", c->template_year);
    audit_record(s, who, action, "cycle", c->year, d);
    json_decref(d);
}

/* A meeting code: letters and digits, at most 16 ("BMS10", "RevCon5"). */
static bool meeting_code_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isalnum((unsigned char)s[n])) return false;
    return n >= 2 && n <= 16;
}

static const char *meeting_kind(const char *code)
{
    return strncmp(code, "BMS", 3) == 0 ? "BMS" : strncmp(code, "RevCon", 6) == 0 ? "RevCon"
         : strncmp(code, "MGE", 3) == 0 ? "MGE" : "Conference";
}

static int commit_or_rollback(struct store *s, int rc, struct err *e)
{
    if (rc < 0) { store_tx_rollback(s); return -1; }
    if (store_tx_commit(s) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    return 0;
}

int cycle_open(struct store *s, struct arena *a, const struct principal *who, const struct cycle_new *in, bool save,
               struct cycle *out, struct cycle_problems *pb, struct err *e)
{
    memset(pb, 0, sizeof *pb);
    if (!authz_allowed(who, AUTHZ_CYCLES_MANAGE, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat opens reporting cycles."), NULL);
    struct cycle *v;
    size_t n;
    if (cycle_list(s, a, &v, &n, e) < 0) return -1;
    int last = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].year < TEMPLATE_BENCH_FIRST && v[i].year > last) last = v[i].year;

    /* the year */
    long year = 0;
    const char *y = in->year;
    if (!given(y)) {
        problem(pb, CYCLE_FIELD_YEAR, N_("Enter the year the reports fall due, for example %s."), arena_printf(a, "%d", last + 2));
    } else {
        char *end;
        year = strtol(y, &end, 10);
        if (*end || !isdigit((unsigned char)y[0]) || year < 2000 || year >= TEMPLATE_BENCH_FIRST) {
            problem(pb, CYCLE_FIELD_YEAR, N_("Enter the year as four digits, for example %s."), arena_printf(a, "%d", last + 2));
            year = 0;
        } else {
            bool exists = false;
            for (size_t i = 0; i < n; i++) exists |= v[i].year == year;
            if (exists) problem(pb, CYCLE_FIELD_YEAR, N_("There is already a %s cycle: change its dates instead."), arena_printf(a, "%ld", year));
            else if (year % 2) problem(pb, CYCLE_FIELD_YEAR, N_("Enter an even year: reports fall due every two years."), NULL);
            else if (year <= last) problem(pb, CYCLE_FIELD_YEAR, N_("Enter a year after the last cycle, %s."), arena_printf(a, "%d", last));
        }
    }

    /* the dates of the cycle */
    date_field(pb, CYCLE_FIELD_OPENS, in->opens, true);
    date_field(pb, CYCLE_FIELD_DEADLINE, in->deadline, true);

    /* the meeting: an existing one, or a new one with its name and dates */
    struct store_meeting m = { 0 };
    bool meeting_new = false;
    const char *starts = in->starts, *ends = in->ends;
    if (!given(in->meeting)) {
        problem(pb, CYCLE_FIELD_MEETING, N_("Enter the code of the meeting that closes the cycle, for example BMS10."), NULL);
    } else if (!meeting_code_ok(in->meeting)) {
        problem(pb, CYCLE_FIELD_MEETING, N_("Enter a meeting code of 2 to 16 letters and digits, for example BMS10."), NULL);
    } else {
        int rc = store_meeting_read(s, a, in->meeting, &m);
        if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
        meeting_new = rc == 1;
        if (!meeting_new && m.cycle)
            problem(pb, CYCLE_FIELD_MEETING, N_("%s already closes another cycle."), m.code);
        if (meeting_new) {
            if (!given(in->meeting_name))
                problem(pb, CYCLE_FIELD_MEETING_NAME, N_("Enter the meeting's name, for example Tenth Biennial Meeting of States (BMS10)."), NULL);
            else if (text_chars(in->meeting_name) > 200)
                problem(pb, CYCLE_FIELD_MEETING_NAME, N_("Enter a name of at most 200 characters."), NULL);
        }
        if (!given(starts) && !given(ends) && !meeting_new) { starts = m.starts; ends = m.ends; }
        if (!given(starts) && !given(ends) && !meeting_new && !m.starts)
            problem(pb, CYCLE_FIELD_STARTS, N_("%s has no dates yet: enter the days it starts and ends."), m.code);
    }
    if (given(in->meeting) && (meeting_new || given(in->starts) || given(in->ends))) {
        date_field(pb, CYCLE_FIELD_STARTS, starts, true);
        date_field(pb, CYCLE_FIELD_ENDS, ends, true);
    }
    dates_check(pb, in->opens, in->deadline, starts, ends);
    if (year && is_date(in->deadline) && atoi(in->deadline) > year)
        problem(pb, CYCLE_FIELD_DEADLINE, N_("The deadline must fall in the cycle's year or before it."), NULL);

    /* the template: its own file, else the one the cycle before it answers */
    int tpl = 0;
    if (year) {
        const struct template *own = template_get((int)year);
        if (own && own->cycle == year) tpl = (int)year;
        for (int c = (int)year - 1; !tpl && c >= 2000; c--) {
            const struct template *t = template_get(c);
            if (t) tpl = t->cycle;
        }
    }
    if (pb->n) return err_set(e, ERR_INVALID, N_("The cycle was not opened: correct the answers marked."), NULL);

    struct cycle c = {
        (int)year, arena_strdup(a, in->meeting), meeting_new ? arena_strdup(a, in->meeting_name) : m.name,
        meeting_new ? meeting_kind(in->meeting) : m.kind, arena_strdup(a, starts), arena_strdup(a, ends),
        arena_strdup(a, in->opens), arena_strdup(a, in->deadline), tpl, CYCLE_PLANNED,
    };
    char today[11];
    cycle_today(today);
    c.status = cycle_status_on(&c, today);
    if (out) *out = c;
    if (!save) return 0;

    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, N_("The database is busy: try again in a moment."), NULL);
    int rc = 0;
    if (meeting_new) {
        struct store_meeting nm = { c.meeting, c.meeting_kind, c.meeting_name, c.starts, c.ends, atoi(c.starts), 0 };
        rc = store_meeting_add(s, &nm) == 1 ? 0 : -1;
    } else if (given(in->starts) || given(in->ends)) {
        rc = store_meeting_dates_set(s, c.meeting, c.starts, c.ends) == 1 ? 0 : -1;
    }
    if (rc < 0) { err_set(e, ERR_STORE, NULL, NULL); return commit_or_rollback(s, -1, e); }
    int added = store_cycle_insert(s, c.year, c.meeting, c.opens, c.deadline, tpl == c.year ? 0 : tpl);
    if (added < 0) { err_set(e, ERR_STORE, NULL, NULL); return commit_or_rollback(s, -1, e); }
    if (added == 0) {
        err_set(e, ERR_CONFLICT, N_("A cycle for %s or a later year was opened meanwhile: reload and check."),
                arena_printf(a, "%d", c.year));
        return commit_or_rollback(s, -1, e);
    }
    audit(s, who, "cycle.open", &c);
    if (commit_or_rollback(s, 0, e) < 0) return -1;
    if (tpl && tpl != c.year) template_reuse(c.year, tpl);
    return 0;
}

int cycle_change(struct store *s, struct arena *a, const struct principal *who, int year, const struct cycle_dates *in,
                 bool save, struct cycle *out, struct cycle_problems *pb, struct err *e)
{
    memset(pb, 0, sizeof *pb);
    if (!authz_allowed(who, AUTHZ_CYCLES_MANAGE, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat changes the dates of reporting cycles."), NULL);
    struct cycle c;
    if (cycle_read(s, a, year, &c, e) < 0) return -1;
    if (c.status == CYCLE_CLOSED)
        return err_set(e, ERR_STATE, N_("The %s cycle is closed: its dates are part of the record and stay as they are."),
                       arena_printf(a, "%d", year));
    bool meeting_dates = given(in->starts) || given(in->ends);
    if (meeting_dates && !c.meeting)
        problem(pb, CYCLE_FIELD_STARTS, N_("This cycle has no meeting yet: its dates cannot be set."), NULL);
    if (given(in->opens) && date_field(pb, CYCLE_FIELD_OPENS, in->opens, true)) c.opens = arena_strdup(a, in->opens);
    if (given(in->deadline) && date_field(pb, CYCLE_FIELD_DEADLINE, in->deadline, true)) c.deadline = arena_strdup(a, in->deadline);
    if (given(in->starts) && date_field(pb, CYCLE_FIELD_STARTS, in->starts, true)) c.starts = arena_strdup(a, in->starts);
    if (given(in->ends) && date_field(pb, CYCLE_FIELD_ENDS, in->ends, true)) c.ends = arena_strdup(a, in->ends);
    if (c.starts && !c.ends) c.ends = c.starts;
    dates_check(pb, c.opens, c.deadline, c.starts, c.ends);
    if (is_date(c.deadline) && atoi(c.deadline) > year)
        problem(pb, CYCLE_FIELD_DEADLINE, N_("The deadline must fall in the cycle's year or before it."), NULL);
    if (pb->n) return err_set(e, ERR_INVALID, N_("The dates were not changed: correct the answers marked."), NULL);
    char today[11];
    cycle_today(today);
    c.status = cycle_status_on(&c, today);
    if (out) *out = c;
    if (!save) return 0;

    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, N_("The database is busy: try again in a moment."), NULL);
    int rc = store_cycle_dates_set(s, year, c.opens, c.deadline) == 1 ? 0 : -1;
    if (rc == 0 && meeting_dates) rc = store_meeting_dates_set(s, c.meeting, c.starts, c.ends) == 1 ? 0 : -1;
    if (rc < 0) { err_set(e, ERR_STORE, NULL, NULL); return commit_or_rollback(s, -1, e); }
    audit(s, who, "cycle.change", &c);
    return commit_or_rollback(s, 0, e);
}

void cycle_names_in(struct store *s, struct arena *a, struct cycle *v, size_t n, const char *lang)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].meeting) v[i].meeting_name = ref_name(s, a, "meeting", v[i].meeting, lang, v[i].meeting_name);
}

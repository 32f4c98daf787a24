/*
 * assist_stage: the procedure of a request (see assist_stage.h).
 *
 * Three tables are the whole of the rules: STAGES (a stage's id, label and whom it
 * waits for), CLOSES (the close reasons) and MOVES (from, to, who, with which reasons).  The
 * functions below only read them; a move is allowed when a row of MOVES has it, and refused
 * otherwise with the first sentence of refusal() that fits.  assist_stage_status() is the
 * one home of the stage -> request.status mapping.
 */
#include "domain/assist_stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/desk.h"
#include "domain/notify.h"
#include "store/assist_stage.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/text.h"

static const struct {
    const char *id, *msgid;
    unsigned waiting;
    const char *waiting_msgid;
} STAGES[ASSIST_STAGE_N] = {
    [ASSIST_STAGE_RECEIVED] = { "received", N_("Received"), ASSIST_WAIT_SECRETARIAT,
                                N_("The Secretariat, to acknowledge it") },
    [ASSIST_STAGE_ACKNOWLEDGED] = { "acknowledged", N_("Acknowledged"), ASSIST_WAIT_SECRETARIAT,
                                    N_("The Secretariat, to assess or circulate it") },
    [ASSIST_STAGE_ASSESSMENT] = { "assessment", N_("Under assessment"), ASSIST_WAIT_STATE | ASSIST_WAIT_PARTNERS,
                                  N_("The State and partners, to assess the needs") },
    [ASSIST_STAGE_CIRCULATED] = { "circulated", N_("Circulated to partners"), ASSIST_WAIT_PARTNERS,
                                  N_("Partners, to take it up") },
    [ASSIST_STAGE_MATCHED] = { "matched", N_("Matched"), ASSIST_WAIT_STATE | ASSIST_WAIT_PARTNERS,
                               N_("The State and its partner, to start a project") },
    [ASSIST_STAGE_IMPLEMENTATION] = { "implementation", N_("In implementation"), ASSIST_WAIT_PROJECT,
                                      N_("The project's parties, to carry it out") },
    [ASSIST_STAGE_COMPLETED] = { "completed", N_("Completed"), ASSIST_WAIT_NONE, "" },
    [ASSIST_STAGE_CLOSED] = { "closed", N_("Closed"), ASSIST_WAIT_NONE, "" },
};

static const struct { const char *id, *msgid; } CLOSES[ASSIST_CLOSE_N] = {
    [ASSIST_CLOSE_NONE] = { NULL, "" },
    [ASSIST_CLOSE_WITHDRAWN] = { "withdrawn", N_("Withdrawn by the State") },
    [ASSIST_CLOSE_DUPLICATE] = { "duplicate", N_("A duplicate of another request") },
    [ASSIST_CLOSE_FUNDED_ELSEWHERE] = { "funded_elsewhere", N_("Funded elsewhere") },
    [ASSIST_CLOSE_NOT_FEASIBLE] = { "not_feasible", N_("Not feasible") },
    [ASSIST_CLOSE_SUPERSEDED] = { "superseded", N_("Superseded by a later report") },
};

#define S(x) (1u << ASSIST_STAGE_##x)
#define R(x) (1u << ASSIST_CLOSE_##x)
#define OPEN (S(RECEIVED) | S(ACKNOWLEDGED) | S(ASSESSMENT) | S(CIRCULATED) | S(MATCHED) | S(IMPLEMENTATION))
#define SEC ASSIST_BY_SECRETARIAT
#define STATE ASSIST_BY_STATE
#define SYS ASSIST_BY_SYSTEM

/* The allowed moves: from (stage bits), to, who (ASSIST_BY_ bits), the close reasons (for closed). */
static const struct move { unsigned from; enum assist_stage to; unsigned by, reasons; } MOVES[] = {
    { S(RECEIVED), ASSIST_STAGE_ACKNOWLEDGED, SEC, 0 },
    { S(ACKNOWLEDGED), ASSIST_STAGE_ASSESSMENT, SEC, 0 },
    /* the assessment is optional; a match that fell through goes back to partners */
    { S(ACKNOWLEDGED) | S(ASSESSMENT) | S(MATCHED), ASSIST_STAGE_CIRCULATED, SEC, 0 },
    { S(CIRCULATED), ASSIST_STAGE_MATCHED, SEC | SYS, 0 },
    /* the State accepted a partner's interest before the request was circulated: matched all the same */
    { S(RECEIVED) | S(ACKNOWLEDGED) | S(ASSESSMENT), ASSIST_STAGE_MATCHED, SYS, 0 },
    { S(MATCHED), ASSIST_STAGE_IMPLEMENTATION, SEC | SYS, 0 },   /* a project started */
    { S(IMPLEMENTATION), ASSIST_STAGE_MATCHED, SEC | SYS, 0 },   /* its project was cancelled */
    { S(IMPLEMENTATION), ASSIST_STAGE_COMPLETED, SEC | SYS, 0 }, /* its project completed */
    { OPEN, ASSIST_STAGE_CLOSED, SEC, R(WITHDRAWN) | R(DUPLICATE) | R(FUNDED_ELSEWHERE) | R(NOT_FEASIBLE) },
    { OPEN, ASSIST_STAGE_CLOSED, STATE, R(WITHDRAWN) },
    { OPEN, ASSIST_STAGE_CLOSED, SYS, R(WITHDRAWN) | R(SUPERSEDED) },   /* a later version or report */
    { S(CLOSED), ASSIST_STAGE_RECEIVED, SEC | SYS, 0 },   /* reopened; a report publishes the row again */
};

const char *assist_stage_id(enum assist_stage st) { return (unsigned)st < ASSIST_STAGE_N ? STAGES[st].id : ""; }

int assist_stage_parse(const char *id)
{
    for (int i = 0; id && i < ASSIST_STAGE_N; i++)
        if (strcmp(id, STAGES[i].id) == 0) return i;
    return -1;
}

const char *assist_stage_msgid(enum assist_stage st) { return (unsigned)st < ASSIST_STAGE_N ? STAGES[st].msgid : ""; }
unsigned assist_stage_waiting(enum assist_stage st) { return (unsigned)st < ASSIST_STAGE_N ? STAGES[st].waiting : 0; }
const char *assist_stage_waiting_msgid(enum assist_stage st)
{
    return (unsigned)st < ASSIST_STAGE_N ? STAGES[st].waiting_msgid : "";
}
const char *assist_close_id(enum assist_close r) { return (unsigned)r < ASSIST_CLOSE_N ? CLOSES[r].id : NULL; }

int assist_close_parse(const char *id)
{
    if (!id || !*id) return ASSIST_CLOSE_NONE;
    for (int i = 1; i < ASSIST_CLOSE_N; i++)
        if (strcmp(id, CLOSES[i].id) == 0) return i;
    return -1;
}

const char *assist_close_msgid(enum assist_close r) { return (unsigned)r < ASSIST_CLOSE_N ? CLOSES[r].msgid : ""; }

const char *assist_stage_status(enum assist_stage st, enum assist_close r)
{
    switch (st) {
    case ASSIST_STAGE_MATCHED:
    case ASSIST_STAGE_IMPLEMENTATION: return "matched";
    case ASSIST_STAGE_COMPLETED: return "closed";
    case ASSIST_STAGE_CLOSED:
        return r == ASSIST_CLOSE_WITHDRAWN ? "withdrawn" : r == ASSIST_CLOSE_SUPERSEDED ? "superseded" : "closed";
    default: return "open";
    }
}

/* Why the table has no move from -> to, in plain words (for any actor). */
static const char *refusal(enum assist_stage from, enum assist_stage to)
{
    if (from == to) return N_("The request is already in this stage.");
    if (from == ASSIST_STAGE_COMPLETED) return N_("A completed request does not move any more.");
    if (from == ASSIST_STAGE_CLOSED) return N_("A closed request must be reopened as received before it moves on.");
    if (to == ASSIST_STAGE_RECEIVED) return N_("Only a closed request can be reopened as received.");
    if (to < from) return N_("A request does not go back to an earlier stage of the procedure.");
    if (from == ASSIST_STAGE_RECEIVED) {
        if (to == ASSIST_STAGE_ASSESSMENT) return N_("A request that is received must be acknowledged before it is assessed.");
        if (to == ASSIST_STAGE_CIRCULATED) return N_("A request that is received must be acknowledged before it is circulated.");
        if (to == ASSIST_STAGE_MATCHED)
            return N_("A request that is received must be acknowledged and circulated before it is matched.");
    }
    if (to == ASSIST_STAGE_MATCHED) return N_("A request must be circulated to partners before it is matched.");
    if (to == ASSIST_STAGE_IMPLEMENTATION) return N_("A request goes into implementation only once it is matched.");
    if (to == ASSIST_STAGE_COMPLETED) return N_("A request is completed only after its implementation.");
    return N_("The procedure does not allow this move.");
}

/* Whether actors may make a move to `to` (closing for reason) from some stage. */
static bool may_ever(enum assist_stage to, enum assist_close reason, unsigned actors)
{
    for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
        if (MOVES[i].to == to && (MOVES[i].by & actors) && (to != ASSIST_STAGE_CLOSED || (MOVES[i].reasons & (1u << reason))))
            return true;
    return false;
}

enum assist_move_check assist_stage_check(enum assist_stage from, enum assist_stage to, enum assist_close reason,
                                          unsigned actors, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    bool exists = false, for_other_reason = false;
    if ((unsigned)from < ASSIST_STAGE_N && (unsigned)to < ASSIST_STAGE_N)
        for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++) {
            const struct move *m = &MOVES[i];
            if (!(m->from & (1u << from)) || m->to != to) continue;
            if (to == ASSIST_STAGE_CLOSED && !(m->reasons & (1u << reason))) {
                if (m->by & actors) for_other_reason = true;
                continue;
            }
            if (m->by & actors) return ASSIST_MOVE_OK;
            exists = true;
        }
    if (exists || for_other_reason) {
        if (reason == ASSIST_CLOSE_SUPERSEDED) *why = N_("A request is superseded only by a later report of its State.");
        else if (actors == ASSIST_BY_STATE) *why = N_("A focal point may withdraw its State's request; the Secretariat makes the other moves.");
        else if (actors & ASSIST_BY_SECRETARIAT) *why = N_("This move is made by the system, when a project or a report says so.");
        else *why = N_("Only the Secretariat moves a request through the procedure.");
        return ASSIST_MOVE_NOT_YOURS;
    }
    /* Who may make no move to `to` from any stage (a focal point only withdraws) is told so (403), not that the
       procedure does not allow it from here (409): the rights first, then the request's stage. */
    if (!(actors & ASSIST_BY_SECRETARIAT) && (unsigned)to < ASSIST_STAGE_N && !may_ever(to, reason, actors)) {
        *why = actors == ASSIST_BY_STATE ? N_("A focal point may withdraw its State's request; the Secretariat makes the other moves.")
                                         : N_("Only the Secretariat moves a request through the procedure.");
        return ASSIST_MOVE_NOT_YOURS;
    }
    *why = refusal(from, to);
    return ASSIST_MOVE_REFUSED;
}

unsigned assist_stage_close_reasons(enum assist_stage from, unsigned actors)
{
    unsigned r = 0;
    for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
        if (MOVES[i].to == ASSIST_STAGE_CLOSED && (MOVES[i].from & (1u << from)) && (MOVES[i].by & actors)) r |= MOVES[i].reasons;
    return r;
}

size_t assist_stage_next(enum assist_stage from, unsigned actors, enum assist_stage out[ASSIST_STAGE_N])
{
    size_t n = 0;
    for (int to = 0; to < ASSIST_STAGE_N; to++)
        for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
            if (MOVES[i].to == (enum assist_stage)to && (MOVES[i].from & (1u << from)) && (MOVES[i].by & actors)) {
                out[n++] = (enum assist_stage)to;
                break;
            }
    return n;
}

unsigned assist_stage_actors(const struct principal *who, const char *state_iso3)
{
    unsigned a = 0;
    if (!who) return 0;
    if (authz_allowed(who, AUTHZ_ASSIST_PROCESS, state_iso3)) a |= ASSIST_BY_SECRETARIAT;
    if (who->role == ROLE_FOCAL_POINT && authz_allowed(who, AUTHZ_REQUEST_ANSWER, state_iso3)) a |= ASSIST_BY_STATE;
    return a;
}

/* ---------------------------------------------------------------- moves */

static void audit(struct store *s, long long user_id, const char *actor, long long id, const char *from, const char *to,
                  const char *reason, const char *note)
{
    json_t *d = json_pack("{s:s, s:s}", "from", from, "stage", to);
    if (reason) json_object_set_new(d, "reason", json_string(reason));
    if (note && *note) json_object_set_new(d, "note", json_string(note));
    char obj[48], *dump = json_dumps(d, JSON_COMPACT);
    snprintf(obj, sizeof obj, "request:%lld", id);
    store_audit_add(s, user_id, actor, "request.stage", obj, dump);
    free(dump);
    json_decref(d);
}

/*
 * The one move inside the open transaction.  who NULL: the domain's own move (the system's
 * row of the table), else the asker's rows.  same_ok: a move to the current stage is a no-op.
 */
/*
 * Who hears of a person's move (in its transaction): the requesting State's focal points of
 * every move the Secretariat makes (acknowledged has its own message); the Secretariat when
 * the State withdraws its request.  The system's moves are told by what caused them (a
 * partner's interest accepted, a project completed, a report published).
 */
static int tell(struct store *s, struct arena *a, const struct principal *who, long long id, const char *iso3,
                enum assist_stage to, enum assist_close r, const char *note)
{
    struct store_request q;
    if (store_request_get(s, a, "en", id, &q) != 0) return -1;
    const char *object = arena_printf(a, "/assistance/requests/%lld", id);
    json_t *p = json_pack("{s:s, s:s}", "title", q.title ? q.title : "", "note", note ? note : "");
    if (!p) return -1;
    const char *label = r != ASSIST_CLOSE_NONE ? assist_close_msgid(r) : assist_stage_msgid(to);
    json_object_set_new(p, "stage", json_pack("{s:s}", "msgid", label));
    int k;
    if (who && who->role == ROLE_FOCAL_POINT) k = notify_secretariat(s, NOTIFY_STAGE_MOVED, object, p, NULL);
    else k = notify_state(s, iso3, to == ASSIST_STAGE_ACKNOWLEDGED ? NOTIFY_REQUEST_ACKNOWLEDGED : NOTIFY_STAGE_MOVED, object, p, NULL);
    json_decref(p);
    return k < 0 ? -1 : 0;
}

static int move_in(struct store *s, struct arena *a, const struct principal *who, unsigned sys_actors, long long user_id, long long id,
                   const char *stage, const char *reason, const char *note, const char *at, bool synthetic, bool same_ok,
                   struct err *e)
{
    int to = assist_stage_parse(stage);
    if (to < 0) return err_set(e, ERR_INVALID, N_("Choose a stage of the procedure."), "stage");
    int r = assist_close_parse(reason);
    if (r < 0) return err_set(e, ERR_INVALID, N_("Choose one of the reasons for closing a request."), "reason");
    if (to == ASSIST_STAGE_CLOSED && r == ASSIST_CLOSE_NONE)
        return err_set(e, ERR_INVALID, N_("Say why the request is closed: choose a reason."), "reason");
    if (to != ASSIST_STAGE_CLOSED && r != ASSIST_CLOSE_NONE)
        return err_set(e, ERR_INVALID, N_("A reason is given only when a request is closed."), "reason");
    if (text_chars(note) > ASSIST_STAGE_NOTE_MAX) return err_set(e, ERR_INVALID, N_("The note is at most 2,000 characters."), "note");

    struct store_stage_row row;
    int g = store_request_stage_read(s, a, id, &row);
    if (g < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (g > 0) return err_set(e, ERR_NOT_FOUND, N_("There is no such request."), NULL);
    unsigned actors = sys_actors;
    if (who) {
        actors = assist_stage_actors(who, row.iso3);
        if (!actors) return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat moves a request through the procedure."), NULL);
    }
    int from = assist_stage_parse(row.stage);
    if (from < 0) from = ASSIST_STAGE_RECEIVED;
    if (from == to && same_ok) return 0;
    const char *why = NULL;
    enum assist_move_check c = assist_stage_check((enum assist_stage)from, (enum assist_stage)to, (enum assist_close)r, actors, &why);
    if (c == ASSIST_MOVE_NOT_YOURS) return err_set(e, ERR_FORBIDDEN, why, NULL);
    if (c != ASSIST_MOVE_OK) return err_set(e, ERR_CONFLICT, why, NULL);

    const char *rid = assist_close_id((enum assist_close)r);
    if (store_request_stage_write(s, id, stage, rid, assist_stage_status((enum assist_stage)to, (enum assist_close)r), at) != 0 ||
        store_request_stage_add(s, id, stage, rid, note, user_id, at, synthetic) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    /* A person's move is audited; the system's (user_id 0: a publication's sync, hundreds at once) is in the
       request's history, and what caused it (the publication) in the audit log. */
    if (who || user_id > 0) {
        const char *actor = who ? (who->username[0] ? who->username : "cli") : store_user_username(s, a, user_id);
        audit(s, user_id, actor ? actor : "system", id, row.stage, stage, rid, note);
        if (tell(s, a, who, id, row.iso3, (enum assist_stage)to, (enum assist_close)r, note) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    }
    return 0;
}

int assist_stage_move(struct store *s, const struct principal *who, long long request_id, const char *stage,
                      const char *reason, const char *note, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    if (!who) { err_set(e, ERR_FORBIDDEN, NULL, NULL); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    if (move_in(s, &a, who, 0, who->user_id, request_id, stage, reason, note, NULL, false, false, e) < 0) {
        store_tx_rollback(s);
        goto done;
    }
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

int assist_stage_move_as_tx(struct store *s, const struct principal *who, long long request_id, const char *stage,
                            const char *reason, const char *note, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = who ? move_in(s, &a, who, 0, who->user_id, request_id, stage, reason, note, NULL, false, false, e)
                 : err_set(e, ERR_FORBIDDEN, NULL, NULL);
    arena_cleanup(&a);
    return rc;
}

int assist_stage_move_at(struct store *s, long long user_id, long long request_id, const char *stage, const char *reason,
                         const char *note, const char *at, bool synthetic, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = move_in(s, &a, NULL, ASSIST_BY_SYSTEM | (user_id > 0 ? ASSIST_BY_SECRETARIAT : 0), user_id, request_id, stage,
                     reason, note, at, synthetic, true, e);
    arena_cleanup(&a);
    return rc;
}

int assist_stage_move_tx(struct store *s, long long user_id, long long request_id, const char *stage, const char *reason,
                         const char *note, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = move_in(s, &a, NULL, ASSIST_BY_SYSTEM, user_id, request_id, stage, reason, note, NULL, false, true, e);
    arena_cleanup(&a);
    return rc;
}

/* ---------------------------------------------------------------- reads */

int assist_stage_targets(struct store *s, struct arena *a, struct assist_stage_target out[ASSIST_STAGE_OPEN_N], struct err *e)
{
    struct store_stage_target *rows;
    size_t n;
    for (int i = 0; i < ASSIST_STAGE_OPEN_N; i++) out[i] = (struct assist_stage_target){ (enum assist_stage)i, 0, NULL, NULL };
    if (store_stage_targets_list(s, a, &rows, &n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        int st = assist_stage_parse(rows[i].stage);
        if (st < 0 || st >= ASSIST_STAGE_OPEN_N) continue;
        out[st].days = rows[i].days;
        out[st].updated_by = rows[i].updated_by;
        out[st].updated_at = rows[i].updated_at;
    }
    return 0;
}

int assist_stage_targets_set(struct store *s, const struct principal *who, json_t *in,
                             struct assist_stage_field_error errs[ASSIST_STAGE_N + 1], size_t *nerrs, struct err *e)
{
    *nerrs = 0;
    if (!who || !authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat sets the target days of the procedure."), NULL);
    if (!json_is_object(in) || !json_object_size(in))
        return err_set(e, ERR_INVALID, N_("Give the target days of one or more stages, as an object {stage: days}."), NULL);
    int days[ASSIST_STAGE_OPEN_N];
    bool set[ASSIST_STAGE_OPEN_N] = { 0 };
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        int st = assist_stage_parse(key);
        if (st < 0 || st >= ASSIST_STAGE_OPEN_N) {
            if (*nerrs < ASSIST_STAGE_N)
                errs[(*nerrs)++] = (struct assist_stage_field_error){ key, N_("This is not a stage with a target: the stages "
                                                                              "from received to implementation have one.") };
            continue;
        }
        double d = json_is_number(v) ? json_number_value(v) : -1;
        if (!json_is_integer(v) || d < 1 || d > ASSIST_TARGET_DAYS_MAX) {
            if (*nerrs < ASSIST_STAGE_N)
                errs[(*nerrs)++] = (struct assist_stage_field_error){ STAGES[st].id, N_("Enter a whole number of days from 1 to 3650.") };
            continue;
        }
        days[st] = (int)d;
        set[st] = true;
    }
    if (*nerrs) return err_set(e, ERR_INVALID, N_("Some target days are not valid."), NULL);
    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, NULL, NULL);
    for (int i = 0; i < ASSIST_STAGE_OPEN_N; i++)
        if (set[i] && store_stage_target_set(s, STAGES[i].id, days[i], who->user_id) != 0) {
            store_tx_rollback(s);
            return err_set(e, ERR_STORE, NULL, NULL);
        }
    char *dump = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    store_audit_add(s, who->user_id, who->username[0] ? who->username : "cli", "stage.targets", NULL, dump);
    free(dump);
    if (store_tx_commit(s) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    return 0;
}

/* Who made a step, as the asker may see it: names to signed-in users, roles to the public. */
static void step_by(const struct principal *who, const struct store_stage_step *x, struct assist_stage_step *out)
{
    out->by_system = x->user_id == 0;
    out->by_msgid = false;
    out->by = "";
    if (out->by_system) return;
    bool signed_in = who && who->role != ROLE_PUBLIC && who->user_id > 0;
    if (signed_in && x->user_name) { out->by = x->user_name; return; }
    out->by_msgid = true;
    out->by = x->user_role && strcmp(x->user_role, "focal_point") == 0 ? N_("The requesting State")
            : x->user_role && strcmp(x->user_role, "partner") == 0   ? N_("A partner")
                                                                     : N_("UN Secretariat");
}

int assist_stage_get(struct store *s, struct arena *a, const struct principal *who, long long request_id, time_t now,
                     struct assist_stage_now *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_request q;
    int g = store_request_get(s, a, "en", request_id, &q);
    if (g < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (g > 0) return err_set(e, ERR_NOT_FOUND, N_("There is no such request."), NULL);
    struct store_stage_step *rows;
    size_t n;
    struct assist_stage_target t[ASSIST_STAGE_OPEN_N];
    if (store_request_stages_list(s, a, request_id, &rows, &n) < 0 || assist_stage_targets(s, a, t, e) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    int st = assist_stage_parse(q.stage);
    if (st < 0) st = ASSIST_STAGE_RECEIVED;
    out->stage = STAGES[st].id;
    out->stage_since = q.stage_since;
    out->close_reason = st == ASSIST_STAGE_CLOSED ? q.close_reason : NULL;
    out->days_in_stage = desk_days_since(q.stage_since, now);
    if (out->days_in_stage < 0) out->days_in_stage = 0;
    out->target = st < ASSIST_STAGE_OPEN_N ? t[st].days : 0;
    out->overdue = out->target > 0 && out->days_in_stage > out->target;
    out->steps = arena_array(a, n ? n : 1, sizeof *out->steps);
    for (size_t i = 0; i < n; i++) {
        struct assist_stage_step *x = &out->steps[out->nsteps++];
        x->stage = rows[i].stage;
        x->reason = rows[i].reason;
        x->note = rows[i].note ? rows[i].note : "";
        x->at = rows[i].at;
        x->synthetic = rows[i].synthetic;
        step_by(who, &rows[i], x);
    }
    unsigned actors = assist_stage_actors(who, q.iso3);
    out->nnext = assist_stage_next((enum assist_stage)st, actors & ASSIST_BY_SECRETARIAT, out->next);
    out->close_reasons = assist_stage_close_reasons((enum assist_stage)st, actors);
    out->can_withdraw = (actors & ASSIST_BY_STATE) &&
                        (assist_stage_close_reasons((enum assist_stage)st, ASSIST_BY_STATE) & (1u << ASSIST_CLOSE_WITHDRAWN));
    return 0;
}

int assist_stage_notify_overdue(struct store *s, time_t now)
{
    struct arena a = ARENA_INIT;
    struct assist_overdue *v;
    size_t n;
    int added = 0;
    if (assist_stage_overdue(s, &a, now, &v, &n) < 0) added = -1;
    for (size_t i = 0; added >= 0 && i < n; i++) {
        json_t *p = json_pack("{s:s, s:{s:s}, s:i}", "title", v[i].title ? v[i].title : "", "stage", "msgid",
                              assist_stage_msgid((enum assist_stage)assist_stage_parse(v[i].stage)), "days", v[i].days_in_stage);
        /* once per stay in a stage: the key names the request, the stage and when it was entered */
        const char *dedup = arena_printf(&a, "overdue:%lld:%s:%s", v[i].request_id, v[i].stage, v[i].stage_since);
        int k = p ? notify_secretariat(s, NOTIFY_STAGE_OVERDUE, arena_printf(&a, "/assistance/requests/%lld", v[i].request_id), p, dedup)
                  : -1;
        json_decref(p);
        added = k < 0 ? -1 : added + k;
    }
    arena_cleanup(&a);
    return added;
}

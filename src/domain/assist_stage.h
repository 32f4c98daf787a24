/*
 * assist_stage: the Secretariat's structured procedure for requests for assistance (PoA
 * BMS8 outcome, para 88; migrations/0011_procedure.sql).
 *
 * A request moves through named stages: received -> acknowledged -> assessment ->
 * circulated -> matched -> implementation -> completed, or closed with a reason.  The
 * allowed moves are ONE table (MOVES in assist_stage.c): from, to, who may make it (the
 * Secretariat, the requesting State's focal points, the system).  A move that is not in it
 * is refused with a reason in plain words.  Closing needs a reason; no other move takes one.
 *
 * This module is the one home of the mapping stage -> request.status (the coarse status the
 * lists filter on): received..circulated: open; matched, implementation: matched;
 * completed: closed; closed: withdrawn or superseded after its reason, else closed.  Nothing
 * else writes request.status or request.stage.
 *
 * Every move writes, in one transaction: a request_stage row (stage, reason, note, who,
 * when), request.stage, stage_since, close_reason, status and updated_at, and the audit log
 * ("request.stage") for a move made by someone (the system's moves, user 0, are in the
 * history only: the publication that caused them is audited).  The Secretariat sets a target number of days for each open stage
 * (stage_target); a request longer in its stage than the target is overdue.
 *
 * The desk (assist_desk_get) is the Secretariat's read of the procedure: requests by stage,
 * days in the stage against the target, what each is waiting for and from whom, and possible
 * duplicates.
 *
 * Values returned live in the caller's arena.  Functions return 0, or -1 with e.  Days are
 * whole days (UTC) counted from now.
 */
#ifndef POAISS_DOMAIN_ASSIST_STAGE_H
#define POAISS_DOMAIN_ASSIST_STAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

enum assist_stage {
    ASSIST_STAGE_RECEIVED,
    ASSIST_STAGE_ACKNOWLEDGED,
    ASSIST_STAGE_ASSESSMENT,
    ASSIST_STAGE_CIRCULATED,
    ASSIST_STAGE_MATCHED,
    ASSIST_STAGE_IMPLEMENTATION,
    ASSIST_STAGE_COMPLETED,
    ASSIST_STAGE_CLOSED,
    ASSIST_STAGE_N
};
#define ASSIST_STAGE_OPEN_N ASSIST_STAGE_COMPLETED   /* the stages before it have a target */

enum assist_close {
    ASSIST_CLOSE_NONE,                  /* not closed */
    ASSIST_CLOSE_WITHDRAWN,
    ASSIST_CLOSE_DUPLICATE,
    ASSIST_CLOSE_FUNDED_ELSEWHERE,
    ASSIST_CLOSE_NOT_FEASIBLE,
    ASSIST_CLOSE_SUPERSEDED,            /* by a later report (the system only) */
    ASSIST_CLOSE_N
};

/* Who may make a move (bits). */
enum assist_actor {
    ASSIST_BY_SECRETARIAT = 1,
    ASSIST_BY_STATE = 2,                /* the requesting State's focal points */
    ASSIST_BY_SYSTEM = 4,               /* a report's publication, a project's start or completion */
};

/* Whom a stage waits for (bits). */
enum assist_waiting {
    ASSIST_WAIT_NONE = 0,
    ASSIST_WAIT_SECRETARIAT = 1,
    ASSIST_WAIT_STATE = 2,
    ASSIST_WAIT_PARTNERS = 4,
    ASSIST_WAIT_PROJECT = 8,            /* the parties of the project */
};

#define ASSIST_STAGE_NOTE_MAX 2000      /* characters */
#define ASSIST_TARGET_DAYS_MAX 3650

/* ---- the stages and reasons as values ---- */

/** The stored id of a stage ("received"); "" for an out-of-range value. */
const char *assist_stage_id(enum assist_stage st);
/** Parse a stored stage id; -1 when unknown. */
int assist_stage_parse(const char *id);
/** The label of a stage: an English msgid (N_()), to translate at the edge. */
const char *assist_stage_msgid(enum assist_stage st);
/** Whom a stage waits for (ASSIST_WAIT_ bits), and that in words (an English msgid; "" for none). */
unsigned assist_stage_waiting(enum assist_stage st);
const char *assist_stage_waiting_msgid(enum assist_stage st);
/** The stored id of a close reason ("funded_elsewhere"); NULL for ASSIST_CLOSE_NONE. */
const char *assist_close_id(enum assist_close r);
/** Parse a stored close reason; -1 when unknown (NULL or "" is ASSIST_CLOSE_NONE). */
int assist_close_parse(const char *id);
/** The label of a close reason (an English msgid). */
const char *assist_close_msgid(enum assist_close r);
/** The coarse request.status of a stage and close reason (the one home of this mapping). */
const char *assist_stage_status(enum assist_stage st, enum assist_close r);

/* ---- the table of moves ---- */

/* What the table says of a move. */
enum assist_move_check {
    ASSIST_MOVE_OK,
    ASSIST_MOVE_NOT_YOURS,              /* in the table, but for another actor (or another reason), or a move to a stage
                                           that no row lets a non-Secretariat actor make from anywhere: 403 */
    ASSIST_MOVE_REFUSED,                /* not in the table: 409 */
};
/**
 * Is the move from -> to with reason (ASSIST_CLOSE_NONE unless to is closed) allowed to an
 * actor with these ASSIST_BY_ bits?  When not, *why (may be NULL) gets an English msgid
 * saying why in plain words ("A request that is received must be acknowledged before it is
 * circulated.").
 */
enum assist_move_check assist_stage_check(enum assist_stage from, enum assist_stage to, enum assist_close reason,
                                          unsigned actors, const char **why);
/** The close reasons (bits 1u << reason) an actor may close a request in stage from with. */
unsigned assist_stage_close_reasons(enum assist_stage from, unsigned actors);
/** The stages an actor may move a request in stage from to, in order; how many (at most ASSIST_STAGE_N). */
size_t assist_stage_next(enum assist_stage from, unsigned actors, enum assist_stage out[ASSIST_STAGE_N]);
/** The ASSIST_BY_ bits of a principal for a request of state_iso3. */
unsigned assist_stage_actors(const struct principal *who, const char *state_iso3);

/* ---- moves ---- */

/*
 * Own transaction; authz inside (the Secretariat; a focal point may only close its own
 * State's request with reason "withdrawn"); a move not in the table is ERR_INVALID/ERR_CONFLICT
 * with a message saying why.
 * Errors: ERR_NOT_FOUND (no such request), ERR_INVALID (unknown stage or reason, a reason
 * missing for closing or given for another stage, a note too long), ERR_FORBIDDEN,
 * ERR_CONFLICT (the move is not in the table; e->msg says why), ERR_STORE / ERR_BUSY.
 */
int assist_stage_move(struct store *s, const struct principal *who, long long request_id,
                      const char *stage, const char *reason, const char *note, struct err *e);
/*
 * Inside the caller's write transaction, no authz (the domain's own moves: a project started
 * -> implementation, a project completed -> completed). user_id 0: the system.  The move
 * must be in the table for the system (ASSIST_BY_SYSTEM), whoever user_id is (it is recorded
 * as who made it).  Moving to the stage the request is in already is a no-op (0).  A move the
 * table refuses is ERR_CONFLICT / ERR_FORBIDDEN and changes nothing: the caller may go on.
 */
int assist_stage_move_tx(struct store *s, long long user_id, long long request_id,
                         const char *stage, const char *reason, const char *note, struct err *e);
/**
 * Like assist_stage_move, inside the caller's write transaction (a request's edit that
 * withdraws it).
 */
int assist_stage_move_as_tx(struct store *s, const struct principal *who, long long request_id, const char *stage,
                            const char *reason, const char *note, struct err *e);
/**
 * Like assist_stage_move_tx, with the time of the move given (at: ISO 8601 UTC, NULL: now) and
 * the history row marked synthetic: for the demo.  user_id > 0 may also make the Secretariat's
 * moves (the demo's Secretariat account).
 */
int assist_stage_move_at(struct store *s, long long user_id, long long request_id, const char *stage, const char *reason,
                         const char *note, const char *at, bool synthetic, struct err *e);

/* ---- reads ---- */

/** One step of a request's history: the stage it entered. */
struct assist_stage_step {
    const char *stage, *reason;         /* reason: NULL unless closed */
    const char *note;
    const char *by;                     /* a name for signed-in askers; for the public an English msgid
                                           ("UN Secretariat", "The requesting State"); "" for the system */
    bool by_msgid;                      /* by is a msgid to translate */
    bool by_system;                     /* a report's publication, a project (no one by name) */
    bool synthetic;
    const char *at;                     /* ISO 8601 UTC */
};

/** Where a request stands in the procedure. */
struct assist_stage_now {
    const char *stage, *stage_since, *close_reason;   /* close_reason NULL unless closed */
    int days_in_stage;
    int target;                         /* days; 0: none (completed, closed) */
    bool overdue;
    struct assist_stage_step *steps;    /* oldest first */
    size_t nsteps;
    enum assist_stage next[ASSIST_STAGE_N];   /* the moves the asker may make */
    size_t nnext;
    unsigned close_reasons;             /* reasons the asker may close it with (bits 1u << enum assist_close) */
    bool can_withdraw;                  /* the asker is the State's focal point and may close it as withdrawn */
};

/**
 * The procedure of a request as who may see it (requests are public; staff names of the
 * Secretariat are shown to signed-in users, "UN Secretariat" to the public).  ERR_NOT_FOUND
 * when there is no such request.
 */
int assist_stage_get(struct store *s, struct arena *a, const struct principal *who, long long request_id, time_t now,
                     struct assist_stage_now *out, struct err *e);

/* ---- targets ---- */

struct assist_stage_target {
    enum assist_stage stage;
    int days;
    const char *updated_by, *updated_at;   /* NULL: the default of the migration */
};
/** The targets of the open stages (ASSIST_STAGE_OPEN_N entries, in stage order).  Anyone may read them. */
int assist_stage_targets(struct store *s, struct arena *a, struct assist_stage_target out[ASSIST_STAGE_OPEN_N], struct err *e);
/**
 * Set targets (the Secretariat): in is an object {stage: days, ...} of some open stages, days a
 * whole number 1..ASSIST_TARGET_DAYS_MAX.  ERR_INVALID with errs (field: the stage id) for a bad
 * value or an unknown stage.  errs: at least ASSIST_STAGE_N entries of {field, msg}.
 */
struct assist_stage_field_error { const char *field, *msg; };
int assist_stage_targets_set(struct store *s, const struct principal *who, json_t *in,
                             struct assist_stage_field_error errs[ASSIST_STAGE_N + 1], size_t *nerrs, struct err *e);

/* ---- the Secretariat's desk ---- */

struct assist_desk_row {
    long long id;
    const char *iso3, *state_name, *region, *title, *category;
    enum assist_stage stage;
    const char *stage_since;
    int days_in_stage, target;          /* target 0: none */
    bool overdue;
    unsigned waiting;                   /* ASSIST_WAIT_ bits */
    long long duplicate_of;             /* 0: none; else another request's id */
    const char *duplicate_title;
    const char *duplicate_why;          /* msgid: "same State, category and period" / "already in a project" */
    bool synthetic;
};

struct assist_desk_filter {
    int stage;                          /* -1: every open stage (received..implementation); else that stage */
    bool overdue_only;
    const char *region;                 /* an M49 code, NULL: all */
};

struct assist_desk {
    int counts[ASSIST_STAGE_N];         /* requests in each stage (whole database, not filtered) */
    int overdue;                        /* overdue requests (not filtered) */
    struct assist_desk_row *rows;       /* filtered; longest overdue first, then days in stage */
    size_t n;
    struct assist_stage_target targets[ASSIST_STAGE_OPEN_N];
};

/** The desk (the Secretariat and admins, AUTHZ_ASSIST_ALL; else ERR_FORBIDDEN). */
int assist_desk_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                    const struct assist_desk_filter *f, struct assist_desk *out, struct err *e);

/** An overdue request, for the notification sweep. */
struct assist_overdue {
    long long request_id;
    const char *iso3, *title, *stage, *stage_since;
    int days_in_stage, target;
};
/**
 * The requests longer in their stage than its target at now (no authz: for the sweep), longest
 * over first.  0, or -1 on a database error.
 */
int assist_stage_overdue(struct store *s, struct arena *a, time_t now, struct assist_overdue **out, size_t *n);
/**
 * A source of the notification sweep (notify.h): tell the Secretariat of each request overdue
 * at now, once per stay in a stage.  Inside the sweep's transaction; how many messages were
 * added, or -1.
 */
int assist_stage_notify_overdue(struct store *s, time_t now);

#endif

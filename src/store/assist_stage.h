/*
 * store/assist_stage: the rows of the procedure (migrations/0011_procedure.sql): a request's
 * stage columns, its history (request_stage), the stage targets (stage_target), and the reads
 * of the Secretariat's assistance desk.  Which moves are allowed, and the status a stage
 * gives, are decided in domain/assist_stage.c, never here.
 *
 * Functions marked "writer" run on the writer connection and need an open transaction
 * (store_tx_begin), so they see the transaction's own rows.  Reads copy rows into the
 * caller's arena.  0 on success, 1 for "not found", -1 on a database error (logged).
 */
#ifndef POAISS_STORE_ASSIST_STAGE_H
#define POAISS_STORE_ASSIST_STAGE_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* Where a request stands (writer). */
struct store_stage_row {
    long long id;
    const char *iso3, *stage, *stage_since, *close_reason;
    long long last_user;                /* who made the latest move: 0 the system */
};
int store_request_stage_read(struct store *s, struct arena *a, long long id, struct store_stage_row *out);

/**
 * Writer: set a request's stage, close_reason (NULL: none), status, and stage_since and
 * updated_at to at (ISO 8601 UTC, NULL: now).  1 when there is no such request.
 */
int store_request_stage_write(struct store *s, long long id, const char *stage, const char *reason, const char *status,
                              const char *at);
/** Writer: add a step to a request's history (user_id 0: the system; at NULL: now). */
int store_request_stage_add(struct store *s, long long id, const char *stage, const char *reason, const char *note,
                            long long user_id, const char *at, bool synthetic);
/**
 * Writer: date a request's first step, its creation and, while it is still in that stage,
 * its stage_since and updated_at at `at` (the demo's past).
 */
int store_request_stage_backdate(struct store *s, long long id, const char *at);
/** Writer: an account's username, in the arena; NULL when none or on error. */
const char *store_user_username(struct store *s, struct arena *a, long long user_id);

/* One step of a request's history, with who made it. */
struct store_stage_step {
    const char *stage, *reason, *note, *at;
    long long user_id;                  /* 0: the system */
    const char *user_name, *user_role, *user_state;   /* NULL for the system */
    bool synthetic;
};
/** A request's history, oldest first (reader). */
int store_request_stages_list(struct store *s, struct arena *a, long long id, struct store_stage_step **out, size_t *n);

/* The target of one stage. */
struct store_stage_target {
    const char *stage;
    int days;
    const char *updated_by, *updated_at;   /* the name of who set it; NULL: never changed */
};
/** Every target, in no particular order (reader). */
int store_stage_targets_list(struct store *s, struct arena *a, struct store_stage_target **out, size_t *n);
/** Writer: set a stage's target. 1 when the stage has no target row. */
int store_stage_target_set(struct store *s, const char *stage, int days, long long user_id);

/* A request for the desk. */
struct store_desk_request {
    long long id;
    const char *iso3, *state_name, *region, *title, *category, *stage, *stage_since;
    bool synthetic;
};
/**
 * The requests in stage (NULL: every stage but completed and closed) of States in region
 * (an M49 code at any level; NULL: all), oldest in its stage first (reader).
 */
int store_desk_requests(struct store *s, struct arena *a, const char *lang, const char *stage, const char *region,
                        struct store_desk_request **out, size_t *n);
/** How many requests are in each stage: parallel arrays of stage ids and counts (reader). */
struct store_stage_count { const char *stage; int n; };
int store_stage_counts(struct store *s, struct arena *a, struct store_stage_count **out, size_t *n);

/*
 * A possible duplicate: request id and another request other of the same State and
 * category, both in an open stage with overlapping periods (or one without a period)
 * (in_project false), or the other already answered by a project not cancelled (in_project
 * true): for each open request at most one, the first in a project, else the first open one (by
 * id).  Ordered by id.
 */
struct store_duplicate { long long id, other; const char *other_title; bool in_project; };
int store_request_duplicates(struct store *s, struct arena *a, struct store_duplicate **out, size_t *n);

#endif

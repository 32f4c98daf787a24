/*
 * store/assistance: the rows of assistance (migrations/0010_assistance.sql): requests,
 * offers, partners and interests.  Reads copy rows into the caller's arena; writes need an
 * open transaction (store_tx_begin).  Lists of codes are JSON array text, as stored.  0 on
 * success, 1 for "not found", -1 on a database error (logged).
 */
#ifndef POAISS_STORE_ASSISTANCE_H
#define POAISS_STORE_ASSISTANCE_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* A request as stored.  Reads fill every field (strings in the arena); writes read the fields they say. */
struct store_request {
    long long id;
    const char *iso3, *state_name;          /* state_name: in the asked language (reads only) */
    const char *category, *kind, *title, *description;
    double cost;                            /* estimated cost; has_cost false: not estimated */
    bool has_cost;
    const char *currency, *period_start, *period_end;
    const char *paragraphs, *languages;     /* JSON arrays */
    int in_plan;                            /* 1, 0, -1 unsaid */
    const char *proposal;                   /* JSON file reference or NULL */
    const char *status;
    long long report_id;                    /* 0: filed outside a report */
    const char *question;
    int row, version, cycle;
    bool synthetic;
    long long created_by;
    const char *created_at, *updated_at;
    int interests;                          /* interests not withdrawn (reads only) */
    const char *stage, *stage_since, *close_reason;   /* reads only: domain/assist_stage.c writes them */
    const char *lang;                       /* the language of title and description (a report's), NULL: unknown */
};

/* Which requests a list holds; zero fields do not filter. */
struct store_request_filter {
    const char *iso3, *category, *kind, *region, *status;
    int cycle;
    bool public_only;                       /* open and matched only (what the public board shows) */
};

int store_requests_list(struct store *s, struct arena *a, const char *lang, const struct store_request_filter *f,
                        struct store_request **out, size_t *n);
int store_request_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_request *out);
/** The request read from (report, question, row): its id, 0 when none, -1 on error. */
long long store_request_by_source(struct store *s, long long report_id, const char *question, int row);
/**
 * Insert (r->id 0; returns the new id: open, in stage received, with the first step of its
 * history) or update every field of r->id but its status and stage (returns r->id); -1 on
 * error.  Only domain/assist_stage.c changes a request's status and stage.
 */
long long store_request_save(struct store *s, const struct store_request *r);
/**
 * Writer: the ids of the requests of (report, question) from row on that are not completed or
 * closed (a later version no longer has them), into the arena.
 */
int store_requests_from(struct store *s, struct arena *a, long long report_id, const char *question, int row, long long **ids,
                        size_t *n);
/**
 * Writer: the ids of the open requests (received .. circulated) that the State's reports of
 * cycles before its latest published one gave: a later report supersedes them.
 */
int store_requests_to_supersede(struct store *s, struct arena *a, const char *iso3, long long **ids, size_t *n);
/** The open offers of the State's reports of earlier cycles become 'superseded' (in a transaction); how many, -1 on error. */
int store_offers_supersede(struct store *s, const char *iso3);

struct store_offer {
    long long id, partner_id;
    const char *partner_code, *partner_name, *partner_kind, *partner_iso3;   /* reads only */
    const char *title, *categories, *kinds, *regions, *states;               /* JSON arrays */
    double budget_min, budget_max;
    bool has_min, has_max;
    const char *currency, *period_start, *period_end, *languages, *description, *contact;
    bool contact_public, is_call;
    const char *deadline, *status;
    long long report_id;
    const char *question;
    int row, version;
    bool synthetic;
    long long created_by;
    const char *created_at, *updated_at;
};

struct store_offer_filter {
    long long partner_id;
    const char *category, *kind, *status;
    bool open_only;
};

int store_offers_list(struct store *s, struct arena *a, const struct store_offer_filter *f, struct store_offer **out, size_t *n);
int store_offer_get(struct store *s, struct arena *a, long long id, struct store_offer *out);
long long store_offer_by_source(struct store *s, long long report_id, const char *question, int row);
long long store_offer_save(struct store *s, const struct store_offer *o);
int store_offers_withdraw_from(struct store *s, long long report_id, const char *question, int row);

struct store_partner {
    long long id;
    const char *code, *name, *kind, *iso3;
    bool synthetic;
};
/** The partner with this code, made when missing (inside a transaction).  Its id, -1 on error. */
long long store_partner_ensure(struct store *s, const char *code, const char *name, const char *kind, const char *iso3,
                               bool synthetic);
int store_partner_get(struct store *s, struct arena *a, long long id, struct store_partner *out);
/** The English name of a State, in the arena; NULL when unknown or on error. */
const char *store_state_name(struct store *s, struct arena *a, const char *iso3);

/** The M49 regions of every State: parallel rows of iso3, region, subregion, intermediate (NULL when none). */
struct store_state_place { const char *iso3, *region, *subregion, *intermediate; };
int store_state_places(struct store *s, struct arena *a, struct store_state_place **out, size_t *n);

/** The id of the partner with this code, 0 when none, -1 on error. */
long long store_partner_by_code(struct store *s, const char *code);
/** The partner a user speaks for: its id, 0 when none, -1 on error. */
long long store_partner_of_user(struct store *s, long long user_id);
/** Make user speak for partner (inside a transaction). */
int store_partner_set_user(struct store *s, long long user_id, long long partner_id);

struct store_interest {
    long long request_id, partner_id, offer_id;
    const char *partner_code, *partner_name, *status, *note, *created_at, *decided_at;   /* code, name: reads only */
    bool synthetic;
};
/** A partner's interest in a request (insert or update its status, note and offer). */
int store_interest_set(struct store *s, const struct store_interest *i, long long user_id);
/** The State's answer: status accepted or declined. 1 when there is no such interest. */
int store_interest_decide(struct store *s, long long request_id, long long partner_id, const char *status, long long user_id);
/** Interests in a request (request_id) or of a partner (partner_id); the other 0. */
int store_interests_list(struct store *s, struct arena *a, long long request_id, long long partner_id,
                         struct store_interest **out, size_t *n);

/* A report's latest published version, reduced to its assistance answers (assist.needs.any, assist.needs,
   assist.offer, assist.offers) as a JSON object; lent for the call. */
struct store_published_assist {
    long long report_id;
    const char *iso3, *language, *answers;
    int cycle, version;
    bool synthetic;
};
/** Every report with a published version, through the writer (inside a transaction).  cb returning non-zero stops. */
int store_published_assist_each(struct store *s, int (*cb)(const struct store_published_assist *p, void *ctx), void *ctx);

#endif

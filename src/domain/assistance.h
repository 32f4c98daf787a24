/*
 * assistance: requests for assistance (a State's needs), offers (what a partner can give),
 * a partner's interest in a request and the State's answer, and matching between them.
 *
 * A published report's assist.needs rows become requests of its State, and its
 * assist.offers rows offers of the State as a partner (assist_sync_report, called by the
 * publication in its transaction); a later version updates them in place or withdraws the
 * rows it no longer has.  A focal point also files requests outside a report; a partner
 * records offers and calls for proposals.
 *
 * Who sees what is decided here: requests and offers are public (they come from published
 * reports or were filed to be seen), except an offer's contact when its partner keeps it to
 * signed-in users, and withdrawn offers (their partner and the Secretariat).  Interests: the
 * partner sees its own, the requesting State and the Secretariat every one, anyone else a
 * count.  Who may change what is asked of authz.
 *
 * Values returned are in the caller's arena.  Functions return 0, or -1 with e.
 */
#ifndef POAISS_DOMAIN_ASSISTANCE_H
#define POAISS_DOMAIN_ASSISTANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/auth.h"
#include "domain/error.h"
#include "domain/match.h"

struct store;
struct arena;

#define ASSIST_TITLE_MAX 200            /* characters */
#define ASSIST_TEXT_MAX 5000
#define ASSIST_CONTACT_MAX 300
#define ASSIST_LIST_MAX 64              /* codes in one list */
#define ASSIST_COST_MAX 1e12

struct assist_strings { const char **v; size_t n; };
/** The strings of a JSON array stored as text (json may be NULL; what is not a string is skipped), in arena a. */
struct assist_strings assist_strings_parse(struct arena *a, const char *json);

struct assist_source { long long report; const char *question; int row; int version; };   /* report 0: none */

struct assist_request {
    long long id;
    const char *iso3, *state_name, *category, *kind, *title, *description;
    bool has_cost;
    double cost;
    const char *currency, *period_start, *period_end;
    struct assist_strings paragraphs, languages;
    int in_plan;                        /* 1 yes, 0 no, -1 unsaid */
    const char *proposal_sha256, *proposal_name;   /* NULL: no file */
    const char *proposal_type;          /* its media type (NULL: not known) */
    long long proposal_bytes;           /* its size (0: not known) */
    const char *status;                 /* open, matched, closed, withdrawn, superseded (by a later report) */
    const char *stage, *stage_since, *close_reason;   /* the procedure (domain/assist_stage.h); close_reason NULL unless closed */
    struct assist_source source;
    int cycle;
    bool synthetic;
    const char *created_at, *updated_at;
    int interests;                      /* interests not withdrawn */
    const char *lang;                   /* the language of title and description (its report's), NULL: unknown */
};

struct assist_offer {
    long long id, partner_id;
    const char *partner_code, *partner_name, *partner_kind, *partner_iso3;
    const char *title, *description;
    struct assist_strings categories, kinds, regions, states, languages;
    bool has_min, has_max;
    double budget_min, budget_max;
    const char *currency, *period_start, *period_end;
    const char *contact;                /* NULL when the asker may not see it */
    bool contact_public, is_call;
    const char *deadline, *status;
    struct assist_source source;
    bool synthetic;
    const char *created_at, *updated_at;
};

struct assist_interest {
    long long request_id, partner_id, offer_id;
    const char *partner_code, *partner_name;   /* NULL when the asker sees only a count */
    const char *status, *note, *created_at, *decided_at;
    bool synthetic;
};

/* Filters of the lists; NULL or 0 fields do not filter. */
struct assist_request_filter {
    const char *iso3, *category, *kind, *region, *status;
    int cycle;
    bool open_only;                     /* open and matched */
    double cost_min, cost_max;          /* < 0: no bound */
};
struct assist_offer_filter {
    long long partner_id;
    const char *category, *kind, *status;
    bool open_only;
};

int assist_requests_list(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                         const struct assist_request_filter *f, struct assist_request **out, size_t *n, struct err *e);
int assist_request_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                       struct assist_request *out, struct err *e);
int assist_offers_list(struct store *s, struct arena *a, const struct principal *who, const struct assist_offer_filter *f,
                       struct assist_offer **out, size_t *n, struct err *e);
int assist_offer_get(struct store *s, struct arena *a, const struct principal *who, long long id, struct assist_offer *out,
                     struct err *e);

/* ---- writes: the input is a JSON object with the fields of the API (README, "Assistance") ---- */

/* A field's problem, for the error summary of a form or the "errors" of an API answer. */
struct assist_field_error { const char *field, *msg; };   /* msg: an English msgid; field: static, or a key of the
                                                            input (lent: valid while the input lives) */
struct assist_field_errors { struct assist_field_error v[24]; size_t n; };

/**
 * File a request outside a report (focal points for their State; the Secretariat for any,
 * naming "state").  The new id, or -1 with e (ERR_INVALID with errs filled, ERR_FORBIDDEN ...).
 */
long long assist_request_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                                struct err *e);
/** Change the fields in of a request (its State's focal points, the Secretariat). */
int assist_request_update(struct store *s, const struct principal *who, long long id, json_t *in,
                          struct assist_field_errors *errs, struct err *e);

/*
 * The proposal file of a request filed outside a report (one from a report shows its report's
 * file, and changes with the report).  Its bytes are stored once under their SHA-256
 * (attachment.h); its type is sniffed from them (PDF, Word .docx, OpenDocument .odt, at most
 * ASSIST_PROPOSAL_MAX_BYTES); its name is cleaned.  A refused file is a field error "proposal".
 */
#define ASSIST_PROPOSAL_MAX_BYTES 10000000LL
enum assist_proposal_op { ASSIST_PROPOSAL_KEEP, ASSIST_PROPOSAL_PUT, ASSIST_PROPOSAL_REMOVE };
struct assist_proposal {
    enum assist_proposal_op op;
    const char *name; size_t name_len;  /* PUT: the client's file name (raw, lent) */
    const void *data; size_t len;       /* PUT: the bytes (lent for the call) */
};
/** assist_request_create, with a proposal file (p NULL or KEEP: none). */
long long assist_request_create_with(struct store *s, const struct principal *who, json_t *in, const struct assist_proposal *p,
                                     struct assist_field_errors *errs, struct err *e);
/** assist_request_update, putting or removing the proposal file too (p NULL or KEEP: left as it is). */
int assist_request_update_with(struct store *s, const struct principal *who, long long id, json_t *in,
                               const struct assist_proposal *p, struct assist_field_errors *errs, struct err *e);

struct buf;
struct attachment_file;
/**
 * Append the proposal file of request id to out, for whoever may see the request (a report's
 * file: as attachment_open decides).  0 when served (f describes it); 1 when the request has
 * none or the asker may not see it; -1 when the store failed.  Otherwise out is unchanged.
 */
int assist_request_proposal_open(struct store *s, const struct principal *who, long long id, struct buf *out,
                                 struct attachment_file *f);
/** Record an offer of the partner who speaks (partners only).  The new id, or -1. */
long long assist_offer_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                              struct err *e);
/** Change an offer (its partner only). */
int assist_offer_update(struct store *s, const struct principal *who, long long id, json_t *in,
                        struct assist_field_errors *errs, struct err *e);
/** The partner who speaks marks interest in a request (note: at most ASSIST_TEXT_MAX characters; offer_id 0 or its own). */
int assist_interest_mark(struct store *s, const struct principal *who, long long request_id, const char *note,
                         long long offer_id, struct err *e);
/** The partner withdraws its interest. */
int assist_interest_withdraw(struct store *s, const struct principal *who, long long request_id, struct err *e);
/** The requesting State accepts or declines a partner's interest (partner: its code). */
int assist_interest_decide(struct store *s, const struct principal *who, long long request_id, const char *partner,
                           bool accept, struct err *e);
/** The interests in a request, as the asker may see them (*count: how many, also when the list is withheld). */
int assist_interests_of_request(struct store *s, struct arena *a, const struct principal *who, long long request_id,
                                struct assist_interest **out, size_t *n, int *count, struct err *e);
/** The interests of the partner who speaks. */
int assist_interests_mine(struct store *s, struct arena *a, const struct principal *who, struct assist_interest **out,
                          size_t *n, struct err *e);
/** The partner the principal speaks for: its id, 0 when none, -1 on error. */
long long assist_partner_of(struct store *s, const struct principal *who);
/** The id of the partner with this code (any case), 0 when none, -1 on error. */
long long assist_partner_by_code(struct store *s, const char *code);

/* ---- from published reports ---- */

/**
 * Inside the publication's transaction: make the requests and offers of a report's
 * published answers (version), updating those read from an earlier version and withdrawing
 * the rows it no longer has.  0, or -1 on a database error.
 */
int assist_sync_report(struct store *s, long long report_id, const char *iso3, int cycle, int version, const char *lang,
                       json_t *answers, bool synthetic, long long user_id);

/**
 * The requests and offers of every published report, made again from their latest versions
 * (for a database made before assistance existed, a bulk import, the demo).  In its own
 * transaction; how many reports were read, or -1 on a database error.
 */
long long assist_sync_all(struct store *s);

/* ---- matching ---- */

/* One factor of a match, in words. */
struct assist_reason { const char *factor; bool fits; const char *text; };
struct assist_match {
    int score;
    struct assist_reason reasons[MATCH_NFACTORS];
    size_t nreasons;
    struct assist_request request;      /* for an offer's matches */
    struct assist_offer offer;          /* for a request's matches */
};

/** The best offers for a request (at most k), with reasons in lang. */
int assist_matches_for_request(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                               long long id, size_t k, struct assist_match **out, size_t *n, struct err *e);
/** The best open requests for an offer (at most k). */
int assist_matches_for_offer(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                             size_t k, struct assist_match **out, size_t *n, struct err *e);
/** The label of a taxonomy category or kind id in lang (the id itself when unknown). */
const char *assist_category_label(const char *id, const char *lang);
const char *assist_kind_label(const char *id, const char *lang);
/** Whether id is a category or a kind of the taxonomy (taxonomy.json). */
bool assist_category_known(const char *id);
bool assist_kind_known(const char *id);
/** Whether id names a PoA or ITI paragraph as requests give them ("PoA II.17", "ITI 8a"). */
bool assist_paragraph_valid(const char *id);
/** The PoA and ITI paragraphs of a category (taxonomy.json), as JSON array text in the arena. */
const char *assist_category_paragraphs(struct arena *a, const char *category);

/**
 * A set of match profiles (match.h) of these requests and offers (owned: match_set_free; NULL
 * on a database error).  The pages use a cached one; for benchmarks and overviews.
 */
struct match_set *assist_match_set_make(struct store *s, const struct assist_request *reqs, size_t nreq,
                                        const struct assist_offer *offs, size_t noff);
/** Free the cached match set (at exit, for leak checkers). */
void assist_match_cleanup(void);

#endif

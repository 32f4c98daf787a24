/*
 * project: an accepted match become a project (PoA BMS8 outcome, para 97), its progress
 * reports, and what the next national report takes from it.
 *
 * A project belongs to the requesting State and has one or more partners; it answers one or
 * more requests of that State that are not closed.  It is made from an accepted interest (the
 * usual path: the request and the partner pre-filled) by the Secretariat (AUTHZ_ASSIST_PROCESS,
 * any partners), by the State's focal point, or by a partner whose interest in one of the
 * requests the State accepted; unless the Secretariat records it, every partner named must have
 * an accepted interest in one of its requests.  Starting it moves its requests to the stage
 * "implementation", completing it (a party or the Secretariat) to "completed", in the same
 * transaction (domain/assist_stage.h); a request whose stage does not allow the move is left
 * where it is and named in the answer.
 *
 * Periods.  The reporting periods follow from period_start and the schedule: quarterly, three
 * months each from period_start (2027-02 gives 2027-02..04, 2027-05..07 ...), half-yearly six;
 * the last one ends with period_end (the project's last month) when it is earlier.  A period's
 * end is its last day (YYYY-MM-DD).  Each party (party 0: the requesting State; else a partner
 * id) reports once per period; a report is never changed: a correction is a new report for the
 * same period, and the latest one counts.  A period whose end + PROJECT_LATE_DAYS days has
 * passed without a report of a party is late for that party (project_reports_due).
 *
 * Money.  A report's financial part gives the amounts that pass through the reporting party,
 * cumulative to the period's end, in the project's currency: committed, disbursed, spent, each
 * >= 0, and spent <= disbursed <= committed (refused otherwise: money cannot be spent before it
 * is disbursed, nor disbursed beyond what is committed).  A total above the budget is allowed
 * and flagged (over_budget).  The budget line of a period sums, over the parties, each party's
 * latest figures reported for that period or an earlier one.
 *
 * Visibility.  Projects are public: their State, partners, requests, budget, period and the
 * substantive part of their reports.  The financial detail (committed, disbursed, spent) only
 * to the parties and the Secretariat (authz_assist_party_read), unless financial_public.
 *
 * Values returned are in the caller's arena.  Functions return 0 (or an id), or -1 with e.
 */
#ifndef POAISS_DOMAIN_PROJECT_H
#define POAISS_DOMAIN_PROJECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "domain/assistance.h"
#include "domain/auth.h"
#include "domain/error.h"

struct store;
struct arena;

#define PROJECT_LATE_DAYS 30           /* a report is late this many days after its period's end */
#define PROJECT_PERIODS_MAX 120        /* periods of one project (30 years of quarters) */
#define PROJECT_TEXT_MAX 5000          /* characters of a description, activities, results */
#define PROJECT_AGENCY_MAX 300

/* A party of a project: id 0 the requesting State (code its ISO3), else a partner. */
struct project_party { long long id; const char *code, *name, *kind; };

/* A request the project answers. */
struct project_request { long long id; const char *title, *category, *kind, *status, *stage; };

/* Money of one party or summed; has: any figure was given. */
struct project_money { bool has; double committed, disbursed, spent; };

/* One progress report as the asker may see it. */
struct project_report {
    long long id, party;               /* party 0: the State */
    const char *party_name, *period_end;
    const char *activities, *results;
    struct assist_strings paragraphs;
    bool has_committed, has_disbursed, has_spent;   /* all false when the finance is hidden from the asker */
    double committed, disbursed, spent;
    bool corrected;                    /* a later report of the same party and period replaces it */
    bool synthetic;
    const char *created_at;
};

/* One party's state in one period. */
enum project_due_state { PROJECT_NOT_YET, PROJECT_REPORTED, PROJECT_DUE, PROJECT_LATE };

/* A reporting period with each party's state (in the order of project.parties) and the budget line. */
struct project_period {
    const char *start, *end, *due;     /* YYYY-MM (first month), YYYY-MM-DD (last day), YYYY-MM-DD (end + 30 days) */
    enum project_due_state *state;     /* nparties entries */
    struct project_money line;         /* cumulative to the end of this period (has false when hidden or none) */
};

struct project {
    long long id;
    const char *title, *iso3, *state_name, *description;
    bool has_budget;
    double budget;
    const char *currency, *period_start, *period_end, *agency, *schedule, *status;
    bool financial_public, synthetic;
    const char *created_at, *completed_at;
    struct project_party *parties;     /* [0]: the State, then the partners */
    size_t nparties;
    struct project_request *requests;
    size_t nrequests;
    struct assist_strings categories;  /* of its requests, distinct, in order */
    struct project_report *reports;    /* by period, then as posted */
    size_t nreports;
    struct project_period *periods;    /* the periods begun by now */
    size_t nperiods;
    const char *latest_activities, *latest_results;   /* of the latest report (NULL: none) */
    int late;                          /* late (period, party) pairs */
    bool finance_visible;              /* the asker sees the financial detail */
    struct project_money total;        /* the budget line now (has false when hidden or none) */
    bool over_budget;                  /* committed above the budget (only when finance_visible) */
    long long my_party;                /* the party the asker speaks for: -1 none, 0 the State, else a partner id */
    bool may_report, may_complete;     /* may the asker post a report, complete the project (now: it is active) */
    bool party_writes, party_completes;   /* the same rights whatever the status (a party; a party or the
                                             Secretariat): asked before the status, so that 403 comes before 409 */
};

/** Now for the periods and late reports: the real time, on POAISS_TODAY's day when it is set (domain/cycle.h). */
time_t project_now(void);

struct project_filter { const char *iso3, *status, *category; long long partner_id; };

/** The projects as the asker may see them (now: to compute the periods and late ones). */
int project_list(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                 const struct project_filter *f, struct project **out, size_t *n, struct err *e);
/** One project with its reports, periods and budget line.  ERR_NOT_FOUND when there is none. */
int project_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now, long long id,
                struct project *out, struct err *e);
/** The projects answering a request (for its page), newest first. */
int project_list_of_request(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                            long long request_id, struct project **out, size_t *n, struct err *e);

/* Requests a move of the procedure left where they were, with the reason (an English msgid or a message). */
struct project_unmoved { long long request; const char *why; };
struct project_moves { struct project_unmoved v[16]; size_t n; };

/**
 * Make a project from in, a JSON object with the fields of the API (README, "Projects"): title,
 * description, requests (ids), partners (codes), budget, currency, period_start, period_end
 * (YYYY-MM), agency, schedule ("quarterly", "half-yearly"), financial_public, state (optional:
 * the requests' State).  Its requests move to "implementation" where their stage allows
 * (moves: those left, may be NULL).  The new id, or -1 with e (ERR_INVALID with errs filled,
 * ERR_FORBIDDEN ...).
 */
long long project_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                         struct project_moves *moves, struct err *e);
/**
 * Post the asker's progress report (in: period_end, activities, results, paragraphs, committed,
 * disbursed, spent); now decides which periods have begun.  The parties only.  The new id, or -1.
 */
long long project_report_add(struct store *s, const struct principal *who, long long project_id, time_t now, json_t *in,
                             struct assist_field_errors *errs, struct err *e);
/** Complete a project and its requests (a party or the Secretariat); note: at most PROJECT_TEXT_MAX characters. */
int project_complete(struct store *s, const struct principal *who, long long project_id, const char *note,
                     struct project_moves *moves, struct err *e);

/* A report due or late: one party, one period of an active project. */
struct project_due {
    long long project_id, party;       /* party 0: the State's focal points; else the partner's accounts */
    const char *title, *iso3, *party_code, *period_end, *due;
    bool late;                         /* due has passed */
};
/**
 * Every report due (its period has ended) or late (end + PROJECT_LATE_DAYS passed) and not yet
 * posted, over every active project, as of now: for the notifications' sweep and the desk.
 */
int project_reports_due(struct store *s, struct arena *a, time_t now, struct project_due **out, size_t *n, struct err *e);
/**
 * A source of the notification sweep (notify.h): tell each party of the reports it owes at
 * now, once per party and period.  Inside the sweep's transaction; how many messages were
 * added, or -1.
 */
int project_notify_due(struct store *s, time_t now);

/**
 * The periods of a schedule: the last day (YYYY-MM-DD) of each period from start (YYYY-MM) to
 * end (YYYY-MM, NULL: none) that has begun by now, at most max.  How many, into ends (arena).
 */
size_t project_periods(struct arena *a, const char *start, const char *end, const char *schedule, time_t now,
                       const char **starts, const char **ends, size_t max);

/**
 * Inside report_start's transaction: add to the new report (report_id, of iso3 for cycle) a row
 * of assist.received.list for each project of the State, and when the State is also a partner
 * (partner.kind 'state'), a row of assist.provided.list for each of its projects as a partner;
 * the yes/no question before each list becomes "yes".  A row already there with the same
 * description (carried over from the previous report) is replaced.  Projects counted: not
 * cancelled, and running in the two years before the cycle (period_end absent or from
 * January of cycle - 2).  0, or -1 on a database error.
 */
int project_prefill_report(struct store *s, long long report_id, const char *iso3, int cycle, long long user_id);

#endif

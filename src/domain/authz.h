/*
 * authz: the one place that decides what a principal may do.  Routes declare the
 * action they need and the dispatcher asks here before any handler runs; handlers
 * that act on one State's objects ask again with that State.
 */
#ifndef POAISS_DOMAIN_AUTHZ_H
#define POAISS_DOMAIN_AUTHZ_H

#include <stdbool.h>

#include "domain/auth.h"

enum authz_action {
    AUTHZ_PUBLIC,           /* anyone */
    AUTHZ_SIGNED_IN,        /* any account */
    AUTHZ_STATE_EDIT,       /* change a State's reports and contacts: its focal points */
    AUTHZ_PUBLISH,          /* check, publish or return reports: the Secretariat */
    AUTHZ_DRAFT_READ,       /* read a State's unpublished reports: its focal points, the Secretariat */
    AUTHZ_AUDIT_READ,       /* read the audit log: the Secretariat and admins */
    AUTHZ_USERS_MANAGE,     /* add, disable and enable accounts, end their sessions: admins */
    AUTHZ_OWN_ACCOUNT,      /* change one's own password, list and revoke one's own tokens: any account */
    AUTHZ_DESK_READ,        /* the reports waiting for review, every State's progress: the Secretariat and admins */
    AUTHZ_CYCLES_MANAGE,    /* open reporting cycles and change their dates: the Secretariat and admins */
    AUTHZ_REQUEST_EDIT,     /* file and change a State's requests for assistance: its focal points, the Secretariat */
    AUTHZ_REQUEST_ANSWER,   /* accept or decline a partner's interest in a State's request: its focal points */
    AUTHZ_OFFER_MAKE,       /* record offers, mark interest in requests: partners */
    AUTHZ_ASSIST_ALL,       /* see every interest and every offer, withdrawn too: the Secretariat and admins */
    AUTHZ_ASSIST_PROCESS,   /* move requests through the procedure, set its targets, open baseline assessments,
                               record projects for any State: the Secretariat */
    AUTHZ_TARGET_EDIT,      /* set voluntary targets and record their progress: with a State, its focal points;
                               without (a region's targets), the Secretariat on the region's behalf */
    AUTHZ_PROJECT_RECORD,   /* record a project (its form too): the Secretariat for any State, a focal point for
                               its own State, a partner (one taking part: project_create checks that with the data) */
};

/**
 * The action's name as the route table lists it (`poaiss routes --json`): "public", "signed_in",
 * "state_edit", ... (the enum's name without AUTHZ_, in lower case).  A static string, never NULL.
 */
const char *authz_action_name(enum authz_action action);
/** May p do action on an object belonging to state_iso3 (NULL when the object has no State)? */
bool authz_allowed(const struct principal *p, enum authz_action action, const char *state_iso3);
/**
 * May p act on the tokens or sessions of account owner_id?  Its owner (AUTHZ_OWN_ACCOUNT) and
 * admins (AUTHZ_USERS_MANAGE).
 */
bool authz_account(const struct principal *p, long long owner_id);
/** May p change an offer of partner offer_partner, p speaking for own_partner (0: none)?  Its partner only. */
bool authz_offer_edit(const struct principal *p, long long offer_partner, long long own_partner);
/**
 * The parties of an assistance step (a baseline assessment, a project) of state_iso3: the
 * State's focal points and the partners taking part (partner_in: p speaks for one of them).
 * May p read it (the parties, the Secretariat and admins)?  May p write its own side (the
 * parties only)?
 */
bool authz_assist_party_read(const struct principal *p, const char *state_iso3, bool partner_in);
bool authz_assist_party_write(const struct principal *p, const char *state_iso3, bool partner_in);
/**
 * May p read a file attached to a report of state_iso3, given whether a published version
 * of the report refers to it and whether its working answers do?  Published: anyone.
 * Working only: those who may read the State's drafts.
 */
bool authz_attachment_read(const struct principal *p, const char *state_iso3, bool in_published, bool in_working);

#endif

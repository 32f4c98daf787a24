/* authz: see authz.h.  Default deny: an action not listed here is refused. */
#include "domain/authz.h"

#include <string.h>

const char *authz_action_name(enum authz_action action)
{
    switch (action) {
    case AUTHZ_PUBLIC:         return "public";
    case AUTHZ_SIGNED_IN:      return "signed_in";
    case AUTHZ_STATE_EDIT:     return "state_edit";
    case AUTHZ_PUBLISH:        return "publish";
    case AUTHZ_DRAFT_READ:     return "draft_read";
    case AUTHZ_AUDIT_READ:     return "audit_read";
    case AUTHZ_USERS_MANAGE:   return "users_manage";
    case AUTHZ_OWN_ACCOUNT:    return "own_account";
    case AUTHZ_DESK_READ:      return "desk_read";
    case AUTHZ_CYCLES_MANAGE:  return "cycles_manage";
    case AUTHZ_REQUEST_EDIT:   return "request_edit";
    case AUTHZ_REQUEST_ANSWER: return "request_answer";
    case AUTHZ_OFFER_MAKE:     return "offer_make";
    case AUTHZ_ASSIST_ALL:     return "assist_all";
    case AUTHZ_ASSIST_PROCESS: return "assist_process";
    case AUTHZ_TARGET_EDIT:    return "target_edit";
    case AUTHZ_PROJECT_RECORD: return "project_record";
    }
    return "unknown";
}

bool authz_allowed(const struct principal *p, enum authz_action action, const char *state_iso3)
{
    bool staff = p->role == ROLE_SECRETARIAT || p->role == ROLE_ADMIN;
    bool own_state = p->role == ROLE_FOCAL_POINT && state_iso3 && strcmp(p->state_iso3, state_iso3) == 0;
    switch (action) {
    case AUTHZ_PUBLIC:       return true;
    case AUTHZ_SIGNED_IN:    return p->role != ROLE_PUBLIC && p->user_id > 0;
    case AUTHZ_STATE_EDIT:   return own_state;
    case AUTHZ_PUBLISH:      return p->role == ROLE_SECRETARIAT;
    case AUTHZ_DRAFT_READ:   return own_state || staff;
    case AUTHZ_AUDIT_READ:   return staff;
    case AUTHZ_USERS_MANAGE: return p->role == ROLE_ADMIN;
    case AUTHZ_OWN_ACCOUNT:  return p->role != ROLE_PUBLIC && p->user_id > 0;
    case AUTHZ_DESK_READ:    return staff;
    case AUTHZ_CYCLES_MANAGE: return staff;
    case AUTHZ_REQUEST_EDIT: return own_state || p->role == ROLE_SECRETARIAT;
    case AUTHZ_REQUEST_ANSWER: return own_state;
    case AUTHZ_OFFER_MAKE:   return p->role == ROLE_PARTNER && p->user_id > 0;
    case AUTHZ_ASSIST_ALL:   return staff;
    case AUTHZ_ASSIST_PROCESS: return p->role == ROLE_SECRETARIAT;
    case AUTHZ_TARGET_EDIT:  return state_iso3 ? own_state : p->role == ROLE_SECRETARIAT;
    case AUTHZ_PROJECT_RECORD: return p->role == ROLE_SECRETARIAT || own_state || (p->role == ROLE_PARTNER && p->user_id > 0);
    }
    return false;
}

bool authz_offer_edit(const struct principal *p, long long offer_partner, long long own_partner)
{
    return authz_allowed(p, AUTHZ_OFFER_MAKE, NULL) && own_partner > 0 && own_partner == offer_partner;
}

bool authz_assist_party_write(const struct principal *p, const char *state_iso3, bool partner_in)
{
    return authz_allowed(p, AUTHZ_STATE_EDIT, state_iso3) || (partner_in && authz_allowed(p, AUTHZ_OFFER_MAKE, NULL));
}

bool authz_assist_party_read(const struct principal *p, const char *state_iso3, bool partner_in)
{
    return authz_assist_party_write(p, state_iso3, partner_in) || authz_allowed(p, AUTHZ_ASSIST_ALL, NULL);
}

bool authz_account(const struct principal *p, long long owner_id)
{
    return (authz_allowed(p, AUTHZ_OWN_ACCOUNT, NULL) && p->user_id == owner_id) || authz_allowed(p, AUTHZ_USERS_MANAGE, NULL);
}

bool authz_attachment_read(const struct principal *p, const char *state_iso3, bool in_published, bool in_working)
{
    if (in_published) return authz_allowed(p, AUTHZ_PUBLIC, state_iso3);
    return in_working && authz_allowed(p, AUTHZ_DRAFT_READ, state_iso3);
}

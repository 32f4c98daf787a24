/* error: see error.h. */
#include "domain/error.h"

#include <stddef.h>

int err_set(struct err *e, enum err_code code, const char *msg, const char *arg)
{
    if (e) {
        e->code = code;
        e->msg = msg;
        e->arg = arg;
    }
    return -1;
}

const char *err_default_message(enum err_code code)
{
    switch (code) {
    case ERR_OK: return "";
    case ERR_INVALID: return N_("The request is not valid.");
    case ERR_NOT_FOUND: return N_("There is no page at this address.");
    case ERR_FORBIDDEN: return N_("Your account may not do this.");
    case ERR_CONFLICT: return N_("Someone else changed this first. Reload the page and try again.");
    case ERR_STATE: return N_("This cannot be done now.");
    case ERR_TOO_LARGE: return N_("The request is too large.");
    case ERR_BUSY: return N_("The server is busy. Try again in a moment.");
    case ERR_STORE: return N_("The database could not be read.");
    }
    return N_("The database could not be read.");
}

/* TEMPORARY (projects branch only): stands in for proc's assist_stage.c until main has it; removed at the merge. */
#include "domain/assist_stage.h"

int assist_stage_move_tx(struct store *s, long long user_id, long long request_id, const char *stage, const char *reason,
                         const char *note, struct err *e)
{
    (void)s; (void)user_id; (void)request_id; (void)stage; (void)reason; (void)note;
    return err_set(e, ERR_CONFLICT, "The procedure is not in this build yet.", NULL);
}

int assist_stage_move_at(struct store *s, long long user_id, long long request_id, const char *stage, const char *reason,
                         const char *note, const char *at, bool synthetic, struct err *e)
{
    (void)at; (void)synthetic;
    return assist_stage_move_tx(s, user_id, request_id, stage, reason, note, e);
}

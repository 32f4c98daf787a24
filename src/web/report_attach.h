/*
 * report_attach: file answers on the pages and in the API.  The section form's file
 * input (current file, remove, replace), links with name and size wherever a file answer
 * is shown, the download route, and the API's upload route.
 */
#ifndef POAISS_WEB_REPORT_ATTACH_H
#define POAISS_WEB_REPORT_ATTACH_H

#include <jansson.h>

#include "domain/report.h"
#include "domain/template.h"
#include "web/web.h"

/** An upload read from the section form: the blob to store with the answers (bytes lent from the request). */
struct attach_upload { char sha256[65]; struct report_blob blob; };

/** Append a human size ("482 KB", "1.2 MB"). */
void attach_size(struct buf *b, long long bytes);
/** Append a file answer of report rid: a download link with its name, and its size. */
void attach_link(struct buf *b, long long rid, json_t *ref);
/** The section form's input for a file question: the current file with a remove box, and a file chooser. */
void attach_form_input(struct buf *b, long long rid, const struct template_question *q, json_t *cur);
/**
 * Read a file question from the section form (multipart).  *value (owned or NULL) is the
 * answer to save: a new file's reference (returns 1, up filled), NULL when the remove box
 * is ticked, else the current answer (returns 0).  -1 with a message for the user in err
 * when the file is refused (too large, a type not accepted); *value is then the current answer.
 */
int attach_form_read(struct http_request *req, const struct template_question *q, json_t *cur, json_t **value,
                     struct attach_upload *up, char *err, size_t errlen);

#endif

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
struct attach_upload { char sha256[65]; char qid[128]; struct report_blob blob; };   /* qid: the question it answers */

/** Append a human size ("482 KB", "1.2 MB"). */
void attach_size(struct buf *b, long long bytes);
/** Append a file answer of report rid: a download link with its name, and its size. */
void attach_link(struct buf *b, long long rid, json_t *ref);
/** The section form's input for a file question: the current file with a remove box, and a file chooser. */
void attach_form_input(struct buf *b, long long rid, const struct template_question *q, json_t *cur);
/**
 * The input for a file cell of a table (field "v:ID:ROW:COLUMN"): the current file with a
 * remove box, and a compact file chooser labelled label (e.g. "Proposal, row 2").
 */
void attach_cell_input(struct buf *b, long long rid, const char *field, json_t *spec, const char *label, json_t *cur);

/** The uploads of one form post: at most ATTACH_MAX_UPLOADS files, and the refused ones. */
#define ATTACH_MAX_UPLOADS 8
struct attach_uploads {
    struct attach_upload up[ATTACH_MAX_UPLOADS];
    struct report_blob blobs[ATTACH_MAX_UPLOADS];
    size_t n;
    json_t *errors;                 /* {question id: message for the user} (owned) */
};

/**
 * Read a file field of the section form (multipart): field is "v:ID" or a table cell's
 * "v:ID:ROW:COLUMN", spec the question or column (accept, max_bytes), cur the saved answer.
 * Returns the answer to save (owned, or NULL): a new file's reference (its bytes added to
 * ups), NULL when the field's remove box is ticked, else the saved answer.  A refused file
 * (too large, a type not accepted) keeps the saved answer and records a message for qid.
 */
json_t *attach_field_read(struct http_request *req, const char *field, json_t *spec, json_t *cur, const char *qid,
                          struct attach_uploads *ups);

#endif

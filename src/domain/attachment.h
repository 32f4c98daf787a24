/*
 * attachment: files answering questions of type `file` (data/templates/README.md).
 *
 * An answer is a reference {"name", "type", "bytes", "sha256"}; the bytes are stored
 * apart, once, under their SHA-256.  The type is sniffed from the bytes (never taken
 * from the client), must be in the question's `accept` list, and the size at most its
 * `max_bytes`.  File names are cleaned before they are stored: no path, no control or
 * bidirectional-override characters, valid UTF-8, bounded length.
 *
 * The pure functions here (sniffing, names, Content-Disposition) are unit-tested.
 */
#ifndef POAISS_DOMAIN_ATTACHMENT_H
#define POAISS_DOMAIN_ATTACHMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/auth.h"
struct store_attachment;
#include "util/buf.h"

struct store;

#define ATTACHMENT_NAME_MAX 200                  /* bytes of a cleaned file name, without the NUL */
#define ATTACHMENT_DEFAULT_MAX_BYTES 10000000LL  /* when a question sets no max_bytes */

/** The media type the bytes are (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG), a static string; NULL when none of these. */
const char *attachment_sniff(const void *data, size_t len);
/** The static string for a known media type, for a Content-Type header; "application/octet-stream" for any other. */
const char *attachment_content_type(const char *type);
/** Clean a client's file name into out (ATTACHMENT_NAME_MAX + 1 bytes); never empty. */
void attachment_clean_name(const char *raw, size_t n, char out[ATTACHMENT_NAME_MAX + 1]);
/** Append a Content-Disposition value for name: attachment; filename="ASCII"; filename*=UTF-8''percent-encoded. */
void attachment_disposition(struct buf *out, const char *name);
/** The lower-case hex SHA-256 of the bytes. */
void attachment_sha256(const void *data, size_t len, char out[65]);
/** True when s is 64 lower-case hex digits. */
bool attachment_sha_valid(const char *s);
/** The max_bytes of a file question or column (the default when unset). */
long long attachment_max_bytes(json_t *spec);

enum attachment_error { ATTACHMENT_OK, ATTACHMENT_EMPTY, ATTACHMENT_TOO_LARGE, ATTACHMENT_UNKNOWN_TYPE, ATTACHMENT_NOT_ACCEPTED };

/**
 * Check an upload against a file question or column spec (its accept and max_bytes); spec
 * NULL accepts any known type up to the default size.  On ATTACHMENT_OK *ref is the answer
 * {"name", "type", "bytes", "sha256"} (owned).  *type (may be NULL) gets the sniffed type.
 */
enum attachment_error attachment_check(json_t *spec, const char *raw_name, size_t name_len, const void *data, size_t len,
                                       json_t **ref, const char **type);

/**
 * Append the stored bytes of file sha256 to out, with no check of who asks (the caller decided):
 * 0 with *type its media type (static, for a Content-Type header); 1 when there is no such file;
 * -1 when the store failed.  Otherwise out is as it was (nothing partial).
 */
int attachment_read(struct store *s, const char *sha256, struct buf *out, const char **type);

/** Outcome of attachment_open. */
enum attachment_access { ATTACHMENT_SERVED, ATTACHMENT_ABSENT, ATTACHMENT_FAILED };

/** What attachment_open tells of a file it served. */
struct attachment_file {
    const char *type;                       /* its media type, a static string for a Content-Type header */
    char name[ATTACHMENT_NAME_MAX + 1];     /* the (cleaned) name the reference the asker may see gives it */
    bool draft_only;                        /* only the working copy refers to it (never public) */
};

/**
 * Append the stored bytes of file sha256 of report id to out, when who may read them: anyone
 * when a published version of the report refers to it, the State's focal points and the
 * Secretariat when the working answers do (authz decides).  Anything else is ABSENT, so a
 * draft's file is never disclosed; FAILED when the store could not be read.  On SERVED f
 * describes the file; otherwise out is as it was.
 */
enum attachment_access attachment_open(struct store *s, const struct principal *who, long long id, const char *sha256,
                                       struct buf *out, struct attachment_file *f);

#endif

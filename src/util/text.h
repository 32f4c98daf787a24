/*
 * text: UTF-8 checks and the escaping writers (HTML, JSON, URL, CSV).
 *
 * Every byte of a page or an API answer goes through one of these: literal markup
 * only through HTML_LIT (which accepts string literals and nothing else), any other
 * text through html_text(), which escapes it.  Invalid UTF-8 is replaced by U+FFFD on
 * output, so a stored byte sequence can never break a page or a JSON document.
 */
#ifndef POAISS_UTIL_TEXT_H
#define POAISS_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/**
 * True when the n bytes at s are valid UTF-8 with no NUL, no C0 control but tab, CR, LF, no DEL and neither U+FFFE
 * nor U+FFFF: text that any XML document (a spreadsheet's cells) can hold.  The check on every text a user writes.
 */
bool utf8_valid_text(const char *s, size_t n);

/**
 * How many characters (not bytes) the NUL-terminated UTF-8 text s holds (lent; NULL counts 0):
 * the bytes that do not continue a sequence.  The one count behind every "at most N characters".
 */
size_t text_chars(const char *s);
/** The same for the n bytes at s (lent). */
size_t text_charsn(const char *s, size_t n);

/** Append literal markup: the argument must be a string literal. */
#define HTML_LIT(b, lit) buf_append((b), "" lit "", sizeof(lit) - 1)
/** Append text, escaped for HTML element content and quoted attribute values. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
/**
 * Append text a user wrote (a title, a name) shown in a line with the system's own text:
 * <bdi>, the text escaped, </bdi>, so a right-to-left text or a bidi override (U+202E) in it
 * cannot reorder what follows.  NULL or "" writes nothing.
 */
void html_user_text(struct buf *b, const char *s);
void html_user_textn(struct buf *b, const char *s, size_t n);
/** Append printf-formatted text, escaped. */
void html_textf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Append a decimal integer. */
void html_int(struct buf *b, long long v);
/** Append s percent-encoded for use inside a URL (and so safe in an attribute). */
void html_urlpart(struct buf *b, const char *s);

/** Append s as a JSON string literal, with quotes. NULL gives null. */
void json_write_string(struct buf *b, const char *s);

/**
 * Decode a percent-encoded component ('+' as space when plus_space) in place.
 * Returns the decoded length, or -1 on a malformed escape.
 */
long url_decode(char *s, bool plus_space);

/**
 * Append a folded copy of n bytes of UTF-8 for matching: lower case (Latin, Greek,
 * Cyrillic), Latin letters without their diacritics, typographic apostrophes as ASCII.
 * "Côte d’Ivoire" and "cote d'ivoire" fold alike; so do "Франция" and "франция".
 */
void text_fold(struct buf *out, const char *s, size_t n);

/**
 * Append n bytes as text utf8_valid_text accepts: invalid UTF-8 and U+FFFE, U+FFFF replaced by U+FFFD, control
 * characters (but tab, CR, LF) and DEL dropped.  The one filter for text leaving in a file (CSV, XLSX cells), so text
 * stored before a check was tightened cannot break the file.
 */
void text_sanitize(struct buf *out, const char *s, size_t n);

/** True when s is exactly n ASCII letters; uppercases into out (n+1 bytes). */
bool text_code_upper(const char *s, size_t n, char *out);

#endif

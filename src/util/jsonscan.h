/*
 * jsonscan: find the values of some top-level keys of a JSON object without building a tree.
 *
 * The analysis reads one to eight answers out of each of a thousand or more published reports
 * (documents of about 5 KB): parsing each whole document (SQLite's -> operator, jansson) costs
 * about twenty instructions a byte; skipping over what is not wanted costs a few.  The text
 * must be valid JSON (the store's CHECK (json_valid(...)) guarantees it); on anything else the
 * scan stops and returns what it found so far.
 */
#ifndef POAISS_UTIL_JSONSCAN_H
#define POAISS_UTIL_JSONSCAN_H

#include <stddef.h>

/** A slice of the scanned text: the raw JSON of a value ("yes" with its quotes, {...}); p NULL when absent. */
struct jsonscan_value { const char *p; size_t n; };

/**
 * For each of keys[0..nk), the raw value of that key in the top-level object json[0..len), or
 * {NULL, 0} when the key is absent (or the text is not an object).  A key written with escapes
 * is compared after decoding only for \" and \\ (question ids have neither).  When a key occurs
 * twice, the last value wins, as SQLite's and jansson's readers do.  Returns how many keys were found.
 */
size_t jsonscan_top(const char *json, size_t len, const char *const *keys, size_t nk, struct jsonscan_value *out);

/**
 * The string elements of a JSON array json[0..len) (the text between their quotes, escapes left
 * as they are), up to max into out; other elements are skipped.  Returns how many it wrote.
 */
size_t jsonscan_strings(const char *json, size_t len, struct jsonscan_value *out, size_t max);

#endif

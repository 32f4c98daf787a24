/*
 * i18n: message catalogues chosen per request.
 *
 * Translators work on gettext .po files (po/); msgfmt --check compiles them into .mo
 * files that are built into the binary.  The language is chosen per request and held
 * per thread, not through setlocale(): one server answers many languages at once.
 * A message with no translation falls back to its English msgid.
 */
#ifndef POAISS_UTIL_I18N_H
#define POAISS_UTIL_I18N_H

#include <stdbool.h>

/** The six UN languages, in UN order. */
extern const char *const I18N_LANGS[6];

/** Load the built-in catalogues.  Call once before starting threads. */
void i18n_init(void);
/** Choose this thread's language; an unsupported code selects English. */
void i18n_set_lang(const char *lang);
/** This thread's language code ("en", "fr", ...). */
const char *i18n_lang(void);
/** "rtl" for Arabic, else "ltr". */
const char *i18n_dir(void);
/** True when lang is one of the six and has a catalogue (English always does). */
bool i18n_available(const char *lang);
/** The translation of msgid in this thread's language (lent, static lifetime). */
const char *i18n_gettext(const char *msgid);
/**
 * A string of a reporting template (question text, help, option, field or column label,
 * section title, taxonomy name: the English text as in data/templates) in this thread's
 * language, from the templates' own catalogues (po/templates/); the English text itself
 * when there is no translation.  Display only: ids and stored answers never go through it.
 * Lent, static lifetime (or english's).  NULL gives NULL.
 */
const char *i18n_template(const char *english);
/** The same in an explicit language ("fr"); an unknown code gives english. */
const char *i18n_template_in(const char *lang, const char *english);
/** The name of a language in that language ("Français"). */
const char *i18n_autonym(const char *lang);

#define _(s) i18n_gettext(s)
#define N_(s) (s)

#endif

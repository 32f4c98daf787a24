/*
 * i18n: message catalogues chosen per request.
 *
 * Translators work on gettext .po files (po/); msgfmt --check compiles them into .mo
 * files that are built into the binary.  The language is chosen per request and held
 * per thread, not through setlocale(): one server answers many languages at once.
 * A message with no translation falls back to its English msgid.
 *
 * Dates, times and numbers are written for the language from a small table of CLDR data
 * (unicode-cldr-core 41: the long date pattern, en_GB's for English as the UN writes it; the
 * short time pattern and the pattern that joins them; month names in the "format" context;
 * the default numbering system's digits, grouping separator, minimum grouping digits and
 * minus sign).  Arabic uses CLDR's default numbering system for ar, "arab": Arabic-Indic
 * digits (٠١٢…), "٬" for grouping.  tests/unit/test_i18n.c checks the table against the
 * CLDR files.  Times are UTC (the store's timestamps) and say so.
 */
#ifndef POAISS_UTIL_I18N_H
#define POAISS_UTIL_I18N_H

#include <stdbool.h>

struct buf;

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

/*
 * Dates, times and numbers as text (not escaped: the html_ functions below escape).
 * iso is "YYYY-MM-DD", optionally followed by "T" or " ", "HH:MM", ":SS", a fraction and
 * "Z" (or "+00:00"): a real calendar date and time, in UTC.  Anything else (NULL, "",
 * "2026-13-45", "T") is not a date: it is written as given (nothing for NULL) and the
 * function returns false.
 */
/** The date of iso in the long form of lang ("6 December 2026", "2026年12月6日", "٦ ديسمبر ٢٠٢٦"). */
bool i18n_date_in(struct buf *b, const char *lang, const char *iso);
/** The same in this thread's language. */
bool i18n_date(struct buf *b, const char *iso);
/** Date and time of iso ("6 December 2026 at 06:18 UTC"); the date alone when iso has no time. */
bool i18n_datetime_in(struct buf *b, const char *lang, const char *iso);
/** The same in this thread's language. */
bool i18n_datetime(struct buf *b, const char *iso);
/** An integer with the language's digits, grouping ("12,345", "12 345", "١٢٬٣٤٥"; Spanish groups from 10 000) and minus sign. */
void i18n_number_in(struct buf *b, const char *lang, long long n);
/** The same in this thread's language. */
void i18n_number(struct buf *b, long long n);

/*
 * HTML writers for the same, escaped, and isolated for bidirectional text: in an Arabic page
 * a run of Latin letters and digits next to Arabic text is otherwise reordered
 * ("24T06:18:29Z-04-2026", "0193 555 000+").
 */
/** A date: <time datetime="iso"><bdi>6 December 2026</bdi></time>; not a date: as given in <bdi dir="ltr">. */
void i18n_html_date(struct buf *b, const char *iso);
/** A date and time, the same way. */
void i18n_html_datetime(struct buf *b, const char *iso);
/** An integer for the language (i18n_number), escaped. */
void i18n_html_number(struct buf *b, long long n);
/**
 * A left-to-right run (a code, a phone number, an e-mail address, a URL, a street number,
 * an excerpt in Latin script, an ISO date shown as such) in <bdi dir="ltr">, escaped.
 * NULL or "" writes nothing.
 */
void i18n_html_ltr(struct buf *b, const char *s);

#define _(s) i18n_gettext(s)
#define N_(s) (s)

#endif

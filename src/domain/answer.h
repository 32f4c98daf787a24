/*
 * answer: the answer types of the reporting templates, first-class.
 *
 * A template names each question's type, and each table column's and group field's type,
 * as a string ("ynd", "multi", "date" ...).  The template loader parses it once into an
 * enum answer_type (answer_type_parse); after that no code compares type names.  Every
 * type has one row in a table of operations (answer.c): validate, canonical text, short
 * text, HTML for the report page, the form's inputs and reading them back, the CSV/JSON
 * value, the workbook cell's text and the demo's value.  Pages, downloads, the API, the
 * workbook and the demo call these, so a type behaves the same everywhere.
 *
 * Validation reports every error of a value at once, each tied to the path of its input
 * ("coord.poc:email", "surplus.destroyed:2:date": question id, then row index from 0 and
 * column id, or field id; the form names its inputs "v:" + path), with a message that says
 * what to do, in this thread's language.
 *
 * Values are the answers document's JSON (data/templates/README.md); the module never
 * keeps a reference to one.  answer.c holds the types, validation and text forms;
 * answer_html.c the report page's HTML and the form.
 */
#ifndef POAISS_DOMAIN_ANSWER_H
#define POAISS_DOMAIN_ANSWER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/** The answer types: the ten question types, then the three that exist only as fields and columns. */
enum answer_type {
    ANSWER_YND,
    ANSWER_YN,
    ANSWER_NUMBER,
    ANSWER_TEXT,
    ANSWER_SINGLE,
    ANSWER_MULTI,
    ANSWER_CONTACT,
    ANSWER_TABLE,
    ANSWER_FILE,
    ANSWER_GROUP,
    ANSWER_DATE,        /* field only */
    ANSWER_URL,         /* field only */
    ANSWER_EMAIL,       /* field only */
    ANSWER_NTYPES
};

/** A column of a table, a field of a group, a member of a contact: parsed once by the template loader. */
struct answer_member {
    const char *id, *label;             /* lent from the template (label: English) */
    enum answer_type type;
    json_t *json;                       /* its spec (min, max, options ...), lent; NULL for contact members */
};

struct template_question;

/** The type named name in a template; -1 when unknown.  fields_too: also date, url, email. */
int answer_type_parse(const char *name, bool fields_too, enum answer_type *out);
/** The template's name of a type ("ynd"), static. */
const char *answer_type_name(enum answer_type t);
/** Is the type a choice among values (yn, ynd, single, multi)? */
bool answer_type_is_choice(enum answer_type t);
/** Does the type hold members (table columns, group fields, contact members)? */
bool answer_type_has_members(enum answer_type t);

/** The six members of a contact answer, in order (static). */
extern const struct answer_member ANSWER_CONTACT_MEMBERS[6];
#define ANSWER_CONTACT_NMEMBERS 6

/* ---- validation ---- */

/** One error of a value: the path of its input, where it is for a reader, and what to do. */
struct answer_error {
    char *path;                         /* "qid", "qid:field", "qid:row:column", "qid:other" (owned) */
    char *where;                        /* "1.4.1, From (year)" / "3.2, row 2, Date" (owned) */
    char *message;                      /* "Enter a year between 1990 and 2100" (owned) */
};

/** A list of errors (all errors of one or several values). */
struct answer_errors {
    struct answer_error *v;
    size_t n, cap;
};

/** Initialise an empty list. */
void answer_errors_init(struct answer_errors *e);
/** Free the list's errors (the struct itself is the caller's). */
void answer_errors_cleanup(struct answer_errors *e);
/** The first error whose path is path, or NULL (lent). */
const struct answer_error *answer_errors_find(const struct answer_errors *e, const char *path);

/**
 * Check one answer value against its question; append every error to errs.  NULL and
 * JSON null are "not answered" and never an error here.  Returns how many errors it added.
 */
size_t answer_validate(const struct template_question *q, json_t *v, struct answer_errors *errs);
/**
 * The same, as one message: 0 valid, else -1 with "where: message" of the first error in
 * err (for line-oriented callers: the CLI import, the workbook, the demo).
 */
int answer_check(const struct template_question *q, json_t *v, char *err, size_t errlen);
/** Check a single value of a member type (a cell, a field) against its spec; appends to errs with path and where. */
size_t answer_validate_member(const struct answer_member *m, json_t *v, const char *path, const char *where,
                              struct answer_errors *errs);

/** The same for a member's value, as one message "where: message" in err: 0 valid, -1 not. */
int answer_check_member(const struct answer_member *m, json_t *v, const char *where, char *err, size_t errlen);

/* ---- text ---- */

/** The longest short text, in characters (code points), before its ellipsis. */
#define ANSWER_SHORT_MAX 120

/**
 * The full text of an answer for search and CSV: option labels (English), "Other: ...",
 * rows as "col: value; ..." one per line, contact members on lines.  Appends to out;
 * nothing for an unanswered value.
 */
void answer_text(struct buf *out, const struct template_question *q, json_t *v);
/**
 * A short readable form for a table cell, in this thread's language: Yes/No/Developing,
 * option labels, "3 rows", a file's name, the main contact members; cut at
 * ANSWER_SHORT_MAX characters at a word boundary with "…".  Appends to out.
 */
void answer_text_short(struct buf *out, const struct template_question *q, json_t *v);
/** Cut the text from byte `from` of out to at most max characters, at a word boundary when one is near, adding "…". */
void answer_cut(struct buf *out, size_t from, size_t max);
/** A member's value as text ("12", "2019-05", an option's label in this language), appended to out. */
void answer_member_text(struct buf *out, const struct answer_member *m, json_t *v);
/**
 * The value for one CSV cell: a string answer as it is, any other as compact JSON.
 * Owned (free()); NULL for an unanswered value.
 */
char *answer_csv_value(const struct template_question *q, json_t *v);

/** The label of a yes/no/developing value in this thread's language, or NULL when v is none of them. */
const char *answer_yn_label(const char *v);
/**
 * The values a choice question offers, in order: yes/no(/developing), or the option ids
 * (plus "other" when it allows an other text).  Up to max (lent) into out; returns how many.
 */
size_t answer_values(const struct template_question *q, const char **out, size_t max);
/** The English label of an answer value of q (an option's label, "Yes", "Other" ...); the value itself when unknown. */
const char *answer_value_label(const struct template_question *q, const char *value);
/** The label of an answer value of q in this thread's language. */
const char *answer_value_label_local(const struct template_question *q, const char *value);
/** Is value (a string, or one selected option) the answer to q?  For filters ("States that answered No"). */
bool answer_has_value(json_t *v, const char *value);
/** The file references in an answer (a file answer, or file cells and fields): calls fn for each. */
void answer_each_file(const struct template_question *q, json_t *v, void (*fn)(json_t *ref, void *ctx), void *ctx);
/** Is there a file anywhere in the question (a file question, or a file column/field)? */
bool answer_has_file_input(const struct template_question *q);

/* ---- demo ---- */

/** What the demo picked for a value: the type takes what it needs and shapes it to its spec. */
struct answer_demo {
    double number;                      /* brought within min and max, whole when integer */
    const char *text;                   /* for text (lent) */
    const char *option;                 /* for single (lent, NULL: none) */
    bool yes;                           /* yes or no for yn and ynd */
    int year;                           /* for a date */
};

/** A plausible value of member type m (owned), or NULL for the types the demo does not invent (file, multi, compounds). */
json_t *answer_demo_value(const struct answer_member *m, const struct answer_demo *in);

/* ---- HTML (answer_html.c) ---- */

/** How a page shows a file answer: a link (report rid), or an input.  Supplied by the web layer. */
struct answer_files {
    void (*link)(struct buf *b, long long rid, json_t *ref);
    void (*input)(struct buf *b, long long rid, const struct template_question *q, json_t *cur);
    void (*cell_input)(struct buf *b, long long rid, const char *field, json_t *spec, const char *label, json_t *cur);
    long long rid;
};

/** The answer on the report page, escaped; "No response" when unanswered. */
void answer_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_files *files);
/**
 * The form's inputs for q with its value v (the form's own markup, fields named "v:" + path).
 * errs: the errors to show next to their inputs (may be NULL), each tied by aria-describedby.
 */
void answer_form_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_errors *errs,
                      const struct answer_files *files);

/** Where answer_form_read reads a posted form.  get_all: every value of a repeated field. */
struct answer_form_source {
    const char *(*get)(void *ctx, const char *name);
    size_t (*get_all)(void *ctx, const char *name, const char **out, size_t max);
    /* A file input "v:ID" or "v:ID:ROW:COL": the answer to keep (owned, or NULL); spec the question or column. */
    json_t *(*file)(void *ctx, const char *name, json_t *spec, json_t *cur, const char *qid);
    void *ctx;
};

/** The largest number of table rows a form gives (and a table answer may hold). */
#define ANSWER_MAX_ROWS 500

/** The value the posted form gives for q, or NULL for "not answered" (owned).  cur: the saved answer. */
json_t *answer_form_read(const struct template_question *q, json_t *cur, const struct answer_form_source *src);
/** A typed scalar from a form's text: numbers for number members (kept as text when not a number), else a string; NULL when empty. */
json_t *answer_from_text(enum answer_type t, const char *s);

#endif

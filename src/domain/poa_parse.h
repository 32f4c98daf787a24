/*
 * poa_parse: the Programme of Action text (data/poa.txt) as sections and paragraphs.
 *
 * The source is flowing text: "I. Preamble 1. We, ... 2. Gravely ... II. Preventing ...
 * 1. We, ... At the national level 2. To put ...".  poa_parse() turns it into a title,
 * a UN document symbol, roman-numbered sections and paragraphs numbered 1, 2, 3 ...
 * within each section.  It is a pure function (no I/O, no globals) so that it can be
 * fuzzed; see the comment at the top of poa_parse.c for how it decides what is what.
 */
#ifndef POAISS_DOMAIN_POA_PARSE_H
#define POAISS_DOMAIN_POA_PARSE_H

#include <stddef.h>

struct poa_section {
    char num[8];            /* "I", "II", "III", "IV" ... */
    char *title;            /* "Preamble" */
};

struct poa_paragraph {
    int section;            /* index into poa_doc.sections */
    int num;                /* 1, 2, 3 ... within the section */
    char *heading;          /* subheading just before this paragraph ("At the national level"), or NULL */
    char *text;             /* white space normalised, without the "N. " prefix; each subparagraph
                               "(a) ...", "(b) ..." starts on a new line ("\n") */
};

struct poa_doc {
    char *title;            /* "Programme of Action to Prevent, ..." or NULL when the text has none */
    char *symbol;           /* "A/CONF.192/15", or NULL when the title names none */
    struct poa_section *sections;
    size_t nsections;
    struct poa_paragraph *paras;    /* in document order; a section's paragraphs are contiguous */
    size_t nparas;
};

/*
 * Parse len bytes of text (need not be NUL-terminated).  Returns 0 with *out filled, or -1
 * with a message for a human in err (when err is not NULL and errlen > 0) and *out zeroed.
 * Input must be at most 4 MiB of UTF-8 without NUL bytes or control characters other than
 * white space.
 * On success there is at least one section, every section has at least one paragraph,
 * and paragraph numbers run 1, 2, 3 ... within each section.
 * Either way the caller may call poa_doc_cleanup(out).
 */
int poa_parse(const char *text, size_t len, struct poa_doc *out, char *err, size_t errlen);

/* Free everything poa_parse allocated and zero *doc.  Safe on a zeroed doc and twice. */
void poa_doc_cleanup(struct poa_doc *doc);

/* The stable address of a paragraph, e.g. "PoA II.4", written into buf (truncated to buflen). */
void poa_paragraph_address(const struct poa_doc *doc, const struct poa_paragraph *p, char *buf, size_t buflen);

#endif

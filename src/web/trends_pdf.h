/*
 * web/trends_pdf: the trends document (domain/trends.h) as an A4 PDF, drawn in the program with
 * cairo and pango: text shaped and broken into lines by pango (Arabic right to left, Chinese,
 * Cyrillic; fonts found through fontconfig, subsets embedded by cairo), figures drawn as vector
 * graphics from their struct chart, headings tagged (H1, H2), a PDF outline and internal links,
 * a table of contents with page numbers (the document is laid out twice: once to learn the
 * pages, once to draw), a running header and footer with the page number, and "Synthetic data"
 * on every figure, every page and the title page when the demo made the data.
 */
#ifndef POAISS_WEB_TRENDS_PDF_H
#define POAISS_WEB_TRENDS_PDF_H

#include "domain/trends.h"
#include "util/buf.h"

/** Render d (lent) as a PDF appended to out.  0, or -1 when cairo fails (nothing usable in out). */
int trends_pdf_render(const struct trends_doc *d, struct buf *out);

/** Free fontconfig's and pango's caches (at exit, so leak checkers see none). */
void trends_pdf_shutdown(void);

#endif

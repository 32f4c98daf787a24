/* pdf_catalog: mark a cairo PDF as tagged and give it its language (web/pdf_catalog.c). */
#ifndef POAISS_WEB_PDF_CATALOG_H
#define POAISS_WEB_PDF_CATALOG_H

#include "util/buf.h"

/* Append to the PDF in pdf (lent, grown in place) an incremental update of its catalog with
   /MarkInfo << /Marked true >>, /ViewerPreferences << /DisplayDocTitle true >> and /Lang (lang)
   (lent; skipped unless letters, digits and '-').  Returns 1 when amended, 0 when the catalog
   already had /MarkInfo, -1 when the file is not one this understands (left unchanged). */
int pdf_catalog_amend(struct buf *pdf, const char *lang);

#endif

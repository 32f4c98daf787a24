/* error_summary: see error_summary.h. */
#include "web/error_summary.h"

#include "util/i18n.h"
#include "util/text.h"

void error_summary_begin(struct buf *b, const char *title)
{
    HTML_LIT(b, "<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                "aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">");
    html_text(b, title ? title : _("There is a problem"));
    HTML_LIT(b, "</h2>");
}

void error_summary_end(struct buf *b)
{
    HTML_LIT(b, "</div>\n<script src=\"/static/error-summary.js\" defer></script>\n");
}

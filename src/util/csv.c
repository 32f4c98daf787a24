/* csv: see csv.h. */
#include "util/csv.h"

#include <string.h>

#include "util/text.h"

void csv_field(struct buf *b, const char *s, bool first)
{
    if (!first) buf_putc(b, ',');
    if (!s) return;
    size_t n = strlen(s);
    struct buf clean = BUF_INIT;
    if (!utf8_valid_text(s, n)) {   /* sanitise first: the guard must see the cell as a spreadsheet will */
        text_sanitize(&clean, s, n);
        s = buf_cstr(&clean);
    }
    /* ';' and tab too: a spreadsheet whose list separator is ';' (French, German, Russian,
       Spanish locales) or tab would otherwise split the field and read its tail as a new cell,
       where a '=' the leading-character guard never saw would run as a formula. */
    bool quote = strpbrk(s, ",;\"\t\r\n") != NULL;
    bool guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    if (quote || guard) buf_putc(b, '"');
    if (guard) buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote || guard) buf_putc(b, '"');
    buf_cleanup(&clean);
}

void csv_end_row(struct buf *b)
{
    buf_puts(b, "\r\n");
}

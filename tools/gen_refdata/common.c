#include "gen_refdata.h"



const char *iso_codes_path = "/usr/share/iso-codes/json/iso_3166-1.json";
const char *locale_dir = "/usr/share/locale";
const char *cldr_dir = "/usr/share/unicode/cldr/common";

static int nerrors;

/* ---- diagnostics and memory ------------------------------------------------------ */

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_refdata: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* An error in an input file: reported, counted; the run fails at the next checkpoint. */
void err_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (line > 0)
        fprintf(stderr, "%s:%d: ", file, line);
    else
        fprintf(stderr, "%s: ", file);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    nerrors++;
}

void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_refdata: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void checkpoint(void)
{
    if (nerrors) {
        fprintf(stderr, "gen_refdata: %d error%s, no output\n", nerrors, nerrors == 1 ? "" : "s");
        exit(1);
    }
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = xmalloc(la + lb + 2);
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* The whole file, NUL-terminated; NULL (errno set) if it cannot be read. */
static char *read_file(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (cap - len < 4096) buf = xrealloc(buf, cap *= 2);
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); errno = EIO; return NULL; }
    buf[len] = 0;
    if (lenp) *lenp = len;
    return buf;
}

char *must_read(const char *path, size_t *lenp)
{
    char *s = read_file(path, lenp);
    if (!s) die("%s: %s", path, strerror(errno));
    return s;
}

/* ---- small checks -------------------------------------------------------------------- */

int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n;
        if (*p < 0x80) { p++; continue; }
        else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2) n = 1;
        else if ((*p & 0xf0) == 0xe0) n = 2;
        else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4) n = 3;
        else return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xc0) != 0x80) return 0;
    }
    return 1;
}

int is_upper_code(const char *s, size_t len)
{
    if (strlen(s) != len) return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 'A' || s[i] > 'Z') return 0;
    return 1;
}

int is_m49(const char *s)
{
    return strlen(s) == 3 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
        && isdigit((unsigned char)s[2]);
}

/* YYYY-MM-DD, a real calendar date. */
int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* A decimal integer in [lo, hi]; -1 if not. */
long parse_int(const char *s, long lo, long hi)
{
    if (!*s) return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p)) return -1;
    if (strlen(s) > 9) return -1;
    long v = atol(s);
    return v < lo || v > hi ? -1 : v;
}

/* Split s on single spaces into a NULL-terminated vector (s is modified). */
char **split_words(char *s, int *np)
{
    int n = 0, cap = 8;
    char **v = xmalloc(cap * sizeof *v);
    char *save = NULL;
    for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (n + 1 >= cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = w;
    }
    v[n] = NULL;
    if (np) *np = n;
    return v;
}

/* ---- TSV ------------------------------------------------------------------------------ */



/* Load DIR/NAME: '#' lines and blank lines are skipped; the first other line must be the
 * header; every row has exactly as many tab-separated fields as the header. */
void tsv_load(Table *t, const char *dir, const char *name, const char *header)
{
    t->path = path_join(dir, name);
    t->rows = NULL;
    t->n = 0;
    char *buf = must_read(t->path, NULL);
    int ncols = 1;
    for (const char *p = header; *p; p++) ncols += *p == '\t';
    int cap = 0, lineno = 0, seen_header = 0;
    char *line = buf;
    while (*line) {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : line + strlen(line);
        if (nl) *nl = 0;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[--len] = 0;
        lineno++;
        if (len == 0 || line[0] == '#') { line = next; continue; }
        if (!utf8_valid(line)) {
            err_at(t->path, lineno, "invalid UTF-8");
            line = next;
            continue;
        }
        if (!seen_header) {
            if (strcmp(line, header) != 0) {
                err_at(t->path, lineno, "header is not \"%s\"", header);
                checkpoint();
            }
            seen_header = 1;
            line = next;
            continue;
        }
        char **f = xmalloc((size_t)ncols * sizeof *f);
        int n = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (n < ncols) f[n] = p;
            n++;
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        if (n != ncols) {
            err_at(t->path, lineno, "%d fields, expected %d", n, ncols);
            free(f);
            line = next;
            continue;
        }
        int bad = 0;
        for (int i = 0; i < ncols; i++) {
            size_t fl = strlen(f[i]);
            if (fl && (f[i][0] == ' ' || f[i][fl - 1] == ' ')) bad = 1;
        }
        if (bad) err_at(t->path, lineno, "a field begins or ends with a space");
        if (t->n == cap) t->rows = xrealloc(t->rows, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *t->rows);
        t->rows[t->n].f = f;
        t->rows[t->n].line = lineno;
        t->n++;
        line = next;
    }
    if (!seen_header) err_at(t->path, 0, "no header line");
}


/* attachment: see attachment.h. */
#include "domain/attachment.h"
#include "store/store.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/authz.h"
#include "store/store.h"
#include "util/text.h"

#define T_PDF  "application/pdf"
#define T_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define T_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define T_PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define T_ODT  "application/vnd.oasis.opendocument.text"
#define T_ODS  "application/vnd.oasis.opendocument.spreadsheet"
#define T_PNG  "image/png"
#define T_JPEG "image/jpeg"

static const char *const KNOWN[] = { T_PDF, T_DOCX, T_XLSX, T_PPTX, T_ODT, T_ODS, T_PNG, T_JPEG, NULL };

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Does the zip's central directory list an entry called name?  false for a malformed zip. */
static bool zip_has(const unsigned char *d, size_t len, const char *name)
{
    if (len < 22) return false;
    size_t lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t e = len - 22 + 1; e-- > lo;) {
        if (memcmp(d + e, "PK\x05\x06", 4) != 0) continue;
        size_t count = le16(d + e + 10), off = le32(d + e + 16), nl = strlen(name);
        if (off > e) return false;
        const unsigned char *q = d + off, *end = d + e;
        for (size_t i = 0; i < count; i++) {
            if ((size_t)(end - q) < 46 || memcmp(q, "PK\x01\x02", 4) != 0) return false;
            size_t n = le16(q + 28), skip = 46 + n + le16(q + 30) + le16(q + 32);
            if ((size_t)(end - q) < skip) return false;
            if (n == nl && memcmp(q + 46, name, nl) == 0) return true;
            q += skip;
        }
        return false;
    }
    return false;
}

/* An OpenDocument file starts with a stored entry "mimetype" holding its media type. */
static const char *odf_type(const unsigned char *d, size_t len)
{
    if (len < 30 + 8 || le16(d + 8) != 0 || le16(d + 26) != 8 || memcmp(d + 30, "mimetype", 8) != 0) return NULL;
    size_t at = 30 + 8 + le16(d + 28), n = le32(d + 18);
    static const char *const odf[] = { T_ODT, T_ODS, NULL };
    for (int i = 0; odf[i]; i++)
        if (n == strlen(odf[i]) && at <= len && len - at >= n && memcmp(d + at, odf[i], n) == 0) return odf[i];
    return NULL;
}

const char *attachment_sniff(const void *data, size_t len)
{
    const unsigned char *d = data;
    if (!d) return NULL;
    if (len >= 5 && memcmp(d, "%PDF-", 5) == 0) return T_PDF;
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return T_PNG;
    if (len >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0) return T_JPEG;
    if (len >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) {
        const char *odf = odf_type(d, len);
        if (odf) return odf;
        if (!zip_has(d, len, "[Content_Types].xml")) return NULL;
        if (zip_has(d, len, "word/document.xml")) return T_DOCX;
        if (zip_has(d, len, "xl/workbook.xml")) return T_XLSX;
        if (zip_has(d, len, "ppt/presentation.xml")) return T_PPTX;
    }
    return NULL;
}

const char *attachment_content_type(const char *type)
{
    for (int i = 0; type && KNOWN[i]; i++)
        if (strcmp(type, KNOWN[i]) == 0) return KNOWN[i];
    return "application/octet-stream";
}

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte: the input is valid here). */
static size_t seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

void attachment_clean_name(const char *raw, size_t n, char out[ATTACHMENT_NAME_MAX + 1])
{
    /* The last path component only: "../../etc/passwd" is "passwd", "C:\\x\\nap.pdf" is "nap.pdf". */
    size_t start = 0;
    for (size_t i = 0; i < n; i++)
        if (raw[i] == '/' || raw[i] == '\\') start = i + 1;
    struct buf b = BUF_INIT, c = BUF_INIT;
    text_sanitize(&b, raw + start, n - start);   /* invalid UTF-8 to U+FFFD, controls dropped but tab, CR, LF */
    const unsigned char *p = (const unsigned char *)buf_cstr(&b);
    for (size_t i = 0; i < b.len;) {
        size_t l = seq_len(p[i]);
        if (i + l > b.len) l = b.len - i;
        bool bidi = l == 3 && p[i] == 0xE2 && ((p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE) ||
                                               (p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9));
        if (bidi || p[i] == '\t' || p[i] == '\r' || p[i] == '\n') buf_putc(&c, '_');
        else buf_append(&c, p + i, l);
        i += l;
    }
    /* No leading dots or spaces (no hidden files, no ".."), no trailing ones. */
    const char *s = buf_cstr(&c);
    size_t len = c.len;
    while (len && (*s == '.' || *s == ' ')) { s++; len--; }
    while (len && (s[len - 1] == '.' || s[len - 1] == ' ')) len--;
    if (len == 0) { s = "attachment"; len = strlen(s); }
    /* Too long: keep the head and a short extension, cut on a character boundary. */
    if (len > ATTACHMENT_NAME_MAX) {
        const char *dot = NULL;
        for (size_t i = len; i-- > 0 && !dot;) if (s[i] == '.') dot = s + i;
        size_t ext = dot && (size_t)(s + len - dot) <= 16 ? (size_t)(s + len - dot) : 0;
        size_t head = ATTACHMENT_NAME_MAX - ext;
        while (head && ((unsigned char)s[head] & 0xC0) == 0x80) head--;
        memcpy(out, s, head);
        memcpy(out + head, s + len - ext, ext);
        out[head + ext] = '\0';
    } else {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    buf_cleanup(&b);
    buf_cleanup(&c);
}

void attachment_disposition(struct buf *out, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_puts(out, "attachment; filename=\"");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._-+()", *p);
        buf_putc(out, plain ? (char)*p : '_');
    }
    buf_puts(out, "\"; filename*=UTF-8''");
    /* RFC 8187 attr-char stays as is; every other byte is percent-encoded. */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool attr = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p);
        if (attr) buf_putc(out, (char)*p);
        else { buf_putc(out, '%'); buf_putc(out, hex[*p >> 4]); buf_putc(out, hex[*p & 15]); }
    }
}

void attachment_sha256(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool attachment_sha_valid(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

long long attachment_max_bytes(json_t *spec)
{
    json_t *m = json_object_get(spec, "max_bytes");
    return json_is_integer(m) && json_integer_value(m) > 0 ? (long long)json_integer_value(m) : ATTACHMENT_DEFAULT_MAX_BYTES;
}

enum attachment_error attachment_check(json_t *spec, const char *raw_name, size_t name_len, const void *data, size_t len,
                                       json_t **ref, const char **type)
{
    *ref = NULL;
    if (type) *type = NULL;
    if (len == 0) return ATTACHMENT_EMPTY;
    if ((long long)len > attachment_max_bytes(spec)) return ATTACHMENT_TOO_LARGE;
    const char *t = attachment_sniff(data, len);
    if (type) *type = t;
    if (!t) return ATTACHMENT_UNKNOWN_TYPE;
    json_t *accept = json_object_get(spec, "accept"), *a;
    size_t i;
    bool ok = !accept;
    json_array_foreach(accept, i, a) ok |= json_is_string(a) && strcmp(json_string_value(a), t) == 0;
    if (!ok) return ATTACHMENT_NOT_ACCEPTED;
    char name[ATTACHMENT_NAME_MAX + 1], sha[65];
    attachment_clean_name(raw_name ? raw_name : "", raw_name ? name_len : 0, name);
    attachment_sha256(data, len, sha);
    *ref = json_pack("{s:s, s:s, s:I, s:s}", "name", name, "type", t, "bytes", (json_int_t)len, "sha256", sha);
    return ATTACHMENT_OK;
}

struct rep_state { bool found; char iso3[4]; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct rep_state *p = ctx;
    p->found = true;
    snprintf(p->iso3, sizeof p->iso3, "%s", r->state_iso3);
    return 0;
}

struct serve { struct buf *out; const char *type; };

static int serve_cb(const struct store_attachment *a, void *ctx)
{
    struct serve *sv = ctx;
    sv->type = attachment_content_type(a->type);
    buf_append(sv->out, a->content, a->bytes);
    return 0;
}

int attachment_read(struct store *s, const char *sha256, struct buf *out, const char **type)
{
    size_t before = out->len;
    struct serve sv = { out, attachment_content_type(NULL) };
    int rc = store_attachment_get(s, sha256, serve_cb, &sv);
    if (rc != 0) {
        out->len = before;   /* nothing partial */
        if (out->data) out->data[before] = '\0';
        return rc == 1 ? 1 : -1;
    }
    *type = sv.type;
    return 0;
}

enum attachment_access attachment_open(struct store *s, const struct principal *who, long long id, const char *sha256,
                                       struct buf *out, struct attachment_file *f)
{
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "attachment");
    f->type = attachment_content_type(NULL);
    if (!attachment_sha_valid(sha256)) return ATTACHMENT_ABSENT;
    struct rep_state rep = { 0 };
    if (store_report_get(s, id, false, rep_cb, &rep) < 0) return ATTACHMENT_FAILED;
    if (!rep.found) return ATTACHMENT_ABSENT;
    char wname[4096] = "", pname[4096] = "";
    int w = store_attachment_ref_name(s, id, sha256, false, wname, sizeof wname);
    int p = store_attachment_ref_name(s, id, sha256, true, pname, sizeof pname);
    if (w < 0 || p < 0) return ATTACHMENT_FAILED;
    if (!authz_attachment_read(who, rep.iso3, p == 1, w == 1)) return ATTACHMENT_ABSENT;
    f->draft_only = p != 1;
    const char *raw = p == 1 ? pname : wname;   /* the name a reference the asker may see gives it, cleaned again */
    attachment_clean_name(raw, strlen(raw), f->name);
    int rc = attachment_read(s, sha256, out, &f->type);
    if (rc != 0) return rc == 1 ? ATTACHMENT_ABSENT : ATTACHMENT_FAILED;
    return ATTACHMENT_SERVED;
}

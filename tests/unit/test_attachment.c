/*
 * Unit tests: domain/attachment (type sniffing from the bytes, file names, Content-Disposition,
 * checks against a question) and the multipart parts of http/request.c that carry uploads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attachment.h"
#include "http/http.h"

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define ODT "application/vnd.oasis.opendocument.text"

static void put16(struct buf *b, unsigned v) { buf_putc(b, (char)(v & 255)); buf_putc(b, (char)(v >> 8)); }
static void put32(struct buf *b, uint32_t v) { put16(b, v & 0xFFFF); put16(b, v >> 16); }

/* A zip of stored entries (names[i] holding datas[i]), as office suites write them. */
static void make_zip(struct buf *z, const char *const *names, const char *const *datas, size_t n)
{
    struct buf cd = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        uint32_t off = (uint32_t)z->len, len = (uint32_t)strlen(datas[i]);
        uint16_t nl = (uint16_t)strlen(names[i]);
        buf_append(z, "PK\x03\x04", 4);
        put16(z, 20); put16(z, 0); put16(z, 0); put16(z, 0); put16(z, 0);
        put32(z, 0); put32(z, len); put32(z, len); put16(z, nl); put16(z, 0);
        buf_append(z, names[i], nl);
        buf_append(z, datas[i], len);
        buf_append(&cd, "PK\x01\x02", 4);
        put16(&cd, 20); put16(&cd, 20); put16(&cd, 0); put16(&cd, 0); put16(&cd, 0); put16(&cd, 0);
        put32(&cd, 0); put32(&cd, len); put32(&cd, len); put16(&cd, nl); put16(&cd, 0); put16(&cd, 0);
        put16(&cd, 0); put16(&cd, 0); put32(&cd, 0); put32(&cd, off);
        buf_append(&cd, names[i], nl);
    }
    uint32_t cd_off = (uint32_t)z->len;
    buf_append(z, cd.data, cd.len);
    buf_append(z, "PK\x05\x06", 4);
    put16(z, 0); put16(z, 0); put16(z, (unsigned)n); put16(z, (unsigned)n);
    put32(z, (uint32_t)cd.len); put32(z, cd_off); put16(z, 0);
    buf_cleanup(&cd);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_string_equal(attachment_sniff("%PDF-1.7\n", 9), "application/pdf");
    assert_string_equal(attachment_sniff("\x89PNG\r\n\x1a\n", 8), "image/png");
    assert_string_equal(attachment_sniff("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
    assert_null(attachment_sniff("%PDF", 4));
    assert_null(attachment_sniff("<html><script>", 14));
    assert_null(attachment_sniff("", 0));
    assert_null(attachment_sniff(NULL, 10));

    const char *docx_names[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml" };
    const char *docx_data[] = { "<Types/>", "<Relationships/>", "<w:document/>" };
    struct buf z = BUF_INIT;
    make_zip(&z, docx_names, docx_data, 3);
    assert_string_equal(attachment_sniff(z.data, z.len), DOCX);
    /* Cut anywhere, the directory is gone: never a crash, never a type. */
    for (size_t cut = 0; cut < z.len; cut++) assert_null(attachment_sniff(z.data, cut));
    /* A central directory offset pointing past the end. */
    z.data[z.len - 6] = '\x7f';
    assert_null(attachment_sniff(z.data, z.len));
    buf_clear(&z);

    const char *odt_names[] = { "mimetype", "content.xml" };
    const char *odt_data[] = { ODT, "<office:document-content/>" };
    make_zip(&z, odt_names, odt_data, 2);
    assert_string_equal(attachment_sniff(z.data, z.len), ODT);
    buf_clear(&z);

    const char *plain_names[] = { "readme.txt" };
    const char *plain_data[] = { "just a zip" };
    make_zip(&z, plain_names, plain_data, 1);
    assert_null(attachment_sniff(z.data, z.len));
    buf_cleanup(&z);
}

static void clean(const char *raw, const char *want)
{
    char out[ATTACHMENT_NAME_MAX + 1];
    attachment_clean_name(raw, strlen(raw), out);
    assert_string_equal(out, want);
}

static void test_clean_name(void **state)
{
    (void)state;
    clean("nap.pdf", "nap.pdf");
    clean("../../etc/passwd", "passwd");
    clean("C:\\Users\\x\\plan.docx", "plan.docx");
    clean("a\r\nSet-Cookie: x.pdf", "a__Set-Cookie: x.pdf");
    clean("tab\there.pdf", "tab_here.pdf");
    clean("..", "attachment");
    clean("", "attachment");
    clean("dir/", "attachment");
    clean(".hidden.pdf", "hidden.pdf");
    clean("bad\xff" "byte.pdf", "bad\xEF\xBF\xBD" "byte.pdf");
    clean("\xE2\x80\xAE" "fdp.exe", "_fdp.exe");
    clean("Plan d’action — 行动计划.pdf", "Plan d’action — 行动计划.pdf");
    char longname[400], out[ATTACHMENT_NAME_MAX + 1];
    memset(longname, 'y', 300);
    strcpy(longname + 300, ".pdf");
    attachment_clean_name(longname, strlen(longname), out);
    assert_int_equal(strlen(out), ATTACHMENT_NAME_MAX);
    assert_string_equal(out + ATTACHMENT_NAME_MAX - 4, ".pdf");
    /* A long multibyte name is cut on a character boundary. */
    char cjk[700] = "";
    for (int i = 0; i < 200; i++) strcat(cjk, "行");
    attachment_clean_name(cjk, strlen(cjk), out);
    assert_true(strlen(out) <= ATTACHMENT_NAME_MAX && strlen(out) % 3 == 0);
}

static void test_disposition(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    attachment_disposition(&b, "nap.pdf");
    assert_string_equal(buf_cstr(&b), "attachment; filename=\"nap.pdf\"; filename*=UTF-8''nap.pdf");
    buf_clear(&b);
    attachment_disposition(&b, "a \"b\";\\c é.pdf");
    assert_string_equal(buf_cstr(&b), "attachment; filename=\"a__b___c___.pdf\"; filename*=UTF-8''a%20%22b%22%3B%5Cc%20%C3%A9.pdf");
    buf_cleanup(&b);
}

static void test_check(void **state)
{
    (void)state;
    json_t *spec = json_pack("{s:[s,s], s:i}", "accept", "application/pdf", DOCX, "max_bytes", 10);
    json_t *ref = NULL;
    const char *type = NULL;
    assert_int_equal(attachment_check(spec, "x.pdf", 5, "%PDF-1", 6, &ref, &type), ATTACHMENT_OK);
    char sha[65];
    attachment_sha256("%PDF-1", 6, sha);
    assert_true(attachment_sha_valid(sha));
    assert_string_equal(json_string_value(json_object_get(ref, "sha256")), sha);
    assert_string_equal(json_string_value(json_object_get(ref, "type")), "application/pdf");
    assert_int_equal(json_integer_value(json_object_get(ref, "bytes")), 6);
    json_decref(ref);
    assert_int_equal(attachment_check(spec, "x.pdf", 5, "%PDF-1234567", 12, &ref, &type), ATTACHMENT_TOO_LARGE);
    assert_int_equal(attachment_check(spec, "x.pdf", 5, "", 0, &ref, &type), ATTACHMENT_EMPTY);
    assert_int_equal(attachment_check(spec, "x.pdf", 5, "hello", 5, &ref, &type), ATTACHMENT_UNKNOWN_TYPE);
    assert_int_equal(attachment_check(spec, "x.png", 5, "\x89PNG\r\n\x1a\n", 8, &ref, &type), ATTACHMENT_NOT_ACCEPTED);
    assert_null(ref);
    assert_false(attachment_sha_valid("ABCDEF"));
    assert_false(attachment_sha_valid(NULL));
    json_decref(spec);
}

struct seen { int n; char names[4][64]; char file[64]; size_t len; };

static int seen_cb(const struct http_part *p, void *ctx)
{
    struct seen *s = ctx;
    snprintf(s->names[s->n++ & 3], 64, "%.*s", (int)p->name_len, p->name);
    if (p->has_filename) {
        struct buf b = BUF_INIT;
        http_part_filename(p, &b);
        snprintf(s->file, sizeof s->file, "%s", buf_cstr(&b));
        s->len = p->len;
        buf_cleanup(&b);
    }
    return 0;
}

static void test_multipart_parts(void **state)
{
    (void)state;
    static const char body[] =
        "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken\r\n"
        "--XX\r\nContent-Disposition: form-data; name=\"v:q\"; filename=\"a%22b%0D%0Ac\\\\d.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF-\r\n"
        "--XX\r\nContent-Disposition: form-data; filename=\"name=\\\"csrf\\\"\"; name=\"trap\"\r\n\r\nx\r\n"
        "--XX--\r\n";
    struct seen s = { 0 };
    assert_int_equal(http_multipart_each("multipart/form-data; boundary=XX", body, sizeof body - 1, seen_cb, &s), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.names[0], "csrf");
    assert_string_equal(s.names[1], "v:q");
    assert_string_equal(s.names[2], "trap");
    assert_string_equal(s.file, "name=\"csrf\"");
    const char *d;
    size_t n;
    assert_int_equal(http_multipart_parse("multipart/form-data; boundary=XX", body, sizeof body - 1, "csrf", &d, &n), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(d, "token", 5);
    struct http_params p = { 0 };
    assert_int_equal(http_multipart_form(&p, "multipart/form-data; boundary=XX", body, sizeof body - 1), 0);
    assert_int_equal(p.n, 1);   /* the files are not form fields */
    http_params_cleanup(&p);
    /* Malformed: truncated, no boundary, a field with invalid UTF-8. */
    assert_int_equal(http_multipart_each("multipart/form-data; boundary=XX", body, 40, seen_cb, &s), -1);
    assert_int_equal(http_multipart_each("multipart/form-data", body, sizeof body - 1, seen_cb, &s), -1);
    static const char bad[] = "--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XX--\r\n";
    assert_int_equal(http_multipart_form(&p, "multipart/form-data; boundary=XX", bad, sizeof bad - 1), -1);
    http_params_cleanup(&p);
}

/* The parts of a one-field body whose boundary is b, under Content-Type ct: the callback's count, or -1 when malformed. */
static int parts_with(const char *ct, const char *b)
{
    char body[512];
    snprintf(body, sizeof body, "--%s\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--%s--\r\n", b, b);
    struct seen s = { 0 };
    if (http_multipart_each(ct, body, strlen(body), seen_cb, &s) < 0) return -1;
    return s.n;
}

static void test_multipart_boundary(void **state)
{
    (void)state;
    /* The parameter named boundary, not the first text that ends in "boundary=". */
    assert_int_equal(parts_with("multipart/form-data; xboundary=AAA; boundary=BBB", "BBB"), 1);
    assert_int_equal(parts_with("multipart/form-data; xboundary=AAA; boundary=BBB", "AAA"), -1);
    assert_int_equal(parts_with("multipart/form-data; boundary=BBB; xboundary=AAA", "BBB"), 1);
    assert_int_equal(parts_with("multipart/form-data; xboundary=AAA", "AAA"), -1);
    assert_int_equal(parts_with("multipart/form-data; charset=\"x;boundary=AAA\"; boundary=BBB", "BBB"), 1);
    assert_int_equal(parts_with("multipart/form-data; charset=\"x;boundary=AAA\"; boundary=BBB", "AAA"), -1);
    /* Names without case, blanks around ';', no blank before the first one, a quoted value with an escape. */
    assert_int_equal(parts_with("MULTIPART/Form-Data; BOUNDARY=XX", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data;boundary=XX", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data \t;\t boundary=XX ; charset=utf-8 ;", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data; ; boundary=XX", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data; boundary=\"XX\"", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data; boundary=\"X\\X\"", "XX"), 1);
    assert_int_equal(parts_with("multipart/form-data; boundary=\"a b:c=d?\"", "a b:c=d?"), 1);   /* bchars a token cannot hold */
    assert_int_equal(parts_with("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
                                "----WebKitFormBoundary7MA4YWxkTrZu0gW"), 1);
    char b70[71], b71[72], ct[128];
    memset(b70, 'b', 70); b70[70] = 0;
    memset(b71, 'b', 71); b71[71] = 0;
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b70);
    assert_int_equal(parts_with(ct, b70), 1);                                     /* RFC 2046: 1 to 70 */
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b71);
    assert_int_equal(parts_with(ct, b71), -1);
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=\"%s\"", b71);
    assert_int_equal(parts_with(ct, b71), -1);
    /* Missing or invalid: the body is malformed. */
    static const char *const bad[] = {
        "multipart/form-data", "multipart/form-data;", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"XX", "multipart/form-data; boundary=\"XX\\", "multipart/form-data; boundary=\"XX \"",
        "multipart/form-data; boundary=XX; boundary=XX", "multipart/form-data; boundary=XX; BOUNDARY=YY",
        "multipart/form-dataX; boundary=XX", "multipart/form-data boundary=XX", "multipart/form-data; boundary =XX",
        "multipart/form-data; boundary=XX junk", "multipart/form-data; boundary=\"XX\"junk", "multipart/form-data; boundary=X!X",
        "multipart/form-data; =XX; boundary=XX", "multipart/form-data; charset; boundary=XX", "multipart/form-data; boundary=\"X\x01X\"",
        "multipart/form-data; boundary=X\xc3\xa9X", "text/plain; boundary=XX", NULL,
    };
    for (size_t i = 0; bad[i]; i++) assert_int_equal(parts_with(bad[i], "XX"), -1);
    assert_int_equal(parts_with(NULL, "XX"), -1);
    assert_int_equal(http_multipart_each("multipart/form-data; boundary=XX", NULL, 0, seen_cb, &(struct seen){ 0 }), -1);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_clean_name),
        cmocka_unit_test(test_disposition),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_multipart_parts),
        cmocka_unit_test(test_multipart_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * fuzz_poa_parse: libFuzzer driver for domain/poa_parse.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
 *         tests/fuzz/fuzz_poa_parse.c src/domain/poa_parse.c src/util/mem.c -o build/fuzz_poa_parse
 *   build/fuzz_poa_parse -max_total_time=60 -max_len=65536 corpus/ data/poa.txt
 *
 * Besides memory errors (ASan/UBSan), it checks the promises of poa_parse.h: -1 leaves the
 * doc zeroed with a message; 0 gives at least one section, each with paragraphs numbered
 * 1, 2, 3 ..., and strings that are non-NULL, NUL-free and white space normalised.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/poa_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_poa_parse: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

static void check_string(const char *s, int allow_newline)
{
    CHECK(s != NULL);
    size_t n = strlen(s);
    CHECK(n > 0);
    CHECK(s[0] != ' ' && s[0] != '\n' && s[n - 1] != ' ' && s[n - 1] != '\n');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        CHECK(c >= 0x20 || (c == '\n' && allow_newline));
        if (c == ' ' || c == '\n') CHECK(s[i + 1] != ' ' && s[i + 1] != '\n');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct poa_doc doc;
    char err[256];
    memset(&doc, 0xA5, sizeof doc);
    int rc = poa_parse((const char *)data, size, &doc, err, sizeof err);
    if (rc != 0) {
        CHECK(rc == -1);
        CHECK(err[0] != '\0' && memchr(err, '\0', sizeof err) != NULL);
        CHECK(doc.title == NULL && doc.symbol == NULL && doc.sections == NULL && doc.paras == NULL);
        CHECK(doc.nsections == 0 && doc.nparas == 0);
        poa_doc_cleanup(&doc);
        return 0;
    }
    if (doc.title) check_string(doc.title, 0);
    if (doc.symbol) check_string(doc.symbol, 0);
    CHECK(doc.nsections >= 1 && doc.sections != NULL);
    CHECK(doc.nparas >= doc.nsections && doc.paras != NULL);
    for (size_t i = 0; i < doc.nsections; i++) {
        CHECK(memchr(doc.sections[i].num, '\0', sizeof doc.sections[i].num) != NULL);
        CHECK(doc.sections[i].num[0] != '\0');
        check_string(doc.sections[i].title, 0);
    }
    int sec = 0, expect = 1;
    for (size_t i = 0; i < doc.nparas; i++) {
        const struct poa_paragraph *p = &doc.paras[i];
        if (p->section != sec) {
            CHECK(p->section == sec + 1);
            sec++;
            expect = 1;
        }
        CHECK(p->num == expect);
        expect++;
        check_string(p->text, 1);
        if (p->heading) check_string(p->heading, 0);
        char addr[32];
        poa_paragraph_address(&doc, p, addr, sizeof addr);
        CHECK(strncmp(addr, "PoA ", 4) == 0 && strlen(addr) < sizeof addr);
        poa_paragraph_address(&doc, p, addr, 1 + i % 8);
        CHECK(strlen(addr) <= i % 8);
    }
    CHECK((size_t)sec == doc.nsections - 1);
    poa_doc_cleanup(&doc);
    CHECK(doc.paras == NULL && doc.nparas == 0);
    poa_doc_cleanup(&doc);
    return 0;
}

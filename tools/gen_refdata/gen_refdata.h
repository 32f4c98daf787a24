/*
 * gen_refdata.h: what the parts of the reference data generator share (tools/gen_refdata/).
 *   common.c   diagnostics, memory, small checks, the TSV reader
 *   sources.c  the system's reference data: iso-codes, gettext catalogues, CLDR, the M49 tree
 *   lists.c    the project's lists (States, groups, organisations, meetings, cycles) and names
 *   main.c     the SQL it writes, and main
 * Not a library: one program, its globals are the tables it builds.
 */
#ifndef GEN_REFDATA_H
#define GEN_REFDATA_H

#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <jansson.h>

#define N_MEMBERS   193
#define N_OBSERVERS 2

enum { L_AR, L_ZH, L_EN, L_FR, L_RU, L_ES, N_LANGS };
extern const char *const lang_code[N_LANGS];   /* the languages' codes (lists.c) */

typedef struct {
    char **f;
    int line;
} Row;

typedef struct {
    char *path;
    Row *rows;
    int n;
} Table;

typedef struct {
    char *alpha2, *alpha3, *numeric, *name, *official;
} Iso;

typedef struct {
    char *path;
    unsigned char *buf;
    size_t len;
    int big_endian;
    uint32_t n, orig, trans;
} Mo;

typedef struct {
    char *type, *contains, *status;
    int grouping;
} CGroup;

typedef struct {
    char code[4];
    char *name;
} CName;

typedef struct {
    char code[4];
    const char *name;
    int level;
    int parent; /* index, -1 for level 1 */
} Region;

typedef struct {
    char a2[3];
    int region;
} Leaf;

typedef struct {
    const char *iso3, *status, *grp, *name;
    const Iso *iso;
    int region, subregion, intermediate;
    char *names[N_LANGS];
    int line;
} State;

typedef struct {
    const char *code, *name;
    long ord;
} Group;

typedef struct {
    const char *code, *kind, *name, *url;
    char **members;
    int n_members;
} Org;

typedef struct {
    const char *code, *kind, *name, *starts, *ends;
    long year;
    int used;
} Meeting;

typedef struct {
    long year;
    const char *meeting, *opens, *deadline;
} Cycle;

typedef struct {
    const char *kind;
    const char *code;
    int lang;
    char *name;
} Name;

struct sup_ctx {
    int in_containment;
};

struct en_ctx {
    int in_territories;
    int capturing;
    char code[4];
    char *text;
    size_t len;
};

extern const char *iso_codes_path;
extern const char *locale_dir;
extern const char *cldr_dir;
extern Iso *iso;
extern CGroup *cgroups;
extern int n_cgroups;
extern CName *cnames;
extern int n_cnames;
extern Region regions[];
extern int n_regions;
extern State *states;
extern int n_states;
extern Group groups[];
extern int n_groups;
extern Org *orgs;
extern int n_orgs;
extern Meeting *meetings;
extern int n_meetings;
extern Cycle *cycles;
extern int n_cycles;
extern Name *names;
extern int n_names;

/* common.c */
void die(const char *fmt, ...);
void err_at(const char *file, int line, const char *fmt, ...);
void warn(const char *fmt, ...);
void checkpoint(void);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *path_join(const char *a, const char *b);
char *must_read(const char *path, size_t *lenp);
int utf8_valid(const char *s);
int is_upper_code(const char *s, size_t len);
int is_m49(const char *s);
int valid_date(const char *s);
long parse_int(const char *s, long lo, long hi);
char **split_words(char *s, int *np);
void tsv_load(Table *t, const char *dir, const char *name, const char *header);

/* sources.c */
void load_iso_codes(void);
const Iso *iso_by_alpha3(const char *a3);
const Iso *iso_by_alpha2(const char *a2);
void mo_load(Mo *m, const char *path);
char *mo_lookup(const Mo *m, const char *msgid);
void XMLCALL sup_start(void *ud, const XML_Char *el, const XML_Char **atts);
void XMLCALL sup_end(void *ud, const XML_Char *el);
void xml_parse(const char *path, void *ud, XML_StartElementHandler st,
                      XML_EndElementHandler en, XML_CharacterDataHandler cd);
void XMLCALL en_start(void *ud, const XML_Char *el, const XML_Char **atts);
void XMLCALL en_chars(void *ud, const XML_Char *s, int len);
void XMLCALL en_end(void *ud, const XML_Char *el);
int region_find(const char *code);
int leaf_region(const char *a2);
void build_m49_tree(const char *supfile);
const char *region_name(const char *code);

/* lists.c */
void load_groups(const char *dir);
void load_states(const char *dir);
void check_un_membership(const char *supfile, const char *statesfile);
void place_states(const char *statesfile);
void load_translations(void);
void load_orgs(const char *dir);
void load_meetings(const char *dir);
void load_cycles(const char *dir);
void load_region_translations(void);
void load_official_translations(void);
void load_names(const char *dir);

/* main.c */


#endif

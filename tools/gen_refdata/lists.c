#include <stddef.h>

#include "gen_refdata.h"

/* ---- the project's lists ------------------------------------------------------------- */

const char *const lang_code[N_LANGS] = { "ar", "zh", "en", "fr", "ru", "es" };
static const char *const lang_dir[N_LANGS] = { "ar", "zh_CN", NULL, "fr", "ru", "es" };


/*
 * The lists are read the same way: a TSV file with its header, one call of a row function per
 * line (with the file's path and the line's number for messages), into an array allocated for
 * as many rows; and found by their code.
 */
typedef void RowFn(const char *path, int line, char **f);

/* Read file's rows into row(), after make(n) (when not NULL) made room for the n rows.  The file's path. */
static const char *tsv_rows(const char *dir, const char *file, const char *header, void (*make)(int n), RowFn *row)
{
    Table t;
    tsv_load(&t, dir, file, header);
    if (make) make(t.n ? t.n : 1);
    for (int i = 0; i < t.n; i++) row(t.path, t.rows[i].line, t.rows[i].f);
    return t.path;
}

/* The index of the element of v (n of size bytes) whose string member at offset off is code, or -1. */
static int code_find(const void *v, int n, size_t size, size_t off, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(*(char *const *)((const char *)v + (size_t)i * size + off), code) == 0) return i;
    return -1;
}
#define CODE_FIND(arr, n, type, member, code) code_find(arr, n, sizeof(type), offsetof(type, member), code)

State *states;
int n_states;

static int state_find(const char *iso3) { return CODE_FIND(states, n_states, State, iso3, iso3); }


Group groups[16];
int n_groups;

static int group_find(const char *code) { return CODE_FIND(groups, n_groups, Group, code, code); }

static int groups_full;   /* too many: the rest of the file is not read */

static void group_row(const char *path, int line, char **f)
{
    if (groups_full) return;
    if (!*f[0] || !*f[1]) { err_at(path, line, "empty code or name"); return; }
    if (group_find(f[0]) >= 0) { err_at(path, line, "duplicate group %s", f[0]); return; }
    long ord = parse_int(f[2], 1, 100);
    if (ord < 0) { err_at(path, line, "bad ord \"%s\"", f[2]); return; }
    if (n_groups == (int)(sizeof groups / sizeof groups[0])) { err_at(path, line, "too many groups"); groups_full = 1; return; }
    groups[n_groups++] = (Group){ f[0], f[1], ord };
}

void load_groups(const char *dir)
{
    const char *path = tsv_rows(dir, "groups.tsv", "code\tname\tord", NULL, group_row);
    if (n_groups != 5) err_at(path, 0, "%d groups, expected the 5 UN regional groups", n_groups);
}

static int members, observers;

static void states_make(int n) { states = xmalloc((size_t)n * sizeof *states); }

static void state_row(const char *path, int line, char **f)
{
    if (!is_upper_code(f[0], 3)) { err_at(path, line, "bad ISO3 code \"%s\"", f[0]); return; }
    const Iso *e = iso_by_alpha3(f[0]);
    if (!e) { err_at(path, line, "unknown ISO3 code %s (not in %s)", f[0], iso_codes_path); return; }
    int dup = state_find(f[0]);
    if (dup >= 0) {
        err_at(path, line, "duplicate State %s (first at line %d)", f[0], states[dup].line);
        return;
    }
    if (strcmp(f[1], "member") == 0) members++;
    else if (strcmp(f[1], "observer") == 0) observers++;
    else { err_at(path, line, "%s: status \"%s\" is neither member nor observer", f[0], f[1]); return; }
    if (*f[2] && group_find(f[2]) < 0) { err_at(path, line, "%s: unknown regional group \"%s\"", f[0], f[2]); return; }
    if (!*f[3]) { err_at(path, line, "%s: empty name", f[0]); return; }
    for (int k = 0; k < n_states; k++)
        if (strcmp(states[k].name, f[3]) == 0)
            err_at(path, line, "%s: name \"%s\" already used by %s (line %d)", f[0], f[3], states[k].iso3, states[k].line);
    State *s = &states[n_states++];
    memset(s, 0, sizeof *s);
    s->iso3 = f[0];
    s->status = f[1];
    s->grp = *f[2] ? f[2] : NULL;
    s->name = f[3];
    s->iso = e;
    s->line = line;
    s->region = s->subregion = s->intermediate = -1;
}

void load_states(const char *dir)
{
    const char *path = tsv_rows(dir, "states.tsv", "iso3\tstatus\tgroup\tname", states_make, state_row);
    if (members != N_MEMBERS || observers != N_OBSERVERS)
        err_at(path, 0, "%d member States and %d observer States, expected %d and %d", members, observers,
               N_MEMBERS, N_OBSERVERS);
}

/* The member States must be exactly CLDR's UN group. */
void check_un_membership(const char *supfile, const char *statesfile)
{
    const CGroup *un = NULL;
    for (int i = 0; i < n_cgroups; i++)
        if (strcmp(cgroups[i].type, "UN") == 0 && !(cgroups[i].status && strcmp(cgroups[i].status, "deprecated") == 0))
            un = &cgroups[i];
    if (!un) die("%s: no territoryContainment group \"UN\"", supfile);
    char *copy = xstrdup(un->contains);
    int n;
    char **w = split_words(copy, &n);
    int diffs = 0;
    for (int k = 0; k < n; k++) {
        int found = 0;
        for (int i = 0; i < n_states; i++)
            if (strcmp(states[i].iso->alpha2, w[k]) == 0) {
                found = 1;
                if (strcmp(states[i].status, "member") != 0) {
                    err_at(statesfile, states[i].line, "%s is a UN Member State in CLDR but listed as %s",
                           states[i].iso3, states[i].status);
                    diffs++;
                }
            }
        if (!found) {
            const Iso *e = iso_by_alpha2(w[k]);
            err_at(statesfile, 0, "CLDR's UN group has %s (%s, %s), missing here", w[k], e ? e->alpha3 : "?",
                   e ? e->name : "unknown to iso-codes");
            diffs++;
        }
    }
    for (int i = 0; i < n_states; i++) {
        if (strcmp(states[i].status, "member") != 0) continue;
        int found = 0;
        for (int k = 0; k < n && !found; k++) found = strcmp(states[i].iso->alpha2, w[k]) == 0;
        if (!found) {
            err_at(statesfile, states[i].line, "%s (%s) is listed as a member but is not in CLDR's UN group",
                   states[i].iso3, states[i].iso->alpha2);
            diffs++;
        }
    }
    if (diffs) fprintf(stderr, "%s: %d difference%s from CLDR's UN group (%d codes) in %s\n", statesfile, diffs,
                       diffs == 1 ? "" : "s", n, supfile);
    free(w);
    free(copy);
}

void place_states(const char *statesfile)
{
    for (int i = 0; i < n_states; i++) {
        State *s = &states[i];
        int leaf = leaf_region(s->iso->alpha2);
        if (leaf < 0) {
            err_at(statesfile, s->line, "%s (%s) is in no M49 region in CLDR", s->iso3, s->iso->alpha2);
            continue;
        }
        if (regions[leaf].level == 3) {
            s->intermediate = leaf;
            s->subregion = regions[leaf].parent;
        } else if (regions[leaf].level == 2) {
            s->subregion = leaf;
        } else {
            err_at(statesfile, s->line, "%s is directly in region %s, with no subregion", s->iso3, regions[leaf].code);
            continue;
        }
        s->region = regions[s->subregion].parent;
    }
}

/* Call use() with iso-codes' catalogue of State names in each language but English, in order. */
static void with_iso_catalogues(void (*use)(Mo *m, const char *path, int lang))
{
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        char sub[64];
        snprintf(sub, sizeof sub, "%s/LC_MESSAGES/iso_3166-1.mo", lang_dir[l]);
        char *path = path_join(locale_dir, sub);
        Mo m;
        mo_load(&m, path);
        use(&m, path, l);
        free(m.buf);
        free(path);
    }
}

static void short_names(Mo *m, const char *path, int l)
{
    for (int i = 0; i < n_states; i++) {
        char *tr = mo_lookup(m, states[i].iso->name);
        if (!tr) {
            warn("%s: no translation of \"%s\" (%s); using the English name", path, states[i].iso->name, states[i].iso3);
            tr = xstrdup(states[i].name);
        }
        states[i].names[l] = tr;
    }
}

void load_translations(void)
{
    for (int i = 0; i < n_states; i++) states[i].names[L_EN] = xstrdup(states[i].name);
    with_iso_catalogues(short_names);
}

/* organisations */

Org *orgs;
int n_orgs;

static void orgs_make(int n) { orgs = xmalloc((size_t)n * sizeof *orgs); }

static void org_row(const char *path, int line, char **f)
{
    int ok = 1;
    if (!*f[0]) { err_at(path, line, "empty code"); return; }
    for (const char *p = f[0]; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-') ok = 0;
    if (!ok) { err_at(path, line, "bad organisation code \"%s\"", f[0]); return; }
    for (int k = 0; k < n_orgs; k++)
        if (strcmp(orgs[k].code, f[0]) == 0) { err_at(path, line, "duplicate organisation %s", f[0]); ok = 0; }
    if (strcmp(f[1], "regional") && strcmp(f[1], "subregional") && strcmp(f[1], "international")) {
        err_at(path, line, "%s: kind \"%s\" is not regional, subregional or international", f[0], f[1]);
        ok = 0;
    }
    if (!*f[2]) { err_at(path, line, "%s: empty name", f[0]); ok = 0; }
    if (*f[3] && strncmp(f[3], "https://", 8) && strncmp(f[3], "http://", 7)) {
        err_at(path, line, "%s: url \"%s\" is not http(s)", f[0], f[3]);
        ok = 0;
    }
    int n;
    char **m = split_words(f[4], &n);
    if (n == 0) err_at(path, line, "%s: no members", f[0]);
    for (int k = 0; k < n; k++) {
        if (state_find(m[k]) < 0) {
            err_at(path, line, "%s: member %s is not in states.tsv", f[0], m[k]);
            ok = 0;
        }
        for (int j = 0; j < k; j++)
            if (strcmp(m[j], m[k]) == 0) { err_at(path, line, "%s: member %s listed twice", f[0], m[k]); ok = 0; }
    }
    if (!ok) return;
    orgs[n_orgs++] = (Org){ f[0], f[1], f[2], *f[3] ? f[3] : NULL, m, n };
}

void load_orgs(const char *dir)
{
    tsv_rows(dir, "organisations.tsv", "code\tkind\tname\turl\tmembers", orgs_make, org_row);
}

/* meetings and cycles */

Meeting *meetings;
int n_meetings;

static int meeting_find(const char *code) { return CODE_FIND(meetings, n_meetings, Meeting, code, code); }

static void meetings_make(int n) { meetings = xmalloc((size_t)n * sizeof *meetings); }

static void meeting_row(const char *path, int line, char **f)
{
    int ok = 1;
    if (!*f[0] || !*f[2]) { err_at(path, line, "empty code or name"); return; }
    if (meeting_find(f[0]) >= 0) { err_at(path, line, "duplicate meeting %s", f[0]); return; }
    if (strcmp(f[1], "BMS") && strcmp(f[1], "RevCon") && strcmp(f[1], "MGE") && strcmp(f[1], "Conference")) {
        err_at(path, line, "%s: kind \"%s\" is not BMS, RevCon, MGE or Conference", f[0], f[1]);
        ok = 0;
    }
    long year = parse_int(f[5], 2001, 2100);
    if (year < 0) { err_at(path, line, "%s: bad year \"%s\"", f[0], f[5]); ok = 0; }
    if (!*f[3] != !*f[4]) { err_at(path, line, "%s: give both dates or neither", f[0]); ok = 0; }
    for (int k = 3; k <= 4; k++)
        if (*f[k] && !valid_date(f[k])) { err_at(path, line, "%s: bad date \"%s\"", f[0], f[k]); ok = 0; }
    if (ok && *f[3]) {
        if (strcmp(f[3], f[4]) > 0) { err_at(path, line, "%s: ends before it starts", f[0]); ok = 0; }
        if (atol(f[3]) != year) { err_at(path, line, "%s: starts in %.4s, not in %ld", f[0], f[3], year); ok = 0; }
    }
    if (!ok) return;
    meetings[n_meetings++] = (Meeting){ f[0], f[1], f[2], *f[3] ? f[3] : NULL, *f[4] ? f[4] : NULL, year, 0 };
}

void load_meetings(const char *dir)
{
    tsv_rows(dir, "meetings.tsv", "code\tkind\tname\tstarts\tends\tyear", meetings_make, meeting_row);
}


Cycle *cycles;
int n_cycles;

static void cycles_make(int n) { cycles = xmalloc((size_t)n * sizeof *cycles); }

static void cycle_row(const char *path, int line, char **f)
{
    int ok = 1;
    long year = parse_int(f[0], 2001, 2100);
    if (year < 0) { err_at(path, line, "bad year \"%s\"", f[0]); return; }
    for (int k = 0; k < n_cycles; k++)
        if (cycles[k].year == year) { err_at(path, line, "duplicate cycle %ld", year); ok = 0; }
    int m = -1;
    if (*f[1]) {
        m = meeting_find(f[1]);
        if (m < 0) { err_at(path, line, "%ld: meeting %s is not in meetings.tsv", year, f[1]); ok = 0; }
        else if (meetings[m].used++) { err_at(path, line, "%ld: meeting %s closes another cycle too", year, f[1]); ok = 0; }
    }
    for (int k = 2; k <= 3; k++)
        if (!valid_date(f[k])) { err_at(path, line, "%ld: bad date \"%s\"", year, f[k]); ok = 0; }
    if (ok && strcmp(f[2], f[3]) > 0) { err_at(path, line, "%ld: deadline before opening", year); ok = 0; }
    if (ok && m >= 0 && meetings[m].starts && strcmp(f[3], meetings[m].starts) >= 0) {
        err_at(path, line, "%ld: deadline %s is not before %s starts (%s)", year, f[3], f[1], meetings[m].starts);
        ok = 0;
    }
    if (!ok) return;
    cycles[n_cycles++] = (Cycle){ year, *f[1] ? f[1] : NULL, f[2], f[3] };
}

void load_cycles(const char *dir)
{
    const char *path = tsv_rows(dir, "cycles.tsv", "year\tmeeting\topens\tdeadline", cycles_make, cycle_row);
    /* the years go up; a cycle's status follows from its dates and today (domain/cycle.c), not from here */
    for (int i = 1; i < n_cycles; i++)
        if (cycles[i].year <= cycles[i - 1].year) err_at(path, 0, "cycles are not in order of year (%ld after %ld)", cycles[i].year, cycles[i - 1].year);
}

/* ---- names in the languages other than English ------------------------------------------
 * English names live in the lists themselves (region, regional_group, organisation,
 * meeting, state.official_name); the others go to ref_name(kind, code, lang, name):
 *   - region:   CLDR main/LANG.xml territory names, then data/names.tsv (the UN M49 names
 *               where CLDR's differ, as m49_names does for English);
 *   - official: the iso-codes translation of the State's English official name;
 *   - group, org, meeting: data/names.tsv only (the UN's own names, typed by hand);
 *   - state:    data/names.tsv replaces an iso-codes short name (state_name), e.g. where
 *               iso-codes has no translation. */


Name *names;
int n_names;

static int name_find(const char *kind, const char *code, int lang)
{
    for (int i = 0; i < n_names; i++)
        if (names[i].lang == lang && strcmp(names[i].kind, kind) == 0 && strcmp(names[i].code, code) == 0) return i;
    return -1;
}

/* Set a name; a later source replaces an earlier one. */
static void name_set(const char *kind, const char *code, int lang, char *name)
{
    int i = name_find(kind, code, lang);
    if (i >= 0) { names[i].name = name; return; }
    names = xrealloc(names, (size_t)(n_names + 1) * sizeof *names);
    names[n_names++] = (Name){ kind, code, lang, name };
}

void load_region_translations(void)
{
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        char sub[64];
        snprintf(sub, sizeof sub, "main/%s.xml", lang_code[l]);
        char *path = path_join(cldr_dir, sub);
        cnames = NULL;     /* the English list stays referenced by regions[].name */
        n_cnames = 0;
        struct en_ctx c = { 0 };
        xml_parse(path, &c, en_start, en_end, en_chars);
        for (int i = 0; i < n_regions; i++) {
            int found = 0;
            for (int k = 0; k < n_cnames && !found; k++)
                if (strcmp(cnames[k].code, regions[i].code) == 0) {
                    name_set("region", regions[i].code, l, cnames[k].name);
                    found = 1;
                }
            if (!found) warn("%s: no name for region %s; English is shown", path, regions[i].code);
        }
        free(path);
    }
}

static void official_names(Mo *m, const char *path, int l)
{
    (void)path;
    for (int i = 0; i < n_states; i++) {
        if (!states[i].iso->official) continue;
        char *tr = mo_lookup(m, states[i].iso->official);
        if (tr) name_set("official", states[i].iso3, l, tr);
    }
}

void load_official_translations(void)
{
    with_iso_catalogues(official_names);
}

static int lang_find(const char *code)
{
    for (int l = 0; l < N_LANGS; l++)
        if (strcmp(lang_code[l], code) == 0) return l;
    return -1;
}

void load_names(const char *dir)
{
    Table t;
    tsv_load(&t, dir, "names.tsv", "kind\tcode\tlang\tname");
    for (int i = 0; i < t.n; i++) {
        char **f = t.rows[i].f;
        int line = t.rows[i].line;
        int l = lang_find(f[2]);
        if (l < 0 || l == L_EN) {
            err_at(t.path, line, "language \"%s\" is not ar, zh, fr, ru or es (English names are in the lists)", f[2]);
            continue;
        }
        if (!*f[3]) { err_at(t.path, line, "empty name"); continue; }
        int known;
        if (strcmp(f[0], "region") == 0) known = region_find(f[1]) >= 0;
        else if (strcmp(f[0], "group") == 0) known = group_find(f[1]) >= 0;
        else if (strcmp(f[0], "meeting") == 0) known = meeting_find(f[1]) >= 0;
        else if (strcmp(f[0], "state") == 0 || strcmp(f[0], "official") == 0) known = state_find(f[1]) >= 0;
        else if (strcmp(f[0], "org") == 0) {
            known = 0;
            for (int k = 0; k < n_orgs; k++) known |= strcmp(orgs[k].code, f[1]) == 0;
        } else {
            err_at(t.path, line, "kind \"%s\" is not region, group, org, meeting, state or official", f[0]);
            continue;
        }
        if (!known) { err_at(t.path, line, "%s %s is not in the reference data", f[0], f[1]); continue; }
        for (int k = 0; k < i; k++)
            if (!strcmp(t.rows[k].f[0], f[0]) && !strcmp(t.rows[k].f[1], f[1]) && !strcmp(t.rows[k].f[2], f[2]))
                err_at(t.path, line, "%s %s %s is named twice (first on line %d)", f[0], f[1], f[2], t.rows[k].line);
        if (strcmp(f[0], "state") == 0) states[state_find(f[1])].names[l] = xstrdup(f[3]);
        else name_set(f[0], f[1], l, xstrdup(f[3]));
    }
    /* Groups, organisations and meetings have no other source: say which lack a name. */
    for (int l = 0; l < N_LANGS; l++) {
        if (l == L_EN) continue;
        for (int i = 0; i < n_groups; i++)
            if (name_find("group", groups[i].code, l) < 0) warn("%s: group %s has no %s name", t.path, groups[i].code, lang_code[l]);
        for (int i = 0; i < n_orgs; i++)
            if (name_find("org", orgs[i].code, l) < 0) warn("%s: organisation %s has no %s name", t.path, orgs[i].code, lang_code[l]);
        for (int i = 0; i < n_meetings; i++)
            if (name_find("meeting", meetings[i].code, l) < 0) warn("%s: meeting %s has no %s name", t.path, meetings[i].code, lang_code[l]);
    }
}


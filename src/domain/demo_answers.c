/*
 * demo_answers: the answers of one synthetic report, question by question (see demo.h for what
 * they look like): yes/no by regional capacity and progress, plausible figures, law tables,
 * destruction events, contacts, assistance needs, offers and receipts, free text in the
 * State's language; and the previous report's answers carried onto a newer template.
 */
#include "domain/demo_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "domain/template.h"
#include "util/buf.h"
#include "util/mem.h"

/* ------------------------------------------------------------------ answers */

static json_t *options_of(json_t *spec)
{
    json_t *o = json_object_get(spec, "options");
    if (o) return o;
    const char *from = json_string_value(json_object_get(spec, "options_from"));
    json_t *tax = template_taxonomy();
    if (!from || !tax) return NULL;
    if (strcmp(from, "taxonomy.categories") == 0) return json_object_get(tax, "categories");
    if (strcmp(from, "taxonomy.kinds") == 0) return json_object_get(tax, "kinds");
    return NULL;
}

static const char *option_id(json_t *o)
{
    return json_is_string(o) ? json_string_value(o) : json_string_value(json_object_get(o, "id"));
}

static const char *pick_option(struct gen *g, json_t *spec)
{
    json_t *opts = options_of(spec);
    size_t n = json_array_size(opts);
    if (!n) return NULL;
    /* Earlier options are the more common ones. */
    size_t i = (size_t)(n * pow(rng_unit(&g->r), 1.4));
    return option_id(json_array_get(opts, i < n ? i : n - 1));
}

static bool has_option(json_t *spec, const char *id)
{
    json_t *o;
    size_t i;
    json_array_foreach(options_of(spec), i, o)
        if (option_id(o) && strcmp(option_id(o), id) == 0) return true;
    return false;
}

static json_t *column(json_t *spec, const char *id)
{
    json_t *cols = json_object_get(spec, "columns");
    if (!cols) cols = json_object_get(spec, "fields");
    json_t *c;
    size_t i;
    json_array_foreach(cols, i, c)
        if (json_string_value(json_object_get(c, "id")) && strcmp(json_string_value(json_object_get(c, "id")), id) == 0) return c;
    return NULL;
}

/* Set a cell only when the question has that column. */
static void cell(json_t *spec, json_t *row, const char *id, json_t *v)
{
    if (v && column(spec, id)) json_object_set_new(row, id, v);
    else json_decref(v);
}

static void expand(struct gen *g, struct buf *b, const char *s)
{
    int y = g->year ? g->year : g->cycle - rng_int(&g->r, 1, 6);
    for (const char *p = s; *p; p++) {
        if (!strncmp(p, "{Y2}", 4)) { buf_printf(b, "%d", y + 5); p += 3; }
        else if (!strncmp(p, "{Y}", 3)) { buf_printf(b, "%d", y); p += 2; }
        else if (!strncmp(p, "{N}", 3)) { buf_printf(b, "%d", rng_int(&g->r, 2, 40)); p += 2; }
        else buf_putc(b, *p);
    }
}

/* One to `most` distinct sentences of a topic, separated by spaces. */
static json_t *sentences(struct gen *g, enum topic t, int most)
{
    size_t n = demo_topic_count(g->l, t);
    int k = rng_int(&g->r, 1, most < (int)n ? most : (int)n);
    size_t first = rng_next(&g->r) % n;
    struct buf b = BUF_INIT;
    for (int i = 0; i < k; i++) {
        if (i) buf_putc(&b, ' ');
        expand(g, &b, demo_text[g->l][t][(first + (size_t)i) % n]);
    }
    json_t *v = json_string(buf_cstr(&b));
    buf_cleanup(&b);
    return v;
}

static const char *const OTHER_TEXT[NLANG][3] = {
    { "proof mark", "batch number", "unit code" },
    { "poinçon d'épreuve", "numéro de lot", "code de l'unité" },
    { "marca del banco de pruebas", "número de lote", "código de la unidad" },
};

/* ---- people */

static const char *const FIRST[NLANG][16] = {
    { "fAmina", "mDavid", "fGrace", "mSamuel", "fFatima", "mJohn", "fMary", "mAhmed", "fNadia", "mPeter", "fSarah", "mRahul",
      "fMei", "mIvan", "fOlga", "mTomas" },
    { "fAminata", "mJean", "fMarie", "mMoussa", "fFatou", "mPierre", "fClaire", "mIbrahima", "fAwa", "mLuc", "fMariam",
      "mÉtienne", "fHélène", "mOusmane", "fChantal", "mFrançois" },
    { "fMaría", "mJosé", "fAna", "mCarlos", "fLucía", "mJuan", "fGabriela", "mAndrés", "fSofía", "mMiguel", "fValentina",
      "mDiego", "fPaula", "mJorge", "fCamila", "mRamón" },
};
static const char *const LAST[NLANG][16] = {
    { "Okafor", "Smith", "Haddad", "Novak", "Kowalski", "Mensah", "Tanaka", "Ibrahim", "Petrov", "Lindqvist", "Banda", "Chen",
      "Rahman", "Kim", "Mwangi", "Horvat" },
    { "Diallo", "Traoré", "Dupont", "Ndiaye", "Koné", "Lefèvre", "Mbarga", "Coulibaly", "Martin", "Sow", "Bamba", "Moreau",
      "Kaboré", "Nkurunziza", "Lambert", "Gagné" },
    { "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Vargas",
      "Castillo", "Rojas", "Morales", "Herrera", "Núñez" },
};
static const char *const TITLE_F[NLANG][2] = { { "Ms", "Dr" }, { "Mme", "Dr" }, { "Sra.", "Dra." } };
static const char *const TITLE_M[NLANG][2] = { { "Mr", "Col." }, { "M.", "Colonel" }, { "Sr.", "Coronel" } };
static const char *const ORG[NLANG][6] = {
    { "Ministry of Foreign Affairs", "National Commission on Small Arms and Light Weapons", "Ministry of the Interior",
      "National Police", "Ministry of Defence", "Permanent Mission to the United Nations" },
    { "Ministère des Affaires étrangères",
      "Commission nationale de lutte contre la prolifération des armes légères et de petit calibre", "Ministère de l'Intérieur",
      "Police nationale", "Ministère de la Défense", "Mission permanente auprès de l'Organisation des Nations Unies" },
    { "Ministerio de Relaciones Exteriores", "Comisión Nacional de Armas Pequeñas y Ligeras", "Ministerio del Interior",
      "Policía Nacional", "Ministerio de Defensa", "Misión Permanente ante las Naciones Unidas" },
};

/* Lower-case ASCII for an e-mail local part: Latin-1 letters lose their accents, anything else is dropped. */
static void ascii_fold(struct buf *b, const char *s)
{
    static const char MAP[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";   /* U+00C0 .. U+00DF and U+00E0 .. U+00FF */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') buf_putc(b, (char)(*p - 'A' + 'a'));
        else if ((*p >= 'a' && *p <= 'z') || *p == '-') buf_putc(b, (char)*p);
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
            char m = MAP[p[1] & 0x1F];
            if (m != '/') buf_putc(b, m);
            p++;
        } else if (*p >= 0x80) {
            while (p[1] && (p[1] & 0xC0) == 0x80) p++;
        }
    }
}

static json_t *contact(struct gen *g, int org)
{
    const char *first = PICK(&g->r, FIRST[g->l]), *last = PICK(&g->r, LAST[g->l]);
    bool female = first[0] == 'f';
    first++;
    struct buf b = BUF_INIT;
    json_t *c = json_object();
    json_object_set_new(c, "title", json_string(female ? PICK(&g->r, TITLE_F[g->l]) : PICK(&g->r, TITLE_M[g->l])));
    buf_printf(&b, "%s %s", first, last);
    json_object_set_new(c, "name", json_string(buf_cstr(&b)));
    json_object_set_new(c, "organisation", json_string(ORG[g->l][org >= 0 ? org : rng_int(&g->r, 0, 5)]));
    buf_clear(&b);
    int n = rng_int(&g->r, 1, 240);
    if (g->l == FR) buf_printf(&b, "%d, avenue de l'Indépendance\n%s", n, g->st->name[g->l]);
    else if (g->l == ES) buf_printf(&b, "Avenida de la Independencia %d\n%s", n, g->st->name[g->l]);
    else buf_printf(&b, "%d Independence Avenue\n%s", n, g->st->name[g->l]);
    json_object_set_new(c, "address", json_string(buf_cstr(&b)));
    buf_clear(&b);
    buf_printf(&b, "+000 555 01%02d", rng_int(&g->r, 0, 99));   /* country code 000: no real number */
    json_object_set_new(c, "telephone", json_string(buf_cstr(&b)));
    buf_clear(&b);
    ascii_fold(&b, first);
    buf_putc(&b, '.');
    ascii_fold(&b, last);
    buf_puts(&b, "@example.org");
    json_object_set_new(c, "email", json_string(buf_cstr(&b)));
    buf_cleanup(&b);
    return c;
}

/* ---- probabilities */

static double group_delta(const char *id, const char *grp)
{
    static const struct { const char *prefix, *grp; double d; } D[] = {
        { "broker.", "WEOG", 0.15 }, { "broker.", "AFR", -0.12 }, { "broker.", "APG", -0.06 },
        { "transfer.", "WEOG", 0.12 }, { "transfer.", "EEG", 0.08 },
        { "surplus.ddr", "AFR", 0.3 }, { "surplus.ddr", "WEOG", -0.45 }, { "surplus.ddr", "EEG", -0.3 },
        { "surplus.collection", "AFR", 0.15 }, { "surplus.collection", "GRULAC", 0.15 },
        { "gender.", "GRULAC", 0.12 }, { "gender.", "WEOG", 0.1 },
        { "coord.nap", "AFR", 0.15 }, { "coord.body", "AFR", 0.12 }, { "coord.body", "GRULAC", 0.08 },
        { "iti.", "EEG", 0.08 }, { "manuf.newtech", "WEOG", 0.1 }, { "stock.", "EEG", 0.08 },
    };
    double d = 0;
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++)
        if (!strncmp(id, D[i].prefix, strlen(D[i].prefix)) && !strcmp(grp, D[i].grp)) d += D[i].d;
    return d;
}

/* The chance that a State answers "yes": its capacity, the question's difficulty, its region, and time. */
static double p_yes(struct gen *g, const char *id)
{
    static const struct { const char *prefix; double d; } HARD[] = {
        { "manuf.newtech", -0.3 }, { "iti.newtech", -0.3 }, { "transfer.online", -0.3 }, { "manuf.conversion", -0.15 },
        { "coord.baseline", -0.25 }, { "coord.targets", -0.15 }, { "gender.data", -0.15 }, { "gender.youth", -0.1 },
        { "transfer.risk", 0.15 }, { "manuf.offence", 0.15 }, { "iti.marking.state", 0.12 }, { "transfer.laws", 0.12 },
        { "surplus.seized_policy", 0.1 }, { "iti.marking.alteration", 0.15 },
    };
    double d = (double)(hash_str(id) % 1000) / 1000.0 * 0.25 - 0.15;
    for (size_t i = 0; i < sizeof HARD / sizeof HARD[0]; i++)
        if (!strncmp(id, HARD[i].prefix, strlen(HARD[i].prefix))) d += HARD[i].d;
    return clamp(g->st->capacity + d + group_delta(id, g->st->grp) + 0.025 * g->step, 0.03, 0.97);
}

static json_t *gen_yn(struct gen *g, const char *id, json_t *prev, bool ynd)
{
    struct dstate *st = g->st;
    const char *pv = json_string_value(prev);
    if (!strcmp(id, "manuf.any")) return json_string(st->manufacturer || rng_chance(&g->r, 0.06) ? "yes" : "no");
    if (!strcmp(id, "assist.needs.any")) return json_string(st->needs != rng_chance(&g->r, 0.08) ? "yes" : "no");
    if (!strcmp(id, "assist.offer")) return json_string(rng_chance(&g->r, st->donor ? 0.7 : 0.03) ? "yes" : "no");
    if (!strcmp(id, "assist.received")) return json_string(rng_chance(&g->r, st->developing ? 0.55 : 0.04) ? "yes" : "no");
    if (!strcmp(id, "assist.provided")) return json_string(rng_chance(&g->r, st->donor ? 0.75 : 0.05) ? "yes" : "no");
    if (!strcmp(id, "coord.poc.iti_same")) return json_string(rng_chance(&g->r, 0.75) ? "yes" : "no");
    double p = p_yes(g, id);
    if (pv) {   /* change over time: mostly the same, sometimes a step forward, rarely back */
        if (!strcmp(pv, "yes")) return json_string(rng_chance(&g->r, 0.96) ? "yes" : ynd ? "developing" : "no");
        if (!strcmp(pv, "developing"))
            return json_string(rng_chance(&g->r, 0.25 + 0.35 * st->capacity) ? "yes" : rng_chance(&g->r, 0.95) ? "developing" : "no");
        if (!strcmp(pv, "no")) {
            double u = rng_unit(&g->r);
            return json_string(u < 0.08 + 0.1 * p ? "yes" : ynd && u < 0.3 ? "developing" : "no");
        }
    }
    double u = rng_unit(&g->r);
    if (u < p) return json_string("yes");
    if (ynd && u < p + (1 - p) * 0.45) return json_string("developing");
    return json_string("no");
}

static json_t *num_within(json_t *spec, double x)
{
    json_t *mn = json_object_get(spec, "min"), *mx = json_object_get(spec, "max");
    if (mn && x < json_number_value(mn)) x = json_number_value(mn);
    if (mx && x > json_number_value(mx)) x = json_number_value(mx);
    if (json_is_true(json_object_get(spec, "integer"))) return json_integer((json_int_t)llround(x));
    return json_real(round(x * 10) / 10);
}

static long long answered_int(struct gen *g, const char *id)
{
    json_t *v = json_object_get(g->ans, id);
    return json_is_number(v) ? (long long)json_number_value(v) : -1;
}

static json_t *gen_number(struct gen *g, const char *id, json_t *spec, json_t *prev)
{
    struct dstate *st = g->st;
    size_t len = strlen(id);
    if (strstr(id, ".years")) {
        static const int YEARS[] = { 10, 10, 15, 20, 20, 20, 25, 30, 50 };
        if (json_is_number(prev)) return json_incref(prev);
        return num_within(spec, PICK(&g->r, YEARS));
    }
    if (strstr(id, "answered")) {   /* no more answered than sent or received */
        char base[128];
        snprintf(base, sizeof base, "%.*s", (int)(len - 9), id);
        long long n = answered_int(g, base);
        if (n < 0) return NULL;
        return num_within(spec, (double)n * (0.55 + 0.45 * rng_unit(&g->r)));
    }
    if (strstr(id, ".days")) return json_real(round((3 + rng_unit(&g->r) * 110) * 2) / 2);
    if (strstr(id, "trace.sent")) return num_within(spec, (double)rng_log(&g->r, 1, 20 + 500 * st->capacity * st->size));
    if (strstr(id, "trace.received")) return num_within(spec, (double)rng_log(&g->r, 1, 10 + 200 * st->size));
    if (strstr(id, "seized")) return num_within(spec, (double)rng_log(&g->r, 40, 400 + 12000 * st->size));
    if (strstr(id, "traced")) return num_within(spec, (double)rng_log(&g->r, 5, 100 + 2500 * st->size));
    if (strstr(id, "stock.loss") || strstr(id, "diversion"))
        return num_within(spec, rng_chance(&g->r, 0.25) ? 0 : (double)rng_log(&g->r, 1, 10 + 40 * st->size));
    if (strstr(id, "surplus.identified.count")) return num_within(spec, (double)rng_log(&g->r, 200, 2000 + 30000 * st->size));
    if (strstr(id, "surplus.collected")) return num_within(spec, (double)rng_log(&g->r, 50, 500 + 15000 * st->size));
    json_t *mn = json_object_get(spec, "min");
    double lo = mn ? json_number_value(mn) : 0;
    return num_within(spec, lo + rng_int(&g->r, 0, 100));
}

/* Weapons by kind (SDG 16.4.2); some States give the total only. */
static json_t *gen_sdg(struct gen *g, json_t *spec)
{
    static const struct { const char *id; double share; } SDG_KIND[] = {
        { "pistols", 0.38 }, { "rifles", 0.16 }, { "shotguns", 0.17 }, { "smg", 0.05 }, { "assault_rifles", 0.1 },
        { "lmg", 0.02 }, { "light_weapons", 0.03 }, { "other", 0.09 },
    };
    long long total = rng_log(&g->r, 40, 400 + 12000 * g->st->size), sum = 0;
    json_t *v = json_object();
    if (rng_chance(&g->r, 0.35 + 0.4 * g->st->capacity)) {
        for (size_t i = 0; i < sizeof SDG_KIND / sizeof SDG_KIND[0]; i++) {
            long long n = llround((double)total * SDG_KIND[i].share * (0.5 + rng_unit(&g->r)));
            if (column(spec, SDG_KIND[i].id)) { json_object_set_new(v, SDG_KIND[i].id, json_integer(n)); sum += n; }
        }
        total = sum;
    }
    if (column(spec, "total")) json_object_set_new(v, "total", json_integer(total));
    return v;
}

static json_t *gen_group(struct gen *g, const struct template_question *q, json_t *prev)
{
    json_t *spec = q->json;
    if (!strcmp(q->id, "coord.body.members")) {
        int men = rng_int(&g->r, 4, 16);
        double share = clamp(0.12 + 0.025 * g->step + (rng_unit(&g->r) - 0.3) * 0.3 + 0.1 * g->st->capacity, 0.05, 0.6);
        int women = (int)lround(men * share / (1 - share));
        return json_pack("{s:i, s:i}", "women", women, "men", men);
    }
    if (!strcmp(q->id, "coord.nap.years")) {
        json_t *to = json_object_get(prev, "to");
        if (json_is_integer(to) && json_integer_value(to) >= g->cycle - 1) return json_incref(prev);
        int from = g->cycle - rng_int(&g->r, 0, 3);
        return json_pack("{s:i, s:i}", "from", from, "to", from + rng_int(&g->r, 3, 6));
    }
    if (column(spec, "total")) return gen_sdg(g, spec);
    json_t *v = json_object();
    for (size_t i = 0; i < q->nmembers; i++) {
        const char *fid = q->members[i].id;
        json_t *f = q->members[i].json;
        if (q->members[i].type != ANSWER_NUMBER) continue;
        char sub[160];
        snprintf(sub, sizeof sub, "%s.%s", q->id, fid);
        json_t *x = gen_number(g, sub, f, json_object_get(prev, fid));
        if (x) json_object_set_new(v, fid, x);
    }
    if (!json_object_size(v)) { json_decref(v); return NULL; }
    return v;
}

static json_t *gen_multi(struct gen *g, const struct template_question *q, json_t *prev)
{
    json_t *opts = options_of(q->json), *o, *sel = json_array();
    size_t i;
    json_t *psel = json_object_get(prev, "selected");
    double p = clamp(0.3 + 0.55 * g->st->capacity + 0.02 * g->step, 0.2, 0.95);
    json_array_foreach(opts, i, o) {
        const char *id = option_id(o);
        if (!id) continue;
        bool before = false;
        json_t *x;
        size_t j;
        json_array_foreach(psel, j, x) before |= json_is_string(x) && !strcmp(json_string_value(x), id);
        if (psel ? (before ? rng_chance(&g->r, 0.97) : rng_chance(&g->r, 0.2)) : rng_chance(&g->r, p))
            json_array_append_new(sel, json_string(id));
    }
    if (!json_array_size(sel) && json_array_size(opts))
        json_array_append_new(sel, json_string(option_id(json_array_get(opts, rng_next(&g->r) % json_array_size(opts)))));
    json_t *v = json_pack("{s:o}", "selected", sel);
    const char *pother = json_string_value(json_object_get(prev, "other"));
    if (json_is_true(json_object_get(q->json, "other")) && (pother || rng_chance(&g->r, 0.06)))
        json_object_set_new(v, "other", json_string(pother ? pother : PICK(&g->r, OTHER_TEXT[g->l])));
    return v;
}

/* ---- tables */

/* Titles of laws by language and kind (manufacture, transfers, brokering); %1$d is the year, %2$d a number. */
static const char *const LAW[NLANG][3][3] = {
    { { "Firearms Act (%1$d)", "Arms and Ammunition Act (%1$d)", "Firearms (Marking and Records) Regulations (%1$d)" },
      { "Export Control Act (%1$d)", "Strategic Goods Control Regulations (%1$d)", "Customs (Import of Arms) Order (%1$d)" },
      { "Arms Brokering Regulations (%1$d)", "Brokering of Military Goods Act (%1$d)", "Register of Arms Brokers Order (%1$d)" } },
    { { "Loi n° %1$d-%2$d portant régime des armes et munitions", "Décret n° %1$d-%2$d relatif au marquage des armes à feu",
        "Arrêté n° %1$d-%2$d relatif à la tenue des registres des armuriers" },
      { "Loi n° %1$d-%2$d relative au contrôle des exportations d'armes", "Arrêté n° %1$d-%2$d fixant les conditions d'importation des armes",
        "Décret n° %1$d-%2$d relatif au transit des armes et munitions" },
      { "Décret n° %1$d-%2$d relatif aux activités de courtage d'armes", "Loi n° %1$d-%2$d sur les intermédiaires en armement",
        "Arrêté n° %1$d-%2$d portant création du registre des courtiers" } },
    { { "Ley de Armas, Municiones y Explosivos (%1$d)", "Decreto %2$d/%1$d sobre marcaje de armas de fuego",
        "Reglamento del Registro Nacional de Armas (%1$d)" },
      { "Ley de Control del Comercio Exterior de Material de Defensa (%1$d)", "Reglamento de Importación de Armas (%1$d)",
        "Decreto %2$d/%1$d sobre el tránsito de armas y municiones" },
      { "Decreto %2$d/%1$d sobre intermediación de armas", "Ley de Registro de Intermediarios de Armas (%1$d)",
        "Resolución %2$d/%1$d sobre licencias de intermediación" } },
};

static json_t *law_row(struct gen *g, json_t *spec, int kind, int year, int which)
{
    char title[300];
    int n = rng_int(&g->r, 3, 120);
    const char *fmt = LAW[g->l][kind][which % 3];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(title, sizeof title, fmt, year, n);
#pragma GCC diagnostic pop
    json_t *row = json_pack("{s:s}", "title", title);
    g->year = year;
    if (rng_chance(&g->r, 0.6)) cell(spec, row, "summary", sentences(g, kind == 0 ? T_MARKING : kind == 1 ? T_TRANSFER : T_BROKER, 2));
    g->year = 0;
    char since[16];
    if (rng_chance(&g->r, 0.5)) snprintf(since, sizeof since, "%d", year);
    else snprintf(since, sizeof since, "%d-%02d-%02d", year, rng_int(&g->r, 1, 12), rng_int(&g->r, 1, 28));
    cell(spec, row, "since", json_string(since));
    if (rng_chance(&g->r, 0.45)) {
        char link[96];
        snprintf(link, sizeof link, "https://example.org/%s/laws/%d-%d", g->st->iso3, year, n);
        cell(spec, row, "link", json_string(link));
    }
    return row;
}

static json_t *gen_laws(struct gen *g, const struct template_question *q, json_t *prev)
{
    int kind = strstr(q->id, "transfer") ? 1 : strstr(q->id, "broker") ? 2 : 0;
    json_t *rows = json_array();
    int first = rng_int(&g->r, 0, 2);
    if (json_is_array(prev) && json_array_size(prev)) {   /* the same laws, now and then a new one */
        json_array_extend(rows, prev);
        if (json_array_size(prev) < 3 && rng_chance(&g->r, 0.25))
            json_array_append_new(rows, law_row(g, q->json, kind, g->cycle - rng_int(&g->r, 1, 2),
                                                  first + (int)json_array_size(prev)));
        return rows;
    }
    int n = rng_int(&g->r, 1, 3), year = rng_int(&g->r, 1985, g->cycle - 12);
    for (int i = 0; i < n; i++) {
        json_array_append_new(rows, law_row(g, q->json, kind, year, first + i));
        year = rng_int(&g->r, year + 1, g->cycle - 2);
    }
    return rows;
}

static json_t *gen_destroyed(struct gen *g, json_t *spec)
{
    static const char *const METHOD[] = { "cutting", "cutting", "crushing", "smelting", "burning" };
    static const char *const ORIGIN[] = { "surplus", "seized", "seized", "collected" };
    if (!rng_chance(&g->r, 0.3 + 0.5 * g->st->capacity)) return NULL;
    json_t *rows = json_array();
    int n = rng_int(&g->r, 1, 4);
    for (int i = 0; i < n; i++) {
        char date[16];
        snprintf(date, sizeof date, "%d-%02d", g->cycle - rng_int(&g->r, 1, 2), rng_int(&g->r, 1, 12));
        json_t *row = json_pack("{s:I}", "weapons", (json_int_t)rng_log(&g->r, 100, 800 + 20000 * g->st->size));
        cell(spec, row, "date", json_string(date));
        json_t *m = column(spec, "method"), *o = column(spec, "origin");
        const char *mv = PICK(&g->r, METHOD), *ov = PICK(&g->r, ORIGIN);
        if (m && has_option(m, mv)) cell(spec, row, "method", json_string(mv));
        if (o && has_option(o, ov)) cell(spec, row, "origin", json_string(ov));
        if (rng_chance(&g->r, 0.3)) cell(spec, row, "notes", sentences(g, T_SURPLUS, 1));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* Category names in the three languages (the taxonomy's own names are English). */
static const struct { const char *id, *name[NLANG]; enum topic topic; } CATEGORY[] = {
    { "legislation", { "legislation and regulation", "législation et réglementation", "legislación y reglamentación" }, T_TRANSFER },
    { "coordination", { "national coordination and action plans", "coordination nationale et plans d'action", "coordinación nacional y planes de acción" }, T_COORD },
    { "manufacture", { "manufacture controls", "contrôle de la fabrication", "control de la fabricación" }, T_MARKING },
    { "transfer_control", { "transfer and end-user controls", "contrôle des transferts et des utilisateurs finaux", "control de las transferencias y del usuario final" }, T_TRANSFER },
    { "brokering", { "brokering controls", "contrôle du courtage", "control de la intermediación" }, T_BROKER },
    { "marking_recordkeeping", { "marking and record-keeping", "marquage et enregistrement", "marcaje y registro" }, T_MARKING },
    { "tracing", { "tracing", "traçage", "rastreo" }, T_TRACING },
    { "stockpile", { "stockpile management and physical security", "gestion et sécurité physique des stocks", "gestión y seguridad física de las existencias" }, T_STOCK },
    { "surplus_destruction", { "surplus disposal and destruction", "élimination et destruction des excédents", "eliminación y destrucción de excedentes" }, T_SURPLUS },
    { "collection", { "weapons collection", "collecte d'armes", "recolección de armas" }, T_SURPLUS },
    { "ddr", { "disarmament, demobilization and reintegration", "désarmement, démobilisation et réintégration", "desarme, desmovilización y reintegración" }, T_SURPLUS },
    { "border_law_enforcement", { "border control and law-enforcement cooperation", "contrôle des frontières et coopération entre services de répression", "control fronterizo y cooperación policial" }, T_CHALLENGES },
    { "criminal_justice", { "criminal justice", "justice pénale", "justicia penal" }, T_DIVERSION },
    { "awareness_prevention", { "awareness and armed-violence prevention", "sensibilisation et prévention de la violence armée", "sensibilización y prevención de la violencia armada" }, T_YOUTH },
    { "gender", { "gender mainstreaming", "prise en compte du genre", "incorporación de la perspectiva de género" }, T_GENDER },
    { "data_sdg1642", { "data collection for SDG indicator 16.4.2", "collecte de données pour l'indicateur 16.4.2 des ODD", "recopilación de datos para el indicador 16.4.2 de los ODS" }, T_TRACING },
    { "training", { "training and capacity-building", "formation et renforcement des capacités", "capacitación y fortalecimiento de capacidades" }, T_STOCK },
    { "new_technologies", { "new technologies", "nouvelles technologies", "nuevas tecnologías" }, T_NEWTECH },
};
static const struct { const char *id, *phrase[NLANG]; } KIND[] = {
    { "financial", { "Financial support for", "Appui financier :", "Apoyo financiero:" } },
    { "technical", { "Technical assistance in", "Assistance technique :", "Asistencia técnica:" } },
    { "equipment", { "Equipment for", "Équipements :", "Equipos:" } },
    { "training", { "Training of officials in", "Formation des agents :", "Capacitación de funcionarios:" } },
    { "technology_transfer", { "Transfer of technology for", "Transfert de technologie :", "Transferencia de tecnología:" } },
    { "expertise", { "Expert advice on", "Expertise :", "Asesoramiento experto:" } },
};
static const char EQUIPMENT_CATEGORIES[] = "marking_recordkeeping stockpile surplus_destruction border_law_enforcement tracing data_sdg1642 collection";

/* A category and kind from the taxonomy, with a description in the State's language. */
static void assistance(struct gen *g, json_t *row, json_t *spec, bool describe)
{
    json_t *cat_col = column(spec, "category"), *kind_col = column(spec, "kind");
    json_t *cats = cat_col ? options_of(cat_col) : NULL, *kinds = kind_col ? options_of(kind_col) : NULL;
    const char *cat = json_array_size(cats) ? option_id(json_array_get(cats, rng_next(&g->r) % json_array_size(cats))) : NULL;
    const char *kind = NULL;
    for (int tries = 0; tries < 8 && json_array_size(kinds); tries++) {
        kind = option_id(json_array_get(kinds, rng_next(&g->r) % json_array_size(kinds)));
        if (!kind || strcmp(kind, "equipment") != 0 || (cat && strstr(EQUIPMENT_CATEGORIES, cat))) break;
    }
    if (cat) cell(spec, row, "category", json_string(cat));
    if (kind) cell(spec, row, "kind", json_string(kind));
    if (!describe) return;
    const char *cname = cat, *kphrase = NULL;
    enum topic topic = T_ASSIST;
    for (size_t i = 0; cat && i < sizeof CATEGORY / sizeof CATEGORY[0]; i++)
        if (!strcmp(CATEGORY[i].id, cat)) { cname = CATEGORY[i].name[g->l]; topic = CATEGORY[i].topic; }
    for (size_t i = 0; kind && i < sizeof KIND / sizeof KIND[0]; i++)
        if (!strcmp(KIND[i].id, kind)) kphrase = KIND[i].phrase[g->l];
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s %s. ", kphrase ? kphrase : (g->l == EN ? "Support for" : g->l == FR ? "Appui :" : "Apoyo:"),
               cname ? cname : "");
    expand(g, &b, demo_text[g->l][topic][rng_next(&g->r) % demo_topic_count(g->l, topic)]);
    cell(spec, row, "description", json_string(buf_cstr(&b)));
    buf_cleanup(&b);
}

static json_t *gen_needs(struct gen *g, json_t *spec)
{
    json_t *rows = json_array();
    int n = rng_int(&g->r, 1, 4);
    for (int i = 0; i < n; i++) {
        json_t *row = json_object();
        assistance(g, row, spec, true);
        if (rng_chance(&g->r, 0.8)) cell(spec, row, "estimated_cost_usd", json_integer(rng_log(&g->r, 20, 2500) * 1000));
        if (rng_chance(&g->r, 0.25)) cell(spec, row, "proposal", sentences(g, T_ASSIST, 2));
        if (rng_chance(&g->r, 0.7)) cell(spec, row, "in_plan", json_string(rng_chance(&g->r, 0.7) ? "yes" : "no"));
        if (rng_chance(&g->r, 0.6)) cell(spec, row, "baseline", json_string(rng_chance(&g->r, 0.5) ? "yes" : "no"));
        json_array_append_new(rows, row);
    }
    return rows;
}

static const char *const PROVIDERS[][6] = {
    /* AFR */ { "UNREC", "European Union", "Germany", "Japan", "African Union", "UNDP" },
    /* APG */ { "UNRCPD", "Japan", "Australia", "European Union", "UNDP", "UNODC" },
    /* EEG */ { "OSCE", "SEESAC", "European Union", "Germany", "United States of America", "UNDP" },
    /* GRULAC */ { "UNLIREC", "Organization of American States", "European Union", "Canada", "Spain", "UNDP" },
};

static int region_index(const char *grp)
{
    return !strcmp(grp, "APG") ? 1 : !strcmp(grp, "EEG") ? 2 : !strcmp(grp, "GRULAC") ? 3 : 0;
}

static void period(struct gen *g, json_t *spec, json_t *row)
{
    int start = g->cycle - rng_int(&g->r, 1, 4), end = start + rng_int(&g->r, 1, 3);
    char d[16];
    snprintf(d, sizeof d, "%d-%02d", start, rng_int(&g->r, 1, 12));
    cell(spec, row, "start", json_string(d));
    if (rng_chance(&g->r, 0.7)) { snprintf(d, sizeof d, "%d", end); cell(spec, row, "end", json_string(d)); }
    json_t *status = column(spec, "status");
    if (status && rng_chance(&g->r, 0.8)) {
        const char *sv = end < g->cycle ? "completed" : "ongoing";
        if (has_option(status, sv)) cell(spec, row, "status", json_string(sv));
    }
}

static json_t *gen_received(struct gen *g, json_t *spec)
{
    json_t *rows = json_array();
    int n = rng_int(&g->r, 1, 3);
    for (int i = 0; i < n; i++) {
        json_t *row = json_pack("{s:s}", "provider", PICK(&g->r, PROVIDERS[region_index(g->st->grp)]));
        assistance(g, row, spec, rng_chance(&g->r, 0.8));
        if (rng_chance(&g->r, 0.7)) cell(spec, row, "amount_usd", json_integer(rng_log(&g->r, 10, 3000) * 1000));
        period(g, spec, row);
        json_array_append_new(rows, row);
    }
    return rows;
}

static const char *recipient(struct gen *g, struct demo *d);

static json_t *gen_offers_or_provided(struct gen *g, struct demo *d, json_t *spec, bool provided)
{
    static const char *const ORGS[] = { "UNODA", "UNDP", "UNREC", "UNLIREC", "UNRCPD", "INTERPOL", "UNODC", "SEESAC" };
    json_t *rows = json_array();
    int n = rng_int(&g->r, 1, provided ? 5 : 3);
    for (int i = 0; i < n; i++) {
        json_t *row = json_object();
        if (provided) {
            const char *to = rng_chance(&g->r, 0.7) ? recipient(g, d) : NULL;
            json_object_set_new(row, "recipient", json_string(to ? to : PICK(&g->r, ORGS)));
        }
        assistance(g, row, spec, rng_chance(&g->r, 0.85));
        if (provided) {
            if (rng_chance(&g->r, 0.8)) cell(spec, row, "amount_usd", json_integer(rng_log(&g->r, 20, 5000) * 1000));
            period(g, spec, row);
            if (rng_chance(&g->r, 0.5)) cell(spec, row, "multi_year", json_string(rng_chance(&g->r, 0.5) ? "yes" : "no"));
        } else if (rng_chance(&g->r, 0.6)) {
            char mail[64];
            snprintf(mail, sizeof mail, "assistance.%c%c%c@example.org", g->st->iso3[0] | 0x20, g->st->iso3[1] | 0x20,
                     g->st->iso3[2] | 0x20);
            cell(spec, row, "contact", json_string(mail));
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

/* A table this module does not know: a row or two by column type. */
static json_t *gen_table_generic(struct gen *g, const struct template_question *q)
{
    json_t *rows = json_array();
    int n = rng_int(&g->r, 1, 2);
    for (int k = 0; k < n; k++) {
        json_t *row = json_object();
        for (size_t i = 0; i < q->nmembers; i++) {
            const struct answer_member *c = &q->members[i];
            struct answer_demo in = { rng_int(&g->r, 1, 100), PICK(&g->r, OTHER_TEXT[g->l]), pick_option(g, c->json),
                                      rng_chance(&g->r, 0.6), g->cycle - 1 };
            json_t *v = answer_demo_value(c, &in);
            if (v) json_object_set_new(row, c->id, v);
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

static const char *recipient(struct gen *g, struct demo *d)
{
    for (int tries = 0; tries < 20; tries++) {
        struct dstate *x = &d->ss.v[rng_next(&g->r) % d->ss.n];
        if (x->developing && x != g->st) return x->name[g->l];
    }
    return NULL;
}

static json_t *gen_answer(struct gen *g, struct demo *d, const struct template_question *q, json_t *prev)
{
    const char *id = q->id;
    bool required = json_is_true(json_object_get(q->json, "required"));
    if (q->type == ANSWER_FILE) return NULL;
    /* A steady State (g->keep) carries most answers as they were and revises a few. */
    if (prev && g->keep > 0 && rng_chance(&g->r, g->keep)) return json_incref(prev);
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        if (!rng_chance(&g->r, 0.93 + 0.05 * g->st->capacity)) return NULL;
        return gen_yn(g, id, prev, q->type == ANSWER_YND);
    }
    if (q->type == ANSWER_CONTACT) {
        if (!required && !rng_chance(&g->r, 0.85)) return NULL;
        if (json_is_object(prev) && rng_chance(&g->r, 0.7)) return json_incref(prev);   /* people move on, now and then */
        return contact(g, !strcmp(id, "coord.body.details") ? 1 : strstr(id, "iti") ? 3 : -1);
    }
    if (q->type == ANSWER_NUMBER) {
        bool keep = strstr(id, ".years") || strstr(id, "answered");
        if (!keep && !rng_chance(&g->r, 0.45 + 0.45 * g->st->capacity)) return NULL;
        return gen_number(g, id, q->json, prev);
    }
    if (q->type == ANSWER_GROUP) {
        if (!rng_chance(&g->r, 0.5 + 0.45 * g->st->capacity)) return NULL;
        return gen_group(g, q, prev);
    }
    if (q->type == ANSWER_MULTI) {
        if (!rng_chance(&g->r, 0.9)) return NULL;
        return gen_multi(g, q, prev);
    }
    if (q->type == ANSWER_SINGLE) {
        if (!rng_chance(&g->r, 0.9)) return NULL;
        if (prev && rng_chance(&g->r, 0.85)) return json_incref(prev);
        if (json_is_true(json_object_get(q->json, "other")) && rng_chance(&g->r, 0.04))
            return json_pack("{s:s}", "other", PICK(&g->r, OTHER_TEXT[g->l]));
        const char *o = pick_option(g, q->json);
        return o ? json_string(o) : NULL;
    }
    if (q->type == ANSWER_TEXT) {
        bool challenges = !strncmp(id, "challenges", 10);
        if (!rng_chance(&g->r, challenges ? 0.8 : 0.55)) return NULL;
        if (json_is_string(prev) && rng_chance(&g->r, 0.4)) return json_incref(prev);
        return sentences(g, demo_topic_of(id), challenges ? 4 : 3);
    }
    if (q->type == ANSWER_TABLE) {
        if (strstr(id, ".laws.list")) return gen_laws(g, q, prev);
        if (!strcmp(id, "surplus.destroyed")) return gen_destroyed(g, q->json);
        if (!strcmp(id, "assist.needs")) return gen_needs(g, q->json);
        if (!strcmp(id, "assist.received.list")) return gen_received(g, q->json);
        if (!strcmp(id, "assist.offers")) return gen_offers_or_provided(g, d, q->json, false);
        if (!strcmp(id, "assist.provided.list")) return gen_offers_or_provided(g, d, q->json, true);
        return rng_chance(&g->r, 0.5) ? gen_table_generic(g, q) : NULL;
    }
    return NULL;
}

/* ------------------------------------------------------------------ carrying answers forward */

/* As pre-filling does. */
json_t *demo_migrate(json_t *known, int from_cycle, const struct template *t)
{
    const struct template *chain[16];
    size_t n = 0;
    for (const struct template *x = t; x && x->cycle > from_cycle && n < 16; x = x->based_on ? template_get(x->based_on) : NULL)
        chain[n++] = x;
    json_t *cur = json_incref(known);
    while (n--) {
        const struct template *x = chain[n];
        json_t *next = json_object(), *v;
        const char *k;
        json_object_foreach(cur, k, v) {
            const char *to[8];
            size_t m = template_carry_over(x, k, to, 8);
            for (size_t i = 0; i < m; i++) {
                const struct template_question *q = template_question(x, to[i]);
                char err[160];
                if (!q || answer_check(q, v, err, sizeof err) < 0) continue;
                json_t *had = json_object_get(next, to[i]);
                if (had && json_is_string(had) && json_is_string(v) && q->type == ANSWER_TEXT) {
                    json_t *joined = json_sprintf("%s %s", json_string_value(had), json_string_value(v));
                    if (joined && answer_check(q, joined, err, sizeof err) == 0) json_object_set_new(next, to[i], joined);
                    else json_decref(joined);
                } else if (!had) {
                    json_object_set(next, to[i], v);
                }
            }
        }
        json_decref(cur);
        cur = next;
    }
    return cur;
}

json_t *demo_answer_all(struct gen *g, struct demo *d, json_t *prev, double fraction)
{
    json_t *ans = json_object();
    g->ans = ans;
    size_t upto = (size_t)ceil(fraction * (double)g->t->nq);
    for (size_t i = 0; i < upto; i++) {
        const struct template_question *q = &g->t->q[i];
        if (!template_applies(q, ans)) continue;
        json_t *v = gen_answer(g, d, q, json_object_get(prev, q->id));
        if (!v) continue;
        char err[256];
        if (answer_check(q, v, err, sizeof err) < 0) {
            /* A generator bug: never store an invalid value. */
            fprintf(stderr, "demo: %s %d %s: %s\n", g->st->iso3, g->cycle, q->id, err);
#ifndef NDEBUG
            abort();
#endif
            json_decref(v);
            continue;
        }
        json_object_set_new(ans, q->id, v);
    }
    return ans;
}

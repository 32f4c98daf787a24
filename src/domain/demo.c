/* demo: see demo.h. */
#include "domain/demo.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/cycle.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

/* ------------------------------------------------------------------ randomness */

/* xorshift64*, seeded through splitmix64 so that nearby seeds give unrelated streams. */
struct rng { uint64_t s; };

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

static void rng_seed(struct rng *r, uint64_t a, uint64_t b, uint64_t c)
{
    r->s = mix64(a ^ mix64(b ^ mix64(c)));
    if (!r->s) r->s = 0x2545F4914F6CDD1DULL;
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static double rng_unit(struct rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }
static bool rng_chance(struct rng *r, double p) { return rng_unit(r) < p; }
static int rng_int(struct rng *r, int lo, int hi)
{
    if (hi <= lo) return lo;
    uint64_t span = (uint64_t)((int64_t)hi - (int64_t)lo) + 1;
    return (int)((int64_t)lo + (int64_t)(rng_next(r) % span));
}
/* Log-uniform integer in [lo, hi]: as many hundreds as thousands as tens of thousands. */
static long long rng_log(struct rng *r, double lo, double hi)
{
    if (hi < lo) hi = lo;
    return llround(exp(log(lo) + rng_unit(r) * (log(hi) - log(lo))));
}
#define PICK(r, arr) ((arr)[rng_next(r) % (sizeof(arr) / sizeof((arr)[0]))])

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* ------------------------------------------------------------------ text */

enum lang { EN, FR, ES, NLANG };
static const char *const LANG_CODE[NLANG] = { "en", "fr", "es" };

enum topic { T_COORD, T_MARKING, T_TRANSFER, T_BROKER, T_STOCK, T_DIVERSION, T_SURPLUS, T_TRACING, T_GENDER,
             T_YOUTH, T_NEWTECH, T_ASSIST, T_CHALLENGES, T_OPPORTUNITIES, T_COMMENTS, NTOPIC };

/* Sentences by language and topic, parallel across languages.  {Y} a recent year, {Y2} five years on, {N} a small number. */
static const char *const TEXT[NLANG][NTOPIC][6] = {
    [EN] = {
        [T_COORD] = {
            "The National Commission on Small Arms and Light Weapons meets every quarter and brings together {N} ministries and agencies.",
            "A new national action plan covering {Y} to {Y2} was adopted after consultations with civil society.",
            "Implementation of the national action plan is reviewed each year against measurable targets.",
            "Focal points have been designated in the police, customs, the armed forces and the Ministry of Justice.",
            "Civil society organisations take part in the work of the coordination body as observers." },
        [T_MARKING] = {
            "All firearms manufactured or imported since {Y} carry a unique serial number, the country of manufacture and the year.",
            "Weapons held by the armed forces are marked with a national code before they enter service.",
            "Imported weapons are marked by the national police armoury within {N} days of import.",
            "Antique and deactivated weapons are exempt from the marking requirement.",
            "Two laser marking machines acquired in {Y} allow the marking of weapons held by State agencies." },
        [T_TRANSFER] = {
            "Export licences are refused where there is a clear risk of diversion or of serious violations of human rights.",
            "End-user certificates are verified through diplomatic channels before an export licence is issued.",
            "Post-shipment verification visits were carried out in {N} cases.",
            "Import, export and transit of small arms require a licence issued by the Ministry of the Interior." },
        [T_BROKER] = {
            "Brokers must register with the Ministry of the Interior and obtain a licence for each transaction.",
            "Brokering activities carried out abroad by nationals are also subject to licensing.",
            "The register of brokers currently lists {N} companies.",
            "Unlicensed brokering is a criminal offence punishable by up to ten years' imprisonment." },
        [T_STOCK] = {
            "Stockpile management follows the Modular Small-arms-control Implementation Compendium (MOSAIC).",
            "An inventory of all weapons held by the police and the armed forces is carried out every year.",
            "The physical security of {N} armouries was upgraded with new doors, alarms and lighting.",
            "Storekeepers receive training on record-keeping and access control." },
        [T_DIVERSION] = {
            "Diverted weapons were reported to the police and investigations were opened in every case.",
            "Most incidents involved pistols stolen from private security companies.",
            "Losses are investigated by a joint team of the police and the armed forces." },
        [T_SURPLUS] = {
            "Surplus and seized weapons were destroyed in public ceremonies.",
            "Destruction was carried out by cutting under the supervision of independent observers.",
            "A voluntary weapons collection campaign was held in {N} districts with community leaders.",
            "Collected weapons are recorded and destroyed within six months." },
        [T_TRACING] = {
            "Tracing requests are sent through INTERPOL and answered by the national central bureau.",
            "The national firearms register is connected to INTERPOL's iARMS database.",
            "Records of manufacture are kept for at least {N} years and records of transfers for at least twenty years." },
        [T_GENDER] = {
            "Women are represented in the national commission and in the police units that deal with firearms.",
            "Data on firearm-related violence are broken down by sex and age.",
            "The national action plan includes measures against gender-based violence committed with firearms.",
            "Training on gender mainstreaming in small arms control was given to {N} officers." },
        [T_YOUTH] = {
            "Young people took part in awareness campaigns in schools and universities.",
            "A youth advisory group was consulted on the national action plan." },
        [T_NEWTECH] = {
            "Polymer and modular weapons are subject to the same marking and record-keeping rules as other weapons.",
            "The manufacture of firearms by 3D printing without a licence is prohibited.",
            "Law enforcement agencies are building their capacity to detect privately made firearms." },
        [T_ASSIST] = {
            "Assistance received has been effective where it was aligned with the national action plan.",
            "Multi-year funding made it possible to sustain training programmes.",
            "Coordination among donors avoided duplication of projects." },
        [T_CHALLENGES] = {
            "Porous borders and limited resources make it difficult to control illicit flows.",
            "The lack of equipment for marking and record-keeping remains a major obstacle.",
            "Collecting reliable data for SDG indicator 16.4.2 remains difficult.",
            "Staff turnover in the agencies concerned hampers implementation.",
            "The legal framework needs to be updated to cover new technologies." },
        [T_OPPORTUNITIES] = {
            "Regional cooperation offers opportunities to share information on illicit flows.",
            "The new national action plan provides a framework for partnerships with donors.",
            "Digital record-keeping will improve tracing." },
        [T_COMMENTS] = {
            "The Government remains committed to the full implementation of the Programme of Action and the International Tracing Instrument.",
            "This report was prepared by the national commission with input from all agencies concerned." },
    },
    [FR] = {
        [T_COORD] = {
            "La Commission nationale de lutte contre la prolifération des armes légères et de petit calibre se réunit chaque trimestre et rassemble {N} ministères et services.",
            "Un nouveau plan d'action national couvrant la période {Y}-{Y2} a été adopté après des consultations avec la société civile.",
            "La mise en œuvre du plan d'action national est évaluée chaque année au regard d'objectifs mesurables.",
            "Des points focaux ont été désignés au sein de la police, des douanes, des forces armées et du ministère de la Justice.",
            "Les organisations de la société civile participent aux travaux de l'organe de coordination en qualité d'observateurs." },
        [T_MARKING] = {
            "Toutes les armes à feu fabriquées ou importées depuis {Y} portent un numéro de série unique, le pays de fabrication et l'année.",
            "Les armes des forces armées sont marquées d'un code national avant leur mise en service.",
            "Les armes importées sont marquées par l'armurerie de la police nationale dans un délai de {N} jours.",
            "Les armes anciennes et neutralisées sont exemptées de l'obligation de marquage.",
            "Deux machines de marquage au laser acquises en {Y} permettent de marquer les armes détenues par les services de l'État." },
        [T_TRANSFER] = {
            "Les licences d'exportation sont refusées lorsqu'il existe un risque manifeste de détournement ou de violations graves des droits de l'homme.",
            "Les certificats d'utilisateur final sont vérifiés par la voie diplomatique avant la délivrance d'une licence d'exportation.",
            "Des vérifications après expédition ont été effectuées dans {N} cas.",
            "L'importation, l'exportation et le transit des armes légères sont soumis à une licence délivrée par le ministère de l'Intérieur." },
        [T_BROKER] = {
            "Les courtiers doivent s'enregistrer auprès du ministère de l'Intérieur et obtenir une licence pour chaque opération.",
            "Les activités de courtage exercées à l'étranger par des ressortissants sont également soumises à licence.",
            "Le registre des courtiers compte actuellement {N} sociétés.",
            "Le courtage sans licence est une infraction pénale passible de dix ans d'emprisonnement." },
        [T_STOCK] = {
            "La gestion des stocks suit le Recueil de mise en œuvre modulaire sur le contrôle des armes légères (MOSAIC).",
            "Un inventaire de toutes les armes détenues par la police et les forces armées est réalisé chaque année.",
            "La sécurité physique de {N} armureries a été renforcée (portes, alarmes, éclairage).",
            "Les magasiniers sont formés à la tenue des registres et au contrôle des accès." },
        [T_DIVERSION] = {
            "Les armes détournées ont été signalées à la police et une enquête a été ouverte dans chaque cas.",
            "La plupart des incidents concernaient des pistolets volés à des sociétés de sécurité privées.",
            "Les pertes font l'objet d'une enquête conjointe de la police et des forces armées." },
        [T_SURPLUS] = {
            "Les armes excédentaires et saisies ont été détruites lors de cérémonies publiques.",
            "La destruction a été réalisée par découpage sous le contrôle d'observateurs indépendants.",
            "Une campagne de collecte volontaire d'armes a été menée dans {N} districts avec les autorités coutumières.",
            "Les armes collectées sont enregistrées et détruites dans un délai de six mois." },
        [T_TRACING] = {
            "Les demandes de traçage sont transmises par INTERPOL et traitées par le bureau central national.",
            "Le registre national des armes est connecté à la base de données iARMS d'INTERPOL.",
            "Les registres de fabrication sont conservés au moins {N} ans et ceux des transferts au moins vingt ans." },
        [T_GENDER] = {
            "Les femmes sont représentées au sein de la commission nationale et des unités de police chargées des armes à feu.",
            "Les données sur la violence armée sont ventilées par sexe et par âge.",
            "Le plan d'action national comprend des mesures contre la violence fondée sur le genre commise avec des armes à feu.",
            "Une formation sur la prise en compte du genre dans le contrôle des armes légères a été dispensée à {N} agents." },
        [T_YOUTH] = {
            "Des jeunes ont participé à des campagnes de sensibilisation dans les écoles et les universités.",
            "Un groupe consultatif de jeunes a été consulté sur le plan d'action national." },
        [T_NEWTECH] = {
            "Les armes en polymère et les armes modulaires sont soumises aux mêmes règles de marquage et d'enregistrement que les autres armes.",
            "La fabrication d'armes à feu par impression 3D sans licence est interdite.",
            "Les services de répression renforcent leurs capacités de détection des armes de fabrication artisanale." },
        [T_ASSIST] = {
            "L'assistance reçue a été efficace lorsqu'elle était alignée sur le plan d'action national.",
            "Un financement pluriannuel a permis de pérenniser les programmes de formation.",
            "La coordination entre les donateurs a permis d'éviter les doublons." },
        [T_CHALLENGES] = {
            "La porosité des frontières et le manque de moyens rendent difficile le contrôle des flux illicites.",
            "Le manque d'équipements de marquage et d'enregistrement demeure un obstacle majeur.",
            "La collecte de données fiables pour l'indicateur 16.4.2 des ODD reste difficile.",
            "La rotation du personnel dans les services concernés freine la mise en œuvre.",
            "Le cadre juridique doit être mis à jour pour couvrir les nouvelles technologies." },
        [T_OPPORTUNITIES] = {
            "La coopération régionale offre la possibilité d'échanger des informations sur les flux illicites.",
            "Le nouveau plan d'action national offre un cadre de partenariat avec les donateurs.",
            "L'enregistrement numérique améliorera le traçage." },
        [T_COMMENTS] = {
            "Le Gouvernement reste engagé en faveur de la mise en œuvre intégrale du Programme d'action et de l'Instrument international de traçage.",
            "Le présent rapport a été établi par la commission nationale avec la contribution de tous les services concernés." },
    },
    [ES] = {
        [T_COORD] = {
            "La Comisión Nacional de Armas Pequeñas y Ligeras se reúne cada trimestre y agrupa a {N} ministerios y organismos.",
            "Se aprobó un nuevo plan de acción nacional para el período {Y}-{Y2} tras consultas con la sociedad civil.",
            "La aplicación del plan de acción nacional se evalúa cada año con respecto a metas medibles.",
            "Se han designado puntos focales en la policía, las aduanas, las fuerzas armadas y el Ministerio de Justicia.",
            "Las organizaciones de la sociedad civil participan como observadoras en la labor del órgano de coordinación." },
        [T_MARKING] = {
            "Todas las armas de fuego fabricadas o importadas desde {Y} llevan un número de serie único, el país de fabricación y el año.",
            "Las armas de las fuerzas armadas se marcan con un código nacional antes de entrar en servicio.",
            "Las armas importadas son marcadas por la armería de la policía nacional en un plazo de {N} días.",
            "Las armas antiguas y desactivadas están exentas de la obligación de marcaje.",
            "Dos máquinas de marcaje láser adquiridas en {Y} permiten marcar las armas en poder de las instituciones del Estado." },
        [T_TRANSFER] = {
            "Las licencias de exportación se deniegan cuando existe un riesgo manifiesto de desvío o de violaciones graves de los derechos humanos.",
            "Los certificados de usuario final se verifican por la vía diplomática antes de expedir una licencia de exportación.",
            "Se realizaron verificaciones posteriores al envío en {N} casos.",
            "La importación, exportación y tránsito de armas pequeñas requieren una licencia del Ministerio del Interior." },
        [T_BROKER] = {
            "Los intermediarios deben inscribirse en el Ministerio del Interior y obtener una licencia para cada operación.",
            "Las actividades de intermediación realizadas en el extranjero por nacionales también requieren licencia.",
            "El registro de intermediarios incluye actualmente {N} empresas.",
            "La intermediación sin licencia es un delito penado con hasta diez años de prisión." },
        [T_STOCK] = {
            "La gestión de existencias sigue el Compendio Modular de Aplicación del Control de Armas Pequeñas (MOSAIC).",
            "Cada año se realiza un inventario de todas las armas en poder de la policía y las fuerzas armadas.",
            "Se mejoró la seguridad física de {N} armerías con nuevas puertas, alarmas e iluminación.",
            "Los encargados de los depósitos reciben capacitación en registro y control de acceso." },
        [T_DIVERSION] = {
            "Las armas desviadas se denunciaron a la policía y se abrió una investigación en cada caso.",
            "La mayoría de los incidentes se refirieron a pistolas robadas a empresas de seguridad privada.",
            "Las pérdidas son investigadas por un equipo conjunto de la policía y las fuerzas armadas." },
        [T_SURPLUS] = {
            "Las armas excedentes e incautadas se destruyeron en ceremonias públicas.",
            "La destrucción se realizó mediante corte bajo la supervisión de observadores independientes.",
            "Se llevó a cabo una campaña de entrega voluntaria de armas en {N} municipios con líderes comunitarios.",
            "Las armas recolectadas se registran y se destruyen en un plazo de seis meses." },
        [T_TRACING] = {
            "Las solicitudes de rastreo se envían por conducto de INTERPOL y las atiende la oficina central nacional.",
            "El registro nacional de armas está conectado con la base de datos iARMS de INTERPOL.",
            "Los registros de fabricación se conservan al menos {N} años y los de transferencias al menos veinte años." },
        [T_GENDER] = {
            "Las mujeres están representadas en la comisión nacional y en las unidades policiales que se ocupan de las armas de fuego.",
            "Los datos sobre violencia armada se desglosan por sexo y edad.",
            "El plan de acción nacional incluye medidas contra la violencia de género cometida con armas de fuego.",
            "Se impartió capacitación sobre la perspectiva de género en el control de armas pequeñas a {N} funcionarios." },
        [T_YOUTH] = {
            "Jóvenes participaron en campañas de sensibilización en escuelas y universidades.",
            "Se consultó a un grupo asesor de jóvenes sobre el plan de acción nacional." },
        [T_NEWTECH] = {
            "Las armas de polímero y modulares están sujetas a las mismas normas de marcaje y registro que las demás armas.",
            "Está prohibida la fabricación de armas de fuego mediante impresión 3D sin licencia.",
            "Las fuerzas del orden fortalecen su capacidad para detectar armas de fabricación casera." },
        [T_ASSIST] = {
            "La asistencia recibida ha sido eficaz cuando se ajustó al plan de acción nacional.",
            "La financiación plurianual permitió mantener los programas de capacitación.",
            "La coordinación entre donantes evitó la duplicación de proyectos." },
        [T_CHALLENGES] = {
            "Las fronteras porosas y la escasez de recursos dificultan el control de los flujos ilícitos.",
            "La falta de equipos de marcaje y registro sigue siendo un obstáculo importante.",
            "Sigue siendo difícil reunir datos fiables para el indicador 16.4.2 de los ODS.",
            "La rotación del personal en los organismos competentes dificulta la aplicación.",
            "El marco jurídico debe actualizarse para abarcar las nuevas tecnologías." },
        [T_OPPORTUNITIES] = {
            "La cooperación regional ofrece oportunidades para intercambiar información sobre los flujos ilícitos.",
            "El nuevo plan de acción nacional ofrece un marco para alianzas con los donantes.",
            "El registro digital mejorará el rastreo." },
        [T_COMMENTS] = {
            "El Gobierno mantiene su compromiso con la plena aplicación del Programa de Acción y del Instrumento Internacional de Localización.",
            "El presente informe fue preparado por la comisión nacional con aportes de todos los organismos competentes." },
    },
};

/* The topic a free-text question or cell speaks about, from its question id. */
static enum topic topic_of(const char *id)
{
    static const struct { const char *part; enum topic t; } MAP[] = {
        { "challenges.opportunities", T_OPPORTUNITIES }, { "challenges.comments", T_COMMENTS }, { "challenges", T_CHALLENGES },
        { "newtech", T_NEWTECH }, { "youth", T_YOUTH }, { "gender", T_GENDER }, { "diversion", T_DIVERSION },
        { "stock.loss", T_DIVERSION }, { "marking", T_MARKING }, { "broker", T_BROKER }, { "transfer", T_TRANSFER },
        { "manuf", T_MARKING }, { "stock", T_STOCK }, { "surplus", T_SURPLUS }, { "iti", T_TRACING }, { "sdg", T_TRACING },
        { "assist", T_ASSIST }, { "coord", T_COORD },
    };
    for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
        if (strstr(id, MAP[i].part)) return MAP[i].t;
    return T_COMMENTS;
}

static size_t topic_count(enum lang l, enum topic t)
{
    size_t n = 0;
    while (n < 6 && TEXT[l][t][n]) n++;
    return n;
}

/* ------------------------------------------------------------------ States */

struct dstate {
    char iso3[4], grp[8];
    char name[NLANG][128];
    enum lang lang;
    bool developing, donor, manufacturer, needs, excluded;
    double capacity;        /* how far implementation has come, 0..1 */
    double diligence;       /* how keen it is to report */
    double size;            /* scale of its figures */
    json_t *known;          /* answers of its last report (owned), keyed by the ids of known_cycle */
    int known_cycle;
    long long last_report;
    bool reported_prev;
};

static bool in_list(const char *iso3, const char *list)
{
    const char *p = strstr(list, iso3);
    return p && strlen(iso3) == 3 && (p == list || p[-1] == ' ') && (p[3] == ' ' || p[3] == 0);
}

static const char FRANCOPHONE[] = "FRA BEL LUX MCO CHE SEN CIV MLI CMR BFA NER TCD TGO BEN GIN GAB COG COD CAF MDG DJI COM BDI HTI MRT MAR TUN DZA";
static const char HISPANOPHONE[] = "ESP ARG BOL CHL COL CRI CUB DOM ECU SLV GTM HND MEX NIC PAN PRY PER URY VEN GNQ";
static const char NOT_DEVELOPING[] = "BGR HRV CZE EST HUN LVA LTU POL ROU SVK SVN RUS JPN KOR SGP ARE QAT SAU KWT BHR BRN CHN";
static const char DONORS[] = "JPN KOR CZE POL EST LVA LTU HUN SVK SVN";
static const char MANUFACTURERS[] =
    "USA RUS CHN DEU ITA BEL AUT CZE BRA TUR ISR KOR SRB HRV BGR ARG ZAF IND PAK FRA GBR CHE SWE FIN NOR ESP PRT POL UKR "
    "BLR JPN CAN MEX COL CHL IRN EGY SGP AUS ROU SVK HUN BIH MNE MKD KAZ IDN PHL THA MYS ARE SAU";

struct states { struct dstate *v; size_t n, cap; };

static struct dstate *state_find(struct states *ss, const char *iso3)
{
    for (size_t i = 0; i < ss->n; i++)
        if (strcmp(ss->v[i].iso3, iso3) == 0) return &ss->v[i];
    return NULL;
}

static int state_cb(const struct store_state *st, void *ctx)
{
    struct states *ss = ctx;
    if (!st->iso3 || strlen(st->iso3) != 3) return 0;
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? ss->cap * 2 : 256;
        ss->v = xrealloc(ss->v, ss->cap * sizeof *ss->v);
    }
    struct dstate *d = &ss->v[ss->n++];
    memset(d, 0, sizeof *d);
    memcpy(d->iso3, st->iso3, 4);
    snprintf(d->grp, sizeof d->grp, "%s", st->grp ? st->grp : "");
    for (int l = 0; l < NLANG; l++) snprintf(d->name[l], sizeof d->name[l], "%s", st->name ? st->name : st->iso3);
    return 0;
}

struct names_ctx { struct states *ss; enum lang l; };

static int name_cb(const struct store_state *st, void *ctx)
{
    struct names_ctx *nc = ctx;
    struct dstate *d = st->iso3 ? state_find(nc->ss, st->iso3) : NULL;
    if (d && st->local_name && *st->local_name) snprintf(d->name[nc->l], sizeof d->name[nc->l], "%s", st->local_name);
    return 0;
}

static int cmp_iso3(const void *a, const void *b)
{
    return strcmp(((const struct dstate *)a)->iso3, ((const struct dstate *)b)->iso3);
}

static double group_capacity(const char *grp)
{
    return !strcmp(grp, "WEOG") ? 0.8 : !strcmp(grp, "EEG") ? 0.7 : !strcmp(grp, "GRULAC") ? 0.6
         : !strcmp(grp, "APG") ? 0.5 : !strcmp(grp, "AFR") ? 0.5 : 0.4;
}

static double group_reporting(const char *grp)
{
    return !strcmp(grp, "WEOG") ? 1.8 : !strcmp(grp, "EEG") ? 1.3 : !strcmp(grp, "GRULAC") ? 0.7
         : !strcmp(grp, "AFR") ? 0.5 : !strcmp(grp, "APG") ? 0.45 : 0.2;
}

static void profile(struct dstate *d, unsigned seed)
{
    struct rng r;
    rng_seed(&r, seed, hash_str(d->iso3), 1);
    d->lang = in_list(d->iso3, FRANCOPHONE) ? FR : in_list(d->iso3, HISPANOPHONE) ? ES : EN;
    bool weog = strcmp(d->grp, "WEOG") == 0;
    d->developing = !weog && !in_list(d->iso3, NOT_DEVELOPING) && d->grp[0];
    d->donor = weog || in_list(d->iso3, DONORS);
    d->manufacturer = in_list(d->iso3, MANUFACTURERS);
    d->needs = d->developing && rng_chance(&r, 0.42);
    d->capacity = clamp(group_capacity(d->grp) + (rng_unit(&r) - 0.5) * 0.26, 0.1, 0.9);
    double u = rng_unit(&r);
    d->diligence = 0.25 + 1.5 * u * u;          /* many occasional reporters, a few keen ones */
    d->size = exp((rng_unit(&r) - 0.4) * 2.5);  /* about 0.37 .. 4.5 */
}

/* ------------------------------------------------------------------ answers */

struct gen {
    struct rng r;
    struct dstate *st;
    int cycle, step;                /* step: 0 for the first template cycle (2010), 1 for the next ... */
    const struct template *t;
    json_t *ans;                    /* answers so far (borrowed) */
    enum lang l;
    int year;                       /* the year {Y} stands for when not 0 */
};

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
    size_t n = topic_count(g->l, t);
    int k = rng_int(&g->r, 1, most < (int)n ? most : (int)n);
    size_t first = rng_next(&g->r) % n;
    struct buf b = BUF_INIT;
    for (int i = 0; i < k; i++) {
        if (i) buf_putc(&b, ' ');
        expand(g, &b, TEXT[g->l][t][(first + (size_t)i) % n]);
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
    json_t *v = json_object(), *f;
    size_t i;
    json_array_foreach(json_object_get(spec, "fields"), i, f) {
        const char *fid = json_string_value(json_object_get(f, "id")), *type = json_string_value(json_object_get(f, "type"));
        if (!fid || !type || strcmp(type, "number") != 0) continue;
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
    expand(g, &b, TEXT[g->l][topic][rng_next(&g->r) % topic_count(g->l, topic)]);
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

struct demo;
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
    json_t *rows = json_array(), *c;
    int n = rng_int(&g->r, 1, 2);
    for (int k = 0; k < n; k++) {
        json_t *row = json_object();
        size_t i;
        json_array_foreach(json_object_get(q->json, "columns"), i, c) {
            const char *cid = json_string_value(json_object_get(c, "id")), *type = json_string_value(json_object_get(c, "type"));
            if (!cid || !type) continue;
            json_t *v = NULL;
            if (!strcmp(type, "text")) v = json_string(PICK(&g->r, OTHER_TEXT[g->l]));
            else if (!strcmp(type, "number")) v = num_within(c, rng_int(&g->r, 1, 100));
            else if (!strcmp(type, "date")) v = json_sprintf("%d", g->cycle - 1);
            else if (!strcmp(type, "url")) v = json_string("https://example.org/");
            else if (!strcmp(type, "email")) v = json_string("contact@example.org");
            else if (!strcmp(type, "yn") || !strcmp(type, "ynd")) v = json_string(rng_chance(&g->r, 0.6) ? "yes" : "no");
            else if (!strcmp(type, "single") && pick_option(g, c)) v = json_string(pick_option(g, c));
            if (v) json_object_set_new(row, cid, v);
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

/* ---- one question */

struct demo {
    struct store *s;
    unsigned seed;
    struct states ss;
    long long publisher;        /* the Secretariat's demo account, 0 when none */
    int reports;
    long today;                 /* days since 1970: no synthetic event is later */
};

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
    const char *type = q->type, *id = q->id;
    bool required = json_is_true(json_object_get(q->json, "required"));
    if (!strcmp(type, "file")) return NULL;
    if (!strcmp(type, "ynd") || !strcmp(type, "yn")) {
        if (!rng_chance(&g->r, 0.93 + 0.05 * g->st->capacity)) return NULL;
        return gen_yn(g, id, prev, type[2] == 'd');
    }
    if (!strcmp(type, "contact")) {
        if (!required && !rng_chance(&g->r, 0.85)) return NULL;
        if (json_is_object(prev) && rng_chance(&g->r, 0.7)) return json_incref(prev);   /* people move on, now and then */
        return contact(g, !strcmp(id, "coord.body.details") ? 1 : strstr(id, "iti") ? 3 : -1);
    }
    if (!strcmp(type, "number")) {
        bool keep = strstr(id, ".years") || strstr(id, "answered");
        if (!keep && !rng_chance(&g->r, 0.45 + 0.45 * g->st->capacity)) return NULL;
        return gen_number(g, id, q->json, prev);
    }
    if (!strcmp(type, "group")) {
        if (!rng_chance(&g->r, 0.5 + 0.45 * g->st->capacity)) return NULL;
        return gen_group(g, q, prev);
    }
    if (!strcmp(type, "multi")) {
        if (!rng_chance(&g->r, 0.9)) return NULL;
        return gen_multi(g, q, prev);
    }
    if (!strcmp(type, "single")) {
        if (!rng_chance(&g->r, 0.9)) return NULL;
        if (prev && rng_chance(&g->r, 0.85)) return json_incref(prev);
        if (json_is_true(json_object_get(q->json, "other")) && rng_chance(&g->r, 0.04))
            return json_pack("{s:s}", "other", PICK(&g->r, OTHER_TEXT[g->l]));
        const char *o = pick_option(g, q->json);
        return o ? json_string(o) : NULL;
    }
    if (!strcmp(type, "text")) {
        bool challenges = !strncmp(id, "challenges", 10);
        if (!rng_chance(&g->r, challenges ? 0.8 : 0.55)) return NULL;
        if (json_is_string(prev) && rng_chance(&g->r, 0.4)) return json_incref(prev);
        return sentences(g, topic_of(id), challenges ? 4 : 3);
    }
    if (!strcmp(type, "table")) {
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

/* The previous answers mapped, template by template, onto the ids of t (as pre-filling does). */
static json_t *migrate(json_t *known, int from_cycle, const struct template *t)
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
                if (!q || template_check_value(q, v, err, sizeof err) < 0) continue;
                json_t *had = json_object_get(next, to[i]);
                if (had && json_is_string(had) && json_is_string(v) && !strcmp(q->type, "text")) {
                    json_t *joined = json_sprintf("%s %s", json_string_value(had), json_string_value(v));
                    if (joined && template_check_value(q, joined, err, sizeof err) == 0) json_object_set_new(next, to[i], joined);
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

/* ------------------------------------------------------------------ reports */

static int put(struct demo *d, long long id, const char *qid, json_t *v)
{
    char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    int rc = store_answer_put(d->s, id, qid, js, 0);
    free(js);
    return rc;
}

/* Answer the template in order, respecting skip logic; a draft stops part of the way. */
static json_t *answer_all(struct gen *g, struct demo *d, json_t *prev, double fraction)
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
        if (template_check_value(q, v, err, sizeof err) < 0) {
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

/* Store the answers in template order. */
static int store_answers(struct demo *d, const struct template *t, long long id, json_t *ans)
{
    for (size_t i = 0; i < t->nq; i++) {
        json_t *v = json_object_get(ans, t->q[i].id);
        if (v && put(d, id, t->q[i].id, v) < 0) return -1;
    }
    return 0;
}

/* A correction after publication: one figure or one answer changes. */
static int correct(struct demo *d, struct gen *g, long long id, json_t *ans)
{
    for (size_t i = 0; i < g->t->nq; i++) {
        const struct template_question *q = &g->t->q[i];
        json_t *v = json_object_get(ans, q->id);
        char err[160];
        json_t *nv = NULL;
        if (!strcmp(q->type, "number") && json_is_integer(v) && !strstr(q->id, "answered")) nv = json_integer(json_integer_value(v) + rng_int(&g->r, 1, 25));
        else if (!strcmp(q->type, "ynd") && json_is_string(v) && !strcmp(json_string_value(v), "developing")) nv = json_string("yes");
        if (!nv) continue;
        if (template_check_value(q, nv, err, sizeof err) < 0) { json_decref(nv); continue; }
        json_object_set_new(ans, q->id, nv);
        return put(d, id, q->id, nv);
    }
    return 0;
}

static const char *const NOTE[NLANG] = {
    "Corrected figures provided by the national commission.",
    "Chiffres corrigés communiqués par la commission nationale.",
    "Cifras corregidas comunicadas por la comisión nacional.",
};
static const char *const RETURN_COMMENT = "Please complete the section on international cooperation and assistance.";

enum fate { PUBLISHED, CORRECTED, SUBMITTED, RETURNED, DRAFT };

/* ------------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* When things happened to one report: day numbers, all on or before today. */
struct when { long start, submit, decide, reopen, correct, last; long today; };

static long not_after(long day, long today) { return day < today ? day : today; }

static void iso_time(struct rng *r, long day, char out[24])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rng_int(r, 6, 17), rng_int(r, 0, 59), rng_int(r, 0, 59));
}

/*
 * A focal point starts between October and February before the deadline (31 March of the
 * cycle year), submits weeks to months later (a third after the deadline), and the
 * Secretariat publishes or returns within days; a correction comes months after.
 */
static struct when timeline(struct rng *r, int year, enum fate fate, long today)
{
    struct when w = { .today = today };
    w.start = not_after(days_from_civil(year - 1, 10, 1) + rng_int(r, 0, 150), today);
    w.submit = not_after(w.start + rng_int(r, 10, 150), today);
    w.decide = not_after(w.submit + rng_int(r, 2, 25), today);
    w.correct = not_after(w.decide + rng_int(r, 40, 240), today);
    w.reopen = not_after(w.correct - rng_int(r, 5, 20), today);
    if (w.reopen < w.decide) w.reopen = w.decide;
    w.last = fate == DRAFT ? not_after(w.start + rng_int(r, 3, 90), today)
           : fate == SUBMITTED ? w.submit : fate == CORRECTED ? w.correct : w.decide;
    return w;
}

/* One State's report for cycle `year` (a benchmark cycle answers the template t of another year). */
static int one_report(struct demo *d, struct dstate *st, const struct template *t, int year, int step, bool open, int *count)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    rng_seed(&g.r, d->seed, hash_str(st->iso3), (uint64_t)year);
    g.st = st; g.cycle = t->cycle; g.step = step; g.t = t; g.l = st->lang;

    double u = rng_unit(&g.r);
    enum fate fate = !open ? (u < 0.06 ? CORRECTED : PUBLISHED)
                   : u < 0.62 ? PUBLISHED : u < 0.67 ? CORRECTED : u < 0.81 ? SUBMITTED : u < 0.85 ? RETURNED : DRAFT;
    struct rng dr;
    rng_seed(&dr, d->seed ^ 0xDA7Eu, hash_str(st->iso3), (uint64_t)year);
    struct when w = timeline(&dr, t->cycle, fate, d->today);
    char at_start[24], at_submit[24], at_decide[24], at_reopen[24], at_correct[24], at_last[24];
    iso_time(&dr, w.start, at_start);
    iso_time(&dr, w.submit, at_submit);
    iso_time(&dr, w.decide, at_decide);
    iso_time(&dr, w.reopen, at_reopen);
    iso_time(&dr, w.correct, at_correct);
    iso_time(&dr, w.last, at_last);
    const char *last = fate == DRAFT ? at_last : fate == SUBMITTED ? at_submit : fate == CORRECTED ? at_correct : at_decide;

    long long id = store_report_add(d->s, st->iso3, year, LANG_CODE[st->lang], true, st->last_report);
    if (id < 0) return -1;
    if (id == 0) return 0;      /* this State already has a report for the cycle */

    json_t *prev = st->known ? migrate(st->known, st->known_cycle, t) : json_object();
    json_t *ans = answer_all(&g, d, prev, fate == DRAFT ? 0.3 + 0.6 * rng_unit(&g.r) : 1.0);
    json_decref(prev);
    int rc = store_answers(d, t, id, ans) < 0 || store_report_event_add_at(d->s, id, 0, "start", NULL, at_start) < 0 ? -1 : 0;
    if (rc == 0 && fate != DRAFT) {
        rc = store_report_set_status(d->s, id, "submitted", 0) < 0 ||
             store_report_event_add_at(d->s, id, 0, "submit", NULL, at_submit) < 0 ? -1 : 0;
    }
    if (rc == 0 && fate == RETURNED) {
        rc = store_report_set_status(d->s, id, "returned", 0) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "return", RETURN_COMMENT, at_decide) < 0 ? -1 : 0;
    }
    if (rc == 0 && (fate == PUBLISHED || fate == CORRECTED)) {
        rc = store_report_set_status(d->s, id, "published", 1) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "publish", NULL, at_decide) < 0 ||
             store_report_version_add_at(d->s, id, 1, d->publisher, NULL, at_decide) < 0 ? -1 : 0;
    }
    if (rc == 0 && fate == CORRECTED) {
        rc = store_report_event_add_at(d->s, id, 0, "reopen", NULL, at_reopen) < 0 || correct(d, &g, id, ans) < 0 ||
             store_report_event_add_at(d->s, id, 0, "submit", NULL, at_reopen) < 0 ||
             store_report_set_status(d->s, id, "published", 2) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "publish", NOTE[st->lang], at_correct) < 0 ||
             store_report_version_add_at(d->s, id, 2, d->publisher, NOTE[st->lang], at_correct) < 0 ? -1 : 0;
    }
    if (rc == 0) rc = store_report_dates_set(d->s, id, at_start, last, fate == DRAFT ? NULL : fate == CORRECTED ? at_reopen : at_submit);
    if (rc == 0) {
        json_decref(st->known);
        st->known = ans;
        st->known_cycle = t->cycle;
        st->last_report = id;
        (*count)++;
    } else {
        json_decref(ans);
    }
    return rc;
}

/* ------------------------------------------------------------------ cycles */

struct cycle_row { int year; bool open; };   /* open: the newest cycle, whose reports are still being worked on */
struct cycles { struct cycle_row v[64]; size_t n; };

/* The cycles with a template that have opened (domain/cycle.c decides from the dates); the newest
   of them mixes published, submitted, returned and draft reports, whatever its status today. */
static int cycles_read(struct store *s, struct cycles *cs)
{
    struct arena a = ARENA_INIT;
    struct cycle *v;
    size_t n;
    int rc = cycle_list(s, &a, &v, &n, NULL);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct template *t = template_get(v[i].year);
        if (v[i].status != CYCLE_PLANNED && t && t->cycle == v[i].year && v[i].year < TEMPLATE_BENCH_FIRST && cs->n < 64)
            cs->v[cs->n++] = (struct cycle_row){ v[i].year, false };
    }
    arena_cleanup(&a);
    int newest = -1;
    for (size_t i = 0; i < cs->n; i++)
        if (newest < 0 || cs->v[i].year > cs->v[newest].year) newest = (int)i;
    if (newest >= 0) cs->v[newest].open = true;
    return rc;
}

static int cmp_cycle(const void *a, const void *b)
{
    return ((const struct cycle_row *)a)->year - ((const struct cycle_row *)b)->year;
}

/* About as many reports as on record (the record: 120 States in 2018). */
static int target(int year)
{
    switch (year) {
    case 2010: return 95;
    case 2012: return 93;
    case 2014: return 105;
    case 2016: return 113;
    case 2018: return 120;
    case 2020: return 105;
    case 2022: return 95;
    case 2024: return 100;
    case 2026: return 90;
    default: return 95;
    }
}

struct pick { double key; size_t i; };

static int cmp_pick(const void *a, const void *b)
{
    const struct pick *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

static int one_cycle(struct demo *d, const struct cycle_row *c, int step, int *count)
{
    const struct template *t = template_get(c->year);
    struct rng r;
    rng_seed(&r, d->seed, 0xC7C1E, (uint64_t)c->year);
    int want = target(t->cycle) + rng_int(&r, -3, 3);

    /* Weighted sampling without replacement (Efraimidis-Spirakis): the largest u^(1/w) win. */
    struct pick *p = xcalloc(d->ss.n, sizeof *p);
    size_t np = 0;
    for (size_t i = 0; i < d->ss.n; i++) {
        struct dstate *st = &d->ss.v[i];
        if (st->excluded) continue;
        double w = group_reporting(st->grp) * st->diligence * (st->reported_prev ? 3.0 : 1.0);
        double u = (double)((rng_next(&r) >> 11) + 1) * 0x1.0p-53;
        p[np++] = (struct pick){ log(u) / w, i };
    }
    qsort(p, np, sizeof *p, cmp_pick);
    size_t n = (size_t)want < np ? (size_t)want : np;
    size_t *chosen = xcalloc(n ? n : 1, sizeof *chosen);
    for (size_t i = 0; i < n; i++) chosen[i] = p[i].i;
    qsort(chosen, n, sizeof *chosen, cmp_size);   /* by ISO code: the States array is sorted */
    free(p);

    int rc = 0, made = 0;
    if (store_tx_begin(d->s) < 0) { free(chosen); return -1; }
    long long last_before = store_bulk_begin(d->s);   /* index the cycle's reports at once, at the end */
    if (last_before < 0) rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++) rc = one_report(d, &d->ss.v[chosen[i]], t, c->year, step, c->open, &made);
    if (rc == 0) rc = store_bulk_end(d->s, last_before);
    if (rc == 0) {
        for (size_t i = 0; i < d->ss.n; i++) d->ss.v[i].reported_prev = false;
        for (size_t i = 0; i < n; i++) d->ss.v[chosen[i]].reported_prev = true;
    }
    free(chosen);
    if (rc < 0) { store_bulk_abort(d->s); store_tx_rollback(d->s); return -1; }
    if (store_tx_commit(d->s) < 0) return -1;     /* a failed commit has rolled back */
    *count = made;
    return 0;
}

int demo_reports(struct store *s, unsigned seed, FILE *progress, char *err, size_t errlen)
{
    return demo_reports_scaled(s, seed, 1, progress, err, errlen);
}

/* Forget what each State reported: a new run of benchmark cycles starts afresh. */
static void states_forget(struct demo *d)
{
    for (size_t i = 0; i < d->ss.n; i++) {
        json_decref(d->ss.v[i].known);
        d->ss.v[i].known = NULL;
        d->ss.v[i].known_cycle = 0;
        d->ss.v[i].last_report = 0;
        d->ss.v[i].reported_prev = false;
    }
}

/* Benchmark cycles 2100, 2102, ... until the database holds `want` reports. */
static int bench_cycles(struct demo *d, int want, int *total, FILE *progress, char *err, size_t errlen)
{
    size_t per_run = template_count();
    int from = *total;
    for (size_t i = 0; *total < want; i++) {
        if (i >= TEMPLATE_BENCH_MAX) { snprintf(err, errlen, "the scale needs more than %d benchmark cycles", TEMPLATE_BENCH_MAX); return -1; }
        if (i % per_run == 0) states_forget(d);
        struct cycle_row c = { TEMPLATE_BENCH_FIRST + 2 * (int)i, false };
        char opens[24], deadline[24];
        snprintf(opens, sizeof opens, "%d-01-01", c.year);
        snprintf(deadline, sizeof deadline, "%d-03-31", c.year);
        int made = 0;
        int added = -1;
        if (store_tx_begin(d->s) == 0) {
            added = store_cycle_add(d->s, c.year, opens, deadline);
            if (added < 0) store_tx_rollback(d->s);
            else if (store_tx_commit(d->s) < 0) added = -1;
        }
        if (added < 0 || one_cycle(d, &c, (int)(i % per_run), &made) < 0) {
            snprintf(err, errlen, "storing the synthetic reports of benchmark cycle %d failed", c.year);
            return -1;
        }
        *total += made;
        if (progress && ((i + 1) % (per_run * 10) == 0 || *total >= want)) {
            fprintf(progress, "benchmark cycles %d-%d: %d reports\n", TEMPLATE_BENCH_FIRST, c.year, *total - from);
            fflush(progress);
        }
    }
    return 0;
}

int demo_reports_scaled(struct store *s, unsigned seed, int scale, FILE *progress, char *err, size_t errlen)
{
    if (template_init(err, errlen) < 0) return -1;
    struct demo d;
    memset(&d, 0, sizeof d);
    d.s = s;
    d.seed = seed;
    char today[11];
    cycle_today(today);
    d.today = cycle_date_days(today);
    if (store_states_each(s, NULL, state_cb, &d.ss) < 0 || !d.ss.n) {
        free(d.ss.v);
        snprintf(err, errlen, "the database has no States: initialise it first");
        return -1;
    }
    qsort(d.ss.v, d.ss.n, sizeof *d.ss.v, cmp_iso3);
    for (enum lang l = FR; l < NLANG; l++) {
        struct store_state_filter f = { .lang = LANG_CODE[l] };
        struct names_ctx nc = { &d.ss, l };
        store_states_each(s, &f, name_cb, &nc);
    }
    for (size_t i = 0; i < d.ss.n; i++) {
        profile(&d.ss.v[i], seed);
        for (const struct setup_demo_account *a = SETUP_DEMO_ACCOUNTS; a->username; a++)
            if (a->state && !strcmp(a->state, d.ss.v[i].iso3)) d.ss.v[i].excluded = true;
    }
    store_user_by_name(s, "unoda", user_cb, &d.publisher);

    struct cycles cs = { .n = 0 };
    if (cycles_read(s, &cs) < 0) {
        free(d.ss.v);
        snprintf(err, errlen, "reading the cycles failed");
        return -1;
    }
    qsort(cs.v, cs.n, sizeof cs.v[0], cmp_cycle);
    int total = 0, rc = 0;
    for (size_t i = 0; i < cs.n && rc == 0; i++) {
        int made = 0;
        rc = one_cycle(&d, &cs.v[i], (int)i, &made);
        if (rc < 0) { snprintf(err, errlen, "storing the synthetic reports of %d failed", cs.v[i].year); break; }
        total += made;
        if (progress) { fprintf(progress, "%d: %d reports\n", cs.v[i].year, made); fflush(progress); }
    }
    if (rc == 0 && scale > 1) {
        store_bulk_cache(s, 512);
        rc = bench_cycles(&d, scale * total, &total, progress, err, errlen);
        store_bulk_cache(s, 0);
    }
    if (rc == 0 && store_tx_begin(s) == 0) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"reports\": %d, \"seed\": %u, \"scale\": %d, \"synthetic\": true}", total, seed, scale);
        if (store_audit_add(s, 0, "cli", "demo.reports", NULL, detail) < 0) store_tx_rollback(s);
        else store_tx_commit(s);                  /* a failed commit has rolled back */
    }
    for (size_t i = 0; i < d.ss.n; i++) json_decref(d.ss.v[i].known);
    free(d.ss.v);
    return rc < 0 ? -1 : total;
}

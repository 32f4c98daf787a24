/*
 * demo_text: the sentences of the demo's free-text answers, in English, French and Spanish,
 * by topic (coordination, marking, transfers ... comments), and the topic of a question.
 * See demo_internal.h.
 */
#include "domain/demo_internal.h"

#include <string.h>

/* Sentences by language and topic, parallel across languages.  {Y} a recent year, {Y2} five years on, {N} a small number. */
const char *const demo_text[NLANG][NTOPIC][6] = {
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

enum topic demo_topic_of(const char *id)
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

size_t demo_topic_count(enum lang l, enum topic t)
{
    size_t n = 0;
    while (n < 6 && demo_text[l][t][n]) n++;
    return n;
}

// The interface in the six UN languages: choosing the language (?lang=, cookie, Accept-Language),
// the html lang and dir attributes, translated strings, State names, the language switcher, fallbacks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

// For each language: the html lang attribute, the direction, the labels of the main navigation, the
// home page's heading, the count line of /states (a format string with %d), and Kenya's short name.
// The navigation's "Assistance" (issue 10), as po/ translates it.
const ASSIST = { ar: 'المساعدة', zh: '援助', fr: 'Assistance', ru: 'Помощь', es: 'Asistencia' };
// The navigation's "Analysis" (issue 12), as po/ translates it.
const ANALYSIS = { ar: 'التحليل', zh: '分析', fr: 'Analyse', ru: 'Анализ', es: 'Análisis' };
const LANGS = {
  ar: { tag: 'ar', dir: 'rtl', autonym: 'العربية', states: 'الدول', title: 'نظام دعم تنفيذ برنامج العمل',
        count: 'عدد الدول: 195', kenya: 'كينيا',
        nav: ['الصفحة الرئيسية', 'الدول', 'المنظمات', 'دورات الإبلاغ', 'بحث', 'الأسئلة', ASSIST.ar, ANALYSIS.ar, 'برنامج العمل'] },
  zh: { tag: 'zh-CN', dir: 'ltr', autonym: '中文', states: '国家', title: '《行动纲领》执行支助系统',
        count: '195个国家', kenya: '肯尼亚',
        nav: ['首页', '国家', '组织', '报告周期', '搜索', '问题', ASSIST.zh, ANALYSIS.zh, '《行动纲领》'] },
  en: { tag: 'en', dir: 'ltr', autonym: 'English', states: 'States', title: 'Programme of Action Implementation Support System',
        count: '195 States', kenya: 'Kenya',
        nav: ['Home', 'States', 'Organisations', 'Reporting cycles', 'Search', 'Questions', 'Assistance', 'Analysis', 'Programme of Action'] },
  fr: { tag: 'fr', dir: 'ltr', autonym: 'Français', states: 'États', title: "Système d'appui à la mise en œuvre du Programme d'action",
        count: '195 États', kenya: 'Kenya',
        nav: ['Accueil', 'États', 'Organisations', 'Cycles de présentation des rapports', 'Rechercher', 'Questions', ASSIST.fr, ANALYSIS.fr, "Programme d'action"] },
  ru: { tag: 'ru', dir: 'ltr', autonym: 'Русский', states: 'Государства', title: 'Система поддержки осуществления Программы действий',
        count: 'Государств: 195', kenya: 'Кения',
        nav: ['Главная', 'Государства', 'Организации', 'Циклы представления докладов', 'Поиск', 'Вопросы', ASSIST.ru, ANALYSIS.ru, 'Программа действий'] },
  es: { tag: 'es', dir: 'ltr', autonym: 'Español', states: 'Estados', title: 'Sistema de Apoyo a la Aplicación del Programa de Acción',
        count: '195 Estados', kenya: 'Kenia',
        nav: ['Inicio', 'Estados', 'Organizaciones', 'Ciclos de presentación de informes', 'Buscar', 'Preguntas', ASSIST.es, ANALYSIS.es, 'Programa de Acción'] },
};

// Undo the escaping html_text does, so that expected strings can be written plainly.
const unescape = s => s.replace(/&#39;|&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function page(path, headers = {}) {
  const r = await fetch(srv.base + path, { headers, redirect: 'manual' });
  const body = await r.text();
  return { status: r.status, headers: r.headers, html: body, text: unescape(body) };
}

function htmlAttrs(html) {
  const m = html.match(/<html lang="([^"]*)" dir="([^"]*)">/);
  assert.ok(m, 'an <html> element with lang and dir');
  return { lang: m[1], dir: m[2] };
}

const navLabels = html => [...html.match(/<nav aria-label="[^"]*"><ul>(.*?)<\/ul><\/nav>/s)[1]
  .matchAll(/<a href="[^"]*"[^>]*>([^<]*)<\/a>/g)].map(m => unescape(m[1]));

const switcher = html => {
  const m = html.match(/<ul class="langs"[^>]*>(.*?)<\/ul>/s);
  assert.ok(m, 'a language switcher');
  return [...m[1].matchAll(/<a lang="([^"]+)" href="\?lang=([^"]+)"[^>]*>([^<]*)<\/a>/g)]
    .map(x => ({ lang: x[1], href: x[2], name: x[3], current: /aria-current/.test(x[0]) }));
};

for (const [code, L] of Object.entries(LANGS)) {
  test(`${code}: the home page is in ${L.autonym}`, async () => {
    const p = await page(`/?lang=${code}`);
    assert.equal(p.status, 200);
    assert.deepEqual(htmlAttrs(p.html), { lang: L.tag, dir: L.dir });
    assert.match(p.text, new RegExp(`<h1>${L.title}</h1>`));
    assert.deepEqual(navLabels(p.html), L.nav);
    assert.equal(L.nav[1], L.states);
    if (code !== 'en') {
      assert.ok(!p.text.includes('Skip to content'), 'the skip link is translated');
      assert.ok(!p.text.includes('Key figures'), 'headings are translated');
    }
  });

  test(`${code}: /states/KEN names Kenya in ${L.autonym}`, async () => {
    const p = await page(`/states/KEN?lang=${code}`);
    assert.equal(p.status, 200);
    assert.deepEqual(htmlAttrs(p.html), { lang: L.tag, dir: L.dir });
    assert.match(p.text, new RegExp(`<h1>${L.kenya}</h1>`));
    assert.match(p.text, new RegExp(`<title>${L.kenya} · PoA-ISS</title>`));
    assert.match(p.text, new RegExp(`class="crumbs"><a href="/states">${L.states}</a>`));
    // The names in the six languages are always all there, each marked with its language.
    for (const other of Object.values(LANGS))
      assert.ok(p.text.includes(`lang="${other.tag}"${other.dir === 'rtl' ? ' dir="rtl"' : ''}>${other.kenya}</dd>`),
        `the ${other.tag} name of Kenya`);
  });

  test(`${code}: the count of States keeps its number`, async () => {
    const p = await page(`/states?lang=${code}`);
    assert.equal(p.status, 200);
    assert.match(p.text, new RegExp(`<p role="status" class="count">${L.count} · `));
  });

  test(`${code}: the language switcher lists all six autonyms`, async () => {
    const p = await page(`/?lang=${code}`);
    const s = switcher(p.html);
    assert.deepEqual(s.map(x => x.name), ['العربية', '中文', 'English', 'Français', 'Русский', 'Español']);
    assert.deepEqual(s.map(x => x.href), ['ar', 'zh', 'en', 'fr', 'ru', 'es']);
    assert.deepEqual(s.filter(x => x.current).map(x => x.href), [code], 'the current language is marked');
  });
}

test('the Arabic page is right-to-left, the others left-to-right', async () => {
  for (const path of ['/', '/states', '/states/KEN', '/organisations', '/cycles', '/documents/poa', '/login']) {
    assert.equal(htmlAttrs((await page(path + '?lang=ar')).html).dir, 'rtl', path);
    assert.equal(htmlAttrs((await page(path + '?lang=ru')).html).dir, 'ltr', path);
  }
});

test('every page answers 200 in every language', async () => {
  for (const code of Object.keys(LANGS))
    for (const path of ['/', '/states', '/states/KEN', '/states/PSE', '/organisations', '/organisations/ECOWAS',
                        '/cycles', '/documents/poa', '/login']) {
      const p = await page(`${path}?lang=${code}`);
      assert.equal(p.status, 200, `${path}?lang=${code}`);
      assert.equal(htmlAttrs(p.html).lang, LANGS[code].tag, `${path}?lang=${code}`);
    }
});

test('error pages are translated too', async () => {
  const p = await page('/states/XYZ?lang=fr');
  assert.equal(p.status, 404);
  assert.equal(htmlAttrs(p.html).lang, 'fr');
  assert.ok(p.text.includes("Il n'existe aucun État portant ce code."));
  const q = await page('/no/such/page?lang=es');
  assert.equal(q.status, 404);
  assert.ok(q.text.includes('No hay ninguna página en esta dirección.'));
});

test('Accept-Language: fr-CH,fr;q=0.9 gives French', async () => {
  const p = await page('/', { 'Accept-Language': 'fr-CH,fr;q=0.9' });
  assert.equal(p.status, 200);
  assert.equal(htmlAttrs(p.html).lang, 'fr');
  assert.ok(navLabels(p.html).includes('États'));
});

test('Accept-Language: the first supported tag wins; unsupported ones are skipped', async () => {
  const cases = [
    ['de-DE,de;q=0.9,es;q=0.8,en;q=0.5', 'es'],
    ['zh-Hans-CN,zh;q=0.9', 'zh-CN'],
    ['AR-EG', 'ar'],
    ['ru', 'ru'],
    ['de, ja', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ];
  for (const [al, want] of cases) {
    const p = await page('/', { 'Accept-Language': al });
    assert.equal(p.status, 200, al);
    assert.equal(htmlAttrs(p.html).lang, want, `Accept-Language: ${al}`);
  }
});

test('?lang= wins over the cookie, the cookie over Accept-Language', async () => {
  let p = await page('/?lang=es', { Cookie: 'poaiss_lang=ru', 'Accept-Language': 'fr' });
  assert.equal(htmlAttrs(p.html).lang, 'es');
  p = await page('/', { Cookie: 'poaiss_lang=ru', 'Accept-Language': 'fr' });
  assert.equal(htmlAttrs(p.html).lang, 'ru');
  p = await page('/', { Cookie: 'poaiss_lang=xx', 'Accept-Language': 'fr' });
  assert.equal(htmlAttrs(p.html).lang, 'fr', 'an unsupported cookie is ignored');
});

test('an unsupported or hostile ?lang= falls back to English with 200', async () => {
  const values = ['xx', 'de', 'EN', 'FR', 'fr-FR', 'zh-CN', 'arr', '', '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
                  '<script>', '%22%3E%3Cscript%3E', '..%2F..%2Fetc%2Fpasswd', 'fr%20', '%C3%A9', 'a'.repeat(4000)];
  for (const v of values) {
    for (const path of ['/', '/states/KEN']) {
      const p = await page(`${path}?lang=${v}`);
      assert.equal(p.status, 200, `${path}?lang=${v.slice(0, 40)}`);
      assert.deepEqual(htmlAttrs(p.html), { lang: 'en', dir: 'ltr' }, `${path}?lang=${v.slice(0, 40)}`);
      assert.ok(!/<script/i.test(p.html), 'nothing of the value is reflected as markup');
      assert.deepEqual(switcher(p.html).map(x => x.name), ['العربية', '中文', 'English', 'Français', 'Русский', 'Español']);
      assert.deepEqual(switcher(p.html).filter(x => x.current).map(x => x.href), ['en']);
    }
  }
  // A NUL in the value is refused as a malformed address (400), never a 500 and never French.
  const nul = await page('/?lang=fr%00');
  assert.equal(nul.status, 400);
  assert.equal(htmlAttrs(nul.html).lang, 'en');
  // An unsupported ?lang= does not hide a supported Accept-Language.
  const p = await page('/?lang=xx', { 'Accept-Language': 'ru-RU,ru;q=0.9' });
  assert.equal(htmlAttrs(p.html).lang, 'ru');
});

test('the language does not leak between requests on one server', async () => {
  const order = ['ar', 'en', 'zh', 'xx', 'ru', 'fr', 'es', 'en'];
  const pages = await Promise.all(order.map(c => page(`/states/KEN?lang=${c}`)));
  pages.forEach((p, i) => {
    const want = LANGS[order[i]] || LANGS.en;
    assert.equal(htmlAttrs(p.html).lang, want.tag, order[i]);
    assert.match(p.text, new RegExp(`<h1>${want.kenya}</h1>`), order[i]);
  });
});

test('the JSON API is not affected by the interface language', async () => {
  const a = await (await fetch(srv.base + '/api/v1/states/KEN?lang=ru')).json();
  const b = await (await fetch(srv.base + '/api/v1/states/KEN')).json();
  assert.deepEqual(a, b);
});

// ---- reference names, dates and numbers in the page's language (issue 9, deliverable 7) ----

test('/states: region names in French and Arabic, in the filter and the table', async () => {
  const fr = await page('/states?lang=fr');
  assert.match(fr.text, /<option value="014">\u00a0*Afrique orientale \(18\)<\/option>/);
  assert.match(fr.text, /<option value="419">\u00a0*Amérique latine et Caraïbes \(33\)<\/option>/, 'the M49 name, not CLDR\'s');
  assert.ok(fr.text.includes('Afrique subsaharienne'), 'the subregion column');
  assert.ok(!fr.text.includes('Eastern Africa'), 'no English region name');
  const ar = await page('/states?lang=ar');
  assert.match(ar.text, /<option value="014">\u00a0*شرق أفريقيا \(١٨\)<\/option>/, 'the name, and the count in Arabic-Indic digits');
  assert.match(ar.text, /<option value="AFR">مجموعة الدول الأفريقية<\/option>/);
  assert.ok(!ar.text.includes('Sub-Saharan Africa'));
});

test('a regional group in Chinese: the /states filter, the State page, the search facet', async () => {
  const list = await page('/states?lang=zh');
  assert.match(list.text, /<option value="AFR">非洲国家组<\/option>/);
  assert.match(list.text, /<option value="WEOG">西欧和其他国家组<\/option>/);
  const ken = await page('/states/KEN?lang=zh');
  assert.match(ken.text, /<a href="\/states\?group=AFR">非洲国家组<\/a>/);
  assert.match(ken.text, /<a href="\/states\?region=014">东非<\/a>/);
  const s = await page('/search?q=border&lang=zh');
  assert.match(s.text, /group=AFR">非洲国家组<\/a>/);
  assert.ok(!/region=\d+">[A-Za-z]/.test(s.text), 'no English region facet label');
});

test('official State names in the page\'s language; English where none', async () => {
  assert.match((await page('/states/KEN?lang=fr')).text, /<p class="lead">République du Kenya<\/p>/);
  assert.match((await page('/states/KEN?lang=ru')).text, /<p class="lead">Республика Кения<\/p>/);
  assert.match((await page('/states/KEN?lang=en')).text, /<p class="lead">Republic of Kenya<\/p>/);
  assert.match((await page('/states/TUR?lang=ru')).text, /<h1>Турция<\/h1>/, 'a short name from data/names.tsv');
});

test('organisations and meetings in the page\'s language, codes isolated', async () => {
  const list = await page('/organisations?lang=es');
  assert.ok(list.text.includes('<td>Unión Africana</td>'));
  assert.ok(list.text.includes('<bdi dir="ltr">ECOWAS</bdi>'));
  const au = await page('/organisations/AU?lang=ru');
  assert.match(au.text, /<h1>Африканский союз \(<bdi dir="ltr">AU<\/bdi>\)<\/h1>/);
  assert.match(au.text, /<a href="\/states\/KEN">Кения<\/a>/, 'the members by their Russian names');
  const cycles = await page('/cycles?lang=fr');
  assert.ok(cycles.text.includes('Neuvième Réunion biennale des États (BMS9)'));
  assert.ok(!cycles.text.includes('Ninth Biennial Meeting of States (BMS9)'));   // BMS10, opened by the demo, has only the name it was given
  const zh = await page('/cycles?lang=zh');
  assert.ok(zh.text.includes('第九次各国双年度会议 (BMS9)'));
  const ken = await page('/states/KEN?lang=ar');
  assert.ok(ken.text.includes('المؤتمر الاستعراضي الرابع (RevCon4)'), 'the State\'s reports by cycle name the meeting in Arabic');
});

test('Arabic dates are written for the language and isolated in <bdi>; no raw ISO date is shown', async () => {
  const p = await page('/cycles?lang=ar');
  assert.ok(p.html.includes('<time datetime="2026-06-01"><bdi>١ يونيو ٢٠٢٦</bdi></time>'), 'BMS9 opens on 1 June 2026');
  const shown = p.html.replace(/datetime="[^"]*"/g, '').replace(/href="[^"]*"/g, '');
  assert.ok(!/\d{4}-\d{2}-\d{2}/.test(shown), 'no ISO date in the text of the page');
  const home = await page('/?lang=ar');
  assert.match(home.html, /<time datetime="\d{4}-\d{2}-\d{2}"><bdi>[٠-٩]+ [^<]+ [٠-٩]{4}<\/bdi><\/time>/, 'the deadline');
  const fr = await page('/cycles?lang=fr');
  assert.ok(fr.html.includes('<time datetime="2026-06-01"><bdi>1 juin 2026</bdi></time>'));
  const ru = await page('/cycles?lang=ru');
  assert.ok(ru.html.includes('<bdi>1 июня 2026 г.</bdi>'));
});

test('figures use the language\'s digits and grouping', async () => {
  const ar = await page('/?lang=ar');
  assert.match(ar.html, /<dd>١٩٣<\/dd>/, '193 Member States in Arabic-Indic digits');
  const en = await page('/?lang=en');
  assert.match(en.html, /<dd>193<\/dd>/);
});

test('search facets: question labels from the template catalogue, never a raw id', async () => {
  const facets = async lang => [...(await page(`/search?q=border&lang=${lang}`)).text
    .matchAll(/question=([a-z0-9_.]+)">([^<]*)<\/a>/g)].map(m => [m[1], m[2]]);
  const english = new Map(await facets('en'));
  for (const lang of ['ar', 'zh', 'fr']) {
    const labels = await facets(lang);
    assert.ok(labels.length > 0, `${lang}: question facets`);
    for (const [id, label] of labels) {
      assert.notEqual(label, id, `${lang}: ${id} is shown as its id`);
      assert.match(label, /^\d+(\.\d+)* /, `${lang}: ${id} has its number`);
      assert.notEqual(label, english.get(id), `${lang}: ${id} is labelled in English`);
    }
    assert.ok(labels.some(([id]) => id === 'challenges.obstacles'), 'a question merged away in 2026 is still listed');
  }
});

test('the JSON API keeps English names whatever the language', async () => {
  const ken = await (await fetch(srv.base + '/api/v1/states/KEN?lang=fr', { headers: { cookie: 'lang=fr' } })).json();
  assert.equal(ken.official_name, 'Republic of Kenya');
  assert.equal(ken.region.name, 'Africa');
  assert.equal(ken.group.name, 'African Group');
  const regions = await (await fetch(srv.base + '/api/v1/regions?lang=ar')).json();
  assert.equal(regions.regions.find(r => r.code === '014').name, 'Eastern Africa');
  const orgs = await (await fetch(srv.base + '/api/v1/organisations?lang=ru')).json();
  assert.ok(JSON.stringify(orgs).includes('African Union'));
  const states = await (await fetch(srv.base + '/api/v1/states?lang=zh&region=014')).json();
  assert.ok(states.states.every(s => s.subregion_name === 'Sub-Saharan Africa'));
});

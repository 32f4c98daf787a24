// The reporting template in the six UN languages: question texts, option, field and column labels and
// section titles come from po/templates/*.po in the page's language, on the focal point's form, the
// published report page, the printable working copy and the cross-view; stored answers, ids and the JSON
// API stay as they are (English template text).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, startBlank } from './helpers.mjs';

let srv, kenya, kenyaCookie, id;

// Undo html_text's escaping, so that expected strings can be written plainly.
const unescape = s => s.replace(/&#39;|&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const EN = {
  body: 'Does your country have a national coordination agency or body on small arms and light weapons',
  women: 'Women',
  yearly: 'Once a year',
  section5: 'Stockpile management and security',
};
// What the catalogues say for the same strings (po/templates/{fr,ar,zh}.po).
const L = {
  fr: { body: "Votre pays dispose-t-il d'un organisme ou d'un organe national de coordination sur les armes légères et de petit calibre",
        women: 'Femmes', yearly: 'Une fois par an', section5: 'Gestion et sécurité des stocks' },
  ar: { body: 'هل لدى بلدكم وكالة أو هيئة تنسيق وطنية معنية بالأسلحة الصغيرة والأسلحة الخفيفة',
        women: 'النساء', yearly: 'مرة في السنة', section5: 'إدارة المخزونات وأمنها' },
  zh: { body: '贵国是否设有负责小武器和轻武器问题的国家协调机构或机关',
        women: '女性', yearly: '每年一次', section5: '库存管理和安全' },
};

async function page(path, cookie) {
  const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  const html = await r.text();
  return { status: r.status, html, text: unescape(html) };
}

const api = async (method, path, token, body) => {
  const headers = { Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};

before(async () => {
  srv = await startServer();
  kenya = srv.token('kenya');
  kenyaCookie = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  id = await startBlank(srv.base, kenya, 'KEN');   // not pre-filled: only the answers below
  const r = await api('PATCH', `/reports/${id}/answers`, kenya, { changes: [
    { question: 'coord.body', value: 'yes', rev: 0 },
    { question: 'coord.body.members', value: { women: 4, men: 7 }, rev: 0 },
    { question: 'coord.poc', value: { name: 'A. Focal', email: 'poc@example.org' }, rev: 0 },
    { question: 'stock.review', value: 'yes', rev: 0 },
    { question: 'stock.review.frequency', value: 'yearly', rev: 0 },
  ] });
  assert.equal(r.status, 200, JSON.stringify(r.json));
});
after(async () => { if (srv) await srv.stop(); });

for (const lang of ['fr', 'ar', 'zh']) {
  test(`${lang}: the 2026 form shows question texts, field and option labels and section titles translated`, async () => {
    const s1 = await page(`/reports/${id}/edit?section=1&lang=${lang}`, kenyaCookie);
    assert.equal(s1.status, 200);
    assert.ok(s1.text.includes(L[lang].body), 'question text');
    assert.ok(!s1.text.includes(EN.body), 'no English question text');
    assert.match(s1.text, new RegExp(`<label for="[^"]*">${L[lang].women}</label>`), 'field label');
    assert.ok(s1.text.includes(`5. ${L[lang].section5}</a>`), 'section title in the navigation');
    const s5 = await page(`/reports/${id}/edit?section=5&lang=${lang}`, kenyaCookie);
    assert.match(s5.text, new RegExp(`<label for="[^"]*">${L[lang].yearly}</label>`), 'option label');
    assert.ok(!s5.text.includes(`>${EN.yearly}<`));
    if (lang === 'ar') assert.match(s5.html, /<html lang="ar" dir="rtl">/);
  });

  test(`${lang}: the printable working copy shows the template translated`, async () => {
    const p = await page(`/reports/${id}?view=working&lang=${lang}`, kenyaCookie);
    assert.equal(p.status, 200);
    assert.ok(p.text.includes(L[lang].body));
    assert.ok(p.text.includes(`<h2>5. ${L[lang].section5}</h2>`));
    assert.ok(p.text.includes(`<dt>${L[lang].women}</dt><dd>4</dd>`), 'group field label');
    assert.ok(p.text.includes(`<dd>${L[lang].yearly}</dd>`), 'the chosen option');
  });
}

test('English is the template itself, and a language without catalogue falls back to it', async () => {
  for (const q of ['lang=en', 'lang=de']) {
    const p = await page(`/reports/${id}/edit?section=5&${q}`, kenyaCookie);
    assert.match(p.text, new RegExp(`<label for="[^"]*">${EN.yearly}</label>`));
    assert.ok(p.text.includes(`5. ${EN.section5}</a>`));
  }
});

test('published: the report page and the cross-view in French and Arabic; stored answers and the API unchanged', async () => {
  const unoda = srv.token('unoda');
  assert.equal((await api('POST', `/reports/${id}/submit`, kenya)).status, 200);
  assert.equal((await api('POST', `/reports/${id}/publish`, unoda, { note: 'ok' })).status, 200);
  for (const lang of ['fr', 'ar']) {
    const p = await page(`/reports/${id}?lang=${lang}`);
    assert.equal(p.status, 200);
    assert.ok(p.text.includes(L[lang].body), 'question text');
    assert.ok(p.text.includes(`<dd>${L[lang].yearly}</dd>`), 'option label of the answer');
    assert.ok(p.text.includes(`<h2>5. ${L[lang].section5}</h2>`), 'section title');
    const x = await page(`/questions?lang=${lang}`);
    assert.ok(x.text.includes(L[lang].body), 'cross-view list');
    const q = await page(`/questions/coord.body?lang=${lang}`);
    assert.ok(q.text.includes(`<h1>1.1 ${L[lang].body}`), 'cross-view heading');
  }
  // The same page in English (a separate cache entry) is still English.
  assert.ok((await page(`/reports/${id}?lang=en`)).text.includes(`<dd>${EN.yearly}</dd>`));
  // Stored answers are ids, whatever language the pages were read in.
  const rep = await api('GET', `/reports/${id}`, unoda);
  assert.equal(JSON.stringify(rep.json).includes('Une fois par an'), false);
  assert.match(JSON.stringify(rep.json), /"yearly"/);
  // The JSON API serves the template as written: English, whatever the Accept-Language.
  const t = await (await fetch(srv.base + '/api/v1/templates/2026?lang=fr', { headers: { 'Accept-Language': 'fr' } })).json();
  const q = t.sections.flatMap(s => s.questions).find(x => x.id === 'coord.body');
  assert.ok(q.text.startsWith(EN.body));
  assert.equal(t.sections[4].title, EN.section5);
});

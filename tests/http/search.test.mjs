// Full-text search over published reports: results, stemming in several languages, hostile queries, drafts never found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, OPEN_CYCLE, startBlank } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const api = async q => { const r = await fetch(srv.base + '/api/v1/search?' + new URLSearchParams({ q })); return { status: r.status, json: await r.json() }; };

test('results in four languages, with marked excerpts that link to the answer', async () => {
  for (const q of ['marking weapons', 'armes légères', 'armas pequeñas', 'destruction']) {
    const r = await api(q);
    assert.equal(r.status, 200, q);
    assert.ok(r.json.total > 0, q);
    const h = r.json.results[0];
    assert.match(h.snippet_html, /<mark>/);
    assert.match(h.url, /^\/reports\/\d+#q-/);
    assert.equal(h.synthetic, true);
  }
  const accents = await api('securite');
  const accented = await api('sécurité');
  assert.equal(accents.json.total, accented.json.total);
  const page = await (await fetch(srv.base + '/search?q=marking')).text();
  assert.match(page, /<mark>[Mm]ark[a-z]*<\/mark>/);
});

test('hostile queries get results or a clear 400, never a 500', async () => {
  for (const q of ['"unbalanced', '(a OR', 'NEAR(a b', "'; DROP TABLE report;--", 'x'.repeat(1001), '*', '""', 'AND OR NOT', '<script>alert(1)</script>', '\u202e']) {
    const r = await api(q);
    assert.ok(r.status === 200 || r.status === 400, `${q.slice(0, 20)} -> ${r.status}`);
    if (r.status === 400) assert.ok(r.json.error.message);
  }
  assert.equal((await fetch(srv.base + '/api/v1/search')).status, 400);
  assert.equal((await fetch(srv.base + '/api/v1/search?q=a&page=0')).status, 400);
  assert.equal((await fetch(srv.base + '/api/v1/search?q=%ff')).status, 400);
  const p = await fetch(srv.base + '/search?q=' + encodeURIComponent('<script>alert(1)</script>'));
  assert.ok([200, 400].includes(p.status));
  assert.doesNotMatch(await p.text(), /<script>alert/);
});

test('a draft is never found; a publication is found at once', async () => {
  const tok = srv.token('kenya'), sec = srv.token('unoda');
  const call = (m, path, t, body) => fetch(srv.base + '/api/v1' + path, { method: m, headers: { Authorization: 'Bearer ' + t, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) }).then(r => r.json());
  const id = await startBlank(srv.base, tok, 'KEN');   // not pre-filled: the answers below are the first
  await call('PATCH', `/reports/${id}/answers`, tok, { changes: [
    { question: 'challenges', value: 'Zyzzogeton inventory backlog', rev: 0 },
    { question: 'coord.poc', value: { name: 'P', email: 'p@example.org' }, rev: 0 },
  ] });
  assert.equal((await api('zyzzogeton')).json.total, 0);
  await call('POST', `/reports/${id}/submit`, tok);
  assert.equal((await api('zyzzogeton')).json.total, 0);
  await call('POST', `/reports/${id}/publish`, sec, {});
  const r = await api('zyzzogeton');
  assert.equal(r.json.total, 1);
  assert.equal(r.json.results[0].state, 'KEN');
});

test('facets count the matches by cycle, region, group and question, and filters combine with the text', async () => {
  const all = await api('marking');
  for (const f of ['cycle', 'region', 'group', 'question']) assert.ok(all.json.facets[f].length > 0, f);
  const byCycle = all.json.facets.cycle.reduce((n, x) => n + x.count, 0);
  assert.equal(byCycle, all.json.total);
  const r = await fetch(srv.base + '/api/v1/search?' + new URLSearchParams({ q: 'marking', cycle: '2024', group: 'AFR' }));
  const j = await r.json();
  assert.ok(j.total > 0 && j.total < all.json.total);
  assert.ok(j.results.every(x => x.cycle === 2024));
  assert.deepEqual(j.facets.cycle.map(x => x.value), ['2024']);
  for (const bad of ['cycle=20x4', 'region=999', 'group=XX', 'question=' + 'q'.repeat(200)])
    assert.equal((await fetch(srv.base + '/api/v1/search?q=marking&' + bad)).status, 400, bad);
  const page = await (await fetch(srv.base + '/search?q=marking&cycle=2024')).text();
  assert.match(page, /aria-current="true">2024</);
});

test('the thematic cross-view: one question across States and cycles, as a page and CSV', async () => {
  const list = await (await fetch(srv.base + '/questions')).text();
  assert.match(list, /href="\/questions\/coord\.nap"/);
  const page = await fetch(srv.base + '/questions/coord.nap');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<th scope="col">2020<\/th>/);
  assert.match(html, />(Yes|No|Developing)</);
  const csv = (await (await fetch(srv.base + '/questions/coord.nap.csv')).text()).replace(/^\uFEFF/, '');
  const [head, ...rows] = csv.trim().split('\r\n');
  assert.equal(head, `state,name,2010,2012,2014,2016,2018,2020,2022,2024,2026,${OPEN_CYCLE}`);   // every cycle whose template asks it (2028 reuses 2026's)
  assert.ok(rows.length > 100);
  assert.ok(rows.every(r => /^[A-Z]{3},/.test(r)));
  assert.equal((await fetch(srv.base + '/questions/nope')).status, 404);
  // a malformed question id is refused by the route's declared parameter: 400, saying what an id looks like
  for (const bad of ['/questions/%22%3Cscript%3E', '/questions/' + 'x'.repeat(300)])
    assert.equal((await fetch(srv.base + bad)).status, 400, bad);
});

test('the answer-value facet: the States that answered No to the national action plan question in 2024', async () => {
  const all = await (await fetch(srv.base + '/api/v1/questions/coord.nap')).json();
  const no24 = await (await fetch(srv.base + '/api/v1/questions/coord.nap?cycle=2024&answer=no')).json();
  assert.ok(no24.count > 0 && no24.count < all.count);
  // the rows are those of the .json download: the answer's short text under each cycle
  assert.ok(no24.states.every(s => s['2024'] === 'No'));
  const expected = all.states.filter(s => s['2024'] === 'No').map(s => s.state);
  assert.deepEqual(no24.states.map(s => s.state), expected);
  const page = await (await fetch(srv.base + '/questions/coord.nap')).text();
  assert.match(page, new RegExp(`answer=no">${expected.length}<`));
  for (const bad of ['cycle=x', 'answer=' + 'a'.repeat(101)])
    assert.equal((await fetch(srv.base + '/api/v1/questions/coord.nap?' + bad)).status, 400, bad);
  assert.equal((await fetch(srv.base + '/api/v1/questions/nope')).status, 404);
});

test('open data: every published report as JSON Lines, and the data dictionary', async () => {
  const lines = (await (await fetch(srv.base + '/data/reports.jsonl')).text()).trim().split('\n').map(l => JSON.parse(l));
  assert.ok(lines.length > 300);
  assert.ok(lines.every(r => r.status === 'published' && r.version >= 1 && typeof r.answers === 'object'));
  const dict = (await (await fetch(srv.base + '/data/dictionary.csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(dict[0], 'cycle,question,number,section,type,text,refs,options,applies_when');
  assert.ok(dict.some(l => l.startsWith('2026,coord.nap,')));
  assert.ok(dict.some(l => l.startsWith('2010,coord.nap,')));   // every template since 2010, once each
  // every cycle with a template, the open 2028 one asking the questions of the 2026 template it reuses
  assert.deepEqual([...new Set(dict.slice(1).map(l => l.slice(0, 4)))], ['2010', '2012', '2014', '2016', '2018', '2020', '2022', '2024', '2026', String(OPEN_CYCLE)]);
  assert.equal((await fetch(srv.base + '/data')).status, 200);
});

test('search results download as CSV, guarded and filtered like the page', async () => {
  const r = await fetch(srv.base + '/search.csv?q=marking&cycle=2024');
  assert.equal(r.status, 200);
  const rows = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(rows[0], 'report,state,cycle,synthetic,question,excerpt');
  assert.ok(rows.length > 10);
  assert.ok(rows.slice(1).every(l => /^\d+,[A-Z]{3},2024,/.test(l)));
  for (const bad of ['', 'q=', 'q=%22', 'q=marking&cycle=x'])
    assert.equal((await fetch(srv.base + '/search.csv?' + bad)).status, 400, bad);
});

test('section and subregion facets add up to the total; section= and a subregion narrow the results', async () => {
  const get = async qs => (await fetch(srv.base + '/api/v1/search?' + qs)).json();
  const all = await get('q=marking');
  const sum = xs => xs.reduce((a, x) => a + x.count, 0);
  assert.equal(sum(all.facets.section), all.total);
  assert.equal(sum(all.facets.cycle), all.total);
  assert.equal(sum(all.facets.region), all.total);
  assert.ok(all.facets.subregion.length > all.facets.region.length);
  assert.ok(all.facets.question.length <= 15);
  const s7 = all.facets.section.find(x => x.value === '7');
  assert.ok(s7 && /^7\. Marking/.test(s7.label));
  const only7 = await get('q=marking&section=7');
  assert.equal(only7.total, s7.count);
  assert.deepEqual(only7.facets.section.map(x => x.value), ['7']);
  for (const h of only7.results) assert.match(h.question, /^iti\./);
  const sub = all.facets.subregion[0];
  const bySub = await get('q=marking&region=' + sub.value);
  assert.equal(bySub.total, sub.count);
  for (const bad of ['section=0', 'section=99', 'section=x', 'section=1%27', 'section=' + '1'.repeat(50)]) {
    const r = await fetch(srv.base + '/api/v1/search?q=marking&' + bad);
    assert.equal(r.status, 400, bad);
  }
  const page = await (await fetch(srv.base + '/search?q=marking')).text();
  assert.match(page, /<h2>Section<\/h2>/);
  assert.match(page, /href="\/search\?q=marking&amp;region=\d{3}"/);
});

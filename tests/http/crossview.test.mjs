// Cross-views: the answer-value facet of search (question=&answer=) and one State across cycles (/states/{ISO3}/changes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, login, OPEN_CYCLE } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const get = path => fetch(srv.base + path);
const search = async params => {
  const r = await get('/api/v1/search?' + new URLSearchParams(params));
  return { status: r.status, json: await r.json() };
};
const CYCLES = [2020, 2022, 2024, 2026];

test('answer facet counts equal the question cross-view counts, cycle by cycle', async () => {
  const xv = await (await get('/api/v1/questions/coord.nap')).json();
  for (const cycle of CYCLES) {
    const r = await search({ question: 'coord.nap', cycle });
    assert.equal(r.status, 200);
    const facet = r.json.facets.answer;
    assert.deepEqual(facet.map(f => f.value), ['yes', 'no', 'developing']);
    assert.deepEqual(facet.map(f => f.label), ['Yes', 'No', 'Developing']);
    for (const f of facet) {
      const expected = xv.states.filter(s => s[cycle] === f.label).length;   // the .json download's rows: short texts
      assert.equal(f.count, expected, `${cycle} ${f.value}`);
      const filtered = await search({ question: 'coord.nap', cycle, answer: f.value });
      assert.equal(filtered.json.total, expected, `${cycle} ${f.value} total`);
      // the facet keeps every value in view while one is chosen
      assert.deepEqual(filtered.json.facets.answer.map(x => x.count), facet.map(x => x.count));
    }
  }
  // the States that answered No in 2024: the same as the cross-view's filter
  const no24 = await search({ question: 'coord.nap', answer: 'no', cycle: 2024 });
  const xno = await (await get('/api/v1/questions/coord.nap?cycle=2024&answer=no')).json();
  assert.deepEqual(no24.json.results.map(r => r.state).sort(), xno.states.map(s => s.state).sort());
  assert.ok(no24.json.results.every(r => r.cycle === 2024 && r.question === 'coord.nap' && r.snippet === 'no'));

  // a multiple choice question: one count per option, with the template's labels
  const mq = 'manuf.marking.content';
  const mxv = await (await get('/api/v1/questions/' + mq)).json();
  const m = await search({ question: mq, cycle: 2024 });
  const serial = m.json.facets.answer.find(f => f.value === 'serial');
  assert.equal(serial.label, 'Serial number');
  assert.equal(serial.count, mxv.states.filter(s => s['2024']?.split('; ').includes('Serial number')).length);
  assert.ok(serial.count > 0);
});

test('the answer filter combines with the text and the other facets, and narrows', async () => {
  const mq = 'manuf.marking.content';
  const text = await search({ q: 'serial', question: mq });
  const both = await search({ q: 'serial', question: mq, answer: 'year' });
  assert.ok(text.json.total > 0);
  assert.ok(both.json.total > 0 && both.json.total < text.json.total, `${both.json.total} < ${text.json.total}`);
  const yearOnly = await search({ question: mq, answer: 'year' });
  assert.ok(both.json.total <= yearOnly.json.total);
  const afr = await search({ question: 'coord.nap', answer: 'yes', group: 'AFR' });
  const all = await search({ question: 'coord.nap', answer: 'yes' });
  assert.ok(afr.json.total > 0 && afr.json.total < all.json.total);
  assert.ok(afr.json.facets.group.every(g => g.value === 'AFR'));
  // the page: the answer facet, the chosen value marked, the States listed without any text
  const page = await get('/search?question=coord.nap&answer=no&cycle=2024');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<h2>Answer<\/h2>/);
  assert.match(html, /answer=no" aria-current="true">No<\/a>/);
  const no24 = await search({ question: 'coord.nap', answer: 'no', cycle: 2024 });
  assert.match(html, new RegExp(`${no24.json.total} answers in published reports`));
  assert.match(html, /name="answer" value="no"/);   // typing words keeps the filters
});

test('answer without question, unknown values and hostile input: a clear 400 or an explained empty result, never a 500', async () => {
  const r = await search({ q: 'marking', answer: 'no' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /question/);
  assert.equal((await search({ answer: 'no' })).status, 400);
  const page = await get('/search?q=marking&answer=no');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /class="notice"[^>]*>[^<]*needs a question/);
  const unknown = await search({ question: 'coord.nap', answer: 'maybe' });
  assert.equal(unknown.status, 200);
  assert.equal(unknown.json.total, 0);
  assert.match(unknown.json.notice, /not one of the answers/);
  assert.ok(unknown.json.facets.answer.length === 3);
  const noq = await search({ question: 'no.such.question', answer: 'no' });
  assert.equal(noq.status, 200);
  assert.equal(noq.json.total, 0);
  assert.match(noq.json.notice, /no such question/);
  const notChoice = await search({ question: 'coord.body.members', answer: 'no' });
  assert.equal(notChoice.json.total, 0);
  assert.ok(notChoice.json.notice);
  const hostile = ["' OR 1=1 --", '"); DROP TABLE report; --', 'no\' UNION SELECT 1', '<script>alert(1)</script>', '%', '\u202e', '$.x', 'a'.repeat(101)];
  for (const a of hostile) {
    const x = await get('/api/v1/search?' + new URLSearchParams({ question: 'coord.nap', answer: a }));
    assert.ok(x.status === 200 || x.status === 400, `${a.slice(0, 20)} -> ${x.status}`);
    const j = await x.json();
    if (x.status === 200) assert.equal(j.total, 0, a); else assert.ok(j.error.message);
    const p = await get('/search?' + new URLSearchParams({ question: 'coord.nap', answer: a }));
    assert.ok(p.status < 500, `page ${a.slice(0, 20)} -> ${p.status}`);
    assert.doesNotMatch(await p.text(), /<script>alert/);
  }
  for (const raw of ['answer=%ff%fe&question=coord.nap', 'answer=no&question=%c3%28', 'answer=' + 'x'.repeat(10240) + '&question=coord.nap',
    'question=' + "'%20OR%201=1--" + '&answer=no', 'question=coord.nap&answer=no&cycle=2024%27']) {
    for (const base of ['/api/v1/search?', '/search?', '/search.csv?']) {
      const x = await get(base + raw);
      assert.ok(x.status >= 200 && x.status < 500, `${base}${raw.slice(0, 40)} -> ${x.status}`);
      if (x.status === 200 && base.startsWith('/api')) assert.equal((await x.json()).total, 0);
    }
  }
  // the CSV download follows the same filters
  const csv = (await (await get('/search.csv?question=coord.nap&answer=no&cycle=2024')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  const no24 = await search({ question: 'coord.nap', answer: 'no', cycle: 2024 });
  assert.equal(csv.length - 1, no24.json.total);
  assert.ok(csv.slice(1).every(l => /^\d+,[A-Z]{3},2024,/.test(l)));
});

// A State with no published report in the demo (the demo's Kenya has its own, see below): publish
// three through an import, with a renamed question, an answer left out (no response, not No) and
// answers that change; its focal point is an account made for the test.
async function reportless() {
  const states = (await (await get('/api/v1/states')).json()).states.filter(x => x.status === 'member').map(x => x.iso3);
  for (const iso3 of states.sort()) {
    const c = await (await get(`/api/v1/states/${iso3}/changes`)).json();
    if (c.cycles.length === 0) return iso3;
  }
  throw new Error('every State has a published report');
}

function importReports(S) {
  const lines = [
    { state: S, cycle: 2020, status: 'published', answers: { 'coord.contact': { name: 'A. Focal', email: 'a@example.org' }, 'coord.body': 'no', 'coord.nap': 'no', 'sdg.seized': { pistols: 10 } } },
    { state: S, cycle: 2022, status: 'published', answers: { 'coord.contact': { name: 'A. Focal', email: 'a@example.org' }, 'coord.nap': 'developing', 'sdg.seized': { pistols: 12 } } },
    { state: S, cycle: 2024, status: 'published', answers: { 'coord.poc': { name: 'A. Focal', email: 'a@example.org' }, 'coord.body': 'yes', 'coord.nap': 'developing', 'sdg1642.seized': { pistols: 12 } } },
  ];
  const file = join(srv.dir, 'reports.jsonl');
  writeFileSync(file, lines.map(l => JSON.stringify(l)).join('\n') + '\n');
  cli(['import', '--db', srv.db, '--file', file]);
}

const row = (j, id) => j.questions.find(q => q.question === id);

test('one State across cycles: published answers side by side, changes marked, renames followed, drafts never shown', async () => {
  assert.equal((await get('/states/XXX/changes')).status, 404);
  assert.equal((await get('/api/v1/states/XXX/changes')).status, 404);
  assert.equal((await get('/api/v1/states/K1/changes')).status, 400);
  assert.equal((await get('/states/%ff/changes')).status, 400);
  assert.equal((await get('/states/KEN/changes?changed=%27')).status, 400);
  // The demo's Kenya: its 2022 and 2024 reports, a few answers changed.
  const ken = await (await get('/api/v1/states/KEN/changes?changed=1')).json();
  assert.deepEqual(ken.cycles.map(c => c.cycle), [2022, 2024]);
  assert.ok(ken.changes > 0 && ken.questions.length > 0);
  const S = await reportless();
  const before = await (await get(`/states/${S}/changes`)).text();
  assert.match(before, /no published report yet/);
  importReports(S);

  // S's focal point starts its 2028 report (the 2026 template) (pre-filled from 2024) and types a distinctive answer: a draft, never shown
  cli(['user', 'add', '--db', srv.db, '--username', 'focal', '--role', 'focal_point', '--state', S], 'focal-point-test-2026\n');
  const { cookie } = await login(srv.base, 'focal', 'focal-point-test-2026');
  assert.ok(cookie);
  const account = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
  const csrf = account.match(/name="csrf" value="([^"]+)"/)[1];
  const call = (m, path, body) => fetch(srv.base + '/api/v1' + path, {
    method: m, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  const started = await call('POST', '/reports', { state: S, cycle: OPEN_CYCLE });
  assert.equal(started.status, 201);
  const { id } = await started.json();
  const report = await (await call('GET', `/reports/${id}`)).json();
  const rev = q => report.revs?.[q] ?? 0;
  const saved = await call('PATCH', `/reports/${id}/answers`, { changes: [
    { question: 'challenges', value: 'Quizzaciously distinctive draft answer', rev: rev('challenges') },
    { question: 'coord.nap', value: 'yes', rev: rev('coord.nap') },
  ] });
  assert.equal(saved.status, 200, await saved.clone().text());

  const api = await (await get(`/api/v1/states/${S}/changes`)).json();
  assert.deepEqual(api.cycles.map(c => c.cycle), [2020, 2022, 2024]);
  assert.ok(api.cycles.every(c => c.version === 1 && c.report > 0));
  assert.doesNotMatch(JSON.stringify(api), /Quizzaciously/);
  const nap = row(api, 'coord.nap');
  assert.deepEqual(nap.answers.map(a => [a.cycle, a.value, a.changed]), [[2020, 'no', false], [2022, 'developing', true], [2024, 'developing', false]]);
  const body = row(api, 'coord.body');   // No, then not answered (its own state, not No), then Yes
  assert.deepEqual(body.answers.map(a => a.status), ['answered', 'no_response', 'answered']);
  assert.equal(body.answers[1].value, undefined);
  assert.deepEqual(body.answers.map(a => a.changed), [false, true, true]);
  const seized = row(api, 'sdg1642.seized');   // renamed from sdg.seized in 2024
  assert.deepEqual(seized.answers.map(a => a.asked_as), [['sdg.seized'], ['sdg.seized'], ['sdg1642.seized']]);
  assert.deepEqual(seized.answers.map(a => a.changed), [false, true, false]);
  const poc = row(api, 'coord.poc');           // split from coord.contact in 2024
  assert.deepEqual(poc.answers.map(a => a.asked_as), [['coord.contact'], ['coord.contact'], ['coord.poc']]);
  assert.ok(poc.answers.every(a => !a.changed));
  const merged = row(api, 'challenges');       // merged in 2026 from two questions
  assert.deepEqual(merged.answers[2].asked_as, ['challenges.obstacles', 'challenges.opportunities']);
  const changedOnly = await (await get(`/api/v1/states/${S}/changes?changed=1`)).json();
  assert.ok(changedOnly.questions.length > 0 && changedOnly.questions.every(q => q.changed));
  assert.ok(changedOnly.questions.length < api.questions.length);
  assert.equal(changedOnly.changes, api.changes);

  const page = await get(`/states/${S}/changes`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.doesNotMatch(html, /Quizzaciously/);
  const heads = [...html.matchAll(/<th scope="col"><a href="\/reports\/\d+">(\d{4})<\/a><\/th>/g)].map(m => Number(m[1]));
  assert.deepEqual(heads.slice(0, 3), [2020, 2022, 2024]);
  assert.ok(!heads.includes(OPEN_CYCLE));
  assert.match(html, /<caption><h2 id="s-1">1\. National coordination<\/h2><\/caption>/);
  assert.match(html, /<th scope="row">1\.4 /);
  assert.match(html, /<td class="changed"><strong class="change">Changed<\/strong> Developing<\/td>/);
  assert.match(html, /<span class="noresp">No response<\/span>/);
  const only = await (await get(`/states/${S}/changes?changed=1`)).text();
  assert.ok(only.length < html.length);
  assert.match(only, /<th scope="row">1\.4 /);
  assert.doesNotMatch(only, /<th scope="row">1\.1\.1 /);
  const profile = await (await get(`/states/${S}`)).text();
  assert.ok(profile.includes(`href="/states/${S}/changes"`));
  const lower = await fetch(srv.base + `/states/${S.toLowerCase()}/changes`, { redirect: 'manual' });
  assert.equal(lower.status, 301);
  assert.equal(lower.headers.get('location'), `/states/${S}/changes`);

  // once the Secretariat publishes it, the 2028 report joins as a column
  await call('POST', `/reports/${id}/submit`);
  const sec = srv.token('unoda');
  const pub = await fetch(srv.base + `/api/v1/reports/${id}/publish`, { method: 'POST', headers: { Authorization: 'Bearer ' + sec, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(pub.status, 200);
  const after = await (await get(`/api/v1/states/${S}/changes`)).json();
  assert.deepEqual(after.cycles.map(c => c.cycle), [2020, 2022, 2024, OPEN_CYCLE]);
  assert.deepEqual(row(after, 'coord.nap').answers.map(a => a.changed), [false, true, false, true]);
  assert.match(JSON.stringify(row(after, 'challenges').answers[3]), /Quizzaciously/);
});

test('the changes page is translated', async () => {
  const fr = await get('/states/KEN/changes?lang=fr');
  assert.equal(fr.status, 200);
  assert.match(await fr.text(), /<html[^>]*lang="fr"/);
});

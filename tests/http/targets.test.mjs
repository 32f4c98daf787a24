// Voluntary targets (issue 12, item 4): the API (201, 422 with every field, 403, 404), the list page
// with its filters and its CSV/XLSX/JSON downloads (the same rows as the API), a target's page with
// its SVG path and data table, the focal point's forms with the error summary, the State page's
// section, and the pre-fill of a new report's coord.targets and coord.targets.details.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './helpers.mjs';

let srv, tokens = {}, kenya;
before(async () => {
  srv = await startServer();
  for (const u of ['unoda', 'kenya', 'france', 'donor']) tokens[u] = srv.token(u);
  kenya = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const auth = u => (u ? { Authorization: 'Bearer ' + tokens[u] } : {});
const get = (path, u) => fetch(srv.base + path, { headers: auth(u), redirect: 'manual' });
const send = (method, path, u, body) => fetch(srv.base + path, {
  method, headers: { ...auth(u), 'Content-Type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const page = async (path, cookie) => {
  const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const csrfOf = html => html.match(/name="csrf" value="([^"]+)"/)[1];
const postForm = async (formPath, action, cookie, fields) => {
  const p = await page(formPath, cookie);
  const body = new URLSearchParams({ csrf: csrfOf(p.html), ...fields });
  const r = await fetch(srv.base + action, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};

const NEW = {
  title: 'Destroy all seized weapons within a year', paragraphs: ['PoA II.16', 'ITI 8a'], indicator: 'Seized weapons destroyed',
  unit: 'per cent', baseline_value: 20, baseline_year: 2022, target_value: 95, target_year: 2029,
};

test('the demo: targets of Kenya, France, Peru and Africa, synthetic, one with progress from published reports', async () => {
  const r = await get('/api/v1/targets');
  assert.equal(r.status, 200);
  const all = await r.json();
  assert.equal(all.count, all.targets.length);
  const states = new Set(all.targets.map(t => t.state).filter(Boolean));
  for (const s of ['KEN', 'FRA', 'PER']) assert.ok(states.has(s), s);
  assert.ok(all.targets.some(t => t.region === '002' && t.state === null));
  assert.ok(all.targets.every(t => t.synthetic === true));
  const reported = all.targets.find(t => t.question);
  assert.ok(reported, 'a target measured by a template question');
  assert.equal(reported.latest_source, 'report');
  const one = await (await get(reported.url.replace('/targets', '/api/v1/targets'))).json();
  const fromReports = one.points.filter(p => p.source === 'report');
  assert.ok(fromReports.length >= 2);
  for (const p of fromReports) {
    // Each point names a published version: the report page shows it.
    const rep = await get(`/api/v1/reports/${p.report}`);
    assert.equal(rep.status, 200);
    assert.ok([2022, 2024].includes(p.year), String(p.year));
  }
});

test('POST /api/v1/targets: 201 for the focal point, 422 with every field, 403 for others', async () => {
  const r = await send('POST', '/api/v1/targets', 'kenya', NEW);
  assert.equal(r.status, 201, await r.clone().text());
  const t = await r.json();
  assert.match(r.headers.get('location'), new RegExp(`/api/v1/targets/${t.id}$`));
  assert.equal(t.state, 'KEN');
  assert.deepEqual(t.paragraphs, ['PoA II.16', 'ITI 8a']);
  assert.equal(t.status, 'active');
  assert.deepEqual(t.points, []);
  const bad = await send('POST', '/api/v1/targets', 'kenya', { title: '', paragraphs: ['Article 5'], baseline_value: 'many',
    target_year: 1990, question: 'no.such.question', extra: 1 });
  assert.equal(bad.status, 422);
  const e = (await bad.json()).error;
  assert.equal(e.status, 422);
  const fields = e.errors.map(x => x.field).sort();
  for (const f of ['title', 'paragraphs', 'indicator', 'baseline_value', 'target_value', 'target_year', 'question', 'extra'])
    assert.ok(fields.includes(f), `${f} in ${fields}`);
  assert.ok(e.errors.every(x => typeof x.message === 'string' && x.message.length > 10));
  // Another State, a region by a focal point, a partner, the Secretariat for a State: refused.
  assert.equal((await send('POST', '/api/v1/targets', 'france', { ...NEW, state: 'KEN' })).status, 403);
  assert.equal((await send('POST', '/api/v1/targets', 'kenya', { ...NEW, region: '002' })).status, 403);
  assert.equal((await send('POST', '/api/v1/targets', 'donor', NEW)).status, 403);
  assert.equal((await send('POST', '/api/v1/targets', 'unoda', { ...NEW, state: 'KEN' })).status, 422);
  assert.equal((await send('POST', '/api/v1/targets', null, NEW)).status, 401);
  assert.equal((await send('POST', '/api/v1/targets', 'kenya', 'not json')).status, 400);
  // The Secretariat records a region's target.
  const reg = await send('POST', '/api/v1/targets', 'unoda', { ...NEW, region: '419', title: 'Regional marking' });
  assert.equal(reg.status, 201);
  assert.equal((await reg.json()).region, '419');
});

test('progress: 201 with the path, 422, 403, 404', async () => {
  const t = await (await send('POST', '/api/v1/targets', 'kenya', { ...NEW, title: 'Progress target' })).json();
  const p = await send('POST', `/api/v1/targets/${t.id}/progress`, 'kenya', { value: 45.5, year: 2025, note: 'Audit' });
  assert.equal(p.status, 201, await p.clone().text());
  const after = await p.json();
  assert.equal(after.points.length, 1);
  assert.deepEqual([after.points[0].value, after.points[0].year, after.points[0].source], [45.5, 2025, 'recorded']);
  const bad = await send('POST', `/api/v1/targets/${t.id}/progress`, 'kenya', { value: 'x' });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).error.errors.map(x => x.field).sort(), ['value', 'year']);
  assert.equal((await send('POST', `/api/v1/targets/${t.id}/progress`, 'france', { value: 1, year: 2025 })).status, 403);
  assert.equal((await send('POST', `/api/v1/targets/${t.id}/progress`, 'unoda', { value: 1, year: 2025 })).status, 403);
  assert.equal((await send('POST', '/api/v1/targets/999999/progress', 'kenya', { value: 1, year: 2025 })).status, 404);
  assert.equal((await get('/api/v1/targets/999999')).status, 404);
  assert.equal((await get('/api/v1/targets/abc')).status, 400);
  // The list's latest value is the new one.
  const list = await (await get('/api/v1/targets?state=KEN')).json();
  const row = list.targets.find(x => x.id === t.id);
  assert.deepEqual([row.latest_value, row.latest_year, row.latest_source], [45.5, 2025, 'recorded']);
  assert.deepEqual([row.status, row.status_name], ['active', 'Active']);
  const fr = await (await get('/api/v1/targets?state=KEN&lang=fr')).json();
  assert.equal(fr.targets.find(x => x.id === t.id).status, 'active', 'the code is the same in every language');
});

test('the list page: filters, and downloads with the same rows as the API', async () => {
  const p = await page('/targets?state=KEN');
  assert.equal(p.status, 200);
  assert.match(p.html, /<h1>Voluntary targets<\/h1>/);
  assert.match(p.html, /synthetic demonstration data/);
  assert.match(p.html, /href="\/targets.csv\?state=KEN"/);
  const api = await (await get('/api/v1/targets?state=KEN')).json();
  const json = await (await get('/targets.json?state=KEN')).json();
  assert.deepEqual(json, api.targets);
  assert.ok(json.length >= 2 && json.every(t => t.state === 'KEN'));
  const csv = await get('/targets.csv?state=KEN');
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines.length, json.length + 1);
  assert.match(lines[0], /^id,title,place,state,region,paragraphs,indicator/);
  const xlsx = await get('/targets.xlsx?state=KEN');
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const africa = await (await get('/api/v1/targets?region=002')).json();
  assert.ok(africa.targets.some(t => t.state === 'KEN') && africa.targets.some(t => t.region === '002'));
  assert.ok(!africa.targets.some(t => ['FRA', 'PER'].includes(t.state)));
  const para = await (await get('/api/v1/targets?paragraph=' + encodeURIComponent('ITI 8a'))).json();
  assert.ok(para.count >= 1 && para.targets.every(t => t.paragraphs.includes('ITI 8a')));
  assert.equal((await get('/targets?region=999')).status, 400);
  assert.equal((await get('/targets?state=XYZ')).status, 404);
  assert.equal((await get('/api/v1/targets?status=gone')).status, 400);
});

test("a target's page: the path as SVG with its title and data table; the State page lists the targets", async () => {
  const all = await (await get('/api/v1/targets?state=KEN')).json();
  const t = all.targets.find(x => x.question);
  const p = await page(t.url);
  assert.equal(p.status, 200);
  assert.match(p.html, /<svg class="chart" role="img"[^>]*aria-labelledby="target-\d+-t target-\d+-d"/);
  assert.match(p.html, /<title id="target-\d+-t">Path to the target: /);
  assert.match(p.html, /<caption id="cap-target-\d+-data">The figure&#39;s data<\/caption>/);
  assert.match(p.html, /as reported in the national report/);
  assert.match(p.html, /Synthetic demonstration data\./);
  assert.ok(!p.html.includes('Record progress'), 'no form for the public');
  const mine = await page(t.url, kenya);
  assert.match(mine.html, /<h2 id="record">Record progress<\/h2>/);
  assert.match(mine.html, /href="\/targets\/\d+\/edit"/);
  const state = await page('/states/KEN');
  assert.match(state.html, /<h2 id="targets">Voluntary targets<\/h2>/);
  assert.ok(state.html.includes(`href="${t.url}"`));
});

test('the forms: a focal point sets a target, errors summarised and kept; records progress', async () => {
  const blank = await postForm('/targets/new', '/targets/new', kenya, { title: '', paragraphs: 'PoA X.99', target_year: 'soon' });
  assert.equal(blank.status, 422);
  assert.match(blank.html, /<title>Error: /);
  assert.match(blank.html, /id="error-summary"/);
  for (const f of ['title', 'paragraphs', 'indicator', 'target_value', 'target_year']) assert.match(blank.html, new RegExp(`href="#f-${f}"`), f);
  assert.match(blank.html, /value="PoA X.99"/, 'the value typed is kept');
  const ok = await postForm('/targets/new', '/targets/new', kenya, { title: 'Form <target>', paragraphs: 'PoA II.4, ITI 8a',
    indicator: 'Plans', unit: 'plans', baseline_value: '1', baseline_year: '2020', target_value: '3', target_year: '2030' });
  assert.equal(ok.status, 303, ok.html.slice(0, 500));
  const id = ok.location.match(/\/targets\/(\d+)\?done=created/)[1];
  const shown = await page(`/targets/${id}`, kenya);
  assert.match(shown.html, /Form &lt;target&gt;/);
  const prog = await postForm(`/targets/${id}`, `/targets/${id}/progress`, kenya, { value: 'two', year: '2025' });
  assert.equal(prog.status, 422);
  assert.match(prog.html, /href="#f-value"/);
  const prog2 = await postForm(`/targets/${id}`, `/targets/${id}/progress`, kenya, { value: '2', year: '2025' });
  assert.equal(prog2.status, 303);
  assert.equal((await (await get(`/api/v1/targets/${id}`)).json()).points[0].value, 2);
  const edit = await postForm(`/targets/${id}/edit`, `/targets/${id}/edit`, kenya, { title: 'Form target', indicator: 'Plans',
    target_value: '4', target_year: '2030', status: 'achieved' });
  assert.equal(edit.status, 303);
  assert.equal((await (await get(`/api/v1/targets/${id}`)).json()).status, 'achieved');
  // The public is sent to sign in; another State's focal point may not change it.
  assert.equal((await page('/targets/new')).status, 303);
  const france = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
  assert.equal((await page(`/targets/${id}/edit`, france)).status, 403);
});

test("a new report is pre-filled from the State's targets", async () => {
  const r = await send('POST', '/api/v1/reports', 'kenya', { state: 'KEN', cycle: 2028 });
  assert.ok(r.status === 200 || r.status === 201, await r.clone().text());
  const drafts = (await (await get('/api/v1/reports?state=KEN&cycle=2028', 'kenya')).json()).reports;
  const id = drafts.find(x => x.status !== 'published').id;
  const rep = await (await get(`/api/v1/reports/${id}?view=working`, 'kenya')).json();
  assert.equal(rep.answers['coord.targets'], 'yes');
  const details = rep.answers['coord.targets.details'];
  assert.match(details, /^- /);
  assert.match(details, /Mark every State-owned small arm and light weapon \(PoA II\.8, ITI 8a\)\. Indicator: /);
  assert.match(details, /Target: 100 per cent by 2030\. Latest: 64 per cent \(2025\)\./);
});

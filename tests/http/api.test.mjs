// The JSON API: reference data, errors, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer } from './helpers.mjs';

let srv, tokens = {};
before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'unoda', 'kenya', 'donor']) tokens[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const get = (path, headers = {}) => fetch(srv.base + path, { headers });
const auth = u => ({ Authorization: 'Bearer ' + tokens[u] });

test('the API list of States holds the same rows as /states.json', async () => {
  for (const q of ['', '?group=AFR', '?region=014&q=ken']) {
    const api = await (await get('/api/v1/states' + q)).json();
    const dl = await (await get('/states.json' + q + (q ? '&' : '?') + 'lang=en')).json();
    assert.deepEqual(api.states, dl, q);
    assert.equal(api.count, dl.length);
  }
});

test('the API lists of organisations and of an organisation\'s members hold the rows of their downloads', async () => {
  const api = await (await get('/api/v1/organisations')).json();
  const dl = await (await get('/organisations.json?lang=en')).json();
  assert.deepEqual(api.organisations, dl);
  assert.equal(api.count, dl.length);
  const ecowas = await (await get('/api/v1/organisations/ECOWAS')).json();
  const members = await (await get('/organisations/ECOWAS.json?lang=en')).json();
  assert.deepEqual(ecowas.states, members);
  assert.deepEqual({ ...ecowas, states: undefined }, { ...dl.find(o => o.code === 'ECOWAS'), states: undefined }, 'the fields of its row');
  assert.equal(ecowas.members, members.length);
  assert.ok(members.some(m => m.state === 'NGA' && m.name === 'Nigeria'));
  // Names in the API stay English whatever the interface language; the download follows the page's.
  const ru = await (await get('/api/v1/organisations/AU?lang=ru', { cookie: 'poaiss_lang=ru' })).json();
  assert.ok(ru.states.some(m => m.state === 'KEN' && m.name === 'Kenya'));
  assert.equal((await get('/api/v1/organisations/' + 'A'.repeat(17))).status, 400);
});

test('the API\'s search results are the rows of /search.json, a page of them', async () => {
  for (const q of ['q=marking', 'q=marking&cycle=2024&group=AFR', 'question=coord.nap&answer=no']) {
    const api = await (await get('/api/v1/search?' + q)).json();
    const dl = await (await get('/search.json?' + q)).json();
    assert.equal(dl.length, Math.min(api.total, 5000), q);
    assert.ok(api.results.length > 0, q);
    const keys = Object.keys(dl[0]);
    assert.deepEqual(api.results.map(r => Object.fromEntries(keys.map(k => [k, r[k]]))), dl.slice(0, api.results.length), q);
    assert.ok(api.results.every(r => r.snippet === r.excerpt && r.url === `/reports/${r.report}#q-${r.question}`), q);
  }
});

test('states: 193 members and 2 observers', async () => {
  const j = await (await get('/api/v1/states')).json();
  assert.equal(j.count, 195);
  assert.equal(j.states.filter(s => s.status === 'member').length, 193);
  assert.deepEqual(j.states.filter(s => s.status === 'observer').map(s => s.iso3).sort(), ['PSE', 'VAT']);
});

test('states filter by subregion, group and organisation', async () => {
  const ea = await (await get('/api/v1/states?region=014')).json();
  assert.ok(ea.states.some(s => s.iso3 === 'KEN'));
  assert.ok(ea.states.every(s => s.subregion === '014' || s.intermediate === '014'));
  const afr = await (await get('/api/v1/states?group=AFR')).json();
  assert.equal(afr.count, 54);
  const ecowas = await (await get('/api/v1/states?org=ECOWAS')).json();
  assert.ok(ecowas.states.some(s => s.iso3 === 'NGA'));
  assert.ok(!ecowas.states.some(s => s.iso3 === 'MLI'));
});

test('bad filters get 400 with a message', async () => {
  for (const q of ['region=999', 'group=XX', 'org=NOPE', 'q=' + 'a'.repeat(200)]) {
    const r = await get('/api/v1/states?' + q);
    assert.equal(r.status, 400, q);
    assert.ok((await r.json()).error.message, q);
  }
});

test('one State: names in six languages, organisations, regions', async () => {
  const r = await get('/api/v1/states/KEN');
  assert.equal(r.status, 200);
  const k = await r.json();
  assert.equal(k.name, 'Kenya');
  assert.equal(k.group.code, 'AFR');
  assert.equal(k.subregion.code, '202');
  assert.deepEqual(Object.keys(k.names).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
  assert.ok(k.organisations.some(o => o.code === 'EAC'));
  assert.ok(Array.isArray(k.reports));
  // The State's reports are the rows of /states/KEN.json, a row per cycle (the API once said null for all).
  const dl = await (await get('/states/KEN.json')).json();
  assert.deepEqual(k.reports.map(r => [r.cycle, r.report, r.version]), dl.map(r => [r.cycle, r.report, r.version]));
  const lower = await get('/api/v1/states/ken');
  assert.equal(lower.status, 200);
});

test('unknown code 404, malformed code 400', async () => {
  assert.equal((await get('/api/v1/states/XYZ')).status, 404);
  assert.equal((await get('/api/v1/states/KENYA')).status, 400);
  assert.equal((await get('/api/v1/states/K3N')).status, 400);
  assert.equal((await get('/api/v1/organisations/NOPE')).status, 404);
});

test('regions, groups, organisations, cycles', async () => {
  const regions = (await (await get('/api/v1/regions')).json()).regions;
  assert.ok(regions.some(r => r.code === '002' && r.level === 1));
  const groups = (await (await get('/api/v1/groups')).json()).groups;
  assert.deepEqual(groups.map(g => g.code).sort(), ['AFR', 'APG', 'EEG', 'GRULAC', 'WEOG']);
  // The organisations are the rows of /organisations.json: members is how many (the member States are in /organisations/{code}).
  const orgs = (await (await get('/api/v1/organisations')).json()).organisations;
  for (const c of ['AU', 'ECOWAS', 'EAC', 'SADC', 'ECCAS', 'IGAD', 'RECSA', 'LAS', 'EU', 'OSCE', 'OAS', 'SICA', 'CARICOM', 'ASEAN', 'PIF'])
    assert.ok(orgs.some(o => o.code === c && o.members > 0), c);
  // On the tests' today (2026-12-06) BMS9 has met: 2026 is closed, and the demo has opened 2028.
  const all = await (await get('/api/v1/cycles')).json();
  assert.equal(all.today, '2026-12-06');
  const cycles = all.cycles;
  const c26 = cycles.find(c => c.year === 2026);
  assert.equal(c26.status, 'closed');
  assert.equal(c26.deadline, '2026-03-31');
  assert.equal(c26.meeting.code, 'BMS9');
  assert.equal(c26.meeting.starts, '2026-06-01');
  const open = cycles.filter(c => c.status === 'open');
  assert.deepEqual(open.map(c => c.year), [2028]);
  assert.equal(all.current, 2028);
  assert.equal(open[0].meeting.code, 'BMS10');
  assert.equal(open[0].template, 2026);
  assert.ok(cycles.filter(c => c.year < 2026).every(c => c.status === 'closed'));
});

test('the PoA, paragraph by paragraph', async () => {
  const d = await (await get('/api/v1/documents/poa')).json();
  assert.equal(d.symbol, 'A/CONF.192/15');
  assert.deepEqual(d.sections.map(s => s.number), ['I', 'II', 'III', 'IV']);
  const p = d.paragraphs.find(x => x.address === 'PoA II.4');
  assert.match(p.text, /national coordination agencies or bodies/);
  assert.equal(d.paragraphs.filter(x => x.section === 'II').length, 41);
});

test('openapi.json describes every route', async () => {
  const o = await (await get('/api/v1/openapi.json')).json();
  assert.equal(o.openapi, '3.1.0');
  assert.equal(o.servers[0].url, '/api/v1');
  // The route table is the truth: `poaiss routes` prints it.  Compare by shape ({} for any parameter).
  const shape = p => p.replace(/\{[^}]*\}/g, '{}');
  const documented = new Set();
  for (const [path, item] of Object.entries(o.paths))
    for (const m of ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'])
      if (item[m]) documented.add(m.toUpperCase() + ' ' + shape(path));
  const routes = cli(['routes']).trim().split('\n').map(l => l.split(' '))
    .filter(([, pattern]) => pattern.startsWith('/api/v1/'))
    .map(([method, pattern]) => method + ' ' + pattern.slice('/api/v1'.length));
  assert.ok(routes.length >= 25, `only ${routes.length} API routes listed`);
  const missing = routes.filter(r => !documented.has(r));
  assert.deepEqual(missing, [], 'API routes without an OpenAPI description');
  // And nothing is described that the server does not route.
  const served = new Set(routes);
  assert.deepEqual([...documented].filter(d => !served.has(d)), [], 'OpenAPI paths the server does not route');
});

test('me: public, token', async () => {
  assert.equal((await (await get('/api/v1/me')).json()).role, 'public');
  const me = await (await get('/api/v1/me', auth('kenya'))).json();
  assert.equal(me.role, 'focal_point');
  assert.equal(me.state, 'KEN');
  assert.equal(me.via, 'token');
});

test('a bad bearer token is refused, never treated as public', async () => {
  for (const h of ['Bearer nope', 'Bearer poa_' + 'A'.repeat(43), 'Basic YWRtaW46eA==', 'Bearer ']) {
    const r = await get('/api/v1/states', { Authorization: h });
    assert.equal(r.status, 401, h);
  }
});

test('audit log: Secretariat and admin only', async () => {
  assert.equal((await get('/api/v1/audit')).status, 401);
  assert.equal((await get('/api/v1/audit', auth('kenya'))).status, 403);
  assert.equal((await get('/api/v1/audit', auth('donor'))).status, 403);
  const r = await get('/api/v1/audit?limit=1000', auth('unoda'));   // the demo's procedure writes ~550 entries after the accounts
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.ok(j.entries.some(e => e.action === 'user.add'));
  assert.ok(j.entries.some(e => e.action === 'token.create'));
  assert.equal((await get('/api/v1/audit?limit=0', auth('unoda'))).status, 400);
  assert.equal((await get('/api/v1/audit?limit=x', auth('admin'))).status, 400);
});

test('adding accounts: admin only, validated, audited', async () => {
  const post = (body, who, type = 'application/json') => fetch(srv.base + '/api/v1/users', {
    method: 'POST', headers: { 'Content-Type': type, ...(who ? auth(who) : {}) }, body,
  });
  const good = JSON.stringify({ username: 'ghana', name: 'Focal point, Ghana', role: 'focal_point', state: 'GHA', password: 'correct horse battery' });
  assert.equal((await post(good)).status, 401);
  assert.equal((await post(good, 'unoda')).status, 403);
  assert.equal((await post(good, 'kenya')).status, 403);
  assert.equal((await post(good, 'admin', 'text/plain')).status, 415);
  for (const bad of ['{', '[]', '{"username": 1}', '{"a":1,"a":2}', '\xff\xfe', '']) {
    const r = await post(bad, 'admin');
    assert.equal(r.status, 400, bad);
    assert.ok((await r.json()).error.message);
  }
  const invalid = [
    { username: 'x y', role: 'admin', password: 'long enough password' },
    { username: 'ok1', role: 'king', password: 'long enough password' },
    { username: 'ok2', role: 'focal_point', state: 'XYZ', password: 'long enough password' },
    { username: 'ok3', role: 'focal_point', password: 'long enough password' },
    { username: 'ok4', role: 'partner', password: 'long enough password' },
    { username: 'ok5', role: 'admin', password: 'short' },
  ];
  for (const b of invalid) assert.equal((await post(JSON.stringify(b), 'admin')).status, 422, JSON.stringify(b));
  const r = await post(good, 'admin');
  assert.equal(r.status, 201);
  assert.equal((await r.json()).username, 'ghana');
  assert.equal((await post(good, 'admin')).status, 409);
  const audit = await (await get('/api/v1/audit', auth('admin'))).json();
  assert.ok(audit.entries.some(e => e.action === 'user.add' && e.actor === 'admin' && e.detail.username === 'ghana'));
});

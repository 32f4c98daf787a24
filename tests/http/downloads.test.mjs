// Downloads: every public list as CSV, XLSX and JSON, with the page's filters; only published data;
// hostile parameters are refused or give nothing; formula-like cells are neutralised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, OPEN_CYCLE, startBlank } from './helpers.mjs';

let srv, tok = {};
before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'unoda']) tok[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// RFC 4180: rows of fields, quotes doubled inside quoted fields.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function get(path, headers = {}) {
  const r = await fetch(srv.base + path, { headers, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type') || '', disp: r.headers.get('content-disposition') || '',
    bytes: Buffer.from(await r.arrayBuffer()) };
}

async function csv(path, headers) {
  const r = await get(path, headers);
  assert.equal(r.status, 200, path);
  assert.match(r.type, /^text\/csv; charset=utf-8/, path);
  assert.match(r.disp, /^attachment; filename="poaiss-[\w.-]+\.csv"$/, path);
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], path);
  const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
  return { head: rows[0], rows: rows.slice(1), text: r.bytes.subarray(3).toString('utf8') };
}

async function json(path, headers) {
  const r = await get(path, headers);
  assert.equal(r.status, 200, path);
  assert.match(r.type, /^application\/json/, path);
  assert.match(r.disp, /^attachment; filename="poaiss-[\w.-]+\.json"$/, path);
  const text = r.bytes.toString('utf8');
  assert.doesNotMatch(text, /[<>]/, path);   // markup characters are \u-escaped
  return JSON.parse(text);
}

// The XLSX's parts, unzipped with unzip(1): sheet and shared strings.
async function xlsx(path, headers) {
  const r = await get(path, headers);
  assert.equal(r.status, 200, path);
  assert.equal(r.type, XLSX, path);
  assert.match(r.disp, /^attachment; filename="poaiss-[\w.-]+\.xlsx"$/, path);
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', path);
  const file = join(srv.dir, 'download.xlsx');
  writeFileSync(file, r.bytes);
  const part = name => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' });
  return { strings: part('xl/sharedStrings.xml'), sheet: part('xl/worksheets/sheet1.xml') };
}

// Every part of a workbook, as one text.
function unzipAll(bytes) {
  const file = join(srv.dir, 'all.xlsx');
  writeFileSync(file, bytes);
  return execFileSync('unzip', ['-p', file], { encoding: 'utf8' });
}

// Every list: the three formats agree on the rows.
const LISTS = [
  ['/states', 'iso3', 195], ['/states?group=AFR', 'iso3', 54], ['/organisations', 'code', 5], ['/organisations/ECOWAS', 'state', 10], ['/cycles', 'cycle', 10],
  ['/cycles/2024', 'cycle', 195], ['/states/AFG', 'cycle', 10], ['/search?q=marking', 'report', 10],
  ['/questions/coord.nap', 'state', 100],
];

test('every list downloads as CSV, XLSX and JSON with the same rows', async () => {
  for (const [page, firstCol, atLeast] of LISTS) {
    const [path, qs] = page.split('?');
    const suffix = ext => path + ext + (qs ? '?' + qs : '');
    const c = await csv(suffix('.csv'));
    assert.equal(c.head[0], firstCol, page);
    assert.ok(c.rows.length >= atLeast, `${page}: ${c.rows.length} rows`);
    assert.ok(c.rows.every(r => r.length === c.head.length), `${page}: every row has ${c.head.length} fields`);
    const j = await json(suffix('.json'));
    assert.ok(Array.isArray(j), page);
    assert.equal(j.length, c.rows.length, page);
    assert.deepEqual(Object.keys(j[0]).sort(), [...c.head].sort(), page);   // (JavaScript puts keys like "2024" first)
    assert.equal(String(j[0][firstCol]), c.rows[0][0], page);
    const x = await xlsx(suffix('.xlsx'));
    assert.match(x.sheet, /<pane [^>]*state="frozen"/, page);
    assert.match(x.sheet, /<autoFilter /, page);
    assert.match(x.sheet, new RegExp(`<dimension ref="A1:[A-Z]+${c.rows.length + 1}"/>`), page);
    // The page links to its downloads, with its query string.
    const html = await (await fetch(srv.base + page)).text();
    for (const ext of ['.csv', '.xlsx', '.json'])
      assert.ok(html.includes(`href="${suffix(ext).replace(/&/g, '&amp;')}"`), `${page} links ${ext}`);
  }
});

test('the contents: names in the shared strings, numbers as numbers, the page\'s filters applied', async () => {
  const states = await csv('/states.csv?group=AFR');
  assert.deepEqual(states.head, ['iso3', 'iso2', 'm49', 'name', 'status', 'region', 'region_name', 'subregion', 'subregion_name',
    'intermediate', 'intermediate_name', 'group', 'group_name', 'url']);
  assert.ok(states.rows.every(r => r[11] === 'AFR'));
  assert.ok(states.rows.some(r => r[0] === 'KEN' && r[3] === 'Kenya'));
  const page = await (await fetch(srv.base + '/states?group=AFR')).text();
  assert.ok(page.includes(`>${states.rows.length} States · `), 'the page counts as many');
  const x = await xlsx('/states.xlsx?group=AFR');
  for (const s of ['Kenya', 'African Group', 'Regional group']) assert.ok(x.strings.includes(`<t>${s}</t>`), s);
  assert.ok(!x.strings.includes('<t>France</t>'));
  const fr = await json('/states.json?region=155&lang=fr');
  assert.ok(fr.some(s => s.iso3 === 'DEU' && s.name === 'Allemagne'));
  assert.ok(fr.every(s => s.region === '150'));

  const orgs = await json('/organisations.json');
  const ecowas = orgs.find(o => o.code === 'ECOWAS');
  assert.equal(typeof ecowas.members, 'number');
  assert.ok(ecowas.members > 10);
  const cycles = await json('/cycles.json');
  assert.ok(cycles.some(c => c.cycle === 2026 && c.status === 'closed' && c.status_label === 'Closed'));
  assert.ok(cycles.some(c => c.cycle === OPEN_CYCLE && c.status === 'open' && c.template === 2026 && c.meeting_code === 'BMS10'));
  const cx = await xlsx('/cycles.xlsx');
  assert.match(cx.sheet, /<c r="A2"[^>]*><v>20\d\d<\/v><\/c>/);   // a number cell, not a string

  // One cycle: who has reported, by region; the count agrees with the page.
  const status = await json('/cycles/2024.json');
  const reported = status.filter(s => s.reported);
  assert.ok(reported.length > 0 && reported.every(s => typeof s.report === 'number'));
  assert.ok(status.filter(s => !s.reported).every(s => s.report === null));
  const cyclePage = await (await fetch(srv.base + '/cycles/2024')).text();
  assert.ok(cyclePage.includes(`${reported.length} States have published`), 'the page counts as many');
  const regions = status.map(s => s.region);
  assert.deepEqual(regions, [...regions].sort((a, b) => regions.indexOf(a) - regions.indexOf(b)), 'grouped by region');

  // Search: the page's filters, all results (not one page), up to the cap.
  const api = await (await fetch(srv.base + '/api/v1/search?q=marking&cycle=2024')).json();
  const hits = await json('/search.json?q=marking&cycle=2024');
  assert.equal(hits.length, Math.min(api.total, 5000));
  assert.ok(hits.length > 20, 'more than one page');
  assert.ok(hits.every(h => h.cycle === 2024 && typeof h.report === 'number'));
  const sx = await xlsx('/search.xlsx?q=marking&cycle=2024&group=AFR');
  assert.ok(sx.strings.includes('<t>Excerpt</t>'));

  // The cross-view, filtered by an answer in a cycle.
  const no = await csv('/questions/coord.nap.csv?cycle=2024&answer=no');
  assert.deepEqual(no.head, ['state', 'name', '2010', '2012', '2014', '2016', '2018', '2020', '2022', '2024', '2026', String(OPEN_CYCLE)]);
  const c24 = no.head.indexOf('2024');
  assert.ok(no.rows.length > 0 && no.rows.every(r => r[c24] === 'No'));
  const qx = await xlsx('/questions/coord.nap.xlsx?cycle=2024&answer=no');
  assert.ok(qx.strings.includes(`<t>${no.rows[0][1]}</t>`));
  const qj = await json('/questions/coord.nap.json?cycle=2024&answer=no');
  assert.equal(qj.length, no.rows.length);

  // A State's reports: one row per cycle, the published ones linked.
  const afg = await json('/states/AFG.json');
  assert.ok(afg.some(r => typeof r.report === 'number' && r.url === `/reports/${r.report}` && r.version >= 1));
  const lower = await get('/states/afg.csv');
  assert.equal(lower.status, 301);
});

test('hostile parameters: a 4xx or nothing, never a 500', async () => {
  const cases = [
    ['/states/' + 'K'.repeat(300) + '.xlsx', 400], ['/search.json?q=' + 'x'.repeat(1001), 400],
    ...Object.entries({
    '/states.csv?region=999': 400, '/states.json?group=XX': 400, '/states.xlsx?org=NOPE': 400,
    '/states/ZZZ.json': 404, '/states/KENYA.csv': 400, '/states/.csv': 400,
    '/cycles/abcd.csv': 400, '/cycles/.json': 400, '/cycles/2024x.xlsx': 400, '/cycles/99999.csv': 400,
    '/organisations/NOPE.csv': 404, '/organisations/ABCDEFGHIJKLMNOPQ.json': 400,
    '/questions/nope.xlsx': 404, '/questions/.json': 404, '/questions/coord.nap.json?cycle=x': 400,
    '/search.xlsx': 400, '/search.json?q=': 400, '/search.csv?q=%22': 400, '/search.xlsx?q=marking&cycle=x': 400,
    '/states.pdf': 404, '/organisations.xml': 404,
    })];
  for (const [path, want] of cases) assert.equal((await get(path)).status, want, path);
  for (const path of ['/states.csv?q=%3Cscript%3E', '/states.json?q=%27%3B%20DROP%20TABLE%20state%3B--',
    '/states.xlsx?q=' + encodeURIComponent('😀中文'), '/search.json?q=' + encodeURIComponent('<script>alert(1)</script>'),
    '/search.xlsx?q=NEAR(a%20b', '/questions/coord.nap.csv?answer=' + encodeURIComponent('<b>')]) {
    const r = await get(path);
    assert.ok(r.status === 200 || r.status === 400, `${path} -> ${r.status}`);
    if (r.status === 200 && path.includes('.json')) assert.doesNotMatch(r.bytes.toString('utf8'), /<script/);
  }
  assert.deepEqual(await json('/states.json?q=%3Cscript%3E'), []);
  assert.equal((await csv('/states.csv?q=%3Cscript%3E')).rows.length, 0);
});

test('drafts never appear in a download; a publication does, with formula-like text neutralised', async () => {
  const call = (m, path, who, body) => fetch(srv.base + '/api/v1' + path, { method: m,
    headers: { Authorization: 'Bearer ' + tok[who], 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) }).then(r => r.json());
  const id = await startBlank(srv.base, tok.kenya, 'KEN');   // not pre-filled: the answers below are the first
  const secret = 'Plughdraftonly';
  const formula = '=HYPERLINK("http://evil.example","Quuxpublished")';
  const saved = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [
    { question: 'challenges', value: `${secret} inventory backlog`, rev: 0 },
    { question: 'coord.poc', value: { name: 'P', email: 'p@example.org' }, rev: 0 },
  ] });
  const rev = saved.answers.find(a => a.question === 'challenges').rev;
  const everywhere = ['/states.csv', '/states/KEN.csv', '/states/KEN.json', '/states/KEN.xlsx', `/cycles/${OPEN_CYCLE}.csv`,
    `/cycles/${OPEN_CYCLE}.json`, `/search.csv?q=${secret}`, `/search.json?q=${secret}`, '/questions/challenges.csv',
    '/questions/challenges.json', '/questions/challenges.xlsx'];
  const check = async (headers, who) => {
    for (const path of everywhere) {
      const r = await get(path, headers);
      assert.ok([200, 400].includes(r.status), `${who} ${path} ${r.status}`);
      const text = path.endsWith('.xlsx') ? unzipAll(r.bytes) : r.bytes.toString('utf8');
      assert.ok(!text.includes(secret), `${who} ${path} holds the draft's text`);
    }
    const ken = await json('/states/KEN.json', headers);
    assert.equal(ken.find(r => r.cycle === OPEN_CYCLE).report, null, `${who}: the draft is not listed`);
    assert.equal((await json(`/cycles/${OPEN_CYCLE}.json`, headers)).find(s => s.state === 'KEN').reported, false, who);
  };
  await check({}, 'public');
  await check({ Authorization: 'Bearer ' + tok.kenya }, 'kenya');   // not even for the State itself: downloads are public data

  // Publish with a formula-like answer: it shows up, guarded in CSV, as plain text elsewhere.
  await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: formula, rev }] });
  await call('POST', `/reports/${id}/submit`, 'kenya');
  await call('POST', `/reports/${id}/publish`, 'unoda', {});
  const found = await csv('/search.csv?q=Quuxpublished');
  assert.equal(found.rows.length, 1);
  assert.ok(found.rows[0][5].startsWith("'="), found.rows[0][5]);
  assert.ok(found.text.includes(`"'=HYPERLINK(""http://evil.example""`));
  const cross = await csv('/questions/challenges.csv');
  assert.deepEqual(cross.head, ['state', 'name', '2026', String(OPEN_CYCLE)]);   // asked only since 2026 (2028 reuses its template)
  const kenRow = cross.rows.find(r => r[0] === 'KEN');
  assert.ok(kenRow[3].startsWith("'="), kenRow[3]);
  assert.equal((await json('/search.json?q=Quuxpublished'))[0].excerpt.startsWith('='), true);   // JSON keeps the value
  const x = await xlsx('/search.xlsx?q=Quuxpublished');
  assert.ok(!/<f>/.test(x.sheet), 'no formula cell');
  assert.ok(x.strings.includes('=HYPERLINK(&quot;http://evil.example&quot;') || x.strings.includes('=HYPERLINK("http://evil.example"'));
  const ken = await json('/states/KEN.json');
  assert.equal(ken.find(r => r.cycle === OPEN_CYCLE).report, id);
  assert.equal((await json(`/cycles/${OPEN_CYCLE}.json`)).find(s => s.state === 'KEN').reported, true);
  assert.ok(!(await get(`/search.csv?q=${secret}`)).bytes.toString('utf8').includes(secret));
});

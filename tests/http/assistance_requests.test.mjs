// Requests for assistance, what issue 10 left (the assist10 part): a published report's needs on the
// board, its JSON and the API, and a second version updating them without duplicates; the proposal
// file of a request filed outside a report (form and API, public download); the cycle a filed request
// belongs to; the lang attribute of request texts; no answer to an interest in a request that is no
// longer open (409); a focal point naming its own State in lower case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, OPEN_CYCLE } from './helpers.mjs';

let srv, t = {}, kenya;
const A = '/api/v1/assistance';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'france', 'unoda', 'donor']) t[u] = srv.token(u);
  kenya = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const api = async (method, path, who, body, headers = {}) => {
  const h = { ...(who ? { Authorization: 'Bearer ' + t[who] } : {}), ...headers };
  if (body !== undefined && !Buffer.isBuffer(body)) h['Content-Type'] = 'application/json';
  const r = await fetch(srv.base + path, { method, headers: h, body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, headers: r.headers };
};
const page = async (path, cookie) => {
  const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const rowIds = html => [...html.matchAll(/<th scope="row"><a href="\/assistance\/requests\/(\d+)">/g)].map(m => Number(m[1]));
// Post a multipart form as a browser would (the CSRF token from the form's page); file: { name, bytes } or none.
const postMultipart = async (formPath, action, fields, file) => {
  const csrf = (await page(formPath, kenya)).html.match(/name="csrf" value="([^"]+)"/)[1];
  const fd = new FormData();
  fd.append('csrf', csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) fd.append(k, x);
  if (file) fd.append('proposal', new Blob([file.bytes]), file.name);
  else fd.append('proposal', new Blob([]), '');   // an empty chooser, as browsers send it
  const r = await fetch(srv.base + action, { method: 'POST', redirect: 'manual', headers: { Cookie: kenya }, body: fd });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};

// ---- item 2: a published report's needs, and a second version ----

let reportId, reportLang;
test("a published report's needs become requests on the board, its JSON and the API; a second version updates them, never duplicates", async () => {
  reportId = (await api('POST', '/api/v1/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE })).json.id;
  const start = (await api('GET', `/api/v1/reports/${reportId}`, 'kenya')).json;
  reportLang = start.language;
  const poc = { title: 'Mr', name: 'A. Focal', organisation: 'Kenya National Focus Point', email: 'poc@example.org' };
  const needs1 = [
    { category: 'stockpile', kind: 'training', description: 'PUBTEST armoury training. In four regions.', estimated_cost_usd: 90000, in_plan: 'yes' },
    { category: 'tracing', kind: 'equipment', description: 'PUBTEST tracing kits for the police.' },
  ];
  const publish = async (needs, note) => {
    const answers = { ...start.answers, 'coord.poc': poc, 'assist.needs.any': 'yes', 'assist.needs': needs };
    const imp = await api('POST', `/api/v1/reports/${reportId}/import`, 'kenya', { answers });
    assert.equal(imp.status, 200, imp.text);
    const chk = await api('GET', `/api/v1/reports/${reportId}/check`, 'kenya');
    assert.equal(chk.json.ready, true, JSON.stringify(chk.json.errors));
    assert.equal((await api('POST', `/api/v1/reports/${reportId}/submit`, 'kenya')).status, 200);
    const pub = await api('POST', `/api/v1/reports/${reportId}/publish`, 'unoda', { note });
    assert.equal(pub.status, 200, pub.text);
  };
  // Before publication: nothing.
  const fromReport = async () => (await api('GET', `${A}/requests?state=KEN`)).json.requests.filter(r => r.source && r.source.report === reportId);
  await publish(needs1, 'v1');
  let mine = await fromReport();
  assert.equal(mine.length, 2);
  assert.deepEqual(mine.map(r => r.source.row).sort(), [0, 1]);
  for (const r of mine) {
    assert.equal(r.state, 'KEN');
    assert.equal(r.cycle, OPEN_CYCLE);
    assert.equal(r.status, 'open');
    assert.equal(r.source.question, 'assist.needs');
    assert.equal(r.lang, reportLang, 'a report row is in its report\'s language');
  }
  const row0 = mine.find(r => r.source.row === 0), row1 = mine.find(r => r.source.row === 1);
  assert.match(row0.description, /PUBTEST armoury training/);
  assert.equal(row0.estimated_cost, 90000);
  assert.equal(row0.in_plan, true);
  // The same rows on the public board, its JSON download, and one request's page.
  const board = await page(`/assistance?state=KEN&cycle=${OPEN_CYCLE}`);
  assert.equal(board.status, 200);
  assert.ok(rowIds(board.html).includes(row0.id) && rowIds(board.html).includes(row1.id));
  const js = await (await fetch(`${srv.base}/assistance.json?state=KEN`)).json();
  assert.deepEqual(js.filter(r => r.report === reportId).map(r => r.id).sort(), [row0.id, row1.id].sort());
  const one = await page(`/assistance/requests/${row0.id}`);
  assert.match(one.html, new RegExp(`<h1 lang="${reportLang}" dir="auto">`));
  assert.match(one.html, new RegExp(`href="/reports/${reportId}\\?version=1"`));

  // A correction: row 0 changed, row 1 gone.  The same request is updated; the other is withdrawn; none is added.
  assert.equal((await api('POST', `/api/v1/reports/${reportId}/reopen`, 'kenya')).status, 200);
  await publish([{ ...needs1[0], description: 'PUBTEST armoury training. Now in five regions.', estimated_cost_usd: 110000 }], 'v2');
  mine = await fromReport();
  assert.equal(mine.length, 2, 'no duplicate');
  assert.equal(new Set(mine.map(r => r.id)).size, 2);
  const again0 = mine.find(r => r.id === row0.id), again1 = mine.find(r => r.id === row1.id);
  assert.ok(again0 && again1, 'the same requests');
  assert.match(again0.description, /Now in five regions/);
  assert.equal(again0.estimated_cost, 110000);
  assert.equal(again0.title, row0.title, 'the title stays');
  assert.equal(again0.status, 'open');
  assert.equal(again1.status, 'withdrawn');
  const one2 = await page(`/assistance/requests/${row0.id}`);
  assert.match(one2.html, new RegExp(`href="/reports/${reportId}\\?version=2"`));
  const board2 = rowIds((await page('/assistance?state=KEN')).html);
  assert.ok(board2.includes(row0.id));
  assert.ok(!board2.includes(row1.id), 'a withdrawn request is off the board');
  assert.equal(board2.filter(id => id === row0.id).length, 1);
  const js2 = await (await fetch(`${srv.base}/assistance.json?state=KEN`)).json();
  assert.deepEqual(js2.filter(r => r.report === reportId).map(r => r.id), [row0.id]);
  // The report's request carries no proposal of its own: the API refuses one.
  const refused = await api('POST', `${A}/requests/${row0.id}/proposal?name=p.pdf`, 'kenya', PDF);
  assert.equal(refused.status, 422);
  assert.equal(refused.json.error.errors[0].field, 'proposal');
});

// ---- items 3, 4 and 6: filing in lower case, the cycle, the language ----

let filed;
test('a focal point names its own State in lower case; the request gets the open cycle and its language', async () => {
  const r = await api('POST', `${A}/requests`, 'kenya', { state: 'ken', category: 'stockpile', kind: 'financial', title: 'Lower-case filing', lang: 'ar', languages: ['en'] });
  assert.equal(r.status, 201, r.text);
  filed = r.json;
  assert.equal(filed.state, 'KEN');
  assert.equal(filed.cycle, OPEN_CYCLE, 'the cycle open for reporting');
  assert.equal(filed.lang, 'ar');
  assert.equal((await api('POST', `${A}/requests`, 'kenya', { state: 'fra', category: 'stockpile', kind: 'financial', title: 'x' })).status, 403);
  const bad = await api('PATCH', `${A}/requests/${filed.id}`, 'kenya', { lang: 'Arabic' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.errors[0].field, 'lang');
  // Unsaid: the first language the State works in.
  const r2 = await api('POST', `${A}/requests`, 'kenya', { category: 'stockpile', kind: 'financial', title: 'Unsaid language', languages: ['fr', 'en'] });
  assert.equal(r2.json.lang, 'fr');
  // The board's Cycle facet finds it; its page says so, and marks its texts' language.
  assert.ok((await api('GET', `${A}/requests?cycle=${OPEN_CYCLE}&state=KEN`)).json.requests.some(q => q.id === filed.id));
  const board = await page(`/assistance?cycle=${OPEN_CYCLE}`);
  assert.ok(rowIds(board.html).includes(filed.id));
  const p = await page(`/assistance/requests/${filed.id}`);
  assert.match(p.html, new RegExp(`reporting cycle ${OPEN_CYCLE}`));
  assert.match(p.html, /<h1 lang="ar" dir="auto">Lower-case filing<\/h1>/);
});

// ---- item 1: the proposal file ----

test('the form carries a proposal file: a refused one is a field error with the values kept; a good one is public', async () => {
  const form = await page('/assistance/requests/new', kenya);
  assert.match(form.html, /enctype="multipart\/form-data"/);
  assert.match(form.html, /<input type="file" id="f-proposal" name="proposal" accept="application\/pdf,[^"]*" aria-describedby="f-proposal-hint">/);
  assert.match(form.html, /<option value="en" lang="en" selected>/, 'the language of the texts: the page\'s');
  const fields = { category: 'stockpile', kind: 'training', title: 'With a proposal <b>', languages: ['en', 'fr'], lang: 'fr' };
  const bad = await postMultipart('/assistance/requests/new', '/assistance/requests/new', fields, { name: 'photo.png', bytes: PNG });
  assert.equal(bad.status, 422);
  assert.match(bad.html, /href="#f-proposal"/);
  assert.match(bad.html, /not accepted as a proposal/);
  assert.match(bad.html, /value="With a proposal &lt;b&gt;"/, 'the typed values are kept');
  assert.match(bad.html, /<option value="fr" lang="fr" selected>/);
  const ok = await postMultipart('/assistance/requests/new', '/assistance/requests/new', fields, { name: '../secret/plan "v1".pdf', bytes: PDF });
  assert.equal(ok.status, 303, ok.html);
  const id = Number(ok.location.match(/\/assistance\/requests\/(\d+)/)[1]);
  const q = (await api('GET', `${A}/requests/${id}`)).json;
  assert.equal(q.lang, 'fr');
  assert.equal(q.proposal.type, 'application/pdf');
  assert.equal(q.proposal.bytes, PDF.length);
  assert.equal(q.proposal.url, `/assistance/requests/${id}/proposal`);
  assert.ok(!q.proposal.name.includes('/'), 'the name is cleaned');
  const p = await page(`/assistance/requests/${id}`);
  assert.match(p.html, new RegExp(`<a href="/assistance/requests/${id}/proposal">`));
  // Anyone downloads it.
  const d = await fetch(`${srv.base}/assistance/requests/${id}/proposal`);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="/);
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(PDF));
  // Saved again without a file: kept.  With the remove box: gone.
  const edit = `/assistance/requests/${id}/edit`;
  const e = await page(edit, kenya);
  assert.match(e.html, /name="proposal:remove"/);
  assert.match(e.html, new RegExp(`href="/assistance/requests/${id}/proposal" download>`));
  let r = await postMultipart(edit, edit, { ...fields, title: 'Kept file', status: 'open' });
  assert.equal(r.status, 303);
  assert.equal((await api('GET', `${A}/requests/${id}`)).json.proposal.sha256, q.proposal.sha256);
  r = await postMultipart(edit, edit, { ...fields, status: 'open', 'proposal:remove': '1' });
  assert.equal(r.status, 303);
  assert.equal((await api('GET', `${A}/requests/${id}`)).json.proposal, null);
  assert.equal((await fetch(`${srv.base}/assistance/requests/${id}/proposal`)).status, 404);
});

test('the API puts and removes the proposal file; only the State and the Secretariat; a refused file is a 422', async () => {
  const path = `${A}/requests/${filed.id}/proposal`;
  let r = await api('POST', path + '?name=plan.pdf', 'kenya', PDF, { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.proposal.name, 'plan.pdf');
  assert.equal(r.json.proposal.url, `/assistance/requests/${filed.id}/proposal`);
  assert.equal((await fetch(srv.base + r.json.proposal.url)).status, 200);
  assert.equal((await api('POST', path + '?name=x.pdf', 'france', PDF)).status, 403);
  assert.equal((await api('POST', path + '?name=x.pdf', 'donor', PDF)).status, 403);
  assert.equal((await api('POST', path + '?name=x.pdf', null, PDF)).status, 401);
  r = await api('POST', path + '?name=x.png', 'unoda', PNG);
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.error.errors.map(x => x.field), ['proposal']);
  r = await api('POST', path, 'kenya', Buffer.alloc(0));
  assert.equal(r.status, 422);
  assert.equal((await api('POST', `${A}/requests/999999/proposal?name=x.pdf`, 'kenya', PDF)).status, 404);
  r = await api('DELETE', path, 'unoda');
  assert.equal(r.status, 200);
  assert.equal(r.json.proposal, null);
  assert.equal((await fetch(`${srv.base}/assistance/requests/${filed.id}/proposal`)).status, 404);
  const doc = (await api('GET', '/api/v1/openapi.json')).json;
  assert.ok(doc.paths['/assistance/requests/{id}/proposal'].post && doc.paths['/assistance/requests/{id}/proposal'].delete);
});

// ---- item 5: no answer to an interest in a request no longer open ----

test('accepting or declining an interest in a withdrawn request is refused with 409', async () => {
  const mark = await api('POST', `${A}/requests/${filed.id}/interest`, 'donor', { note: 'We can help' });
  assert.equal(mark.status, 200);
  const partner = mark.json.interested[0].partner;
  assert.equal((await api('PATCH', `${A}/requests/${filed.id}`, 'kenya', { status: 'withdrawn' })).status, 200);
  for (const act of ['accept', 'decline']) {
    const r = await api('POST', `${A}/requests/${filed.id}/interest/${partner}/${act}`, 'kenya');
    assert.equal(r.status, 409, act);
    assert.match(r.json.error.message, /closed or withdrawn/);
  }
  // the State cannot reopen it (an edit only withdraws); the Secretariat reopens it through the procedure
  assert.equal((await api('PATCH', `${A}/requests/${filed.id}`, 'kenya', { status: 'open' })).status, 422);
  const reopen = await api('POST', `${A}/requests/${filed.id}/stage`, 'unoda', { stage: 'received', note: 'Reopened' });
  assert.equal(reopen.status, 200);
  assert.equal(reopen.json.stage, 'received');
  assert.equal((await api('POST', `${A}/requests/${filed.id}/interest/${partner}/accept`, 'kenya')).status, 200);
});

// ---- hostile text: characters XML cannot hold, bidi overrides ----

test('a title holding a character XML forbids (U+FFFF, U+FFFE, a C0 control) is refused with a field error, never stored', async () => {
  for (const title of ['Need \uffff here', 'Need \ufffe here', 'Need \u0001 here']) {
    const r = await api('POST', `${A}/requests`, 'kenya', { category: 'stockpile', kind: 'financial', title });
    assert.equal(r.status, 422, `${JSON.stringify(title)}: ${r.text}`);
    assert.equal(r.json.error.errors[0].field, 'title');
    assert.ok(r.json.error.errors[0].message.length > 0);
  }
  const ok = await api('POST', `${A}/requests`, 'kenya', { category: 'stockpile', kind: 'financial', title: 'Tab\there, and U+FFFD \ufffd is fine' });
  assert.equal(ok.status, 201, ok.text);
  const bad = await api('PATCH', `${A}/requests/${ok.json.id}`, 'kenya', { title: 'Later \uffff' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.errors[0].field, 'title');
  const xlsx = await fetch(srv.base + '/assistance.xlsx');
  assert.equal(xlsx.status, 200);
});

test("a title with a bidi override (U+202E) is isolated in <bdi> on the Secretariat's desk, also in another request's duplicate note", async () => {
  const title = 'Bidi \u202Eoverride';
  const first = await api('POST', `${A}/requests`, 'kenya', { category: 'marking_recordkeeping', kind: 'training', title });
  assert.equal(first.status, 201, first.text);
  const second = await api('POST', `${A}/requests`, 'kenya', { category: 'marking_recordkeeping', kind: 'training', title: 'Plain twin' });
  assert.equal(second.status, 201, second.text);
  const unoda = (await login(srv.base, 'unoda', 'unoda-demo-2026')).cookie;
  const desk = await page('/desk/assistance?stage=received', unoda);
  assert.equal(desk.status, 200);
  const shown = desk.html.split(title).length - 1;
  assert.ok(shown >= 2, `the title and the duplicate note: ${shown}`);
  assert.equal(desk.html.split(`<bdi>${title}</bdi>`).length - 1, shown, 'every occurrence isolated');
  assert.match(desk.html, new RegExp(`<a href="/assistance/requests/${first.json.id}"><bdi>${title}</bdi></a>`));
  assert.match(desk.html, new RegExp(`#${first.json.id} <bdi>${title}</bdi> \\(Another open request of this State`));
  // the board's list too
  const board = await page('/assistance?state=KEN&category=marking_recordkeeping');
  assert.ok(board.html.includes(`<bdi>${title}</bdi>`));
});

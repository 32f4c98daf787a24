// The assistance pages (issue 10, items 3-5): the public needs board with its facets and downloads,
// a request's page with the offers that fit and why, a partner marking interest through the form,
// the State accepting, another State's focal point unable to answer, hostile text escaped, and no
// need of an unpublished report anywhere on the board.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, login } from './helpers.mjs';

let srv, kenya, donor, france;
before(async () => {
  srv = await startServer();
  kenya = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  donor = (await login(srv.base, 'donor', 'donor-demo-2026')).cookie;
  france = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const get = async (path, cookie) => {
  const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location'), type: r.headers.get('content-type') };
};
const csrfOf = html => html.match(/name="csrf" value="([^"]+)"/)[1];
// Post a form as a browser would: the CSRF token from the page the form is on.
const post = async (formPath, action, cookie, fields) => {
  const page = await get(formPath, cookie);
  const body = new URLSearchParams({ csrf: csrfOf(page.html) });
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  const r = await fetch(srv.base + action, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const rowIds = html => [...html.matchAll(/<th scope="row"><a href="\/assistance\/requests\/(\d+)">/g)].map(m => Number(m[1]));
const sql = q => execFileSync('sqlite3', ['-json', srv.db, q], { encoding: 'utf8' }).trim();

const HOSTILE = '<script>alert(1)</script> & "quotes" \u202Eevil';
let requestId, offerId;

test('the board lists open requests, one row per request, each linking to its page, with facets', async () => {
  const b = await get('/assistance');
  assert.equal(b.status, 200);
  assert.match(b.html, /<h1>Requests for assistance<\/h1>/);
  const ids = rowIds(b.html);
  assert.ok(ids.length > 100, `the demo has ~150 open requests (${ids.length})`);
  assert.equal(new Set(ids).size, ids.length, 'each request once');
  assert.match(b.html, /aria-current="page"[^>]*>Assistance|href="\/assistance" aria-current="page"/, 'Assistance in the navigation');
  for (const h of ['Category', 'Kind of assistance', 'Region', 'Cycle']) assert.match(b.html, new RegExp(`<h2>${h}</h2>`));
  // Every request shown is open or matched.
  const json = await (await fetch(srv.base + '/assistance.json')).json();
  assert.ok(json.every(r => r.status === 'open' || r.status === 'matched'));
  // A facet's count is the number of rows its link shows; facets combine.
  const facet = b.html.match(/<a href="(\/assistance\?category=([a-z_0-9]+))">[^<]+<\/a> <span class="count"><bdi>(\d+)<\/bdi>/);
  assert.ok(facet, 'a category facet with its count');
  const narrowed = await get(facet[1].replace(/&amp;/g, '&'));
  assert.equal(rowIds(narrowed.html).length, Number(facet[3]));
  const region = narrowed.html.match(/<a href="(\/assistance\?category=[a-z_0-9]+&amp;region=(\d{3}))">[^<]+<\/a> <span class="count"><bdi>(\d+)<\/bdi>/);
  assert.ok(region, 'a region facet keeping the category');
  const both = await get(region[1].replace(/&amp;/g, '&'));
  const bothIds = rowIds(both.html);
  assert.equal(bothIds.length, Number(region[3]));
  const bj = await (await fetch(srv.base + region[1].replace(/&amp;/g, '&').replace('/assistance?', '/assistance.json?'))).json();
  assert.ok(bj.every(r => r.category === facet[2] && (r.region === region[2] || r.subregion === region[2])), 'both filters apply');
  // A status filter: withdrawn and superseded are off the board by default.
  const any = await get('/assistance?status=any');
  assert.ok(rowIds(any.html).length >= ids.length);
  assert.equal((await get('/assistance?status=bogus')).status, 400);
});

test('the downloads hold the same rows as the board, in the same order', async () => {
  const path = '/assistance?region=002';
  const page = rowIds((await get(path)).html);
  assert.ok(page.length > 0);
  const json = await (await fetch(srv.base + '/assistance.json?region=002')).json();
  assert.deepEqual(json.map(r => r.id), page);
  assert.ok(json.every(r => r.url === `/assistance/requests/${r.id}`));
  const csv = await fetch(srv.base + '/assistance.csv?region=002');
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.match(lines[0], /^id,title,state,/);
  assert.equal(lines.length - 1, page.length);
  assert.deepEqual(lines.slice(1).map(l => Number(l.split(',')[0])), page);
  const xlsx = await fetch(srv.base + '/assistance.xlsx?region=002');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const page2 = await get('/assistance?region=002');
  for (const f of ['csv', 'xlsx', 'json']) assert.match(page2.html, new RegExp(`href="/assistance\\.${f}\\?region=002"`));
});

test("a draft's needs never appear on the board or in its downloads", async () => {
  const drafts = JSON.parse(sql("SELECT r.id, r.state_iso3 AS iso3, a.value FROM report r JOIN report_answer a ON a.report_id = r.id " +
                                "WHERE a.question = 'assist.needs' AND r.version = 0 AND json_array_length(a.value) > 0") || '[]');
  assert.ok(drafts.length > 0, 'the demo has unpublished reports with needs');
  const all = await (await fetch(srv.base + '/assistance.json?status=any')).json();
  const fromDrafts = all.filter(r => drafts.some(d => d.id === r.report));
  assert.deepEqual(fromDrafts, [], 'no request comes from an unpublished report');
  // Their words are nowhere on the board of their State either.
  const d = drafts.find(x => !all.some(r => r.state === x.iso3)) || drafts[0];
  const need = JSON.parse(d.value)[0];
  const sentence = need.description.split('. ')[0];
  const board = await get(`/assistance?state=${d.iso3}&status=any`);
  assert.equal(board.status, 200);
  assert.ok(!board.html.includes(sentence.replace(/&/g, '&amp;').replace(/'/g, '&#39;')) || all.some(r => r.state === d.iso3 && r.title === sentence),
    `"${sentence}" of unpublished report ${d.id} is not on the board`);
});

test('a focal point files a request: errors in the summary, linked to fields; then filed, hostile text escaped', async () => {
  const bad = await post('/assistance/requests/new', '/assistance/requests/new', kenya,
    { category: '', kind: 'training', title: '', estimated_cost: 'lots', period_start: '2027-13', languages: 'en' });
  assert.equal(bad.status, 422);
  assert.match(bad.html, /<title>Error: /);
  const summary = bad.html.match(/<div class="error-summary"[\s\S]*?<\/div>/)[0];
  const links = [...summary.matchAll(/href="#([^"]+)"/g)].map(m => m[1]);
  for (const f of ['f-category', 'f-title', 'f-estimated_cost', 'f-period_start']) assert.ok(links.includes(f), `${f} in ${links}`);
  for (const l of links) assert.match(bad.html, new RegExp(`id="${l}"`), `#${l} exists`);
  assert.match(bad.html, /id="f-estimated_cost"[^>]*aria-describedby="f-estimated_cost-hint f-estimated_cost-error"[^>]*aria-invalid="true"|aria-describedby="f-estimated_cost-hint f-estimated_cost-error" aria-invalid="true"/);
  assert.match(bad.html, /value="lots"/, 'the values are kept');
  assert.match(bad.html, /<option value="training" selected>/);

  const ok = await post('/assistance/requests/new', '/assistance/requests/new', kenya, {
    category: 'stockpile', kind: 'training', title: 'Armoury training ' + HOSTILE, description: HOSTILE,
    estimated_cost: '120,000', period_start: '2027-03', period_end: '2028-02', in_plan: 'yes', languages: ['en', 'fr'],
  });
  assert.equal(ok.status, 303);
  requestId = Number(ok.location.match(/\/assistance\/requests\/(\d+)/)[1]);
  const page = await get(ok.location);
  assert.equal(page.status, 200);
  assert.ok(!page.html.includes('<script>alert'), 'hostile text escaped');
  assert.match(page.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
  assert.match(page.html, /<a href="\/states\/KEN">Kenya<\/a>/);
  assert.match(page.html, /<bdi>120,000\u00A0USD<\/bdi>/);
  assert.match(page.html, /<a href="\/documents\/poa#II\.\d+"><bdi dir="ltr">PoA II\.\d+<\/bdi><\/a>/, 'paragraphs link to the PoA text');
  assert.match(page.html, /Filed outside a report/);
  assert.match(page.html, /class="tag tag-assist-open">Open</);
  // The board shows it, escaped.
  const board = await get('/assistance?state=KEN');
  assert.equal(rowIds(board.html)[0], requestId);   /* the newest first; the demo's Kenyan requests after it */
  assert.ok(!board.html.includes('<script>alert'));
  // Another State's focal point may not change it.
  assert.equal((await get(`/assistance/requests/${requestId}/edit`, france)).status, 403);
  const edit = await get(`/assistance/requests/${requestId}/edit`, kenya);
  assert.equal(edit.status, 200);
  assert.match(edit.html, /value="120000"/);
});

test('a partner records an offer and the request shows it first, with reasons by text and icon', async () => {
  const bad = await post('/assistance/offers/new', '/assistance/offers/new', donor,
    { title: '', budget_min: '500000', budget_max: '50000', regions: '014' });
  assert.equal(bad.status, 422);
  assert.match(bad.html, /href="#f-title"/);
  assert.match(bad.html, /href="#f-budget_max"/);
  assert.match(bad.html, /name="regions" value="014" checked/);
  const ok = await post('/assistance/offers/new', '/assistance/offers/new', donor, {
    title: 'Stockpile training for Eastern Africa ' + HOSTILE, categories: 'stockpile', kinds: 'training', regions: '014',
    budget_min: '50000', budget_max: '500000', period_start: '2027-01', period_end: '2028-12', languages: ['en', 'fr'],
    contact: 'donor@example.org', contact_public: '1',
  });
  assert.equal(ok.status, 303);
  offerId = Number(ok.location.match(/\/assistance\/offers\/(\d+)/)[1]);
  const offer = await get(ok.location);
  assert.ok(!offer.html.includes('<script>alert'));
  assert.match(offer.html, new RegExp(`href="/assistance/requests/${requestId}"`), 'the offer lists the request');
  const page = await get(`/assistance/requests/${requestId}`);
  const first = page.html.match(/<ol class="matches"><li><h3><a href="\/assistance\/offers\/(\d+)">/);
  assert.equal(Number(first[1]), offerId, 'the new offer is the best match');
  assert.match(page.html, /<li class="fits"><span class="icon" aria-hidden="true">✓<\/span> <strong>Fits:<\/strong> Same category: Stockpile management/);
  assert.match(page.html, /Serves Eastern Africa/);
  assert.match(page.html, /<li class="misfit"><span class="icon" aria-hidden="true">✗<\/span> <strong>Does not fit:<\/strong>/);
  // Another partner's offer cannot be changed: the donor may not edit a State's offer.
  const other = JSON.parse(sql(`SELECT id FROM offer WHERE partner_id <> (SELECT partner_id FROM user WHERE username = 'donor') LIMIT 1`))[0].id;
  assert.equal((await get(`/assistance/offers/${other}/edit`, donor)).status, 403);
  // The workspace: the offer with its best requests.
  const acc = await get('/account', donor);
  assert.match(acc.html, /Your offers of assistance/);
  assert.match(acc.html, new RegExp(`href="/assistance/offers/${offerId}"`));
  // The title is marked with its language (the first the State works in: en).
  assert.match(acc.html, new RegExp(`<ol><li><a href="/assistance/requests/${requestId}" lang="en" dir="auto">`), 'its best request first');
  const fit = await get('/account?category=stockpile&region=002', donor);
  assert.match(fit.html, new RegExp(`<th scope="row"><a href="/assistance/requests/${requestId}" lang="en" dir="auto">`));
  assert.match(fit.html, /<option value="stockpile" selected>/);
});

test('a partner marks interest through the form; the public sees a count; Kenya accepts; France sees no Accept', async () => {
  const form = await get(`/assistance/requests/${requestId}`, donor);
  assert.match(form.html, /<form method="post" class="stack" action="\/assistance\/requests\/\d+\/interest">/);
  assert.match(form.html, new RegExp(`<option value="${offerId}">`));
  const r = await post(`/assistance/requests/${requestId}`, `/assistance/requests/${requestId}/interest`, donor,
    { note: 'We train armourers ' + HOSTILE, offer: String(offerId) });
  assert.equal(r.status, 303);
  assert.match(r.location, /done=interest/);
  // The public: a count, no names, no buttons.
  const pub = await get(`/assistance/requests/${requestId}`);
  assert.match(pub.html, /1 partner has marked interest\./);
  assert.ok(!pub.html.includes('Demo donor agency</th>'));
  assert.ok(!pub.html.includes('/answer"'));
  // Another State's focal point: no Accept, and the answer is refused.
  const fr = await get(`/assistance/requests/${requestId}`, france);
  assert.ok(!fr.html.includes('>Accept<'), 'France sees no Accept');
  const frPost = await post(`/assistance/requests/${requestId}`, `/assistance/requests/${requestId}/answer`, france,
    { partner: 'p6', answer: 'accept' });
  assert.equal(frPost.status, 403);
  // Kenya: the name, the note escaped, Accept and Decline; and the account page says what waits.
  const ken = await get(`/assistance/requests/${requestId}`, kenya);
  assert.match(ken.html, /<th scope="row">Demo donor agency<\/th>/);
  assert.ok(!ken.html.includes('<script>alert'));
  const partner = ken.html.match(/name="partner" value="([^"]+)"><input type="hidden" name="answer" value="accept">/)[1];
  const acc = await get('/account', kenya);
  assert.match(acc.html, /Your State&#39;s requests for assistance|Your State's requests for assistance/);
  const waiting = Number((acc.html.match(/(\d+) interests? awaits? your answer/) || [])[1]);
  assert.ok(waiting >= 1, 'the account page says how many interests wait');   /* the demo's two, and this one */
  const yes = await post(`/assistance/requests/${requestId}`, `/assistance/requests/${requestId}/answer`, kenya, { partner, answer: 'accept' });
  assert.equal(yes.status, 303);
  assert.match(yes.location, /done=accepted/);
  const after = await get(yes.location, kenya);
  assert.match(after.html, /class="tag tag-assist-accepted">Accepted</);
  assert.match(after.html, /class="tag tag-assist-matched">Matched</);
  // Once answered, the partner cannot silently ask again: the page offers only to withdraw, and a new mark is refused.
  const answered = await get(`/assistance/requests/${requestId}`, donor);
  assert.ok(!answered.html.includes('>Mark interest<') && !answered.html.includes('>Update your interest<'));
  assert.match(answered.html, /name="withdraw" value="1"><button type="submit" class="button-warning">Withdraw your interest/);
  const again = await post(`/assistance/requests/${requestId}`, `/assistance/requests/${requestId}/interest`, donor, { note: 'again' });
  assert.equal(again.status, 409);
  const still = await get(`/assistance/requests/${requestId}`, kenya);
  assert.match(still.html, /class="tag tag-assist-accepted">Accepted</);
  // The partner sees the State's answer in its workspace.
  const ws = await get('/account', donor);
  assert.match(ws.html, new RegExp(`href="/assistance/requests/${requestId}" lang="en" dir="auto">(?:<bdi>)?[^<]*(?:</bdi>)?</a> — Kenya <strong class="tag tag-assist-accepted">Accepted`));
});

test("the State page lists the State's open requests and its offers", async () => {
  const ken = await get('/states/KEN');
  assert.match(ken.html, /<h2 id="assistance">Assistance<\/h2>/);
  assert.match(ken.html, new RegExp(`href="/assistance/requests/${requestId}"`));
  const offerState = JSON.parse(sql("SELECT p.state_iso3 AS iso3, o.id FROM offer o JOIN partner p ON p.id = o.partner_id " +
                                    "WHERE p.state_iso3 IS NOT NULL AND o.status = 'open' LIMIT 1"))[0];
  const st = await get(`/states/${offerState.iso3}`);
  assert.match(st.html, new RegExp(`href="/assistance/offers/${offerState.id}"`));
});

test('Arabic: numbers and codes isolated, the page mirrored', async () => {
  const r = await fetch(srv.base + `/assistance/requests/${requestId}?lang=ar`);
  const html = await r.text();
  assert.match(html, /<html lang="ar" dir="rtl"/);
  assert.match(html, /<bdi>[\u0660-\u0669٬]+\u00A0USD<\/bdi>/, 'the cost in Arabic digits, isolated');
  assert.match(html, /<bdi dir="ltr">PoA II\.\d+<\/bdi>/);
});

test('who may open the forms', async () => {
  assert.equal((await get('/assistance/requests/new', donor)).status, 403);
  assert.equal((await get('/assistance/offers/new', kenya)).status, 403);
  assert.equal((await get('/assistance/requests/new')).status, 303, 'the public is sent to sign in');
  assert.equal((await get('/assistance/requests/999999')).status, 404);
});

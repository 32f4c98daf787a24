// Joint baseline assessments (issue 11, item 3): the API (POST /api/v1/assistance/requests/{id}/baseline,
// GET/PATCH /api/v1/baselines/{id}) and the pages (/baselines/{id}, a party's side form with the
// error summary and "check your answers", publication, completion, the section of the request
// page): 201/200/403/404/409/422, a non-party never sees one that is not public, public once the
// State and every partner agree, and the demo's public assessment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, login } from './helpers.mjs';

let srv, tokens = {}, cookies = {};
before(async () => {
  srv = await startServer();
  cli(['user', 'add', '--db', srv.db, '--username', 'ngo', '--role', 'partner', '--org', 'Small Arms NGO'], 'Amber tortoise violin 9\n');
  for (const u of ['admin', 'unoda', 'kenya', 'france', 'donor', 'ngo']) tokens[u] = srv.token(u);
  for (const u of ['unoda', 'kenya', 'donor', 'france']) cookies[u] = (await login(srv.base, u, `${u}-demo-2026`)).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const auth = u => (u ? { Authorization: 'Bearer ' + tokens[u] } : {});
const api = async (method, path, u, body) => {
  const r = await fetch(srv.base + path, {
    method, headers: { ...auth(u), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const t = await r.text();
  let json = null;
  try { json = JSON.parse(t); } catch { /* not JSON */ }
  return { status: r.status, json, text: t, location: r.headers.get('location') };
};
const page = async (path, u) => {
  const r = await fetch(srv.base + path, { headers: u ? { Cookie: cookies[u] } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const csrfOf = html => html.match(/name="csrf" value="([^"]+)"/)[1];
const post = async (formPath, action, u, fields) => {
  const p = await page(formPath, u);
  const body = new URLSearchParams({ csrf: csrfOf(p.html) });
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  const r = await fetch(srv.base + action, {
    method: 'POST', redirect: 'manual', body, headers: { Cookie: cookies[u], 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};

let demoId, demoRequest, requestId, id;

test('the demo has one public assessment of a Kenyan request, both sides in two categories, synthetic', async () => {
  const requests = (await api('GET', '/api/v1/assistance/requests?state=KEN')).json.requests;
  // Its request page links to it, for everyone (it is public).
  for (const r of requests) {
    const p = await page(`/assistance/requests/${r.id}`);
    const m = p.html.match(/href="\/baselines\/(\d+)"/);
    if (m) { demoId = Number(m[1]); demoRequest = r.id; break; }
  }
  assert.ok(demoId, 'a Kenyan request page links to the demo assessment');
  const b = await api('GET', `/api/v1/baselines/${demoId}`);
  assert.equal(b.status, 200);
  assert.equal(b.json.public, true);
  assert.equal(b.json.synthetic, true);
  assert.equal(b.json.request.state, 'KEN');
  assert.deepEqual(b.json.parties.map(p => p.agrees_public), [true, true]);
  assert.equal(b.json.parties[1].code, 'demo-donor-agency');
  assert.deepEqual([...new Set(b.json.findings.map(f => f.category))].sort(), ['marking_recordkeeping', 'stockpile']);
  assert.deepEqual([...new Set(b.json.findings.map(f => f.party))].sort(), [0, b.json.parties[1].party].sort());
  const p = await page(`/baselines/${demoId}`);
  assert.equal(p.status, 200);
  assert.match(p.html, /synthetic/);
  assert.match(p.html, /<th scope="col">Kenya<\/th><th scope="col">Demo donor agency<\/th>/, 'the sides side by side');
  assert.doesNotMatch(p.html, /Record your side|Complete the assessment/, 'no forms for the public');
});

test('the Secretariat opens one (201); others may not (403); bad input 422; a closed request 409', async () => {
  // Kenya files a request of its own for this test (the demo's Kenyan request has the demo's assessment).
  const filed = await api('POST', '/api/v1/assistance/requests', 'kenya', { category: 'stockpile', kind: 'training', title: 'Armoury staff' });
  assert.equal(filed.status, 201, filed.text);
  requestId = filed.json.id;
  assert.equal((await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'kenya', { partners: ['demo-donor-agency'] })).status, 403);
  assert.equal((await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'donor', { partners: ['demo-donor-agency'] })).status, 403);
  assert.equal((await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, null, { partners: ['demo-donor-agency'] })).status, 401);
  const bad = await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'unoda', { partners: ['nobody'], note: 3, colour: 'red' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.error.errors.map(e => e.field).sort(), ['colour', 'note', 'partners']);
  assert.equal((await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'unoda', { partners: [] })).status, 422);
  assert.equal((await api('POST', '/api/v1/assistance/requests/99999999/baseline', 'unoda', { partners: ['demo-au'] })).status, 404);
  const superseded = (await api('GET', '/api/v1/assistance/requests?status=superseded')).json.requests[0];
  const closed = await api('POST', `/api/v1/assistance/requests/${superseded.id}/baseline`, 'unoda', { partners: ['demo-au'] });
  assert.equal(closed.status, 409);
  assert.match(closed.json.error.message, /closed, completed, withdrawn or superseded/);
  const made = await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'unoda',
    { partners: ['demo-donor-agency'], note: 'Stockpiles first.' });
  assert.equal(made.status, 201, made.text);
  id = made.json.id;
  assert.equal(made.location, `/api/v1/baselines/${id}`);
  assert.equal(made.json.status, 'open');
  assert.equal(made.json.public, false);
  assert.equal(made.json.note, 'Stockpiles first.');
  assert.deepEqual(made.json.parties.map(p => p.code), ['KEN', 'demo-donor-agency']);
  assert.equal(made.json.may.complete, true);
  // One under way at a time.
  assert.equal((await api('POST', `/api/v1/assistance/requests/${requestId}/baseline`, 'unoda', { partners: ['demo-au'] })).status, 409);
});

test('a non-party cannot see it: 404 in the API and on its page, no mention on the request page', async () => {
  for (const u of [null, 'france', 'ngo']) assert.equal((await api('GET', `/api/v1/baselines/${id}`, u)).status, 404, String(u));
  for (const u of ['kenya', 'donor', 'unoda', 'admin']) assert.equal((await api('GET', `/api/v1/baselines/${id}`, u)).status, 200, u);
  assert.equal((await page(`/baselines/${id}`)).status, 404);
  assert.equal((await page(`/baselines/${id}`, 'france')).status, 404);
  for (const u of [null, 'france']) {
    const p = await page(`/assistance/requests/${requestId}`, u);
    assert.equal(p.status, 200);
    assert.doesNotMatch(p.html, /Joint baseline assessments|\/baselines\//, String(u));
  }
  for (const u of ['unoda', 'kenya', 'donor']) assert.match((await page(`/assistance/requests/${requestId}`, u)).html, new RegExp(`href="/baselines/${id}"`), u);
  // A non-party's change is a 404 too; the Secretariat may not write a side (403).
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'ngo', { public: true })).status, 404);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'unoda', { findings: [] })).status, 403);
});

test('PATCH: each side its own findings, each field only for who may set it, 422 by field', async () => {
  let r = await api('PATCH', `/api/v1/baselines/${id}`, 'kenya',
    { findings: [{ category: 'stockpile', findings: 'Doors missing', needs: 'Doors', capacities: 'A unit' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.may.side, 0);
  r = await api('PATCH', `/api/v1/baselines/${id}`, 'donor', { findings: [{ category: 'stockpile', findings: '<b>Confirmed</b>' }] });
  assert.equal(r.status, 200);
  const donorSide = r.json.may.side;
  assert.ok(donorSide > 0);
  assert.deepEqual(r.json.findings.map(f => [f.party, f.findings]), [[0, 'Doors missing'], [donorSide, '<b>Confirmed</b>']]);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'donor', { summary: 'mine' })).status, 403);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'kenya', { status: 'completed' })).status, 403);
  const bad = await api('PATCH', `/api/v1/baselines/${id}`, 'donor',
    { findings: [{ category: 'nope' }, { category: 'stockpile', needs: 'x'.repeat(5001) }], public: 'yes', other: 1 });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.error.errors.map(e => e.field).sort(),
    ['findings[0].category', 'findings[1].needs', 'other', 'public']);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'donor', {})).status, 422);
  const nosum = await api('PATCH', `/api/v1/baselines/${id}`, 'unoda', { status: 'completed' });
  assert.equal(nosum.status, 422);
  assert.equal(nosum.json.error.errors[0].field, 'summary');
  assert.equal((await api('PATCH', '/api/v1/baselines/99999999', 'unoda', { summary: 'x' })).status, 404);
  const page_ = await page(`/baselines/${id}`, 'kenya');
  assert.match(page_.html, /&lt;b&gt;Confirmed&lt;\/b&gt;/, 'text escaped');
});

test('public only when the State and every partner agree; a change of findings asks again', async () => {
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'kenya', { public: true })).status, 200);
  assert.equal((await api('GET', `/api/v1/baselines/${id}`)).status, 404, 'the partner has not agreed');
  const r = await api('PATCH', `/api/v1/baselines/${id}`, 'donor', { public: true });
  assert.equal(r.json.public, true);
  const pub = await api('GET', `/api/v1/baselines/${id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json.may.side, null);
  assert.match((await page(`/assistance/requests/${requestId}`)).html, new RegExp(`href="/baselines/${id}"`));
  // Kenya changes its findings: the partner agreed to other findings, so it is shared between the parties again.
  const changed = await api('PATCH', `/api/v1/baselines/${id}`, 'kenya', { findings: [{ category: 'stockpile', findings: 'Doors and locks missing' }] });
  assert.equal(changed.json.public, false);
  assert.deepEqual(changed.json.parties.map(p => p.agrees_public), [true, false]);
  assert.equal((await api('GET', `/api/v1/baselines/${id}`)).status, 404);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'donor', { public: true })).json.public, true);
});

test('pages: a party records its side (error summary, check your answers, saved), agrees, the Secretariat completes', async () => {
  const form = await page(`/baselines/${id}/side`, 'donor');
  assert.equal(form.status, 200);
  assert.match(form.html, /Record your side/);
  assert.equal((await page(`/baselines/${id}/side`, 'unoda')).status, 403);
  assert.equal((await page(`/baselines/${id}/side`, 'france')).status, 403, 'public now, so France sees it, but writes no side');
  const blocks = Number(form.html.match(/name="blocks" value="(\d+)"/)[1]);
  assert.ok(blocks >= 2, 'the stockpile block and one to add a category');
  const last = blocks - 1;
  // A new category with text too long: the error summary links to the field, the values are kept.
  let r = await post(`/baselines/${id}/side`, `/baselines/${id}/side`, 'donor', {
    blocks: String(blocks), 'category-0': 'stockpile', 'fixed-0': '1', 'findings-0': 'Confirmed again',
    [`category-${last}`]: 'gender', [`needs-${last}`]: 'y'.repeat(5001), action: 'check',
  });
  assert.equal(r.status, 422);
  assert.match(r.html, /<title>Error: /);
  assert.match(r.html, new RegExp(`class="error-summary"[\\s\\S]*href="#f-needs-${last}"`));
  assert.match(r.html, /Confirmed again/);
  // Valid: the check page lists what will be saved, nothing is saved yet.
  const fields = {
    blocks: String(blocks), 'category-0': 'stockpile', 'fixed-0': '1', 'findings-0': 'Confirmed again',
    [`category-${last}`]: 'gender', [`needs-${last}`]: 'Women police officers trained',
  };
  r = await post(`/baselines/${id}/side`, `/baselines/${id}/side`, 'donor', { ...fields, action: 'check' });
  assert.equal(r.status, 200);
  assert.match(r.html, /Check your findings before saving them/);
  assert.match(r.html, /Women police officers trained/);
  assert.match(r.html, /value="change"/);
  assert.ok(!(await api('GET', `/api/v1/baselines/${id}`, 'donor')).json.findings.some(f => f.category === 'gender'));
  r = await post(`/baselines/${id}/side`, `/baselines/${id}/side`, 'donor', { ...fields, action: 'save' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/baselines/${id}?done=saved`);
  const after_ = (await api('GET', `/api/v1/baselines/${id}`, 'donor')).json;
  assert.ok(after_.findings.some(f => f.category === 'gender' && f.needs === 'Women police officers trained' && f.party === after_.may.side));
  // Agree to publish through the page's button.
  r = await post(`/baselines/${id}`, `/baselines/${id}/publish`, 'kenya', { agree: '1' });
  assert.equal(r.status, 303);
  assert.equal((await api('GET', `/api/v1/baselines/${id}`)).status, 200, 'public again: both agree');
  // The Secretariat completes: an empty summary is refused with the error summary.
  r = await post(`/baselines/${id}`, `/baselines/${id}/complete`, 'unoda', { summary: '' });
  assert.equal(r.status, 422);
  assert.match(r.html, /href="#f-summary"/);
  assert.equal((await post(`/baselines/${id}`, `/baselines/${id}/complete`, 'kenya', { summary: 'x' })).status, 403);
  r = await post(`/baselines/${id}`, `/baselines/${id}/complete`, 'unoda', { summary: 'Both sides agree: armouries first.' });
  assert.equal(r.status, 303);
  const done = await page(`/baselines/${id}?done=completed`, 'kenya');
  assert.match(done.html, /Both sides agree: armouries first\./);
  assert.doesNotMatch(done.html, /Record your side/);
  assert.equal((await page(`/baselines/${id}/side`, 'kenya')).status, 409);
  assert.equal((await api('PATCH', `/api/v1/baselines/${id}`, 'kenya', { findings: [] })).status, 409);
});

test('pages: the Secretariat opens one from the request page; a refused form comes back with its errors', async () => {
  const open = (await api('GET', '/api/v1/assistance/requests?state=FRA&status=open')).json.requests
    .concat((await api('GET', '/api/v1/assistance/requests?status=open')).json.requests);
  const rid = open.find(r => r.id !== requestId && r.id !== demoRequest).id;
  const p = await page(`/assistance/requests/${rid}`, 'unoda');
  assert.match(p.html, /Open a joint baseline assessment/);
  assert.match(p.html, /name="partners" value="demo-donor-agency"/);
  assert.doesNotMatch((await page(`/assistance/requests/${rid}`, 'kenya')).html, /Open a joint baseline assessment/);
  let r = await post(`/assistance/requests/${rid}`, `/assistance/requests/${rid}/baseline`, 'unoda', { note: 'kept' });
  assert.equal(r.status, 422);
  assert.match(r.html, /href="#f-partners"/);
  assert.match(r.html, />kept</);
  r = await post(`/assistance/requests/${rid}`, `/assistance/requests/${rid}/baseline`, 'unoda', { partners: ['demo-au', 'demo-nor'] });
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/baselines\/\d+\?done=opened$/);
  assert.equal((await page(r.location, 'unoda')).status, 200);
  assert.equal((await page(`/assistance/requests/${rid}/baseline`, 'donor')).status, 403);
});
